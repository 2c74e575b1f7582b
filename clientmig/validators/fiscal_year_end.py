"""Fiscal year-end: a day and a month (``31-12``), from one combined column or two columns.

Read forms (case- and accent-insensitive): numbers (``31``, Excel's ``31.0``), month names and
abbreviations in English, Dutch, French, German, Romanian and Latvian, ``31/12``, ``31-12``,
``31.12``, ``31 dec``, ``December 31``, ``31 December 2023``, ``2023-12-31``, ``12/31`` (31 cannot
be a month, so it is the day; otherwise day-first) and Excel date serials (``45291``). The year of a
full date is ignored. ``3112`` is not read.

``parse``, ``parse_day`` and ``parse_month`` return the numbers as read, even out of range
(``32``), so that :func:`check` can say which part is wrong; ``day_expr``/``month_expr`` give the
clean column values (in range only). Both engines share one grammar on folded text.

Examples:

>>> compact("31/12")
'31-12'
>>> is_valid("3112")
False
>>> check("31-02").code
'fiscal_year_end.no_such_date'
"""

from __future__ import annotations

import datetime
import re
import sys
from collections.abc import Callable
from types import ModuleType

import polars as pl

from clientmig import errors
from clientmig._polars import IntoExprColumn, parse_into_expr
from clientmig._text import squash_spaces, squash_spaces_expr
from clientmig.issues import Severity
from clientmig.validators import Finding, finding_for
from clientmig.validators.date import fold_text, fold_text_expr, month_number, month_number_expr

NAME = "fiscal_year_end"

CODES: dict[str, tuple[Severity, str]] = {
    "fiscal_year_end.day_range": ("error", "The fiscal year-end day is not between 1 and 31."),
    "fiscal_year_end.month_range": ("error", "The fiscal year-end month is not between 1 and 12."),
    "fiscal_year_end.no_such_date": (
        "error",
        "This day does not exist in that month.",
    ),
    "fiscal_year_end.feb29": ("warning", "29 February exists only in leap years."),
    "fiscal_year_end.unparseable": ("error", "This is not a day, a month or a date."),
    "fiscal_year_end.incomplete": ("error", "A fiscal year-end needs both a day and a month."),
}

# ---------------------------------------------------------------- grammar (shared by both engines)

_TIME = r"(?:[ t][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?: ?[ap]m)?z?)?"
_SEP = r"(?: ?[-/.] ?| )"
_YEAR = r"(?:[ ,./-]+(?:[0-9]{4}|[0-9]{2}))?"
_NUMBER = r"^0*([0-9]{1,2})(?:\.0+)?$"
_SERIAL = r"^([1-9][0-9]{4})(?:\.[0-9]+)?$"
_ISO = r"^[0-9]{4}[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})" + _TIME + "$"
_NUMERIC = (
    r"^([0-9]{1,2})"
    + _SEP
    + r"([0-9]{1,2})(?:"
    + _SEP
    + r"(?:[0-9]{4}|[0-9]{2}))?\.?"
    + _TIME
    + "$"
)
_DAY_NAME = r"^([0-9]{1,2})[ .,/-]*([a-z]+)\.?" + _YEAR + "$"
_NAME_DAY = r"^([a-z]+)\.?[ .,/-]*([0-9]{1,2})" + _YEAR + "$"
_NAME = r"^([a-z]+)\.?$"

_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_THIRTY_DAYS = (4, 6, 9, 11)

Parts = tuple[int | None, int | None]


def _match(pattern: str, text: str) -> tuple[str, ...] | None:
    m = re.fullmatch(pattern[1:-1], text)
    return None if m is None else m.groups()


def _read_numeric(a: int, b: int) -> Parts:
    """``a/b``: day-first, unless only ``b`` can be the day (``12/31``)."""
    if a <= 12 < b <= 31:
        return b, a
    return a, b


def _read_dates(text: str) -> Parts | None:
    """Day and month of a combined form with both parts, else None."""
    if (g := _match(_SERIAL, text)) is not None:
        found = _EXCEL_EPOCH + datetime.timedelta(days=int(g[0]))
        return found.day, found.month
    if (g := _match(_ISO, text)) is not None:
        return int(g[1]), int(g[0])
    if (g := _match(_NUMERIC, text)) is not None:
        return _read_numeric(int(g[0]), int(g[1]))
    if (g := _match(_DAY_NAME, text)) is not None and (m := month_number(g[1])) is not None:
        return int(g[0]), m
    if (g := _match(_NAME_DAY, text)) is not None and (m := month_number(g[0])) is not None:
        return int(g[1]), m
    return None


