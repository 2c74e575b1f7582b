"""Messages in the user's language: Dutch, French and German sentences for every issue code.

Codes stay as they are, for machines; the ``message`` a person reads comes from the catalogue of
their language (``clientmig/_data/messages/<lang>.toml``), English being the sentence each stage
writes itself. The language is chosen explicitly (``lang="nl"``, ``--lang nl``), else by the
``CLIENTMIG_LANG`` environment variable, else by the locale (``LC_ALL``, ``LC_MESSAGES``,
``LANG``), else English.

>>> message("email.invalid", "nl")
'Dit is geen e-mailadres.'
>>> message("email.invalid", "en", default="This is not an e-mail address.")
'This is not an e-mail address.'
>>> resolve_lang("FR_be")
'fr'
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources

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
def catalogue(lang: str) -> Mapping[str, str]:
    """The issue sentences of one language, by code (empty for English)."""
    if lang == "en":
        return {}
    if lang not in LANGUAGES:
        raise OptionError(f"Unknown language {lang!r}: choose one of {', '.join(LANGUAGES)}.")
    text = (resources.files("clientmig") / "_data" / "messages" / f"{lang}.toml").read_text(
        encoding="utf-8"
    )
    issues: dict[str, str] = tomllib.loads(text)["issues"]
    return issues


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
