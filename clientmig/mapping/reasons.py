"""Mapping reasons in the user's language, at display time.

A :class:`~clientmig.mapping.ColumnRule`'s ``reason`` is data: English, saved in mapping files
and recipes, compared by the value checks. What a person reads is :func:`reason_text`, which
recognises each sentence the suggesters write (``synonym (nl): 'voornaam'``, ``fuzzy header ~
'e mail' (92)``, ...) and writes it from the catalogue (``cli.reasons.*``). A part it does not
recognise (a reason typed by hand) is shown as it is.

>>> reason_text("synonym (nl): 'voornaam'", "nl")
"synoniem (nl): 'voornaam'"
>>> reason_text("values look like e-mail addresses (97%)", "fr")
'les valeurs ressemblent à des adresses e-mail (97%)'
"""

from __future__ import annotations

import re

from clientmig._messages import text

_LABELS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"synonym \((?P<language>[a-z]{2})\)"), "cli.reasons.synonym_lang"),
    (re.compile(r"synonym"), "cli.reasons.synonym"),
    (re.compile(r"(?P<table>.+) header"), "cli.reasons.table_header"),
)
_LABEL = r"(?P<label>synonym \([a-z]{2}\)|synonym|.+ header)"
_QUOTED = r"(?P<quoted>'.*'|\".*\")"
_SENTENCES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"exact header", "cli.reasons.exact"),
        (r"header says nothing", "cli.reasons.says_nothing"),
        (r"no matching header", "cli.reasons.no_match"),
        (r"chosen", "cli.reasons.chosen"),
        (r"known column with no target field", "cli.reasons.known_unmapped"),
        (r"(?P<source>.+): known column with no target field", "cli.reasons.source_unmapped"),
        (
            rf"(?P<source>.+): {_QUOTED} means (?P<field>\w+), which (?P<target>\S+) does not take",
            "cli.reasons.source_means_not_taken",
        ),
        (rf"(?P<source>.+): {_QUOTED} means (?P<field>\w+)", "cli.reasons.source_means"),
        (rf"{_LABEL}: {_QUOTED}, words joined or reordered", "cli.reasons.reordered"),
        (rf"{_LABEL}: {_QUOTED}", "cli.reasons.header"),
        (
            r"fits (?P<field>\w+), which (?P<target>\S+) takes as (?P<instead>\w+)",
            "cli.reasons.fits_instead",
        ),
        (r"fits (?P<field>\w+), which (?P<target>\S+) does not take", "cli.reasons.fits_not"),
        (rf"fuzzy header ~ {_QUOTED} \((?P<score>\d+)\)", "cli.reasons.fuzzy"),
        (r"(?P<field>\w+) already comes from (?P<column>.+)", "cli.reasons.taken"),
        (r"values look like (?P<what>.+) \((?P<share>\d+%)\)", "cli.reasons.values"),
        (r"values are (?P<what>.+), not websites", "cli.reasons.not_websites"),
        (
            r"values are client categories \(Customer, Partner, \.\.\.\), not person or company"
            r"(?P<tags>: tags)?",
            "cli.reasons.categories",
        ),
    )
)
# The value kinds by_values names in its reasons.
_WHAT = {
    "e-mail addresses": "cli.reasons.kinds.email",
    "LinkedIn profiles": "cli.reasons.kinds.linkedin",
    "web addresses": "cli.reasons.kinds.website",
    "national numbers": "cli.reasons.kinds.national_id",
    "enterprise numbers": "cli.reasons.kinds.company_id",
    "phone numbers": "cli.reasons.kinds.phone",
}


def _label(label: str, lang: str | None) -> str:
    for pattern, key in _LABELS:
        found = pattern.fullmatch(label)
        if found:
            return text(key, lang, **found.groupdict())
    return label


def _part(part: str, lang: str | None) -> str:
    for pattern, key in _SENTENCES:
        found = pattern.fullmatch(part)
        if found is None:
            continue
        params = {k: v or "" for k, v in found.groupdict().items()}
        if "label" in params:
            params["label"] = _label(params["label"], lang)
        if "what" in params and params["what"] in _WHAT:
            params["what"] = text(_WHAT[params["what"]], lang)
        if "tags" in params:
            params["tags"] = ": tags" if params["tags"] else ""
        return text(key, lang, **params) if params else text(key, lang)
    return part


def reason_text(reason: str, lang: str | None = None) -> str:
    """``reason`` as a sentence in ``lang`` (default: the chosen language)."""
    return "; ".join(_part(p, lang) for p in reason.split("; ")) if reason else reason


_PROBLEMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"required field (?P<field>'\w+') is not mapped"), "cli.reasons.required"),
    (
        re.compile(r"columns (?P<columns>.+) all map to single field (?P<field>'\w+')"),
        "cli.reasons.single_field",
    ),
)


def problem_text(problem: str, lang: str | None = None) -> str:
    """One of :meth:`ColumnMapping.problems`' sentences in ``lang`` (others as they are)."""
    for pattern, key in _PROBLEMS:
        found = pattern.fullmatch(problem)
        if found:
            return text(key, lang, **found.groupdict())
    return problem
