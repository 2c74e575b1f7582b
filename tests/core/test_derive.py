"""derive: a full name fills only the name fields a row lacks; companies are told by their names."""

from __future__ import annotations

import itertools

import polars as pl
import pytest

import clientmig as cm
from clientmig.cleaning import derive

NAME_FIELDS = ("first_name", "middle_name", "last_name")


@pytest.mark.parametrize(
    "present",
    [c for n in range(len(NAME_FIELDS) + 1) for c in itertools.combinations(NAME_FIELDS, n)],
    ids=lambda c: "+".join(c) or "none",
)
def test_full_name_fills_missing_name_fields_whichever_exist(present: tuple[str, ...]) -> None:
    own = {"first_name": "Marie", "middle_name": "Anne", "last_name": "Dubois"}
    frame = pl.DataFrame(
        {"full_name": ["Jan Peeters", "Dubois"], **{c: [None, own[c]] for c in present}},
        schema={"full_name": pl.String, **dict.fromkeys(present, pl.String)},
    )
    out = derive.before_clean(frame)
    assert set(NAME_FIELDS) <= set(out.columns)
    # row 0 has no name of its own: split from the full name
    first = out.row(0, named=True)
    assert (first["first_name"], first["last_name"]) == ("Jan", "Peeters")
    # row 1 keeps what it has; the full name "Dubois" is its surname either way
    second = out.row(1, named=True)
    assert second["first_name"] == ("Marie" if "first_name" in present else None)
    assert second["middle_name"] == ("Anne" if "middle_name" in present else None)
    assert second["last_name"] == "Dubois"


def test_a_naam_and_voornaam_list_of_people_and_companies() -> None:
    # "Naam klant" (mapped to full_name) beside "Voornaam": surname or company, and given name.
    frame = pl.DataFrame(
        {
            "full_name": ["Peeters", "Jan Janssens", "Janssens BV", "Atelier Maes", "Vos"],
            "first_name": ["Jan", None, None, None, None],
            "company_id": [None, None, "0403.170.701", "0403170701", None],
        }
    )
    cleaned = cm.clean(frame).frame
    assert cleaned["first_name"].to_list() == ["Jan", "Jan", None, None, None]
    assert cleaned["last_name"].to_list() == ["Peeters", "Janssens", None, None, "Vos"]
    # a legal form, or an enterprise number with nothing personal: an organisation
    assert cleaned["record_type"].to_list() == [
        "person",
        "person",
        "organization",
        "organization",
        "person",
    ]
    assert cleaned["organization_name"].to_list()[2:4] == ["Janssens BV", "Atelier Maes"]


def test_a_surname_column_holding_companies() -> None:
    frame = pl.DataFrame(
        {
            "last_name": ["Peeters", "Janssens NV", "De Vos"],
            "first_name": ["An", None, None],
            "national_id": [None, None, "85073003328"],
            "company_id": [None, None, "0403170701"],
        }
    )
    cleaned = cm.clean(frame).frame
    # a sole trader with a national number stays a person
    assert cleaned["record_type"].to_list() == ["person", "organization", "person"]
    assert cleaned["organization_name"].to_list()[1] == "Janssens NV"


def test_a_sole_trader_keeps_the_surname_from_the_full_name() -> None:
    frame = pl.DataFrame(
        {"full_name": ["Peeters"], "first_name": ["Jan"], "company_id": ["0403170701"]}
    )
    cleaned = cm.clean(frame).frame
    assert cleaned.row(0, named=True)["last_name"] == "Peeters"
    assert cleaned.row(0, named=True)["record_type"] == "person"


def test_an_xpm_client_list_business_structure_and_balance_month() -> None:
    frame = pl.DataFrame(
        {
            "full_name": ["Acme Pty Ltd", "John Smith", "Smith Family Trust", "Vos"],
            "legal_form": ["Company", "Individual", "Trust", "BV"],
            "fiscal_year_end_month": ["June", "June", "February", "12"],
        }
    )
    cleaned = cm.clean(frame)
    out = cleaned.frame
    assert out["record_type"].to_list() == [
        "organization",
        "person",
        "organization",
        "organization",
    ]
    # a month with no day column: the year ends on the month's last day
    assert out["fiscal_year_end_day"].to_list() == ["30", "30", "28", "31"]
    assert not cleaned.issues.filter(pl.col("code") == "fiscal_year_end.incomplete").height


def test_a_client_type_in_words_sets_the_record_type_and_taxdome_account_type() -> None:
    frame = pl.DataFrame(
        {
            "full_name": ["John Smith", "Acme LLC", "Vos"],
            "account_type": ["Individual", "Business", "Sole proprietor"],
        }
    )
    out = cm.clean(frame).frame
    assert out["record_type"].to_list() == ["person", "organization", "person"]
    # words the platform knows are written its way; others are kept for validation to judge
    assert out["account_type"].to_list() == ["Individual", "Company", "Sole proprietor"]


def test_a_day_column_holding_day_and_month_gives_the_month_too() -> None:
    """'Afsluitdag boekjaar' with 31/12: the year end is whole, not 'incomplete' and left out."""
    frame = pl.DataFrame(
        {"record_type": ["organization"] * 3, "fiscal_year_end_day": ["31/12", "30.06", "31"]}
    )
    out = derive.before_clean(frame)
    assert out.get_column("fiscal_year_end_month").to_list() == ["12", "6", None]
    cleaned = cm.clean(frame)
    assert cleaned.frame.get_column("fiscal_year_end_day").to_list()[:2] == ["31", "30"]
    codes = cleaned.issues.filter(pl.col("row") < 4).get_column("code").to_list()
    assert "fiscal_year_end.incomplete" not in codes


def test_a_day_column_of_days_alone_is_left_as_it_was() -> None:
    frame = pl.DataFrame({"fiscal_year_end_day": ["31", "30"]})
    assert derive.before_clean(frame).columns == ["fiscal_year_end_day"]
