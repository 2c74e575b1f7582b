"""Excel workbooks: sheets read with their displayed values, row origins and merged cells."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import polars as pl

from clientmig import _messages
from clientmig._excel import col_number
from clientmig.errors import ReadError
from clientmig.io._cells import _finish
from clientmig.io._delimited import _HEADER_SCAN_ROWS, detect_header_index
from clientmig.io._sheet_scan import SheetScan, scan_sheet, sheet_part
from clientmig.io.result import ReadResult
from clientmig.issues import Issue, empty_issues
from clientmig.lineage import ROW, SHEET, SOURCE


# -- workbooks ----------------------------------------------------------------------------------
def _sheet_names(data: bytes, name: str) -> list[str]:
    import fastexcel

    try:
        return list(fastexcel.read_excel(data).sheet_names)
    except Exception as exc:
        msg = _messages.text(
            "cli.read.not_workbook", file=name, detail=str(exc).splitlines()[0][:120]
        )
        raise ReadError(msg) from None


def _read_excel(
    data: bytes, name: str, *, sheet: str | int | None, header_row: int | None
) -> ReadResult:
    import fastexcel

    try:
        book = fastexcel.read_excel(data)
    except Exception as exc:
        msg = _messages.text(
            "cli.read.not_workbook", file=name, detail=str(exc).splitlines()[0][:120]
        )
        raise ReadError(msg) from None
    names = list(book.sheet_names)
    preloaded: Any = None
    others: list[Issue] = []
    if sheet is None:
        chosen, preloaded, left = _widest_sheet(book, names)
        others = _other_sheets(name, chosen, left)
    elif isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            msg = _messages.text(
                "cli.read.no_sheet_number", file=name, count=len(names), sheet=sheet
            )
            raise ReadError(msg)
        chosen = names[sheet]
    else:
        chosen = next((s for s in names if s == sheet), None) or next(
            (s for s in names if s.strip().lower() == str(sheet).strip().lower()), None
        )
        if chosen is None:
            msg = _messages.text(
                "cli.read.no_sheet_named", file=name, sheet=repr(sheet), sheets=", ".join(names)
            )
            raise ReadError(msg)
    if chosen is None:
        msg = _messages.text("cli.read.no_sheets", file=name)
        raise ReadError(msg)
    # The XML pass runs beside the reader, which releases the GIL while it parses.
    with ThreadPoolExecutor(max_workers=1) as pool:
        scanning = pool.submit(scan_sheet, data, names.index(chosen))
        try:
            loaded = preloaded if preloaded is not None and preloaded.name == chosen else None
            loaded = loaded or book.load_sheet(chosen, header_row=None, dtypes="string")
            grid = loaded.to_polars()
        except Exception as exc:  # a damaged part is an error naming the sheet, never 0 rows
            detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:160]
            msg = _messages.text(
                "cli.read.sheet_damaged", file=name, sheet=repr(chosen), detail=detail
            )
            raise ReadError(msg) from None
        scan = scanning.result()
    first_row, first_col = scan.first_row, scan.first_col
    _check_sheet_rows(data, names.index(chosen), name, chosen, grid, scan)
    if grid.height == 0:
        return ReadResult(
            frame=pl.DataFrame(schema={SOURCE: pl.String, SHEET: pl.String, ROW: pl.Int64}),
            issues=empty_issues(),
            source=name,
            sheet=chosen,
            sheets=tuple(names),
            header_row=1,
        )
    grid = _dates_as_dates(grid)
    records = [[v or "" for v in row] for row in grid.head(_HEADER_SCAN_ROWS).iter_rows()]
    index = (header_row - first_row) if header_row else detect_header_index(records)
    index = max(0, min(index, grid.height - 1))
    header = [v or "" for v in grid.row(index)]
    body = grid.slice(index + 1)
    sheet_header_row = first_row + index
    issues = others + _merged_cell_issues(scan, name, chosen, sheet_header_row, first_col, header)
    frame, issue_frame, columns = _finish(body, header, name, chosen, sheet_header_row, issues)
    return ReadResult(
        frame=frame,
        issues=issue_frame,
        source=name,
        sheet=chosen,
        sheets=tuple(names),
        header_row=sheet_header_row,
        columns=tuple(columns),
    )


_ROW_END = re.compile(r"</(?:\w+:)?row>")
_MIDNIGHT = " 00:00:00"


def _dates_as_dates(grid: pl.DataFrame) -> pl.DataFrame:
    """``2024-03-01 00:00:00`` -> ``2024-03-01``, only in the columns that hold one."""
    if not grid.width or not grid.height:
        return grid
    has = grid.select(pl.col(c).str.ends_with(_MIDNIGHT).any() for c in grid.columns).row(0)
    return grid.with_columns(
        pl.col(c).str.replace(r"^(\d{4}-\d{2}-\d{2}) 00:00:00$", "$1")
        for c, hit in zip(grid.columns, has, strict=True)
        if hit
    )


def _check_sheet_rows(
    data: bytes, index: int, name: str, sheet: str, grid: pl.DataFrame, scan: SheetScan
) -> None:
    """The rows holding a value in the sheet's XML, counted apart from the xlsx reader, must
    all be in the grid it returned: otherwise the read fails loudly, naming the sheet.

    The grid cannot hold more filled rows than the XML has rows with content, so when the two
    counts agree no row is missing; only otherwise (rows of empty formatted cells, a dropped
    row) are the XML's rows with a value counted one by one.
    """
    in_grid = (
        int(grid.select(pl.any_horizontal(pl.all().is_not_null()).sum()).item())
        if grid.width
        else 0
    )
    if in_grid == scan.closed_rows:
        return
    xml = _sheet_xml(data, index)
    if not xml:
        return
    rows = pl.Series(_ROW_END.split(xml)[:-1], dtype=pl.String)
    in_xml = int(rows.str.contains(r"<(?:\w+:)?(?:v|is)\b").sum())
    if in_xml != in_grid:
        msg = _messages.text(
            "cli.read.sheet_rows_lost",
            file=name,
            sheet=repr(sheet),
            in_xml=f"{in_xml:,}",
            in_grid=f"{in_grid:,}",
        )
        raise ReadError(msg)


def _other_sheets(name: str, chosen: str | None, left: list[tuple[str, int]]) -> list[Issue]:
    """``read.other_sheets``: the default read one sheet of a workbook whose other sheets hold
    tables too (rows under a header of two or more columns); said, never silent."""
    if not left or chosen is None:
        return []
    shown = ", ".join(
        _messages.text("cli.sheets.one", sheet=sheet, rows=rows - 1) for sheet, rows in left
    )
    return [
        Issue(
            code="read.other_sheets",
            severity="warning",
            source=name,
            sheet=chosen,
            message="This workbook has other sheets with rows that were not read (in this "
            "line's value): name the sheet to read, or read every sheet (read_workbook).",
            value=shown,
        )
    ]


def _widest_sheet(book: Any, names: Sequence[str]) -> tuple[str | None, Any, list[tuple[str, int]]]:
    """The default sheet: the visible one with the most columns, then rows, then the first;
    and that sheet as loaded, so that it is parsed once; and the other sheets that hold a
    table (name, rows), to be named rather than left out silently.

    A client table is wider than the sheets workbooks put beside it (instructions, lookup
    lists, linked relations), which may come first. The reader parses a whole sheet even for
    one row, so each sheet is loaded once here and the chosen one is kept.
    """
    if len(names) == 1:
        return names[0], None, []
    best: tuple[int, int, int, int] | None = None
    chosen, kept = (names[0] if names else None), None
    tables: list[tuple[str, int]] = []  # sheets with a header of 2+ columns and a row under it
    for position, name in enumerate(names):
        try:
            sheet = book.load_sheet(name, header_row=None, dtypes="string")
        except Exception:
            continue
        if not sheet.height:
            continue
        if sheet.width >= 2 and sheet.total_height >= 2:
            tables.append((name, int(sheet.total_height)))
        rank = (int(bool(sheet.visible == "visible")), sheet.width, sheet.total_height, -position)
        if best is None or rank > best:
            best, chosen, kept = rank, name, sheet
    return chosen, kept, [t for t in tables if t[0] != chosen]


def _sheet_xml(data: bytes, index: int) -> str:
    """Return the XML of the index-th worksheet (workbook order), or ""."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            path = sheet_part(z, index)
            return z.read(path).decode("utf-8", "replace") if path else ""
    except (KeyError, zipfile.BadZipFile):
        return ""


def _merged_cell_issues(
    scan: SheetScan,
    name: str,
    sheet: str,
    header_row: int,
    first_col: int,
    header: Sequence[str],
) -> list[Issue]:
    """Vertically merged ranges below the header: the cells under the top one lost its value."""
    issues: list[Issue] = []
    for a_col, top, b_col, bottom in scan.merges:
        if bottom <= top or bottom <= header_row:
            continue
        for col in range(col_number(a_col), col_number(b_col) + 1):
            pos = col - first_col
            column = header[pos] if 0 <= pos < len(header) else None
            for row in range(max(top, header_row) + 1, bottom + 1):
                issues.append(
                    Issue(
                        code="read.merged_cell",
                        severity="warning",
                        source=name,
                        sheet=sheet,
                        row=row,
                        column=column,
                        message=f"This cell is part of the merged range {a_col}{top}:{b_col}"
                        f"{bottom}; its value is only in the top cell ({a_col}{top}).",
                    )
                )
    return issues
