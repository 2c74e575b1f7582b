"""An annotated copy of a source workbook: problem cells highlighted, reasons as comments.

A person fixes the cells in Excel and reads the copy back with :func:`clientmig.read`; the
rows keep their numbers, so the issues and the lineage still line up.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from clientmig.errors import ExportError

_FILLS = {"error": "FFFCA5A5", "warning": "FFFDE68A", "info": "FFBFDBFE"}
_HEADER_SCAN_ROWS = 30


def annotate(
    source: str | Path, issues: pl.DataFrame, out: str | Path, *, force: bool = False
) -> Path:
    """Write ``out``: ``source`` with one comment per problem cell (worst severity coloured)."""
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    src, dst = Path(source), Path(out)
    if dst.exists() and not force:
        raise ExportError(f"{dst} exists; pass force=True (--force) to overwrite it")
    if src.suffix.lower() not in (".xlsx", ".xlsm"):
        raise ExportError(f"only .xlsx workbooks can be annotated, not {src.name}")
    wb = load_workbook(src)
    mine = issues.filter(
        (pl.col("source") == src.name)
        & pl.col("row").is_not_null()
        & pl.col("column").is_not_null()
    )
    for (sheet,), group in mine.group_by("sheet", maintain_order=True):
        if sheet not in wb.sheetnames:
            continue
        ws = wb[str(sheet)]
        headers = _header_columns(ws)
        cells = (
            group.sort("severity")
            .group_by("row", "column", maintain_order=True)
            .agg(pl.col("severity").first(), pl.col("message").unique(maintain_order=True))
        )
        for r in cells.iter_rows(named=True):
            col = headers.get(str(r["column"]).split(" + ")[0])
            if col is None:
                continue
            cell = ws.cell(row=int(r["row"]), column=col)
            cell.fill = PatternFill("solid", fgColor=_FILLS.get(str(r["severity"]), "FFFDE68A"))
            cell.comment = Comment("\n".join(r["message"]), "clientmig")
    dst.parent.mkdir(parents=True, exist_ok=True)
    wb.save(dst)
    return dst


def _header_columns(ws: object) -> dict[str, int]:
    """Header text -> column number, from the first row that looks like a header."""
    best: dict[str, int] = {}
    for row in ws.iter_rows(min_row=1, max_row=_HEADER_SCAN_ROWS):  # type: ignore[attr-defined]
        found = {
            str(c.value).strip(): c.column
            for c in row
            if isinstance(c.value, str) and c.value.strip()
        }
        if len(found) > len(best):
            best = found
    return best
