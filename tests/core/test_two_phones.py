"""Two numbers in one phone cell: the first is imported, the second is named, neither lost."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import clientmig as cm
from clientmig import lineage
from clientmig.mapping.cell_split import split_cells


@pytest.mark.parametrize(
    ("cell", "first", "second"),
    [
        ("0475 12 34 56 / 0476 98 76 54", "0475 12 34 56", "0476 98 76 54"),
        ("0475 12 34 56 of 09 233 45 67", "0475 12 34 56", "09 233 45 67"),
        ("+33 6 12 34 56 78; +32 475 12 34 56", "+33 6 12 34 56 78", "+32 475 12 34 56"),
        ("0475/12.34.56", "0475/12.34.56", None),  # one number written with slashes
        ("0475 / 12 34 56", "0475 / 12 34 56", None),  # one number with a spaced slash
    ],
)
def test_split(cell: str, first: str, second: str | None) -> None:
    out = split_cells(pl.DataFrame({"phone_mobile": [cell]}), {"phone_mobile"})
    assert out["phone_mobile"].to_list() == [first]
    got = out["phone_additional"].to_list() if "phone_additional" in out.columns else [None]
    assert got == [second]


def test_first_number_is_imported_and_the_second_named() -> None:
    frame = lineage.ensure_lineage(
        pl.DataFrame(
            {"Naam": ["Peeters"], "Voornaam": ["Jan"], "GSM": ["0475 12 34 56 / 0476 98 76 54"]}
        )
    )
    mapping = cm.suggest_mapping(frame, "karbon")
    cleaned = cm.clean(mapping.apply(frame), columns=mapping.column_of())
    report = cm.validate(cleaned.frame, "karbon", issues=cleaned.issues)
    assert report.valid["phone_mobile"].to_list() == ["+32475123456"]
    flags = report.issues.filter(pl.col("severity") != "info")
    assert flags.is_empty(), flags.rows()
    named = report.issues.filter(pl.col("code") == "export.not_carried")["value"].to_list()
    assert named == ["0476 98 76 54"]


def test_the_second_number_is_reported_under_the_cells_own_header(tmp_path: Path) -> None:
    source = tmp_path / "two.csv"
    source.write_text("Voornaam,Naam,GSM\nJan,Peeters,0475 12 34 56 / 0476 98 76 54\n")
    read = cm.read_table(source)
    mapping = cm.suggest_mapping(read.frame, "karbon")
    assert mapping.column_of()["phone_additional"] == "GSM"
    report = cm.validate(
        cm.clean(mapping.apply(read.frame), columns=mapping.column_of()).frame,
        "karbon",
        columns=mapping.column_of(),
    )
    carried = report.issues.filter(pl.col("field") == "phone_additional")
    assert carried["column"].unique().to_list() == ["GSM"]
