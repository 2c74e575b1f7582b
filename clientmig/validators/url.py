"""Web addresses: trimmed, ``https://`` added when missing, scheme and host in lower case.

A valid address is ``http(s)://host[:port][/path]`` with a dotted host and no spaces or ``@``
(so e-mail addresses are not web addresses). Everything runs as regular expressions in both
engines.

Examples:

>>> compact("www.peeters.be")
'https://www.peeters.be'
>>> check("peeters.be/contact ").suggestion
'https://peeters.be/contact'
>>> is_valid("http://peeters")
False
"""

from __future__ import annotations

import re
import sys

import polars as pl

from clientmig._polars import IntoExprColumn, parse_into_expr
from clientmig._text import squash_spaces, squash_spaces_expr
from clientmig.issues import Severity
from clientmig.validators import Finding, finding_for

NAME = "url"

CODES: dict[str, tuple[Severity, str]] = {
    "url.invalid": ("warning", "This is not a web address."),
    "url.fixed": ("info", "Web address tidied: https:// added, spaces or capitals removed."),
}

_PARTS_PATTERN = r"^([A-Za-z][A-Za-z0-9+.\-]*)://([^/?#]*)(.*)$"
_PARTS_RE = re.compile(_PARTS_PATTERN)
_LABEL = r"[^ @/?#:.\x00-\x20]"
_VALID_PATTERN = (
    rf"^https?://(?:{_LABEL}+\.)+{_LABEL}{{2,}}(?::[0-9]{{1,5}})?(?:[/?#][^ \x00-\x1f]*)?$"
)
_VALID_RE = re.compile(_VALID_PATTERN)
DEFAULT_SCHEME = "https://"


def _tidy(text: str) -> str:
    """Lower-case scheme and host, drop the slash after a bare host (no-op without a scheme)."""
    m = _PARTS_RE.match(text)
    if m is None:
        return text
    rest = "" if m.group(3) == "/" else m.group(3)
    return f"{m.group(1).lower()}://{m.group(2).lower()}{rest}"


def compact(value: str) -> str:
    """Tidy a web address; ``https://`` is added only when that makes it valid."""
    text = squash_spaces(value)
    if _PARTS_RE.match(text) is not None:
        return _tidy(text)
    prefixed = _tidy(DEFAULT_SCHEME + text)
    return prefixed if _VALID_RE.match(prefixed) else text


def _code(value: str) -> str | None:
    text = compact(value)
    if text == "":
        return None
    if _VALID_RE.match(text) is None:
        return f"{NAME}.invalid"
    return f"{NAME}.fixed" if text != value else None


def check(value: str) -> Finding | None:
    """``url.invalid`` (warning), ``url.fixed`` (info) or None."""
    code = _code(value)
    if code is None:
        return None
    suggestion = compact(value) if code == f"{NAME}.fixed" else None
    return finding_for(sys.modules[__name__], code, suggestion=suggestion)


def validate(value: str) -> str:
    """Return :func:`compact`; this validator has no error findings, so it never raises."""
    return compact(value)


def is_valid(value: object) -> bool:
    """Whether ``value`` is (or tidies to) a web address; never raises."""
    return isinstance(value, str) and _VALID_RE.match(compact(value)) is not None


def format(value: str) -> str:
    """Display form: :func:`compact`."""
    return compact(value)


def _tidy_expr(text: pl.Expr) -> pl.Expr:
    parts = text.str.extract_groups(_PARTS_PATTERN)
    rest = parts.struct.field("3")
    tidied = pl.concat_str(
        parts.struct.field("1").str.to_lowercase(),
        pl.lit("://"),
        parts.struct.field("2").str.to_lowercase(),
        pl.when(rest == "/").then(pl.lit("")).otherwise(rest),
    )
    return pl.coalesce(tidied, text)


def compact_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`compact`; null in, null out."""
    text = squash_spaces_expr(parse_into_expr(column))
    prefixed = _tidy_expr(DEFAULT_SCHEME + text)
    return (
        pl.when(text.str.contains(_PARTS_PATTERN))
        .then(_tidy_expr(text))
        .when(prefixed.str.contains(_VALID_PATTERN))
        .then(prefixed)
        .otherwise(text)
    )


def issue_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised ``check(value).code``."""
    expr = parse_into_expr(column)
    text = compact_expr(expr)
    return (
        pl.when(expr.is_null() | (text == ""))
        .then(pl.lit(None, pl.String))
        .when(~text.str.contains(_VALID_PATTERN))
        .then(pl.lit(f"{NAME}.invalid"))
        .when(text != expr)
        .then(pl.lit(f"{NAME}.fixed"))
        .otherwise(pl.lit(None, pl.String))
    )
