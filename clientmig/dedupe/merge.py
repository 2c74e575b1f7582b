"""Golden records: merge each duplicate group into one row, and a crosswalk back to the sources.

Which records merge: a ``sure`` cluster; the sure core of an undecided ``review`` cluster; an
accepted cluster; each group of a split. ``distinct`` decisions keep every member apart.

Survivorship, per field: the value of the best-ranked member that has one, members ranked by
completeness (non-empty fields), then recency (``rules.recency_column``, ISO dates, newest
first), then ``rules.source_priority`` (file names, first is best), then row order. Every
distinct e-mail and phone is kept: the best one in ``email`` / ``phone``, the others joined by
``"; "`` in ``email_additional`` / ``phone_additional``. A decision's ``survivors`` win.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import polars as pl

from clientmig.dedupe.decisions import ClusterDecision, Lineage, resolve_decisions
from clientmig.dedupe.find import Duplicates
from clientmig.lineage import LINEAGE, ROW, SHEET, SOURCE, data_columns, ensure_lineage

MULTI_SEP = "; "
CROSSWALK_SCHEMA = pl.Schema(
    {
        "golden_id": pl.Int64,
        "row_index": pl.Int64,
        SOURCE: pl.String,
        SHEET: pl.String,
        ROW: pl.Int64,
        "cluster_id": pl.Int64,
        "band": pl.String,
        "is_survivor": pl.Boolean,
        "existing_row_index": pl.Int64,
    }
)


class StaleDecisionWarning(UserWarning):
    """A saved decision no longer fits the clusters; it was not applied."""


@dataclass(frozen=True, slots=True)
class MergeRules:
    """Survivorship rules; ``multi_fields`` maps a field to where its extra values go."""

    source_priority: tuple[str, ...] = ()
    recency_column: str | None = None
    multi_fields: Mapping[str, str] = field(
        default_factory=lambda: {"email": "email_additional", "phone": "phone_additional"}
    )


def _group_ids(clusters: pl.DataFrame, applied: Mapping[int, ClusterDecision]) -> pl.DataFrame:
    """``row_index -> group`` (the golden id: smallest row index of the merged group)."""
    base = clusters.select(
        "row_index",
        "cluster_id",
        "band",
        *LINEAGE,
        group=pl.when(pl.col("band") == "sure")
        .then(pl.col("cluster_id"))
        .when(pl.col("band") == "review")
        .then(pl.col("core_id"))
        .otherwise(pl.col("row_index")),
    )
    overrides: list[tuple[int, int]] = []
    lineage_index = {
        (s, sh, r): i for i, s, sh, r in base.select("row_index", *LINEAGE).iter_rows()
    }
    for cluster_id, decision in applied.items():
        rows = [lineage_index[m] for m in decision.members]
        if decision.verdict == "accept":
            overrides += [(i, cluster_id) for i in rows]
        elif decision.verdict == "distinct":
            overrides += [(i, i) for i in rows]
        else:
            overrides += _split_groups(decision.groups, rows, lineage_index)
    if overrides:
        latest = list(dict(overrides).items())  # the last assignment of a row wins
        fixed = pl.DataFrame(
            latest, schema={"row_index": pl.Int64, "fixed": pl.Int64}, orient="row"
        )
        base = (
            base.join(fixed, on="row_index", how="left")
            .with_columns(group=pl.coalesce("fixed", "group"))
            .drop("fixed")
        )
    return base.with_columns(group=pl.col("row_index").min().over("group"))


def _split_groups(
    groups: tuple[tuple[Lineage, ...], ...], rows: list[int], lineage_index: Mapping[Lineage, int]
) -> list[tuple[int, int]]:
    out = [(i, i) for i in rows]
    for group in groups:
        members = [lineage_index[m] for m in group]
        out += [(i, min(members)) for i in members]
    return out


def _ranked(frame: pl.DataFrame, rules: MergeRules, columns: list[str]) -> pl.DataFrame:
    """Blank cells as null, then rows sorted best first within each group."""
    blank_as_null = [
        pl.when(pl.col(c).cast(pl.String).str.strip_chars() != "").then(pl.col(c)).alias(c)
        for c in columns
    ]
    priority = rules.source_priority
    recency = rules.recency_column
    ranked = frame.with_columns(blank_as_null).with_columns(
        __complete=pl.sum_horizontal(pl.col(c).is_not_null() for c in columns),
        __priority=pl.col(SOURCE).replace_strict(
            list(priority), list(range(len(priority))), default=len(priority), return_dtype=pl.Int64
        ),
        __recent=pl.col(recency).cast(pl.String) if recency else pl.lit(None, pl.String),
    )
    return ranked.sort(
        ["group", "__complete", "__recent", "__priority", "row_index"],
        descending=[False, True, True, False, False],
        nulls_last=True,
    )


def _all_values(main: str, extra: str, columns: list[str]) -> pl.Expr:
    """Per row: the field's value followed by its extra values, blanks dropped."""
    parts = [pl.col(c).cast(pl.String) for c in (main, extra) if c in columns]
    joined = pl.concat_str(parts, separator=MULTI_SEP, ignore_nulls=True).str.split(MULTI_SEP)
    values = joined.list.eval(pl.element().str.strip_chars())
    return values.list.eval(pl.element().filter(pl.element() != "")).alias(f"__all_{main}")


