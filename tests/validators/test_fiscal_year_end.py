"""Fiscal year-end: combined values, separate day and month columns, expr twins vs the oracle."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clientmig import errors
from clientmig.validators import column_findings, get
from clientmig.validators import fiscal_year_end as fye

# Every month in every language, as people write them (accents and capitals included).
MONTHS = {
    1: [
        "January",
        "Jan",
        "januari",
        "janvier",
        "janv.",
        "Januar",
        "Jänner",
        "ianuarie",
        "Janvāris",
    ],
    2: ["February", "feb.", "februari", "février", "févr.", "Februar", "februarie", "Februāris"],
    3: ["March", "Mar", "maart", "mrt", "mars", "März", "Mrz", "martie", "Marts"],
    4: ["April", "apr.", "avril", "avr", "aprilie", "Aprīlis"],
    5: ["May", "mei", "mai", "MAI", "maijs"],
    6: ["June", "jun", "juni", "juin", "iunie", "Jūnijs"],
    7: ["July", "Jul", "juli", "juillet", "juil.", "iulie", "jūlijs"],
    8: ["August", "aug.", "augustus", "août", "AOUT", "augusts"],
    9: ["September", "Sep", "Sept", "septembre", "septembrie", "septembris"],
    10: ["October", "Oct", "oktober", "okt", "octobre", "octombrie", "oktobris"],
    11: ["November", "nov.", "novembre", "noiembrie", "noi", "novembris"],
    12: [
        "December",
        "Dec",
        "dec.",
        "décembre",
        "déc.",
        "Dezember",
        "Dez",
        "decembrie",
        "decembris",
    ],
}
ALL_MONTH_SPELLINGS = [(name, number) for number, names in MONTHS.items() for name in names]


@pytest.mark.parametrize(("name", "number"), ALL_MONTH_SPELLINGS)
def test_every_month_name_in_every_language(name: str, number: int) -> None:
    assert fye.parse_month(name) == number
    assert fye.parse(f"15 {name}") == (15, number)
    assert fye.parse(f"{name} 15") == (15, number)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("31/12", (31, 12)),
        ("31-12", (31, 12)),
        ("31.12", (31, 12)),
        ("31.12.", (31, 12)),
        ("31 12", (31, 12)),
        ("31 dec", (31, 12)),
        ("31-dec", (31, 12)),
        ("31dec", (31, 12)),
        ("31. Dezember", (31, 12)),
        ("30 juni", (30, 6)),
        ("December 31", (31, 12)),
        ("Dec. 31, 2023", (31, 12)),
        ("31 December 2023", (31, 12)),
        ("2023-12-31", (31, 12)),
        ("2023-12-31 00:00:00", (31, 12)),
        ("2023-06-30T00:00:00", (30, 6)),
        ("31/12/2023", (31, 12)),
        ("12/31", (31, 12)),
        ("12/31/2023", (31, 12)),
        ("6/30", (30, 6)),
        ("5/6", (5, 6)),
        ("45291", (31, 12)),
        ("45291.0", (31, 12)),
        ("45107", (30, 6)),
        (" 12 ", (31, 12)),
        (" 31 ", (None, 31)),
        ("6.0", (30, 6)),
        ("02", (28, 2)),
        ("dec", (31, 12)),
        ("DÉCEMBRE", (31, 12)),
        ("Decembris", (31, 12)),
        ("Januar", (31, 1)),
        ("32/12", (32, 12)),
        ("31/13", (31, 13)),
        ("0", (None, 0)),
        ("3112", (None, None)),
        ("31st", (None, None)),
        ("31 foo", (None, None)),
        ("Q4", (None, None)),
        ("", (None, None)),
        ("\u200b31/12\u00a0", (31, 12)),
    ],
)
def test_parse(value: str, expected: tuple[int | None, int | None]) -> None:
    assert fye.parse(value) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("31/12", None),
        ("30 juni", None),
        ("", None),
        ("   ", None),
        ("29/02", "fiscal_year_end.feb29"),
        ("29 februari", "fiscal_year_end.feb29"),
        ("31/02", "fiscal_year_end.no_such_date"),
        ("30/02", "fiscal_year_end.no_such_date"),
        ("31 april", "fiscal_year_end.no_such_date"),
        ("31/06", "fiscal_year_end.no_such_date"),
        ("31 sept", "fiscal_year_end.no_such_date"),
        ("31/11", "fiscal_year_end.no_such_date"),
        ("30/04", None),
        ("32/12", "fiscal_year_end.day_range"),
        ("0/12", "fiscal_year_end.day_range"),
        ("40", "fiscal_year_end.month_range"),
        ("13", "fiscal_year_end.month_range"),
        ("31/13", "fiscal_year_end.month_range"),
        ("31/0", "fiscal_year_end.month_range"),
        ("31", "fiscal_year_end.month_range"),
        ("6", None),
        ("december", None),
        ("3112", "fiscal_year_end.unparseable"),
        ("Q4", "fiscal_year_end.unparseable"),
        ("-", "fiscal_year_end.unparseable"),
        ("31st December", "fiscal_year_end.unparseable"),
    ],
)
def test_check_and_issue_expr(value: str, code: str | None) -> None:
    found = fye.check(value)
    assert (found.code if found else None) == code
    frame = pl.DataFrame({"v": [value]})
    assert frame.select(fye.issue_expr("v"))["v"].to_list() == [code]


def test_feb29_is_a_warning_and_the_rest_errors() -> None:
    severities = {code: severity for code, (severity, _) in fye.CODES.items()}
    assert severities.pop("fiscal_year_end.feb29") == "warning"
    assert set(severities.values()) == {"error"}


@pytest.mark.parametrize(
    ("value", "compact", "display"),
    [
        ("31/12/2023", "31-12", "31/12"),
        ("12/31", "31-12", "31/12"),
        ("5 mei", "05-05", "05/05"),
        ("45291", "31-12", "31/12"),
        ("  dec  ", "31-12", "31/12"),
        ("31", "31", "31"),
        ("foo  bar", "foo bar", "foo bar"),
        ("32/12", "32/12", "32/12"),
        ("31/02", "31-02", "31/02"),
    ],
)
def test_compact_and_format(value: str, compact: str, display: str) -> None:
    assert fye.compact(value) == compact
    assert fye.format(value) == display
    assert fye.compact(compact) == compact


def test_validate_and_is_valid() -> None:
    assert fye.validate("31 dec") == "31-12"
    assert fye.validate("29/02") == "29-02"
    with pytest.raises(errors.InvalidComponent) as info:
        fye.validate("31/02")
    assert info.value.code == "fiscal_year_end.no_such_date"
    assert fye.validate("dec") == "31-12"
    with pytest.raises(errors.InvalidFormat):
        fye.validate("Q4")
    assert fye.is_valid("31/12")
    assert fye.is_valid("29/02")
    assert not fye.is_valid("31/04")
    assert not fye.is_valid("")
    assert not fye.is_valid(None)
    assert not fye.is_valid(3112)


@pytest.mark.parametrize(
    ("day", "month", "code"),
    [
        ("31", "12", None),
        ("31.0", "12.0", None),
        (" 30 ", "juni", None),
        ("31", "décembre", None),
        ("31/12", "31/12", None),
        (None, None, None),
        ("", "  ", None),
        ("31", None, "fiscal_year_end.incomplete"),
        ("", "12", "fiscal_year_end.incomplete"),
        ("32", "12", "fiscal_year_end.day_range"),
        ("0", "12", "fiscal_year_end.day_range"),
        ("31", "13", "fiscal_year_end.month_range"),
        ("31", "0", "fiscal_year_end.month_range"),
        ("31", "foo", "fiscal_year_end.unparseable"),
        ("dec", "12", "fiscal_year_end.unparseable"),
        ("31", "Q4", "fiscal_year_end.unparseable"),
        ("32", None, "fiscal_year_end.day_range"),
        ("31", "feb", "fiscal_year_end.no_such_date"),
        ("31", "11", "fiscal_year_end.no_such_date"),
        ("29", "2", "fiscal_year_end.feb29"),
    ],
)
def test_pair(day: str | None, month: str | None, code: str | None) -> None:
    found = fye.check_pair(day, month)
    assert (found.code if found else None) == code
    frame = pl.DataFrame({"d": [day], "m": [month]}, schema={"d": pl.String, "m": pl.String})
    assert frame.select(fye.pair_issue_expr("d", "m"))["d"].to_list() == [code]


def test_day_and_month_columns() -> None:
    frame = pl.DataFrame(
        {
            "d": ["31", "31.0", " 05 ", "", None, "32", "dec", "31/12", "0"],
            "m": ["12", "12.0", "Dec", "", None, "13", "décembre", "2023-06-30", "foo"],
        }
    )
    out = frame.select(day=fye.day_expr("d"), month=fye.month_expr("m"))
    assert out["day"].to_list() == ["31", "31", "5", None, None, None, None, "31", None]
    assert out["month"].to_list() == ["12", "12", "12", None, None, None, "12", "6", None]


def test_exprs_take_a_missing_column_as_a_null_literal() -> None:
    frame = pl.DataFrame({"d": ["31", "32", None]})
    null = pl.lit(None, pl.String)
    out = frame.select(
        day=fye.day_expr(null),
        month=fye.month_expr(null),
        code=fye.pair_issue_expr(pl.col("d"), null),
        none=fye.pair_issue_expr(null, null),
    )
    assert out["day"].to_list() == [None, None, None]
    codes = ["fiscal_year_end.incomplete", "fiscal_year_end.day_range", None]
    assert out["code"].to_list() == codes
    assert out["none"].to_list() == [None, None, None]


def test_column_findings_uses_the_catalogue() -> None:
    assert get("fiscal_year_end") is fye
    found = column_findings(pl.Series(["31/12", "31/02", None, "29/02"]), fye)
    assert found["code"].to_list() == [
        None,
        "fiscal_year_end.no_such_date",
        None,
        "fiscal_year_end.feb29",
    ]
    assert found["severity"].to_list() == [None, "error", None, "warning"]


# ---------------------------------------------------------------- properties

_day = st.integers(0, 40).map(str) | st.sampled_from(["01", "9", "31.0", "029"])
_month_name = st.sampled_from([name for name, _ in ALL_MONTH_SPELLINGS]).flatmap(
    lambda n: st.sampled_from([n, n.upper(), n.lower(), n + "."])
)
_month = st.integers(0, 14).map(str) | _month_name
_sep = st.sampled_from(["/", "-", ".", " ", " / ", "", ". ", ", "])
_year = st.sampled_from(["", "2023", "23", " 2024", "/2023"])
_combined = st.one_of(
    st.tuples(_day, _sep, _month, _year).map("".join),
    st.tuples(_month, _sep, _day, _year).map("".join),
    st.tuples(st.integers(1990, 2030), _month, _day).map(lambda t: f"{t[0]}-{t[1]}-{t[2]}"),
    st.integers(10000, 99999).map(str),
)
_junk = st.text(
    alphabet=st.sampled_from("0123456789 ./-,:tTaAmMdDeécCjJ\u00a0\u200b\u0301İ٣")
) | st.text(max_size=12)
VALUES = st.lists(st.none() | _day | _month | _combined | _junk, max_size=40)


def _clean(read: int | None, high: int) -> str | None:
    return str(read) if read is not None and 1 <= read <= high else None


def _codes(values: list[str | None]) -> list[str | None]:
    return [None if v is None or (f := fye.check(v)) is None else f.code for v in values]


@settings(max_examples=150, deadline=None)
@given(VALUES)
def test_exprs_agree_with_the_scalar_oracle(values: list[str | None]) -> None:
    frame = pl.DataFrame({"v": values}, schema={"v": pl.String})
    out = frame.select(
        compact=fye.compact_expr("v"),
        code=fye.issue_expr("v"),
        day=fye.day_expr("v"),
        month=fye.month_expr("v"),
    )
    assert out["compact"].to_list() == [None if v is None else fye.compact(v) for v in values]
    assert out["code"].to_list() == _codes(values)
    days = [None if v is None else fye.parse_day(v) for v in values]
    months = [None if v is None else fye.parse_month(v) for v in values]
    assert out["day"].to_list() == [
        str(d) if d is not None and 1 <= d <= 31 else None for d in days
    ]
    assert out["month"].to_list() == [
        str(m) if m is not None and 1 <= m <= 12 else None for m in months
    ]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.none() | _day | _junk, st.none() | _month | _junk), max_size=30))
def test_pair_expr_agrees_with_check_pair(pairs: list[tuple[str | None, str | None]]) -> None:
    frame = pl.DataFrame(
        {"d": [d for d, _ in pairs], "m": [m for _, m in pairs]},
        schema={"d": pl.String, "m": pl.String},
    )
    got = frame.select(fye.pair_issue_expr("d", "m"))["d"].to_list()
    expected = [None if (f := fye.check_pair(d, m)) is None else f.code for d, m in pairs]
    assert got == expected


@settings(max_examples=300, deadline=None)
@given(_day | _month | _combined | _junk)
def test_compact_is_idempotent_and_nothing_raises(value: str) -> None:
    once = fye.compact(value)
    assert fye.compact(once) == once
    assert fye.parse(once) == fye.parse(value)
    fye.check(value)
    fye.format(value)
    fye.is_valid(value)
