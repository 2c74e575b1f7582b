"""The rejected rows as a file to fix and feed back: the input's own shape, plus the reasons.

For each input file with a rejected row, ``<file>_to_fix.csv`` (or ``.xlsx`` for a workbook, one
sheet per source sheet) holds, for each rejected row, every column of the input under its own
header with the value exactly as read (mapped or not, nothing cut), and a last column
``clientmig reasons`` in plain words, then ``clientmig row`` (the file, sheet and row it came
from), both named in the reader's language (``clientmig redenen``, ``clientmig motifs``, ...).
Corrected, it goes back in as an extra input of the same run: each of its rows replaces the row
it names, whichever language its two columns are named in.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from clientmig import lineage
from clientmig._messages import LANGUAGES, text
from clientmig.export.files import OutputFolder
from clientmig.export.writers import write_csv_parts, write_workbook

REASONS = "clientmig reasons"
ORIGIN = "clientmig row"
"""The English names, also those of files written before the names followed the language."""

REASONS_NAMES = frozenset({REASONS, *(text("cli.to_fix.reasons", lang) for lang in LANGUAGES)})
ORIGIN_NAMES = frozenset({ORIGIN, *(text("cli.to_fix.row", lang) for lang in LANGUAGES)})
FEEDBACK_NAMES = REASONS_NAMES | ORIGIN_NAMES
"""The two columns a file to fix adds, in every language: never data to import."""


def origin_column(columns: Sequence[str]) -> str | None:
    """The column of a file read back that names the row each of its rows replaces."""
    return next((c for c in columns if c in ORIGIN_NAMES), None)


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
    # A file to fix that is rejected again gets its reasons anew, not a second reasons column.
    raw = raw.drop([c for c in raw.columns if c in FEEDBACK_NAMES])
    if "reasons" not in rejected.columns or rejected.is_empty():
        return (
            raw.clear()
            .select(lineage.data_columns(raw))
            .with_columns(pl.lit(None, pl.String).alias(text("cli.to_fix.reasons")))
        )
    reasons_name = text("cli.to_fix.reasons")
    reasons = rejected.select(*keys, pl.col("reasons").alias(reasons_name)).unique(keys)
    joined = raw.join(reasons, on=keys, how="inner", nulls_equal=True, maintain_order="left")
    return joined.select(
        *lineage.data_columns(raw), reasons_name, origin_expr().alias(text("cli.to_fix.row"))
    )


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
