"""Map an export's columns onto a target's canonical fields: suggest, edit, save, apply.

:func:`suggest_mapping` proposes, for each source column, an action (``sync`` or ``ignore``), a
canonical field, a confidence and the reason: the target's exact header, a synonym (English,
Dutch, French, German, Romanian, Latvian), a fuzzy header match (RapidFuzz), or the values
themselves (a column of e-mail addresses under ``Kolom7``). Only suggestions with a confidence
of at least :data:`PRESELECT` are pre-selected; the rest are shown but left on ``ignore``.

A :class:`ColumnMapping` is an immutable decision: ``with_rule``, ``with_constant`` and
``with_value_map`` return new mappings (the widget calls exactly these), ``apply`` turns a read
frame into a canonical frame with lineage kept, and ``save``/``load`` use versioned JSON.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import polars as pl
from rapidfuzz import fuzz, process

from clientmig import lineage
from clientmig._polars import blank_to_null
from clientmig.cell_split import split_cells
from clientmig.errors import MappingError, TargetError
from clientmig.keys import header_key
from clientmig.sources import Signature, detect_source, signature
from clientmig.target_schemas import (
    MULTI_SEP,
    Platform,
    Target,
    canonical_fields,
    platform,
    target,
)
from clientmig.validators import company_id, national_id

FORMAT_VERSION = 1
PRESELECT = 0.8
Action = Literal["sync", "ignore"]

# Canonical fields a target may need although it does not export them itself: they feed a
# derived field (a full name is split, address parts are combined, ...).
_HELPERS: dict[str, tuple[str, ...]] = {
    "first_name": ("full_name",),
    "last_name": ("full_name",),
    "fiscal_year_end_day": ("fiscal_year_end",),
    "fiscal_year_end_month": ("fiscal_year_end",),
    "address": ("street", "street2", "postcode", "city", "region", "country"),
    # ... and a one-line address is split for targets that take its parts.
    "street": ("address",),
    "postcode": ("address",),
    "city": ("address",),
    "email": ("email_additional",),
    "account_name": ("organization_name", "first_name", "last_name", "full_name"),
    "account_type": ("record_type", "legal_form"),
    "belongs_to": ("organization_name",),
    "phone_mobile": ("phone",),
    "phone_office": ("phone",),
    "phone_home": ("phone",),
}
# Fields the clean step derives when no column fills them (see clientmig.derive).
_DERIVED: dict[str, tuple[str, ...]] = {
    "account_type": (),
    "record_type": (),
    "account_name": ("organization_name", "full_name", "last_name", "first_name"),
}
# ``legal_form`` feeds the record type (XPM's Business Structure: Individual, Company, Trust).
# ``account_name`` (a QuickBooks or Xero customer: a company or a person) feeds the organisation
# or the person's name (clientmig.cell_split).
_ALWAYS = (
    "record_type",
    "legal_form",
    "client_id",
    "date_of_birth",
    "national_id",
    "company_id",
    "account_name",
)

# When a second column lands on a single-valued field, these fields take it instead.
_OVERFLOW = {"email": "email_additional", "phone": "phone_office"}
# When a target lacks a column's own field, the field a person picks instead (TaxDome has one
# Phone: an office phone goes there; a billing e-mail joins the additional e-mails).
_FALLBACK: dict[str, tuple[str, ...]] = {
    "phone_office": ("phone",),
    "phone_home": ("phone",),
    "phone_mobile": ("phone",),
    "email_billing": ("email_additional",),
    "belongs_to": ("account_name",),
    # A Belgian VAT number is the enterprise number with BE in front (and the other way round).
    "vat_number": ("company_id", "tax_id"),
    "company_id": ("vat_number", "tax_id"),
}

_GENERIC_HEADER_RE = re.compile(
    r"^(?:column|col|kolom|colonne|spalte|coloana|kolonna|field|veld|champ|feld|unnamed|f)?"
    r"\s*\d*$"
)


@dataclass(frozen=True, slots=True)
class ColumnRule:
    """What happens to one source column."""

    column: str
    action: Action = "ignore"
    field: str | None = None
    confidence: float = 0.0
    reason: str = ""
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (no cell values: mappings hold no personal data)."""
        out: dict[str, Any] = {"column": self.column, "action": self.action, "field": self.field}
        out["confidence"] = round(self.confidence, 3)
        if self.reason:
            out["reason"] = self.reason
        if self.warnings:
            out["warnings"] = list(self.warnings)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ColumnRule:
        """Inverse of :meth:`to_dict`."""
        action = data.get("action", "sync")
        if action not in ("sync", "ignore"):
            raise MappingError(f"column {data.get('column')!r}: unknown action {action!r}")
        return cls(
            column=str(data["column"]),
            action=action,
            field=data.get("field"),
            confidence=float(data.get("confidence", 0.0)),
            reason=str(data.get("reason", "")),
            warnings=tuple(str(w) for w in data.get("warnings", ())),
        )


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Source columns -> canonical fields, bulk values and value maps, for one target."""

    target: str
    rules: tuple[ColumnRule, ...]
    constants: Mapping[str, str] = field(default_factory=dict)
    value_maps: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    source_format: str | None = None

    # -- reading ------------------------------------------------------------------------------
    def rule(self, column: str) -> ColumnRule:
        """The rule for one source column."""
        for r in self.rules:
            if r.column == column:
                return r
        raise MappingError(f"no column {column!r} in this mapping")

    @property
    def synced(self) -> tuple[ColumnRule, ...]:
        """Rules that send a column to a field."""
        return tuple(r for r in self.rules if r.action == "sync" and r.field)

    @property
    def fields(self) -> tuple[str, ...]:
        """Canonical fields filled by a column or a bulk value."""
        return tuple(dict.fromkeys([*(r.field for r in self.synced if r.field), *self.constants]))

    def columns_for(self, name: str) -> tuple[str, ...]:
        """Source headers that feed canonical field ``name`` (for issue reports)."""
        return tuple(r.column for r in self.synced if r.field == name)

    def column_of(self) -> dict[str, str]:
        """``{field: source header}`` (several headers joined with " + ")."""
        out: dict[str, list[str]] = {}
        for r in self.synced:
            assert r.field is not None
            out.setdefault(r.field, []).append(r.column)
        return {f: " + ".join(cols) for f, cols in out.items()}

    def missing_required(self) -> tuple[str, ...]:
        """Required fields of the target that nothing fills (directly or through a helper)."""
        filled = set(self.fields)
        missing = []
        for name in _required_fields(self.target):
            helpers = _HELPERS.get(name, ())
            if name in filled or any(h in filled for h in helpers):
                continue
            if name in _DERIVED and (
                not _DERIVED[name] or any(h in filled for h in _DERIVED[name])
            ):
                continue
            missing.append(name)
        return tuple(missing)

    def problems(self) -> tuple[str, ...]:
        """Plain sentences for what stops or weakens this mapping."""
        out = []
        canon = canonical_fields()
        for name in self.fields:
            cols = self.columns_for(name)
            if len(cols) > 1 and not canon[name].multi:
                out.append(f"columns {', '.join(map(repr, cols))} all map to single field {name!r}")
        out.extend(f"required field {m!r} is not mapped" for m in self.missing_required())
        return tuple(out)

    # -- editing (the widget calls only these) ------------------------------------------------
    def with_rule(
        self, column: str, *, action: Action | None = None, field: str | None = None
    ) -> ColumnMapping:
        """Return a copy with one column's action and/or field changed."""
        if field is not None and field not in canonical_fields():
            raise MappingError(f"unknown field {field!r}")
        rules = []
        for r in self.rules:
            if r.column == column:
                new_field = field if field is not None else r.field
                new_action = action or ("sync" if field is not None else r.action)
                if new_action == "sync" and not new_field:
                    raise MappingError(f"column {column!r}: choose a field before syncing it")
                r = replace(r, action=new_action, field=new_field, confidence=1.0, reason="chosen")
            rules.append(r)
        if not any(r.column == column for r in self.rules):
            raise MappingError(f"no column {column!r} in this mapping")
        return replace(self, rules=tuple(rules))

    def with_constant(self, name: str, value: str | None) -> ColumnMapping:
        """Set (or with ``None`` remove) a bulk value used for every row where ``name`` is empty."""
        if name not in canonical_fields():
            raise MappingError(f"unknown field {name!r}")
        constants = {k: v for k, v in self.constants.items() if k != name}
        if value is not None and value != "":
            constants[name] = value
        return replace(self, constants=constants)

    def with_value_map(self, name: str, values: Mapping[str, str] | None) -> ColumnMapping:
        """Set the value map of a field (``{"BV": "Company"}``; matched case-insensitively)."""
        if name not in canonical_fields():
            raise MappingError(f"unknown field {name!r}")
        maps = {k: v for k, v in self.value_maps.items() if k != name}
        if values:
            maps[name] = dict(values)
        return replace(self, value_maps=maps)

    # -- applying -----------------------------------------------------------------------------
    def apply(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Return the canonical frame: one column per mapped field, plus lineage.

        Columns are found by header, so reordered or extra columns do no harm; a mapped column
        that is missing raises :class:`MappingError` naming it.
        """
        missing = [r.column for r in self.synced if r.column not in frame.columns]
        if missing:
            raise MappingError(
                "mapped column(s) missing from the file: " + ", ".join(map(repr, missing))
            )
        for problem in self.problems():
            if "single field" in problem:
                raise MappingError(problem)
        frame = lineage.ensure_lineage(frame)
        canon = canonical_fields()
        exprs: list[pl.Expr] = []
        for name in self.fields:
            cols = self.columns_for(name)
            parts = [blank_to_null(pl.col(c).cast(pl.String)) for c in cols]
            if canon[name].multi:
                parts = [p.str.replace_all(r"\s*:::\s*", MULTI_SEP) for p in parts]
                expr = (
                    pl.concat_str(parts, separator=MULTI_SEP, ignore_nulls=True) if parts else None
                )
                expr = blank_to_null(expr) if expr is not None else None
            else:
                expr = parts[0] if parts else None
            if name in self.constants:
                const = pl.lit(self.constants[name], pl.String)
                expr = const if expr is None else pl.coalesce(expr, const)
            assert expr is not None
            if name in self.value_maps:
                expr = _value_map_expr(expr, self.value_maps[name])
            exprs.append(expr.alias(name))
        private = [c for c in frame.columns if c.startswith("_")]
        allowed, exported = self._targetable()
        out = split_cells(frame.select(*exprs, *private), allowed, exported)
        public = [c for c in out.columns if not c.startswith("_")]
        return out.select(*public, *private)

    def _targetable(self) -> tuple[frozenset[str], frozenset[str]]:
        """Fields the target's mapping takes, and fields its files hold (every canonical field
        for the canonical model or an unknown target)."""
        try:
            allowed = frozenset(mappable_fields(self.target))
            plat = platform(self.target.split(".")[0])
            tables = plat.tables
            if "." in self.target:
                tables = (plat.table(self.target.split(".", 1)[1]),)
            # A table's own fields and the ones its export explodes into rows (Karbon's extra
            # e-mails become extra contact rows).
            exported = frozenset(f for t in tables for f in (*t.field_names, *t.explode))
        except TargetError:
            return frozenset(canonical_fields()), frozenset(canonical_fields())
        return allowed, exported

    # -- persistence --------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Versioned JSON-ready form."""
        return {
            "clientmig_mapping": FORMAT_VERSION,
            "target": self.target,
            "source_format": self.source_format,
            "columns": [r.to_dict() for r in self.rules],
            "constants": dict(sorted(self.constants.items())),
            "value_maps": {k: dict(v) for k, v in sorted(self.value_maps.items())},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ColumnMapping:
        """Inverse of :meth:`to_dict`; rejects unknown versions and fields."""
        version = data.get("clientmig_mapping")
        if version != FORMAT_VERSION:
            raise MappingError(f"not a clientmig mapping of version {FORMAT_VERSION}: {version!r}")
        mapping = cls(
            target=str(data["target"]),
            rules=tuple(ColumnRule.from_dict(c) for c in data.get("columns", [])),
            constants=dict(data.get("constants", {})),
            value_maps={k: dict(v) for k, v in data.get("value_maps", {}).items()},
            source_format=data.get("source_format"),
        )
        unknown = [f for f in mapping.fields if f not in canonical_fields()]
        if unknown:
            raise MappingError(f"unknown field(s) in mapping: {', '.join(unknown)}")
        return mapping

    def to_json(self) -> str:
        """Stable, human-readable JSON."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def save(self, path: str | Path, *, force: bool = True) -> Path:
        """Write the mapping as JSON (atomically; ``force=False`` keeps an existing file)."""
        from clientmig.export.files import write_file_text

        return write_file_text(path, self.to_json(), force=force)

    @classmethod
    def load(cls, path: str | Path) -> ColumnMapping:
        """Read a mapping saved by :meth:`save`."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise MappingError(f"cannot read mapping {path}: {exc}") from exc
        return cls.from_dict(data)

    def to_frame(self) -> pl.DataFrame:
        """One row per source column: column, action, field, confidence, reason, warnings."""
        return pl.DataFrame(
            {
                "column": [r.column for r in self.rules],
                "action": [r.action for r in self.rules],
                "field": [r.field for r in self.rules],
                "confidence": [round(r.confidence, 2) for r in self.rules],
                "reason": [r.reason for r in self.rules],
                "warnings": ["; ".join(r.warnings) for r in self.rules],
            },
            schema={
                "column": pl.String,
                "action": pl.String,
                "field": pl.String,
                "confidence": pl.Float64,
                "reason": pl.String,
                "warnings": pl.String,
            },
        )

    def to_text(self) -> str:
        """A plain table for terminals."""
        rows = [("column", "action", "field", "conf", "reason")]
        rows += [
            (r.column, r.action, r.field or "", f"{r.confidence:.2f}", r.reason) for r in self.rules
        ]
        widths = [min(max(len(str(row[i])) for row in rows), 40) for i in range(5)]
        lines = ["  ".join(str(c)[:40].ljust(w) for c, w in zip(row, widths)) for row in rows]
        extra = [f"bulk value: {k} = {v}" for k, v in self.constants.items()]
        extra += [f"problem: {p}" for p in self.problems()]
        return "\n".join([*lines, *extra])

    def _repr_html_(self) -> str:
        import html

        head = "".join(f"<th>{h}</th>" for h in ("column", "action", "field", "conf.", "reason"))
        body = "".join(
            "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{:.2f}</td><td>{}</td></tr>".format(
                "" if r.action == "sync" else ' style="color:#888"',
                html.escape(r.column),
                r.action,
                html.escape(r.field or ""),
                r.confidence,
                html.escape(r.reason),
            )
            for r in self.rules
        )
        probs = "".join(f"<li>{html.escape(p)}</li>" for p in self.problems())
        return (
            f"<b>Mapping onto {html.escape(self.target)}</b><table><tr>{head}</tr>{body}</table>"
            + (f"<ul style='color:#b45309'>{probs}</ul>" if probs else "")
        )


# -- suggestions ----------------------------------------------------------------------------------
def suggest_mapping(
    frame: pl.DataFrame | Sequence[str],
    target_name: str | Target | Platform = "canonical",
    *,
    sample_rows: int = 500,
) -> ColumnMapping:
    """Suggest a mapping of every source column onto ``target_name``'s fields.

    ``target_name`` is a table (``"karbon.people"``), a platform (``"karbon"``: every table) or
    ``"canonical"``. A column of a frame is also judged by its values when its header says
    nothing; a list of headers is judged by headers only.
    """
    name, allowed, primary = _allowed_fields(target_name)
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


def mappable_fields(target_name: str | Target | Platform) -> tuple[str, ...]:
    """Canonical fields a column may be mapped to for this target: its own fields, the fields
    that feed them (a full name, address parts) and the always-useful ones (record type, IDs)."""
    return _allowed_fields(target_name)[1]


def _allowed_fields(
    target_name: str | Target | Platform,
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    if isinstance(target_name, (Target, Platform)):
        name, fields = target_name.name, target_name.field_names
    elif "." in target_name:
        t = target(target_name)
        name, fields = t.name, t.field_names
    else:
        p = platform(target_name)
        name, fields = p.name, p.field_names
    out = list(fields)
    for f in list(fields):
        out.extend(_HELPERS.get(f, ()))
    out.extend(_ALWAYS)
    canon = canonical_fields()
    ordered = [f for f in canon if f in set(out)]
    return name, tuple(ordered), tuple(fields)


def _required_fields(target_name: str) -> tuple[str, ...]:
    if "." in target_name:
        return target(target_name).required
    p = platform(target_name)
    # A platform-wide mapping must satisfy the fields its people or organisations demand.
    return tuple(dict.fromkeys(f for t in p.tables if t.entity != "group" for f in t.required))


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


# -- judging by values ----------------------------------------------------------------------------
_VALUE_KINDS: tuple[tuple[str, str, str], ...] = (
    ("email", r"^\s*[^@\s<>]+@[^@\s<>]+\.[A-Za-z]{2,}\s*$", "e-mail addresses"),
    (
        "linkedin",
        r"(?i)^\s*(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/(?:in|pub|company)/\S+\s*$",
        "LinkedIn profiles",
    ),
    ("website", r"^\s*(?:https?://|www\.)\S+\s*$", "web addresses"),
    (
        "national_id",
        r"^\s*'?\d{2}[.\s]?\d{2}[.\s]?\d{2}[-.\s]?\d{3}[.\s]?\d{2}\s*$",
        "national numbers",
    ),
    ("company_id", r"^\s*(?:BE\s*)?[01]\d{3}[.\s]?\d{3}[.\s]?\d{3}\s*$", "enterprise numbers"),
    ("phone", r"^\s*(?:\+|00|0)[\d\s./()-]{7,18}\d\s*$", "phone numbers"),
    ("date_of_birth", r"^\s*(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2})\s*$", "dates"),
)


_STRONG_KINDS = ("email", "linkedin", "website", "national_id", "company_id")

# Values of a "Type" column that name a client category (CRM account types), not whether the
# client is a person or a company.
_CATEGORY_WORDS = frozenset(
    {
        "customer",
        "client",
        "prospect",
        "partner",
        "supplier",
        "vendor",
        "reseller",
        "competitor",
        "investor",
        "lead",
        "press",
        "analyst",
        "integrator",
        "other",
        "former",
        "inactive",
        "active",
        "klant",
        "leverancier",
        "fournisseur",
        "concurrent",
        "kunde",
        "lieferant",
        "interessent",
        "wettbewerber",
    }
)


def value_kind(values: pl.Series) -> tuple[str, float] | None:
    """The kind of values a column holds (``("email", 0.97)``), or None when mixed.

    A kind needs at least 80% of the non-empty values; national numbers must also pass the
    Belgian mod-97 check, so an 11-digit account number does not count.
    """
    text = values.cast(pl.String).str.strip_chars()
    text = text.filter(text.is_not_null() & (text != ""))
    if text.len() < 3:
        return None
    for kind, pattern, _ in _VALUE_KINDS:
        hits = text.str.contains(pattern)
        share = _share(hits)
        if share < 0.8:
            continue
        if kind in ("national_id", "company_id"):
            digits = text.filter(hits).str.replace_all(r"\D", "")
            module = national_id if kind == "national_id" else company_id
            check = digits.to_frame("d").select(module.be_checksum_ok_expr("d")).to_series()
            share *= _share(check)
            if share < 0.8:
                continue
        return kind, share
    return None


def _are_categories(values: pl.Series) -> bool:
    """Whether at least 80% of the non-empty values are client-category words."""
    text = values.cast(pl.String).str.strip_chars().str.to_lowercase()
    text = text.filter(text.is_not_null() & (text != ""))
    if text.len() == 0:
        return False
    return _share(text.is_in(list(_CATEGORY_WORDS))) >= 0.8


def _share(flags: pl.Series) -> float:
    """Share of true values (nulls count as false)."""
    return float(flags.fill_null(value=False).cast(pl.Int64).sum()) / max(flags.len(), 1)


def _check_values(rule: ColumnRule, values: pl.Series, allowed: Sequence[str]) -> ColumnRule:
    if rule.field == "record_type" and _are_categories(values):
        why = "values are client categories (Customer, Partner, ...), not person or company"
        if "tags" in allowed:
            return replace(rule, field="tags", reason=f"{rule.reason}; {why}: tags")
        return replace(rule, action="ignore", field=None, reason=f"{rule.reason}; {why}")
    found = value_kind(values)
    if found is None:
        return rule
    kind, share = found
    label = {k: lab for k, _, lab in _VALUE_KINDS}[kind]
    if kind == "linkedin" and rule.field == "website":
        why = f"values are {label}, not websites"
        if "linkedin" in allowed:
            return replace(rule, field="linkedin", reason=f"{rule.reason}; {why}")
        return replace(rule, action="ignore", field=None, reason=f"{rule.reason}; {why}")
    if rule.field is None or rule.action == "ignore":
        generic = rule.reason == "header says nothing"
        if kind in allowed and (generic or rule.reason == "no matching header"):
            strong = kind in _STRONG_KINDS
            conf = (0.85 if share >= 0.95 else 0.75) if (generic or strong) else 0.6
            action: Action = "sync" if conf >= PRESELECT else "ignore"
            return replace(
                rule,
                action=action,
                field=kind,
                confidence=conf,
                reason=f"values look like {label} ({share:.0%})",
            )
        return rule
    families = {
        "email": ("email", "email_additional", "email_billing"),
        "phone": ("phone", "phone_mobile", "phone_office", "phone_home", "phone_fax"),
        "national_id": ("national_id", "partner_national_id"),
        "company_id": ("company_id", "vat_number", "tax_id"),
    }
    if (
        kind in families
        and rule.field not in families[kind]
        and rule.field in ({f for fam in families.values() for f in fam})
    ):
        return replace(
            rule,
            warnings=(
                *rule.warnings,
                f"the header says {rule.field} but the values look like {label}",
            ),
        )
    return rule


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


# -- helpers --------------------------------------------------------------------------------------


def _value_map_expr(expr: pl.Expr, values: Mapping[str, str]) -> pl.Expr:
    """Map values case-insensitively (spaces trimmed); unmapped values stay as they are."""
    folded = {" ".join(k.split()).casefold(): v for k, v in values.items()}
    key = expr.str.strip_chars().str.replace_all(r"\s+", " ").str.to_lowercase()
    mapped = key.replace_strict(folded, default=None, return_dtype=pl.String)
    return pl.coalesce(mapped, expr)
