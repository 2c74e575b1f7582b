"""A Belongs To naming an organisation with the legal form its own column gives is that
organisation, certainly, and is linked without a person (links.match._own_form)."""

from __future__ import annotations

import polars as pl

from clientmig.links import check_links


def _links(values: list[str]) -> pl.DataFrame:
    orgs = pl.DataFrame(
        {
            "organization_name": [
                "Bakkerij Delta",
                "Garage Orion BV",
                "Studio Noord",
                "Atelier Zuid",
            ],
            "legal_form": ["BV", None, "BV", "comm.v."],
        }
    )
    found = check_links(pl.DataFrame({"belongs_to": values}), orgs)
    return found.links.select("value", "status", "suggestion", "kind", "certain")


def test_the_name_with_its_own_legal_form_is_linked() -> None:
    got = _links(["Bakkerij Delta BV", "bakkerij delta b.v.", "Atelier Zuid CommV"])
    assert got["status"].to_list() == ["near_miss"] * 3
    assert got["suggestion"].to_list() == ["Bakkerij Delta", "Bakkerij Delta", "Atelier Zuid"]
    assert got["kind"].to_list() == ["its_legal_form"] * 3
    assert got["certain"].all()


def test_another_legal_form_still_waits_for_a_person() -> None:
    got = _links(["Bakkerij Delta NV"])
    assert got.row(0) == ("Bakkerij Delta NV", "near_miss", "Bakkerij Delta", "legal_form", True)


def test_an_alias_that_is_another_organisations_name_decides_nothing() -> None:
    orgs = pl.DataFrame(
        {"organization_name": ["Studio Noord", "Studio Noord BV"], "legal_form": ["BV", None]}
    )
    found = check_links(pl.DataFrame({"belongs_to": ["Studio Noord BV"]}), orgs)
    assert found.links["status"].to_list() == ["exact"]


def test_mechanical_decisions_take_it() -> None:
    orgs = pl.DataFrame({"organization_name": ["Bakkerij Delta"], "legal_form": ["BV"]})
    found = check_links(pl.DataFrame({"belongs_to": ["Bakkerij Delta BV"]}), orgs)
    decided = found.decisions(mechanical_only=True).items
    assert decided["Bakkerij Delta BV"].name == "Bakkerij Delta"
