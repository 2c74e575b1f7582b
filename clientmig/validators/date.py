"""Dates (birth dates, client-since dates): ISO ``YYYY-MM-DD`` out of whatever the export holds.

Accepted: ISO dates and datetimes, ``20030925``, numeric ``D/M/Y`` or ``M/D/Y`` (``/``, ``-``,
``.`` or a space), two-digit years, month names in English, Dutch, French, German, Romanian and
Latvian (``3rd of May 2001``, ``Thu Sep 25 2003``: a weekday is ignored), Excel serials and
Google's year-less ``--MM-DD``. A time part is dropped (``date.time_dropped`` when it was not
midnight). Day-first is never assumed: with ``order=None`` a numeric date is read only when one
reading alone is a real date (``30/07/1985``); ``05/07/1985`` is ``date.ambiguous``.
``order="DMY"``, ``"MDY"`` or ``"YMD"`` settles it (the column's evidence, :func:`detect_order`,
else the country's custom, :func:`country_order`); a value that is a date only the other way
round is ``date.other_order``, with that reading as the suggestion.
``kind="birth"`` adds the ``future`` and ``too_old`` checks against today's date: a birth date is
valid from exactly 120 years ago to the day (born 2026-12-07 is too old on 2146-12-08, not on
2146-12-07) up to today; a two-digit birth year is read within the last hundred years.

Scalar and vectorised forms share one grammar: the text is squashed, lower-cased and stripped of
accents, then matched against the same ASCII-only regular expressions in both engines.

Examples:

>>> compact("30/07/1985")
'1985-07-30'
>>> compact("07/30/1985")
'1985-07-30'
>>> is_valid("31/02/1990")
False
>>> check("31/02/1990").code
'date.invalid'
"""

from __future__ import annotations

import datetime
import re
import sys
from dataclasses import dataclass
from types import ModuleType

import polars as pl

from clientmig import errors
from clientmig._polars import IntoExprColumn, parse_into_expr
from clientmig._text import fold_accents, fold_accents_expr, squash_spaces, squash_spaces_expr
from clientmig.issues import Severity
from clientmig.validators import Finding, finding_for

NAME = "date"

CODES: dict[str, tuple[Severity, str]] = {
    "date.invalid": ("error", "This is not a real date."),
    "date.future": ("error", "This birth date lies in the future."),
    "date.too_old": ("error", "This birth date is more than 120 years ago."),
    "date.ambiguous": (
        "warning",
        "This date reads both day-first and month-first; give the column's order.",
    ),
    "date.other_order": (
        "error",
        "Not a date in the column's day/month order; read the other way round it is the "
        "suggestion.",
    ),
    "date.placeholder": ("info", "A placeholder date (such as 0/0/00) was emptied."),
    "date.time_dropped": ("info", "A time of day was dropped: this field holds a date only."),
    "date.no_year": (
        "info",
        "A date without a year (a birthday): import files take full dates, so it is left out.",
    ),
}

ORDERS = ("DMY", "MDY", "YMD")
KINDS = ("any", "birth")
MAX_AGE_YEARS = 120
# Countries that write numeric dates month first; those that write the year first (so a
# year-last value is foreign there) decide nothing; everyone else writes the day first.
MONTH_FIRST = frozenset({"US", "PH", "FM", "MH", "PW", "AS", "GU", "MP", "PR", "UM", "VI"})
YEAR_FIRST = frozenset({"CN", "JP", "KR", "KP", "TW", "MN", "HU", "LT", "IR"})


def country_order(country: str | None) -> str | None:
    """The order a country writes numeric dates in (``"DMY"``/``"MDY"``), None when unknown or
    year-first."""
    if country is None or len(country.strip()) != 2:
        return None
    code = country.strip().upper()
    if code in YEAR_FIRST:
        return None
    return "MDY" if code in MONTH_FIRST else "DMY"


