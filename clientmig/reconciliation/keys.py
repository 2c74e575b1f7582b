"""Match keys: normalised names and identifiers, each with a scalar oracle and a Polars twin.

ASCII values (the vast majority) are keyed in pure Polars; any value with a non-ASCII character
goes through the scalar function once per distinct value (``via_distinct``), so both engines
agree exactly, whatever Unicode version each one ships.
"""

from __future__ import annotations

import polars as pl

from clientmig._polars import IntoExprColumn, parse_into_expr, via_distinct
from clientmig._text import fold_accents

# Legal forms (dots removed, lower case) stripped from either end of an organisation name.
LEGAL_FORMS = frozenset(
    {
        "ag",
        "aisbl",
        "asbl",
        "bv",
        "bvba",
        "commv",
        "corp",
        "cv",
        "cva",
        "cvba",
        "eurl",
        "gcv",
        "gmbh",
        "inc",
        "incorporated",
        "ivzw",
        "kg",
        "limited",
        "llc",
        "llp",
        "ltd",
        "nv",
        "plc",
        "pty",
        "sa",
        "sarl",
        "sas",
        "sasu",
        "sc",
        "scrl",
        "scs",
        "snc",
        "sprl",
        "srl",
        "ug",
        "vof",
        "vzw",
    }
)
# Characters dropped without leaving a space: "B.V." -> "bv", "O'Brien" -> "obrien".
_DROPPED = ".'`\u2019"
_ASCII_RE = r"^[\x00-\x7F]*$"


def _tokens(text: str) -> list[str]:
    """Fold accents and case, drop dots and apostrophes, split on everything else."""
    folded = fold_accents(fold_accents(text).casefold())
    kept = "".join(c for c in folded if c not in _DROPPED)
    return "".join(c if c.isalnum() else " " for c in kept).split()


def person_key(name: str) -> str:
    """Return a person's name key: folded tokens, sorted (``"Peeters, Jan"`` -> ``"jan peeters"``).

    >>> person_key("PEETERS, Jan-Frédéric")
    'frederic jan peeters'
    """
    return " ".join(sorted(_tokens(name)))


def organization_key(name: str) -> str:
    """Return an organisation's name key: folded tokens without legal forms at either end.

    >>> organization_key("B.V.B.A. Boulangerie Frédéric")
    'boulangerie frederic'
    """
    tokens = _tokens(name)
    while tokens and tokens[-1] in LEGAL_FORMS:
        tokens.pop()
    while tokens and tokens[0] in LEGAL_FORMS:
        tokens.pop(0)
    return " ".join(tokens)


def _ascii_tokens_expr(expr: pl.Expr) -> pl.Expr:
    """The ASCII half of :func:`_tokens`, as a list of strings."""
    return (
        expr.str.to_lowercase()
        .str.replace_all(r"[.'`]", "")
        .str.replace_all(r"[^a-z0-9]+", " ")
        .str.strip_chars(" ")
        .str.split(" ")
    )


def person_key_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`person_key`; null in, null out."""
    expr = parse_into_expr(column)
    is_ascii = expr.str.contains(_ASCII_RE)
    fast = _ascii_tokens_expr(expr).list.sort().list.join(" ")
    slow = via_distinct(pl.when(~is_ascii).then(expr), person_key, pl.String)
    return pl.when(is_ascii).then(fast).otherwise(slow)


def organization_key_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`organization_key`; null in, null out."""
    expr = parse_into_expr(column)
    is_ascii = expr.str.contains(_ASCII_RE)
    element = pl.element()
    real = ~element.is_in(sorted(LEGAL_FORMS))
    inner = (real.cum_sum() > 0) & (real.reverse().cum_sum().reverse() > 0)
    fast = _ascii_tokens_expr(expr).list.eval(element.filter(inner)).list.join(" ")
    slow = via_distinct(pl.when(~is_ascii).then(expr), organization_key, pl.String)
    return pl.when(is_ascii).then(fast).otherwise(slow)


def identifier_key(value: str) -> str:
    """Return an identifier's key: upper case without spaces, dots, dashes or slashes."""
    return "".join(c for c in value.upper() if c not in " .-/\t")


def identifier_key_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`identifier_key`; null in, null out."""
    expr = parse_into_expr(column)
    is_ascii = expr.str.contains(_ASCII_RE)
    fast = expr.str.to_uppercase().str.replace_all(r"[ .\-/\t]", "")
    slow = via_distinct(pl.when(~is_ascii).then(expr), identifier_key, pl.String)
    return pl.when(is_ascii).then(fast).otherwise(slow)
