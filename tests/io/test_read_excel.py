"""Reading workbooks: title rows, merged cells, typed cells as a person sees them, sheets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook

import clientmig as cm
from clientmig.errors import ReadError


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Organizations"
    ws["A1"] = "Client list"
    ws["A2"] = "Organisation"
    ws["D2"] = "Fiscal year end"
    ws.merge_cells("A2:C2")
    ws.merge_cells("D2:E2")
    ws.append(["Name", "Client ID", "Founded", "Day", "Month", "Postcode"])
    ws.append(["Acme BV", 85073003328, dt.datetime(1952, 12, 6), 31, 12.0, "0475"])
    ws.append(["Beta NV", 403019261, dt.datetime(2001, 1, 2, 13, 30), 30, 6, "1000"])
    ws.append(["Gamma", None, "2020-01-01", None, None, None])
    ws.merge_cells("A5:A6")
    people = wb.create_sheet("People")
    people.append(["First Name", "Last Name"])
    people.append(["Jan", "Peeters"])
    wb.create_sheet("Empty")
    path = tmp_path / "book.xlsx"
    wb.save(path)
    return path


def test_title_rows_and_merged_group_headers_are_skipped(workbook: Path) -> None:
    result = cm.read_table(workbook)
    assert result.sheet == "Organizations"
    assert result.header_row == 3
    assert result.columns == ("Name", "Client ID", "Founded", "Day", "Month", "Postcode")
    assert result.frame["_row"].to_list() == [4, 5, 6]
    assert result.frame["_sheet"].unique().to_list() == ["Organizations"]


def test_typed_cells_read_as_a_person_sees_them(workbook: Path) -> None:
    frame = cm.read(workbook)
    assert frame["Client ID"].to_list() == ["85073003328", "403019261", None]
    assert frame["Founded"].to_list() == ["1952-12-06", "2001-01-02 13:30:00", "2020-01-01"]
    assert frame["Month"].to_list() == ["12", "6", None]
    assert frame["Postcode"].to_list() == ["0475", "1000", None]
    assert all(dtype == pl.String for dtype in frame.select(pl.exclude("_row")).dtypes)


def test_vertically_merged_cells_are_reported_not_filled(workbook: Path) -> None:
    result = cm.read_table(workbook)
    merged = result.issues.filter(pl.col("code") == "read.merged_cell")
    assert merged.select("row", "column").rows() == [(6, "Name")]
    assert result.frame["Name"].to_list() == ["Acme BV", "Beta NV", None]


def test_sheets_by_name_index_and_every_sheet(workbook: Path) -> None:
    assert cm.read(workbook, sheet="people")["First Name"].to_list() == ["Jan"]
    assert cm.read(workbook, sheet=1)["_row"].to_list() == [2]
    tables = cm.read_workbook(workbook)
    assert list(tables) == ["Organizations", "People"]


def test_empty_sheet_gives_an_empty_frame(workbook: Path) -> None:
    frame = cm.read(workbook, sheet="Empty")
    assert frame.height == 0
    assert frame.columns == ["_source", "_sheet", "_row"]


def test_unknown_sheet_and_broken_workbooks_raise(workbook: Path, tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no sheet 'Nope'"):
        cm.read(workbook, sheet="Nope")
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook")
    with pytest.raises(ReadError, match="not a valid Excel workbook"):
        cm.read(fake)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ReadError, match="97-2003"):
        cm.read(old)


def test_sheet_option_on_a_csv_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no sheet"):
        cm.read(b"a\n1\n", sheet="People")


def test_the_default_sheet_is_the_client_table_not_the_instructions(tmp_path: Path) -> None:
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Instructies"
    notes.append(["Vul het tabblad Relaties in: één relatie per rij."])
    hidden = book.create_sheet("Lijsten")
    for i in range(40):
        hidden.append([f"code {i}", f"waarde {i}", "x", "y", "z", "w"])
    hidden.sheet_state = "hidden"
    linked = book.create_sheet("Gelinkte relaties")
    linked.append(["Klantcode", "Gelinkte klantcode"])
    linked.append(["K1", "K2"])
    data = book.create_sheet("Relaties")
    data.append(["Klantcode", "Naam", "Voornaam", "E-mail"])
    data.append(["K1", "Peeters", "Jan", "jan@x.be"])
    path = tmp_path / "relaties.xlsx"
    book.save(path)
    table = cm.read_table(path)
    assert table.sheet == "Relaties"
    assert table.frame.columns[:4] == ["Klantcode", "Naam", "Voornaam", "E-mail"]
    assert cm.read_table(path, sheet=0).sheet == "Instructies"
