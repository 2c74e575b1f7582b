"""The rejected rows as a file to fix and feed back: the input's own shape, plus the reasons.

For each input file with a rejected row, ``<file>_to_fix.csv`` (or ``.xlsx`` for a workbook, one
sheet per source sheet) holds, for each rejected row, every column of the input under its own
header with the value exactly as read (mapped or not, nothing cut), and a last column
``clientmig reasons`` in plain words, then ``clientmig row`` (the file, sheet and row it came
from). Corrected, it goes back in as an extra input of the same run: each of its rows replaces
the row it names.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from clientmig import lineage
from clientmig.export.files import OutputFolder
from clientmig.export.writers import write_csv_parts, write_workbook

REASONS = "clientmig reasons"
ORIGIN = "clientmig row"


def origin_expr() -> pl.Expr:
    """``file | sheet | row`` of a row as read: a corrected row names the row it replaces."""
    return pl.concat_str(
        [
            pl.col(lineage.SOURCE).fill_null(""),
            pl.col(lineage.SHEET).fill_null(""),
            pl.col(lineage.ROW).cast(pl.String),
        ],
        separator=" | ",
    )


def rows_to_fix(raw: pl.DataFrame, rejected: pl.DataFrame) -> pl.DataFrame:
    """The rejected rows of one read input, in its own columns, with the reasons last."""
    keys = list(lineage.LINEAGE)
    if "reasons" not in rejected.columns or rejected.is_empty():
        return (
            raw.clear()
            .select(lineage.data_columns(raw))
            .with_columns(pl.lit(None, pl.String).alias(REASONS))
        )
    reasons = rejected.select(*keys, pl.col("reasons").alias(REASONS)).unique(keys)
    joined = raw.join(reasons, on=keys, how="inner", nulls_equal=True, maintain_order="left")
    return joined.select(*lineage.data_columns(raw), REASONS, origin_expr().alias(ORIGIN))


def write_rows_to_fix(
    inputs: Sequence[tuple[str | Path, pl.DataFrame]],
    rejected: pl.DataFrame,
    out: Path | OutputFolder,
    *,
    force: bool,
) -> list[str]:
    """Write one file to fix per input path that has rejected rows; return the file names.

    ``inputs`` are (path, frame as read) pairs; a workbook read sheet by sheet appears once per
    sheet and gets one sheet per source sheet.
    """
    folder = out if isinstance(out, OutputFolder) else OutputFolder(out, force=force)
    by_path: dict[Path, list[pl.DataFrame]] = {}
    for path, frame in inputs:
        by_path.setdefault(Path(path), []).append(frame)
    written: list[str] = []
    for path, frames in by_path.items():
        parts = [(f, rows_to_fix(f, rejected)) for f in frames]
        parts = [(f, p) for f, p in parts if p.height]
        if not parts:
            continue
        stem = f"{path.stem}_to_fix"
        if path.suffix.lower() in {".xlsx", ".xlsm"}:
            sheets = {_sheet_of(f): p for f, p in parts}
            with folder.atomic(f"{stem}.xlsx", overwrite=force) as tmp:
                write_workbook(sheets, tmp, integer_columns={})
            written.append(f"{stem}.xlsx")
        else:
            rows = pl.concat([p for _, p in parts], how="diagonal_relaxed")
            paths, _ = write_csv_parts(rows, folder, stem, force=force)
            written.extend(p.name for p in paths)
    return written


def _sheet_of(frame: pl.DataFrame) -> str:
    if lineage.SHEET not in frame.columns:
        return "Sheet1"
    sheets = frame.get_column(lineage.SHEET).drop_nulls()
    return str(sheets[0]) if sheets.len() else "Sheet1"
