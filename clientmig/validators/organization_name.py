"""Organisation names: Unicode cleanup, legal forms, and match keys for belongs-to near misses.

Case is left as typed. Legal forms and match keys are :mod:`clientmig.keys`' (one list, one
key for links, dedupe and reconcile): :func:`match_key` is :func:`clientmig.keys.organization_key`
(``"Acme BV"``, ``"ACME B.V."``, ``"Acme BVBA"``, ``"Acme"`` -> ``"acme"``).

Examples:

>>> compact("  Peeters   BV ")
'Peeters BV'
>>> check("  Peeters   BV ").code
'organization_name.fixed'
>>> is_valid("")
False
"""

from __future__ import annotations

import re
import sys
import unicodedata

import polars as pl

from clientmig._polars import IntoExprColumn, parse_into_expr
from clientmig._text import squash_spaces, squash_spaces_expr
from clientmig.issues import Severity
from clientmig.keys import (
    canonical_form_expr,
    difference_kind,
    difference_kind_expr,
    legal_form,
    legal_form_expr,
    strip_legal_form,
    strip_legal_form_expr,
)
from clientmig.keys import organization_key as match_key
from clientmig.keys import organization_key_expr as match_key_expr
from clientmig.validators import Finding, finding_for

# The legal-form and match-key functions live in :mod:`clientmig.keys`; they are re-exported
# here because the validator's users (derive's record type, links) met them here first.
__all__ = [
    "CODES",
    "NAME",
    "canonical_form_expr",
    "check",
    "compact",
    "compact_expr",
    "difference_kind",
    "difference_kind_expr",
    "format",
    "is_valid",
    "issue_expr",
    "key_exact",
    "key_exact_expr",
    "legal_form",
    "legal_form_expr",
    "match_key",
    "match_key_expr",
    "strip_legal_form",
    "strip_legal_form_expr",
    "validate",
]

NAME = "organization_name"

CODES: dict[str, tuple[Severity, str]] = {
    "organization_name.suspicious": (
        "warning",
        "This organisation name is an e-mail address, a placeholder or has no letters.",
    ),
    "organization_name.fixed": (
        "info",
        "Invisible characters or extra spaces removed from this organisation name.",
    ),
}

_PLACEHOLDER_PATTERN = (
    r"^(?:n/?a|n\.a\.?|nvt|n\.v\.t\.?|none|geen|nil|null|tbd|tba|x{2,})$"
    r"|(?:^|[ ,.])(?:test|dummy|xxx+|onbekend|unknown|inconnu|unbekannt)(?:[ ,.]|$)"
)
_EMAIL_PATTERN = r"[^ @]+@[^ @]+\.[^ @]+"
_SUSPICIOUS_RE = re.compile(f"{_EMAIL_PATTERN}|{_PLACEHOLDER_PATTERN}")


def _clean(value: str) -> str:
    return unicodedata.normalize("NFC", squash_spaces(value))


def _clean_expr(expr: pl.Expr) -> pl.Expr:
    return squash_spaces_expr(expr).str.normalize("NFC")


def compact(value: str) -> str:
    """Remove invisible characters, squash spaces, NFC; case is left as typed."""
    return _clean(value)


def compact_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`compact`; null in, null out."""
    return _clean_expr(parse_into_expr(column))


def key_exact(value: str) -> str:
    """Whitespace-only normalisation (NBSP, invisible characters, runs of spaces, NFC)."""
    return _clean(value)


def key_exact_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`key_exact`."""
    return _clean_expr(parse_into_expr(column))


# ------------------------------------------------------------------ the validator contract


def _code(value: str) -> str | None:
    text = _clean(value)
    if text == "":
        return None
    if _SUSPICIOUS_RE.search(text.lower()) or not any(c.isalpha() for c in text):
        return f"{NAME}.suspicious"
    return f"{NAME}.fixed" if text != value else None


def check(value: str) -> Finding | None:
    """``suspicious`` (warning), ``fixed`` (info) or None."""
    code = _code(value)
    if code is None:
        return None
    suggestion = compact(value) if code == f"{NAME}.fixed" else None
    return finding_for(sys.modules[__name__], code, suggestion=suggestion)


def validate(value: str) -> str:
    """Return :func:`compact`; this validator has no error findings, so it never raises."""
    return compact(value)


def is_valid(value: object) -> bool:
    """A non-empty name without a warning; never raises."""
    if not isinstance(value, str) or _clean(value) == "":
        return False
    found = check(value)
    return found is None or found.severity == "info"


def format(value: str) -> str:
    """Display form: :func:`compact`."""
    return compact(value)


def issue_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised ``check(value).code``."""
    expr = parse_into_expr(column)
    text = _clean_expr(expr)
    suspicious = text.str.to_lowercase().str.contains(
        f"{_EMAIL_PATTERN}|{_PLACEHOLDER_PATTERN}"
    ) | ~text.str.contains(r"\p{L}")
    return (
        pl.when(expr.is_null() | (text == ""))
        .then(pl.lit(None, pl.String))
        .when(suspicious)
        .then(pl.lit(f"{NAME}.suspicious"))
        .when(text != expr)
        .then(pl.lit(f"{NAME}.fixed"))
        .otherwise(pl.lit(None, pl.String))
    )
