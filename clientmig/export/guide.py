"""A short guide written beside the import files: which file goes where, in which order, what was
left out and why, in the user's language (``IMPORT_GUIDE.txt``).

The platform's notes come from ``clientmig/_data/import_guides.toml`` (facts from the platforms'
public help pages); the order is the order of the platform's tables, organisations before the
people who belong to them.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from clientmig._messages import resolve_lang
from clientmig.errors import TargetError
from clientmig.export.summary import ExportSummary
from clientmig.target_schemas import platform

GUIDE_FILE = "IMPORT_GUIDE.txt"


@cache
def _guides() -> dict[str, Any]:
    text = (resources.files("clientmig") / "_data" / "import_guides.toml").read_text("utf-8")
    return tomllib.loads(text)


def _title(name: str) -> str:
    try:
        return platform(name).title
    except TargetError:
        return name


def guide_text(
    summary: ExportSummary,
    *,
    title: str | None = None,
    lang: str | None = None,
    warnings: int = 0,
) -> str:
    """The guide for one export, in ``lang`` (default: the environment's language);
    ``warnings`` counts the report's warnings (values left out, decisions waiting)."""
    language = resolve_lang(lang)
    data = _guides()
    words: dict[str, str] = data["words"][language]
    platform = data.get(summary.target, {})
    name = title or _title(summary.target)
    lines = [words["title"].format(platform=name), "", words["intro"]]
    n = 0
    for table in summary.tables:
        if not (table.create or table.update):
            continue  # nothing to import into this table
        for file in table.files or ("-",):
            n += 1
            lines.append(
                "  " + words["table"].format(n=n, file=file, title=table.title, count=table.create)
            )
    skipped = sum(t.skipped for t in summary.tables) + summary.not_imported
    rejected = next((f for f in summary.files if f.endswith("_rejected.csv")), None)
    lines.append("")
    if skipped and rejected:
        lines.append(words["left_out"].format(count=skipped, file=rejected))
    else:
        lines.append(words["nothing_left"])
    if warnings:
        lines.append(words["warnings"].format(count=warnings))
    notes: list[str] = list(platform.get(language, platform.get("en", [])))
    if notes:
        lines += ["", words["notes"], *(f"  - {note}" for note in notes)]
    if platform.get("help"):
        lines += ["", words["help"].format(url=platform["help"])]
    lines += ["", words["others"]]
    return "\n".join(lines) + "\n"
