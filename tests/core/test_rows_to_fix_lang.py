"""The rows to fix name their own two columns in the reader's language, and a corrected file
fed back replaces its rows whichever language (or the old English names) it was written in."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from clientmig.cli import main
from tests.conftest import ROOT

RECIPE = ROOT / "sample_data" / "karbon_recipe.json"
SOURCE = ROOT / "sample_data" / "karbon_messy.xlsx"
NAMES = {
    "en": ("clientmig reasons", "clientmig row"),
    "nl": ("clientmig redenen", "clientmig rij"),
    "fr": ("clientmig motifs", "clientmig ligne"),
    "de": ("clientmig Gründe", "clientmig Zeile"),
}


@pytest.fixture(autouse=True)
def _english_after(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--lang`` sets CLIENTMIG_LANG for the process; put it back after each test."""
    monkeypatch.setenv("CLIENTMIG_LANG", "en")


def _orgs(path: Path) -> pl.DataFrame:
    return pl.read_excel(path, sheet_name="Organizations", infer_schema_length=0)


@pytest.mark.parametrize(("written", "read_back"), [("nl", "fr"), ("de", "en"), ("en", "nl")])
def test_to_fix_columns_follow_lang_and_feed_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], written: str, read_back: str
) -> None:
    out = tmp_path / "o"
    assert main(["run", str(RECIPE), str(SOURCE), "--out", str(out), "--lang", written]) == 0
    to_fix = _orgs(out / "karbon_messy_to_fix.xlsx")
    reasons, origin = NAMES[written]
    assert to_fix.columns[-2:] == [reasons, origin]
    assert to_fix[reasons].null_count() == 0
    fixed = to_fix.with_columns(
        pl.Series("Client ID", ["C09990", "C09991", "C09992"]),
        pl.Series(
            "Organization Name", ["Ardennes Design NV", "Acme Advies NV", "Noordzee Advies NV"]
        ),
    )
    corrected = tmp_path / "karbon_messy_to_fix.xlsx"
    fixed.write_excel(corrected, worksheet="Organizations")
    again = tmp_path / "again"
    argv = ["run", str(RECIPE), str(SOURCE), str(corrected), "--out", str(again)]
    capsys.readouterr()
    assert main([*argv, "--lang", read_back]) == 0
    replaced = {
        "fr": "3 ligne(s) remplacée(s) par leurs lignes corrigées",
        "en": "3 row(s) replaced by their corrected rows",
        "nl": "3 rij(en) vervangen door hun verbeterde rijen",
    }
    assert replaced[read_back] in capsys.readouterr().out  # said in the reader's language
    orgs = _orgs(again / "karbon_import.xlsx")
    assert {"C09990", "C09991", "C09992"} <= set(orgs["Client ID"].to_list())
    assert orgs["Organization Name"].is_duplicated().sum() == 0  # each replaced, none added
    for name in (*NAMES[written], *NAMES[read_back]):  # never imported as data
        assert not any(name in str(v) for v in orgs.columns)