# Month names and abbreviations, lower-case and without accents, per language.
_MONTHS_BY_LANGUAGE: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": (
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    "nl": (
        ("januari",),
        ("februari",),
        ("maart", "mrt", "maa"),
        ("april",),
        ("mei",),
        ("juni",),
        ("juli",),
        ("augustus",),
        ("september",),
        ("oktober", "okt"),
        ("november",),
        ("december",),
    ),
    "fr": (
        ("janvier", "janv"),
        ("fevrier", "fevr", "fev"),
        ("mars",),
        ("avril", "avr"),
        ("mai",),
        ("juin",),
        ("juillet", "juil"),
        ("aout", "aou"),
        ("septembre",),
        ("octobre",),
        ("novembre",),
        ("decembre",),
    ),
    "de": (
        ("januar", "janner", "jaenner"),
        ("februar",),
        ("marz", "maerz", "mrz"),
        ("april",),
        ("mai",),
        ("juni",),
        ("juli",),
        ("august",),
        ("september",),
        ("oktober",),
        ("november",),
        ("dezember", "dez"),
    ),
    "ro": (
        ("ianuarie", "ian"),
        ("februarie",),
        ("martie",),
        ("aprilie",),
        ("mai",),
        ("iunie", "iun"),
        ("iulie", "iul"),
        ("august",),
        ("septembrie",),
        ("octombrie",),
        ("noiembrie", "noi"),
        ("decembrie",),
    ),
    "lv": (
        ("janvaris",),
        ("februaris",),
        ("marts",),
        ("aprilis",),
        ("maijs",),
        ("junijs",),
        ("julijs",),
        ("augusts",),
        ("septembris",),
        ("oktobris",),
        ("novembris",),
        ("decembris",),
    ),
}


def _month_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for months in _MONTHS_BY_LANGUAGE.values():
        for number, names in enumerate(months, start=1):
            for name in names:
                if table.setdefault(name, number) != number:  # pragma: no cover - table check
                    msg = f"month name {name!r} means two months"
                    raise AssertionError(msg)
    return table


# Every accepted month token (lower-case, accent-free) -> month number 1..12.
MONTH_NAMES: dict[str, int] = _month_table()


def fold_text(value: str) -> str:
    """Squash spaces, lower-case, drop accents (``Décembre`` -> ``decembre``)."""
    return fold_accents(squash_spaces(value).lower())


def fold_text_expr(expr: pl.Expr) -> pl.Expr:
    """Vectorised :func:`fold_text`."""
    return fold_accents_expr(squash_spaces_expr(expr).str.to_lowercase())


def month_number(token: str | None) -> int | None:
    """Month number of a folded month token (``dec``, ``decembre``), else None."""
    return None if token is None else MONTH_NAMES.get(token)


def month_number_expr(token: pl.Expr) -> pl.Expr:
    """Vectorised :func:`month_number` (Int64)."""
    return token.replace_strict(MONTH_NAMES, default=None, return_dtype=pl.Int64)


# ---------------------------------------------------------------- grammar (shared by both engines)

