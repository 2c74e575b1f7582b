"""One writer: confined to --out, atomic, no overwrite without --force, locked, no stale parts."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import polars as pl
import pytest

from clientmig.cli import main
from clientmig.errors import ExportError
from clientmig.export.files import LOCK_NAME, OutputFolder, overwrite_message
from clientmig.export.writers import write_csv_parts

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def people(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    path.write_text(
        'First Name,Last Name,Email\nAn,Peeters,an@example.be\nBo,Smet,=HYPERLINK("x")\n',
        encoding="utf-8",
    )
    return path


def test_a_symlinked_subfolder_or_name_never_leads_outside(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "sub").symlink_to(elsewhere, target_is_directory=True)
    folder = OutputFolder(out, force=True)
    with pytest.raises(ExportError, match="outside the output folder"):
        folder.write_text("sub/x.json", "{}")
    (out / "summary.json").symlink_to(elsewhere / "victim.json")
    (elsewhere / "victim.json").write_text("keep")
    with pytest.raises(ExportError, match="--force"):
        OutputFolder(out).write_text("summary.json", "{}")
    with folder:
        folder.write_text("summary.json", "{}")  # replaces the link, never writes through it
    assert (elsewhere / "victim.json").read_text() == "keep"
    assert not (out / "summary.json").is_symlink()
    assert list(elsewhere.iterdir()) == [elsewhere / "victim.json"]


def test_an_interrupted_write_leaves_the_previous_file(tmp_path: Path) -> None:
    folder = OutputFolder(tmp_path, force=True)
    folder.write_text("a.csv", "old\n")

    def interrupted() -> None:
        with folder.atomic("a.csv") as tmp:
            tmp.write_text("half")
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted()
    assert (tmp_path / "a.csv").read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]


def test_a_killed_run_leaves_no_half_file_and_its_leftovers_are_removed(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        sys.path.insert(0, {str(ROOT)!r})
        from clientmig.export.files import OutputFolder
        with OutputFolder({str(tmp_path)!r}, force=True) as f, f.atomic("big.xlsx") as tmp:
            tmp.write_bytes(b"PK half a zip")
            os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], check=False)
    assert done.returncode == -9
    assert not (tmp_path / "big.xlsx").exists()
    with OutputFolder(tmp_path):
        pass
    assert list(tmp_path.iterdir()) == []


def test_a_second_run_into_a_busy_folder_is_refused(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from clientmig.export.files import OutputFolder
        with OutputFolder({str(tmp_path)!r}):
            print("locked", flush=True)
            sys.stdin.readline()
        """
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(ExportError, match="is busy"), OutputFolder(tmp_path):
            pass
    finally:
        holder.communicate("\n", timeout=30)
    with OutputFolder(tmp_path):  # free again once the other run ends
        pass


def test_stale_part_files_of_an_earlier_run_are_removed_only_with_force(tmp_path: Path) -> None:
    frame = pl.DataFrame({"n": [str(i) for i in range(1200)]})
    write_csv_parts(frame, tmp_path, "xpm", force=False, max_rows=500)
    with pytest.raises(ExportError, match="--force"):
        write_csv_parts(frame.head(600), tmp_path, "xpm", force=False, max_rows=500)
    write_csv_parts(frame.head(600), tmp_path, "xpm", force=True, max_rows=500)
    assert sorted(p.name for p in tmp_path.glob("*.csv")) == ["xpm_part1.csv", "xpm_part2.csv"]
    write_csv_parts(frame.head(10), tmp_path, "xpm", force=True, max_rows=500)
    assert sorted(p.name for p in tmp_path.glob("*.csv")) == ["xpm.csv"]


@pytest.mark.parametrize(
    "command",
    [
        ["export", "{people}", "--target", "karbon", "--out", "{out}"],
        ["reconcile", "{people}", "{people}", "--out", "{out}"],
        ["validate", "{people}", "--issues-out", "{out}/issues.csv"],
        ["validate", "{people}", "--rejected-out", "{out}/rejected.csv"],
        ["dedupe", "{people}", "--out", "{out}/clusters.csv"],
        ["map", "{people}", "-o", "{out}/mapping.json"],
    ],
)
def test_every_command_refuses_to_overwrite_without_force_in_one_sentence(
    command: list[str], people: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    argv = [a.format(people=people, out=out) for a in command]
    assert main([*argv, "--force"]) in (0, 1)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and p.name != LOCK_NAME}
    assert before
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "already exists in" in err
    assert "pass --force" in err
    assert {p: p.read_bytes() for p in before} == before
    assert main([*argv, "--force"]) in (0, 1)


def test_an_out_that_is_a_file_is_one_line(
    people: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "o"
    out.write_text("x")
    for argv in (
        ["export", str(people), "--target", "karbon"],
        ["reconcile", str(people), str(people)],
    ):
        assert main([*argv, "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert "is a file, not a folder" in err


def test_overwrite_message_is_the_same_everywhere(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("x")
    with pytest.raises(ExportError) as got:
        OutputFolder(tmp_path).path("a.csv")
    assert str(got.value) == overwrite_message(tmp_path / "a.csv")
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]


def test_an_export_refuses_before_writing_anything_when_one_of_its_files_exists(
    people: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "o"
    assert main(["export", str(people), "--target", "taxdome", "--out", str(out)]) in (0, 1)
    for p in out.iterdir():  # keep one of its files (rows are no longer rejected for
        if p.name != "issues.csv":  # optional fields, so the rejected file may not exist)
            p.unlink()
    left = sorted(p.name for p in out.iterdir())
    assert left == ["issues.csv"]
    capsys.readouterr()
    assert main(["export", str(people), "--target", "taxdome", "--out", str(out)]) == 2
    assert "pass --force" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == left  # nothing new, no lock file left
