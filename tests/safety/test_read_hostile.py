"""Hostile inputs: limits before the xlsx reader, one-line errors, no row lost, no value cut."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from clientmig.cli import main
from clientmig.errors import ExportError, ReadError
from clientmig.export.writers import write_workbook
from clientmig.io import read_table
from clientmig.io._guard import read_limits

SHEET = "xl/worksheets/sheet1.xml"


def _book(rows: int = 5) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("Clients")
    ws.write_row(0, 0, ["Name", "Email"])
    for i in range(rows):
        ws.write_row(i + 1, 0, [f"N{i}", f"n{i}@x.be"])
    wb.close()
    return buf.getvalue()


def _rezip(data: bytes, change: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = change.get(info.filename, src.read(info.filename))
            dst.writestr(info.filename, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _sheet(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(SHEET)


def test_a_sheet_declaring_xfd1048576_is_refused_before_the_reader(tmp_path: Path) -> None:
    data = _book()
    huge = _sheet(data).replace(b'<dimension ref="A1:B6"/>', b'<dimension ref="A1:XFD1048576"/>')
    path = tmp_path / "xfd.xlsx"
    path.write_bytes(_rezip(data, {SHEET: huge}))
    with pytest.raises(ReadError, match=r"A1:XFD1048576 .*--max-cells"):
        read_table(path)


def test_a_zip_bomb_is_refused_and_the_limit_can_be_raised(tmp_path: Path) -> None:
    data = _book()
    padded = _sheet(data).replace(b"<sheetData>", b"<sheetData><!--" + b" " * 3_000_000 + b"-->")
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_rezip(data, {SHEET: padded}))
    with pytest.raises(ReadError, match=r"zip bomb.*--max-ratio"):
        read_table(path)
    with read_limits(max_ratio=1e9):
        assert read_table(path).frame.height == 5


def test_size_limits_name_their_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.csv"
    path.write_text("Name\n" + "x\n" * 600_000)
    assert main(["inspect", str(path), "--max-input-mb", "1"]) == 2
    assert "--max-input-mb" in capsys.readouterr().err
    assert main(["inspect", str(path)]) == 0


def test_a_damaged_deflate_stream_is_one_line_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = bytearray(_book(200))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for k in range(start + 10, start + 40):
        data[k] ^= 0x55
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(data))
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "damaged.xlsx" in err
    assert "Traceback" not in err


def test_long_cells_and_ragged_rows_lose_no_row(tmp_path: Path) -> None:
    lines = ["Name,Email,Notes"] + [f"N{i},n{i}@x.be,note" for i in range(60)]
    lines[5] = "N4,n4@x.be," + "y" * 140_000
    lines[30] = "N29,n29@x.be,a,b,c"
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines) + "\n")
    got = read_table(path)
    assert got.frame.height == 60
    assert got.frame["Notes"].str.len_chars().max() == 140_000
    assert set(got.issues["code"]) >= {"read.long_cell", "read.ragged_row"}
    first = tmp_path / "first.csv"
    first.write_text("Name,Notes\nA," + "x" * 200_000 + "\nB,short\n")
    assert read_table(first).frame.height == 2


def test_duplicate_headers_are_renamed_never_promoting_a_data_row(tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text("Name,Email,Email,Name\nAn,a@x.be,b@x.be,Annie\nBo,c@x.be,,Bob\n")
    got = read_table(path)
    assert got.header_row == 1
    assert got.columns == ("Name", "Email", "Email (2)", "Name (2)")
    assert got.frame.height == 2
    codes = got.issues.filter(pl.col("code") == "read.duplicate_header")
    assert codes.height == 2
    assert set(codes["severity"]) == {"warning"}


def test_a_cell_longer_than_excel_holds_is_an_error_not_cut(tmp_path: Path) -> None:
    frame = pl.DataFrame({"Name": ["ok", "z" * 40_000]})
    with pytest.raises(ExportError, match=r"row 3 holds 40,000 characters"):
        write_workbook({"People": frame}, tmp_path / "b.xlsx", integer_columns={})