# A fiscal year end given as a month alone ("december", XPM's "June", "12") is that month's
# last day; February counts 28 days.
LAST_DAY = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


def parse(value: str) -> Parts:
    """Return ``(day, month)`` as read; a lone number or month name is that month's last day."""
    text = fold_text(value)
    if (g := _match(_NUMBER, text)) is not None:
        month = int(g[0])
        return LAST_DAY.get(month), month
    if (g := _match(_NAME, text)) is not None:
        named = month_number(g[0])
        return (None if named is None else LAST_DAY.get(named)), named
    both = _read_dates(text)
    return (None, None) if both is None else both


def parse_day(value: str) -> int | None:
    """Day in a day column: a number (``31``, ``31.0``) or the day of a full form; else None."""
    text = fold_text(value)
    if (g := _match(_NUMBER, text)) is not None:
        return int(g[0])
    both = _read_dates(text)
    return None if both is None else both[0]


def parse_month(value: str) -> int | None:
    """Month in a month column: a number, a month name or the month of a full form; else None."""
    text = fold_text(value)
    if (g := _match(_NUMBER, text)) is not None:
        return int(g[0])
    return parse(value)[1]


def _in_range_parts(day: int | None, month: int | None) -> bool:
    return day is not None and month is not None and 1 <= day <= 31 and 1 <= month <= 12


def _date_code(day: int, month: int) -> str | None:
    """Code for an in-range day and month that may still not exist together."""
    if (day == 31 and month in (2, *_THIRTY_DAYS)) or (day == 30 and month == 2):
        return f"{NAME}.no_such_date"
    if day == 29 and month == 2:
        return f"{NAME}.feb29"
    return None


def _parts_code(day: int | None, month: int | None) -> str | None:
    if day is not None and not 1 <= day <= 31:
        return f"{NAME}.day_range"
    if month is not None and not 1 <= month <= 12:
        return f"{NAME}.month_range"
    if day is None or month is None:
        return f"{NAME}.incomplete"
    return _date_code(day, month)


def _code(value: str) -> str | None:
    if fold_text(value) == "":
        return None
    day, month = parse(value)
    if day is None and month is None:
        return f"{NAME}.unparseable"
    return _parts_code(day, month)


def _module() -> ModuleType:
    return sys.modules[__name__]


def _finding(code: str | None) -> Finding | None:
    return None if code is None else finding_for(_module(), code)


def compact(value: str) -> str:
    """``DD-MM`` when a day 1..31 and a month 1..12 are read, else the squashed text."""
    day, month = parse(value)
    if not _in_range_parts(day, month):
        return squash_spaces(value)
    return f"{day:02d}-{month:02d}"


def check(value: str) -> Finding | None:
    """Return the most severe finding for a combined value, or None when fine or empty."""
    return _finding(_code(value))


def validate(value: str) -> str:
    """Return ``DD-MM``, or raise an ``InvalidValue`` subclass (errors only)."""
    found = check(value)
    if found is not None and found.severity == "error":
        error = (
            errors.InvalidComponent
            if found.code.endswith(("_range", "no_such_date"))
            else errors.InvalidFormat
        )
        raise error(f"{found.message} ({value})", code=found.code)
    return compact(value)


def is_valid(value: object) -> bool:
    """Return whether ``value`` is a day and month without an error (29/02 is valid)."""
    if not isinstance(value, str) or fold_text(value) == "":
        return False
    found = check(value)
    return found is None or found.severity != "error"


def format(value: str) -> str:
    """Display form ``DD/MM`` (``31/12``); the squashed text when :func:`compact` keeps it."""
    day, month = parse(value)
    if not _in_range_parts(day, month):
        return squash_spaces(value)
    return f"{day:02d}/{month:02d}"


# ---------------------------------------------------------------- pair API (two columns)


def _field_code(
    value: str | None, read: int | None, low: int, high: int, reason: str
) -> str | None:
    if value is None or fold_text(value) == "":
        return None
    if read is None:
        return f"{NAME}.unparseable"
    return None if low <= read <= high else f"{NAME}.{reason}"


def check_pair(day: str | None, month: str | None) -> Finding | None:
    """Finding for separate day and month cells: each part first, then the pair together."""
    day_read = None if day is None else parse_day(day)
    month_read = None if month is None else parse_month(month)
    field_code = _field_code(day, day_read, 1, 31, "day_range") or _field_code(
        month, month_read, 1, 12, "month_range"
    )
    if field_code is not None:
        return _finding(field_code)
    if day_read is None and month_read is None:
        return None
    if day_read is None or month_read is None:
        return _finding(f"{NAME}.incomplete")
    return _finding(_date_code(day_read, month_read))


