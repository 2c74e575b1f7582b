"""The review queue: which duplicate clusters need a person, in what order, for which reviewer.

Clusters ``sure`` by the model's rule are merged by that rule and need nobody; the queue holds
the ``review`` clusters (and the sure ones only when asked), ordered by how much is at stake:
the records a wrong verdict would merge or keep apart, then how many fields disagree among
them, then the least certain first. A queue is split between reviewers by range (contiguous
slices of the queue) or by key (a stable share computed from the cluster's client key,
:mod:`clientmig.dedupe.client_keys`, so a cluster stays with its reviewer across reruns).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import polars as pl

from clientmig._polars import via_distinct
from clientmig.dedupe.client_keys import client_keys
from clientmig.errors import DedupeError
from clientmig.lineage import ROW, SHEET, SOURCE, data_columns

if TYPE_CHECKING:
    from clientmig.dedupe.find import Duplicates

SplitBy = Literal["key", "range"]
BANDS = ("review", "sure")
QUEUE_SCHEMA = pl.Schema(
    {
        "cluster_id": pl.Int64,
        "band": pl.String,
        "size": pl.UInt32,
        "differing": pl.UInt32,
        "score": pl.Float64,
        "key": pl.String,
    }
)


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:16]


def review_queue(
    duplicates: Duplicates, frame: pl.DataFrame | None = None, *, bands: Sequence[str] = BANDS
) -> pl.DataFrame:
    """One row per cluster of ``bands``, review clusters first, most at stake first.

    Columns: ``cluster_id``, ``band``, ``size`` (records), ``differing`` (fields whose
    non-empty values disagree inside the cluster; 0 without ``frame``), ``score`` (the
    weakest link) and ``key`` (the cluster's stable key: the smallest strongest client key of
    its members, given ``frame``, else a digest of its first member's lineage). ``frame`` is
    the stacked rows ``find_duplicates`` saw (``row_index`` is a position in it).
    """
    unknown = sorted(set(bands) - set(BANDS))
    if unknown:
        msg = f"bands must be among {', '.join(BANDS)}, not {', '.join(unknown)}"
        raise DedupeError(msg)
    members = duplicates.clusters.filter(pl.col("band").is_in(list(bands)))
    lineage = pl.concat_str(
        [pl.col(c).cast(pl.String).fill_null("") for c in (SOURCE, SHEET, ROW)], separator="|"
    )
    members = members.with_columns(
        _fallback=pl.lit("row:") + via_distinct(lineage, _digest, pl.String)
    )
    differing = pl.lit(0, dtype=pl.UInt32).alias("differing")
    if frame is not None and not members.is_empty():
        rows = frame.with_row_index("row_index").with_columns(pl.col("row_index").cast(pl.Int64))
        fields = [c for c in data_columns(frame) if c != "row_index"]
        members = members.join(
            rows.select("row_index", *fields), on="row_index", how="left", maintain_order="left"
        )
        if fields:
            members = members.with_columns(_key=client_keys(members.select(fields)).list.first())
            counts = [
                (pl.col(c).cast(pl.String).str.strip_chars().drop_nulls().n_unique() > 1)
                for c in fields
            ]
            differing = pl.sum_horizontal(counts).cast(pl.UInt32).alias("differing")
    if "_key" not in members.columns:
        members = members.with_columns(_key=pl.lit(None, dtype=pl.String))
    queue = members.group_by("cluster_id").agg(
        pl.col("band").first(),
        pl.len().alias("size"),
        differing,
        pl.col("score").min(),
        pl.coalesce(pl.col("_key").min(), pl.col("_fallback").sort_by(ROW).first()).alias("key"),
    )
    order = queue.with_columns(_sure=pl.col("band") == "sure").sort(
        ["_sure", "size", "differing", "score", "cluster_id"],
        descending=[False, True, True, False, False],
        nulls_last=True,
    )
    return order.select(QUEUE_SCHEMA.names()).cast(QUEUE_SCHEMA)


def reviewer_share(
    queue: pl.DataFrame, reviewer: int, reviewers: int, *, by: SplitBy = "key"
) -> pl.DataFrame:
    """The part of ``queue`` (from :func:`review_queue`) that reviewer ``reviewer`` of
    ``reviewers`` (counted from 1) decides, in queue order.

    ``by="key"``: a cluster goes to the reviewer its key's digest picks, so the same cluster
    goes to the same person on every rerun; ``by="range"``: reviewer 1 takes the first slice
    of each band of the queue (its most at stake), reviewer 2 the next, and so on.
    """
    if reviewers < 1 or not 1 <= reviewer <= reviewers:
        msg = (
            f"reviewer must be between 1 and the number of reviewers, not {reviewer} of {reviewers}"
        )
        raise DedupeError(msg)
    if by not in ("key", "range"):
        msg = f"split the queue by 'key' or 'range', not {by!r}"
        raise DedupeError(msg)
    return queue.filter(share_of(queue, reviewers, by=by) == reviewer)


def share_of(queue: pl.DataFrame, reviewers: int, *, by: SplitBy = "key") -> pl.Series:
    """For each cluster of ``queue``, the reviewer (1..``reviewers``) who decides it."""
    if by == "range":
        # within each band, so the uncertain clusters are shared out evenly too
        position = pl.int_range(pl.len(), dtype=pl.Int64).over("band")
        share = position * reviewers // pl.len().over("band").cast(pl.Int64) + 1
    else:
        digits = pl.col("key").str.split(":").list.last().str.slice(0, 12)
        share = digits.str.to_integer(base=16) % reviewers + 1
    return queue.select(share.cast(pl.Int64).alias("reviewer"))["reviewer"]


def parse_reviewer(value: str) -> tuple[int, int]:
    """``"1/3"`` or ``"1 of 3"`` -> ``(1, 3)``."""
    text = value.strip().lower().replace(" of ", "/").replace(" ", "")
    head, sep, tail = text.partition("/")
    if not sep or not head.isdigit() or not tail.isdigit():
        msg = f"give the reviewer as N/M (reviewer N of M), not {value!r}"
        raise DedupeError(msg)
    number, of = int(head), int(tail)
    if of < 1 or not 1 <= number <= of:
        msg = f"reviewer must be between 1 and the number of reviewers, not {value!r}"
        raise DedupeError(msg)
    return number, of
