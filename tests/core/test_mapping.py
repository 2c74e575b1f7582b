"""Column mapping: suggestions on real header sets, values, conflicts, editing, replay."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import clientmig
from clientmig.errors import MappingError
from clientmig.mapping import ColumnMapping, suggest_mapping, value_kind
from tests.conftest import SAMPLES
from tests.data.mapping_cases import CASES


def _scores(cases: dict[str, dict[str, str | None]]) -> tuple[int, int, int, list[str]]:
    tp = fp = fn = 0
    notes = []
    for name, cols in cases.items():
        mapping = suggest_mapping(list(cols), "canonical")
        for rule in mapping.rules:
            expected = cols[rule.column]
            chosen = rule.action == "sync"
            if chosen and rule.field == expected:
                tp += 1
            elif chosen:
                fp += 1
                notes.append(f"{name}: {rule.column} pre-selected as {rule.field}, not {expected}")
            if expected is not None and not chosen:
                fn += 1
                notes.append(f"{name}: {rule.column} not pre-selected ({expected})")
    return tp, fp, fn, notes


def test_no_wrong_preselection_and_every_mapped_column_suggested() -> None:
    tp, fp, fn, notes = _scores(CASES)
    assert fp == 0, notes
    assert fn == 0, notes
    assert tp > 200


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_header_set(case: str) -> None:
    _tp, fp, fn, notes = _scores({case: CASES[case]})
    assert (fp, fn) == (0, 0), notes


def test_values_decide_under_a_generic_header() -> None:
    frame = pl.DataFrame(
        {
            "Kolom7": ["jan@x.be", "an@y.be", "piet@z.nl", "els@q.be"],
            "Kolom8": ["85.07.30-033.28", "85073003328", "85.07.30-033.28", "85073003328"],
            "F3": ["a", "b", "c", "d"],
        }
    )
    m = suggest_mapping(frame, "canonical")
    assert (m.rule("Kolom7").action, m.rule("Kolom7").field) == ("sync", "email")
    assert m.rule("Kolom8").field == "national_id"
    assert "values look like" in m.rule("Kolom7").reason
    assert m.rule("F3").action == "ignore"


def test_eleven_digits_failing_mod97_are_not_national_numbers() -> None:
    assert value_kind(pl.Series(["12345678901", "22345678901", "32345678901"])) is None


def test_two_columns_never_land_silently_on_one_field() -> None:
    m = suggest_mapping(["Email", "E-mail", "City", "Town"], "canonical")
    assert m.rule("E-mail").field == "email_additional"
    assert m.rule("Town").action == "ignore"
    assert "already comes from" in m.rule("Town").warnings[0]


def test_target_restricts_fields_and_reports_required() -> None:
    m = suggest_mapping(["Naam", "E-mail"], "sitee")
    assert m.missing_required() == ("first_name",)
    assert any("first_name" in p for p in m.problems())
    people = suggest_mapping(["Company"], "karbon.people")
    assert people.rule("Company").field == "belongs_to"
    orgs = suggest_mapping(["Oprichtingsdatum"], "accounton")
    assert orgs.rule("Oprichtingsdatum").action == "ignore"
    assert "does not take" in orgs.rule("Oprichtingsdatum").reason


def test_apply_keeps_lineage_and_joins_multi_values() -> None:
    frame = clientmig.read(SAMPLES / "google_contacts.csv")
    m = suggest_mapping(frame, "canonical")
    out = m.apply(frame)
    assert {"_source", "_sheet", "_row"} <= set(out.columns)
    assert out.height == frame.height
    assert out["_row"].to_list() == frame["_row"].to_list()
    assert not out["tags"].drop_nulls().str.contains(":::").any()


def test_apply_with_reordered_and_extra_columns_and_missing_column() -> None:
    frame = pl.DataFrame({"E-mail": ["a@b.be"], "Naam": ["Peeters"]})
    m = suggest_mapping(frame, "canonical")
    shuffled = pl.DataFrame({"Extra": ["x"], "Naam": ["Peeters"], "E-mail": ["a@b.be"]})
    assert m.apply(shuffled).select("email", "last_name").row(0) == ("a@b.be", "Peeters")
    with pytest.raises(MappingError, match="'E-mail'"):
        m.apply(pl.DataFrame({"Naam": ["Peeters"]}))


def test_bulk_value_and_value_map() -> None:
    frame = pl.DataFrame({"Naam": ["A", "B", "C"], "Vorm": ["BV", "nv", None]})
    m = suggest_mapping(frame, "taxdome")
    m = m.with_rule("Vorm", field="legal_form").with_value_map(
        "legal_form", {"BV": "Company", "NV": "Company"}
    )
    m = m.with_constant("account_type", "Company")
    out = m.apply(frame)
    assert out["legal_form"].to_list() == ["Company", "Company", None]
    assert out["account_type"].to_list() == ["Company"] * 3


def test_save_load_round_trip_and_version(tmp_path: Path) -> None:
    frame = clientmig.read(SAMPLES / "belgian_clients.csv")
    m = suggest_mapping(frame, "karbon").with_constant("client_group", "Import 2026")
    path = m.save(tmp_path / "m.json")
    again = ColumnMapping.load(path)
    assert again.to_dict() == m.to_dict()
    assert again.apply(frame).equals(m.apply(frame))
    bad = tmp_path / "bad.json"
    bad.write_text('{"clientmig_mapping": 99}', encoding="utf-8")
    with pytest.raises(MappingError, match="version"):
        ColumnMapping.load(bad)
    assert "@" not in path.read_text(encoding="utf-8"), "a mapping holds no cell values"


def test_edit_errors_are_clear() -> None:
    m = suggest_mapping(["Foo"], "canonical")
    with pytest.raises(MappingError, match="choose a field"):
        m.with_rule("Foo", action="sync")
    with pytest.raises(MappingError, match="unknown field"):
        m.with_rule("Foo", field="nope")
    with pytest.raises(MappingError, match="no column"):
        m.with_rule("Y", action="ignore")
