"""Turn canonical rows into a platform's import table and write it as CSV or XLSX, safely."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import polars as pl

from clientmig.errors import ExportError
from clientmig.export._xlsx import SheetSpec, write_xlsx
from clientmig.export.files import OutputFolder
from clientmig.export.safety import formula_like_expr
from clientmig.lineage import LINEAGE

MULTI_SEP = "; "
# Address parts, in the order Karbon and most platforms print a one-line address.
ADDRESS_PARTS = ("street", "street2", "city", "region", "postcode", "country")


def explode_multi(
    frame: pl.DataFrame, fields: Sequence[str], *, into: dict[str, str]
) -> pl.DataFrame:
    """One row per value of each multi-valued field, as Karbon asks.

    ``fields`` lists multi-valued columns (``"belongs_to"``: one row per organisation);
    ``into`` maps a field whose extra values become extra rows of another field
    (``{"email_additional": "email"}``: one more row per additional e-mail, carrying the person's
    name so the platform attaches it to the same person).
    """
    out = frame
    for name in fields:
        if name not in out.columns:
            continue
        out = (
            out.with_columns(pl.col(name).str.split(MULTI_SEP).alias(name))
            .explode(name)
            .with_columns(pl.col(name).str.strip_chars().replace("", None))
        )
    for extra, base in into.items():
        if extra not in out.columns or base not in out.columns:
            continue
        has_extra = out.filter(pl.col(extra).is_not_null() & (pl.col(extra) != ""))
        if has_extra.is_empty():
            out = out.drop(extra)
            continue
        keep = [c for c in out.columns if c != extra]
        extra_rows = (
            has_extra.with_columns(pl.col(extra).str.split(MULTI_SEP))
            .explode(extra)
            .with_columns(pl.col(extra).str.strip_chars().alias(base))
            .filter(pl.col(base) != "")
            .select(keep)
        )
        out = pl.concat([out.select(keep), extra_rows], how="vertical_relaxed").sort(
            LINEAGE[2] if LINEAGE[2] in keep else keep[0], maintain_order=True
        )
    return out


def one_line_address(frame: pl.DataFrame) -> pl.Expr:
    """Comma-separated address from its parts (empty parts skipped)."""
    parts = [
        pl.col(p).str.strip_chars().replace("", None) for p in ADDRESS_PARTS if p in frame.columns
    ]
    if not parts:
        return pl.lit(None, pl.String)
    return pl.concat_str(parts, separator=", ", ignore_nulls=True).replace("", None)


def write_csv_parts(
    frame: pl.DataFrame,
    folder: Path | OutputFolder,
    stem: str,
    *,
    force: bool,
    max_rows: int | None = None,
    max_bytes: int | None = None,
    encoding: str = "utf-8",
) -> tuple[list[Path], int]:
    """Write ``frame`` as CSV files below the limits; return the paths and cells neutralised.

    Parts are cut on whole records; each part repeats the header. The byte limit uses an upper
    bound of every record's size (quotes doubled, every cell quoted), so no part exceeds it.
    Every name is checked before anything is written; part files of an earlier run of the same
    ``stem`` that this run does not write again are removed (with ``force``; refused without).
    """
    out = folder if isinstance(folder, OutputFolder) else OutputFolder(folder, force=force)
    strings = [c for c, t in frame.schema.items() if t == pl.String]
    neutralised = int(
        frame.select(
            pl.sum_horizontal([formula_like_expr(pl.col(c)).cast(pl.Int64) for c in strings])
        )
        .to_series()
        .sum()
        if strings and frame.height
        else 0
    )
    part = _part_index(frame, max_rows=max_rows, max_bytes=max_bytes)
    n_parts = part.n_unique() if frame.height else 1
    names = [f"{stem}.csv"] if n_parts == 1 else [f"{stem}_part{i + 1}.csv" for i in range(n_parts)]
    with out:
        for name in names:
            out.path(name, overwrite=force)
        out.remove_stale(rf"{re.escape(stem)}(_part\d+)?\.csv", keep=set(names))
        paths: list[Path] = []
        for i, name in enumerate(names):
            chunk = frame.filter(part == i) if frame.height else frame
            paths.append(
                out.write_csv(
                    name, chunk, encoding=encoding, line_terminator="\r\n", overwrite=force
                )
            )
    return paths, neutralised


def _part_index(frame: pl.DataFrame, *, max_rows: int | None, max_bytes: int | None) -> pl.Series:
    if not max_bytes:
        index = pl.int_range(frame.height, eager=True, dtype=pl.Int64)
        return index // max_rows if max_rows else index * 0
    header = len(",".join(f'"{c}"' for c in frame.columns).encode()) + 2
    budget = max_bytes - header
    cells = [
        pl.col(c).cast(pl.String).fill_null("").str.len_bytes().cast(pl.Int64)
        + pl.col(c).cast(pl.String).fill_null("").str.count_matches('"').cast(pl.Int64)
        + 3
        for c in frame.columns
    ]
    sizes = frame.select(pl.sum_horizontal(cells) + 1).to_series().to_list()
    if sizes and max(sizes) > budget:
        row = sizes.index(max(sizes)) + 1
        msg = (
            f"record {row} of this table needs {max(sizes):,} bytes, more than the platform's"
            f" file-size limit of {max_bytes:,} bytes; shorten its longest cells."
        )
        raise ExportError(msg)
    return pl.Series(_greedy_parts(sizes, budget, max_rows or len(sizes) or 1), dtype=pl.Int64)


def _greedy_parts(sizes: list[int], budget: int, max_rows: int) -> list[int]:
    """Assign records to consecutive parts, each within ``budget`` bytes and ``max_rows`` rows."""
    parts: list[int] = []
    current, used, rows = 0, 0, 0
    for size in sizes:
        if rows and (used + size > budget or rows >= max_rows):
            current += 1
            used, rows = 0, 0
        used += size
        rows += 1
        parts.append(current)
    return parts


def write_workbook(
    sheets: dict[str, pl.DataFrame], path: Path, *, integer_columns: dict[str, set[str]]
) -> int:
    """Write sheets to an XLSX workbook; never a formula; return the number of quote-prefixed cells.

    Strings are written as strings (never interpreted as formulas, numbers or links);
    formula-like strings also get Excel's quote-prefix style; integer columns as numbers.
    The workbook is built column-wise (:mod:`clientmig.export._xlsx`), never cell by cell.
    """
    for name, frame in sheets.items():
        _refuse_long_cells(name, frame)
    specs = [
        SheetSpec(name[:31], frame, frozenset(integer_columns.get(name, set())))
        for name, frame in sheets.items()
    ]
    return write_xlsx(specs, path)


EXCEL_CELL_LIMIT = 32_767


def _refuse_long_cells(sheet: str, frame: pl.DataFrame) -> None:
    """Excel holds 32,767 characters in a cell and xlsxwriter cuts longer ones without a word:
    a longer cell is an error naming where it is, never a silently shortened value."""
    texts = [c for c, t in frame.schema.items() if t == pl.String]
    if not texts or not frame.height:
        return
    longest = frame.select(pl.col(c).str.len_chars().max().alias(c) for c in texts).row(0)
    for column, length in zip(texts, longest, strict=True):
        if length is not None and length > EXCEL_CELL_LIMIT:
            row = frame.select(pl.col(column).str.len_chars().arg_max()).item() + 2
            msg = (
                f"the {sheet!r} sheet's {column!r} cell in row {row} holds {length:,} characters;"
                f" Excel holds at most {EXCEL_CELL_LIMIT:,}. Shorten it (or export to CSV)"
                " before importing: clientmig does not cut values."
            )
            raise ExportError(msg)