# ---------------------------------------------------------------- vectorised twins
#
# The twins run as a few staged ``with_columns`` steps over the whole column (no per-row Python):
# one nested expression would repeat every shared part many times.


def _int(expr: pl.Expr) -> pl.Expr:
    return expr.cast(pl.Int64, strict=False)


def _read_stage() -> dict[str, pl.Expr]:
    text = pl.col("text")
    return {
        "number": _int(text.str.extract(_NUMBER, 1)),
        "name": text.str.extract(_NAME, 1),
        "serial": _int(text.str.extract(_SERIAL, 1)),
        "iso_m": _int(text.str.extract(_ISO, 1)),
        "iso_d": _int(text.str.extract(_ISO, 2)),
        "a": _int(text.str.extract(_NUMERIC, 1)),
        "b": _int(text.str.extract(_NUMERIC, 2)),
        "dn_d": _int(text.str.extract(_DAY_NAME, 1)),
        "dn_m": month_number_expr(text.str.extract(_DAY_NAME, 2)),
        "nd_m": month_number_expr(text.str.extract(_NAME_DAY, 1)),
        "nd_d": _int(text.str.extract(_NAME_DAY, 2)),
    }


def _forms_stage() -> dict[str, pl.Expr]:
    """Vectorised :func:`_read_dates`: ``both_day``/``both_month``, null when no form fits."""
    c = pl.col
    found = pl.lit(_EXCEL_EPOCH) + pl.duration(days=c("serial"))
    swap = (c("a") <= 12) & (c("b") > 12) & (c("b") <= 31)
    forms = [  # (applies, day, month) in the scalar parser's order
        (c("serial").is_not_null(), _int(found.dt.day()), _int(found.dt.month())),
        (c("iso_m").is_not_null(), c("iso_d"), c("iso_m")),
        (
            c("a").is_not_null(),
            pl.when(swap).then(c("b")).otherwise(c("a")),
            pl.when(swap).then(c("a")).otherwise(c("b")),
        ),
        (c("dn_m").is_not_null(), c("dn_d"), c("dn_m")),
        (c("nd_m").is_not_null(), c("nd_d"), c("nd_m")),
    ]
    day: pl.Expr = pl.lit(None, pl.Int64)
    month: pl.Expr = pl.lit(None, pl.Int64)
    for applies, form_day, form_month in reversed(forms):
        day = pl.when(applies).then(form_day).otherwise(day)
        month = pl.when(applies).then(form_month).otherwise(month)
    return {"both_day": day, "both_month": month}


def _parse_stage() -> dict[str, pl.Expr]:
    """Vectorised :func:`parse` (``day``, ``month``) and :func:`parse_month` (``month_only``)."""
    c = pl.col
    number, name = c("number"), c("name")
    month = (
        pl.when(number.is_not_null())
        .then(number)
        .when(name.is_not_null())
        .then(month_number_expr(name))
        .otherwise(c("both_month"))
    )
    last_day = month.replace_strict(LAST_DAY, default=None, return_dtype=pl.Int64)
    return {
        "day": pl.when(number.is_not_null() | name.is_not_null())
        .then(last_day)
        .otherwise(c("both_day")),
        "day_only": pl.when(number.is_not_null()).then(number).otherwise(c("both_day")),
        "month": month,
        "month_only": pl.coalesce(number, month),
    }


def _parts_frame(values: pl.Series) -> pl.DataFrame:
    """``raw, text, day, month, month_only`` for every value of a column."""
    frame = pl.DataFrame({"raw": values.cast(pl.String)}).with_columns(
        text=fold_text_expr(pl.col("raw"))
    )
    frame = frame.with_columns(**_read_stage()).with_columns(**_forms_stage())
    return frame.with_columns(**_parse_stage()).select(
        "raw", "text", "day", "day_only", "month", "month_only"
    )


def _in_range(day: pl.Expr, month: pl.Expr) -> pl.Expr:
    return day.is_between(1, 31) & month.is_between(1, 12)


def _date_code_expr(day: pl.Expr, month: pl.Expr) -> pl.Expr:
    impossible = ((day == 31) & month.is_in([2, *_THIRTY_DAYS])) | ((day == 30) & (month == 2))
    return (
        pl.when(impossible)
        .then(pl.lit(f"{NAME}.no_such_date"))
        .when((day == 29) & (month == 2))
        .then(pl.lit(f"{NAME}.feb29"))
        .otherwise(pl.lit(None, pl.String))
    )


