"""Matching incoming rows to existing rows: exact keys by Polars joins, then fuzzy names.

Rows are referred to by their position (``__in`` in the incoming frame, ``__ex`` in the existing
one). Every stage only sees rows that no earlier stage matched, and every stage is one-to-one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import polars as pl
from rapidfuzz import fuzz, process

from clientmig.keys import (
    identifier_key_expr,
    organization_key_expr,
    person_key_expr,
)

IN = "__in"
EX = "__ex"
NAME = "name"
FUZZY = "fuzzy"
# Keys that identify a record by themselves; other keys must not contradict these.
IDENTIFIERS = ("client_id", "national_id", "company_id")
# Fields that, when both sides hold different values, veto a match on a weaker key.
VETO_FIELDS = ("national_id", "company_id")
PAIRS_SCHEMA = pl.Schema(
    {IN: pl.UInt32, EX: pl.UInt32, "matched_on": pl.String, "score": pl.Float64}
)
AMBIGUOUS_SCHEMA = pl.Schema(
    {
        "key": pl.String,
        "value": pl.String,
        "incoming_count": pl.UInt32,
        "existing_count": pl.UInt32,
        "reason": pl.String,
    }
)
_NAME_FIELDS = ("record_type", "first_name", "last_name", "full_name", "organization_name")
_CELLS_PER_CHUNK = 4_000_000


@dataclass(frozen=True, slots=True)
class Matches:
    """Matched pairs (``__in, __ex, matched_on, score``) and the key values left unused."""

    pairs: pl.DataFrame
    ambiguous: pl.DataFrame


def _text(column: str, schema: pl.Schema) -> pl.Expr:
    """The column as stripped text, empty as null; a missing column is all null."""
    if column not in schema:
        return pl.lit(None, pl.String)
    value = pl.col(column).cast(pl.String).str.strip_chars()
    return pl.when(value != "").then(value)


def _nonempty(expr: pl.Expr) -> pl.Expr:
    return pl.when(expr != "").then(expr)


def _name_keys(frame: pl.DataFrame, index: str) -> pl.DataFrame:
    """Internal name key ``v``: ``p|<person key>`` or ``o|<organisation key>``; null if nameless.

    The kind comes from ``record_type`` when it says person or organisation, else a row with a
    first or last name is a person. A person without first and last names falls back on
    ``full_name``; an organisation without ``organization_name`` likewise. Built in stages so
    that every intermediate column is computed once.
    """
    schema = frame.schema
    texts = frame.select(
        index,
        _text("record_type", schema).str.to_lowercase().alias("type"),
        _text("first_name", schema).alias("first"),
        _text("last_name", schema).alias("last"),
        _text("full_name", schema).alias("full"),
        _text("organization_name", schema).alias("org"),
    )
    person_text = pl.concat_str("first", "last", separator=" ", ignore_nulls=True)
    texts = texts.with_columns(
        pl.coalesce(_nonempty(person_text), "full").alias("person"),
        pl.coalesce("org", "full").alias("org"),
    )
    is_org = (
        pl.when(pl.col("type").str.starts_with("org"))
        .then(True)
        .when(pl.col("type").str.starts_with("per"))
        .then(False)
        .otherwise(
            pl.col("first").is_null() & pl.col("last").is_null() & pl.col("org").is_not_null()
        )
    )
    keyed = texts.select(
        index,
        is_org.alias("is_org"),
        person_key_expr("person").alias("person"),
        organization_key_expr("org").alias("org"),
    )
    person, org = _nonempty(pl.col("person")), _nonempty(pl.col("org"))
    return keyed.select(
        index, pl.when("is_org").then("o|" + org).otherwise("p|" + person).alias("v")
    )


def has_name(schema: pl.Schema) -> bool:
    """Return whether the frame has any column a name key is built from."""
    return any(c in schema for c in _NAME_FIELDS[1:])


def key_values(frame: pl.DataFrame, index: str, key: str) -> pl.DataFrame:
    """``index, v``: the normalised value of ``key`` (null when empty).

    E-mail addresses are compared case-insensitively, identifiers without separators, the
    ``"name"`` key through :func:`_name_keys`; any other column stripped.
    """
    if key == NAME:
        return _name_keys(frame, index)
    values = frame.select(index, _text(key, frame.schema).alias("v"))
    if key.startswith("email"):
        return values.with_columns(pl.col("v").str.to_lowercase())
    if key in IDENTIFIERS:
        return values.with_columns(identifier_key_expr("v")).with_columns(_nonempty(pl.col("v")))
    return values


def key_available(key: str, incoming: pl.Schema, existing: pl.Schema) -> bool:
    """Return whether both frames carry what ``key`` needs."""
    if key == NAME:
        return has_name(incoming) and has_name(existing)
    return key in incoming and key in existing


def _display(key: str, value: pl.Expr) -> pl.Expr:
    """The key value as reported: name keys without their internal kind prefix."""
    return value.str.slice(2) if key in (NAME, FUZZY) else value


def exact_stage(incoming: pl.DataFrame, existing: pl.DataFrame, key: str) -> Matches:
    """Match rows whose ``key`` value occurs exactly once on each side."""
    # Grouped and joined on a 64-bit hash (much faster than strings), then checked for equality:
    # a collision can only make a value look not unique, never pair two different values.
    hashed = pl.col("v").hash().alias("h")
    left = key_values(incoming, IN, key).drop_nulls("v").with_columns(hashed)
    right = key_values(existing, EX, key).drop_nulls("v").with_columns(hashed)
    counts_in = left.group_by("h").agg(pl.len().alias("n_in"), pl.col(IN, "v").first())
    counts_ex = right.group_by("h").agg(
        pl.len().alias("n_ex"), pl.col(EX).first(), pl.col("v").first().alias("v_ex")
    )
    both = counts_in.join(counts_ex, on="h", how="inner").filter(pl.col("v") == pl.col("v_ex"))
    unique = (pl.col("n_in") == 1) & (pl.col("n_ex") == 1)
    pairs = both.filter(unique).select(
        IN, EX, pl.lit(key).alias("matched_on"), pl.lit(100.0).alias("score")
    )
    ambiguous = both.filter(~unique).select(
        pl.lit(key).alias("key"),
        _display(key, pl.col("v")).alias("value"),
        pl.col("n_in").cast(pl.UInt32).alias("incoming_count"),
        pl.col("n_ex").cast(pl.UInt32).alias("existing_count"),
        pl.lit("not unique").alias("reason"),
    )
    return Matches(pairs, ambiguous)


def _side_values(
    frame: pl.DataFrame, index: str, rows: pl.Series, key: str, name: str
) -> pl.DataFrame:
    """``key_values`` of the given rows only, its value column renamed ``name``."""
    subset = frame.filter(pl.col(index).is_in(rows.implode()))
    return key_values(subset, index, key).rename({"v": name})


def veto(matches: Matches, incoming: pl.DataFrame, existing: pl.DataFrame, key: str) -> Matches:
    """Drop pairs on a weak key whose national or company IDs are both present and differ."""
    fields = [f for f in VETO_FIELDS if f in incoming.schema and f in existing.schema]
    if key in IDENTIFIERS or not fields or matches.pairs.is_empty():
        return matches
    pairs = matches.pairs
    joined = pairs
    for f in fields:
        joined = joined.join(
            _side_values(incoming, IN, pairs[IN], f, f"in_{f}"), on=IN, how="left"
        ).join(_side_values(existing, EX, pairs[EX], f, f"ex_{f}"), on=EX, how="left")
    conflict = pl.any_horizontal(
        (pl.col(f"in_{f}") != pl.col(f"ex_{f}")).fill_null(False) for f in fields
    )
    flagged = joined.with_columns(conflict.alias("conflict"))
    rejected_rows = flagged.filter("conflict")
    values = _side_values(incoming, IN, rejected_rows[IN], NAME if key == FUZZY else key, "v")
    rejected = rejected_rows.join(values, on=IN, how="left").select(
        pl.lit(key).alias("key"),
        _display(key, pl.col("v")).alias("value"),
        pl.lit(1, pl.UInt32).alias("incoming_count"),
        pl.lit(1, pl.UInt32).alias("existing_count"),
        pl.lit("identifiers differ").alias("reason"),
    )
    kept = flagged.filter(~pl.col("conflict")).select(pairs.columns)
    return Matches(kept, pl.concat([matches.ambiguous, rejected]))


def _leftover_names(frame: pl.DataFrame, index: str) -> pl.DataFrame:
    """Rows with a name key unique among the leftovers: index, kind, name, block keys."""
    postcodes = frame.select(
        index, _text("postcode", frame.schema).str.to_uppercase().alias("postcode")
    )
    keyed = key_values(frame, index, NAME).join(postcodes, on=index).drop_nulls("v")
    return keyed.filter(pl.len().over("v") == 1).with_columns(
        pl.col("v").str.slice(0, 1).alias("kind"),
        pl.col("v").str.slice(2).alias("name"),
        pl.col("v").str.slice(2).str.split(" ").list.sort().list.join(" ").alias("sorted"),
    )


def _blocks(names: pl.DataFrame) -> pl.DataFrame:
    """One row per (block, member): first letter of the name, and postcode, per kind."""
    letter = names.select(pl.col("kind") + ":" + pl.col("name").str.slice(0, 1), "sorted", "idx")
    postcode = names.drop_nulls("postcode").select(
        pl.col("kind") + "#" + pl.col("postcode"), "sorted", "idx"
    )
    return pl.concat([letter.rename({"kind": "block"}), postcode.rename({"kind": "block"})])


def _score_block(left: list[str], right: list[str], threshold: float) -> np.ndarray:
    """Return ``(i, j, score)`` rows for the pairs of one block scoring at least ``threshold``."""
    found: list[np.ndarray] = []
    step = max(1, _CELLS_PER_CHUNK // max(1, len(right)))
    for start in range(0, len(left), step):
        scores = process.cdist(
            left[start : start + step],
            right,
            scorer=fuzz.ratio,  # on token-sorted names: token_sort_ratio, SIMD-fast
            score_cutoff=threshold,
            dtype=np.float32,
            workers=-1,
        )
        rows, cols = np.nonzero(scores >= threshold)
        found.append(np.column_stack([rows + start, cols, scores[rows, cols]]))
    return np.concatenate(found) if found else np.empty((0, 3))


def _candidates(left: pl.DataFrame, right: pl.DataFrame, threshold: float) -> pl.DataFrame:
    """Scored candidate pairs ``IN, EX, score`` over every shared block."""
    blocks_in = _blocks(left.rename({IN: "idx"})).group_by("block").agg("sorted", "idx")
    blocks_ex = _blocks(right.rename({EX: "idx"})).group_by("block").agg("sorted", "idx")
    shared = blocks_in.join(blocks_ex, on="block", how="inner", suffix="_ex")
    parts: list[pl.DataFrame] = []
    for _, names_in, idx_in, names_ex, idx_ex in shared.iter_rows():
        hits = _score_block(names_in, names_ex, threshold)
        if len(hits) == 0:
            continue
        i, j = hits[:, 0].astype(np.int64), hits[:, 1].astype(np.int64)
        parts.append(
            pl.DataFrame(
                {
                    IN: np.asarray(idx_in, dtype=np.uint32)[i],
                    EX: np.asarray(idx_ex, dtype=np.uint32)[j],
                    "score": hits[:, 2].astype(np.float64),
                }
            )
        )
    schema = {IN: pl.UInt32, EX: pl.UInt32, "score": pl.Float64}
    if not parts:
        return pl.DataFrame(schema=schema)
    return pl.concat(parts).unique([IN, EX])


def fuzzy_stage(incoming: pl.DataFrame, existing: pl.DataFrame, *, threshold: float) -> Matches:
    """Pair leftover names by RapidFuzz ``token_sort_ratio``: best mutual match, ties left."""
    left, right = _leftover_names(incoming, IN), _leftover_names(existing, EX)
    same_kind = left.select(IN, "kind").rename({"kind": "kind_in"})
    candidates = (
        _candidates(left, right, threshold)
        .join(same_kind, on=IN)
        .join(right.select(EX, "kind"), on=EX)
        .filter(pl.col("kind_in") == pl.col("kind"))
    )
    best_in = pl.col("score") == pl.col("score").max().over(IN)
    best_ex = pl.col("score") == pl.col("score").max().over(EX)
    ranked = candidates.with_columns(
        best_in.alias("best_in"),
        best_ex.alias("best_ex"),
        best_in.sum().over(IN).alias("tops_in"),
        best_ex.sum().over(EX).alias("tops_ex"),
    )
    mutual = pl.col("best_in") & pl.col("best_ex")
    unique = (pl.col("tops_in") == 1) & (pl.col("tops_ex") == 1)
    pairs = ranked.filter(mutual & unique).select(
        IN, EX, pl.lit(FUZZY).alias("matched_on"), "score"
    )
    ties = (
        ranked.filter(mutual & ~unique)
        .join(left.select(IN, "v"), on=IN)
        .group_by("v")
        .agg(pl.col("tops_in").max(), pl.col("tops_ex").max())
        .select(
            pl.lit(FUZZY).alias("key"),
            _display(FUZZY, pl.col("v")).alias("value"),
            pl.col("tops_in").cast(pl.UInt32).alias("incoming_count"),
            pl.col("tops_ex").cast(pl.UInt32).alias("existing_count"),
            pl.lit("tie").alias("reason"),
        )
    )
    return Matches(pairs, ties)


def _unmatched(frame: pl.DataFrame, index: str, taken: pl.Series) -> pl.DataFrame:
    return frame if taken.is_empty() else frame.filter(~pl.col(index).is_in(taken.implode()))


def match(
    incoming: pl.DataFrame,
    existing: pl.DataFrame,
    keys: Iterable[str],
    *,
    fuzzy: bool,
    threshold: float,
) -> Matches:
    """Run every exact key in order on the rows still unmatched, then the fuzzy stage."""
    pairs = [pl.DataFrame(schema=PAIRS_SCHEMA)]
    ambiguous = [pl.DataFrame(schema=AMBIGUOUS_SCHEMA)]
    stages = [k for k in keys if key_available(k, incoming.schema, existing.schema)]
    if fuzzy and key_available(NAME, incoming.schema, existing.schema):
        stages.append(FUZZY)
    taken_in = pl.Series(IN, [], pl.UInt32)
    taken_ex = pl.Series(EX, [], pl.UInt32)
    for key in stages:
        pool_in = _unmatched(incoming, IN, taken_in)
        pool_ex = _unmatched(existing, EX, taken_ex)
        if pool_in.is_empty() or pool_ex.is_empty():
            break
        if key == FUZZY:
            found = fuzzy_stage(pool_in, pool_ex, threshold=threshold)
        else:
            found = exact_stage(pool_in, pool_ex, key)
        found = veto(found, pool_in, pool_ex, key)
        pairs.append(found.pairs.cast(PAIRS_SCHEMA))
        ambiguous.append(found.ambiguous.cast(AMBIGUOUS_SCHEMA))
        taken_in = pl.concat([taken_in, found.pairs[IN]])
        taken_ex = pl.concat([taken_ex, found.pairs[EX]])
    return Matches(pl.concat(pairs).sort(IN), pl.concat(ambiguous))
