"""A Belgian relation list mixes people and organisations in one sheet (``Type``, ``Naam``,
``Rechtsvorm``): an organisation's name in ``Naam`` is no person's name, and its legal form
reaches the import (Karbon's Legal Name) or is reported, never dropped without a word."""

from __future__ import annotations

from pathlib import Path

import polars as pl

import clientmig as cm
from clientmig import lineage
from clientmig.validation.admission import report_uncarried

_ROWS = {
    "Klantnr": ["K1", "K2", "K3", "K4"],
    "Type": ["Vennootschap", "Vennootschap", "Persoon", "Persoon"],
    "Naam": ["Garage 2000", "Studio 54 Architecten CommV", "Peeters 2", "van der Meulen"],
    "Voornaam": [None, None, "Jan", "Griet"],
    "Rechtsvorm": ["BV", "CommV", None, None],
}


def _cleaned() -> tuple[cm.ColumnMapping, pl.DataFrame, pl.DataFrame]:
    frame = lineage.ensure_lineage(pl.DataFrame(_ROWS))
    mapping = cm.suggest_mapping(frame, "karbon")
    cleaned = cm.clean(mapping.apply(frame), columns=mapping.column_of())
    return mapping, cleaned.frame, cleaned.issues


def test_organisation_names_in_the_name_column_are_not_judged_as_person_names() -> None:
    _, _, issues = _cleaned()
    warned = issues.filter(pl.col("code") == "person_name.suspicious")["value"].to_list()
    assert warned == ["Peeters 2"]  # the person with a digit in the surname, not the firms


def test_legal_form_column_reaches_the_legal_name(tmp_path: Path) -> None:
    mapping, frame, _ = _cleaned()
    orgs = frame.filter(pl.col("record_type") == "organization")
    assert orgs["legal_name"].to_list() == ["Garage 2000 BV", "Studio 54 Architecten CommV"]
    assert frame.filter(pl.col("record_type") == "person")["legal_name"].null_count() == 2
    karbon = cm.platform("karbon")
    assert (
        report_uncarried(frame, karbon.tables, mapping.column_of())
        .filter(pl.col("field") == "legal_form")
        .is_empty()
    )


def test_legal_form_a_target_cannot_hold_is_reported() -> None:
    mapping, frame, _ = _cleaned()
    taxdome = cm.platform("taxdome")
    found = report_uncarried(frame, taxdome.tables, mapping.column_of())
    assert found.filter(pl.col("field") == "legal_form")["value"].to_list() == ["BV", "CommV"]


def test_a_link_left_out_names_the_column_as_written() -> None:
    rows = dict(_ROWS, **{"Behoort tot": [None, None, "Garage 2000", "Garage 3000"]})
    frame = lineage.ensure_lineage(pl.DataFrame(rows))
    mapping = cm.suggest_mapping(frame, "karbon")
    cleaned = cm.clean(mapping.apply(frame), columns=mapping.column_of())
    report = cm.validate(
        cleaned.frame, "karbon", issues=cleaned.issues, columns=mapping.column_of()
    )
    gone = report.issues.filter(pl.col("code") == "link.not_imported")
    assert gone.select("column", "value").rows() == [("Behoort tot", "Garage 3000")]
