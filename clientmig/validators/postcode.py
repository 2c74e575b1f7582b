"""Postcodes per country: spacing, case and country prefixes normalised, then a shape check.

Every function takes ``country=`` (an ISO2 code or anything :func:`country.iso2` knows). Without
a country, or for a country without rules, a postcode is only tidied and never invalid.
Each country is a list of regex rewrites plus a validity pattern, applied identically by
``re`` and by Polars (ASCII-only patterns, so both engines agree).

Examples:

>>> compact("B-2000", country="BE")
'2000'
>>> compact("1012 ab", country="NL")
'1012 AB'
>>> check("99999", country="BE").code
'postcode.invalid'
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

import polars as pl

from clientmig._polars import IntoExprColumn, parse_into_expr
from clientmig._text import squash_spaces, squash_spaces_expr
from clientmig.issues import Severity
from clientmig.validators import Finding, finding_for
from clientmig.validators import country as country_validator

NAME = "postcode"

CODES: dict[str, tuple[Severity, str]] = {
    "postcode.invalid": ("warning", "This is not a postcode of its country."),
    "postcode.fixed": (
        "info",
        "Excel had made this postcode a number: its '.0' was removed or its lost leading zero "
        "restored.",
    ),
}


@dataclass(frozen=True, slots=True)
class Rule:
    """Rewrites ``(pattern, replacement)`` (Polars ``${1}`` syntax) and the valid shape."""

    rewrites: tuple[tuple[str, str], ...]
    valid: str


# Rewrites common to every country: an Excel float (``1000.0``), upper case done before.
_COMMON: tuple[tuple[str, str], ...] = ((r"^([0-9]+)\.0+$", "${1}"),)


def _prefix(*prefixes: str) -> tuple[str, str]:
    """Drop a country prefix (``B-1000``, ``BE 1000``, ``F-75001``) before a digit."""
    return (rf"^(?:{'|'.join(prefixes)}) ?[-‐–]? ?([0-9])", "${1}")


_PAD5 = (r"^([0-9]{4})$", "0${1}")  # Excel dropped the leading zero
_EXCEL_FLOAT = r"^[0-9]+\.0+$"
_FOUR_DIGITS = r"^[0-9]{4}(?:\.0+)?$"

RULES: dict[str, Rule] = {
    "BE": Rule((_prefix("BE", "B"),), r"^[1-9][0-9]{3}$"),
    "NL": Rule(
        (_prefix("NL"), (r"^([0-9]{4}) ?([A-Z]{2})$", "${1} ${2}")),
        r"^[1-9][0-9]{3} (?:[A-RT-Z][A-Z]|S[B-CE-RT-Z])$",
    ),
    "FR": Rule((_prefix("FR", "F"), _PAD5), r"^[0-9]{5}$"),
    "DE": Rule((_prefix("DE", "D"), _PAD5), r"^[0-9]{5}$"),
    "LU": Rule((_prefix("LU", "L"),), r"^[0-9]{4}$"),
    "GB": Rule(
        ((r" ", ""), (r"^([A-Z0-9]+)([0-9][A-Z]{2})$", "${1} ${2}")),
        r"^(?:[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}|GIR 0AA)$",
    ),
    "US": Rule(
        (
            _PAD5,
            (r"^([0-9]{5}) ?[-‐–]? ?([0-9]{4})$", "${1}-${2}"),
            (r"^([0-9]{5})([0-9]{4})$", "${1}-${2}"),
        ),
        r"^[0-9]{5}(?:-[0-9]{4})?$",
    ),
    "RO": Rule((_prefix("RO"),), r"^[0-9]{6}$"),
    "LV": Rule(((r"^(?:LV)? ?[-‐–]? ?([0-9]{4})$", "LV-${1}"),), r"^LV-[0-9]{4}$"),
}

_GROUP_RE = re.compile(r"\$\{(\d+)\}")


def _python_replacement(replacement: str) -> str:
    return _GROUP_RE.sub(r"\\g<\1>", replacement)


def _rule(country: str | None) -> Rule | None:
    if country is None:
        return None
    code = country_validator.iso2(country) or country.strip().upper()
    return RULES.get(code)


def compact(value: str, *, country: str | None = None) -> str:
    """Tidy spacing and case and drop country prefixes (``B-1000`` -> ``1000``) where that
    gives a postcode of ``country``; anything else keeps its own text (spaces squashed), so a
    cell the check reports is never written rewritten (``2000 Antwerpen``, not ``2000
    ANTWERPEN``)."""
    text = squash_spaces(value)
    rule = _rule(country)
    if rule is None:
        return text
    tidy = _rewritten(text, rule)
    return tidy if re.match(rule.valid, tidy) else text


def _rewritten(text: str, rule: Rule) -> str:
    text = text.upper() if text.isascii() else text  # postcodes are ASCII
    for pattern, replacement in (*_COMMON, *rule.rewrites):
        text = re.sub(pattern, _python_replacement(replacement), text)
    return text


def _excel_made(value: str, rule: Rule) -> bool:
    """Whether Excel's number damage was undone: a ``.0`` or a dropped leading zero."""
    text = squash_spaces(value)
    padded = _PAD5 in rule.rewrites and re.match(_FOUR_DIGITS, text) is not None
    return padded or re.match(_EXCEL_FLOAT, text) is not None