def _per_column(column: IntoExprColumn, out: Callable[[], pl.Expr]) -> pl.Expr:
    """Run ``out`` (over :func:`_parts_frame` columns) as an elementwise expression."""

    def run(values: pl.Series) -> pl.Series:
        return _parts_frame(values).select(out()).to_series().rename(values.name)

    return parse_into_expr(column).map_batches(run, return_dtype=pl.String, is_elementwise=True)


def _compact_out() -> pl.Expr:
    day, month = pl.col("day"), pl.col("month")
    both = pl.concat_str(_pad(day), _pad(month), separator="-")
    return pl.when(_in_range(day, month)).then(both).otherwise(squash_spaces_expr(pl.col("raw")))


def _pad(expr: pl.Expr) -> pl.Expr:
    return expr.cast(pl.String).str.zfill(2)


def _issue_out() -> pl.Expr:
    text, day, month = pl.col("text"), pl.col("day"), pl.col("month")
    return (
        pl.when(text.is_null() | (text == ""))
        .then(pl.lit(None, pl.String))
        .when(day.is_null() & month.is_null())
        .then(pl.lit(f"{NAME}.unparseable"))
        .when(day.is_not_null() & ~day.is_between(1, 31))
        .then(pl.lit(f"{NAME}.day_range"))
        .when(month.is_not_null() & ~month.is_between(1, 12))
        .then(pl.lit(f"{NAME}.month_range"))
        .when(day.is_null() | month.is_null())
        .then(pl.lit(f"{NAME}.incomplete"))
        .otherwise(_date_code_expr(day, month))
    )


def _clean_out(part: str, high: int) -> Callable[[], pl.Expr]:
    def out() -> pl.Expr:
        read = pl.col(part)
        return pl.when(read.is_between(1, high)).then(read.cast(pl.String)).otherwise(None)

    return out


def compact_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`compact`; null in, null out."""
    return _per_column(column, _compact_out)


def issue_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised ``check(value).code``; null when fine, empty or null."""
    return _per_column(column, _issue_out)


def day_expr(column: IntoExprColumn) -> pl.Expr:
    """Clean day column: ``"1"``..``"31"`` without a leading zero, null when empty or not a day."""
    return _per_column(column, _clean_out("day_only", 31))


def month_expr(column: IntoExprColumn) -> pl.Expr:
    """Clean month column: ``"1"``..``"12"``, null when empty or not a month."""
    return _per_column(column, _clean_out("month_only", 12))


def _field_code_expr(text: pl.Expr, read: pl.Expr, high: int, reason: str) -> pl.Expr:
    return (
        pl.when(text.is_null() | (text == ""))
        .then(pl.lit(None, pl.String))
        .when(read.is_null())
        .then(pl.lit(f"{NAME}.unparseable"))
        .when(~read.is_between(1, high))
        .then(pl.lit(f"{NAME}.{reason}"))
        .otherwise(pl.lit(None, pl.String))
    )


def _pair_series(pairs: pl.Series) -> pl.Series:
    days = _parts_frame(pairs.struct.field("day")).select(day_text="text", day_read="day_only")
    months = _parts_frame(pairs.struct.field("month")).select(
        month_text="text", month_read="month_only"
    )
    c = pl.col
    day_missing = c("day_text").is_null() | (c("day_text") == "")
    month_missing = c("month_text").is_null() | (c("month_text") == "")
    code = pl.coalesce(
        _field_code_expr(c("day_text"), c("day_read"), 31, "day_range"),
        _field_code_expr(c("month_text"), c("month_read"), 12, "month_range"),
        pl.when(day_missing & month_missing)
        .then(pl.lit(None, pl.String))
        .when(day_missing | month_missing)
        .then(pl.lit(f"{NAME}.incomplete"))
        .otherwise(_date_code_expr(c("day_read"), c("month_read"))),
    )
    return pl.concat([days, months], how="horizontal").select(code).to_series()


def pair_issue_expr(day_column: IntoExprColumn, month_column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`check_pair` code (named after the day column): null when fine or both
    cells are empty."""
    day, month = parse_into_expr(day_column), parse_into_expr(month_column)
    pairs = pl.struct(day.cast(pl.String).alias("day"), month.cast(pl.String).alias("month"))
    code = pairs.map_batches(_pair_series, return_dtype=pl.String, is_elementwise=True)
    roots = day.meta.root_names()
    return code.alias(roots[0]) if roots else code
