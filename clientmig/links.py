"""Exact-match "belongs to" links from people to organisations, with near-miss suggestions.

Karbon links a person to an organisation only when Belongs To equals the organisation's name
exactly. :func:`check_links` finds, for every name a person belongs to:

* ``exact``: an organisation has exactly this name;
* ``near_miss``: it differs only by spacing or NBSP, case, punctuation, accents, a legal form
  (``Acme BV`` / ``ACME B.V.`` / ``Acme``) or a typo: the exact name is the suggestion;
* ``ambiguous``: several organisations fit equally well: left for a person;
* ``orphan``: no such organisation: create it, or leave the link blank.

Organisation names that are not unique are errors (an exact-match key must be unique). Fuzzy
matching runs on the distinct leftover names only, against the organisations only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import polars as pl
from rapidfuzz import fuzz, process

from clientmig import lineage
from clientmig.errors import ClientmigError
from clientmig.issues import concat_issues, conform, empty_issues
from clientmig.target_schemas import MULTI_SEP
from clientmig.validators import organization_name as org_name

TYPO_SCORE = 88.0
# Differences a person would never mean: the main job links these to the exact name itself.
MECHANICAL = ("whitespace", "case", "punctuation", "accents")
TIE_MARGIN = 3.0
Status = Literal["exact", "near_miss", "ambiguous", "orphan"]
Action = Literal["accept", "choose", "create", "blank"]

_MESSAGES = {
    "link.near_miss": (
        "warning",
        "Belongs To differs from an organisation's exact name ({kind}); the link would be lost.",
    ),
    "link.ambiguous": (
        "warning",
        "Several organisations fit this Belongs To equally well; choose one.",
    ),
    "link.orphan": (
        "warning",
        "No organisation has this name: create it, or leave the link blank.",
    ),
    "link.org_not_unique": (
        "error",
        "Several organisations share this name, so Belongs To cannot point at one of them.",
    ),
}


@dataclass(frozen=True)
class Links:
    """The result of :func:`check_links`: one row per person-organisation link, and issues."""

    links: pl.DataFrame
    issues: pl.DataFrame
    duplicate_names: tuple[str, ...] = ()

    def counts(self) -> dict[str, int]:
        """Links per status."""
        got = dict(self.links.group_by("status").len().iter_rows())
        return {s: int(got.get(s, 0)) for s in ("exact", "near_miss", "ambiguous", "orphan")}

    @property
    def unresolved(self) -> pl.DataFrame:
        """Distinct non-exact names with their status, suggestion, candidates and row count."""
        return (
            self.links.filter(pl.col("status") != "exact")
            .group_by("value", maintain_order=True)
            .agg(
                pl.col("status").first(),
                pl.col("suggestion").first(),
                pl.col("kind").first(),
                pl.col("score").first(),
                pl.col("candidates").first(),
                pl.len().alias("rows"),
            )
        )

    def decisions(self, *, mechanical_only: bool = False) -> LinkDecisions:
        """Accept near-miss suggestions (ambiguous and orphan links stay undecided).

        ``mechanical_only`` keeps to spacing, case, punctuation and accents; legal-form and
        typo differences are then left for a person.
        """
        near = self.unresolved.filter(pl.col("status") == "near_miss")
        if mechanical_only:
            near = near.filter(pl.col("kind").is_in(MECHANICAL))
        return LinkDecisions(
            {
                str(v): LinkDecision("accept", str(s))
                for v, s in near.select("value", "suggestion").iter_rows()
            }
        )


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


def check_links(
    people: pl.DataFrame,
    orgs: pl.DataFrame,
    *,
    on: str = "belongs_to",
    key: str = "organization_name",
    columns: Mapping[str, str] | None = None,
) -> Links:
    """Check every person's ``on`` names against the organisations' ``key`` names."""
    for frame, col, what in ((people, on, "people"), (orgs, key, "organisations")):
        if col not in frame.columns:
            raise ClientmigError(f"the {what} have no column {col!r}")
    people = lineage.ensure_lineage(people)
    orgs = lineage.ensure_lineage(orgs)
    names = orgs.select(pl.col(key).alias("name")).drop_nulls()
    counts = names.group_by("name").len()
    dup_names = tuple(sorted(counts.filter(pl.col("len") > 1)["name"].to_list()))

    cells = people.select(*lineage.LINEAGE, pl.col(on).alias("value"))
    several = pl.col("value").str.contains(MULTI_SEP, literal=True)
    # Only cells naming several organisations are split (lists are costly on a million rows).
    exploded = pl.concat(
        [
            cells.filter(~several),
            cells.filter(several)
            .with_columns(pl.col("value").str.split(MULTI_SEP))
            .explode("value"),
        ]
    ).filter(pl.col("value").is_not_null() & (pl.col("value") != ""))
    # Exact names are settled by one membership test over the rows; only the rest is judged.
    known = counts["name"].implode()
    exact_rows = exploded.filter(pl.col("value").is_in(known))
    other_rows = exploded.filter(~pl.col("value").is_in(known))
    judged = _judge(other_rows["value"], counts["name"])
    links = pl.concat(
        [
            exact_rows.with_columns(
                pl.lit("exact").alias("status"),
                *(pl.lit(None, t).alias(c) for c, t in list(_JUDGED.items())[2:]),
            ),
            other_rows.join(judged, on="value", how="left"),
        ]
    )

    issues = [
        _link_issues(links, on, columns or {}),
        _duplicate_issues(orgs, key, dup_names, columns or {}),
    ]
    return Links(links, concat_issues(issues), dup_names)


_JUDGED = {
    "value": pl.String,
    "status": pl.String,
    "suggestion": pl.String,
    "kind": pl.String,
    "score": pl.Float64,
    "candidates": pl.String,
}


def _judge(values: pl.Series, names: pl.Series) -> pl.DataFrame:
    """Status, suggestion, kind, score and candidates for each distinct Belongs To value that
    names no organisation exactly (``names``: the distinct organisation names).

    Match-key equality is a join; RapidFuzz runs only on the leftovers, against the
    organisations whose key starts with the same two characters.
    """
    keyed = (
        names.rename("name")
        .to_frame()
        .with_columns(org_name.match_key_expr(pl.col("name")).alias("key"))
    )
    rest = (
        values.unique()
        .rename("value")
        .to_frame()
        .with_columns(org_name.match_key_expr(pl.col("value")).alias("key"))
    )
    by_key = keyed.group_by("key").agg(pl.col("name").sort().alias("names"), pl.len().alias("n"))
    hit = rest.join(by_key, on="key", how="left")
    near = hit.filter(pl.col("n") == 1).select(
        "value",
        pl.lit("near_miss").alias("status"),
        pl.col("names").list.first().alias("suggestion"),
        org_name.difference_kind_expr(
            pl.col("value"), pl.col("names").list.first(), same_key=True
        ).alias("kind"),
        pl.lit(100.0).alias("score"),
        pl.lit(None, pl.String).alias("candidates"),
    )
    ambiguous = hit.filter(pl.col("n") > 1).select(
        "value",
        pl.lit("ambiguous").alias("status"),
        pl.lit(None, pl.String).alias("suggestion"),
        pl.lit(None, pl.String).alias("kind"),
        pl.lit(100.0).alias("score"),
        pl.col("names").list.join(" | ").alias("candidates"),
    )
    leftovers = hit.filter(pl.col("n").is_null()).select("value", "key")
    fuzzy = _fuzzy(leftovers, by_key)
    return pl.concat([near, ambiguous, fuzzy], how="vertical").cast(_JUDGED)  # type: ignore[arg-type]


def _fuzzy(leftovers: pl.DataFrame, by_key: pl.DataFrame) -> pl.DataFrame:
    """Typos: the best organisation key by RapidFuzz ratio within the same two-letter block."""
    if leftovers.is_empty():
        return pl.DataFrame(schema=_JUDGED)
    prefixes = leftovers.select(pl.col("key").str.slice(0, 2).unique()).to_series()
    needed = by_key.filter(pl.col("key").str.slice(0, 2).is_in(prefixes.implode()))
    blocks: dict[str, list[str]] = {}
    names: dict[str, list[str]] = {}
    for key, group in needed.select("key", "names").iter_rows():
        blocks.setdefault(key[:2], []).append(key)
        names[key] = group
    rows: list[dict[str, object]] = []
    for value, key in leftovers.iter_rows():
        row: dict[str, object] = {"value": value, "status": "orphan"}
        choices = blocks.get((key or "")[:2], [])
        best = process.extract(key, choices, scorer=fuzz.ratio, limit=2) if key else []
        if best and best[0][1] >= TYPO_SCORE:
            tied = len(best) > 1 and best[1][1] >= best[0][1] - TIE_MARGIN
            cands = [n for b in best for n in names[b[0]]]
            if tied or len(names[best[0][0]]) > 1:
                row.update(status="ambiguous", candidates=" | ".join(cands), score=best[0][1])
            else:
                row.update(
                    status="near_miss",
                    suggestion=names[best[0][0]][0],
                    kind="typo",
                    score=round(float(best[0][1]), 1),
                )
        rows.append(row)
    return pl.DataFrame(rows, schema=_JUDGED) if rows else pl.DataFrame(schema=_JUDGED)


def _link_issues(links: pl.DataFrame, on: str, columns: Mapping[str, str]) -> pl.DataFrame:
    bad = links.filter(pl.col("status") != "exact")
    if bad.is_empty():
        return empty_issues()
    code = pl.concat_str(pl.lit("link."), pl.col("status"))
    message = pl.col("status").replace_strict(
        {
            "near_miss": _MESSAGES["link.near_miss"][1],
            "ambiguous": _MESSAGES["link.ambiguous"][1],
            "orphan": _MESSAGES["link.orphan"][1],
        },
        return_dtype=pl.String,
    )
    mechanical = (
        "Belongs To differs from an organisation's exact name only by {kind}; "
        "it is linked to the exact name."
    )
    message = pl.when(pl.col("kind").is_in(MECHANICAL)).then(pl.lit(mechanical)).otherwise(message)
    message = (
        pl.when(pl.col("kind").is_not_null())
        .then(message.str.replace("{kind}", pl.col("kind").str.replace("_", " "), literal=True))
        .otherwise(message.str.replace(" ({kind})", "", literal=True))
    )
    return conform(
        bad.select(
            *lineage.location_exprs(),
            pl.lit(columns.get(on, on)).alias("column"),
            pl.lit(on).alias("field"),
            code.alias("code"),
            pl.lit("warning").alias("severity"),
            message.alias("message"),
            pl.col("value"),
            pl.coalesce("suggestion", "candidates").alias("suggestion"),
        )
    )


def _duplicate_issues(
    orgs: pl.DataFrame, key: str, names: tuple[str, ...], columns: Mapping[str, str]
) -> pl.DataFrame:
    if not names:
        return empty_issues()
    hit = orgs.filter(pl.col(key).is_in(list(names)))
    severity, message = _MESSAGES["link.org_not_unique"]
    return conform(
        hit.select(
            *lineage.location_exprs(),
            pl.lit(columns.get(key, key)).alias("column"),
            pl.lit(key).alias("field"),
            pl.lit("link.org_not_unique").alias("code"),
            pl.lit(severity).alias("severity"),
            pl.lit(message).alias("message"),
            pl.col(key).alias("value"),
        )
    )


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
        f"link decision for {value!r} matches no Belongs To value any more"
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
