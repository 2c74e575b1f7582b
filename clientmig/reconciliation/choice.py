"""Overwrite choices: which changed fields a re-import may overwrite, for everyone or per record."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class OverwriteChoice:
    """Fields to overwrite for every matched client, with per-record exceptions.

    ``records`` maps an existing record's key (its ``client_id``, else its lineage
    ``source:row`` / ``source:sheet:row``; see ``Reconciliation.matched["existing_key"]``) to
    ``{field: overwrite}``: ``True`` adds a field for that record, ``False`` keeps its old value.
    A value is never overwritten with an empty one unless ``allow_empty``.

    >>> c = OverwriteChoice(fields=("email",)).with_record("C-7", "phone", True)
    >>> OverwriteChoice.from_dict(c.to_dict()) == c
    True
    """

    fields: tuple[str, ...] = ()
    records: Mapping[str, Mapping[str, bool]] = field(default_factory=dict)
    allow_empty: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", tuple(sorted(set(self.fields))))
        frozen = {
            str(k): {str(f): bool(v) for f, v in fs.items()} for k, fs in self.records.items()
        }
        object.__setattr__(self, "records", frozen)

    def overwrites(self, record: str, field_name: str) -> bool:
        """Return whether ``field_name`` is overwritten for the record keyed ``record``."""
        override = self.records.get(record, {}).get(field_name)
        return field_name in self.fields if override is None else override

    def with_fields(self, fields: Iterable[str]) -> OverwriteChoice:
        """Return a copy overwriting ``fields`` for everyone."""
        return replace(self, fields=tuple(fields))

    def with_record(self, record: str, field_name: str, overwrite: bool) -> OverwriteChoice:
        """Return a copy where ``record``'s ``field_name`` is (or is not) overwritten."""
        records = {k: dict(v) for k, v in self.records.items()}
        records.setdefault(record, {})[field_name] = overwrite
        return replace(self, records=records)

    def without_record(self, record: str, field_name: str) -> OverwriteChoice:
        """Return a copy where one record's field follows the fields chosen for everyone."""
        records = {k: dict(v) for k, v in self.records.items()}
        records.get(record, {}).pop(field_name, None)
        return replace(self, records={k: fs for k, fs in records.items() if fs})

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready form (the recipe's ``overwrite`` section)."""
        return {
            "fields": list(self.fields),
            "records": {k: dict(sorted(v.items())) for k, v in sorted(self.records.items())},
            "allow_empty": self.allow_empty,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OverwriteChoice:
        """Build from :meth:`to_dict` output."""
        return cls(
            fields=tuple(data.get("fields", ())),
            records=dict(data.get("records", {})),
            allow_empty=bool(data.get("allow_empty", False)),
        )
