"""national_id.format_expr shows every number exactly as national_id.format does."""

from __future__ import annotations

import random

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clientmig.validators import national_id


def _numbers() -> list[str | None]:
    """Valid Belgian numbers (born before and after 2000), the same written with separators,
    with a digit changed, without leading zeros, as Excel floats; and other countries' text."""
    rng = random.Random(2)
    values: list[str | None] = []
    for _ in range(400):
        base = f"{rng.randrange(0, 99):02d}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
        base += f"{rng.randrange(1, 998):03d}"
        old = f"{base}{97 - int(base) % 97:02d}"
        young = f"{base}{97 - (int(base) + 2_000_000_000) % 97:02d}"
        values += [old, young, f"{old[:2]}.{old[2:4]}.{old[4:6]}-{old[6:9]}.{old[9:]}"]
        values += [old[:-1] + str((int(old[-1]) + 1) % 10), young.lstrip("0"), old + ".0"]
    return [*values, "1 85 07 75 123 456 78", "123456782", "RSSMRA85T10A562S", "", None, "=1+1"]


@pytest.mark.parametrize("country", [None, "BE", "NL"])
def test_the_display_form_is_the_scalar_one(country: str | None) -> None:
    values = _numbers()
    frame = pl.DataFrame({"v": values}, schema={"v": pl.String})
    got = frame.select(national_id.format_expr("v", country=country))["v"].to_list()
    assert got == [None if v is None else national_id.format(v, country=country) for v in values]


def test_a_belgian_number_another_scheme_also_accepts_is_shown_the_belgian_way() -> None:
    rng = random.Random(1)
    for _ in range(3000):  # about one valid Belgian number in sixty also passes IT or DE
        base = f"{rng.randrange(40, 99):02d}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
        number = f"{base}{rng.randrange(1, 998):03d}"
        number += f"{97 - int(number) % 97:02d}"
        if national_id.guess_country(number) != ["BE"]:
            break
    assert len(national_id.guess_country(number)) > 1
    assert national_id.format(number) == (
        f"{number[:2]}.{number[2:4]}.{number[4:6]}-{number[6:9]}.{number[9:]}"
    )


@settings(max_examples=200)
@given(st.lists(st.one_of(st.none(), st.text("0123456789 .-", max_size=14)), max_size=12))
def test_any_digits(values: list[str | None]) -> None:
    frame = pl.DataFrame({"v": values}, schema={"v": pl.String})
    got = frame.select(national_id.format_expr("v"))["v"].to_list()
    assert got == [None if v is None else national_id.format(v) for v in values]
