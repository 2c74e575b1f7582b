"""The five commands print their lines for a person in the chosen language; JSON stays English."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from clientmig import _messages as messages
from clientmig.cli import main
from tests.conftest import SAMPLES

BELGIAN = str(SAMPLES / "belgian_clients.csv")


@pytest.fixture(autouse=True)
def _english_after(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--lang`` sets CLIENTMIG_LANG for the process; put it back after each test."""
    monkeypatch.setenv("CLIENTMIG_LANG", "en")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def _no_english(out: str, lang: str, *sections: str) -> None:
    """No line carries an English label of these catalogue sections that reads differently."""
    english, table = messages.texts("en"), messages.texts(lang)
    for key, text in english.items():
        words = text.split("{")[0].strip()
        if key.startswith(sections) and text != table[key] and len(words) > 6:
            assert words not in out, key


@pytest.mark.parametrize(
    ("lang", "fields"),
    [
        ("nl", {"bron": "niet herkend", "scheidingsteken": "puntkomma", "meldingen": "geen"}),
        ("fr", {"source": "non reconnue", "séparateur": "point-virgule", "problèmes": "aucun"}),
    ],
)
def test_inspect(capsys: pytest.CaptureFixture[str], lang: str, fields: dict[str, str]) -> None:
    code, out = _run(capsys, "inspect", BELGIAN, "--lang", lang)
    assert code == 0
    rows = [line for line in out.splitlines()[1:] if not line.startswith("    ")]
    assert len(rows) == 7
    starts = {re.match(r"  .+?:\s+", line).end() for line in rows}  # type: ignore[union-attr]
    assert len(starts) == 1  # the values line up whatever the labels' length
    shown = {line.split(":")[0].strip(): line.split(":", 1)[1].strip() for line in rows}
    assert fields.items() <= shown.items()
    _no_english(out, lang, "cli.inspect")


def test_inspect_json_stays_english(capsys: pytest.CaptureFixture[str]) -> None:
    _, english = _run(capsys, "inspect", BELGIAN, "--json")
    _, dutch = _run(capsys, "inspect", BELGIAN, "--json", "--lang", "nl")
    assert json.loads(dutch) == json.loads(english)


def test_unreadable_file_in_dutch(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    empty = tmp_path / "leeg.csv"
    empty.write_bytes(b"")
    assert main(["inspect", str(empty), "--lang", "nl"]) == 2
    assert f"{empty}: kan niet gelezen worden: " in capsys.readouterr().err


@pytest.mark.parametrize(
    ("lang", "head", "action"),
    [
        ("nl", ["kolom", "actie", "veld", "zekerheid", "reden"], "overnemen"),
        ("fr", ["colonne", "action", "champ", "confiance", "raison"], "reprendre"),
    ],
)
def test_map(capsys: pytest.CaptureFixture[str], lang: str, head: list[str], action: str) -> None:
    code, out = _run(capsys, "map", BELGIAN, "--target", "karbon", "--lang", lang)
    assert code == 0
    first, second = out.splitlines()[:2]
    assert first.split() == head
    assert second.split()[:2] == ["Klantnr", action]
    _, as_json = _run(capsys, "map", BELGIAN, "--target", "karbon", "--json", "--lang", lang)
    assert {r["action"] for r in json.loads(as_json)["columns"]} <= {"sync", "ignore"}


@pytest.mark.parametrize(
    ("lang", "summary"),
    [
        ("nl", "{rows} rijen: {valid} geldig, {rejected} geweigerd ({error} fouten, "),
        ("fr", "{rows} lignes : {valid} valides, {rejected} rejetées ({error} erreurs, "),
    ],
)
def test_validate(capsys: pytest.CaptureFixture[str], lang: str, summary: str) -> None:
    _, as_json = _run(capsys, "validate", BELGIAN, "--target", "karbon", "--json", "--lang", lang)
    counts = json.loads(as_json)
    assert {"rows", "valid", "rejected", "issues", "by_code"} <= set(counts)
    code, out = _run(capsys, "validate", BELGIAN, "--target", "karbon", "--lang", lang)
    assert code == (1 if counts["rejected"] else 0)
    assert out.startswith(summary.format(**counts, error=counts["issues"]["error"]))
    _, english = _run(capsys, "validate", BELGIAN, "--target", "karbon")
    assert out.splitlines()[1:] == english.splitlines()[1:]  # the codes' table is the same


@pytest.mark.parametrize(
    ("lang", "counts", "near"),
    [
        ("nl", "exact: 54, bijna juist: 6, dubbelzinnig: 0, zonder organisatie: 1", "(1 rij(en))"),
        ("fr", "exact: 54, presque exact: 6, ambigu: 0, sans organisation: 1", "(1 ligne(s))"),
    ],
)
def test_links(capsys: pytest.CaptureFixture[str], lang: str, counts: str, near: str) -> None:
    workbook = str(SAMPLES / "karbon_messy.xlsx")
    code, out = _run(capsys, "links", workbook, "--lang", lang)
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == counts
    assert lines[1].endswith(near)
    blank = messages.text("cli.links.create_or_blank", lang)
    assert any(blank in line for line in lines) or "orphan" not in out
    _no_english(out, lang, "cli.links")
    _, as_json = _run(capsys, "links", workbook, "--json", "--lang", lang)
    assert set(json.loads(as_json)["counts"]) == {"exact", "near_miss", "ambiguous", "orphan"}


@pytest.mark.parametrize(
    ("lang", "first", "title"),
    [
        ("nl", "import: 60, platform: 24, gekoppeld: 0, nieuw: 60", "Importoverzicht voor karbon"),
        (
            "fr",
            "import: 60, plateforme: 24, rapprochés: 0, nouveaux: 60",
            "Résumé de l'import pour karbon",
        ),
    ],
)
def test_reconcile(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str, first: str, title: str
) -> None:
    incoming, existing = str(SAMPLES / "crm_contacts.csv"), str(SAMPLES / "platform_export.csv")
    out_dir = str(tmp_path / "out")
    code, out = _run(capsys, "reconcile", incoming, existing, "--out", out_dir, "--lang", lang)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(first)
    assert lines[1] == title
    assert lines[2].split()[0] == messages.text("cli.reconcile.table", lang)
    _no_english(out, lang, "cli.reconcile")
    code, as_json = _run(
        capsys,
        "reconcile",
        incoming,
        existing,
        "--out",
        out_dir,
        "--force",
        "--json",
        "--lang",
        lang,
    )
    assert json.loads(as_json)["reconcile"]["new"] == 60


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("nl", "controleer een bestand tegen een doelplatform"),
        ("fr", "contrôler un fichier par rapport à une plateforme cible"),
    ],
)
def test_help_follows_the_environment_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str, line: str
) -> None:
    """Help is built before ``--lang`` is read: it speaks CLIENTMIG_LANG or the locale."""
    monkeypatch.setenv("CLIENTMIG_LANG", lang)
    assert main(["--help"]) == 0
    assert line in capsys.readouterr().out
    for command in ("inspect", "map", "validate", "links", "reconcile"):
        assert main([command, "--help"]) == 0
        _no_english(capsys.readouterr().out, lang, "cli.help")


