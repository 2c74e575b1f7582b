"""A 20,000-row e-mail list exports to every target without a crash and without losing a row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clientmig.cli import main
from clientmig.target_schemas import platforms

TARGETS = sorted(platforms())
ROWS = 20_000


@pytest.fixture(scope="module")
def email_list(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("in") / "r.csv"
    lines = ["Email"] + [f"u{i}@example.be" for i in range(1, ROWS + 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("target", TARGETS)
def test_a_20000_row_email_list_exports_to_every_target(
    target: str, email_list: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["export", str(email_list), "--target", target, "--out", str(tmp_path), "--json"])
    assert code in (0, 1)  # 1: rows rejected (a name is required), never a crash
    summary = json.loads(capsys.readouterr().out)
    report = summary["validation"]
    assert report["rows"] == ROWS
    assert report["valid"] + report["rejected"] == ROWS
