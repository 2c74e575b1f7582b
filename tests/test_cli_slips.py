"""Slips on the command line end in one sentence and the documented exit code, never a traceback."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from clientmig.cli import country_code, main
from clientmig.errors import OptionError


def _ok_csv(tmp_path: Path) -> Path:
    path = tmp_path / "ok.csv"
    path.write_text("Name,Email\nJan,jan@x.be\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("value", "code"),
    [("BE", "BE"), ("be", "BE"), ("Belgique", "BE"), ("België", "BE"), ("Frankrijk", "FR")],
)
def test_country_takes_codes_and_names(value: str, code: str) -> None:
    assert country_code(value) == code


def test_unknown_country_is_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(OptionError):
        country_code("XX")
    assert main(["validate", str(_ok_csv(tmp_path)), "--country", "XX"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "Unknown country 'XX'" in err


def test_target_names_ignore_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _ok_csv(tmp_path)
    assert main(["validate", str(path), "--target", "KARBON.People"]) in (0, 1)
    assert "unknown target" not in capsys.readouterr().err


def test_missing_output_folder_is_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _ok_csv(tmp_path)
    code = main(["dedupe", str(path), "--out", str(tmp_path / "no" / "such" / "x.csv")])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert code == 0 or (code == 2 and err.count("\n") == 1)


def test_closed_pipe_ends_quietly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``clientmig inspect x.csv | head``: the reader has gone; no traceback, exit 0."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody reads: every write fails with EPIPE
    stdout = open(write_end, "w", buffering=1, encoding="utf-8")  # noqa: SIM115
    monkeypatch.setattr(sys, "stdout", stdout)
    try:
        assert main(["inspect", str(_ok_csv(tmp_path))]) == 0
    finally:
        stdout.close()


@pytest.mark.parametrize(
    ("head", "kind"),
    [(b"%PDF-1.4\n%\xe2\xe3", "a PDF document"), (b"\x89PNG\r\n\x1a\n\x00\x00", "a PNG image")],
)
def test_a_file_that_is_no_table_says_what_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], head: bytes, kind: str
) -> None:
    path = tmp_path / "clients.csv"
    path.write_bytes(head + b"\x00\x01binary" * 20)
    out = tmp_path / "o"
    assert main(["export", str(path), "--target", "karbon", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"is not a table: it is {kind}" in err
    assert not any(out.glob("*.xlsx"))


def test_a_misspelt_code_is_refused_with_the_nearest_codes(tmp_path: Path) -> None:
    import clientmig as cm

    path = _ok_csv(tmp_path)
    path.write_text("Name,Email\nJan,jan@gmial.com\n", encoding="utf-8")
    table = cm.read_table(path)
    mapping = cm.suggest_mapping(table.frame, "karbon")
    cleaned = cm.clean(mapping.apply(table.frame), columns=mapping.column_of())
    report = cm.validate(cleaned.frame, "karbon", issues=cleaned.issues)
    with pytest.raises(OptionError, match=r"did you mean email\.typo_domain"):
        report.accept(code="email.typo")
    _, fixes = report.accept(code="email.typo_domain")
    assert [f.value for f in fixes.items] == ["jan@gmail.com"]


def test_duplicates_take_a_lazy_frame() -> None:
    import polars as pl

    import clientmig as cm

    frame = pl.DataFrame(
        {"first_name": ["Jan", "Jan"], "last_name": ["Peeters", "Peeters"]}
        | {"email": ["jan@x.be", "jan@x.be"]}
    )
    eager = cm.find_duplicates(frame)
    lazy = cm.find_duplicates(frame.lazy())
    assert lazy.pairs.equals(eager.pairs)


def _recipe(tmp_path: Path) -> Path:
    from clientmig.pipeline import Recipe

    return Recipe(target="karbon").save(tmp_path / "recipe.json")


def _commands(path: Path, tmp_path: Path) -> list[list[str]]:
    """Every command that reads a client list, on ``path``."""
    out = str(tmp_path / "out")
    return [
        ["validate", str(path), "--target", "karbon"],
        ["export", str(path), "--target", "karbon", "--out", out],
        ["run", str(_recipe(tmp_path)), str(path), "--out", out],
        ["links", str(path)],
        ["reconcile", str(path), str(path), "--out", out],
    ]


@pytest.mark.parametrize("index", range(5))
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_header_without_rows_is_refused_by_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], index: int, lang: str
) -> None:
    path = tmp_path / "klanten.csv"
    path.write_text("Voornaam;Naam;E-mail\n", encoding="utf-8")
    argv = _commands(path, tmp_path)[index]
    assert main([*argv, "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    sentence = {"en": "no data rows", "nl": "geen rijen met gegevens"}[lang]
    assert sentence in err
    assert "klanten.csv" in err
    assert not list((tmp_path / "out").glob("*.xlsx"))  # no empty import


@pytest.mark.parametrize("index", range(5))
def test_no_column_matching_the_target_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], index: int
) -> None:
    path = tmp_path / "kleuren.csv"
    path.write_text("Kleur;Gewicht\nrood;3\nblauw;4\n", encoding="utf-8")
    argv = _commands(path, tmp_path)[index]
    assert main([*argv, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "None of the columns of kleuren.csv (Kleur, Gewicht) matches a field" in err
    assert not list((tmp_path / "out").glob("*.xlsx"))


def test_inspect_shows_a_header_only_file_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "klanten.csv"
    path.write_text("Voornaam;Naam\n", encoding="utf-8")
    assert main(["inspect", str(path), "--lang", "en"]) == 2
    printed = capsys.readouterr()
    assert "Voornaam, Naam" in printed.out
    assert "no data rows" in printed.err


def test_map_maps_a_header_alone_but_refuses_unmatched_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header = tmp_path / "template.csv"
    header.write_text("Voornaam;Naam\n", encoding="utf-8")
    assert main(["map", str(header), "--target", "karbon", "--lang", "en"]) == 0
    other = tmp_path / "kleuren.csv"
    other.write_text("Kleur\nrood\n", encoding="utf-8")
    assert main(["map", str(other), "--target", "karbon", "--lang", "en"]) == 2
    assert "None of the columns" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "fake.csv is not a table: it is a PDF document."),
        ("nl", "fake.csv is geen tabel: het is een PDF-document."),
        ("fr", "fake.csv n'est pas un tableau : c'est un document PDF."),
        ("de", "fake.csv ist keine Tabelle: Es ist ein PDF-Dokument."),
    ],
)
def test_read_errors_speak_the_chosen_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, sentence: str
) -> None:
    fake = tmp_path / "fake.csv"
    fake.write_bytes(b"%PDF-1.4 not a table")
    assert main(["validate", str(fake), "--lang", lang]) == 2
    assert capsys.readouterr().err == f"clientmig: {sentence}\n"
    assert (
        main(
            [
                "export",
                str(tmp_path / "gone.csv"),
                "--target",
                "karbon",
                "--out",
                str(tmp_path / "o"),
                "--lang",
                lang,
            ]
        )
        == 2
    )
    missing = {"en": "does not exist", "nl": "bestaat niet", "fr": "n'existe pas"}
    assert missing.get(lang, "existiert nicht") in capsys.readouterr().err


class _Terminal(io.StringIO):
    """A captured stderr that says it is a terminal (or not)."""

    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize("command", ["validate", "export"])
@pytest.mark.parametrize("tty", [True, False])
def test_progress_on_a_terminal_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, tty: bool
) -> None:
    from clientmig import _progress

    monkeypatch.delenv("CLIENTMIG_PROGRESS", raising=False)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(_progress, "DELAY", 0.0)  # a bar at once (a real run waits 2 s)
    stderr = _Terminal(tty)
    monkeypatch.setattr(sys, "stderr", stderr)
    path = _ok_csv(tmp_path)
    argv = [command, str(path), "--target", "karbon", "--lang", "en"]
    if command == "export":
        argv += ["--out", str(tmp_path / "out")]
    assert main(argv) in (0, 1)
    shown = stderr.getvalue()
    if tty:
        assert f"clientmig {'validate' if command == 'validate' else 'run'}" in shown
    else:
        assert shown == ""


def test_progress_stays_silent_for_a_quick_job(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CLIENTMIG_PROGRESS", raising=False)
    monkeypatch.delenv("CI", raising=False)
    stderr = _Terminal(True)
    monkeypatch.setattr(sys, "stderr", stderr)
    assert main(["validate", str(_ok_csv(tmp_path)), "--target", "karbon"]) in (0, 1)
    assert stderr.getvalue() == ""  # well under the 2 s delay


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "is empty"), ("nl", "is leeg"), ("fr", "est vide"), ("de", "ist leer")],
)
def test_an_empty_file_is_said_in_the_users_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str, said: str
) -> None:
    empty = tmp_path / "leeg.csv"
    empty.write_bytes(b"")
    assert main(["validate", str(empty), "--lang", lang]) == 2
    assert said in capsys.readouterr().err
