"""A postcode cell holding its city ('1000 Brussel') gives the postcode and, where the city
column is empty or says the same, the city (mapping.cell_split._postcode_with_city)."""

from __future__ import annotations

import polars as pl

from clientmig.mapping.cell_split import split_cells


def test_the_city_in_a_postcode_cell_goes_to_the_city_column() -> None:
    frame = pl.DataFrame(
        {
            "postcode": ["1000 Brussel", "9000 Gent", "2000 Antwerpen", "B-3000 Leuven", "1050"],
            "city": [None, "gent", "Berchem", "", "Elsene"],
        }
    )
    out = split_cells(frame, allowed={"postcode", "city"})
    assert out.rows() == [
        ("1000", "Brussel"),
        ("9000", "gent"),
        ("2000 Antwerpen", "Berchem"),  # another city: the cell stays whole, for the check
        ("B-3000", "Leuven"),
        ("1050", "Elsene"),
    ]


def test_without_a_city_column_the_city_is_given_one_where_the_target_takes_it() -> None:
    frame = pl.DataFrame({"postcode": ["75008 Paris", "1000"]})
    assert split_cells(frame, allowed={"postcode", "city"}).rows() == [
        ("75008", "Paris"),
        ("1000", None),
    ]
    assert split_cells(frame, allowed={"postcode"}).equals(frame)  # no field for the city
