"""The README's first two commands stay true: the main job runs; the test command is pytest."""

from __future__ import annotations

import shlex
from pathlib import Path

from clientmig.cli import main
from tests.conftest import ROOT


def _commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```bash", 1)[1].split("```", 1)[0]
    return [line for line in block.strip().splitlines() if line.strip()]


def test_first_command_runs_the_main_job(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    first = _commands()[0]
    args = shlex.split(first.split(".venv/bin/clientmig", 1)[1])
    assert args[0] == "run"
    out = args.index("--out")
    args[out + 1] = str(tmp_path / "out")
    monkeypatch.chdir(ROOT)
    assert main(args) == 0
    written = {p.name for p in (tmp_path / "out").iterdir()}
    assert {"karbon_import.xlsx", "issues.csv", "report.html", "summary.json"} <= written


def test_second_command_is_the_test_suite() -> None:
    assert _commands()[1].endswith(".venv/bin/python -m pytest")
