"""Blocking: the cheap keys that decide which record pairs are compared at all.

Several keys, each catching what another misses: exact identifiers (e-mail, phone, national or
company number), date of birth with an initial, phonetic name codes with nicknames folded into
their group and the two names sorted (so swapped names meet), name or postcode combinations,
the address, and a sorted-neighbourhood pass over the compact name. Candidate pairs are the
union over keys. A block with more records than ``max_block_size`` is skipped and reported.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from clientmig._polars import expr_via_distinct
from clientmig.dedupe import normalise as nz

SKIPPED_SCHEMA = pl.Schema({"key": pl.String, "value": pl.String, "records": pl.Int64})
PAIR_SCHEMA = pl.Schema({"left_index": pl.Int64, "right_index": pl.Int64})
# Keys on the name alone: a block of many same-sounding names is a crowd of namesakes, where
# contact details, birth dates and addresses (their own keys) find the duplicates; these blocks
# are capped at half ``max_block_size``.
NAME_KEYS = ("name_phonetic", "name_phonetic_raw")
_SEP = "|"


def _phonetic(values: pl.Series) -> pl.Series:
    codes = (
        values.rename("v")
        .to_frame()
        .select(expr_via_distinct(pl.col("v"), nz.phonetic_expr, pl.String))
    )
    return codes.select(pl.when(pl.col("v") != "").then(pl.col("v")))["v"]


def _concat(*parts: pl.Expr) -> pl.Expr:
    """Join key parts with a separator; null when any part is null."""
    return pl.concat_str(list(parts), separator=_SEP, ignore_nulls=False)


def _sorted_pair(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    return pl.when(a <= b).then(_concat(a, b)).otherwise(_concat(b, a))


def _person_features(prepared: pl.DataFrame) -> pl.DataFrame:
    """Per record (exploded over nickname groups): the name codes the person keys use."""
    columns = set(prepared.columns)
    feats = prepared.with_columns(idx=pl.int_range(pl.len(), dtype=pl.Int64))
    if "first_name" in columns:
        groups = nz.name_groups(prepared["first_name"]).rename({"name": "first_name"})
        feats = feats.join(groups, on="first_name", how="left", maintain_order="left")
        feats = feats.with_columns(
            first_ph=_phonetic(feats["first_name"]), group_ph=_phonetic(feats["group"])
        )
    if "last_name" in columns:
        feats = feats.with_columns(last_ph=_phonetic(feats["last_name"]))
    if "street" in columns:
        feats = feats.with_columns(
            house=pl.col("street").str.extract(r"(\d+)"),
            street_initial=pl.col("street").str.replace_all(r"[\d ]", "").str.slice(0, 1),
        )
    return feats


def _person_key_exprs(columns: set[str]) -> dict[str, pl.Expr]:
    keys: dict[str, pl.Expr] = {}
    for field in ("email", "phone", "national_id"):
        if field in columns:
            keys[field] = pl.col(field)
    if {"first_name", "last_name"} <= columns:
        keys["name_phonetic"] = _sorted_pair(pl.col("group_ph"), pl.col("last_ph"))
        keys["name_phonetic_raw"] = _sorted_pair(pl.col("first_ph"), pl.col("last_ph"))
    if "date_of_birth" in columns:
        if "first_name" in columns:
            keys["dob_first_initial"] = _concat(
                pl.col("date_of_birth"), pl.col("group").str.slice(0, 1)
            )
        if "last_name" in columns:
            keys["dob_last_initial"] = _concat(
                pl.col("date_of_birth"), pl.col("last_name").str.slice(0, 1)
            )
    for place in ("postcode", "city"):
        if place in columns:
            if "last_name" in columns:
                keys[f"last_{place}"] = _concat(pl.col("last_ph"), pl.col(place))
            if "first_name" in columns:
                keys[f"first_{place}"] = _concat(pl.col("group_ph"), pl.col(place))
    if {"street", "postcode"} <= columns:
        keys["address"] = _concat(pl.col("postcode"), pl.col("house"), pl.col("street_initial"))
    return keys


def _organization_features(prepared: pl.DataFrame) -> pl.DataFrame:
    feats = prepared.with_columns(idx=pl.int_range(pl.len(), dtype=pl.Int64))
    if "organization_name" in prepared.columns:
        tokens = pl.col("organization_name").str.split(" ")
        feats = feats.with_columns(
            token=tokens.list.eval(pl.element().filter(pl.element().str.len_chars() >= 3)),
            first_token=tokens.list.first(),
        ).explode("token")
        feats = feats.with_columns(first_ph=_phonetic(feats["first_token"]))
    if "street" in prepared.columns:
        feats = feats.with_columns(
            house=pl.col("street").str.extract(r"(\d+)"),
            street_initial=pl.col("street").str.replace_all(r"[\d ]", "").str.slice(0, 1),
        )
    return feats


def _organization_key_exprs(columns: set[str]) -> dict[str, pl.Expr]:
    keys: dict[str, pl.Expr] = {}
    for field in ("company_id", "email", "phone", "website"):
        if field in columns:
            keys[field] = pl.col(field)
    if "organization_name" in columns:
        keys["name"] = pl.col("organization_name")
        keys["name_token"] = pl.col("token")
        for place in ("postcode", "city"):
            if place in columns:
                keys[f"name_{place}"] = _concat(pl.col("first_ph"), pl.col(place))
    if {"street", "postcode"} <= columns:
        keys["address"] = _concat(pl.col("postcode"), pl.col("house"), pl.col("street_initial"))
    return keys


def block_keys(prepared: pl.DataFrame, entity: str) -> pl.DataFrame:
    """Long frame of ``idx, key, value``: every blocking key value of every record."""
    columns = set(prepared.columns)
    if entity == "person":
        feats, exprs = _person_features(prepared), _person_key_exprs(columns)
    else:
        feats, exprs = _organization_features(prepared), _organization_key_exprs(columns)
    parts = [
        feats.select("idx", pl.lit(name).alias("key"), expr.alias("value"))
        for name, expr in exprs.items()
    ]
    if not parts:
        return pl.DataFrame(schema={"idx": pl.Int64, "key": pl.String, "value": pl.String})
    return pl.concat(parts).drop_nulls("value").filter(pl.col("value") != "").unique()


def sorted_neighbourhood_keys(prepared: pl.DataFrame, entity: str) -> list[pl.Expr]:
    """Sort keys for the sorted-neighbourhood pass: compact names in both orders."""
    columns = set(prepared.columns)
    if entity == "person" and {"first_name", "last_name"} <= columns:
        first, last = pl.col("first_name"), pl.col("last_name")
        return [_concat(last, first), _concat(first, last)]
    if entity == "person" and "last_name" in columns:
        return [pl.col("last_name")]
    if entity == "organization" and "organization_name" in columns:
        return [pl.col("organization_name")]
    return []


def block_pairs(
    keys: pl.DataFrame, *, n_new: int, max_block_size: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Pairs of records sharing a key value, and the blocks skipped for being too large.

    Records ``0..n_new-1`` are new; later ones are existing and never paired with each other.
    """
    sizes = keys.group_by("key", "value").agg(records=pl.len().cast(pl.Int64))
    name_key = pl.col("key").is_in(NAME_KEYS)
    limit = pl.when(name_key).then(max_block_size // 2).otherwise(max_block_size)
    skipped = sizes.filter(pl.col("records") > limit).sort("records", descending=True)
    usable = (
        sizes.filter(pl.col("records").is_between(2, limit))
        .select("key", "value")
        .with_row_index("block")
    )
    # Join on an integer block id, not the key strings, so the pair frame stays small.
    members = keys.join(usable, on=["key", "value"]).select("block", "idx")
    left = members.filter(pl.col("idx") < n_new)
    pairs = (
        left.join(members, on="block", suffix="_r")
        .filter(pl.col("idx_r") > pl.col("idx"))
        .select(left_index="idx", right_index="idx_r")
        .unique()
    )
    return pairs, skipped.select(SKIPPED_SCHEMA.names()).cast(SKIPPED_SCHEMA)


def neighbourhood_pairs(
    prepared: pl.DataFrame, sort_keys: Sequence[pl.Expr], *, n_new: int, window: int
) -> pl.DataFrame:
    """Pairs of records within ``window`` of each other when sorted by each key."""
    parts = []
    for sort_key in sort_keys:
        order = (
            prepared.select(sort_key.alias("k"), idx=pl.int_range(pl.len(), dtype=pl.Int64))
            .drop_nulls("k")
            .sort("k", "idx")["idx"]
        )
        for offset in range(1, min(window, len(order))):
            a, b = order.slice(0, len(order) - offset), order.slice(offset)
            frame = pl.DataFrame({"a": a, "b": b})
            parts.append(
                frame.select(
                    left_index=pl.min_horizontal("a", "b"), right_index=pl.max_horizontal("a", "b")
                )
            )
    if not parts:
        return pl.DataFrame(schema=PAIR_SCHEMA)
    pairs = pl.concat(parts).filter(pl.col("left_index") < n_new)
    return pairs.unique()


def candidate_pairs(
    prepared: pl.DataFrame,
    entity: str,
    *,
    n_new: int,
    max_block_size: int,
    window: int,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Union of blocked and sorted-neighbourhood pairs (sorted), and the skipped blocks."""
    keys = block_keys(prepared, entity)
    blocked, skipped = block_pairs(keys, n_new=n_new, max_block_size=max_block_size)
    neighbours = neighbourhood_pairs(
        prepared, sorted_neighbourhood_keys(prepared, entity), n_new=n_new, window=window
    )
    pairs = pl.concat([blocked.cast(PAIR_SCHEMA), neighbours.cast(PAIR_SCHEMA)])
    return pairs.unique().sort("left_index", "right_index"), skipped