def _code(value: str, country: str | None) -> str | None:
    rule = _rule(country)
    text = compact(value, country=country)
    if rule is None or text == "":
        return None
    if re.match(rule.valid, text):
        return f"{NAME}.fixed" if _excel_made(value, rule) else None
    return f"{NAME}.invalid"


def check(value: str, *, country: str | None = None) -> Finding | None:
    """``postcode.invalid`` (warning), ``postcode.fixed`` (info, the repaired postcode as the
    suggestion) or None."""
    code = _code(value, country)
    if code is None:
        return None
    fixed = compact(value, country=country) if code == f"{NAME}.fixed" else None
    return finding_for(sys.modules[__name__], code, suggestion=fixed)


def validate(value: str, *, country: str | None = None) -> str:
    """Return :func:`compact`; this validator has no error findings, so it never raises."""
    return compact(value, country=country)


def is_valid(value: object, *, country: str | None = None) -> bool:
    """A non-empty postcode with no error or warning for ``country``; never raises."""
    if not isinstance(value, str) or squash_spaces(value) == "":
        return False
    return _code(value, country) != f"{NAME}.invalid"


def format(value: str, *, country: str | None = None) -> str:
    """Display form: :func:`compact` (``1234 AB``, ``SW1A 1AA``, ``LV-1050``)."""
    return compact(value, country=country)


def compact_expr(column: IntoExprColumn, *, country: str | None = None) -> pl.Expr:
    """Vectorised :func:`compact`; null in, null out."""
    text = squash_spaces_expr(parse_into_expr(column))
    rule = _rule(country)
    if rule is None:
        return text
    tidy = _rewritten_expr(text, rule)
    return pl.when(tidy.str.contains(rule.valid)).then(tidy).otherwise(text)


def _rewritten_expr(text: pl.Expr, rule: Rule) -> pl.Expr:
    text = (
        pl.when(text.str.contains(r"^[\x00-\x7f]*$")).then(text.str.to_uppercase()).otherwise(text)
    )
    for pattern, replacement in (*_COMMON, *rule.rewrites):
        text = text.str.replace_all(pattern, replacement)
    return text


def issue_expr(column: IntoExprColumn, *, country: str | None = None) -> pl.Expr:
    """Vectorised ``check(value).code``."""
    rule = _rule(country)
    text = compact_expr(column, country=country)
    if rule is None:  # a null column as long as the input
        return pl.when(pl.lit(False)).then(text).otherwise(pl.lit(None, pl.String))
    raw = squash_spaces_expr(parse_into_expr(column))
    excel = raw.str.contains(_EXCEL_FLOAT)
    if _PAD5 in rule.rewrites:
        excel = excel | raw.str.contains(_FOUR_DIGITS)
    return (
        pl.when(text.is_null() | (text == ""))
        .then(pl.lit(None, pl.String))
        .when(text.str.contains(rule.valid))
        .then(pl.when(excel).then(pl.lit(f"{NAME}.fixed")))
        .otherwise(pl.lit(f"{NAME}.invalid"))
    )
