"""issues.csv as a person can open it, and the change log beside it.

Errors and warnings need a person: they stay one line per cell. Routine normalisations (info
issues at a cell: a phone rewritten, a name recased) are counted instead, one line per file,
sheet, column and code with its ``count`` and a few examples (``value`` and ``suggestion`` hold
up to :data:`EXAMPLES` distinct before/after pairs, separated by :data:`SEPARATOR`). The full
list of those changes, one row per cell, is the change log (:func:`change_log`), written only
when asked for.
"""

from __future__ import annotations

import polars as pl

from clientmig.issues import ISSUE_COLUMNS

EXAMPLES = 3
"""Distinct examples shown on a counted line."""
SEPARATOR = " | "
GROUP_KEYS = ("source", "sheet", "column", "field", "code", "severity")
CHANGE_LOG_COLUMNS = ("source", "sheet", "row", "column", "field", "code", "message")


def _routine() -> pl.Expr:
    """Info issues at a cell (file-level notes stay lines of their own)."""
    return (pl.col("severity") == "info") & pl.col("row").is_not_null()


def _examples(column: str, examples: int) -> pl.Expr:
    """The first examples of ``column`` joined (empty where a line has none); null when none of
    them has a value (a note without a suggestion shows no empty separators)."""
    shown = pl.col(column).head(examples)
    joined = shown.fill_null("").str.join(SEPARATOR)
    return pl.when(shown.is_not_null().any()).then(joined).alias(column)


def issues_for_people(issues: pl.DataFrame, examples: int = EXAMPLES) -> pl.DataFrame:
    """Errors and warnings one line per cell, routine fixes counted per column and code.

    The columns are the issue columns plus ``count`` (1 on a cell's line, the number of cells
    on a counted line, whose ``row`` is empty). Counted lines come last, most frequent first.
    """
    routine = _routine()
    cells = issues.filter(~routine).select(ISSUE_COLUMNS).with_columns(count=pl.lit(1, pl.Int64))
    fixes = issues.filter(routine)
    if fixes.is_empty():
        return cells
    keys = list(GROUP_KEYS)
    shown = fixes.filter(pl.struct([*keys, "value"]).is_first_distinct())
    samples = shown.group_by(keys, maintain_order=True).agg(
        _examples("value", examples),
        _examples("suggestion", examples),
    )
    counted = (
        fixes.group_by(keys, maintain_order=True)
        .agg(pl.col("message").first(), pl.len().cast(pl.Int64).alias("count"))
        .join(samples, on=keys, how="left", nulls_equal=True, maintain_order="left")
        .sort("count", descending=True, maintain_order=True)
        .with_columns(pl.lit(None, pl.Int64).alias("row"))
        .select(*ISSUE_COLUMNS, "count")
    )
    return pl.concat([cells, counted.cast(cells.schema)], how="vertical")


def change_log(issues: pl.DataFrame) -> pl.DataFrame:
    """Every routine fix, one row per cell: where, which code, ``before`` and ``after``."""
    return issues.filter(_routine()).select(
        *CHANGE_LOG_COLUMNS,
        pl.col("value").alias("before"),
        pl.col("suggestion").alias("after"),
    )
