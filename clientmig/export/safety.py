"""Spreadsheet safety for written files: formula neutralising and paths kept inside a folder.

The rule (OWASP's CSV-injection guidance, made reversible for legitimate values):

* A cell is *formula-like* when it starts with ``=``, ``@``, a tab or a carriage return, or with
  ``+`` or ``-`` followed by anything other than a plain number or phone number.
* A plain number or phone number is a sign followed only by digits, spaces and ``. , ( ) / -``
  (``+32 475 12 34 56``, ``-1.234,50``, ``+1 (555) 010-9999``): spreadsheet programs read these as
  numbers or text, never as formulas, so they are written unchanged.
* In CSV a formula-like cell gets a leading apostrophe (``'=HYPERLINK(...)``), which spreadsheet
  programs show as text; in XLSX the cell is written as a string with Excel's *quote prefix*
  style, so the stored value stays exactly as it was and is still never evaluated. clientmig
  never writes a formula.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from clientmig.errors import ExportError

_TRIGGER = r"^[=@\t\r]"
_SIGNED = r"^[+\-]"
_PLAIN_SIGNED = r"^[+\-][0-9 .,()/\-]*[0-9][0-9 .,()/\-]*$"


def is_formula_like(value: str | None) -> bool:
    """Return whether a spreadsheet program could run ``value`` as a formula.

    >>> is_formula_like("=HYPERLINK(\\"http://x\\")"), is_formula_like("+32 475 12 34 56")
    (True, False)
    """
    if not value:
        return False
    first = value[0]
    if first in "=@\t\r":
        return True
    if first in "+-":
        rest = value[1:]
        has_digit = any(c.isdigit() and c.isascii() for c in rest)
        return not (has_digit and all(c in "0123456789 .,()/-" for c in rest))
    return False


def formula_like_expr(expr: pl.Expr) -> pl.Expr:
    """Vectorised :func:`is_formula_like` (null stays false)."""
    return (
        expr.str.contains(_TRIGGER)
        | (expr.str.contains(_SIGNED) & ~expr.str.contains(_PLAIN_SIGNED))
    ).fill_null(value=False)


def neutralise_csv_expr(expr: pl.Expr) -> pl.Expr:
    """Prefix an apostrophe to formula-like cells, leaving every other value unchanged."""
    return pl.when(formula_like_expr(expr)).then(pl.lit("'") + expr).otherwise(expr)


def safe_path(folder: Path, name: str, *, force: bool) -> Path:
    """Return ``folder / name``, refusing paths outside ``folder`` and existing files.

    Raises
    ------
    ExportError
        When ``name`` escapes ``folder`` (``..``, an absolute path, a symlink) or the file exists
        and ``force`` is false.
    """
    root = folder.resolve()
    path = (root / name).resolve()
    if path != root and root not in path.parents:
        msg = f"refusing to write {name!r}: it is outside the output folder {str(folder)!r}."
        raise ExportError(msg)
    if path.exists() and not force:
        msg = f"{path.name} already exists in {folder}; pass --force (force=True) to overwrite it."
        raise ExportError(msg)
    return path
