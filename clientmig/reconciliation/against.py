"""Reconcile an import against what the platform holds: match key by key, then compare."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import polars as pl

from clientmig.lineage import ROW, SHEET, SOURCE, ensure_lineage
from clientmig.reconciliation.matching import EX, IN, NAME, match
from clientmig.reconciliation.result import Reconciliation, differences

DEFAULT_KEYS = ("client_id", "national_id", "email", NAME)
# Never compared by default: the platform's own identifier is not the import's to change, and
# fields clientmig derives from others (record and account type, account name) are not data.
NOT_COMPARED = frozenset({"client_id", "record_type", "account_type", "account_name"})


def _prepare(frame: pl.DataFrame, index: str, source: str) -> pl.DataFrame:
    if index in frame.columns:
        msg = f"column {index!r} is reserved by reconcile"
        raise ValueError(msg)
    return ensure_lineage(frame, source=source).with_row_index(index)


def _compared(
    incoming: pl.DataFrame, existing: pl.DataFrame, compare: Iterable[str] | None
) -> list[str]:
    if compare is not None:
        return list(dict.fromkeys(compare))
    theirs = set(existing.columns)
    return [
        c
        for c in incoming.columns
        if c in theirs and not c.startswith("_") and c not in NOT_COMPARED
    ]


def _record_key(frame: pl.DataFrame) -> pl.Expr:
    """``client_id`` when present, else the lineage ``source:row`` or ``source:sheet:row``."""
    lineage = pl.concat_str(
        pl.col(SOURCE).fill_null(""),
        pl.col(SHEET),
        pl.col(ROW).cast(pl.String),
        separator=":",
        ignore_nulls=True,
    )
    if "client_id" not in frame.columns:
        return lineage
    client_id = pl.col("client_id").cast(pl.String).str.strip_chars()
    return pl.when(client_id != "").then(client_id).otherwise(lineage)


def _matched_frame(
    pairs: pl.DataFrame, incoming: pl.DataFrame, existing: pl.DataFrame
) -> pl.DataFrame:
    """One row per pair; frames are gathered by position (their index is the row position)."""
    left = incoming.select(SOURCE, SHEET, ROW)[pairs[IN]]
    right = existing.select(
        _record_key(existing).alias("existing_key"),
        pl.col(SOURCE).alias("existing_source"),
        pl.col(SHEET).alias("existing_sheet"),
        pl.col(ROW).alias("existing_row"),
    )[pairs[EX]]
    return pl.concat(
        [
            pairs.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("match_id")),
            pairs.select(pl.col(IN).alias("incoming_index")),
            left,
            pairs.select(pl.col(EX).alias("existing_index")),
            right,
            pairs.select("matched_on", pl.col("score").round(2)),
        ],
        how="horizontal",
    )


def reconcile(
    incoming: pl.DataFrame,
    existing: pl.DataFrame,
    *,
    keys: Sequence[str] = DEFAULT_KEYS,
    fuzzy: bool = True,
    compare: Iterable[str] | None = None,
    threshold: float = 90.0,
) -> Reconciliation:
    """Match ``incoming`` (the cleaned import) to ``existing`` (the platform's export).

    ``keys`` are tried in order (``"name"`` is the normalised name key; any other entry is a
    column); a key missing from either frame is skipped. ``compare`` lists the fields whose
    differences are reported (default: every shared data column but ``client_id``).
    ``threshold`` is the lowest fuzzy score (0-100) that may pair two names.
    """
    if isinstance(keys, str):
        msg = "keys must be a sequence of key names, not one string"
        raise TypeError(msg)
    if not 0 < threshold <= 100:
        msg = f"threshold must be in (0, 100], got {threshold}"
        raise ValueError(msg)
    inc = _prepare(incoming, IN, "<incoming>")
    ex = _prepare(existing, EX, "<existing>")
    found = match(inc, ex, keys, fuzzy=fuzzy, threshold=threshold)
    matched = _matched_frame(found.pairs, inc, ex)
    in_matched = pl.col(IN).is_in(found.pairs[IN].implode())
    ex_matched = pl.col(EX).is_in(found.pairs[EX].implode())
    return Reconciliation(
        new=inc.filter(~in_matched).drop(IN),
        departed=ex.filter(~ex_matched).drop(EX),
        matched=matched,
        differences=differences(matched, inc, ex, _compared(inc, ex, compare)),
        ambiguous=found.ambiguous,
        incoming=inc,
        existing=ex,
    )
