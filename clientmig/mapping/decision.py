"""A column mapping as an immutable decision: rules, bulk values and value maps, applied and saved.

A :class:`ColumnMapping` is an immutable decision: ``with_rule``, ``with_constant`` and
``with_value_map`` return new mappings (the widget calls exactly these), ``apply`` turns a read
frame into a canonical frame with lineage kept, and ``save``/``load`` use versioned JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import polars as pl

from clientmig import lineage
from clientmig._polars import blank_to_null
from clientmig.errors import MappingError, TargetError
from clientmig.mapping.cell_split import FILLED_FROM, join_house_number, split_cells
from clientmig.target_schemas import (
    MULTI_SEP,
    Platform,
    Target,
    canonical_fields,
    platform,
    resolve,
    target,
)

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
    "address": ("street", "house_number", "street2", "postcode", "city", "region", "country"),
    # ... and a one-line address is split for targets that take its parts; a house number
    # column joins its street (clientmig.mapping.cell_split.join_house_number).
    "street": ("address", "house_number"),
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
        for filled, sources in FILLED_FROM.items():  # a second number from a phone cell
            heads = [h for s in sources for h in out.get(s, [])]
            if filled not in out and heads:
                out[filled] = heads
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
        box = next(iter(self.columns_for("street2")), None)
        out = join_house_number(frame.select(*exprs, *private), box_header=box)
        out = split_cells(out, allowed, exported)
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


def mappable_fields(target_name: str | Target | Platform) -> tuple[str, ...]:
    """Canonical fields a column may be mapped to for this target: its own fields, the fields
    that feed them (a full name, address parts) and the always-useful ones (record type, IDs)."""
    return _allowed_fields(target_name)[1]


def _allowed_fields(
    target_name: str | Target | Platform,
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    named = resolve(target_name)
    name, fields = named.name, named.field_names
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


# -- helpers --------------------------------------------------------------------------------------


def _value_map_expr(expr: pl.Expr, values: Mapping[str, str]) -> pl.Expr:
    """Map values case-insensitively (spaces trimmed); unmapped values stay as they are."""
    folded = {" ".join(k.split()).casefold(): v for k, v in values.items()}
    key = expr.str.strip_chars().str.replace_all(r"\s+", " ").str.to_lowercase()
    mapped = key.replace_strict(folded, default=None, return_dtype=pl.String)
    return pl.coalesce(mapped, expr)
