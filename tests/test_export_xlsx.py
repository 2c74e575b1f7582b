"""The column-wise workbook writer: what Excel and openpyxl read back is what was written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import fastexcel
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from clientmig.errors import ExportError
from clientmig.export.writers import write_workbook

_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff"),
    max_size=12,
)


def _frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "Name": ["Acme BV", " padded ", '=HYPERLINK("x")', None, "a & b <c>"],
            "Day": [31, 30, None, 1, 2],
            "Phone": ["+32 475 12 34 56", "-1+1", "", "tab\there", "_x0041_ kept"],
            "Born": [dt.date(1990, 1, 2), None, None, None, dt.date(2001, 3, 4)],
        }
    )


def test_values_numbers_and_quote_prefix_read_back(tmp_path: Path) -> None:
    path = tmp_path / "o.xlsx"
    n = write_workbook({"People": _frame()}, path, integer_columns={"People": {"Day"}})
    assert n == 2  # =HYPERLINK and -1+1
    ws = load_workbook(path)["People"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("Name", "Day", "Phone", "Born")
    assert rows[1] == ("Acme BV", 31, "+32 475 12 34 56", "1990-01-02")
    assert rows[2] == (" padded ", 30, "-1+1", None)
    assert rows[3] == ('=HYPERLINK("x")', None, None, None)
    assert rows[5] == ("a & b <c>", 2, "_x0041_ kept", "2001-03-04")
    assert ws["A4"].data_type == "s"
    assert ws["A4"].quotePrefix
    assert ws["C3"].quotePrefix
    assert not ws["C2"].quotePrefix
    assert ws["A1"].font.b
    assert ws.freeze_panes == "A2"


def test_the_same_rows_give_the_same_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_workbook({"S": _frame(), "T": _frame().head(2)}, a, integer_columns={})
    write_workbook({"S": _frame(), "T": _frame().head(2)}, b, integer_columns={})
    assert a.read_bytes() == b.read_bytes()
    assert fastexcel.read_excel(str(a)).sheet_names == ["S", "T"]


def test_a_sheet_name_excel_refuses_is_an_export_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="cannot name a sheet"):
        write_workbook({"a/b": _frame()}, tmp_path / "x.xlsx", integer_columns={})


@settings(max_examples=40, deadline=None)
@given(values=st.lists(st.one_of(st.none(), _TEXT), min_size=1, max_size=8))
def test_any_text_reads_back_unchanged(
    tmp_path_factory: pytest.TempPathFactory, values: list[str | None]
) -> None:
    path = tmp_path_factory.mktemp("w") / "h.xlsx"
    write_workbook(
        {"S": pl.DataFrame({"v": values}, schema={"v": pl.String})}, path, integer_columns={}
    )
    sheet = fastexcel.read_excel(str(path)).load_sheet(0, header_row=None, dtypes="string")
    got = sheet.to_polars()[:, 0].to_list()[1:]
    want = [v if v else None for v in values]
    assert got + [None] * (len(want) - len(got)) == want  # calamine decodes _xHHHH_ as Excel


def test_rows_written_a_slice_at_a_time_give_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clientmig.export import _xlsx

    whole, sliced = tmp_path / "w.xlsx", tmp_path / "s.xlsx"
    write_workbook({"S": _frame()}, whole, integer_columns={"S": {"Day"}})
    monkeypatch.setattr(_xlsx, "_ROWS_AT_A_TIME", 2)
    write_workbook({"S": _frame()}, sliced, integer_columns={"S": {"Day"}})
    assert whole.read_bytes() == sliced.read_bytes()
