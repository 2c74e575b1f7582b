"""Targets are loaded from schemas/: every platform, its tables, fields and Pandera schema."""

from __future__ import annotations

import polars as pl
import pytest

from clientmig.errors import TargetError
from clientmig.target_schemas import (
    canonical_fields,
    normalise_header,
    platform,
    platforms,
    target,
    targets,
)

EXPECTED = {"accounton", "canonical", "debitoor", "karbon", "sitee", "taxdome", "xpm"}


def test_every_platform_loads_and_names_only_canonical_fields() -> None:
    assert set(platforms()) >= EXPECTED
    canon = canonical_fields()
    for name in platforms():
        for t in platform(name).tables:
            assert t.fields, t.name
            assert all(f.field in canon for f in t.fields), t.name
            assert len(set(t.headers)) == len(t.headers), f"duplicate header in {t.name}"


def test_karbon_tables_and_key_fields() -> None:
    assert {"karbon.organizations", "karbon.people", "karbon.client_groups"} <= set(targets())
    people = target("karbon.people")
    assert people.field("belongs_to").header == "Belongs To"
    assert people.required == ("first_name", "last_name")
    orgs = target("karbon.organizations")
    assert orgs.field("Fiscal Year End Day").type == "integer"
    assert orgs.field("client_id").unique


def test_canonical_synonyms_cover_six_languages() -> None:
    fields = canonical_fields()
    for name in ("first_name", "last_name", "email", "national_id", "city", "fiscal_year_end"):
        syn = fields[name].synonyms
        assert all(syn[lang] for lang in ("en", "nl", "fr", "de", "ro", "lv")), name


@pytest.mark.parametrize(
    ("name", "message"),
    [("nope", "unknown target platform"), ("karbon", "several tables"), ("karbon.x", "no table")],
)
def test_bad_target_names_say_why(name: str, message: str) -> None:
    with pytest.raises(TargetError, match=message):
        target(name)


def test_one_table_platform_by_its_name() -> None:
    assert target("sitee").name == "sitee.customers"


def test_schema_checks_required_unique_allowed_and_length() -> None:
    import pandera.errors

    schema = target("taxdome.contacts").schema()
    frame = pl.DataFrame(
        {
            "account_name": ["A", None, "x" * 300],
            "account_type": ["Company", "Person", "Individual"],
        }
    )
    with pytest.raises(pandera.errors.SchemaErrors) as info:
        schema.validate(frame, lazy=True)
    checks = set(info.value.failure_cases["check"].to_list())
    assert "not_nullable" in checks
    assert any(c.startswith("isin") for c in checks)
    assert any(c.startswith("str_length") for c in checks)


def test_a_platform_file_path_loads(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "mine.toml"
    path.write_text(
        '[target]\nname = "mine"\n[tables.c]\n[[tables.c.fields]]\nheader = "E"\nfield = "email"\n',
        encoding="utf-8",
    )
    assert platform(path).tables[0].field("email").validator == "email"


def test_normalise_header_folds_case_accents_and_punctuation() -> None:
    assert normalise_header(" Prénom ") == "prenom"
    assert normalise_header("E-mail_Address") == "e mail address"
