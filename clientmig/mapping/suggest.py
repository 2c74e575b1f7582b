"""Suggest a mapping from the headers: exact header, known source, synonym, fuzzy match, values.

:func:`suggest_mapping` proposes, for each source column, an action (``sync`` or ``ignore``), a
canonical field, a confidence and the reason: the target's exact header, a synonym (English,
Dutch, French, German, Romanian, Latvian), a fuzzy header match (RapidFuzz), or the values
themselves (a column of e-mail addresses under ``Kolom7``). Only suggestions with a confidence
of at least :data:`PRESELECT` are pre-selected; the rest are shown but left on ``ignore``.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import polars as pl
from rapidfuzz import fuzz, process

from clientmig._compat import renamed_arguments
from clientmig.io import detect_source
from clientmig.io.sources import Signature, signature
from clientmig.keys import header_key
from clientmig.mapping.by_values import _check_values
from clientmig.mapping.decision import (
    _FALLBACK,
    _GENERIC_HEADER_RE,
    _OVERFLOW,
    PRESELECT,
    Action,
    ColumnMapping,
    ColumnRule,
    _allowed_fields,
)
from clientmig.target_schemas import Platform, Target, canonical_fields, platform


# -- suggestions ----------------------------------------------------------------------------------
@renamed_arguments(target_name="target")
def suggest_mapping(
    frame: pl.DataFrame | Sequence[str],
    target: str | Target | Platform = "canonical",
    *,
    sample_rows: int = 500,
) -> ColumnMapping:
    """Suggest a mapping of every source column onto ``target``'s fields.

    ``target`` is a table (``"karbon.people"``), a platform (``"karbon"``: every table) or
    ``"canonical"``. A column of a frame is also judged by its values when its header says
    nothing; a list of headers is judged by headers only.
    """
    name, allowed, primary = _allowed_fields(target)
    columns = list(frame.columns) if isinstance(frame, pl.DataFrame) else list(frame)
    columns = [c for c in columns if not c.startswith("_")]
    detected = detect_source(columns)
    source = signature(detected.name) if detected else None
    index = _synonym_index(name, allowed, primary)
    choices = list(index)
    proposals: list[ColumnRule] = []
    for col in columns:
        rule = _by_source(col, source, allowed, name) or _by_header(
            col, index, choices, name, allowed
        )
        if isinstance(frame, pl.DataFrame) and frame.height:
            rule = _check_values(rule, frame.get_column(col).head(sample_rows), allowed)
        proposals.append(rule)
    rules = _resolve_conflicts(proposals, allowed)
    return ColumnMapping(
        target=name,
        rules=tuple(rules),
        source_format=detected.name if detected else None,
    )


@dataclass(frozen=True, slots=True)
class _Synonym:
    field: str
    label: str
    exact: bool  # the platform's own header


def _synonym_index(
    name: str, allowed: Sequence[str], primary: Sequence[str] = ()
) -> dict[str, list[_Synonym]]:
    """Normalised header -> candidate fields, best first (platform header, then synonyms)."""
    index: dict[str, list[_Synonym]] = {}
    plat = name.split(".")[0]
    tables = platform(plat).tables
    for t in tables:
        for f in t.fields:
            if f.field in allowed:
                for label, exact in [(f.header, True), *((s, False) for s in f.synonyms)]:
                    index.setdefault(header_key(label), []).append(
                        _Synonym(f.field, f"{t.title} header" if exact else "synonym", exact)
                    )
    canon = canonical_fields()
    for fname in allowed:
        cf = canon[fname]
        for label, lang in [(fname.replace("_", " "), "en")] + [
            (s, lang) for lang, syns in cf.synonyms.items() for s in syns
        ]:
            index.setdefault(header_key(label), []).append(
                _Synonym(fname, f"synonym ({lang})", False)
            )
    for key, cands in index.items():
        seen: set[str] = set()
        unique = []

        def rank(c: _Synonym) -> tuple[bool, bool, int]:
            return (not c.exact, c.field not in primary, allowed.index(c.field))

        for c in sorted(cands, key=rank):
            if c.field not in seen:
                seen.add(c.field)
                unique.append(c)
        index[key] = unique
    index.pop("", None)
    return index


def _by_source(
    column: str, source: Signature | None, allowed: Sequence[str], target_name: str
) -> ColumnRule | None:
    """What the recognised export means by this header, where it differs from the words."""
    if source is None:
        return None
    meant = source.field_for(column)
    if meant is None:
        return None
    if not meant:
        return ColumnRule(column, reason=f"{source.title}: known column with no target field")
    reason = f"{source.title}: {column!r} means {meant}"
    target_field = meant if meant in allowed else _fallback(meant, allowed)
    if target_field is None:
        return ColumnRule(column, reason=f"{reason}, which {target_name} does not take")
    return ColumnRule(column, "sync", target_field, 0.97, reason)


def _fallback(name: str, allowed: Sequence[str]) -> str | None:
    return next((f for f in _FALLBACK.get(name, ()) if f in allowed), None)


def _by_header(
    column: str,
    index: Mapping[str, list[_Synonym]],
    choices: list[str],
    target_name: str,
    allowed: Sequence[str] = (),
) -> ColumnRule:
    key = header_key(column)
    if not key or _GENERIC_HEADER_RE.match(key):
        return ColumnRule(column, reason="header says nothing")
    if key in index:
        best = index[key][0]
        conf = 0.99 if best.exact else 0.95
        reason = "exact header" if best.exact else f"{best.label}: {key!r}"
        others = tuple(f"also fits {c.field}" for c in index[key][1:3])
        return ColumnRule(column, "sync", best.field, conf, reason, others)
    reordered = _reordered(key, index)
    if reordered is not None:
        best = index[reordered][0]
        reason = f"{best.label}: {reordered!r}, words joined or reordered"
        return ColumnRule(column, "sync", best.field, 0.9, reason)
    elsewhere = _canonical_index().get(key)
    if elsewhere:
        instead = _fallback(elsewhere, allowed)
        if instead is not None:
            reason = f"fits {elsewhere}, which {target_name} takes as {instead}"
            return ColumnRule(column, "sync", instead, 0.85, reason)
        return ColumnRule(column, reason=f"fits {elsewhere}, which {target_name} does not take")
    if key in _KNOWN_UNMAPPED:
        return ColumnRule(column, reason="known column with no target field")
    match = process.extractOne(key, choices, scorer=fuzz.token_sort_ratio, score_cutoff=80)
    if match is None:
        return ColumnRule(column, reason="no matching header")
    label, score, _ = match
    best = index[label][0]
    # A fuzzy header is pre-selected only when very close (a typo, a plural, a missing dash)
    # and its numbers agree ("Street 3" is not "Street 2").
    same_digits = re.findall(r"\d+", key) == re.findall(r"\d+", label)
    conf = 0.9 if score >= 95 and same_digits else 0.6
    action: Action = "sync" if conf >= PRESELECT else "ignore"
    return ColumnRule(column, action, best.field, conf, f"fuzzy header ~ {label!r} ({score:.0f})")


def _reordered(key: str, index: Mapping[str, list[_Synonym]]) -> str | None:
    """The known header that is this one's words joined or reordered (Dutch and German write
    ``Naam klant`` and ``Klantnaam``, ``Nummer klant`` and ``Klantnummer``)."""
    words = key.split()
    if not 2 <= len(words) <= 3:
        return None
    orders = list(itertools.permutations(words))
    variants = {" ".join(o) for o in orders} | {"".join(o) for o in orders}
    variants.discard(key)
    hits = sorted(v for v in variants if v in index)
    return hits[0] if hits else None


# Headers of well-known exports that carry nothing a practice platform imports.
_KNOWN_UNMAPPED = frozenset(
    header_key(h)
    for h in (
        "Department",
        "Anniversary",
        "E-mail Type",
        "E-mail Display Name",
        "E-mail 2 Type",
        "E-mail 2 Display Name",
        "E-mail 3 Type",
        "E-mail 3 Display Name",
        "Telex",
        "ISDN",
        "Pager",
        "Callback",
        "Car Phone",
        "Radio Phone",
        "TTY/TDD Phone",
        "Assistant's Phone",
        "Assistant's Name",
        "Billing Information",
        "Directory Server",
        "Hobby",
        "Mileage",
        "Internet Free Busy",
        "Initials",
        "Location",
        "Office Location",
        "Priority",
        "Private",
        "Sensitivity",
        "Spouse",
        "Children",
        "Profession",
        "User 1",
        "User 2",
        "User 3",
        "User 4",
        "Photo",
        "Phonetic First Name",
        "Phonetic Middle Name",
        "Phonetic Last Name",
        "Yomi Name",
        "Given Name Yomi",
        "Family Name Yomi",
        "Additional Name Yomi",
        "Organization Department",
        "Nr. boekhouding",
        "Boekhoudsoftware",
        "Geboorteland",
    )
)


@functools.cache
def _canonical_index() -> dict[str, str]:
    """Normalised synonym -> canonical field, over the whole canonical model."""
    out: dict[str, str] = {}
    for name, cf in canonical_fields().items():
        labels = [name.replace("_", " "), *(s for syns in cf.synonyms.values() for s in syns)]
        for label in labels:
            out.setdefault(header_key(label), name)
    return out


def _resolve_conflicts(
    proposals: Iterable[ColumnRule], allowed: Sequence[str] | None = None
) -> list[ColumnRule]:
    """Two columns never land silently on one single-valued field.

    The most confident column (then the leftmost) keeps the field; a later e-mail or phone
    column overflows to the additional field; any other loser is left on ``ignore`` with a
    warning naming the column that won.
    """
    rules = list(proposals)
    canon = canonical_fields()
    order = sorted(range(len(rules)), key=lambda i: (-rules[i].confidence, i))
    taken: dict[str, str] = {}
    for i in order:
        r = rules[i]
        if r.action != "sync" or r.field is None or canon[r.field].multi:
            continue
        if r.field not in taken:
            taken[r.field] = r.column
            continue
        overflow = _OVERFLOW.get(r.field)
        if overflow and allowed is not None and overflow not in allowed:
            overflow = None  # the target has no field to overflow into
        if overflow and (canon[overflow].multi or overflow not in taken):
            if not canon[overflow].multi:
                taken[overflow] = r.column
            rules[i] = replace(
                r,
                field=overflow,
                reason=f"{r.reason}; {r.field} already comes from {taken[r.field]!r}",
            )
            continue
        rules[i] = replace(
            r,
            action="ignore",
            warnings=(*r.warnings, f"{r.field} already comes from {taken[r.field]!r}"),
        )
    return rules
