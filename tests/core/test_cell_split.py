"""Report-style cells taken apart: labelled phones, QuickBooks sub-customers, company customers."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clientmig.mapping import mappable_fields, suggest_mapping
from clientmig.mapping.cell_split import split_cells
from clientmig.pipeline import Recipe, run

ALL = frozenset({"phone", "phone_mobile", "phone_fax", "phone_home", "belongs_to", "notes"})


def test_labelled_phones_go_to_their_own_fields() -> None:
    frame = pl.DataFrame(
        {"phone": ["Phone:(410) 415-7406 Mobile:(410) 555-1234", "+32 3 123 45 67", None]}
    )
    out = split_cells(frame, ALL)
    assert out["phone"].to_list() == ["(410) 415-7406", "+32 3 123 45 67", None]
    assert out["phone_mobile"].to_list() == ["(410) 555-1234", None, None]


def test_a_label_the_target_has_no_field_for_goes_to_the_notes_or_stays() -> None:
    frame = pl.DataFrame({"phone": ["Phone:03 123 45 67 Fax:03 999 99 99"]})
    with_notes = split_cells(frame, {"phone", "notes"}).row(0, named=True)
    assert with_notes["phone"] == "03 123 45 67"
    assert with_notes["notes"] == "Fax:03 999 99 99"
    without = split_cells(frame, {"phone"}).row(0, named=True)
    assert without["phone"] == "03 123 45 67 Fax:03 999 99 99"  # reported by the phone check


def test_a_mobile_only_cell_fills_the_mobile_field_and_empties_the_phone() -> None:
    out = split_cells(pl.DataFrame({"phone": ["Mobile:+32 486 56 43 71"]}), ALL)
    assert out.row(0, named=True) == {"phone": None, "phone_mobile": "+32 486 56 43 71"}


_DIGITS = st.text("0123456789", min_size=6, max_size=10)


@settings(max_examples=60, deadline=None)
@given(
    labels=st.lists(
        st.sampled_from(["Phone", "Mobile", "Fax", "Home", "Tel", "GSM"]), min_size=1, max_size=3
    ),
    numbers=st.lists(_DIGITS, min_size=3, max_size=3),
    allowed=st.sets(st.sampled_from(sorted(ALL))),
)
def test_no_labelled_number_is_lost(
    labels: list[str], numbers: list[str], allowed: set[str]
) -> None:
    cell = " ".join(f"{lab}:{num}" for lab, num in zip(labels, numbers, strict=False))
    out = split_cells(pl.DataFrame({"phone": [cell]}), allowed | {"phone"}).row(0, named=True)
    kept = " ".join(str(v) for v in out.values() if v is not None)
    for num in numbers[: len(labels)]:
        assert num in kept


def test_a_sub_customer_belongs_to_its_parent() -> None:
    names = ["Acme BV:Jan Peeters", "Vos NV", "https://x.be", "Studio 10:30 BV"]
    frame = pl.DataFrame({"account_name": names})
    out = split_cells(frame, {"account_name", "belongs_to", "full_name", "organization_name"})
    assert out["account_name"].to_list() == ["Jan Peeters", *names[1:]]  # a URL, a time: kept
    assert out["belongs_to"].to_list() == ["Acme BV", None, None, None]
    assert out["organization_name"].to_list() == [None, "Vos NV", None, "Studio 10:30 BV"]


def test_on_a_target_without_belongs_to_the_parent_is_the_account_and_the_child_its_contact() -> (
    None
):
    frame = pl.DataFrame({"account_name": ["Acme BV:Jan Peeters"], "full_name": [None]})
    out = split_cells(frame, set(mappable_fields("taxdome"))).row(0, named=True)
    assert out["account_name"] == "Acme BV"
    assert out["full_name"] == "Jan Peeters"
    assert out["organization_name"] == "Acme BV"


def test_a_company_customer_is_an_organisation_and_a_person_customer_a_person() -> None:
    frame = pl.DataFrame(
        {
            "account_name": ["Claes, Marieke", "Acme BV", "Peeters Bakery", "Solo NV", "Jan Vos"],
            "full_name": ["Marieke Claes", "Jan Acme", "Piet Peeters", None, None],
        }
    )
    out = split_cells(frame, set(mappable_fields("karbon")))
    assert out["organization_name"].to_list() == [
        None,
        "Acme BV",
        "Peeters Bakery",
        "Solo NV",
        None,
    ]
    assert out["full_name"].to_list() == [
        "Marieke Claes",
        "Jan Acme",
        "Piet Peeters",
        None,
        "Jan Vos",
    ]


def test_quickbooks_through_the_mapping_on_karbon() -> None:
    frame = pl.DataFrame(
        {
            "Customer full name": ["Claes, Marieke", "Acme BV", "Acme BV:Jan Peeters"],
            "Phone numbers": ["Mobile:+32 486 56 43 71", "Phone:+32 3 123 45 67", None],
            "Email": ["m@example.be", "info@acme.example", "jan@acme.example"],
            "Full name": ["Marieke Claes", "Jan Acme", None],
            "Billing address": [None, None, None],
        }
    )
    mapping = suggest_mapping(frame, "karbon")
    assert mapping.source_format == "quickbooks"
    out = mapping.apply(frame)
    rows = out.select("full_name", "organization_name", "belongs_to", "phone", "phone_mobile")
    assert rows.rows() == [
        ("Marieke Claes", None, None, None, "+32 486 56 43 71"),
        ("Jan Acme", "Acme BV", None, "+32 3 123 45 67", None),
        ("Jan Peeters", None, "Acme BV", None, None),
    ]


GOOGLE = pl.DataFrame(
    {
        "First Name": ["Jan"],
        "Last Name": ["Peeters"],
        "Labels": ["* myContacts"],
        "E-mail 1 - Value": ["jan@example.be ::: jan.work@example.com"],
        "Phone 1 - Value": ["+32 475 12 34 56 ::: +32 3 123 45 67"],
    }
)


def test_a_google_second_value_with_no_additional_field_goes_to_the_notes() -> None:
    row = suggest_mapping(GOOGLE, "sitee").apply(GOOGLE).row(0, named=True)
    assert row["email"] == "jan@example.be"
    assert row["phone"] == "+32 475 12 34 56"
    assert row["notes"] == "jan.work@example.com; +32 3 123 45 67"


def test_a_google_second_phone_takes_the_free_office_phone() -> None:
    row = suggest_mapping(GOOGLE, "karbon").apply(GOOGLE).row(0, named=True)
    assert (row["phone"], row["phone_office"]) == ("+32 475 12 34 56", "+32 3 123 45 67")
    # the e-mail cell is left for the e-mail check, which splits it; Karbon's People sheet has no
    # column for a second address, so validation reports it with its value (export.not_carried)
    assert row["email"] == "jan@example.be ::: jan.work@example.com"
    assert "email_additional" not in row


def test_with_nowhere_to_go_a_google_cell_stays_whole_for_the_checks_to_report() -> None:
    row = suggest_mapping(GOOGLE, "xpm").apply(GOOGLE).row(0, named=True)
    assert row["email"] == "jan@example.be ::: jan.work@example.com"
    assert "email_additional" not in row


@pytest.mark.parametrize(
    ("target", "file"), [("taxdome", "taxdome_import.csv"), ("sitee", "sitee_customers.csv")]
)
def test_the_second_google_address_reaches_the_import_file(
    target: str, file: str, tmp_path: Path
) -> None:
    source = tmp_path / "google.csv"
    GOOGLE.write_csv(source)
    run(Recipe(target=target), [source], out=tmp_path / "out", force=True)
    written = (tmp_path / "out" / file).read_text(encoding="utf-8-sig")
    assert "jan.work@example.com" in written
