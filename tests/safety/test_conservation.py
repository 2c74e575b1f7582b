"""Row conservation: records are counted apart from the parsers and a difference fails loudly."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import clientmig.io._delimited as cio
from clientmig.errors import ExportError, ReadError
from clientmig.io import read_table
from clientmig.io._guard import count_csv_records

cell = st.text(alphabet='ab ,"\n;é', max_size=8)


@settings(max_examples=80)
@given(st.lists(st.lists(cell, min_size=1, max_size=4), min_size=1, max_size=12))
def test_the_quote_parity_count_matches_the_csv_module_on_rfc_csv(rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    text = buf.getvalue()
    expected = sum(1 for _ in csv.reader(io.StringIO(text)))
    assert count_csv_records(text.encode()) == expected


def test_a_record_a_parser_drops_fails_the_read_naming_the_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.csv"
    path.write_text("Name,Email\n" + "".join(f"N{i},n{i}@x.be\n" for i in range(10)))
    real = cio._parse_text

    def lossy(body: bytes, delim: str, name: str):  # type: ignore[no-untyped-def]
        frame, header, issues, moji = real(body, delim, name)
        return frame.head(frame.height - 2), header, issues, moji

    monkeypatch.setattr(cio, "_parse_text", lossy)
    with pytest.raises(
        ReadError,
        match=r"holds 10 record\(s\) below the header but 8 were read; check rows 10 to 11",
    ):
        read_table(path)


def test_a_stray_quote_inside_a_cell_is_no_false_alarm(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text('Name,Item\nAn,5" screen\nBo,"quoted, ok"\nCy,x\n')
    assert read_table(path).frame.height == 3


def test_a_client_named_total_is_kept_and_a_totals_line_is_not(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "Name,Email,City\nAn,a@x.be,Gent\nTotal Energies Belgium,,\nTotaal aantal klanten: 2,,\n"
    )
    got = read_table(path)
    assert got.frame["Name"].to_list() == ["An", "Total Energies Belgium"]
    assert "read.footer_row" in got.issues["code"].to_list()


def test_blank_and_footer_rows_are_skipped_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_text("Name,Email,City\nAn,a@x.be,Gent\n,,\nBo,b@x.be,Gent\nTOTAL,,\n")
    got = read_table(path)
    reasons = set(got.issues["code"].to_list())
    assert got.frame.height == 2
    assert {"read.blank_row", "read.footer_row"} <= reasons
    assert pl.Series(got.frame["_row"]).to_list() == [2, 4]


def test_a_run_that_loses_a_row_stops_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import clientmig.pipeline.job as pipeline
    from clientmig.pipeline import Recipe

    path = tmp_path / "a.csv"
    path.write_text("First Name,Last Name,Email\nAn,Peeters,an@x.be\nBo,Smet,bo@x.be\n")
    real = pipeline.validate

    def lossy(frame: pl.DataFrame, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        return real(frame.head(1), *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "validate", lossy)
    with pytest.raises(ExportError, match=r"2 read, 1 in the result \(1 missing: a.csv row 3\)"):
        pipeline.run(Recipe(target="canonical"), [path], out=tmp_path / "o")
    assert not list((tmp_path / "o").glob("*.csv"))
