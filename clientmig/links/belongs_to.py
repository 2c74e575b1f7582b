"""Exact-match "belongs to" links from people to organisations, with near-miss suggestions.

Karbon links a person to an organisation only when Belongs To equals the organisation's name
exactly. :func:`check_links` finds, for every name a person belongs to:

* ``exact``: an organisation has exactly this name;
* ``near_miss``: it differs only by spacing or NBSP, case, punctuation, accents, a legal form
  (``Acme BV`` / ``ACME B.V.`` / ``Acme``), word order or a typo: the exact name is the
  suggestion, ``certain`` when exactly one organisation has the same
  :func:`clientmig.keys.organization_key`;
* ``ambiguous``: several organisations fit equally well: left for a person;
* ``orphan``: no such organisation: create it, or leave the link blank.

Organisation names that are not unique are errors (an exact-match key must be unique). Fuzzy
matching runs on the distinct leftover names only, against the organisations only.

:func:`link_issues` is the one call for validation: people and organisations in two frames, or
one flat table that mixes them (checked against its own organisations), plus the blanks that
merged cells left in the link column (the value above is the certain fill-down).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import polars as pl
from rapidfuzz import process
from rapidfuzz.distance import OSA

from clientmig import keys, lineage
from clientmig.cleaning.derive import record_type_expr
from clientmig.errors import ClientmigError
from clientmig.issues import concat_issues, conform, empty_issues
from clientmig.target_schemas import MULTI_SEP

# Differences a person would never mean: the main job links these to the exact name itself.
MECHANICAL = ("whitespace", "case", "punctuation", "accents")
# Above this many distinct leftovers x organisation keys, typos are looked for only among the
# organisations whose key starts with the same two characters.
FULL_SCAN_PAIRS = 20_000_000
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
    "link.merged_blank": (
        "warning",
        "This Belongs To is empty because it was a merged cell; the value above is meant.",
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
                pl.col("certain").first(),
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
    "certain": pl.Boolean,
}


def _judge(values: pl.Series, names: pl.Series) -> pl.DataFrame:
    """Status, suggestion, kind, score, candidates and certainty for each distinct Belongs To
    value that names no organisation exactly (``names``: the distinct organisation names).

    The value is compared with the names at each of :data:`clientmig.keys.LEVELS` in turn
    (whitespace, case, punctuation, accents, then the organisation key): the first level at
    which some organisation matches decides, a near miss (certain) when exactly one does, else
    ambiguous. Then word order; RapidFuzz runs only on what is left.
    """
    rest = values.unique().rename("value").to_frame()
    orgs = names.rename("name").to_frame()
    decided: list[pl.DataFrame] = []
    for level in keys.LEVELS:
        if rest.is_empty():
            break
        key = keys.level_key_expr(pl.col("value"), level).alias("key")
        by_key = (
            orgs.with_columns(keys.level_key_expr(pl.col("name"), level).alias("key"))
            .group_by("key")
            .agg(pl.col("name").sort().alias("names"), pl.len().alias("n"))
        )
        hit = rest.with_columns(key).join(by_key, on="key", how="left")
        decided.append(
            hit.filter(pl.col("n").is_not_null()).select(
                "value",
                pl.when(pl.col("n") == 1)
                .then(pl.lit("near_miss"))
                .otherwise(pl.lit("ambiguous"))
                .alias("status"),
                pl.when(pl.col("n") == 1).then(pl.col("names").list.first()).alias("suggestion"),
                pl.when(pl.col("n") == 1).then(pl.lit(level)).alias("kind"),
                pl.lit(100.0).alias("score"),
                pl.when(pl.col("n") > 1).then(pl.col("names").list.join(" | ")).alias("candidates"),
                (pl.col("n") == 1).alias("certain"),
            )
        )
        rest = hit.filter(pl.col("n").is_null()).select("value")
    keyed = orgs.with_columns(_key("name"))
    leftovers = rest.with_columns(_key("value"))
    by_org_key = keyed.group_by("key").agg(pl.col("name").sort().alias("names"))
    reordered, leftovers = _word_order(leftovers, keyed)
    fuzzy = _fuzzy(leftovers, by_org_key)
    return pl.concat([*decided, reordered, fuzzy], how="vertical_relaxed").cast(_JUDGED)  # type: ignore[arg-type]


def _key(column: str) -> pl.Expr:
    return keys.organization_key_expr(pl.col(column)).alias("key")


def _word_order(leftovers: pl.DataFrame, keyed: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Leftovers whose key has an organisation's words in another order (``Jans Bakkerij``):
    a near miss when one organisation fits, never certain; and the rest."""
    words = keys.sorted_words_expr(pl.col("key")).alias("words")
    by_words = (
        keyed.with_columns(words)
        .group_by("words")
        .agg(pl.col("name").sort().alias("names"), pl.len().alias("n"))
    )
    hit = leftovers.with_columns(words).join(by_words, on="words", how="left")
    found = hit.filter(pl.col("n") == 1).select(
        "value",
        pl.lit("near_miss").alias("status"),
        pl.col("names").list.first().alias("suggestion"),
        pl.lit("word_order").alias("kind"),
        pl.lit(100.0).alias("score"),
        pl.lit(None, pl.String).alias("candidates"),
        pl.lit(False).alias("certain"),
    )
    return found, hit.filter(pl.col("n").is_null() | (pl.col("n") > 1)).select("value", "key")


