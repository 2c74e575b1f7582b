"""Dates: formats people export, order and kind options, column order, expr twins vs the oracle."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from clientmig import errors
from clientmig.validators import column_findings, date, get
from tests.conftest import FROZEN_TODAY

TODAY = FROZEN_TODAY
# Days on which a calendar rule is most likely to slip: month ends, leap days, year ends.
HARD_DAYS = [
    dt.date(2026, 1, 1),
    dt.date(2026, 1, 31),
    dt.date(2026, 2, 28),
    dt.date(2028, 2, 29),
    dt.date(2026, 3, 1),
    dt.date(2026, 4, 30),
    dt.date(2026, 12, 2),
    dt.date(2026, 12, 6),
    dt.date(2026, 12, 31),
    dt.date(2100, 2, 28),
]
MONTH_WORDS = {  # one spelling per language for each month, as exports write them
    1: ["January", "januari", "janvier", "Januar", "ianuarie", "janvāris"],
    2: ["February", "februari", "février", "Februar", "februarie", "februāris"],
    3: ["March", "maart", "mars", "März", "martie", "marts"],
    4: ["April", "april", "avril", "April", "aprilie", "aprīlis"],
    5: ["May", "mei", "mai", "Mai", "mai", "maijs"],
    6: ["June", "juni", "juin", "Juni", "iunie", "jūnijs"],
    7: ["July", "juli", "juillet", "Juli", "iulie", "jūlijs"],
    8: ["August", "augustus", "août", "August", "august", "augusts"],
    9: ["September", "september", "septembre", "September", "septembrie", "septembris"],
    10: ["October", "oktober", "octobre", "Oktober", "octombrie", "oktobris"],
    11: ["November", "november", "novembre", "November", "noiembrie", "novembris"],
    12: ["December", "december", "décembre", "Dezember", "decembrie", "decembris"],
}


def _code(value: str, **options: str | None) -> str | None:
    found = date.check(value, **options)  # type: ignore[arg-type]
    return None if found is None else found.code


@pytest.mark.parametrize(
    ("value", "order", "expected"),
    [
        ("1985-07-30", None, "1985-07-30"),
        ("1985/7/30", None, "1985-07-30"),
        ("30/07/1985", None, "1985-07-30"),
        ("30.07.1985", None, "1985-07-30"),
        ("30-07-1985", None, "1985-07-30"),
        ("7/30/1985", None, "1985-07-30"),
        ("7/30/1985", "MDY", "1985-07-30"),
        ("05/07/1985", "DMY", "1985-07-05"),
        ("05/07/1985", "MDY", "1985-05-07"),
        ("05/05/1985", None, "1985-05-05"),
        ("30/07/85", None, "1985-07-30"),
        ("30/07/05", None, "2005-07-30"),
        ("85/07/30", "YMD", "1985-07-30"),
        ("30/07/1985", "YMD", "1985-07-30"),
        ("30 juli 1985", None, "1985-07-30"),
        ("30 July 1985", None, "1985-07-30"),
        ("July 30, 1985", None, "1985-07-30"),
        ("July 30th, 1985", None, "1985-07-30"),
        ("30 juillet 1985", None, "1985-07-30"),
        ("30. Juli 1985", None, "1985-07-30"),
        ("30 iulie 1985", None, "1985-07-30"),
        ("30 jūlijs 1985", None, "1985-07-30"),
        ("30-Jul-85", None, "1985-07-30"),
        ("1985-07-30 00:00:00", None, "1985-07-30"),
        ("1985-07-30T00:00:00", None, "1985-07-30"),
        ("7/30/1985 12:00:00 AM", "MDY", "1985-07-30"),
        ("31258", None, "1985-07-30"),
        ("31258.0", None, "1985-07-30"),
        ("45291", None, "2023-12-31"),
        ("--07-30", None, "--07-30"),
        ("--7-3", None, "--07-03"),
        ("0/0/00", None, ""),
        ("00-00-0000", None, ""),
        ("1900-01-00", None, ""),
        ("-", None, ""),
        ("1/1/4501", None, ""),
        ("", None, ""),
        ("  30 / 07 / 1985\u200b ", None, "1985-07-30"),
        ("05/07/1985", None, "05/07/1985"),
        ("31/02/1980", None, "31/02/1980"),
        ("1985", None, "1985"),
        ("not  a date", None, "not a date"),
    ],
)
def test_compact(value: str, order: str | None, expected: str) -> None:
    assert date.compact(value, order=order) == expected
    assert date.format(value, order=order) == expected
    assert date.compact(expected, order=order) == expected


@pytest.mark.parametrize(
    ("value", "order", "code"),
    [
        ("1985-07-30", None, None),
        ("", None, None),
        ("31/02/1980", None, "date.invalid"),
        ("31/02/1980", "DMY", "date.invalid"),
        ("29/02/1981", "DMY", "date.invalid"),
        ("29/02/1980", "DMY", None),
        ("1900-02-29", None, "date.invalid"),
        ("2000-02-29", None, None),
        ("7/30/1985", "DMY", "date.other_order"),
        ("13/13/1985", None, "date.invalid"),
        ("05/07/1985", None, "date.ambiguous"),
        ("05/07/1985", "DMY", None),
        ("0/0/00", None, "date.placeholder"),
        ("00.00.0000", None, "date.placeholder"),
        ("n/a", None, "date.placeholder"),
        ("--05-14", None, "date.no_year"),
        ("--02-29", None, "date.no_year"),
        ("--02-30", None, "date.invalid"),
        ("--13-01", None, "date.invalid"),
        ("1985", None, "date.invalid"),
        ("0123", None, "date.invalid"),
        ("30 foo 1985", None, "date.invalid"),
        ("yesterday", None, "date.invalid"),
        ("0000-01-01", None, "date.invalid"),
    ],
)
def test_check_and_issue_expr(value: str, order: str | None, code: str | None) -> None:
    assert _code(value, order=order) == code
    frame = pl.DataFrame({"v": [value]})
    assert frame.select(date.issue_expr("v", order=order))["v"].to_list() == [code]


@pytest.mark.parametrize(("number", "words"), list(MONTH_WORDS.items()))
def test_month_names_in_every_language(number: int, words: list[str]) -> None:
    for word in words:
        assert date.parse(f"3 {word} 1999") == dt.date(1999, number, 3)
        assert date.parse(f"{word.upper()} 3, 1999") == dt.date(1999, number, 3)


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _birth_code(value: str) -> str | None:
    """The scalar verdict, checked against the vectorised one."""
    scalar = _code(value, kind="birth")
    frame = pl.DataFrame({"v": [value]})
    assert frame.select(date.issue_expr("v", kind="birth"))["v"].to_list() == [scalar]
    return scalar


def _years_before(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@pytest.mark.parametrize("today", [FROZEN_TODAY, *HARD_DAYS], ids=str)
def test_birth_dates_against_today(today: dt.date) -> None:
    """The rule: a birth date is at most today and at least 120 years ago to the day."""
    with time_machine.travel(dt.datetime(today.year, today.month, today.day, 12), tick=False):
        assert dt.date.today() == today
        tomorrow = today + dt.timedelta(days=1)
        assert _birth_code(_iso(tomorrow)) == "date.future"
        assert _code(_iso(tomorrow)) is None  # only birth dates are held to today
        assert _birth_code(_iso(today)) is None
        assert _birth_code("1890-01-01") == "date.too_old"
        assert _code("1890-01-01") is None
        oldest = _years_before(today, date.MAX_AGE_YEARS)
        assert _birth_code(_iso(oldest)) is None  # the boundary day itself
        assert _birth_code(_iso(oldest + dt.timedelta(days=1))) is None
        assert _birth_code(_iso(oldest - dt.timedelta(days=1))) == "date.too_old"


@pytest.mark.parametrize("today", HARD_DAYS, ids=str)
def test_two_digit_years_on_hard_days(today: dt.date) -> None:
    """A two-digit birth year is this century up to this year, else the last one."""
    with time_machine.travel(dt.datetime(today.year, today.month, today.day, 12), tick=False):
        yy = today.year % 100
        born = date.parse(f"01/01/{yy:02d}", order="DMY", kind="birth")
        assert born == dt.date(today.year, 1, 1)
        older = date.parse(f"01/01/{(yy + 1) % 100:02d}", order="DMY", kind="birth")
        assert older is not None
        assert older.year == today.year - 99


def test_two_digit_year_pivot() -> None:
    this_year, next_year = TODAY.year % 100, (TODAY.year + 1) % 100
    assert date.parse(f"01/01/{this_year:02d}", order="DMY", kind="birth") == dt.date(
        TODAY.year, 1, 1
    )
    born = date.parse(f"01/01/{next_year:02d}", order="DMY", kind="birth")
    assert born is not None
    assert born.year == 1900 + next_year
    assert date.compact("01/01/68", order="DMY") == "2068-01-01"
    assert date.compact("01/01/69", order="DMY") == "1969-01-01"


def test_validate_is_valid_and_options() -> None:
    assert date.validate("30/07/1985") == "1985-07-30"
    assert date.validate("05/07/1985") == "05/07/1985"  # a warning does not raise
    with pytest.raises(errors.InvalidFormat) as info:
        date.validate("31/02/1980")
    assert info.value.code == "date.invalid"
    with pytest.raises(errors.InvalidComponent):
        date.validate("2999-01-01", kind="birth")
    assert date.is_valid("1985-07-30")
    assert date.is_valid("--05-14")
    assert not date.is_valid("0/0/00")
    assert not date.is_valid("31/02/1980")
    assert not date.is_valid(None)
    assert not date.is_valid("1985-07-30", order="XYZ")
    with pytest.raises(ValueError, match="order"):
        date.compact("1985-07-30", order="DYM")
    with pytest.raises(ValueError, match="kind"):
        date.issue_expr("v", kind="death")


@pytest.mark.parametrize(
    ("values", "order"),
    [
        (["30/07/1985", "05/07/1985"], "DMY"),
        (["7/30/1985", "05/07/1985", None], "MDY"),
        (["05/07/1985", "06/07/1985"], None),
        (["30/07/1985", "7/30/1985"], None),
        (["1985-07-30", "junk"], None),
        ([], None),
    ],
)
def test_detect_order(values: list[str | None], order: str | None) -> None:
    assert date.detect_order(pl.Series(values, dtype=pl.String)) == order


def test_detect_order_ignores_other_types() -> None:
    assert date.detect_order(pl.Series([1, 2])) is None
    assert date.order_issue(pl.Series([1, 2])) is None


def test_order_issue() -> None:
    ambiguous = pl.Series(["05/07/1985", "06/07/1985", "1985-01-01", None])
    found = date.order_issue(ambiguous)
    assert found is not None
    assert (found.code, found.severity) == ("date.ambiguous", "warning")
    assert date.order_issue(pl.Series(["05/07/1985", "30/07/1985"])) is None  # DMY proven
    assert date.order_issue(pl.Series(["05/05/1985", "1985-07-30"])) is None  # nothing ambiguous
    assert date.order_issue(pl.Series(["05/07/1985", "02/30/1985", "30/02/1985"])) is None


def test_column_findings_and_registry() -> None:
    assert get("date") is date
    found = column_findings(pl.Series(["1985-07-30", "31/02/1980", "0/0/00"]), date)
    assert found["code"].to_list() == [None, "date.invalid", "date.placeholder"]
    assert found["severity"].to_list() == [None, "error", "info"]


def test_large_column_is_fast_enough() -> None:
    frame = pl.DataFrame({"v": ["30/07/1985", "05/07/1985", "July 30, 1985", "x"] * 25_000})
    out = frame.select(date.compact_expr("v", order="DMY"), code=date.issue_expr("v"))
    assert out["v"].value_counts().height == 3
    assert out["code"].null_count() == 50_000


# ---------------------------------------------------------------- properties

_ORDERS = st.sampled_from([None, "DMY", "MDY", "YMD"])
_KINDS = st.sampled_from(["any", "birth"])
_dates = st.dates(dt.date(1800, 1, 1), dt.date(2120, 12, 31))
_sep = st.sampled_from(["/", "-", ".", " / ", ". "])
_word = st.integers(1, 12).flatmap(lambda m: st.sampled_from(MONTH_WORDS[m]))


def _numeric(d: dt.date, sep: str, month_first: bool, short: bool) -> str:
    year = f"{d.year % 100:02d}" if short else str(d.year)
    first, second = (d.month, d.day) if month_first else (d.day, d.month)
    return f"{first}{sep}{second}{sep}{year}"


_formatted = st.one_of(
    _dates.map(dt.date.isoformat),
    _dates.map(lambda d: f"{d.isoformat()} 00:00:00"),
    st.builds(_numeric, _dates, _sep, st.booleans(), st.booleans()),
    st.builds(lambda d, w: f"{d.day} {w} {d.year}", _dates, _word),
    st.builds(lambda d, w: f"{w} {d.day}, {d.year % 100:02d}", _dates, _word),
    st.integers(900, 100_000).map(str),
    st.tuples(st.integers(0, 40), st.integers(0, 40), st.integers(0, 99)).map(
        lambda t: f"{t[0]}/{t[1]}/{t[2]:02d}"
    ),
    st.tuples(st.integers(0, 14), st.integers(0, 40)).map(lambda t: f"--{t[0]:02d}-{t[1]}"),
    st.sampled_from(["0/0/00", "-", "1900-01-00", "1/1/4501", "n/a", ""]),
    # The field's other shapes: run-together, weekdays, ordinals, times, a space as separator.
    _dates.map(lambda d: d.strftime("%Y%m%d")),
    st.builds(lambda d, t: f"{d:%Y%m%d}T{t}", _dates, st.sampled_from(["10", "1049", "104941"])),
    _dates.map(lambda d: f"{d:%a %b} {d.day} {d.year}"),
    _dates.map(lambda d: f"{d:%a %b} {d.day} 10:36:28 {d.year}"),
    st.builds(lambda d, w: f"{d.day}rd of {w} {d.year}", _dates, _word),
    st.builds(
        lambda d, t: f"{d.isoformat()} {t}",
        _dates,
        st.sampled_from(["10:49:41,502", "00:00:00", "00:00", "0:01:02 am", "23:59+02:00"]),
    ),
    st.builds(_numeric, _dates, st.just(" "), st.booleans(), st.booleans()),
)
_junk = st.text(
    alphabet=st.sampled_from("0123456789 ./-,:+'tTaApPmMjJuUlLé\u00a0\u200b\u0301İ٣")
) | st.text(max_size=12)
VALUES = st.lists(st.none() | _formatted | _junk, max_size=40)


@settings(max_examples=80, deadline=None)
@given(VALUES, _ORDERS, _KINDS)
def test_exprs_agree_with_the_scalar_oracle(
    values: list[str | None], order: str | None, kind: str
) -> None:
    frame = pl.DataFrame({"v": values}, schema={"v": pl.String})
    out = frame.select(
        compact=date.compact_expr("v", order=order, kind=kind),
        code=date.issue_expr("v", order=order, kind=kind),
    )
    compacted = [None if v is None else date.compact(v, order=order, kind=kind) for v in values]
    assert out["compact"].to_list() == compacted
    codes = [None if v is None else _code(v, order=order, kind=kind) for v in values]
    assert out["code"].to_list() == codes


@settings(max_examples=300, deadline=None)
@given(_formatted | _junk, _ORDERS, _KINDS)
def test_compact_is_idempotent_and_nothing_raises(value: str, order: str | None, kind: str) -> None:
    once = date.compact(value, order=order, kind=kind)
    assert date.compact(once, order=order, kind=kind) == once
    date.check(value, order=order, kind=kind)
    date.is_valid(value, order=order, kind=kind)
    date.parse(value, order=order, kind=kind)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.none() | _formatted | _junk, max_size=30))
def test_column_order_functions_never_raise(values: list[str | None]) -> None:
    series = pl.Series(values, dtype=pl.String)
    order = date.detect_order(series)
    assert order in (None, "DMY", "MDY")
    found = date.order_issue(series)
    if found is not None:
        assert order is None
        assert found.code == "date.ambiguous"


@pytest.mark.parametrize(
    ("value", "expected", "code"),
    [
        ("20030925", "2003-09-25", None),
        ("20030925T104941", "2003-09-25", "date.time_dropped"),
        ("25 09 2003", "2003-09-25", None),
        ("2003 09 25", "2003-09-25", None),
        ("Thu Sep 25 2003", "2003-09-25", None),
        ("Thu Sep 25 10:36:28 2003", "2003-09-25", "date.time_dropped"),
        ("3rd of May 2001", "2001-05-03", None),
        ("1er mai 2001", "2001-05-01", None),
        ("Wed, July 10, '96", "1996-07-10", None),
        ("2003-09-25 10:49:41,502", "2003-09-25", "date.time_dropped"),
        ("1985-07-30 00:00:00", "1985-07-30", None),  # midnight: nothing was lost
        ("3 December 1999", "1999-12-03", None),
    ],
)
def test_more_shapes_and_the_time_part(value: str, expected: str, code: str | None) -> None:
    assert date.compact(value) == expected
    found = date.check(value)
    assert (found.code if found else None) == code
    if found is not None:  # a certain fix: the suggestion is the value written
        assert found.suggestion == expected


def test_a_value_only_the_other_order_reads() -> None:
    found = date.check("7/30/1985", order="DMY")
    assert found is not None
    assert (found.code, found.severity, found.suggestion) == (
        "date.other_order",
        "error",
        "1985-07-30",
    )
    assert date.compact("7/30/1985", order="DMY") == "7/30/1985"  # kept as typed


def _clean_dates(values: list[str], country: str, rows: list[str] | None = None) -> Any:
    import clientmig as cm

    frame = pl.DataFrame({"client_since": values, **({"country": rows} if rows else {})})
    options = cm.CleanOptions(country=country, fields=["client_since"])
    return cm.clean(frame, options=options)


def test_the_country_decides_a_lone_ambiguous_value() -> None:
    be = _clean_dates(["10/09/2003", "7-4-76"], "BE")
    us = _clean_dates(["10/09/2003", "7-4-76"], "US")
    assert be.frame["client_since"].to_list() == ["2003-09-10", "1976-04-07"]
    assert us.frame["client_since"].to_list() == ["2003-10-09", "1976-07-04"]
    assert be.issues.is_empty()
    assert us.issues.is_empty()
    # The row's country decides its own row; a year-first country decides nothing.
    rows = _clean_dates(["10/09/2003", "10/09/2003", "10/09/2003"], "BE", ["US", "", "JP"])
    assert rows.frame["client_since"].to_list() == ["2003-10-09", "2003-09-10", "10/09/2003"]
    assert rows.issues["code"].to_list() == ["date.ambiguous", "date.ambiguous"]


def test_the_column_evidence_comes_before_the_country() -> None:
    cleaned = _clean_dates(["10/09/2003", "09/25/2003"], "BE")  # 25 can only be a day
    assert cleaned.frame["client_since"].to_list() == ["2003-10-09", "2003-09-25"]
    mixed = _clean_dates(["25/09/2003", "10/09/2003", "09/26/2003"], "BE")
    assert mixed.frame["client_since"].to_list() == ["2003-09-25", "2003-09-10", "09/26/2003"]
    issue = mixed.issues.filter(pl.col("code") == "date.other_order").row(0, named=True)
    assert (issue["row"], issue["suggestion"]) == (4, "2003-09-26")


def test_birthday_without_year_is_a_note_not_a_flag() -> None:
    """Google and vCard write a birthday given without a year as ``--MM-DD``: the cell is
    right, nothing can be corrected, so it is an info (left out of the import, said so)."""
    finding = date.check("--03-12")
    assert finding is not None
    assert (finding.code, finding.severity) == ("date.no_year", "info")
    assert "left out" in finding.message