_CLOCK = r"(?:t[0-9]{1,2}|[ t][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?)"
_ZONE = r"(?: ?[ap]m)?(?:z|[+-][0-9]{2}(?::?[0-9]{2})?)?"
_TIME = rf"(?:{_CLOCK}{_ZONE})?"
# A time that is not midnight (its digits hold a 1-9), at the end of the text.
_TIME_SET = r"(?:[ t][0-9]{1,2}:[0-9]{2}|[0-9]t[0-9])"
_TIME_NONZERO = r"(?:[ t]|[0-9]t)[0-9:.,]*[1-9][0-9:.,]*" + _ZONE + "$"
_SEP = r"(?: ?[-/.] ?| )"
_WEEKDAY = (
    r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|lundi|mardi"
    r"|mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|mittwoch|donnerstag|freitag"
    r"|samstag|sonntag)\.?,? "
)
# 20030925 (years 1800-2199), optionally with a run-together time: 20030925T104941.
_COMPACT = (
    r"^((?:1[89]|2[01])[0-9]{2})([01][0-9])([0-3][0-9])"
    r"(?:t[0-9]{2}(?::?[0-9]{2}){0,2}(?:[.,][0-9]+)?)?$"
)
_PLACEHOLDER = (
    r"^(?:[0 ./-]+|1900[-/.]0?1[-/.]00|00?[-/.]0?1[-/.]1900|n/?a|none|null|unknown|onbekend"
    r"|inconnu|geen|nvt|\?+)$"
)
_NO_YEAR = r"^--([0-9]{1,2})-([0-9]{1,2})$"
_SERIAL = r"^([1-9][0-9]{3,4})(?:\.[0-9]+)?$"
_ISO = r"^([0-9]{4})[-/. ]([0-9]{1,2})[-/. ]([0-9]{1,2})" + _TIME + "$"
_NUMERIC = r"^([0-9]{1,2})" + _SEP + r"([0-9]{1,2})" + _SEP + r"([0-9]{4}|[0-9]{2})" + _TIME + "$"
_DAY_NAME = (
    r"^([0-9]{1,2})(?:st|nd|rd|th|er)?(?: of | de )?[ .,/-]*([a-z]+)\.?"
    r"[ ,./-]*'?([0-9]{4}|[0-9]{2})" + _TIME + "$"
)
# Unix ``date`` puts the time between the day and the year: Thu Sep 25 10:36:28 2003.
_NAME_DAY = (
    r"^([a-z]+)\.?[ ,./-]*([0-9]{1,2})(?:st|nd|rd|th)?(?: [0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?"
    r"[ ,./-]+'?([0-9]{4}|[0-9]{2})" + _TIME + "$"
)

_EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 61 and up; Excel's fictional 1900-02-29 is 60
# Plausible serials: 1000 .. 2099-12-31; four-digit numbers that look like a year are not serials.
_SERIAL_MAX = (datetime.date(2099, 12, 31) - _EXCEL_EPOCH).days
_YEAR_LIKE = (1800, 2100)
_OUTLOOK_NONE = (4501, 1, 1)  # Outlook's "no date"


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _is_real(year: int, month: int, day: int) -> bool:
    return 1 <= year <= 9999 and 1 <= month <= 12 and 1 <= day <= _days_in_month(year, month)


def _full_year(yy: str, kind: str, today: datetime.date) -> int:
    """A four-digit year as is; two digits by the pivot (birth: not after this year)."""
    if len(yy) == 4:
        return int(yy)
    short = int(yy)
    if kind == "birth":  # the last hundred years up to this one: never in the future
        century = today.year - today.year % 100
        return century + short if short <= today.year % 100 else century - 100 + short
    return 2000 + short if short <= 68 else 1900 + short


@dataclass(frozen=True, slots=True)
class _Parsed:
    """What a value reads as: ``status`` plus the date parts when it is a date (for
    ``other_order``, the parts of the other reading)."""

    status: str  # empty, placeholder, no_year, date, ambiguous, other_order, invalid
    year: int = 0
    month: int = 0
    day: int = 0


def _options(order: str | None, kind: str) -> tuple[str | None, str]:
    order = order or None  # "" (cleaning's "no order") is None
    if order is not None and order not in ORDERS:
        msg = f"unknown date order {order!r}; expected one of {', '.join(ORDERS)} or None"
        raise ValueError(msg)
    if kind not in KINDS:
        msg = f"unknown date kind {kind!r}; expected one of {', '.join(KINDS)}"
        raise ValueError(msg)
    return order, kind


def _date(year: int, month: int, day: int) -> _Parsed:
    if not _is_real(year, month, day):
        return _Parsed("invalid")
    if (year, month, day) == _OUTLOOK_NONE:
        return _Parsed("placeholder")
    return _Parsed("date", year, month, day)


def _numeric(a: int, b: int, year: int, order: str | None) -> _Parsed:
    """Read ``a/b/year`` by ``order``; without one, only when a single reading is real."""
    if order in ("DMY", "MDY"):
        first, other = ((b, a), (a, b)) if order == "DMY" else ((a, b), (b, a))
        if not _is_real(year, *first) and _is_real(year, *other):
            return _Parsed("other_order", year, *other)
        return _date(year, *first)
    day_first = _is_real(year, b, a)
    month_first = _is_real(year, a, b)
    if day_first and month_first and a != b:
        return _Parsed("ambiguous")
    if month_first and not day_first:
        return _date(year, a, b)
    return _date(year, b, a)


