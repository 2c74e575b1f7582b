"""Belongs-to links: exact, near misses with the exact name, ambiguity, orphans, decisions."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clientmig.links import LinkDecisions, apply_link_fixes, check_links
from clientmig.pipeline import Recipe

ORGS = pl.DataFrame(
    {
        "organization_name": [
            "Acme BV",
            "Bakkerij Peeters",
            "Café Renée",
            "Delta Tech NV",
            "Delta Tech SA",
            "Dup & Co",
            "Dup & Co",
            "Horizon Bouw ASBL",
        ],
        "_source": ["o.csv"] * 8,
        "_sheet": [None] * 8,
        "_row": list(range(2, 10)),
    }
)


def people(*values: str | None) -> pl.DataFrame:
    n = len(values)
    return pl.DataFrame(
        {
            "belongs_to": list(values),
            "_source": ["p.csv"] * n,
            "_sheet": [None] * n,
            "_row": list(range(2, n + 2)),
        },
        schema_overrides={"belongs_to": pl.String, "_sheet": pl.String},
    )


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("Acme BV ", "whitespace"),
        ("Acme\u00a0BV", "whitespace"),
        ("ACME BV", "case"),
        ("Acme B.V.", "punctuation"),
        ("Cafe Renee", "accents"),
        ("Acme", "legal_form"),
        ("Acme BVBA", "legal_form"),
        ("Bakkerij Peters", "typo"),
        ("Horizon Bouw", "legal_form"),
    ],
)
def test_near_misses_get_the_exact_name(written: str, kind: str) -> None:
    links = check_links(people(written), ORGS)
    row = links.links.row(0, named=True)
    assert row["status"] == "near_miss"
    assert row["kind"] == kind
    expected = {"B": "Bakkerij Peeters", "C": "Café Renée", "H": "Horizon Bouw ASBL"}
    assert row["suggestion"] == expected.get(written[0], "Acme BV")
    assert links.issues["code"].to_list()[0] == "link.near_miss"


def test_exact_matches_are_never_flagged() -> None:
    links = check_links(people("Acme BV", "Café Renée", None), ORGS)
    assert links.counts()["exact"] == 2
    assert links.issues.filter(pl.col("field") == "belongs_to").is_empty()


def test_ambiguous_is_left_for_a_person_and_orphans_reported() -> None:
    links = check_links(people("Delta Tech", "Nobody Ltd"), ORGS)
    got = dict(links.links.select("value", "status").iter_rows())
    assert got == {"Delta Tech": "ambiguous", "Nobody Ltd": "orphan"}
    amb = links.links.filter(pl.col("status") == "ambiguous").row(0, named=True)
    assert amb["suggestion"] is None
    assert "Delta Tech NV" in amb["candidates"]
    assert "Delta Tech SA" in amb["candidates"]
    assert "Delta Tech" not in links.decisions().items


def test_non_unique_organisation_names_are_errors() -> None:
    links = check_links(people("Acme BV"), ORGS)
    dup = links.issues.filter(pl.col("code") == "link.org_not_unique")
    assert dup["row"].to_list() == [7, 8]
    assert set(dup["severity"].to_list()) == {"error"}


def test_several_organisations_in_one_cell_become_several_links() -> None:
    links = check_links(people("Acme BV; Bakkerij Peters"), ORGS)
    assert links.links.height == 2
    assert links.counts() == {"exact": 1, "near_miss": 1, "ambiguous": 0, "orphan": 0}


def test_decisions_apply_replay_and_report_stale_ones() -> None:
    p = people("Acme B.V.", "Acme B.V.; Nobody Ltd", "Delta Tech")
    links = check_links(p, ORGS)
    decisions = (
        links.decisions()
        .with_decision("Nobody Ltd", "blank")
        .with_decision("Delta Tech", "choose", "Delta Tech NV")
        .with_decision("Gone BV", "accept", "Acme BV")
    )
    again = LinkDecisions.from_dict(
        Recipe(target="karbon").with_decisions("links", decisions).section("links") or {}
    )
    fixed, problems = apply_link_fixes(p, again)
    assert fixed["belongs_to"].to_list() == ["Acme BV", "Acme BV", "Delta Tech NV"]
    assert problems == ["link decision for 'Gone BV' matches no Belongs To value any more"]
    assert check_links(fixed, ORGS).counts()["exact"] == 3


@settings(max_examples=200, deadline=None)
@given(
    base=st.sampled_from(["Acme BV", "Café Renée SA", "Delta Tech NV", "O'Brien & Co Ltd"]),
    edit=st.sampled_from(["", " ", "upper", "dots", "accents", "drop_form", "nbsp"]),
)
def test_difference_kind_expr_matches_scalar(base: str, edit: str) -> None:
    from clientmig.validators import organization_name as org

    variants = {
        "": base,
        " ": base + " ",
        "upper": base.upper(),
        "dots": base.replace(" BV", " B.V.").replace(" SA", " S.A."),
        "accents": base.replace("é", "e"),
        "drop_form": base.rsplit(" ", 1)[0],
        "nbsp": base.replace(" ", "\u00a0", 1),
    }
    written = variants[edit]
    got = pl.DataFrame({"a": [written], "b": [base]}).select(
        org.difference_kind_expr(pl.col("a"), pl.col("b"))
    )
    assert got.item() == org.difference_kind(written, base)


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(["Acme", "bv", "Delta", "SA", ",", "B.V.", "Ltd", "sc"]),
        min_size=1,
        max_size=5,
    ),
    form=st.sampled_from(["", " BV", ", B.V.", " bvba", " Pty Ltd", " S.R.L.", " sa"]),
    lead=st.sampled_from(["", "SC ", "BV ", "S.A. "]),
)
def test_strip_legal_form_expr_matches_scalar(words: list[str], form: str, lead: str) -> None:
    from clientmig.validators import organization_name as org

    name = lead + " ".join(words) + form
    got = pl.DataFrame({"n": [name]}).select(org.strip_legal_form_expr(pl.col("n"))).item()
    assert got == org.strip_legal_form(name)
