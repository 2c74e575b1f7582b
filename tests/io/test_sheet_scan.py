"""The streamed sheet scan: where the grid starts, merged ranges, and rows counted apart."""

from __future__ import annotations

import io
from pathlib import Path

import fastexcel
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.styles import Font

import clientmig as cm
from clientmig._excel import col_letters, col_number
from clientmig.errors import ReadError
from clientmig.io import _sheet_scan
from clientmig.io._sheet_scan import scan_sheet
from clientmig.io._workbook import _check_sheet_rows


def _offset_table(tmp_path: Path) -> bytes:
    """A table whose header is C3, with a note in B9 under it and a merged range C5:C6."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Clients"
    ws["C3"], ws["D3"], ws["E3"] = "Name", "E-mail", "City"
    for r in range(4, 8):
        ws.cell(r, 3, f"Client {r}")
        ws.cell(r, 4, f"c{r}@x.be")
        ws.cell(r, 5, "Gent")
    ws.merge_cells("E5:E6")
    ws["B9"] = "note"
    for c in range(1, 6):  # a formatted, empty row: content in the XML, no value
        ws.cell(12, c).font = Font(bold=True)
    out = io.BytesIO()
    wb.save(out)
    path = tmp_path / "offset.xlsx"
    path.write_bytes(out.getvalue())
    return out.getvalue()


def test_the_grid_origin_is_the_leftmost_and_topmost_value(tmp_path: Path) -> None:
    scan = scan_sheet(_offset_table(tmp_path), 0)
    assert (scan.first_row, scan.first_col) == (3, 2)
    assert scan.merges == [("E", 5, "E", 6)]


def test_rows_keep_their_spreadsheet_numbers_and_merges_their_column(tmp_path: Path) -> None:
    result = cm.read_table(_offset_table(tmp_path))
    assert result.header_row == 3
    assert result.frame.filter(pl.col("Name") == "Client 4")["_row"].to_list() == [4]
    merged = result.issues.filter(pl.col("code") == "read.merged_cell")
    assert merged.select("row", "column").rows() == [(6, "City")]


@settings(max_examples=25, deadline=None)
@given(piece=st.integers(min_value=16, max_value=4096))
def test_any_piece_size_finds_the_same(piece: int) -> None:
    data = _BOOK
    whole = scan_sheet(data, 0)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_sheet_scan, "_PIECE", piece)
        assert scan_sheet(data, 0) == whole


def test_a_row_the_reader_drops_fails_the_read_naming_the_sheet(tmp_path: Path) -> None:
    data = _offset_table(tmp_path)
    grid = fastexcel.read_excel(data).load_sheet(0, header_row=None, dtypes="string").to_polars()
    scan = scan_sheet(data, 0)
    _check_sheet_rows(data, 0, "offset.xlsx", "Clients", grid, scan)  # all there: silent
    lossy = grid.filter(pl.int_range(pl.len()) != 2)
    with pytest.raises(ReadError, match=r"'Clients' holds 6 row\(s\) with values but 5"):
        _check_sheet_rows(data, 0, "offset.xlsx", "Clients", lossy, scan)


def test_column_letters_round_trip() -> None:
    for n in (1, 26, 27, 52, 703, 16384):
        assert col_number(col_letters(n)) == n
    assert col_letters(16384) == "XFD"


def _book() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws["B2"] = "Title"
    ws.append([])
    for i in range(60):
        ws.append([None, None, f"name {i}", f"{i}@x.be", i])
    ws["A70"] = "footnote"
    ws.merge_cells("C10:C12")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


_BOOK = _book()