def _serial(n: int) -> _Parsed:
    if n > _SERIAL_MAX or _YEAR_LIKE[0] <= n <= _YEAR_LIKE[1]:
        return _Parsed("invalid")
    found = _EXCEL_EPOCH + datetime.timedelta(days=n)
    return _Parsed("date", found.year, found.month, found.day)


def _match(pattern: str, text: str) -> tuple[str, ...] | None:
    m = re.fullmatch(pattern[1:-1], text)
    return None if m is None else m.groups()


def _parse_numbers(text: str, order: str | None, kind: str, today: datetime.date) -> _Parsed:
    if (g := _match(_SERIAL, text)) is not None:
        return _serial(int(g[0]))
    if (g := _match(_COMPACT, text)) is not None:
        return _date(int(g[0]), int(g[1]), int(g[2]))
    if (g := _match(_ISO, text)) is not None:
        return _date(int(g[0]), int(g[1]), int(g[2]))
    if (g := _match(_NUMERIC, text)) is not None:
        a, b, yy = int(g[0]), int(g[1]), g[2]
        if order == "YMD" and len(yy) == 2:
            return _date(_full_year(g[0].zfill(2), kind, today), b, int(yy))
        return _numeric(a, b, _full_year(yy, kind, today), None if order == "YMD" else order)
    return _Parsed("invalid")


def _parse_names(text: str, kind: str, today: datetime.date) -> _Parsed | None:
    if (g := _match(_DAY_NAME, text)) is not None and (m := month_number(g[1])) is not None:
        return _date(_full_year(g[2], kind, today), m, int(g[0]))
    if (g := _match(_NAME_DAY, text)) is not None and (m := month_number(g[0])) is not None:
        return _date(_full_year(g[2], kind, today), m, int(g[1]))
    return None


def _text(value: str) -> str:
    """The folded text the grammar reads (no leading weekday)."""
    return re.sub(_WEEKDAY, "", fold_text(value))


def _parse(value: str, order: str | None, kind: str, today: datetime.date) -> _Parsed:
    text = _text(value)
    if text == "":
        return _Parsed("empty")
    if _match(_PLACEHOLDER, text) is not None:
        return _Parsed("placeholder")
    if (g := _match(_NO_YEAR, text)) is not None:
        month, day = int(g[0]), int(g[1])
        return (
            _Parsed("no_year", 0, month, day) if _is_real(2000, month, day) else _Parsed("invalid")
        )
    named = _parse_names(text, kind, today)
    return named if named is not None else _parse_numbers(text, order, kind, today)


def _to_int(year: int, month: int, day: int) -> int:
    return year * 10000 + month * 100 + day


def _birth_bounds(today: datetime.date) -> tuple[int, int]:
    """(oldest allowed, newest allowed) birth dates as ``YYYYMMDD`` integers."""
    oldest = _to_int(today.year - MAX_AGE_YEARS, today.month, today.day)
    return oldest, _to_int(today.year, today.month, today.day)


def _time_code(text: str) -> str | None:
    """``date.time_dropped`` when the text ends in a time of day other than midnight."""
    if re.search(_TIME_SET, text) and re.search(_TIME_NONZERO, text):
        return f"{NAME}.time_dropped"
    return None


def _code(value: str, order: str | None, kind: str, today: datetime.date) -> str | None:
    parsed = _parse(value, order, kind, today)
    if parsed.status == "date":
        if kind == "birth":
            oldest, newest = _birth_bounds(today)
            stamp = _to_int(parsed.year, parsed.month, parsed.day)
            if stamp > newest:
                return "date.future"
            if stamp < oldest:
                return "date.too_old"
        return _time_code(_text(value))
    if parsed.status == "empty":
        return None
    return f"{NAME}.{parsed.status}"


def _module() -> ModuleType:
    return sys.modules[__name__]


# ---------------------------------------------------------------- scalar API


