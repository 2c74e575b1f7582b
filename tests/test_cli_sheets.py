"""A workbook with several sheets of clients and no ``--sheet``: no command reads one silently.

The writing commands (``export``, ``run`` without sheets in the recipe) read every sheet of
clients and say so; the one-table commands stop with one sentence naming the sheets.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from openpyxl import load_workbook

from clientmig.cli import main
from clientmig.mapping.client_sheets import sheets_of_clients


@pytest.fixture(autouse=True)
def _english_after(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--lang`` sets CLIENTMIG_LANG for the process; put it back after each test."""
    monkeypatch.setenv("CLIENTMIG_LANG", "en")


_FIRMS = [("Bakkerij Peeters BV", "info@peeters.be"), ("Garage Janssens", "garage@janssens.be")]
_PEOPLE = [("Jan", "Peeters", "jan@peeters.be"), ("An", "Maes", "an.maes@telenet.be")]


def _book(tmp_path: Path, *, with_orgs: bool = True) -> Path:
    """People (wider) and Organisations, plus a one-column instructions sheet."""
    path = tmp_path / "clients.xlsx"
    book = xlsxwriter.Workbook(path)
    about = book.add_worksheet("Instructions")
    about.write(0, 0, "Fill in one client per row.")
    people = book.add_worksheet("Personen")
    for r, row in enumerate([("First Name", "Last Name", "Email"), *_PEOPLE]):
        people.write_row(r, 0, row)
    if with_orgs:
        orgs = book.add_worksheet("Bedrijven")
        for r, row in enumerate([("Company Name", "Email"), *_FIRMS]):
            orgs.write_row(r, 0, row)
    book.close()
    return path


def test_sheets_of_clients_leave_out_instructions(tmp_path: Path) -> None:
    assert list(sheets_of_clients(_book(tmp_path), "karbon")) == ["Personen", "Bedrijven"]
    assert list(sheets_of_clients(_book(tmp_path, with_orgs=False), "karbon")) == ["Personen"]


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "{book}"],
        ["validate", "{book}", "--target", "karbon.people"],
        ["map", "{book}", "--target", "karbon"],
        ["dedupe", "{book}", "--out", "{tmp}/c.csv"],
        ["reconcile", "{book}", "{book}", "--target", "karbon", "--out", "{tmp}/rec"],
        ["links", "{book}"],
    ],
)
def test_one_table_commands_stop_naming_the_sheets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    book = _book(tmp_path)
    argv = [a.format(book=book, tmp=tmp_path) for a in command]
    assert main([*argv, "--lang", "nl"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "'Personen' (2 rijen), 'Bedrijven' (2 rijen)" in err
    assert "--sheet" in err
    assert "Traceback" not in err


def test_a_named_sheet_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = _book(tmp_path)
    assert main(["validate", str(book), "--sheet", "Bedrijven"]) in (0, 1)
    assert "several" not in capsys.readouterr().err


def test_one_sheet_of_clients_needs_no_sheet(tmp_path: Path) -> None:
    """The instructions sheet is no client table: nothing to choose."""
    assert main(["validate", str(_book(tmp_path, with_orgs=False))]) in (0, 1)


def _imported_names(out: Path) -> set[str]:
    book = load_workbook(out / "karbon_import.xlsx", read_only=True)
    names = {str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row}
    book.close()
    return names


@pytest.mark.parametrize("how", ["export", "run"])
def test_writing_commands_read_every_sheet_of_clients(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    book = _book(tmp_path)
    out = tmp_path / "out"
    if how == "export":
        argv = ["export", str(book), "--target", "karbon", "--out", str(out)]
    else:
        recipe = tmp_path / "recipe.json"
        recipe.write_text('{"clientmig_recipe": 1, "target": "karbon"}', encoding="utf-8")
        argv = ["run", str(recipe), str(book), "--out", str(out)]
    assert main([*argv, "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert "'Personen' (2 rows), 'Bedrijven' (2 rows)" in err
    names = _imported_names(out)
    assert {"Jan", "An", "Bakkerij Peeters BV", "Garage Janssens"} <= names, names


def test_the_library_names_the_sheets_it_did_not_read(tmp_path: Path) -> None:
    """cm.read_table without sheet= reads one sheet and says which others hold tables (the
    one-column instructions sheet is none)."""
    from clientmig.io import read_table

    table = read_table(_book(tmp_path))
    notes = table.issues.filter(pl.col("code") == "read.other_sheets")
    assert notes.select("severity", "value").rows() == [("warning", "'Bedrijven' (2 rows)")]
    assert (
        read_table(_book(tmp_path), sheet="Personen")
        .issues.filter(pl.col("code") == "read.other_sheets")
        .is_empty()
    )
