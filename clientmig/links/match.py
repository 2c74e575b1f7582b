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

Validation's call, :func:`clientmig.links.link_issues`, lives in :mod:`clientmig.links.issues`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import polars as pl
from rapidfuzz import process
from rapidfuzz.distance import OSA

from clientmig import keys, lineage
from clientmig.errors import ClientmigError
from clientmig.issues import concat_issues, conform, empty_issues
from clientmig.links.decisions import LinkDecision, LinkDecisions
from clientmig.target_schemas import MULTI_SEP

# Differences a person would never mean: the main job links these to the exact name itself.
MECHANICAL = ("whitespace", "case", "punctuation", "accents", "its_legal_form")
# Above this many distinct leftovers x organisation keys, typos are looked for only among the
# organisations whose key starts with the same two characters.
FULL_SCAN_PAIRS = 20_000_000
Status = Literal["exact", "near_miss", "ambiguous", "orphan"]

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
    people = lineage.ensure_lineage(people).with_columns(pl.col(on).cast(pl.String))
    orgs = lineage.ensure_lineage(orgs).with_columns(pl.col(key).cast(pl.String))
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
    judged = _judge(other_rows["value"], counts["name"], _with_own_form(orgs, key))
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


def _with_own_form(orgs: pl.DataFrame, key: str) -> pl.DataFrame:
    """``alias, name``: each organisation's name with the legal form its own column gives
    (``Bakkerij Delta`` + ``BV``: ``Bakkerij Delta BV``), where the name carries none."""
    if "legal_form" not in orgs.columns:
        return pl.DataFrame(schema={"alias": pl.String, "name": pl.String})
    name, form = pl.col(key), pl.col("legal_form").cast(pl.String).str.strip_chars()
    given = keys.canonical_form_expr(form).is_not_null() & keys.legal_form_expr(name).is_null()
    return (
        orgs.filter(name.is_not_null() & given.fill_null(value=False))
        .select(pl.concat_str([name, pl.lit(" "), form]).alias("alias"), name.alias("name"))
        .unique()
    )


def _own_form(rest: pl.DataFrame, aliases: pl.DataFrame, names: pl.Series) -> pl.DataFrame:
    """Values that are one organisation's name with the legal form its own column gives, up to
    spacing, case, punctuation and accents: that organisation, certainly (an alias that is
    another organisation's name, or two organisations', decides nothing)."""
    if aliases.is_empty() or rest.is_empty():
        return pl.DataFrame(schema=_JUDGED)
    level = "accents"  # the most lenient of the mechanical levels
    taken = keys.level_key_expr(pl.col("name"), level)
    others = set(names.to_frame("name").select(taken)["name"].to_list())
    by_alias = (
        aliases.with_columns(keys.level_key_expr(pl.col("alias"), level).alias("key"))
        .filter(~pl.col("key").is_in(list(others)))
        .group_by("key")
        .agg(pl.col("name").unique().sort().alias("names"))
        .filter(pl.col("names").list.len() == 1)
    )
    hit = rest.with_columns(keys.level_key_expr(pl.col("value"), level).alias("key")).join(
        by_alias, on="key", how="inner"
    )
    return hit.select("value", *_near_miss("its_legal_form", certain=True))


def _near_miss(kind: str, *, certain: bool) -> list[pl.Expr]:
    """The judged columns of a near miss to the one organisation in ``names``."""
    return [
        pl.lit("near_miss").alias("status"),
        pl.col("names").list.first().alias("suggestion"),
        pl.lit(kind).alias("kind"),
        pl.lit(100.0).alias("score"),
        pl.lit(None, pl.String).alias("candidates"),
        pl.lit(certain).alias("certain"),
    ]


def _judge(values: pl.Series, names: pl.Series, aliases: pl.DataFrame) -> pl.DataFrame:
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
        if level == "legal_form":  # before legal forms are dropped: the one its column gives
            own = _own_form(rest, aliases, names)
            decided.append(own)
            rest = rest.join(own.select("value"), on="value", how="anti")
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
    found = hit.filter(pl.col("n") == 1).select("value", *_near_miss("word_order", certain=False))
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
        .then(message.str.replace("{kind}", pl.col("kind").str.replace_all("_", " "), literal=True))
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
