"""Every issue code has a sentence in Dutch, French and German; the language is chosen."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import polars as pl
import pytest

import clientmig.validators
from clientmig import _messages as messages
from clientmig import errors
from clientmig.issues import Issue, issues_frame

ROOT = Path(__file__).resolve().parents[1]
_STAGE_PREFIXES = ("read", "schema", "link", "duplicate", "export", "mapping")
_NOT_CODES = {"com", "json", "csv", "be", "html", "xlsx", "toml", "txt", "py"}


def _validator_codes() -> dict[str, str]:
    codes: dict[str, str] = {}
    for info in pkgutil.iter_modules(clientmig.validators.__path__):
        module = importlib.import_module(f"clientmig.validators.{info.name}")
        for code, (_severity, text) in getattr(module, "CODES", {}).items():
            codes[code] = text
    return codes


def all_codes() -> set[str]:
    """Codes the validators declare plus every code-shaped literal the stages write."""
    codes = set(_validator_codes())
    prefixes = {c.split(".")[0] for c in codes} | set(_STAGE_PREFIXES)
    alternatives = "|".join(sorted(prefixes))
    literal = re.compile(rf"\"((?:{alternatives})\.[a-z][a-z0-9_]*)\"")
    for path in (ROOT / "clientmig").rglob("*.py"):
        for code in literal.findall(path.read_text(encoding="utf-8")):
            if code.split(".", 1)[1] not in _NOT_CODES:
                codes.add(code)
    return codes


@pytest.mark.parametrize("lang", ["nl", "fr", "de"])
def test_every_code_has_a_sentence(lang: str) -> None:
    table = messages.catalogue(lang)
    codes = all_codes()
    assert len(codes) > 60
    assert sorted(codes - set(table)) == []  # missing translations
    assert sorted(set(table) - codes) == []  # stale entries
    english = _validator_codes()
    for code, text in table.items():
        assert text.strip() == text
        assert text[-1] in ".!?", code
        assert "{" not in text, code  # placeholders would be written as they are
        assert text != english.get(code), code  # really translated


def test_translate_issues_keeps_unknown_codes() -> None:
    frame = issues_frame(
        [
            Issue(code="email.invalid", message="This is not an e-mail address.", value="x@"),
            Issue(code="custom.code", message="A user's own check."),
        ]
    )
    dutch = messages.translate_issues(frame, "nl")
    assert dutch["message"].to_list() == ["Dit is geen e-mailadres.", "A user's own check."]
    assert dutch.drop("message").equals(frame.drop("message"))
    assert messages.translate_issues(frame, "en").equals(frame)
    french = messages.translate_issues(frame, "fr_BE.UTF-8")
    assert french["message"][0] == "Ce n'est pas une adresse e-mail."
    assert messages.translate_issues(pl.DataFrame({"x": [1]}), "nl").columns == ["x"]


def test_language_from_argument_environment_and_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("CLIENTMIG_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    assert messages.resolve_lang() == "en"
    monkeypatch.setenv("LANG", "fr_BE.UTF-8")
    assert messages.resolve_lang() == "fr"
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert messages.resolve_lang() == "en"  # C is no language: English
    monkeypatch.setenv("CLIENTMIG_LANG", "nl")
    assert messages.resolve_lang() == "nl"
    assert messages.resolve_lang("de-AT") == "de"
    assert messages.message("date.future", "de") == "Dieses Geburtsdatum liegt in der Zukunft."
    assert messages.message("no.such_code", "fr", default="fallback") == "fallback"


@pytest.mark.parametrize("bad", ["xx", "klingon", "e"])
def test_unknown_language_says_which_are_known(bad: str) -> None:
    with pytest.raises(errors.OptionError, match="nl, fr"):
        messages.resolve_lang(bad)


@pytest.mark.parametrize(("lang", "sentence"), [("nl", "Dit is geen"), ("fr", "Ce n'est pas")])
def test_cli_writes_issues_in_the_chosen_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, sentence: str
) -> None:
    from clientmig.cli import main

    # --lang sets CLIENTMIG_LANG for the process: setenv so that it is put back after the test
    monkeypatch.setenv("CLIENTMIG_LANG", "en")
    data = tmp_path / "clients.csv"
    data.write_text("Voornaam;Naam;E-mail\nJan;Peeters;jan peeters@telenet.be\n", encoding="utf-8")
    out = tmp_path / "issues.csv"
    main(["validate", str(data), "--issues-out", str(out), "--lang", lang])
    issues = pl.read_csv(out)
    row = issues.filter(pl.col("code") == "email.invalid")
    assert row.height == 1
    assert row["message"][0].startswith(sentence)
    assert messages.translate_issues(issues, "en")["code"].to_list() == issues["code"].to_list()


# -- widget labels and CLI lines ([ui] and [cli]) ------------------------------------------------
# Words that really are the same as in English (a "code" is a code, "source" is French too).
SAME_AS_ENGLISH = {
    "nl": {"cli.inspect.label", "cli.inspect.tab", "ui.issues.code", "ui.issues.header.code"}
    | {"cli.links.counts.exact", "ui.links.counts.exact", "ui.links.statuses.exact"}
    | {"ui.clusters.cluster", "ui.clusters.veto", "cli.dedupe.written"}
    | {"cli.reasons.header"},  # "{label}: {quoted}", the words are in the label
    "fr": {"ui.issues.code", "ui.issues.header.code", "ui.issues.header.message"}
    | {"ui.issues.header.source", "cli.inspect.source", "ui.issues.header.suggestion"}
    | {"ui.links.action", "ui.mapping.action", "cli.map.action", "ui.links.organisation"}
    | {"cli.reconcile.table", "cli.links.counts.exact", "ui.links.statuses.exact"}
    | {"ui.links.kinds.accents", "cli.dedupe.written", "cli.problems.what_client"},
    "de": {"cli.inspect.label", "cli.dedupe.written", "cli.reasons.header"},
}


@pytest.mark.parametrize("lang", ["nl", "fr", "de"])
def test_every_label_has_every_language_and_the_same_placeholders(lang: str) -> None:
    english, table = messages.texts("en"), messages.texts(lang)
    assert len(english) > 140
    assert sorted(set(english) - set(table)) == []  # missing
    assert sorted(set(table) - set(english)) == []  # stale
    for key, template in table.items():
        assert template.strip(), key
        assert template == template.rstrip(), key
        assert messages.placeholders(template) == messages.placeholders(english[key]), key
    same = {key for key in english if table[key] == english[key]}
    assert same == SAME_AS_ENGLISH[lang]  # really translated


def _keys_used() -> tuple[set[str], set[str]]:
    """Catalogue keys the code asks for: literal keys, and the fixed heads of f-string keys."""
    literal, heads = set(), set()
    for path in (ROOT / "clientmig").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if re.fullmatch(r"(ui|cli)\.[a-z_.]+[a-z_]", node.value):
                    literal.add(node.value)
            elif isinstance(node, ast.JoinedStr) and isinstance(node.values[0], ast.Constant):
                head = str(node.values[0].value)
                if re.fullmatch(r"(ui|cli)\.[a-z_.]+\.", head):
                    heads.add(head)
    return literal, heads


def test_every_key_the_code_asks_for_exists_and_none_is_unused() -> None:
    english = messages.texts("en")
    literal, heads = _keys_used()
    assert sorted(literal - set(english)) == []
    assert all(any(k.startswith(h) for k in english) for h in heads), heads
    unused = {k for k in english if k not in literal and not any(k.startswith(h) for h in heads)}
    assert sorted(unused) == []


def test_text_fills_placeholders_and_falls_back_to_english(monkeypatch: pytest.MonkeyPatch) -> None:
    assert messages.text("ui.issues.page", "fr", number=2, pages=7, total=301) == (
        "page 2 sur 7 (301 problèmes)"
    )
    assert messages.text("ui.diff.title", "nl") == "Import tegenover platform"
    monkeypatch.setenv("CLIENTMIG_LANG", "de")
    assert messages.text("cli.inspect.rows") == "Zeilen"
    monkeypatch.setattr(messages, "texts", lambda lang: {"ui.x": "X"} if lang == "en" else {})
    assert messages.text("ui.x", "nl") == "X"
    with pytest.raises(KeyError):
        messages.text("ui.no_such_label", "nl")
