"""Every written import file, read back with clientmig.read, validates against its target.

The sample exports go through the main job for each platform; each file it writes is read back,
mapped by the platform's own headers, cleaned and validated against its table: no errors.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import clientmig
from clientmig.cleaning import clean
from clientmig.export.safety import is_formula_like
from clientmig.io import read_workbook_tables
from clientmig.mapping import suggest_mapping
from clientmig.pipeline import Recipe, run
from clientmig.target_schemas import platform
from clientmig.validation import validate
from tests.conftest import SAMPLES

INPUTS = {
    "karbon": ["karbon_messy.xlsx"],
    "taxdome": ["google_contacts.csv"],
    "accounton": ["belgian_clients.csv"],
    "sitee": ["outlook_contacts.csv"],
    "debitoor": ["belgian_clients.csv"],
    "xpm": ["quickbooks_customers.csv"],
    "canonical": ["belgian_clients.csv"],
}


def _recipe(name: str) -> Recipe:
    if name == "karbon":
        return Recipe.load(SAMPLES / "karbon_recipe.json")
    return Recipe(target=name)


def _tables(out: Path, name: str) -> dict[str, pl.DataFrame]:
    plat = platform(name)
    if plat.format == "xlsx":
        book = read_workbook_tables(out / f"{plat.file}.xlsx")
        return {t.table: book[t.sheet or t.title].frame for t in plat.tables}
    tables = {}
    for t in plat.tables:
        stem = plat.file if len(plat.tables) == 1 else f"{plat.file}_{t.table}"
        parts = sorted(out.glob(f"{stem}*.csv"))
        parts = [p for p in parts if not p.name.endswith("_rejected.csv")]
        tables[t.table] = pl.concat([clientmig.read(p) for p in parts], how="vertical")
    return tables


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_written_files_validate_clean(name: str, tmp_path: Path) -> None:
    result = run(_recipe(name), [SAMPLES / f for f in INPUTS[name]], out=tmp_path, force=True)
    assert result.export is not None
    assert sum(t.create for t in result.export.tables) > 0
    for table, frame in _tables(tmp_path, name).items():
        t = platform(name).table(table)
        if frame.is_empty():
            continue
        mapping = suggest_mapping(frame, t)
        exact = [r for r in mapping.rules if r.action == "sync"]
        assert len(exact) == frame.width - 3, (table, mapping.to_text())
        cleaned = clean(mapping.apply(frame), t, columns=mapping.column_of())
        report = validate(cleaned.frame, t, issues=cleaned.issues, columns=mapping.column_of())
        errors = report.issues.filter(pl.col("severity") == "error")
        assert errors.is_empty(), (table, errors.select("row", "column", "code", "value").rows())


def test_no_formula_reaches_a_written_cell(tmp_path: Path) -> None:
    run(_recipe("karbon"), [SAMPLES / "karbon_messy.xlsx"], out=tmp_path, force=True)
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "karbon_import.xlsx")
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
                if is_formula_like(cell.value if isinstance(cell.value, str) else None):
                    assert cell.quotePrefix, (ws.title, cell.coordinate, cell.value)


def test_existing_files_are_not_overwritten_without_force(tmp_path: Path) -> None:
    run(Recipe(target="sitee"), [SAMPLES / "outlook_contacts.csv"], out=tmp_path)
    with pytest.raises(clientmig.errors.ExportError, match="force"):
        run(Recipe(target="sitee"), [SAMPLES / "outlook_contacts.csv"], out=tmp_path)
