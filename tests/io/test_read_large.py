"""Big clean UTF-8 files take the path-based fast path; it reads exactly what the byte path does."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

import clientmig
import clientmig.io._delimited as cio


def _big(tmp_path: Path, *, head: str = "", tail: str = "", rows: int = 70_000) -> Path:
    body = "".join(
        f'{i},Jan {i},"Kerkstraat {i}, Gent",jan{i}@x.be,Frédéric\n' for i in range(rows)
    )
    path = tmp_path / "big.csv"
    path.write_text(head + "Klantnr,Naam,Adres,E-mail,Voornaam\n" + body + tail, encoding="utf-8")
    assert path.stat().st_size > cio.LARGE_FILE_BYTES
    return path


@pytest.mark.parametrize(
    ("head", "tail"),
    [
        ("", ""),
        ("Client list 2026\n\n", ""),  # title rows above the header
        ("sep=,\n", ""),  # Excel's delimiter line
        ("\ufeff", ""),  # BOM
        ("", "1,2,3,4,5,6,7\n"),  # a ragged row: the byte path must take over
        ("", "99,Piet\n"),  # a short row: trailing nulls send it to the byte path
        ("", "TOTAL,,,,\n"),  # a report footer
    ],
)
def test_large_path_equals_byte_path(tmp_path: Path, head: str, tail: str) -> None:
    path = _big(tmp_path, head=head, tail=tail)
    by_path = clientmig.read_table(path)
    by_bytes = clientmig.read_table(path.read_bytes())
    assert by_path.header_row == by_bytes.header_row
    assert by_path.delimiter == by_bytes.delimiter
    assert by_path.frame.drop("_source").equals(by_bytes.frame.drop("_source"))
    assert by_path.frame["_source"].unique().to_list() == ["big.csv"]
    codes = lambda r: sorted(r.issues["code"].to_list())  # noqa: E731
    assert codes(by_path) == codes(by_bytes)


def test_large_cp1252_file_falls_back(tmp_path: Path) -> None:
    path = tmp_path / "ansi.csv"
    rows = "".join(f"{i};Frédéric\n" for i in range(400_000))
    path.write_bytes(("Nr;Voornaam\n" + rows).encode("cp1252"))
    result = clientmig.read_table(path)
    assert result.encoding == "cp1252"
    assert result.frame["Voornaam"][0] == "Frédéric"
    assert result.frame.height == 400_000
    assert isinstance(result.frame, pl.DataFrame)


def test_which_files_take_the_large_path(tmp_path: Path) -> None:
    plain = _big(tmp_path)
    assert cio._read_large_text(plain, delimiter=None, header_row=None) is not None
    ragged = _big(tmp_path, tail="1,2,3,4,5,6,7\n")
    assert cio._read_large_text(ragged, delimiter=None, header_row=None) is None
