"""Shared fixtures: paths to the bundled sample data, a scratch folder, and a frozen clock.

No test may depend on the day, time zone or locale it runs in: the whole suite runs with the
clock frozen at :data:`FROZEN_TODAY` (time-machine, ticking from there so timeouts still work),
in UTC, with a fixed C.UTF-8 locale. Tests about "today" import :data:`FROZEN_TODAY` or travel
to dates of their own.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_data"

# A fixed "today" for the suite: mid-month, mid-year, so that nothing sits on a boundary by chance.
FROZEN_TODAY = dt.date(2026, 6, 15)
_FROZEN_AT = dt.datetime(2026, 6, 15, 10, 30, tzinfo=dt.UTC)

# Same time zone and locale on every machine (subprocesses inherit them).
os.environ["TZ"] = "UTC"
os.environ["LC_ALL"] = "C.UTF-8"
os.environ["LANG"] = "C.UTF-8"
time.tzset()

# Hypothesis draws the same examples on every run, so the suite's verdict is the same on every
# machine and day; HYPOTHESIS_PROFILE=explore draws fresh ones to look for new failures.
# No test depends on the machine's speed: no deadline, no "too slow" health check (a loaded CI
# machine would otherwise fail a test that is right).
settings.register_profile(
    "deterministic",
    derandomize=True,
    database=None,  # the same examples here as on a fresh CI clone
    print_blob=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("explore", derandomize=False, max_examples=500, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))

# No progress bars in tests (they would write to the captured stderr).
os.environ.setdefault("CLIENTMIG_PROGRESS", "0")


@pytest.fixture(autouse=True)
def _frozen_clock() -> Iterator[None]:
    """Every test runs on :data:`FROZEN_TODAY` (the clock ticks on from 10:30 UTC)."""
    with time_machine.travel(_FROZEN_AT, tick=True):
        yield


@pytest.fixture
def samples() -> Path:
    """The bundled sample_data folder."""
    return SAMPLES
