"""Between stages, the only private (``_``) columns are the lineage ones declared in
``clientmig.lineage``: a stage's scratch columns never leave it."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import clientmig as cm
from clientmig.lineage import LINEAGE

SAMPLES = Path(__file__).parents[2] / "sample_data"
FILES = [
    "belgian_clients.csv",
    "karbon_messy.xlsx",
    "google_contacts.csv",
    "outlook_contacts.csv",
    "quickbooks_customers.csv",
    "adminpulse_relaties.xlsx",
]


def _private(frame: pl.DataFrame) -> list[str]:
    return sorted(c for c in frame.columns if c.startswith("_") and c not in LINEAGE)


@pytest.mark.parametrize("name", FILES)
def test_only_lineage_crosses_stages(name: str) -> None:
    raw = cm.read(SAMPLES / name)
    assert _private(raw) == []
    mapping = cm.suggest_mapping(raw, "karbon")
    mapped = mapping.apply(raw)
    assert _private(mapped) == []
    cleaned = cm.clean(mapped, columns=mapping.column_of())
    assert _private(cleaned.frame) == []
    report = cm.validate(cleaned.frame, "karbon", issues=cleaned.issues)
    assert _private(report.frame) == []
    fixed, fixes = report.accept()
    assert _private(fixed) == []
    replayed, _ = cm.apply_fixes(report.frame, fixes)
    assert _private(replayed) == []


def test_extra_addresses_of_an_email_cell_leave_clean_as_email_additional() -> None:
    raw = cm.read(b"Voornaam,Naam,E-mail\nJan,Peeters,jan@x.be; jp@y.be\nAn,Smet,an@z.be\n")
    mapping = cm.suggest_mapping(raw, "karbon")
    cleaned = cm.clean(mapping.apply(raw), columns=mapping.column_of())
    assert _private(cleaned.frame) == []
    assert cleaned.frame.get_column("email").to_list() == ["jan@x.be", "an@z.be"]
    assert cleaned.frame.get_column("email_additional").to_list() == ["jp@y.be", None]
