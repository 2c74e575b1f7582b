"""link_issues: one flat table or two, certain and likely suggestions, merged-cell blanks, and
a generated corpus of broken links scored for recall, precision and exact fixes."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from clientmig.cli import main
from clientmig.links import check_table_links, link_issues, typo_edits
from tests.data.broken_links import generate, score

FLAT = pl.DataFrame(
    {
        "record_type": ["Bedrijf", "Bedrijf", "Persoon", "Persoon", "Persoon", "Persoon"],
        "organization_name": ["Acme BV", "Bakkerij Peeters", None, None, None, None],
        "first_name": [None, None, "Jan", "Marie", "Luc", "Piet"],
        "last_name": [None, None, "Janssens", "Peeters", "Dubois", "Maes"],
        "belongs_to": [None, None, "Acme BV", "ACME B.V.", "Bakkerij Peters", "Nergens BV"],
        "_source": ["c.xlsx"] * 6,
        "_sheet": ["Clients"] * 6,
        "_row": [2, 3, 4, 5, 6, 7],
    }
)


def _by_row(issues: pl.DataFrame) -> dict[int, tuple[str, str | None]]:
    return {r: (c, s) for r, c, s in issues.select("row", "code", "suggestion").iter_rows()}


def test_a_flat_table_is_checked_against_its_own_organisations() -> None:
    got = _by_row(link_issues(FLAT))
    assert got == {
        5: ("link.near_miss", "Acme BV"),
        6: ("link.near_miss", "Bakkerij Peeters"),
        7: ("link.orphan", None),
    }


def test_organisations_are_recognised_without_a_type_column() -> None:
    # No type column: rows without a person name, or with a legal form in the name.
    flat = FLAT.drop("record_type").with_columns(
        pl.when(pl.col("_row") == 2)
        .then(pl.lit("Acme BV"))
        .otherwise(pl.col("last_name"))
        .alias("last_name"),
        pl.when(pl.col("_row") == 2)
        .then(None)
        .otherwise(pl.col("organization_name"))
        .alias("organization_name"),
    )
    assert _by_row(link_issues(flat)) == _by_row(link_issues(FLAT))


def test_certain_only_when_one_organisation_has_the_key() -> None:
    links = check_table_links(FLAT).links.filter(pl.col("status") == "near_miss")
    certain = dict(links.select("value", "certain").iter_rows())
    assert certain == {"ACME B.V.": True, "Bakkerij Peters": False}


def test_sibling_organisations_that_differ_only_by_legal_form() -> None:
    orgs = pl.DataFrame({"organization_name": ["Brasserie Atlas BV", "Brasserie Atlas CommV"]})
    people = pl.DataFrame(
        {"belongs_to": ["BRASSERIE ATLAS BV", "Brasserie Atlass BV", "Brasserie Atlas"]}
    )
    rows = check_table_links(people, orgs).links.select(
        "value", "status", "suggestion", "kind", "certain"
    )
    assert rows.rows() == [
        ("BRASSERIE ATLAS BV", "near_miss", "Brasserie Atlas BV", "case", True),
        ("Brasserie Atlass BV", "near_miss", "Brasserie Atlas BV", "typo", False),
        ("Brasserie Atlas", "ambiguous", None, None, False),
    ]


def test_the_same_table_given_twice_reports_no_exact_name() -> None:
    once, twice = link_issues(FLAT), link_issues(FLAT, FLAT)
    assert _by_row(twice) == _by_row(once)
    assert "Acme BV" not in twice["value"].to_list()


def test_a_list_of_people_only_has_no_link_issues() -> None:
    people = FLAT.filter(pl.col("record_type") == "Persoon").drop("record_type")
    assert link_issues(people).is_empty()


def test_a_contact_list_with_a_company_only_row_reports_no_orphans() -> None:
    # One contact without a person name looks like an organisation; the others' companies
    # are free text, not links to it.
    contacts = pl.DataFrame(
        {
            "first_name": [None, "Jan", "Marie", "Luc"],
            "last_name": [None, "Janssens", "Peeters", "Dubois"],
            "organization_name": ["Acme BV", "Proximus", "Colruyt", "ACME B.V."],
        }
    )
    got = _by_row(link_issues(contacts))
    assert got == {5: ("link.near_miss", "Acme BV")}


def test_merged_blanks_get_the_value_above_as_their_fill_down() -> None:
    people = pl.DataFrame(
        {
            "first_name": ["Jan", "Marie", "Luc", "Piet"],
            "belongs_to": ["Acme BV", None, None, None],
            "_source": ["c.xlsx"] * 4,
            "_sheet": ["Clients"] * 4,
            "_row": [3, 4, 5, 6],
        }
    )
    orgs = pl.DataFrame({"organization_name": ["Acme BV"]})
    merged = pl.DataFrame(
        {
            "source": ["c.xlsx"] * 2,
            "sheet": ["Clients"] * 2,
            "row": [4, 5],
            "column": ["Belongs To"] * 2,
            "code": ["read.merged_cell"] * 2,
        }
    )
    issues = link_issues(people, orgs, columns={"belongs_to": "Belongs To"}, merged=merged)
    assert _by_row(issues) == {
        4: ("link.merged_blank", "Acme BV"),
        5: ("link.merged_blank", "Acme BV"),
    }
    assert set(issues["column"].to_list()) == {"Belongs To"}


@pytest.mark.parametrize(("length", "edits"), [(3, 0), (4, 1), (7, 1), (8, 2), (16, 3)])
def test_typo_edits_grow_with_the_key(length: int, edits: int) -> None:
    assert typo_edits(length) == edits


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("shape", ["two_tables", "flat_typed", "flat_untyped"])
def test_generated_broken_links_are_found_with_their_fix(seed: int, shape: str) -> None:
    corpus = generate(seed)
    if shape == "two_tables":
        issues = link_issues(corpus.people, corpus.organisations, merged=corpus.merged)
    else:
        flat = corpus.flat(type_column=shape == "flat_typed")
        issues = link_issues(flat, merged=corpus.merged)
    got = score(corpus.labels, issues)
    assert got["recall"] >= 0.97
    assert got["precision"] >= 0.97
    assert got["exact_fix"] >= 0.95


def test_cli_links_checks_a_flat_list_against_itself(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "flat.csv"
    path.write_text(
        "Type,Name,First Name,Belongs To\n"
        "Organisation,Acme BV,,\n"
        "Organisation,Bakkerij Peeters,,\n"
        "Person,Janssens,Jan,Acme BV\n"
        "Person,Peeters,Marie,ACME B.V.\n"
        "Person,Dubois,Luc,Bakkerij Peters\n",
        encoding="utf-8",
    )
    for argv in (["links", str(path)], ["links", str(path), str(path)]):
        assert main(argv) == 1
        out = capsys.readouterr().out
        assert out.splitlines()[0] == "exact: 1, near_miss: 2, ambiguous: 0, orphan: 0"
        assert "-> Bakkerij Peeters" in out
