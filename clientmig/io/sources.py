"""Recognise known exports by their header signature (Outlook, Google, Xero, HubSpot, ...).

Each known export is one data file in ``clientmig/_data/sources/`` (a new source is a file, not
code): its name and title, the headers typical of it, optional patterns for numbered groups
(``E-mail 2 - Value``), the headers it cannot lack, and where the header list comes from
(``evidence``: confirmed, corroborated or inferred, with the ``sources`` consulted). The score is
the share of signature headers present, with patterns as extra evidence; the best match above a
floor is returned with its confidence.

>>> detect_source(["First Name", "Last Name", "E-mail Address", "Business Phone", "Mobile Phone",
...                "Company", "Job Title", "Home Street", "E-mail 2 Address"]).name
'outlook'
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl

from clientmig.errors import ReadError
from clientmig.keys import header_key

EVIDENCE = ("confirmed", "corroborated", "inferred")
_KEYS = {
    "name",
    "title",
    "evidence",
    "languages",
    "sources",
    "required",
    "headers",
    "patterns",
    "fields",
}


@dataclass(frozen=True, slots=True)
class Signature:
    """Headers that identify one export format, and where they were seen."""

    name: str
    title: str
    headers: tuple[str, ...]
    patterns: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    evidence: str = "inferred"
    languages: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    # Headers whose meaning in this export differs from the general synonyms (Salesforce's
    # "Title" is a job title, LinkedIn's "URL" a profile): header -> canonical field, or ""
    # for a known column that carries nothing a platform imports.
    fields: Mapping[str, str] = field(default_factory=dict)

    def field_for(self, header: str) -> str | None:
        """The canonical field this export means by ``header`` ("" = none), or None if unsaid."""
        return self._folded_fields().get(_norm(header))

    def _folded_fields(self) -> dict[str, str]:
        return {_norm(h): f for h, f in self.fields.items()}


@dataclass(frozen=True, slots=True)
class SourceMatch:
    """A recognised export: which one, how sure, and the headers that matched."""

    name: str
    title: str
    confidence: float
    matched: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready form."""
        return {
            "name": self.name,
            "title": self.title,
            "confidence": round(self.confidence, 3),
            "matched": list(self.matched),
        }


def source_dir() -> Path:
    """The folder of shipped source signatures."""
    return Path(str(resources.files("clientmig") / "_data" / "sources"))


@functools.cache
def signatures() -> tuple[Signature, ...]:
    """Every shipped signature, by file name."""
    return tuple(load_signature(p) for p in sorted(source_dir().glob("*.toml")))


def load_signature(path: str | Path) -> Signature:
    """Read one signature file; a malformed file raises :class:`ReadError` naming it."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ReadError(f"cannot read source signature {path.name}: {exc}") from exc
    return _signature(data, path.name)


def _signature(data: Mapping[str, Any], where: str) -> Signature:
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ReadError(f"source signature {where}: unknown key(s) {', '.join(unknown)}")
    for key in ("name", "title", "headers"):
        if not data.get(key):
            raise ReadError(f"source signature {where}: {key!r} is missing or empty")
    evidence = data.get("evidence", "inferred")
    if evidence not in EVIDENCE:
        raise ReadError(f"source signature {where}: evidence must be one of {EVIDENCE}")
    patterns = tuple(str(p) for p in data.get("patterns", ()))
    for p in patterns:
        try:
            re.compile(p)
        except re.error as exc:
            raise ReadError(f"source signature {where}: bad pattern {p!r}: {exc}") from exc
    headers = tuple(str(h) for h in data["headers"])
    required = tuple(str(h) for h in data.get("required", ()))
    missing = [r for r in required if _norm(r) not in {_norm(h) for h in headers}]
    if missing:
        raise ReadError(f"source signature {where}: required {missing} not among its headers")
    fields = data.get("fields", {})
    if not isinstance(fields, Mapping) or not all(isinstance(v, str) for v in fields.values()):
        raise ReadError(f"source signature {where}: 'fields' must map headers to field names")
    return Signature(
        name=str(data["name"]),
        title=str(data["title"]),
        headers=headers,
        patterns=patterns,
        required=required,
        evidence=evidence,
        languages=tuple(data.get("languages", ())),
        sources=tuple(data.get("sources", ())),
        fields={str(k): str(v) for k, v in fields.items()},
    )


MIN_CONFIDENCE = 0.35


def _norm(header: str) -> str:
    """The shared header key (case, accents, punctuation such as Xero's leading ``*``,
    CamelCase and spacing ignored)."""
    return header_key(header)


def signature(name: str) -> Signature:
    """The shipped signature called ``name``."""
    for sig in signatures():
        if sig.name == name:
            return sig
    known = ", ".join(s.name for s in signatures())
    raise ReadError(f"unknown source {name!r}; known: {known}")


def detect_source(columns: Sequence[str] | pl.DataFrame) -> SourceMatch | None:
    """Return the best-matching known export for these headers, or None when nothing fits."""
    names = list(columns.columns if isinstance(columns, pl.DataFrame) else columns)
    names = [c for c in names if not c.startswith("_")]
    present = {_norm(c): c for c in names}
    best: SourceMatch | None = None
    for sig in signatures():
        wanted = list(dict.fromkeys(_norm(h) for h in sig.headers))
        hits = [present[h] for h in wanted if h in present]
        pattern_hits = [
            c for c in names if c not in hits and any(re.match(p, c) for p in sig.patterns)
        ]
        score = len(hits) / len(wanted)
        if sig.patterns:
            score = 0.7 * score + (0.3 if pattern_hits else 0.0)
        # Share of the file's own headers this signature explains: big generic files lose.
        explained = (len(hits) + len(pattern_hits)) / max(1, len(names))
        confidence = min(1.0, 0.75 * score + 0.25 * min(1.0, explained * 1.5))
        if sig.required and not all(_norm(r) in present for r in sig.required):
            confidence *= 0.5  # a header the export always has is missing: likely another tool
        if confidence >= MIN_CONFIDENCE and (best is None or confidence > best.confidence):
            best = SourceMatch(sig.name, sig.title, confidence, (*hits, *pattern_hits))
    return best
