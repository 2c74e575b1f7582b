"""Several inputs as one: frames (or read/cleaned tables) stacked with their own lineage.

Each input keeps its own ``_source``, ``_sheet`` and ``_row``; a frame built in memory without
lineage is named ``<input N>``. Columns are aligned by name (a column one input lacks is null
there), so records are matched within and across inputs alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeAlias

import polars as pl

from clientmig.errors import DedupeError
from clientmig.lineage import ROW, data_columns, ensure_lineage


class HasFrame(Protocol):
    """A read or cleaned table (``clientmig.io.ReadResult``, ``clientmig.cleaning.Cleaned``)."""

    @property
    def frame(self) -> pl.DataFrame: ...


Input: TypeAlias = pl.DataFrame | pl.LazyFrame | HasFrame
Inputs: TypeAlias = Input | Sequence[Input]
# phone columns a mapped export may carry besides ``phone``: the first one filled is compared
PHONE_COLUMNS = ("phone", "phone_mobile", "phone_office", "phone_home")


def _frame(item: Input) -> pl.DataFrame:
    if isinstance(item, pl.DataFrame):
        return item
    if isinstance(item, pl.LazyFrame):
        return item.collect()
    frame = getattr(item, "frame", None)
    if not isinstance(frame, pl.DataFrame):
        msg = f"expected a polars DataFrame or a table with .frame, not {type(item).__name__}"
        raise DedupeError(msg)
    return frame


def stack_inputs(inputs: Inputs) -> pl.DataFrame:
    """One frame of every input's rows, in input order, each with its lineage."""
    if isinstance(inputs, pl.LazyFrame):  # a lazy query is one input, collected here
        inputs = inputs.collect()
    items = [inputs] if isinstance(inputs, pl.DataFrame) or hasattr(inputs, "frame") else inputs
    frames = [_frame(item) for item in items]
    if not frames:
        msg = "no input to look for duplicates in"
        raise DedupeError(msg)
    if len(frames) == 1:
        return ensure_lineage(frames[0])
    parts = [
        ensure_lineage(f, source=f"<input {i + 1}>").with_columns(pl.col(ROW).cast(pl.Int64))
        for i, f in enumerate(frames)
    ]
    strings = [
        p.with_columns(pl.col(c).cast(pl.String) for c in data_columns(p) if p[c].dtype != pl.Null)
        for p in parts
    ]
    return pl.concat(strings, how="diagonal_relaxed")


def with_phone_fallback(frame: pl.DataFrame) -> pl.DataFrame:
    """``phone`` filled from the first other phone column with a value (mobile, office, home),
    for comparison: Outlook maps its mobile number to ``phone_mobile``, Google to ``phone``."""
    present = [c for c in PHONE_COLUMNS if c in frame.columns]
    if present == ["phone"] or not present:
        return frame
    return frame.with_columns(
        pl.coalesce(*(pl.col(c).cast(pl.String) for c in present)).alias("phone")
    )
