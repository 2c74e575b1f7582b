"""Messages in the user's language: issue sentences, widget labels and CLI lines.

Codes stay as they are, for machines; the ``message`` a person reads comes from the catalogue of
their language (``clientmig/_data/messages/<lang>.toml``), English being the sentence each stage
writes itself. Widget labels and CLI lines (the ``[ui]`` and ``[cli]`` sections) are read with
:func:`text`; ``en.toml`` holds their English, so every language has the same keys. The language
is chosen explicitly (``lang="nl"``, ``--lang nl``), else by the
``CLIENTMIG_LANG`` environment variable, else by the locale (``LC_ALL``, ``LC_MESSAGES``,
``LANG``), else English.

>>> message("email.invalid", "nl")
'Dit is geen e-mailadres.'
>>> message("email.invalid", "en", default="This is not an e-mail address.")
'This is not an e-mail address.'
>>> resolve_lang("FR_be")
'fr'
>>> text("cli.validate.summary", "nl", rows=3, valid=2, rejected=1, errors=1, warnings=0, infos=0)
'3 rijen: 2 geldig, 1 geweigerd (1 fouten, 0 waarschuwingen, 0 herstellingen en opmerkingen)'
"""

from __future__ import annotations

import os
import string
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import polars as pl

from clientmig.errors import OptionError

LANGUAGES = ("en", "nl", "fr", "de")
"""Languages with a catalogue (English is each stage's own sentence)."""

_LOCALE_VARIABLES = ("CLIENTMIG_LANG", "LC_ALL", "LC_MESSAGES", "LANG")


def _language_of(tag: str) -> str | None:
    """``nl_BE.UTF-8`` -> ``nl``; None for ``C``/``POSIX`` and languages without a catalogue."""
    head = tag.strip().replace("-", "_").split(".")[0].split("_")[0].lower()
    return head if head in LANGUAGES else None


def resolve_lang(lang: str | None = None) -> str:
    """The catalogue language for ``lang`` (a code or locale tag), else the environment's.

    An explicit language that clientmig has no catalogue for raises :class:`OptionError`.
    """
    if lang is not None and lang.strip():
        found = _language_of(lang)
        if found is None:
            known = ", ".join(LANGUAGES)
            raise OptionError(f"Unknown language {lang!r}: choose one of {known}.")
        return found
    for variable in _LOCALE_VARIABLES:
        value = os.environ.get(variable, "")
        if value:
            return _language_of(value) or "en"
    return "en"


@cache
def _document(lang: str) -> Mapping[str, Any]:
    """The parsed catalogue file of one language."""
    if lang not in LANGUAGES:
        raise OptionError(f"Unknown language {lang!r}: choose one of {', '.join(LANGUAGES)}.")
    source = (resources.files("clientmig") / "_data" / "messages" / f"{lang}.toml").read_text(
        encoding="utf-8"
    )
    return tomllib.loads(source)


@cache
def catalogue(lang: str) -> Mapping[str, str]:
    """The issue sentences of one language, by code (empty for English)."""
    if lang == "en":
        return {}
    issues: dict[str, str] = _document(lang)["issues"]
    return issues


def _flatten(table: Mapping[str, Any], prefix: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, Mapping):
            out.update(_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = str(value)
    return out


@cache
def texts(lang: str) -> Mapping[str, str]:
    """Widget labels and CLI lines of one language, by dotted key (``ui.issues.title``)."""
    document = _document(lang)
    return {**_flatten(document.get("ui", {}), "ui."), **_flatten(document.get("cli", {}), "cli.")}


def placeholders(template: str) -> set[str]:
    """The ``{names}`` a template fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def text(key: str, lang: str | None = None, **params: object) -> str:
    """The label or line ``key`` in ``lang``, its ``{placeholders}`` filled from ``params``.

    A key missing from ``lang`` falls back to English; a key English lacks is a programming
    error (:class:`KeyError`), caught by the tests that compare the catalogues.
    """
    template = texts(resolve_lang(lang)).get(key)
    if template is None:
        template = texts("en")[key]
    return template.format(**params) if params else template


def message(code: str, lang: str | None = None, *, default: str = "") -> str:
    """The sentence for ``code`` in ``lang``; ``default`` (the English one) when it has none."""
    return catalogue(resolve_lang(lang)).get(code, default)


def translate_issues(issues: pl.DataFrame, lang: str | None = None) -> pl.DataFrame:
    """Issue rows with ``message`` in ``lang`` (codes without a translation keep theirs)."""
    table = catalogue(resolve_lang(lang))
    if not table or "code" not in issues.columns or "message" not in issues.columns:
        return issues
    translated = pl.col("code").replace_strict(
        dict(table), default=pl.col("message"), return_dtype=pl.String
    )
    return issues.with_columns(translated.alias("message"))