def typo_edits(length: int) -> int:
    """Edits (insert, delete, substitute, swap neighbours) a key of this length may differ by
    and still be read as a typo: none under 4 characters, then 1, 2 from 8 and 3 from 16."""
    return 0 if length < 4 else 1 if length < 8 else 2 if length < 16 else 3


def _fuzzy(leftovers: pl.DataFrame, by_key: pl.DataFrame) -> pl.DataFrame:
    """Typos: the organisation key fewest edits away (optimal string alignment), within
    :func:`typo_edits`; a tie is ambiguous. Never certain."""
    if leftovers.is_empty():
        return pl.DataFrame(schema=_JUDGED)
    names: dict[str, list[str]] = dict(by_key.select("key", "names").iter_rows())
    everything = [k for k in names if k]
    full = len(everything) * leftovers.height <= FULL_SCAN_PAIRS
    blocks: dict[str, list[str]] = {}
    if not full:
        for key in everything:
            blocks.setdefault(key[:2], []).append(key)
    rows: list[dict[str, object]] = []
    for value, key in leftovers.iter_rows():
        row: dict[str, object] = {"value": value, "status": "orphan", "certain": False}
        limit = typo_edits(len(key or ""))
        choices = everything if full else blocks.get((key or "")[:2], [])
        best = (
            process.extract(key, choices, scorer=OSA.distance, score_cutoff=limit, limit=None)
            if limit
            else []
        )
        if best:
            fewest = min(d for _, d, _ in best)
            closest = sorted(k for k, d, _ in best if d == fewest)
            cands = _same_form([n for k in closest for n in names[k]], value)
            score = round(100.0 * (1 - fewest / max(len(key), 1)), 1)
            if len(cands) > 1:
                row.update(status="ambiguous", candidates=" | ".join(cands), score=score)
            else:
                row.update(status="near_miss", suggestion=cands[0], kind="typo", score=score)
        rows.append(row)
    return pl.DataFrame(rows, schema=_JUDGED)


def _same_form(names: list[str], value: str) -> list[str]:
    """Of several organisations a typo is equally close to, those with the value's own legal
    form (``Brasserie Atlass BV`` -> ``Brasserie Atlas BV``, not ``... CommV``), if any."""
    form = keys.legal_form(value)
    if len(names) < 2 or form is None:
        return names
    same = [n for n in names if keys.legal_form(n) == form]
    return same or names


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
    likely = (
        "Belongs To looks like an organisation's exact name with a {kind}; "
        "check the suggestion before accepting it."
    )
    message = (
        pl.when(pl.col("kind").is_in(MECHANICAL))
        .then(pl.lit(mechanical))
        .when(pl.col("kind").is_in(["typo", "word_order"]))
        .then(pl.lit(likely))
        .otherwise(message)
    )
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


# ------------------------------------------------------------------ one table or two


def organisation_rows(frame: pl.DataFrame) -> pl.Expr:
    """Which rows of a table are organisations: its type column's words, a legal form in the
    name, or no person name beside an organisation name (derive's ``record_type_expr``)."""
    return record_type_expr(frame) == "organization"


def _organisation_names(frame: pl.DataFrame, key: str) -> pl.Expr:
    """An organisation row's name: its organisation name, else its full name or surname."""
    names = [c for c in (key, "full_name", "last_name") if c in frame.columns]
    return pl.coalesce([pl.col(c) for c in names] or [pl.lit(None, pl.String)])


