"""Languages: codes, English and local names -> the lower-case ISO 639-1 code (``"nl"``).

A lookup table (pycountry's ISO 639 codes and English names, plus local and Dutch/French/German
names) is matched on the accent-, case- and punctuation-insensitive key of
:func:`clientmig.validators.country.lookup_key`; locale tags (``nl-BE``, ``fr_BE``) fall back to
their language.

Examples:

>>> compact("Nederlands")
'nl'
>>> is_valid("fr")
True
>>> check("Klingon").code
'language.unknown'
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache

import polars as pl
import pycountry

from clientmig._polars import IntoExprColumn, parse_into_expr
from clientmig._text import squash_spaces, squash_spaces_expr
from clientmig.issues import Severity
from clientmig.validators import Finding, finding_for
from clientmig.validators.country import lookup_key, lookup_key_expr

NAME = "language"

CODES: dict[str, tuple[Severity, str]] = {
    "language.unknown": ("warning", "This is not a language name or code clientmig knows."),
    "language.fixed": ("info", "Language written as its two-letter ISO code."),
}

# Local and translated names (any case, accents optional) -> ISO 639-1.
ALIASES: dict[str, str] = {
    **dict.fromkeys(
        ["Nederlands", "Vlaams", "Flemish", "Néerlandais", "Niederländisch", "Flamand"], "nl"
    ),
    **dict.fromkeys(["Frans", "Français", "Französisch", "Francais", "Frances"], "fr"),
    **dict.fromkeys(["Engels", "Anglais", "Englisch", "Inglés", "Inglese"], "en"),
    **dict.fromkeys(["Duits", "Deutsch", "Allemand", "Tedesco", "Alemán"], "de"),
    **dict.fromkeys(["Română", "Roemeens", "Roumain", "Rumänisch", "Rumano"], "ro"),
    **dict.fromkeys(["Latviešu", "Lets", "Letton", "Lettisch", "Latviesu valoda"], "lv"),
    **dict.fromkeys(["Español", "Spaans", "Espagnol", "Spanisch", "Castellano"], "es"),
    **dict.fromkeys(["Italiano", "Italiaans", "Italien", "Italienisch"], "it"),
    **dict.fromkeys(["Português", "Portugees", "Portugais", "Portugiesisch"], "pt"),
    **dict.fromkeys(["Polski", "Pools", "Polonais", "Polnisch"], "pl"),
    **dict.fromkeys(["Lëtzebuergesch", "Luxemburgs", "Luxembourgeois", "Luxemburgisch"], "lb"),
    **dict.fromkeys(["Türkçe", "Turks", "Turc", "Türkisch"], "tr"),
    **dict.fromkeys(["Arabisch", "Arabe", "العربية"], "ar"),
    **dict.fromkeys(["Русский", "Russisch", "Russe"], "ru"),
    **dict.fromkeys(["Lietuvių", "Litouws", "Lituanien", "Litauisch"], "lt"),
    **dict.fromkeys(["Eesti", "Ests", "Estonien", "Estnisch"], "et"),
    **dict.fromkeys(["Deens", "Danois", "Dänisch", "Dansk"], "da"),
    **dict.fromkeys(["Zweeds", "Suédois", "Schwedisch", "Svenska"], "sv"),
    **dict.fromkeys(["Grieks", "Grec", "Griechisch", "Ελληνικά"], "el"),
    **dict.fromkeys(["Chinees", "Chinois", "Chinesisch", "中文"], "zh"),
}


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    """Lookup key -> ISO 639-1: pycountry codes and English names first, aliases override."""
    table: dict[str, str] = {}
    for record in pycountry.languages:
        alpha_2 = getattr(record, "alpha_2", None)
        if alpha_2 is None:
            continue
        names = str(record.name).split(";")
        for text in (*names, record.alpha_3, getattr(record, "bibliographic", None), alpha_2):
            if text:
                table[lookup_key(text)] = alpha_2
    for alias, alpha_2 in ALIASES.items():
        table[lookup_key(alias)] = alpha_2
    table.pop("", None)
    return table


# A locale tag as a lookup key: "nl-BE", "fr_BE" and "en-GB" become "nl be", "fr be", "en gb".
_LOCALE_PATTERN = r"^([a-z]{2,3}) ([a-z]{2}|[0-9]{3})$"
_LOCALE_RE = re.compile(_LOCALE_PATTERN)


def _clean(value: str) -> str:
    return unicodedata.normalize("NFC", squash_spaces(value))


def _clean_expr(expr: pl.Expr) -> pl.Expr:
    return squash_spaces_expr(expr).str.normalize("NFC")


def iso639_1(value: str) -> str | None:
    """ISO 639-1 code for a language name, code or locale tag; None when unknown."""
    key = lookup_key(value)
    table = _table()
    if key in table:
        return table[key]
    locale = _LOCALE_RE.match(key)
    return None if locale is None else table.get(locale.group(1))


def compact(value: str) -> str:
    """ISO 639-1 code (``"Nederlands"`` -> ``"nl"``); unknown values only tidied."""
    return iso639_1(value) or _clean(value)


def _code(value: str) -> str | None:
    text = _clean(value)
    if text == "":
        return None
    if iso639_1(text) is None:
        return f"{NAME}.unknown"
    return f"{NAME}.fixed" if compact(value) != value else None


def check(value: str) -> Finding | None:
    """``language.unknown`` (warning), ``language.fixed`` (info) or None."""
    code = _code(value)
    if code is None:
        return None
    suggestion = compact(value) if code == f"{NAME}.fixed" else None
    return finding_for(sys.modules[__name__], code, suggestion=suggestion)


def validate(value: str) -> str:
    """Return :func:`compact`; this validator has no error findings, so it never raises."""
    return compact(value)


def is_valid(value: object) -> bool:
    """Whether ``value`` names a known language; never raises."""
    return isinstance(value, str) and iso639_1(value) is not None


def format(value: str) -> str:
    """Display form: the ISO 639-1 code."""
    return compact(value)


def _lookup(key: pl.Expr) -> pl.Expr:
    table = _table()
    return key.replace_strict(list(table), list(table.values()), default=None)


def iso639_1_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`iso639_1`."""
    key = lookup_key_expr(parse_into_expr(column))
    return pl.coalesce(_lookup(key), _lookup(key.str.extract(_LOCALE_PATTERN, 1)))


def compact_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`compact`; null in, null out."""
    expr = parse_into_expr(column)
    return pl.coalesce(iso639_1_expr(expr), _clean_expr(expr))


def issue_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised ``check(value).code``."""
    expr = parse_into_expr(column)
    return (
        pl.when(expr.is_null() | (_clean_expr(expr) == ""))
        .then(pl.lit(None, pl.String))
        .when(iso639_1_expr(expr).is_null())
        .then(pl.lit(f"{NAME}.unknown"))
        .when(compact_expr(expr) != expr)
        .then(pl.lit(f"{NAME}.fixed"))
        .otherwise(pl.lit(None, pl.String))
    )
