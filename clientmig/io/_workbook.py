"""Excel workbooks: sheets read with their displayed values, row origins and merged cells."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from typing import Any

import polars as pl

from clientmig.errors import ReadError
from clientmig.io._cells import _finish
from clientmig.io._delimited import _HEADER_SCAN_ROWS, detect_header_index
from clientmig.io.result import ReadResult
from clientmig.issues import Issue, empty_issues
from clientmig.lineage import ROW, SHEET, SOURCE


# -- workbooks ----------------------------------------------------------------------------------
def _sheet_names(data: bytes, name: str) -> list[str]:
    import fastexcel

    try:
        return list(fastexcel.read_excel(data).sheet_names)
    except Exception as exc:
        msg = f"{name} is not a readable Excel workbook ({str(exc).splitlines()[0][:120]})."
        raise ReadError(msg) from None


def _read_excel(
    data: bytes, name: str, *, sheet: str | int | None, header_row: int | None
) -> ReadResult:
    import fastexcel

    try:
        book = fastexcel.read_excel(data)
    except Exception as exc:
        msg = f"{name} is not a readable Excel workbook ({str(exc).splitlines()[0][:120]})."
        raise ReadError(msg) from None
    names = list(book.sheet_names)
    if sheet is None:
        chosen = _widest_sheet(book, names)
    elif isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            msg = f"{name} has {len(names)} sheet(s); there is no sheet number {sheet}."
            raise ReadError(msg)
        chosen = names[sheet]
    else:
        chosen = next((s for s in names if s == sheet), None) or next(
            (s for s in names if s.strip().lower() == str(sheet).strip().lower()), None
        )
        if chosen is None:
            msg = f"{name} has no sheet {sheet!r}; its sheets are {', '.join(names)}."
            raise ReadError(msg)
    if chosen is None:
        msg = f"{name} has no sheets."
        raise ReadError(msg)
    try:
        grid = book.load_sheet(chosen, header_row=None, dtypes="string").to_polars()
    except Exception as exc:  # a damaged part is an error naming the sheet, never 0 rows
        detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:160]
        msg = f"{name}: the sheet {chosen!r} is damaged and cannot be read ({detail})."
        raise ReadError(msg) from None
    first_row, first_col = _sheet_origin(data, names.index(chosen))
    _check_sheet_rows(data, names.index(chosen), name, chosen, grid)
    if grid.height == 0:
        return ReadResult(
            frame=pl.DataFrame(schema={SOURCE: pl.String, SHEET: pl.String, ROW: pl.Int64}),
            issues=empty_issues(),
            source=name,
            sheet=chosen,
            sheets=tuple(names),
            header_row=1,
        )
    grid = grid.with_columns(
        pl.col(c).str.replace(r"^(\d{4}-\d{2}-\d{2}) 00:00:00$", "$1") for c in grid.columns
    )
    records = [[v or "" for v in row] for row in grid.head(_HEADER_SCAN_ROWS).iter_rows()]
    index = (header_row - first_row) if header_row else detect_header_index(records)
    index = max(0, min(index, grid.height - 1))
    header = [v or "" for v in grid.row(index)]
    body = grid.slice(index + 1)
    sheet_header_row = first_row + index
    issues = _merged_cell_issues(
        data, names.index(chosen), name, chosen, sheet_header_row, first_col, header
    )
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


_XML_ROW = re.compile(r"<(?:\w+:)?row\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?row>)", re.S)
_XML_VALUE = re.compile(r"<(?:\w+:)?(?:v|is)\b")


def _check_sheet_rows(data: bytes, index: int, name: str, sheet: str, grid: pl.DataFrame) -> None:
    """The rows holding a value in the sheet's XML, counted apart from the xlsx reader, must
    all be in the grid it returned: otherwise the read fails loudly, naming the sheet."""
    xml = _sheet_xml(data, index)
    if not xml:
        return
    in_xml = sum(1 for m in _XML_ROW.finditer(xml) if m.group(1) and _XML_VALUE.search(m.group(1)))
    in_grid = (
        int(grid.select(pl.any_horizontal(pl.all().is_not_null()).sum()).item())
        if grid.width
        else 0
    )
    if in_xml != in_grid:
        msg = (
            f"{name}: the sheet {sheet!r} holds {in_xml:,} row(s) with values but {in_grid:,} "
            "were read; the workbook may be damaged. Nothing was written."
        )
        raise ReadError(msg)


def _widest_sheet(book: Any, names: Sequence[str]) -> str | None:
    """The default sheet: the visible one with the most columns, then rows, then the first.

    A client table is wider than the sheets workbooks put beside it (instructions, lookup
    lists, linked relations), which may come first.
    """
    best: tuple[int, int, int, int] | None = None
    chosen = names[0] if names else None
    for position, name in enumerate(names):
        try:
            sheet = book.load_sheet(name, header_row=None, n_rows=1, dtypes="string")
        except Exception:
            continue
        if not sheet.height:
            continue
        rank = (int(bool(sheet.visible == "visible")), sheet.width, sheet.total_height, -position)
        if best is None or rank > best:
            best, chosen = rank, name
    return chosen


def _sheet_xml(data: bytes, index: int) -> str:
    """Return the XML of the index-th worksheet (workbook order), or ""."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            book = z.read("xl/workbook.xml").decode("utf-8", "replace")
            rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
            ids = re.findall(r"<(?:\w+:)?sheet\b[^>]*?r:id=\"([^\"]+)\"", book)
            if index >= len(ids):
                return ""
            target = re.search(
                rf'Id="{re.escape(ids[index])}"[^>]*Target="([^"]+)"', rels
            ) or re.search(rf'Target="([^"]+)"[^>]*Id="{re.escape(ids[index])}"', rels)
            if not target:
                return ""
            path = target.group(1).lstrip("/")
            path = path if path.startswith("xl/") else f"xl/{path}"
            return z.read(path).decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile):
        return ""


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _sheet_origin(data: bytes, index: int) -> tuple[int, int]:
    """Row and column (1-based) of the first cell with a value: where calamine's grid starts."""
    xml = _sheet_xml(data, index)
    cells = re.findall(r'<c r="([A-Z]+)(\d+)"[^>]*?(?<!/)>(?:<f>[^<]*</f>)?<(?:v|is)\b', xml)
    if not cells:
        return 1, 1
    return min(int(r) for _, r in cells), min(_col_number(c) for c, _ in cells)


def _merged_cell_issues(
    data: bytes,
    index: int,
    name: str,
    sheet: str,
    header_row: int,
    first_col: int,
    header: Sequence[str],
) -> list[Issue]:
    """Vertically merged ranges below the header: the cells under the top one lost its value."""
    xml = _sheet_xml(data, index)
    issues: list[Issue] = []
    for a_col, a_row, b_col, b_row in re.findall(
        r'<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"', xml
    ):
        top, bottom = int(a_row), int(b_row)
        if bottom <= top or bottom <= header_row:
            continue
        for col in range(_col_number(a_col), _col_number(b_col) + 1):
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
                        message=f"This cell is part of the merged range {a_col}{a_row}:{b_col}"
                        f"{b_row}; its value is only in the top cell ({a_col}{a_row}).",
                    )
                )
    return issues
