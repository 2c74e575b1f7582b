"""A Belgian relation list writes the address in columns (Straat, Huisnummer, Bus): the house
number and the box reach the import with their street, never dropped without a word."""

from __future__ import annotations

from pathlib import Path

import polars as pl

import clientmig as cm
from clientmig import lineage


def _streets(columns: dict[str, list[str | None]]) -> list[str | None]:
    frame = lineage.ensure_lineage(pl.DataFrame(columns))
    mapping = cm.suggest_mapping(frame, "karbon")
    return mapping.apply(frame)["street"].to_list()


def test_dutch_columns_make_one_street() -> None:
    streets = _streets(
        {
            "Naam": ["Peeters", "Maes", "Claes", "Wouters"],
            "Straat": ["Kerkstraat", "Meir", "Kouter 7", "Veldstraat"],
            "Huisnummer": ["12", "5", "7", None],
            "Bus": ["3", None, "b2", "4"],
        }
    )
    assert streets == ["Kerkstraat 12 bus 3", "Meir 5", "Kouter 7 b2", "Veldstraat"]


def test_french_box_keeps_its_word() -> None:
    streets = _streets(
        {
            "Nom": ["Dubois"],
            "Rue": ["Rue de la Loi"],
            "Numéro de maison": ["16"],
            "Boîte": ["5"],
        }
    )
    assert streets == ["Rue de la Loi 16 bte 5"]


def test_house_number_reaches_the_import(tmp_path: Path) -> None:
    frame = lineage.ensure_lineage(
        pl.DataFrame(
            {
                "Naam": ["Peeters"],
                "Voornaam": ["Jan"],
                "Straat": ["Kerkstraat"],
                "Huisnummer": ["12"],
                "Bus": ["3"],
                "Postcode": ["9000"],
                "Gemeente": ["Gent"],
            }
        )
    )
    mapping = cm.suggest_mapping(frame, "karbon")
    cleaned = cm.clean(mapping.apply(frame), columns=mapping.column_of())
    report = cm.validate(cleaned.frame, "karbon", issues=cleaned.issues)
    cm.export_files(report, "karbon", tmp_path, force=True)
    people = pl.read_excel(tmp_path / "karbon_import.xlsx", sheet_name="People")
    assert people["Address"].to_list() == ["Kerkstraat 12 bus 3, 9000 Gent"]
