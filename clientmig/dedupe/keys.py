"""Blocking: the cheap keys that decide which record pairs are compared at all.

Several keys, each catching what another misses: exact identifiers (e-mail, phone, national or
company number), date of birth with an initial, phonetic name codes with nicknames folded into
their group and the two names sorted (so swapped names meet), name or postcode combinations,
the address, and a sorted-neighbourhood pass over the compact name. Candidate pairs are the
union over keys. A block with more records than ``max_block_size`` is not compared pair by pair
(quadratic): its members are sorted and each meets its next few neighbours; it is reported.
Pairs travel as one packed UInt64 each (``left << 32 | right``) until the end, so the union and
its de-duplication stay small and fast at a million records.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from clientmig._polars import expr_via_distinct
from clientmig.dedupe import normalise as nz

SKIPPED_SCHEMA = pl.Schema({"key": pl.String, "value": pl.String, "records": pl.Int64})
PAIR_SCHEMA = pl.Schema({"left_index": pl.Int64, "right_index": pl.Int64})
# Keys on the name alone: a block of many same-sounding names is a crowd of namesakes, where
# contact details, birth dates and addresses (their own keys) find the duplicates; these blocks
# are capped at half ``max_block_size``.
NAME_KEYS = ("name_phonetic", "name_phonetic_raw")
# Inside a block over its cap, each record meets the next CROWD_WINDOW - 1 records in
# :func:`fallback_order` (the sorted neighbourhood that replaces the block's all-pairs).
CROWD_WINDOW = 2
_SEP = "|"
# keys built from a feature with several rows per record (nickname groups, name tokens)
_EXPLODED_KEYS = frozenset(
    {"name_phonetic", "dob_first_initial", "first_postcode", "first_city", "name_token"}
)


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
    lazy = feats.lazy()
    # features are exploded over nickname groups (or name tokens): only the keys built from
    # those repeat a record's value; the others are read from one row per record
    single = lazy.filter(pl.col("idx").is_first_distinct())
    parts = []
    for name, expr in exprs.items():
        exploded = name in _EXPLODED_KEYS
        part = (
            (lazy if exploded else single)
            .select("idx", pl.lit(name).alias("key"), expr.alias("value"))
            .filter(pl.col("value") != "")
        )
        parts.append(part.unique(["idx", "value"]) if exploded else part)
    if not parts:
        return pl.DataFrame(schema={"idx": pl.Int64, "key": pl.String, "value": pl.String})
    return pl.concat(parts).collect()


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


def fallback_order(prepared: pl.DataFrame) -> pl.Series:
    """Per record, the text that orders the members of an oversized block: names first, then
    birth date and postcode, so namesakes sit together and the same person sits closest."""
    wanted = ("last_name", "first_name", "organization_name", "date_of_birth", "postcode")
    parts = [pl.col(c) for c in wanted if c in prepared.columns]
    if not parts:
        return pl.Series("order", [""] * prepared.height, dtype=pl.String)
    return prepared.select(
        pl.concat_str(parts, separator=_SEP, ignore_nulls=True).fill_null("").alias("order")
    )["order"]


def _packed(left: pl.Expr, right: pl.Expr) -> pl.Expr:
    """One UInt64 per pair, smaller index first: ``lo << 32 | hi`` (sorts as ``(lo, hi)``)."""
    lo = pl.min_horizontal(left, right).cast(pl.UInt64)
    hi = pl.max_horizontal(left, right).cast(pl.UInt64)
    return (lo * (1 << 32) + hi).alias("pair")


def _unpacked(packed: pl.Series) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "left_index": (packed // (1 << 32)).cast(pl.Int64),
            "right_index": (packed % (1 << 32)).cast(pl.Int64),
        }
    )


def _window_pairs(order: pl.Series, window: int, group: pl.Series | None = None) -> pl.Series:
    """Packed pairs of records at most ``window - 1`` places apart in ``order`` (within the
    same ``group`` when given)."""
    parts = []
    for offset in range(1, min(window, len(order))):
        frame = pl.DataFrame({"a": order.slice(0, len(order) - offset), "b": order.slice(offset)})
        if group is not None:
            same = group.slice(0, len(order) - offset) == group.slice(offset)
            frame = frame.filter(same)
        parts.append(frame.select(_packed(pl.col("a"), pl.col("b")))["pair"])
    if not parts:
        return pl.Series("pair", [], dtype=pl.UInt64)
    return pl.concat(parts)


def _with_new(packed: pl.Series, n_new: int) -> pl.Series:
    """The pairs whose smaller index is a new record (existing records never pair together)."""
    return packed.filter(packed < n_new * (1 << 32))


def _runs(block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and length of each run of equal values in a sorted array."""
    if not len(block):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, block[1:] != block[:-1]])
    return starts, np.diff(np.r_[starts, len(block)])


