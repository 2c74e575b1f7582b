"""A frame of the user's own may hold numbers, dates or all-null columns: cleaning, links and
the cell splits read them as the text a cell shows, never with a Polars traceback."""

from __future__ import annotations

import datetime as dt

import polars as pl

import clientmig as cm
from clientmig.links import check_links
from clientmig.mapping.cell_split import split_cells


def test_numbers_dates_and_nulls_are_cleaned_as_text() -> None:
    frame = pl.DataFrame(
        {
            "first_name": ["Jan", "Els"],
            "last_name": ["Peeters", "Claes"],
            "phone": [475123456, None],  # a phone read as a number lost its leading zero
            "postcode": [1000, 9000],
            "email": [None, None],
            "date_of_birth": [dt.date(1990, 1, 2), None],
            "fiscal_year_end_month": [12.0, 6.0],
        }
    )
    cleaned = cm.clean(frame)
    assert cleaned.frame.select("phone", "postcode", "date_of_birth").row(0) == (
        "+32475123456",
        "1000",
        "1990-01-02",
    )
    report = cm.validate(cleaned.frame, "karbon", issues=cleaned.issues)
    assert report.summary["valid"] == 2


def test_links_and_splits_take_any_column_type() -> None:
    orgs = pl.DataFrame({"organization_name": [1, 2], "legal_form": [None, None]})
    found = check_links(pl.DataFrame({"belongs_to": [2]}), orgs)
    assert found.links["status"].to_list() == ["exact"]
    frame = pl.DataFrame({"postcode": ["1000 Brussel"], "city": [None]})
    assert split_cells(frame, allowed={"postcode", "city"}).rows() == [("1000", "Brussel")]
