"""The bundled samples are reproducible and planted.csv points at real, damaged cells."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import ROOT, SAMPLES

PLANTED = list(csv.DictReader((SAMPLES / "planted.csv").open(encoding="utf-8")))


def test_generator_is_deterministic_and_matches_the_committed_files(tmp_path: Path) -> None:
    script = ROOT / "scripts" / "make_sample_data.py"
    subprocess.run([sys.executable, str(script), str(tmp_path)], check=True)
    several = ROOT / "scripts" / "make_multisource_samples.py"
    subprocess.run([sys.executable, str(several), str(tmp_path / "three_sources")], check=True)
    committed = sorted(p for p in SAMPLES.rglob("*") if p.is_file())
    assert len(committed) > 12
    for path in committed:
        name = path.relative_to(SAMPLES)
        assert (tmp_path / name).read_bytes() == path.read_bytes(), name


def test_documented_encodings_and_delimiters() -> None:
    outlook = (SAMPLES / "outlook_contacts.csv").read_bytes()
    assert outlook.startswith(b"Title,First Name,Middle Name")
    assert b"\r\n" in outlook
    outlook.decode("cp1252")
    assert (SAMPLES / "google_contacts.csv").read_bytes().startswith(b"\xef\xbb\xbfFirst Name")
    assert (SAMPLES / "belgian_clients.csv").read_bytes().startswith(b"sep=;\r\nKlantnr;Naam")


def _cell(file: str, sheet: str, row: int, column: str) -> str | None:
    path = SAMPLES / file
    if path.suffix == ".xlsx":
        ws = load_workbook(path)[sheet]
        for header_row in range(1, 8):
            headers = [c.value for c in ws[header_row]]
            if column in headers:
                value = ws.cell(row, headers.index(column) + 1).value
                return None if value is None else str(value)
        raise AssertionError(f"{column} not found in {file}/{sheet}")
    encoding = (
        "utf-8-sig"
        if "google" in file
        else ("cp1252" if file != "platform_export.csv" else "utf-8")
    )
    text = path.read_bytes().decode(encoding)
    delimiter = ";" if "belgian" in file else ","
    records = list(csv.reader(text.splitlines(keepends=True), delimiter=delimiter))
    header_index = next(i for i, r in enumerate(records) if column in r)
    return records[row - 1][records[header_index].index(column)]


@pytest.mark.parametrize("planted", PLANTED, ids=lambda p: f"{p['file']}:{p['row']}:{p['column']}")
def test_planted_rows_point_at_cells_that_exist(planted: dict[str, str]) -> None:
    value = _cell(planted["file"], planted["sheet"], int(planted["row"]), planted["column"])
    if planted["expected_code"] == "read.merged_cell":
        assert value is None  # the merged-away cell holds nothing
    else:
        assert value not in (None, "")
        if planted["expected_suggestion"] and planted["expected_code"] != "link.near_miss":
            assert value != planted["expected_suggestion"]


def test_every_planted_kind_is_documented() -> None:
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    for code in {p["expected_code"] for p in PLANTED}:
        assert f"`{code}`" in readme
