"""An annotated copy of a source workbook: problem cells highlighted, reasons as comments.

A person fixes the cells in Excel and reads the copy back with :func:`clientmig.read`; the
rows keep their numbers, so the issues and the lineage still line up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from clientmig.errors import ExportError
from clientmig.export.files import file_in_place
from clientmig.export.safety import is_formula_like

_FILLS = {"error": "FFFCA5A5", "warning": "FFFDE68A", "info": "FFBFDBFE"}
_HEADER_SCAN_ROWS = 30


def annotate(
    source: str | Path, issues: pl.DataFrame, out: str | Path, *, force: bool = False
) -> Path:
    """Write ``out``: ``source`` with one comment per problem cell (worst severity coloured)."""
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    src = Path(source)
    folder, name = file_in_place(out, force=force)
    folder.path(name)  # refuse an overwrite before any work
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
    _neutralise_formulas(wb)
    with folder, folder.atomic(name) as tmp:
        wb.save(tmp)
    return folder.root / name


def _neutralise_formulas(wb: Any) -> None:
    """Formulas and formula-like text become quote-prefixed text: the copy runs nothing."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if cell.data_type == "f" or (isinstance(value, str) and is_formula_like(value)):
                    cell.value = str(value)
                    cell.data_type = "s"  # assigning "=..." made it a formula again
                    cell.quotePrefix = True


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