def _all_pairs(idx: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Packed pairs of every two members of each run ``idx[start:start + size]``, without a
    join: step ``d`` pairs each member with the one ``d`` places after it in its run. Each step
    holds only the members with ``d`` or more after them, so no array outgrows the pairs (a
    fresh array costs page faults, which cost more than the arithmetic here)."""
    ends = np.repeat((starts + sizes).astype(np.int32), sizes)
    member = np.repeat(starts.astype(np.int32), sizes)
    member += np.arange(len(member), dtype=np.int32) - np.repeat(
        (np.cumsum(sizes) - sizes).astype(np.int32), sizes
    )
    after = ends - member - 1
    parts = [np.zeros(0, dtype=np.uint64)]
    step = 1
    while len(member):
        keep = after >= step
        member, after = member[keep], after[keep]
        first, second = idx[member], idx[member + step]
        low = np.minimum(first, second).astype(np.uint64)
        high = np.maximum(first, second).astype(np.uint64)
        parts.append(((low << np.uint64(32)) | high)[first != second])
        step += 1
    return np.concatenate(parts)


def _blocked_packed(
    keys: pl.DataFrame,
    *,
    n_new: int,
    max_block_size: int,
    order: pl.Series | None,
    window: int,
) -> tuple[pl.Series, pl.DataFrame]:
    """Packed pairs (with repeats) of :func:`block_pairs`, and its oversized blocks."""
    # Blocks are grouped on a 64-bit hash of (key, value), not the strings: a collision (odds
    # about 1 in 10^7 at 10^6 values) only adds pairs, which are then scored. Members are
    # sorted by block, so each block is one run: its size is the run's length and its pairs
    # come from positions, never from a join.
    coded = (
        keys.select(
            pl.col("idx").cast(pl.UInt32),
            pl.col("key").is_in(NAME_KEYS).alias("name_key"),
            # the value's hash and the key's, mixed (a struct's hash costs 7 times more)
            block=pl.col("value").hash(seed=0) ^ pl.col("key").hash(seed=1),
        )
        .with_row_index("row")
        .sort("block")
    )
    block, idx = coded["block"].to_numpy(), coded["idx"].to_numpy()
    starts, sizes = _runs(block)
    name_key = coded["name_key"].to_numpy()[starts]
    limit = np.where(name_key, max_block_size // 2, max_block_size)
    usable = (sizes >= 2) & (sizes <= limit)
    big = sizes > limit
    blocked = _all_pairs(idx, starts[usable], sizes[usable])
    parts = [blocked[blocked < np.uint64(n_new) << np.uint64(32)]]
    in_big = np.repeat(big, sizes)
    if order is not None and window >= 2 and big.any():
        # each member of an oversized block meets its next neighbours in ``order``
        members = np.flatnonzero(in_big)
        crowd = pl.DataFrame(
            {"block": block[members], "order": order.gather(idx[members]), "idx": idx[members]}
        ).sort("block", "order", "idx")
        near = _window_pairs(crowd["idx"], window, crowd["block"])
        parts.append(_with_new(near, n_new).to_numpy())
    big_rows = coded["row"].filter(pl.Series(in_big))
    return pl.Series("pair", np.concatenate(parts), dtype=pl.UInt64), _skipped(keys, big_rows)


def block_pairs(
    keys: pl.DataFrame,
    *,
    n_new: int,
    max_block_size: int,
    order: pl.Series | None = None,
    window: int = 0,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Pairs of records sharing a key value, and the blocks too large to compare in full.

    Records ``0..n_new-1`` are new; later ones are existing and never paired with each other.
    A block over its cap is not compared pair by pair (that grows with the square of its size):
    its members are sorted by ``order`` (one text per record, :func:`fallback_order`) and each
    is compared with the next ``window - 1`` (a sorted neighbourhood inside the block), so
    one common surname costs a fixed number of comparisons per record. Without ``order`` or
    with ``window`` under 2 an oversized block is skipped. Either way it is reported.
    """
    packed, skipped = _blocked_packed(
        keys, n_new=n_new, max_block_size=max_block_size, order=order, window=window
    )
    return _unpacked(packed.unique().sort()), skipped


def _skipped(keys: pl.DataFrame, rows: pl.Series) -> pl.DataFrame:
    """``key, value, records`` of the oversized blocks (their members are ``rows`` of
    ``keys``), largest first."""
    inside = keys.select("key", "value").gather(rows.sort())
    counted = inside.group_by("key", "value").agg(records=pl.len().cast(pl.Int64))
    return (
        counted.sort("records", "key", "value", descending=[True, False, False])
        .select(SKIPPED_SCHEMA.names())
        .cast(SKIPPED_SCHEMA)
    )


def _neighbour_packed(
    prepared: pl.DataFrame, sort_keys: Sequence[pl.Expr], *, n_new: int, window: int
) -> pl.Series:
    parts = [pl.Series("pair", [], dtype=pl.UInt64)]
    for sort_key in sort_keys:
        order = (
            prepared.select(sort_key.alias("k"), idx=pl.int_range(pl.len(), dtype=pl.UInt32))
            .drop_nulls("k")
            .sort("k", "idx")["idx"]
        )
        parts.append(_window_pairs(order, window))
    return _with_new(pl.concat(parts), n_new)


def neighbourhood_pairs(
    prepared: pl.DataFrame, sort_keys: Sequence[pl.Expr], *, n_new: int, window: int
) -> pl.DataFrame:
    """Pairs of records within ``window`` of each other when sorted by each key."""
    packed = _neighbour_packed(prepared, sort_keys, n_new=n_new, window=window)
    return _unpacked(packed.unique().sort())


def candidate_pairs(
    prepared: pl.DataFrame,
    entity: str,
    *,
    n_new: int,
    max_block_size: int,
    window: int,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Union of blocked and sorted-neighbourhood pairs (sorted), and the oversized blocks."""
    keys = block_keys(prepared, entity)
    blocked, skipped = _blocked_packed(
        keys,
        n_new=n_new,
        max_block_size=max_block_size,
        order=fallback_order(prepared),
        window=CROWD_WINDOW,
    )
    del keys
    neighbours = _neighbour_packed(
        prepared, sorted_neighbourhood_keys(prepared, entity), n_new=n_new, window=window
    )
    # one sort of every packed pair (repeats side by side), then the repeats dropped
    packed = pl.concat([blocked, neighbours]).sort().to_numpy()
    if len(packed):
        packed = packed[np.r_[True, packed[1:] != packed[:-1]]]
    return _unpacked(pl.Series("pair", packed, dtype=pl.UInt64)), skipped