@pytest.mark.parametrize("lang", ["nl", "fr", "de"])
@pytest.mark.parametrize(
    "command", ["inspect", "map", "validate", "export", "run", "recipe", "links", "reconcile"]
)
def test_help_follows_lang(capsys: pytest.CaptureFixture[str], lang: str, command: str) -> None:
    """``--lang`` is read before the parser is built: ``--help`` speaks it too."""
    assert main([command, "--help", "--lang", lang]) == 0
    out = capsys.readouterr().out
    _no_english(out, lang, "cli.help", "cli.options", "cli.main")
    assert messages.text("cli.main.limits", lang) in out


def _messy(tmp_path: Path) -> Path:
    path = tmp_path / "klanten.csv"
    rows = ["Voornaam;Naam;E-mail;GSM", "Jan;PEETERS;jan@telenet.be;0475 12 34 56"]
    rows += ["An;Maes;an maes@telenet.be;0476 11 22 33", "Jan;Peeters;jan@telenet.be;0475123456"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("lang", "word"), [("nl", "rijen gelezen"), ("fr", "lignes lues")])
def test_export_and_run_print_in_the_chosen_language(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lang: str, word: str
) -> None:
    data = _messy(tmp_path)
    code, out = _run(
        capsys,
        "export",
        str(data),
        "--target",
        "karbon",
        "--out",
        str(tmp_path / "e"),
        "--lang",
        lang,
    )
    assert code == 0
    assert word in out
    _no_english(out, lang, "cli.run", "cli.reconcile", "cli.validate")
    recipe = tmp_path / "recipe.json"
    code, out = _run(
        capsys, "recipe", str(data), "--target", "karbon", "-o", str(recipe), "--lang", lang
    )
    assert code == 0
    _no_english(out, lang, "cli.recipe")
    code, out = _run(
        capsys, "run", str(recipe), str(data), "--out", str(tmp_path / "r"), "--lang", lang
    )
    assert code == 0
    assert messages.text("cli.run.written", lang, out="", files="").split(":")[0].strip() in out
    _no_english(out, lang, "cli.run", "cli.reconcile", "cli.validate")
    for english in ("rows:", "decisions:", "duplicate clusters", "written to"):
        assert english not in out


def test_rejected_rows_say_why_in_the_users_language(tmp_path: Path) -> None:
    """The rejected file and the rows to fix carry their reasons in Dutch under --lang nl, as
    issues.csv does (they were English)."""
    source = tmp_path / "lijst.csv"
    source.write_text("Voornaam,Naam,E-mail\n,,jan@x.be\nAn,Smet,an@smet.be\n", encoding="utf-8")
    out = tmp_path / "out"
    main(["export", str(source), "--target", "karbon.people", "--out", str(out), "--lang", "nl"])
    rejected = (out / "karbon_import_rejected.csv").read_text(encoding="utf-8")
    assert "Dit veld is verplicht" in rejected
    assert "This field is required" not in rejected
