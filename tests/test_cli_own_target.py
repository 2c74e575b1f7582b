"""A platform of one's own (a TOML file in the shipped format) works on every command that takes
``--target``, whole or one table at a time (``mine.toml:people``)."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from clientmig.cli import main
from clientmig.target_schemas import Platform, Target, resolve, schema_dir

SAMPLE = Path(__file__).parent.parent / "sample_data" / "belgian_clients.csv"


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    text = (schema_dir() / "karbon.toml").read_text("utf-8")
    text = text.replace('name = "karbon"', 'name = "ourfirm"', 1).replace(
        'file = "karbon_import"', 'file = "ourfirm_import"', 1
    )
    path = tmp_path / "ourfirm.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_resolve_names_a_file_whole_or_one_table(mine: Path) -> None:
    assert isinstance(resolve(str(mine)), Platform)
    people = resolve(f"{mine}:people")
    assert isinstance(people, Target)
    assert people.name == "ourfirm.people"
    assert isinstance(resolve("karbon"), Platform)
    assert isinstance(resolve("karbon.people"), Target)


def test_map_validate_and_export_take_the_whole_file(
    mine: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["map", str(SAMPLE), "--target", str(mine), "-o", str(tmp_path / "m.json")]) == 0
    assert json.loads((tmp_path / "m.json").read_text("utf-8"))["target"] == "ourfirm"
    assert main(["validate", str(SAMPLE), "--target", str(mine)]) in (0, 1)
    out = tmp_path / "out"
    assert main(["export", str(SAMPLE), "--target", str(mine), "--out", str(out)]) == 0
    book = out / "ourfirm_import.xlsx"
    sheets = pl.read_excel(book, sheet_id=0)
    assert {"People", "Organizations"} <= set(sheets)
    assert "has several tables" not in capsys.readouterr().err


def test_export_takes_one_table_of_the_file(mine: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["export", str(SAMPLE), "--target", f"{mine}:people", "--out", str(out)]) == 0
    assert list(pl.read_excel(out / "ourfirm_import.xlsx", sheet_id=0)) == ["People"]


def test_a_file_of_ones_own_never_shadows_a_shipped_platform(tmp_path: Path) -> None:
    text = (
        (schema_dir() / "karbon.toml")
        .read_text("utf-8")
        .replace('title = "People"', 'title = "Mensen"', 1)
    )
    path = tmp_path / "karbon.toml"
    path.write_text(text, encoding="utf-8")
    assert resolve(str(path)).table("people").title == "Mensen"  # type: ignore[union-attr]
    assert resolve("karbon").table("people").title == "People"  # type: ignore[union-attr]
