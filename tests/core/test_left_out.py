"""A column no field takes is said once, with a few of its values: never dropped silently."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from clientmig.cli import main
from clientmig.pipeline import Recipe, run


@pytest.fixture(autouse=True)
def _english_after(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--lang`` sets CLIENTMIG_LANG for the process; put it back after each test."""
    monkeypatch.setenv("CLIENTMIG_LANG", "en")


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "klanten.csv"
    path.write_text(
        "Naam;Voornaam;E-mail;Opmerking;Leeg\n"
        "Peeters;Jan;jan@x.be;vaste klant;\n"
        "Maes;An;an@x.be;;\n"
        "Claes;Els;els@x.be;betaalt laat;\n",
        encoding="utf-8",
    )
    return path


def test_run_names_each_column_it_leaves_out(tmp_path: Path) -> None:
    result = run(Recipe(target="karbon"), [_csv(tmp_path)], out=tmp_path / "out")
    notes = result.report.issues.filter(pl.col("code") == "mapping.column_ignored")
    assert notes.select("source", "column", "severity", "value").rows() == [
        ("klanten.csv", "Opmerking", "info", "vaste klant | betaalt laat")
    ]  # an empty column ('Leeg') loses nothing and is not named


def test_validate_says_it_in_the_users_language(tmp_path: Path) -> None:
    issues = tmp_path / "issues.csv"
    argv = ["validate", str(_csv(tmp_path)), "--target", "karbon", "--issues-out", str(issues)]
    assert main([*argv, "--lang", "nl"]) == 0
    rows = pl.read_csv(issues).filter(pl.col("code") == "mapping.column_ignored")
    assert rows["column"].to_list() == ["Opmerking"]
    assert rows["message"][0].startswith("Geen veld van het doelplatform neemt deze kolom")
