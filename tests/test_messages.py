"""Every issue code has a sentence in Dutch, French and German; the language is chosen."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import polars as pl
import pytest

import clientmig.validators
from clientmig import errors, messages
from clientmig.issues import Issue, issues_frame

ROOT = Path(__file__).resolve().parents[1]
_STAGE_PREFIXES = ("read", "schema", "link", "duplicate", "export")
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

    monkeypatch.delenv("CLIENTMIG_LANG", raising=False)
    data = tmp_path / "clients.csv"
    data.write_text("Voornaam;Naam;E-mail\nJan;Peeters;jan peeters@telenet.be\n", encoding="utf-8")
    out = tmp_path / "issues.csv"
    main(["validate", str(data), "--issues-out", str(out), "--lang", lang])
    issues = pl.read_csv(out)
    row = issues.filter(pl.col("code") == "email.invalid")
    assert row.height == 1
    assert row["message"][0].startswith(sentence)
    assert messages.translate_issues(issues, "en")["code"].to_list() == issues["code"].to_list()
