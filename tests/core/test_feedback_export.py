"""``clientmig export`` takes a corrected file to fix like ``run`` does: its rows replace the
rows they name; a row still wrong is rejected again with fresh reasons, never a traceback."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from clientmig.cli import main


@pytest.fixture(autouse=True)
def _english_after(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--lang`` sets CLIENTMIG_LANG for the process; put it back after each test."""
    monkeypatch.setenv("CLIENTMIG_LANG", "en")


def _first_run(tmp_path: Path) -> tuple[Path, Path]:
    source = tmp_path / "klanten.csv"
    source.write_text(
        "Naam;Voornaam;E-mail;Klantnr\nPeeters;Jan;jan@x.be;K1\nMaes;An;an@x.be;K2\n;;;K3\n",
        encoding="utf-8",
    )
    out = tmp_path / "o1"
    argv = ["export", str(source), "--target", "karbon", "--out", str(out), "--lang", "nl"]
    assert main(argv) == 0
    return source, out / "klanten_to_fix.csv"


def _people(out: Path) -> list[tuple[str, str]]:
    frame = pl.read_excel(out / "karbon_import.xlsx", sheet_name="People")
    return frame.select("First Name", "Client ID").rows()


@pytest.mark.parametrize("corrected", [True, False])
def test_export_replaces_rows_with_their_corrected_rows(tmp_path: Path, corrected: bool) -> None:
    source, to_fix = _first_run(tmp_path)
    rows = pl.read_csv(to_fix, infer_schema=False)
    assert rows.columns[-2:] == ["clientmig redenen", "clientmig rij"]
    if corrected:
        rows = rows.with_columns(pl.lit("Claes").alias("Naam"), pl.lit("Els").alias("Voornaam"))
    fixed = tmp_path / "klanten_to_fix.csv"
    rows.write_csv(fixed)
    out = tmp_path / "o2"
    argv = ["export", str(source), str(fixed), "--target", "karbon", "--out", str(out)]
    assert main([*argv, "--lang", "nl"]) == 0
    people = _people(out)
    assert [c for _, c in people] == (["K1", "K2", "K3"] if corrected else ["K1", "K2"])
    if not corrected:  # rejected again: one file to fix, with one reasons column
        again = pl.read_csv(out / "klanten_to_fix_to_fix.csv", infer_schema=False)
        assert again.columns[-2:] == ["clientmig redenen", "clientmig rij"]
        assert again.height == 1


def test_a_workbook_to_fix_is_known_by_its_header(tmp_path: Path) -> None:
    from clientmig.cli.export_cmd import is_file_to_fix

    fixed, plain = tmp_path / "k_to_fix.xlsx", tmp_path / "k.xlsx"
    pl.DataFrame({"Naam": ["Claes"], "clientmig rij": ["k.xlsx | Klanten | 4"]}).write_excel(fixed)
    pl.DataFrame({"Naam": ["Claes"], "Klantnr": ["K3"]}).write_excel(plain)
    assert is_file_to_fix(str(fixed))
    assert not is_file_to_fix(str(plain))
    assert not is_file_to_fix(str(tmp_path / "missing.csv"))
