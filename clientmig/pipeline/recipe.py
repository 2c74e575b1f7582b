"""Recipes: every decision an analyst made, in one versioned, human-readable JSON file.

A recipe names the target platform and, per input table, how to read the file and how its
columns map; then the accepted fixes, link decisions, duplicate verdicts and overwrite choices.
Sections hold the plain ``to_dict()`` form of the decision objects that own them
(:class:`clientmig.mapping.ColumnMapping`, ``AcceptedFixes``, ``LinkDecisions``,
``ReviewDecisions``, ``OverwriteChoices``), so this module depends on none of them and a recipe
stays readable and diffable. :func:`clientmig.pipeline.run` replays it.

>>> r = Recipe(target="karbon", inputs=(RecipeInput(table="people", sheet="People"),))
>>> Recipe.from_json(r.to_json()) == r
True
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from clientmig.errors import RecipeError
from clientmig.export.files import write_file_text
from clientmig.pipeline.recipe_schema import check_recipe

FORMAT_KEY = "clientmig_recipe"
VERSION = 1
SECTIONS = ("fixes", "links", "duplicates", "overwrite")


class _Decision(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class RecipeInput:
    """One input table: which file slot, sheet and reading options, and its column mapping."""

    table: str
    slot: int = 0
    sheet: str | None = None
    read: Mapping[str, Any] = field(default_factory=dict)
    mapping: Mapping[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready form."""
        out: dict[str, Any] = {"table": self.table, "slot": self.slot}
        if self.sheet is not None:
            out["sheet"] = self.sheet
        if self.read:
            out["read"] = dict(self.read)
        if self.mapping is not None:
            out["mapping"] = dict(self.mapping)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RecipeInput:
        """Build from :meth:`to_dict` output."""
        if "table" not in data:
            msg = "every recipe input needs a `table` (the target table it fills)."
            raise RecipeError(msg)
        return cls(
            table=str(data["table"]),
            slot=int(data.get("slot", 0)),
            sheet=data.get("sheet"),
            read=dict(data.get("read", {})),
            mapping=data.get("mapping"),
        )


@dataclass(frozen=True, slots=True)
class Recipe:
    """Everything needed to replay a run: target, inputs, options and decisions."""

    target: str
    inputs: tuple[RecipeInput, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)
    decisions: Mapping[str, Any] = field(default_factory=dict)

    # -- building -----------------------------------------------------------------------------
    def with_input(self, item: RecipeInput) -> Recipe:
        """Return a recipe with ``item`` added, replacing an input for the same table."""
        kept = tuple(i for i in self.inputs if i.table != item.table)
        return replace(self, inputs=(*kept, item))

    def with_mapping(self, table: str, mapping: _Decision) -> Recipe:
        """Return a recipe whose input for ``table`` uses ``mapping``."""
        current = self.input_for(table) or RecipeInput(table=table)
        return self.with_input(replace(current, mapping=mapping.to_dict()))

    def with_decisions(self, section: str, decisions: _Decision | Mapping[str, Any]) -> Recipe:
        """Return a recipe with a decision section (``fixes``, ``links``, ...) set."""
        if section not in SECTIONS:
            msg = f"`section` must be one of {SECTIONS}, got {section!r}"
            raise ValueError(msg)
        data = dict(decisions) if isinstance(decisions, Mapping) else decisions.to_dict()
        return replace(self, decisions={**self.decisions, section: data})

    def with_options(self, **options: Any) -> Recipe:
        """Return a recipe with cleaning/export options added or replaced."""
        return replace(self, options={**self.options, **options})

    def input_for(self, table: str) -> RecipeInput | None:
        """Return the input that fills ``table``, if any."""
        return next((i for i in self.inputs if i.table == table), None)

    def section(self, name: str) -> dict[str, Any] | None:
        """Return a decision section's data, or None."""
        data = self.decisions.get(name)
        return dict(data) if data is not None else None

    # -- files --------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready form (stable key order)."""
        return {
            FORMAT_KEY: VERSION,
            "target": self.target,
            "inputs": [i.to_dict() for i in self.inputs],
            "options": dict(self.options),
            "decisions": {k: self.decisions[k] for k in SECTIONS if k in self.decisions},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Recipe:
        """Build from :meth:`to_dict` output, checking the format version."""
        version = data.get(FORMAT_KEY)
        if version is None:
            msg = "this is not a clientmig recipe (no `clientmig_recipe` version key)."
            raise RecipeError(msg)
        if version != VERSION:
            msg = f"recipe format version {version} is not supported"
            msg += f" (this clientmig reads {VERSION})."
            raise RecipeError(msg)
        if not data.get("target"):
            msg = "the recipe names no `target` platform."
            raise RecipeError(msg)
        decisions = data.get("decisions", {})
        unknown = set(decisions if isinstance(decisions, Mapping) else ()) - set(SECTIONS)
        if unknown:
            msg = f"unknown recipe decision section(s): {', '.join(sorted(unknown))}."
            raise RecipeError(msg)
        check_recipe(data)
        return cls(
            target=str(data["target"]),
            inputs=tuple(RecipeInput.from_dict(i) for i in data.get("inputs", [])),
            options=dict(data.get("options", {})),
            decisions=dict(data.get("decisions", {})),
        )

    def to_json(self) -> str:
        """Return the recipe as deterministic, indented JSON text."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Recipe:
        """Parse JSON text written by :meth:`to_json`."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            msg = f"the recipe is not valid JSON ({exc.msg} at line {exc.lineno})."
            raise RecipeError(msg) from None
        if not isinstance(data, dict):
            msg = "a recipe file holds one JSON object."
            raise RecipeError(msg)
        return cls.from_dict(data)

    def save(self, path: str | Path, *, force: bool = True) -> Path:
        """Write the recipe to ``path`` (UTF-8 JSON, atomically) and return the path;
        ``force=False`` keeps an existing file."""
        return write_file_text(path, self.to_json(), force=force)

    @classmethod
    def load(cls, path: str | Path) -> Recipe:
        """Read a recipe file."""
        source = Path(path)
        try:
            text = source.read_text(encoding="utf-8")
        except FileNotFoundError:
            msg = f"recipe file {source} does not exist."
            raise RecipeError(msg) from None
        except (OSError, UnicodeDecodeError) as exc:
            msg = f"recipe file {source} cannot be read ({exc})."
            raise RecipeError(msg) from None
        try:
            return cls.from_json(text)
        except RecipeError as exc:
            raise RecipeError(f"{source.name}: {exc}") from None
