"""One-line addresses split into their parts: the written forms, and nothing lost or invented."""

from __future__ import annotations

import re

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import clientmig as cm
from clientmig.cleaning.addresses import PARTS, split_address_expr
from tests.conftest import SAMPLES

CASES = [
    ("Dorpsstraat 15 3500 Hasselt Belgium", ("Dorpsstraat 15", "3500", "Hasselt", None, "Belgium")),
    ("Kerkstraat 5 bus 2 2000 Antwerpen", ("Kerkstraat 5 bus 2", "2000", "Antwerpen", None, None)),
    (
        "Rue de la Loi 16, 1000 Bruxelles, Belgique",
        ("Rue de la Loi 16", "1000", "Bruxelles", None, "Belgique"),
    ),
    (
        "Damrak 1\n1012 LG Amsterdam\nNederland",
        ("Damrak 1", "1012 LG", "Amsterdam", None, "Nederland"),
    ),
    ("Unter den Linden 77, 10117 Berlin", ("Unter den Linden 77", "10117", "Berlin", None, None)),
    ("B-1000 Brussel", (None, "B-1000", "Brussel", None, None)),
    # a city that is also a country stays the city
    ("Rue Royale 1, L-1234 Luxembourg", ("Rue Royale 1", "L-1234", "Luxembourg", None, None)),
    (
        "10 Downing St, London SW1A 2AA, United Kingdom",
        ("10 Downing St", "SW1A 2AA", "London", None, "United Kingdom"),
    ),
    (
        "123 Main St, Springfield, IL 62704, USA",
        ("123 Main St", "62704", "Springfield", "IL", "USA"),
    ),
    # no postcode: all street, nothing guessed
    ("Chaussée de Wavre 1234", ("Chaussée de Wavre 1234", None, None, None, None)),
    ("Nijverheidslaan 10, bus 3", ("Nijverheidslaan 10, bus 3", None, None, None, None)),
]


def _split(lines: list[str | None]) -> pl.DataFrame:
    frame = pl.DataFrame({"a": lines}, schema={"a": pl.String})
    return frame.select(split_address_expr("a").alias("p")).unnest("p")


@pytest.mark.parametrize(("line", "parts"), CASES, ids=[c[0][:30] for c in CASES])
def test_written_forms(line: str, parts: tuple[str | None, ...]) -> None:
    assert _split([line]).row(0) == parts


def _words(text: str | None) -> list[str]:
    return [w for w in re.split(r"[\s,]+", text or "") if w]


WORD = st.sampled_from(
    [
        "Kerkstraat",
        "5",
        "bus",
        "2",
        "2000",
        "Antwerpen",
        "Belgium",
        "1012",
        "LG",
        "Luxembourg",
        "SW1A",
        "2AA",
        "London",
        "IL",
        "62704",
        "B-1000",
        "St",
        "UK",
        "BE",
        "Rue",
        "de",
        "la",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(WORD, st.sampled_from([" ", ", ", "\n"])), max_size=9))
def test_nothing_lost_or_invented(tokens: list[tuple[str, str]]) -> None:
    line = "".join(w + sep for w, sep in tokens).strip()
    row = _split([line]).row(0, named=True)
    assert sorted(_words(line)) == sorted(w for p in PARTS for w in _words(row[p]))


def test_taxdome_gets_the_parts_of_a_quickbooks_one_line_address() -> None:
    raw = cm.read(SAMPLES / "quickbooks_customers.csv")
    mapping = cm.suggest_mapping(raw, "taxdome")
    assert mapping.rule("Billing address").field == "address"
    cleaned = cm.clean(mapping.apply(raw), columns=mapping.column_of()).frame
    first = cleaned.row(0, named=True)
    assert (first["street"], first["postcode"], first["city"]) == (
        "Dorpsstraat 15",
        "3500",
        "Hasselt",
    )


def test_own_parts_win_and_a_contradicting_address_is_not_mixed_in() -> None:
    frame = pl.DataFrame(
        {
            "address": ["Kerkstraat 5", "Veldstraat 3, 9000 Gent", "Veldstraat 3, 9000 Gent"],
            "postcode": ["2000", None, "2000"],
            "city": ["Antwerpen", None, "Antwerpen"],
        }
    )
    out = cm.clean(frame).frame
    assert out["street"].to_list() == ["Kerkstraat 5", "Veldstraat 3", None]
    assert out["postcode"].to_list() == ["2000", "9000", "2000"]
