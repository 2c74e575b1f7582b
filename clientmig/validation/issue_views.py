"""Views of a Report's issues for a person reviewing them: grouped, filtered, searched, paged.

Pure Polars over the issues frame (``clientmig.issues.ISSUE_SCHEMA``) and the accepted
:class:`~clientmig.report.Fixes`; the IssueBrowser widget shows what these return, and a script
gets the same answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from clientmig._messages import translate_issues
from clientmig.errors import OptionError
from clientmig.issues import SEVERITIES
from clientmig.validation.fixes import Fix, Fixes

PAGE_SIZE = 50
SEARCHED = ("value", "message", "column", "code", "suggestion", "source")
FIX_KEYS = ("source", "sheet", "row", "field", "code")


def _severities(severity: str | Sequence[str] | None) -> list[str] | None:
    if severity is None or severity == "all":
        return None
    wanted = [severity] if isinstance(severity, str) else list(severity)
    unknown = sorted(set(wanted) - set(SEVERITIES))
    if unknown:
        known = ", ".join(SEVERITIES)
        raise OptionError(f"unknown severity {', '.join(unknown)}; known: {known}, all")
    return wanted


def select(
    issues: pl.DataFrame,
    *,
    severity: str | Sequence[str] | None = None,
    code: str | None = None,
    column: str | None = None,
    text: str | None = None,
) -> pl.DataFrame:
    """Issues of the given severities, code and column whose text contains ``text``.

    ``text`` is matched case-insensitively and literally against the value, message, column,
    code, suggestion and source.
    """
    out = issues
    wanted = _severities(severity)
    if wanted is not None:
        out = out.filter(pl.col("severity").is_in(wanted))
    if code is not None:
        out = out.filter(pl.col("code") == code)
    if column is not None:
        out = out.filter(pl.col("column") == column)
    needle = (text or "").strip()
    if needle:
        hit = pl.any_horizontal(
            _contains(pl.col(c).cast(pl.String), needle) for c in SEARCHED if c in out.columns
        ).fill_null(False)
        out = out.filter(hit)
    return out


def _contains(expr: pl.Expr, needle: str) -> pl.Expr:
    """Case-blind literal search (Aho-Corasick for ASCII text, lower-cased otherwise)."""
    if needle.isascii():
        return expr.str.contains_any([needle], ascii_case_insensitive=True)
    return expr.str.to_lowercase().str.contains(needle.lower(), literal=True)


def by_code(
    issues: pl.DataFrame, *, severity: str | Sequence[str] | None = None, lang: str | None = None
) -> pl.DataFrame:
    """One row per code: severity, a message, issues, rows and suggestions, worst first.

    Sorted by severity (errors first), then by count (most first), then by code.
    """
    place = pl.when(pl.col("row").is_not_null()).then(pl.struct("source", "sheet", "row").hash())
    groups = (
        select(issues, severity=severity)
        .group_by("code", "severity")
        .agg(
            pl.col("message").drop_nulls().first().alias("message"),
            pl.len().alias("issues"),
            place.drop_nulls().n_unique().alias("rows"),
            pl.col("suggestion").is_not_null().sum().alias("suggestions"),
        )
    )
    return (
        translate_issues(groups, lang)
        .with_columns(pl.col("severity").cast(pl.String))
        .sort(
            [
                pl.col("severity").replace_strict(
                    {s: i for i, s in enumerate(SEVERITIES)}, return_dtype=pl.Int8
                ),
                "issues",
                "code",
            ],
            descending=[False, True, False],
        )
    )


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a frame: its rows, its number (from 1), the page count and the total rows."""

    rows: pl.DataFrame
    number: int
    pages: int
    total: int

    @property
    def label(self) -> str:
        """``page 2 of 7 (301 issues)``."""
        return f"page {self.number} of {self.pages} ({self.total} issues)"


def page(frame: pl.DataFrame, number: int, size: int = PAGE_SIZE) -> Page:
    """Page ``number`` (from 1, clamped to the pages there are) of ``size`` rows."""
    if size < 1:
        raise OptionError(f"a page holds at least one row, not {size}")
    pages = max(1, -(-frame.height // size))
    number = min(max(1, number), pages)
    return Page(frame.slice((number - 1) * size, size), number, pages, frame.height)


def fixes_frame(fixes: Fixes) -> pl.DataFrame:
    """The fixes as a frame keyed like the issues (``source, sheet, row, field, code, value``)."""
    return fixes.to_frame().select(*FIX_KEYS, "value")


def with_accepted(issues: pl.DataFrame, fixes: Fixes) -> pl.DataFrame:
    """The issues with a boolean ``accepted``: a fix for its cell and code is accepted."""
    taken = fixes_frame(fixes).select(*FIX_KEYS).unique().with_columns(accepted=pl.lit(True))
    return issues.join(
        taken, on=list(FIX_KEYS), how="left", nulls_equal=True, maintain_order="left"
    ).with_columns(pl.col("accepted").fill_null(False))


def _key(fix: Fix) -> tuple[object, ...]:
    return (fix.source, fix.sheet, fix.row, fix.field, fix.code)


def merge_fixes(before: Fixes, new: Fixes) -> Fixes:
    """``before`` then ``new``, one fix per cell and code (a later acceptance replaces one)."""
    merged = {_key(f): f for f in (*before.items, *new.items)}
    return Fixes(tuple(merged.values()))


def undo_fixes(fixes: Fixes, issues: pl.DataFrame) -> Fixes:
    """The fixes without those made for ``issues`` (their cells go back to undecided)."""
    if not fixes.items or issues.is_empty():
        return fixes
    undone = set(issues.select(*FIX_KEYS).unique().iter_rows())
    return Fixes(tuple(f for f in fixes.items if _key(f) not in undone))
