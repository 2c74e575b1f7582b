"""``clientmig inspect`` on every sample file: encoding, delimiter, header row and source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clientmig.cli import main
from tests.conftest import SAMPLES

EXPECTED = {
    # file: (sheet, encoding, delimiter, header_row, source)
    "outlook_contacts.csv": (None, "cp1252", ",", 1, "outlook"),
    "google_contacts.csv": (None, "utf-8 with BOM", ",", 1, "google"),
    "belgian_clients.csv": (None, "cp1252", ";", 2, None),
    "platform_export.csv": (None, "utf-8", ",", 1, "karbon_organizations"),
    "quickbooks_customers.csv": (None, "utf-8", ",", 4, "quickbooks"),
}
SHEETS = {
    ("karbon_messy.xlsx", "Organizations"): (4, "karbon_organizations"),
    ("karbon_messy.xlsx", "People"): (3, "karbon_people"),
    ("adminpulse_relaties.xlsx", "Relaties"): (1, "adminpulse"),
}


def _inspect(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict]]:
    code = main(["inspect", "--json", *args])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("file", sorted(EXPECTED))
def test_inspect_csv_samples(capsys: pytest.CaptureFixture[str], file: str) -> None:
    code, [info] = _inspect(capsys, str(SAMPLES / file))
    _, encoding, delimiter, header_row, source = EXPECTED[file]
    assert code == 0
    assert (info["encoding"], info["delimiter"], info["header_row"]) == (
        encoding,
        delimiter,
        header_row,
    )
    assert (info["detected_source"] or {}).get("name") == source


def test_inspect_workbooks_lists_every_sheet(capsys: pytest.CaptureFixture[str]) -> None:
    code, infos = _inspect(
        capsys, str(SAMPLES / "karbon_messy.xlsx"), str(SAMPLES / "adminpulse_relaties.xlsx")
    )
    assert code == 0
    by_sheet = {(Path(i["file"]).name, i["sheet"]): i for i in infos}
    for key, (header_row, source) in SHEETS.items():
        assert by_sheet[key]["header_row"] == header_row
        assert by_sheet[key]["detected_source"]["name"] == source
    assert by_sheet[("adminpulse_relaties.xlsx", "Relaties")]["issues"] == {"read.merged_cell": 2}


def test_inspect_text_output_and_unreadable_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["inspect", str(SAMPLES / "belgian_clients.csv")]) == 0
    out = capsys.readouterr().out
    assert "delimiter:  semicolon" in out
    assert "header row: 2" in out
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert main(["inspect", str(empty)]) == 2
    err = capsys.readouterr().err
    assert "empty.csv is empty" in err
    assert "Traceback" not in err


def test_cli_without_command_and_bad_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["inspect"]) == 2
    assert main(["--version"]) == 0
