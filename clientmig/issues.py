"""Row-level problems as data: the Issue record, its Polars schema and the code catalogue.

An issue points at a source cell: ``source`` (file name), ``sheet``, ``row`` (the row number a
spreadsheet program shows), ``column`` (the header as written in the file) and ``field`` (the
canonical or target field). ``code`` is stable (``email.typo_domain``); ``message`` is one plain
sentence for a bookkeeper; ``value`` is masked for national IDs; ``suggestion`` is never applied
automatically.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

import polars as pl

from clientmig._polars import via_distinct
from clientmig._text import mask

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_DTYPE: pl.DataType = pl.Enum(list(SEVERITIES))

ISSUE_COLUMNS = (
    "source",
    "sheet",
    "row",
    "column",
    "field",
    "code",
    "severity",
    "message",
    "value",
    "suggestion",
)
_STRING: pl.DataType = pl.String()
ISSUE_SCHEMA = pl.Schema(
    [
        ("source", _STRING),
        ("sheet", _STRING),
        ("row", pl.Int64()),
        ("column", _STRING),
        ("field", _STRING),
        ("code", _STRING),
        ("severity", SEVERITY_DTYPE),
        ("message", _STRING),
        ("value", _STRING),
        ("suggestion", _STRING),
    ]
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Issue:
    """One problem found at one place (a cell, a row, a column or the whole file)."""

    code: str
    message: str
    severity: Severity = "error"
    source: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    field: str | None = None
    value: str | None = None
    suggestion: str | None = None


def issues_frame(issues: Iterable[Issue] = ()) -> pl.DataFrame:
    """Return the issues as a frame with :data:`ISSUE_SCHEMA` (empty when there are none)."""
    rows = [asdict(i) for i in issues]
    if not rows:
        return pl.DataFrame(schema=ISSUE_SCHEMA)
    return pl.DataFrame(rows, schema=ISSUE_SCHEMA).select(ISSUE_COLUMNS)


def empty_issues() -> pl.DataFrame:
    """Return an empty issues frame."""
    return pl.DataFrame(schema=ISSUE_SCHEMA)


def conform(frame: pl.DataFrame) -> pl.DataFrame:
    """Give a frame of issue rows exactly :data:`ISSUE_SCHEMA` (missing columns become null)."""
    exprs = [
        (pl.col(name) if name in frame.columns else pl.lit(None)).cast(dtype).alias(name)
        for name, dtype in ISSUE_SCHEMA.items()
    ]
    return frame.select(exprs)


def concat_issues(frames: Iterable[pl.DataFrame]) -> pl.DataFrame:
    """Concatenate issue frames, conforming each to :data:`ISSUE_SCHEMA`."""
    parts = [conform(f) for f in frames if f.height]
    if not parts:
        return empty_issues()
    return pl.concat(parts, how="vertical")


def severity_rank(severity: Severity) -> int:
    """Return 0 for error, 1 for warning, 2 for info (for sorting)."""
    return SEVERITIES.index(severity)


# Fields whose values are personal identifiers: masked in every report, log and widget.
MASKED_FIELDS = frozenset({"national_id", "partner_national_id"})


def mask_expr(expr: pl.Expr) -> pl.Expr:
    """Vectorised :func:`clientmig._text.mask` (run once per distinct value; null stays null)."""
    return via_distinct(expr, lambda v: mask(v) or "", pl.String)