def parse(value: str, *, order: str | None = None, kind: str = "any") -> datetime.date | None:
    """Return the date a value holds, or None (empty, placeholder, year-less, ambiguous, junk)."""
    order, kind = _options(order, kind)
    parsed = _parse(value, order, kind, datetime.date.today())
    if parsed.status != "date":
        return None
    return datetime.date(parsed.year, parsed.month, parsed.day)


def compact(value: str, *, order: str | None = None, kind: str = "any") -> str:
    """ISO ``YYYY-MM-DD`` (``--MM-DD`` without a year, ``""`` for placeholders), else the text."""
    order, kind = _options(order, kind)
    parsed = _parse(value, order, kind, datetime.date.today())
    if parsed.status == "date":
        return f"{parsed.year:04d}-{parsed.month:02d}-{parsed.day:02d}"
    if parsed.status == "no_year":
        return f"--{parsed.month:02d}-{parsed.day:02d}"
    if parsed.status in ("placeholder", "empty"):
        return ""
    return squash_spaces(value)


def check(value: str, *, order: str | None = None, kind: str = "any") -> Finding | None:
    """Return the most severe finding for one date, or None when it is fine or empty."""
    order, kind = _options(order, kind)
    today = datetime.date.today()
    code = _code(value, order, kind, today)
    if code is None:
        return None
    suggestion = None
    if code == "date.ambiguous":
        suggestion = "DMY or MDY"
    elif code == "date.time_dropped":
        suggestion = compact(value, order=order, kind=kind)
    elif code == "date.other_order":
        other = _parse(value, order, kind, today)
        suggestion = f"{other.year:04d}-{other.month:02d}-{other.day:02d}"
    return finding_for(_module(), code, suggestion=suggestion)


def validate(value: str, *, order: str | None = None, kind: str = "any") -> str:
    """Return the ISO date, or raise an ``InvalidValue`` subclass (errors only)."""
    found = check(value, order=order, kind=kind)
    if found is not None and found.severity == "error":
        error = errors.InvalidFormat if found.code == "date.invalid" else errors.InvalidComponent
        raise error(f"{found.message} ({value})", code=found.code)
    return compact(value, order=order, kind=kind)


def is_valid(value: object, *, order: str | None = None, kind: str = "any") -> bool:
    """Return whether ``value`` is a non-empty date without an error finding; never raises."""
    if not isinstance(value, str):
        return False
    try:
        if compact(value, order=order, kind=kind) == "":
            return False
        found = check(value, order=order, kind=kind)
    except ValueError:
        return False
    return found is None or found.severity != "error"


def format(value: str, *, order: str | None = None, kind: str = "any") -> str:
    """Display form: ISO, the same as :func:`compact`."""
    return compact(value, order=order, kind=kind)


# ---------------------------------------------------------------- vectorised twins
#
# The twins run as a few staged ``with_columns`` steps over the whole column (one regex pass per
# group, no per-row Python): one nested expression would repeat every shared part many times.


