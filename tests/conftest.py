"""Shared fixtures: paths to the bundled sample data and a scratch folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_data"


@pytest.fixture
def samples() -> Path:
    """The bundled sample_data folder."""
    return SAMPLES


# No progress bars in tests (they would write to the captured stderr).
os.environ.setdefault("CLIENTMIG_PROGRESS", "0")
