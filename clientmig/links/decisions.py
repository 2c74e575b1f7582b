"""A person's decisions on links (take the suggestion, another name, or leave blank), replayed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import polars as pl

from clientmig._messages import text
from clientmig.errors import ClientmigError
from clientmig.target_schemas import MULTI_SEP

Action = Literal["accept", "choose", "create", "blank"]


@dataclass(frozen=True, slots=True)
class LinkDecision:
    """What to do with one Belongs To value as written."""

    action: Action
    name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"action": self.action, "name": self.name}


@dataclass(frozen=True)
class LinkDecisions:
    """Decisions by the value as written (the same wrong name fixed once for every row)."""

    items: Mapping[str, LinkDecision] = field(default_factory=dict)

    def with_decision(self, value: str, action: Action, name: str | None = None) -> LinkDecisions:
        """Return a copy with one decision set (``accept``/``choose`` need ``name``)."""
        if action in ("accept", "choose") and not name:
            raise ClientmigError(f"{action} needs the organisation's exact name")
        return LinkDecisions({**self.items, value: LinkDecision(action, name)})

    def without(self, value: str) -> LinkDecisions:
        """Return a copy where ``value`` is undecided again."""
        return LinkDecisions({k: v for k, v in self.items.items() if k != value})

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (a recipe's ``links`` section)."""
        return {"decisions": {k: v.to_dict() for k, v in sorted(self.items.items())}}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LinkDecisions:
        """Inverse of :meth:`to_dict`."""
        raw = data.get("decisions", {})
        return cls({k: LinkDecision(v["action"], v.get("name")) for k, v in raw.items()})

    def created(self) -> list[str]:
        """Organisations to create (orphans the analyst chose to keep)."""
        return sorted({k for k, v in self.items.items() if v.action == "create"})


def apply_link_fixes(
    people: pl.DataFrame, decisions: LinkDecisions, *, on: str = "belongs_to"
) -> tuple[pl.DataFrame, list[str]]:
    """Apply link decisions to the people's ``on`` column; report decisions that fit nothing."""
    if not decisions.items or on not in people.columns:
        return people, []
    present = set(
        people.select(pl.col(on).str.split(MULTI_SEP).explode()).to_series().drop_nulls().to_list()
    )
    problems = [
        text("cli.problems.link_stale", value=repr(value))
        for value in decisions.items
        if value not in present
    ]
    replace: dict[str, str | None] = {}
    for value, d in decisions.items.items():
        if d.action in ("accept", "choose"):
            replace[value] = d.name
        elif d.action == "blank":
            replace[value] = None
    if not replace:
        return people, problems
    fixed = (
        people.with_row_index("_li")
        .with_columns(pl.col(on).str.split(MULTI_SEP).alias("_parts"))
        .explode("_parts")
        .with_columns(
            pl.col("_parts").replace_strict(
                replace, default=pl.col("_parts"), return_dtype=pl.String
            )
        )
        .group_by("_li", maintain_order=True)
        .agg(pl.col("_parts").drop_nulls().str.join(MULTI_SEP))
    )
    out = (
        people.with_row_index("_li")
        .join(fixed, on="_li", how="left", maintain_order="left")
        .with_columns(
            pl.when(pl.col("_parts") == "").then(None).otherwise(pl.col("_parts")).alias(on)
        )
        .drop("_li", "_parts")
    )
    return out, problems