def _is_real_expr(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    days = (
        pl.when(month == 2)
        .then(pl.when(leap).then(29).otherwise(28))
        .when(month.is_in([4, 6, 9, 11]))
        .then(30)
        .otherwise(31)
    )
    return (
        year.is_between(1, 9999) & month.is_between(1, 12) & (day >= 1) & (day <= days)
    ).fill_null(False)


def _full_year_expr(yy: pl.Expr, kind: str, today: datetime.date) -> pl.Expr:
    short = yy.cast(pl.Int64, strict=False)
    pivot, century = (
        (today.year % 100, today.year - today.year % 100) if kind == "birth" else (68, 2000)
    )
    two_digit = pl.when(short <= pivot).then(short + century).otherwise(short + century - 100)
    return pl.when(yy.str.len_chars() == 4).then(short).otherwise(two_digit)


def _int(expr: pl.Expr) -> pl.Expr:
    return expr.cast(pl.Int64, strict=False)


def _groups(prefix: str, pattern: str, count: int) -> dict[str, pl.Expr]:
    text = pl.col("text")
    return {f"{prefix}{i}": text.str.extract(pattern, i) for i in range(1, count + 1)}


def _read_stage(kind: str, today: datetime.date) -> dict[str, pl.Expr]:
    """Numbers and month names out of the regex groups."""
    c = pl.col
    return {
        "dn_y": _full_year_expr(c("dn3"), kind, today),
        "dn_m": month_number_expr(c("dn2")),
        "dn_d": _int(c("dn1")),
        "nd_y": _full_year_expr(c("nd3"), kind, today),
        "nd_m": month_number_expr(c("nd1")),
        "nd_d": _int(c("nd2")),
        "serial": _int(c("se1")),
        "cp_y": _int(c("cp1")),
        "cp_m": _int(c("cp2")),
        "cp_d": _int(c("cp3")),
        "iso_y": _int(c("iso1")),
        "iso_m": _int(c("iso2")),
        "iso_d": _int(c("iso3")),
        "a": _int(c("num1")),
        "b": _int(c("num2")),
        "num_year": _full_year_expr(c("num3"), kind, today),
        "ymd_year": _full_year_expr(c("num1").str.zfill(2), kind, today),
        "ymd_day": _int(c("num3")),
        "short_year": c("num3").str.len_chars() == 2,
        "ny_m": _int(c("ny1")),
        "ny_d": _int(c("ny2")),
    }


def _serial_stage() -> dict[str, pl.Expr]:
    n = pl.col("serial")
    plausible = (n <= _SERIAL_MAX) & ~n.is_between(*_YEAR_LIKE)
    found = pl.lit(_EXCEL_EPOCH) + pl.duration(days=pl.when(plausible).then(n).otherwise(0))
    return {
        "se_y": pl.when(plausible).then(found.dt.year().cast(pl.Int64)).otherwise(0),
        "se_m": _int(found.dt.month()),
        "se_d": _int(found.dt.day()),
        "day_first": _is_real_expr(pl.col("num_year"), pl.col("b"), pl.col("a")),
        "month_first": _is_real_expr(pl.col("num_year"), pl.col("a"), pl.col("b")),
    }


def _numeric_stage(order: str | None) -> dict[str, pl.Expr]:
    """Year, month, day and a status override (``ambiguous``) of ``a/b/year`` by ``order``."""
    c = pl.col
    none = pl.lit(None, pl.String)
    if order in ("DMY", "MDY"):
        first, other = (
            ("day_first", "month_first") if order == "DMY" else ("month_first", "day_first")
        )
        month, day = ("b", "a") if order == "DMY" else ("a", "b")
        flipped = ~c(first) & c(other)
        return {
            "num_y": c("num_year"),
            "num_m": c(month),
            "num_d": c(day),
            "num_s": pl.when(flipped).then(pl.lit("other_order")).otherwise(none),
        }
    swap = c("month_first") & ~c("day_first")
    both = c("day_first") & c("month_first") & (c("a") != c("b"))
    loose = {
        "num_y": c("num_year"),
        "num_m": pl.when(swap).then(c("a")).otherwise(c("b")),
        "num_d": pl.when(swap).then(c("b")).otherwise(c("a")),
        "num_s": pl.when(both).then(pl.lit("ambiguous")).otherwise(none),
    }
    if order == "YMD":
        short = c("short_year")
        ymd = {"num_y": c("ymd_year"), "num_m": c("b"), "num_d": c("ymd_day"), "num_s": none}
        return {k: pl.when(short).then(ymd[k]).otherwise(loose[k]) for k in loose}
    return loose


def _pick_stage() -> dict[str, pl.Expr]:
    """The first reading that applies, in the scalar parser's order."""
    c = pl.col
    readings = [  # (applies, prefix)
        (c("dn_m").is_not_null(), "dn"),
        (c("nd_m").is_not_null(), "nd"),
        (c("serial").is_not_null(), "se"),
        (c("iso_y").is_not_null(), "iso"),
        (c("cp_y").is_not_null(), "cp"),
        (c("a").is_not_null(), "num"),
    ]
    picked: dict[str, pl.Expr] = {}
    for part in ("y", "m", "d"):
        expr: pl.Expr = pl.lit(None, pl.Int64)
        for applies, prefix in reversed(readings):
            expr = pl.when(applies).then(c(f"{prefix}_{part}")).otherwise(expr)
        picked[part] = expr
    picked["found"] = pl.any_horizontal(applies for applies, _ in readings)
    picked["override"] = (
        pl.when(pl.any_horizontal(a for a, _ in readings[:-1]))
        .then(pl.lit(None, pl.String))
        .otherwise(c("num_s"))
    )
    return picked


def _status_stage() -> pl.Expr:
    c = pl.col
    y, m, d = c("y"), c("m"), c("d")
    outlook = (y == _OUTLOOK_NONE[0]) & (m == _OUTLOOK_NONE[1]) & (d == _OUTLOOK_NONE[2])
    dated = (
        pl.when(c("override").is_not_null())
        .then(c("override"))
        .when(~_is_real_expr(y, m, d))
        .then(pl.lit("invalid"))
        .when(outlook)
        .then(pl.lit("placeholder"))
        .otherwise(pl.lit("date"))
    )
    no_year = _is_real_expr(pl.lit(2000), c("ny_m"), c("ny_d"))
    return (
        pl.when(c("text").is_null())
        .then(pl.lit(None, pl.String))
        .when(c("text") == "")
        .then(pl.lit("empty"))
        .when(c("text").str.contains(_PLACEHOLDER))
        .then(pl.lit("placeholder"))
        .when(c("ny_m").is_not_null())
        .then(pl.when(no_year).then(pl.lit("no_year")).otherwise(pl.lit("invalid")))
        .when(c("found"))
        .then(dated)
        .otherwise(pl.lit("invalid"))
    )


def _parts_frame(values: pl.Series, order: str | None, kind: str) -> pl.DataFrame:
    """Vectorised :func:`_parse`: ``raw, status, y, m, d`` (``m``/``d`` also for ``no_year``)."""
    today = datetime.date.today()
    frame = pl.DataFrame({"raw": values.cast(pl.String)}).with_columns(
        text=fold_text_expr(pl.col("raw")).str.replace(_WEEKDAY, "")
    )
    frame = frame.with_columns(
        **_groups("cp", _COMPACT, 3),
        **_groups("dn", _DAY_NAME, 3),
        **_groups("nd", _NAME_DAY, 3),
        **_groups("se", _SERIAL, 1),
        **_groups("iso", _ISO, 3),
        **_groups("num", _NUMERIC, 3),
        **_groups("ny", _NO_YEAR, 2),
    )
    frame = frame.with_columns(**_read_stage(kind, today)).with_columns(**_serial_stage())
    frame = frame.with_columns(**_numeric_stage(order)).with_columns(**_pick_stage())
    frame = frame.with_columns(status=_status_stage())
    no_year = pl.col("status") == "no_year"
    timed = pl.col("text").str.contains(_TIME_SET) & pl.col("text").str.contains(_TIME_NONZERO)
    return frame.select(
        "raw",
        "status",
        timed.alias("timed"),
        "y",
        m=pl.when(no_year).then(pl.col("ny_m")).otherwise(pl.col("m")),
        d=pl.when(no_year).then(pl.col("ny_d")).otherwise(pl.col("d")),
    )


def _pad(expr: pl.Expr, width: int) -> pl.Expr:
    return expr.cast(pl.String).str.zfill(width)


def _compact_series(values: pl.Series, order: str | None, kind: str) -> pl.Series:
    c = pl.col
    iso = pl.concat_str(_pad(c("y"), 4), _pad(c("m"), 2), _pad(c("d"), 2), separator="-")
    no_year = pl.concat_str(pl.lit("-"), _pad(c("m"), 2), _pad(c("d"), 2), separator="-")
    out = (
        pl.when(c("status") == "date")
        .then(iso)
        .when(c("status") == "no_year")
        .then(no_year)
        .when(c("status").is_in(["placeholder", "empty"]))
        .then(pl.lit(""))
        .otherwise(squash_spaces_expr(c("raw")))
    )
    frame = _parts_frame(values, order, kind)
    return frame.select(out).to_series().rename(values.name)


def _issue_series(values: pl.Series, order: str | None, kind: str) -> pl.Series:
    c = pl.col
    code: pl.Expr = pl.when(c("timed")).then(pl.lit(f"{NAME}.time_dropped"))
    if kind == "birth":
        oldest, newest = _birth_bounds(datetime.date.today())
        stamp = c("y") * 10000 + c("m") * 100 + c("d")
        code = (
            pl.when(stamp > newest)
            .then(pl.lit("date.future"))
            .when(stamp < oldest)
            .then(pl.lit("date.too_old"))
            .otherwise(code)
        )
    out = (
        pl.when(c("status") == "date")
        .then(code)
        .when(c("status").is_in(["invalid", "ambiguous", "other_order", "placeholder", "no_year"]))
        .then(pl.lit(f"{NAME}.") + c("status"))
        .otherwise(pl.lit(None, pl.String))
    )
    frame = _parts_frame(values, order, kind)
    return frame.select(out).to_series().rename(values.name)


def compact_expr(column: IntoExprColumn, *, order: str | None = None, kind: str = "any") -> pl.Expr:
    """Vectorised :func:`compact`; null in, null out."""
    order, kind = _options(order, kind)
    return parse_into_expr(column).map_batches(
        lambda s: _compact_series(s, order, kind), return_dtype=pl.String, is_elementwise=True
    )


def issue_expr(column: IntoExprColumn, *, order: str | None = None, kind: str = "any") -> pl.Expr:
    """Vectorised ``check(value).code``; null when fine, empty or null."""
    order, kind = _options(order, kind)
    return parse_into_expr(column).map_batches(
        lambda s: _issue_series(s, order, kind), return_dtype=pl.String, is_elementwise=True
    )


# ---------------------------------------------------------------- column-level order


def _numeric_parts(values: pl.Series) -> pl.DataFrame:
    """``a, b`` of every numeric ``a/b/year`` value (year last), as integers."""
    text = fold_text_expr(pl.col("v"))
    return (
        values.rename("v")
        .to_frame()
        .select(
            a=_int(text.str.extract(_NUMERIC, 1)),
            b=_int(text.str.extract(_NUMERIC, 2)),
        )
        .drop_nulls()
    )


def detect_order(values: pl.Series) -> str | None:
    """``"DMY"`` when some numeric date has a first number 13..31 (and none a second one),
    ``"MDY"`` for the reverse, None when there is no evidence or it conflicts; never raises."""
    if values.dtype != pl.String:
        return None
    parts = _numeric_parts(values.drop_nulls().unique())  # the evidence is in distinct values
    day_first = parts.filter(pl.col("a").is_between(13, 31) & pl.col("b").is_between(1, 12))
    month_first = parts.filter(pl.col("b").is_between(13, 31) & pl.col("a").is_between(1, 12))
    if day_first.height and not month_first.height:
        return "DMY"
    if month_first.height and not day_first.height:
        return "MDY"
    return None


def order_issue(values: pl.Series, *, kind: str = "any") -> Finding | None:
    """``date.ambiguous`` for a column of numeric dates that every value reads both ways."""
    if values.dtype != pl.String:
        return None
    values = values.drop_nulls().unique()
    if detect_order(values) is not None:
        return None
    parts = _numeric_parts(values)
    ambiguous = parts.filter(
        pl.col("a").is_between(1, 12) & pl.col("b").is_between(1, 12) & (pl.col("a") != pl.col("b"))
    )
    if ambiguous.is_empty():
        return None
    numeric = (
        values.rename("v").to_frame().filter(fold_text_expr(pl.col("v")).str.contains(_NUMERIC))
    )
    for order in ("DMY", "MDY"):
        codes = numeric.select(issue_expr(pl.col("v"), order=order, kind=kind))
        if codes.to_series().eq("date.invalid").any():
            return None
    return finding_for(_module(), "date.ambiguous", suggestion="DMY or MDY")
