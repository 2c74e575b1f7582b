"""Lineage columns carried by every row from read to export.

``_source`` is the file name, ``_sheet`` the worksheet (null for CSV) and ``_row`` the row number a
person sees when opening the file in a spreadsheet program (title and header rows counted).
"""

from __future__ import annotations

import polars as pl

SOURCE = "_source"
SHEET = "_sheet"
ROW = "_row"
LINEAGE = (SOURCE, SHEET, ROW)
LINEAGE_SCHEMA = pl.Schema({SOURCE: pl.String, SHEET: pl.String, ROW: pl.Int64})


def data_columns(frame: pl.DataFrame) -> list[str]:
    """Return the frame's columns that are not lineage or other private (``_``) columns."""
    return [c for c in frame.columns if not c.startswith("_")]


def has_lineage(frame: pl.DataFrame) -> bool:
    """Return whether the frame carries the three lineage columns."""
    return all(c in frame.columns for c in LINEAGE)


def ensure_lineage(frame: pl.DataFrame, *, source: str = "<memory>") -> pl.DataFrame:
    """Add lineage to a frame built in memory: rows numbered from 2, as under a header row."""
    if has_lineage(frame):
        return frame
    return frame.with_columns(
        pl.lit(source, pl.String).alias(SOURCE),
        pl.lit(None, pl.String).alias(SHEET),
        (pl.int_range(pl.len(), dtype=pl.Int64) + 2).alias(ROW),
    )


def location_exprs() -> list[pl.Expr]:
    """Lineage as the ``source, sheet, row`` columns of issue and report files."""
    return [
        pl.col(SOURCE).alias("source"),
        pl.col(SHEET).alias("sheet"),
        pl.col(ROW).alias("row"),
    ]