def split_table(
    frame: pl.DataFrame, *, on: str = "belongs_to", key: str = "organization_name"
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A flat table's people (with their ``on`` link: the column, else their ``key`` company)
    and its organisations (with their name in ``key``), lineage kept on both."""
    frame = lineage.ensure_lineage(frame)
    is_org = organisation_rows(frame)
    link = pl.coalesce(_column_or_null(frame, on), _column_or_null(frame, key))
    people = frame.filter(~is_org).select(*lineage.LINEAGE, link.alias(on))
    orgs = frame.filter(is_org).select(*lineage.LINEAGE, _organisation_names(frame, key).alias(key))
    return people, orgs.filter(pl.col(key).is_not_null())


def _column_or_null(frame: pl.DataFrame, name: str) -> pl.Expr:
    return pl.col(name) if name in frame.columns else pl.lit(None, pl.String)


def check_table_links(
    people: pl.DataFrame,
    organisations: pl.DataFrame | None = None,
    *,
    on: str = "belongs_to",
    key: str = "organization_name",
    columns: Mapping[str, str] | None = None,
    merged: pl.DataFrame | None = None,
) -> Links:
    """:func:`check_links` for one flat table or two: the people's table is split into its
    people and its own organisations (:func:`split_table`), which join ``organisations``; and
    the link blanks that ``merged`` (read's ``read.merged_cell`` issues) marks are reported with
    the value above as their fill-down.
    """
    if on not in people.columns and key not in people.columns:
        raise ClientmigError(f"the people have no column {on!r} or {key!r}")
    persons, own = split_table(people, on=on, key=key)
    orgs = [own]
    if organisations is not None:
        if key not in organisations.columns:
            raise ClientmigError(f"the organisations have no column {key!r}")
        given = lineage.ensure_lineage(organisations)
        if _looks_flat(given):
            given = split_table(given, on=on, key=key)[1]
        orgs.append(given.select(*lineage.LINEAGE, pl.col(key)))
    all_orgs = pl.concat(orgs, how="vertical_relaxed").unique(
        subset=[*lineage.LINEAGE], keep="first", maintain_order=True
    )
    if organisations is None and all_orgs.is_empty():
        # A list of people only (a company column, no organisation rows): nothing to link to.
        persons = persons.clear()
    found = check_links(persons, all_orgs, on=on, key=key, columns=columns)
    issues = found.issues
    if organisations is None and not _links_to_own(found.links):
        # The table's few organisations explain few of its links: a free-text company column
        # (a contact list), where a name the table lacks is no broken link.
        issues = issues.filter(pl.col("code") != "link.orphan")
    blanks = merged_blank_issues(people, merged, on=on, columns=columns or {})
    return Links(found.links, concat_issues([issues, blanks]), found.duplicate_names)


# A flat table's orphans are reported when its own organisations explain at least this share
# of the distinct names its people belong to (exactly, or as a near miss or ambiguous name).
OWN_LINK_SHARE = 0.5


def _links_to_own(links: pl.DataFrame) -> bool:
    """Whether the people's links point at the table's own organisations (see OWN_LINK_SHARE)."""
    distinct = links.group_by("value").agg(pl.col("status").first())
    if distinct.is_empty():
        return False
    explained = distinct.filter(pl.col("status") != "orphan").height
    return explained >= OWN_LINK_SHARE * distinct.height


def _looks_flat(frame: pl.DataFrame) -> bool:
    """An organisations table that holds people too (a type column or person names)."""
    return "record_type" in frame.columns or "first_name" in frame.columns


def link_issues(
    people: pl.DataFrame,
    organisations: pl.DataFrame | None = None,
    *,
    on: str = "belongs_to",
    key: str = "organization_name",
    columns: Mapping[str, str] | None = None,
    merged: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Issue rows for every belongs-to problem of a table (:func:`check_table_links`):
    ``link.near_miss`` (the exact organisation name as the suggestion), ``link.ambiguous``,
    ``link.orphan``, ``link.org_not_unique`` and ``link.merged_blank``."""
    return check_table_links(
        people, organisations, on=on, key=key, columns=columns, merged=merged
    ).issues


def merged_blank_issues(
    people: pl.DataFrame,
    merged: pl.DataFrame | None,
    *,
    on: str = "belongs_to",
    columns: Mapping[str, str],
) -> pl.DataFrame:
    """``link.merged_blank`` for each empty link cell that read found inside a vertically merged
    range (``merged``: issues with code ``read.merged_cell``), the value above as suggestion."""
    if merged is None or merged.is_empty() or on not in people.columns:
        return empty_issues()
    header = columns.get(on, on)
    cells = merged.filter(
        (pl.col("code") == "read.merged_cell") & (pl.col("column") == header)
    ).select(
        pl.col("source").alias(lineage.SOURCE),
        pl.col("sheet").alias(lineage.SHEET),
        pl.col("row").alias(lineage.ROW),
        pl.lit(True).alias("__merged"),
    )
    if cells.is_empty():
        return empty_issues()
    frame = lineage.ensure_lineage(people).select(*lineage.LINEAGE, pl.col(on).alias("value"))
    blank = pl.col("value").is_null() | (pl.col("value").str.strip_chars() == "")
    above = (
        frame.sort(lineage.SOURCE, lineage.SHEET, lineage.ROW, nulls_last=False)
        .with_columns(
            pl.when(~blank)
            .then(pl.col("value"))
            .forward_fill()
            .over(lineage.SOURCE, lineage.SHEET)
            .alias("above")
        )
        .join(cells, on=list(lineage.LINEAGE), how="inner", nulls_equal=True)
        .filter(blank & pl.col("above").is_not_null())
    )
    if above.is_empty():
        return empty_issues()
    severity, message = _MESSAGES["link.merged_blank"]
    return conform(
        above.select(
            *lineage.location_exprs(),
            pl.lit(header).alias("column"),
            pl.lit(on).alias("field"),
            pl.lit("link.merged_blank").alias("code"),
            pl.lit(severity).alias("severity"),
            pl.lit(message).alias("message"),
            pl.lit(None, pl.String).alias("value"),
            pl.col("above").alias("suggestion"),
        )
    )
