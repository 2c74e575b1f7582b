"""Field choices for a person mapping columns: labelled by table, sorted, searchable; undo.

``field_choices("karbon")`` labels each canonical field with the table that imports it and the
platform's own header (``"People › Email"``); fields no table of the target takes come last,
under ``"Other"``. :func:`restore_rule` puts one column back to its suggested rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from clientmig.errors import MappingError
from clientmig.mapping.decision import ColumnMapping, ColumnRule
from clientmig.target_schemas import Target, canonical_fields, platform, target

OTHER = "Other"
SEP = " › "


def _tables(target_name: str) -> tuple[Target, ...]:
    if "." in target_name:
        return (target(target_name),)
    return platform(target_name).tables


def _label(title: str, header: str, field: str) -> str:
    plain = header.strip().lower().replace(" ", "_") == field
    return f"{title}{SEP}{header}" + ("" if plain else f" ({field})")


def field_choices(target_name: str) -> dict[str, str]:
    """``{label: canonical field}`` for every canonical field, grouped by table and sorted.

    Tables come in the target's order, labels alphabetically within a table (case-insensitive),
    and the canonical fields no table takes last under ``Other``. A field several tables take
    has one label per table.
    """
    out: dict[str, str] = {}
    taken: set[str] = set()
    for table in _tables(target_name):
        labels: dict[str, str] = {}
        for f in table.fields:
            if f.constant is None:
                labels.setdefault(_label(table.title, f.header, f.field), f.field)
        for label in sorted(labels, key=str.casefold):
            out[label] = labels[label]
        taken.update(labels.values())
    rest = sorted((f for f in canonical_fields() if f not in taken), key=str.casefold)
    out.update({f"{OTHER}{SEP}{f}": f for f in rest})
    return out


def label_of(choices: dict[str, str], field: str | None, table: str | None = None) -> str | None:
    """A label of ``field`` among ``choices``: ``table``'s if it has one, else the first."""
    if field is None:
        return None
    labels = [label for label, f in choices.items() if f == field]
    preferred = [label for label in labels if table and label.startswith(table + SEP)]
    return next(iter(preferred or labels), None)


def main_table(target_name: str, fields: Iterable[str]) -> str:
    """The title of the target's table that takes most of ``fields`` (the first on a tie)."""
    wanted = set(fields)
    tables = _tables(target_name)
    best = max(tables, key=lambda t: len(wanted & set(t.field_names)))
    return best.title


def restore_rule(mapping: ColumnMapping, rule: ColumnRule) -> ColumnMapping:
    """The mapping with ``rule`` (say, the suggestion) back in place of its column's rule."""
    if not any(r.column == rule.column for r in mapping.rules):
        raise MappingError(f"no column {rule.column!r} in this mapping")
    rules = tuple(rule if r.column == rule.column else r for r in mapping.rules)
    return replace(mapping, rules=rules)
