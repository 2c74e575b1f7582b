"""Fuzzing the readers: mutated CSV and XLSX bytes give a frame or one ReadError, never another
exception, and a frame keeps every record (blank and footer rows skipped with a reason)."""

from __future__ import annotations

import io

import polars as pl
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from clientmig.errors import ReadError
from clientmig.io import ReadResult, read_table

CSV = (
    b'Name;Email;Notes\nAn;an@x.be;"multi\nline"\nBo;"bo@x.be";plain\n'
    b'Cy;cy@x.be;"say ""hi"""\n;;\nDe;de@x.be;5" screen\n'
)


def _book() -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("Clients")
    ws.write_row(0, 0, ["Name", "Email", "Notes"])
    for i in range(8):
        ws.write_row(i + 1, 0, [f"N{i}", f"n{i}@x.be", "=not a formula" if i % 3 else "x"])
    wb.close()
    return buf.getvalue()


XLSX = _book()
mutation = st.tuples(
    st.sampled_from(["flip", "insert", "delete", "truncate"]),
    st.integers(min_value=0, max_value=10**6),
    st.binary(min_size=1, max_size=4) | st.sampled_from([b'"', b"\n", b";", b"\r", b"\x00"]),
)


def _mutate(data: bytes, steps: list[tuple[str, int, bytes]]) -> bytes:
    out = bytearray(data)
    for kind, at, chunk in steps:
        i = at % (len(out) + 1)
        if kind == "flip" and out:
            out[i % len(out)] ^= chunk[0] or 1
        elif kind == "insert":
            out[i:i] = chunk
        elif kind == "delete":
            del out[i : i + len(chunk)]
        elif kind == "truncate":
            del out[i:]
    return bytes(out)


def _read(data: bytes, name: str) -> ReadResult | None:
    try:
        return read_table(_Named(data, name))
    except ReadError as exc:
        message = str(exc)
    assert "\n" not in message
    return None


class _Named(io.BytesIO):
    def __init__(self, data: bytes, name: str) -> None:
        super().__init__(data)
        self.name = name


def _skipped(result: ReadResult) -> int:
    notes = result.issues.filter(pl.col("code") == "read.blank_row")["message"].to_list()
    blank = sum(int(m.split()[0]) for m in notes)
    footer = result.issues.filter(pl.col("code") == "read.footer_row")["message"].to_list()
    return blank + sum(int(m.split()[0]) for m in footer)


@settings(max_examples=60, deadline=None)
@given(st.lists(mutation, min_size=1, max_size=4))
def test_mutated_csv_reads_or_fails_in_one_line_and_keeps_its_rows(
    steps: list[tuple[str, int, bytes]],
) -> None:
    data = _mutate(CSV, steps)
    result = _read(data, "fuzz.csv")
    if result is None or not result.columns:
        return
    rows = result.frame["_row"].to_list()
    assert rows == sorted(rows)
    assert len(set(rows)) == len(rows)
    # No gap in the record numbers that no skipped-with-reason row explains.
    if rows:
        assert rows[-1] - result.header_row <= result.frame.height + _skipped(result)


@settings(max_examples=30, deadline=None)
@given(st.lists(mutation, min_size=1, max_size=3))
def test_mutated_xlsx_reads_or_fails_in_one_line(steps: list[tuple[str, int, bytes]]) -> None:
    result = _read(_mutate(XLSX, steps), "fuzz.xlsx")
    if result is not None and result.columns == ("Name", "Email", "Notes"):
        assert result.frame.height + _skipped(result) <= 8
