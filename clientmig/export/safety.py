"""Spreadsheet safety for written files: one formula rule for every cell clientmig writes.

The rule (OWASP's CSV-injection guidance, widened to what Excel and LibreOffice really run, and
reversible for legitimate values):

* A cell is *formula-like* when it starts with a tab or a carriage return, or when, after any
  leading spaces, line feeds, no-break or zero-width spaces, it starts with ``=`` or ``@`` (or
  their full-width forms ``＝ ＠``), or with ``+ -`` (or ``＋ －``) followed by anything other than
  a plain number or phone number.
* A plain number or phone number is a sign followed only by digits, spaces and ``. , ( ) / -``
  (``+32 475 12 34 56``, ``-1.234,50``, ``+1 (555) 010-9999``): spreadsheet programs read these as
  numbers or text, never as formulas, so they are written unchanged.
* In CSV a formula-like cell gets a leading apostrophe (``'=HYPERLINK(...)``), which spreadsheet
  programs show as text; in XLSX the cell is written as a string with Excel's *quote prefix*
  style, so the stored value stays exactly as it was and is still never evaluated. clientmig
  never writes a formula.
"""

from __future__ import annotations

import re

import polars as pl

from clientmig._text import INVISIBLE, SPACE_CHARS

# What may hide a formula's first character: spaces of every kind and invisible characters.
_LEAD = SPACE_CHARS + INVISIBLE
_STARTS = "=@\uff1d\uff20"
_SIGNS = "+-\uff0b\uff0d"
_PLAIN = "0123456789 .,()/-"
_PL_LEAD = "[" + "".join(f"\\x{{{ord(c):04x}}}" for c in _LEAD) + "]*"
_PL_STARTS = "[" + "".join(f"\\x{{{ord(c):04x}}}" for c in _STARTS) + "]"
_PL_SIGNS = "[" + "".join(f"\\x{{{ord(c):04x}}}" for c in _SIGNS) + "]"
_TRIGGER = f"^(?:[\\t\\r]|{_PL_LEAD}{_PL_STARTS})"
_SIGNED = f"^{_PL_LEAD}{_PL_SIGNS}"
_PLAIN_SIGNED = f"^{_PL_LEAD}{_PL_SIGNS}[0-9 .,()/\\-]*[0-9][0-9 .,()/\\-]*$"
_LEAD_RE = re.compile("^[" + re.escape(_LEAD) + "]*")


def is_formula_like(value: str | None) -> bool:
    """Return whether a spreadsheet program could run ``value`` as a formula.

    >>> is_formula_like("=HYPERLINK(\\"http://x\\")"), is_formula_like("+32 475 12 34 56")
    (True, False)
    >>> is_formula_like("\\u00a0\\uff1dcmd"), is_formula_like("-1.234,50")
    (True, False)
    """
    if not value:
        return False
    if value[0] in "\t\r":
        return True
    rest = value[_LEAD_RE.match(value).end() :]  # type: ignore[union-attr]
    if not rest:
        return False
    first, tail = rest[0], rest[1:]
    if first in _STARTS:
        return True
    if first in _SIGNS:
        has_digit = any(c in "0123456789" for c in tail)
        return not (has_digit and all(c in _PLAIN for c in tail))
    return False


def neutralise_text(value: str) -> str:
    """Scalar :func:`neutralise_csv_expr`: an apostrophe before a formula-like value."""
    return "'" + value if is_formula_like(value) else value


def formula_like_expr(expr: pl.Expr) -> pl.Expr:
    """Vectorised :func:`is_formula_like` (null stays false)."""
    return (
        expr.str.contains(_TRIGGER)
        | (expr.str.contains(_SIGNED) & ~expr.str.contains(_PLAIN_SIGNED))
    ).fill_null(value=False)


def neutralise_csv_expr(expr: pl.Expr) -> pl.Expr:
    """Prefix an apostrophe to formula-like cells, leaving every other value unchanged."""
    return pl.when(formula_like_expr(expr)).then(pl.lit("'") + expr).otherwise(expr)