def _golden(ranked: pl.DataFrame, columns: list[str], rules: MergeRules) -> pl.DataFrame:
    multi = {m: e for m, e in rules.multi_fields.items() if m in columns}
    ranked = ranked.with_columns(_all_values(m, e, columns) for m, e in multi.items())
    single = [c for c in columns if c not in multi and c not in multi.values()]
    golden = ranked.group_by("group", maintain_order=True).agg(
        *(pl.col(c).drop_nulls().first() for c in single),
        *(pl.col(c).first() for c in LINEAGE),
        *(pl.col(f"__all_{m}").explode().drop_nulls().unique(maintain_order=True) for m in multi),
    )
    for main, extra in multi.items():
        values = pl.col(f"__all_{main}")
        rest = values.list.slice(1)
        golden = golden.with_columns(
            values.list.first().alias(main),
            pl.when(rest.list.len() > 0).then(rest.list.join(MULTI_SEP)).alias(extra),
        ).drop(f"__all_{main}")
    return golden.rename({"group": "golden_id"})


def _apply_survivors(
    golden: pl.DataFrame, groups: pl.DataFrame, applied: Mapping[int, ClusterDecision]
) -> pl.DataFrame:
    for cluster_id, decision in applied.items():
        if decision.verdict != "accept" or not decision.survivors:
            continue
        golden_id = groups.filter(pl.col("cluster_id") == cluster_id)["group"].min()
        target = pl.col("golden_id") == golden_id
        golden = golden.with_columns(
            pl.when(target).then(pl.lit(value, pl.String)).otherwise(pl.col(name)).alias(name)
            for name, value in decision.survivors.items()
        )
    return golden


def merge_duplicates(
    frame: pl.DataFrame,
    duplicates: Duplicates,
    decisions: Iterable[ClusterDecision] = (),
    *,
    rules: MergeRules | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return ``(golden, crosswalk)`` for the rows of ``frame`` (see the module docstring).

    ``golden`` has ``golden_id``, the data columns (plus ``*_additional`` for multi-valued
    fields) and the survivor's lineage. ``crosswalk`` maps every input row to its golden id,
    exactly once, with ``existing_row_index`` set when the row's cluster holds an existing
    record. Stale decisions are reported with a :class:`StaleDecisionWarning`.
    """
    rules = rules or MergeRules()
    applied, stale = resolve_decisions(duplicates.clusters, decisions)
    if stale:
        detail = "; ".join(f"cluster {s.decision.cluster_id}: {s.reason}" for s in stale)
        warnings.warn(
            f"{len(stale)} saved duplicate decision(s) not applied: {detail}",
            StaleDecisionWarning,
            stacklevel=2,
        )
    groups = _group_ids(duplicates.clusters, applied)
    new_groups = groups.filter(~pl.col("row_index").is_in(_existing_rows(duplicates).implode()))
    rows = ensure_lineage(frame).with_columns(row_index=pl.int_range(pl.len(), dtype=pl.Int64))
    columns = data_columns(frame)
    for main, extra in rules.multi_fields.items():
        if main in columns and extra not in columns:
            rows = rows.with_columns(pl.lit(None, pl.String).alias(extra))
            columns.append(extra)
    joined = rows.join(new_groups.select("row_index", "group"), on="row_index", how="left")
    ranked = _ranked(
        joined.with_columns(pl.col("group").fill_null(pl.col("row_index"))), rules, columns
    )
    golden = _apply_survivors(_golden(ranked, columns, rules), groups, applied)
    golden = golden.select("golden_id", *columns, *LINEAGE)
    survivors = ranked.group_by("group", maintain_order=True).agg(pl.col("row_index").first())
    crosswalk = _crosswalk(groups, new_groups, survivors)
    return golden.sort("golden_id"), crosswalk


def _existing_rows(duplicates: Duplicates) -> pl.Series:
    return duplicates.clusters.filter(pl.col("is_existing"))["row_index"]


def _crosswalk(
    groups: pl.DataFrame, new_groups: pl.DataFrame, survivors: pl.DataFrame
) -> pl.DataFrame:
    existing = (
        groups.join(new_groups.select("row_index"), on="row_index", how="anti")
        .group_by("cluster_id")
        .agg(existing_row_index=pl.col("row_index").min())
    )
    out = (
        new_groups.rename({"group": "golden_id"})
        .join(existing, on="cluster_id", how="left")
        .with_columns(is_survivor=pl.col("row_index").is_in(survivors["row_index"].implode()))
    )
    return out.select(CROSSWALK_SCHEMA.names()).cast(CROSSWALK_SCHEMA).sort("row_index")
