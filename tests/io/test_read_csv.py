"""Reading CSV/TSV/TXT exports: encodings, dialects, title rows, damage, degenerate files."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest

import clientmig as cm
from clientmig.errors import ReadError

ROWS = [["Peeters", "Zoë", "zoe@telenet.be"], ["Dubois", "Hélène", "helene@skynet.be"]]


def _csv(rows: list[list[str]], *, sep: str = ",", eol: str = "\n") -> str:
    header = ["Naam", "Voornaam", "E-mail"]
    return eol.join(sep.join(r) for r in [header, *rows]) + eol


def _cells(frame: pl.DataFrame) -> list[list[str]]:
    return [list(r) for r in frame.select("Naam", "Voornaam", "E-mail").rows()]


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8 with BOM"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),
        ("utf-16-be", "utf-16-be"),
        ("cp1252", "cp1252"),
    ],
)
def test_encodings_are_detected(encoding: str, expected: str) -> None:
    result = cm.read_table(_csv(ROWS).encode(encoding))
    assert result.encoding == expected
    assert _cells(result.frame) == ROWS


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_delimiters_and_line_endings(sep: str, eol: str) -> None:
    result = cm.read_table(_csv(ROWS, sep=sep, eol=eol).encode())
    assert result.delimiter == sep
    assert _cells(result.frame) == ROWS
    assert result.frame["_row"].to_list() == [2, 3]


def test_excel_sep_line_is_a_hint_and_counts_as_a_row() -> None:
    result = cm.read_table(("sep=;\n" + _csv(ROWS, sep=";")).encode())
    assert result.delimiter == ";"
    assert result.header_row == 2
    assert result.frame["_row"].to_list() == [3, 4]


def test_title_rows_above_the_header_are_skipped_and_counted() -> None:
    text = "Klantenlijst 2026;;\nAfgedrukt op 22/11/2026;;\n\n" + _csv(ROWS, sep=";")
    result = cm.read_table(text.encode())
    assert result.header_row == 4
    assert result.columns == ("Naam", "Voornaam", "E-mail")
    assert result.frame["_row"].to_list() == [5, 6]


def test_header_row_option_overrides_detection() -> None:
    text = "a,b,c\n" + _csv(ROWS)
    assert cm.read(text.encode(), header_row=2)["_row"].to_list() == [3, 4]


def test_quoted_cells_spanning_lines_stay_one_row() -> None:
    text = 'Naam,Voornaam,E-mail\n"Peeters","Jan\nJr.",jan@x.be\nMaes,An,an@x.be\n'
    frame = cm.read(text.encode())
    assert frame["Voornaam"].to_list() == ["Jan\nJr.", "An"]
    assert frame["_row"].to_list() == [2, 3]


def test_blank_lines_are_skipped_but_keep_row_numbers() -> None:
    text = "Naam,Voornaam,E-mail\nPeeters,Jan,j@x.be\n\n,,\nMaes,An,a@x.be\n"
    result = cm.read_table(text.encode())
    assert result.frame["_row"].to_list() == [2, 5]
    assert "read.blank_row" in result.issues["code"].to_list()


def test_ragged_rows_keep_every_cell_and_are_reported() -> None:
    text = "a,b\n1,2,3\n4\n5,6\n"
    result = cm.read_table(text.encode())
    assert result.frame.select("a", "b", "column_3").rows() == [
        ("1", "2", "3"),
        ("4", None, None),
        ("5", "6", None),
    ]
    ragged = result.issues.filter(pl.col("code") == "read.ragged_row")
    assert ragged["row"].to_list() == [2, 3]
    assert set(ragged["severity"].cast(pl.String)) == {"warning"}


def test_short_rows_without_quotes_are_reported() -> None:
    result = cm.read_table(b"a,b,c\n1,2,3\n4,5\n")
    assert result.issues.filter(pl.col("code") == "read.ragged_row")["row"].to_list() == [3]


def test_unterminated_quote_reads_the_rest_and_reports_it() -> None:
    result = cm.read_table(b'a,b\n1,"2\n3,4\n')
    assert result.frame["a"].to_list() == ["1"]
    issue = result.issues.filter(pl.col("code") == "read.unterminated_quote")
    assert issue.height == 1
    assert issue["row"].to_list() == [2]


def test_nul_bytes_are_removed_and_reported() -> None:
    result = cm.read_table(b"a,b\nBart\x00Maes,1\n")
    assert result.frame["a"].to_list() == ["BartMaes"]
    assert result.issues["code"].to_list() == ["read.nul_byte"]


def test_a_huge_cell_is_read_whole_and_reported() -> None:
    big = "x" * 100_000
    result = cm.read_table(f"a,b\n{big},1\n".encode())
    assert result.frame["a"].str.len_chars().to_list() == [100_000]
    assert result.issues.filter(pl.col("code") == "read.long_cell")["row"].to_list() == [2]


def test_double_encoded_utf8_is_a_warning_with_the_repair_as_suggestion() -> None:
    result = cm.read_table("Naam\nJosÃ©\nJan\n".encode())
    issue = result.issues.row(0, named=True)
    assert (issue["code"], issue["row"], issue["suggestion"]) == ("read.mojibake", 2, "José")
    assert result.frame["Naam"].to_list() == ["JosÃ©", "Jan"]  # reported, never silently changed


def test_ids_stay_text_with_leading_zeros() -> None:
    frame = cm.read(b"Postcode,RRN\n010011,00460720632\n")
    assert frame.row(0)[:2] == ("010011", "00460720632")
    assert frame.schema["Postcode"] == pl.String


def test_headers_are_cleaned_and_made_unique() -> None:
    result = cm.read_table("\ufeff E-mail ,E-mail,,\u200bNaam\n1,2,3,4\n".encode())
    assert result.columns == ("E-mail", "E-mail (2)", "column_3", "Naam")
    assert "read.duplicate_header" in result.issues["code"].to_list()


@pytest.mark.parametrize(
    ("data", "words"),
    [(b"", "empty"), (b"\xef\xbb\xbf", "empty"), (b"\n \n\r\n", "blank")],
)
def test_empty_inputs_raise_a_plain_read_error(data: bytes, words: str) -> None:
    with pytest.raises(ReadError, match=words):
        cm.read(data)


def test_header_only_file_gives_zero_rows_with_columns() -> None:
    frame = cm.read(b"Naam,Voornaam\n")
    assert frame.height == 0
    assert frame.columns == ["Naam", "Voornaam", "_source", "_sheet", "_row"]


def test_sources_path_file_object_and_bytes_agree(tmp_path: Path) -> None:
    path = tmp_path / "clients.csv"
    path.write_text(_csv(ROWS), encoding="utf-8")
    by_path = cm.read(path)
    by_str = cm.read(str(path))
    with path.open("rb") as fh:
        by_file = cm.read(fh)
    by_bytes = cm.read(path.read_bytes())
    assert by_path["_source"].unique().to_list() == ["clients.csv"]
    assert by_file["_source"].unique().to_list() == ["clients.csv"]
    assert by_bytes["_source"].unique().to_list() == ["<bytes>"]
    for other in (by_str, by_file, by_bytes):
        assert _cells(other) == _cells(by_path)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p / "missing.csv", "does not exist"),
        (lambda p: p, "folder"),
    ],
)
def test_unusable_paths_raise(tmp_path: Path, make: object, words: str) -> None:
    with pytest.raises(ReadError, match=words):
        cm.read(make(tmp_path))  # type: ignore[operator]


def test_text_file_object_is_refused_with_a_hint() -> None:
    with pytest.raises(ReadError, match="binary mode"):
        cm.read(io.StringIO("a,b\n1,2\n"))  # type: ignore[arg-type]


def test_footer_lines_of_a_report_export_are_skipped() -> None:
    text = (
        "Customer Contact List\nPractice BV\n\n"
        "Customer full name,Phone numbers,Email\nPeeters Jan,0475,jan@x.be\nDubois,,\n"
        'TOTAL,,\n\n"Sunday, November 22, 2026 09:00 AM GMTZ"\n'
    )
    result = cm.read_table(text.encode())
    assert result.frame["Customer full name"].to_list() == ["Peeters Jan", "Dubois"]
    assert "read.footer_row" in result.issues["code"].to_list()
