"""Golden records: merge each duplicate group into one row, with per-field provenance and a
crosswalk back to the sources.

Which records merge: a ``sure`` cluster; the sure core of an undecided ``review`` cluster
(``bands`` narrows this: ``("sure",)`` for ``--merge sure``); an accepted cluster; each group of
a split. ``distinct`` decisions keep every member apart, and an automatic merge never joins two
records whose own pair was vetoed (a namesake or a household): such a group stays apart.

Survivorship, per field (``MergeRules.field_rules``, else ``default_rule``): a *valid* value
always beats an invalid one (an e-mail, phone, national or company number its validator
rejects), then the rule ranks the members that have a value:

* ``most_complete``: most non-empty fields first;
* ``most_recent``: newest ``rules.recency_column`` (ISO dates) first;
* ``source_priority``: ``rules.source_priority`` (file names, first is best);
* ``longest``: the longest value;
* ``source:NAME``: the value from that file (its name or path);

ties fall to completeness, recency, source priority, then row order. Every distinct e-mail and
phone is kept: the best in ``email`` / ``phone``, the others joined by ``"; "`` in
``email_additional`` / ``phone_additional``; case and format variants of one address or number
count once. A decision's ``survivors`` win. Provenance names, for each field of each merged
golden record, the file, sheet and row its value came from, the value there and the rule.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field

import polars as pl

from clientmig._polars import via_distinct
from clientmig.dedupe.compare import PHONE_ENDING
from clientmig.dedupe.decisions import ClusterDecision, Lineage, resolve_decisions
from clientmig.dedupe.find import Duplicates
from clientmig.dedupe.inputs import Inputs, stack_inputs
from clientmig.errors import DedupeError
from clientmig.lineage import LINEAGE, ROW, SHEET, SOURCE, data_columns
from clientmig.validators import company_id, email, national_id, phone

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
PROVENANCE_SCHEMA = pl.Schema(
    {
        "golden_id": pl.Int64,
        "field": pl.String,
        "value": pl.String,
        SOURCE: pl.String,
        SHEET: pl.String,
        ROW: pl.Int64,
        "row_index": pl.Int64,
        "rule": pl.String,
    }
)
RULES = ("most_complete", "most_recent", "source_priority", "longest")
# fields whose values a validator judges: a valid value beats an invalid one
VALIDATORS: dict[str, Callable[[str], bool]] = {
    "email": email.is_valid,
    "phone": phone.is_valid,
    "national_id": national_id.is_valid,
    "company_id": company_id.is_valid,
}
_TIES = ["__complete", "__recent", "__priority", "row_index"]


def _same_value(column: str, value: pl.Expr) -> pl.Expr:
    """The key that makes case and format variants of one address or number one value."""
    if column.startswith("phone"):  # +32 2 511 22 33 = 02/511.22.33: as the matcher, the end
        return value.str.replace_all(r"\D", "").str.slice(-PHONE_ENDING)
    return value.str.strip_chars().str.to_lowercase()


class StaleDecisionWarning(UserWarning):
    """A saved decision no longer fits the clusters; it was not applied."""


@dataclass(frozen=True, slots=True)
class MergeRules:
    """Survivorship rules (module doc): ``multi_fields`` maps a field to where its extra values
    go; ``field_rules`` picks a rule per field, ``default_rule`` for the others."""

    source_priority: tuple[str, ...] = ()
    recency_column: str | None = None
    multi_fields: Mapping[str, str] = field(
        default_factory=lambda: {"email": "email_additional", "phone": "phone_additional"}
    )
    field_rules: Mapping[str, str] = field(default_factory=dict)
    default_rule: str = "most_complete"

    def __post_init__(self) -> None:
        for name, rule in {**self.field_rules, "the default": self.default_rule}.items():
            if rule not in RULES and not (rule.startswith("source:") and len(rule) > 7):
                msg = (
                    f"unknown survivorship rule {rule!r} for {name}: expected one of "
                    f"{', '.join(RULES)} or source:<file name>"
                )
                raise DedupeError(msg)

    def rule_of(self, column: str) -> str:
        """The rule that picks ``column``'s value."""
        return self.field_rules.get(column, self.default_rule)


@dataclass(frozen=True, slots=True)
class Golden:
    """What :func:`golden_records` builds.

    * ``records``: one row per client: ``golden_id``, the data columns (and ``*_additional``)
      and the survivor's lineage;
    * ``crosswalk``: every input row once, with its ``golden_id``;
    * ``provenance``: per merged golden record and field, where its value came from
      (``golden_id, field, value, _source, _sheet, _row, row_index, rule``). A record that
      merged nothing takes every value from its one row (the crosswalk names it).
    """

    records: pl.DataFrame
    crosswalk: pl.DataFrame
    provenance: pl.DataFrame


def _group_ids(
    clusters: pl.DataFrame,
    applied: Mapping[int, ClusterDecision],
    bands: Collection[str],
    vetoed: pl.DataFrame,
) -> pl.DataFrame:
    """``row_index -> group`` (the golden id: smallest row index of the merged group)."""
    base = clusters.select(
        "row_index",
        "cluster_id",
        "band",
        *LINEAGE,
        group=pl.when((pl.col("band") == "sure") & pl.lit("sure" in bands))
        .then(pl.col("cluster_id"))
        .when((pl.col("band") == "review") & pl.lit("review" in bands))
        .then(pl.col("core_id"))
        .otherwise(pl.col("row_index")),
    )
    base = _keep_vetoed_apart(base, vetoed)
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


def _keep_vetoed_apart(base: pl.DataFrame, vetoed: pl.DataFrame) -> pl.DataFrame:
    """Undo the automatic merge of any group holding a vetoed pair (each row its own)."""
    if vetoed.is_empty():
        return base
    group = base.select("row_index", "group")
    clash = (
        vetoed.join(group.rename({"row_index": "left_index", "group": "gl"}), on="left_index")
        .join(group.rename({"row_index": "right_index", "group": "gr"}), on="right_index")
        .filter(pl.col("gl") == pl.col("gr"))
    )
    broken = clash["gl"].unique().implode()
    return base.with_columns(
        group=pl.when(pl.col("group").is_in(broken))
        .then(pl.col("row_index"))
        .otherwise(pl.col("group"))
    )


def _split_groups(
    groups: tuple[tuple[Lineage, ...], ...], rows: list[int], lineage_index: Mapping[Lineage, int]
) -> list[tuple[int, int]]:
    out = [(i, i) for i in rows]
    for group in groups:
        members = [lineage_index[m] for m in group]
        out += [(i, min(members)) for i in members]
    return out


def _ranked(frame: pl.DataFrame, rules: MergeRules, columns: list[str]) -> pl.DataFrame:
    """Blank cells as null, and each row's rank keys (lower is better), best row first."""
    blank_as_null = [
        pl.when(pl.col(c).cast(pl.String).str.strip_chars() != "")
        .then(pl.col(c).cast(pl.String))
        .alias(c)
        for c in columns
    ]
    priority = rules.source_priority
    recency = rules.recency_column
    recent = pl.col(recency).cast(pl.String) if recency else pl.lit(None, pl.String)
    ranked = frame.with_columns(blank_as_null).with_columns(
        __complete=-pl.sum_horizontal(pl.col(c).is_not_null() for c in columns).cast(pl.Int64),
        __priority=pl.col(SOURCE).replace_strict(
            list(priority), list(range(len(priority))), default=len(priority), return_dtype=pl.Int64
        ),
        __recent=recent.rank("dense", descending=True).fill_null(2**31).cast(pl.Int64),
        __file=pl.col(SOURCE).str.extract(r"([^/\\]+)$"),
    )
    return ranked.sort(["group", *_TIES])


def _primary(rule: str) -> pl.Expr:
    """The rank key a rule puts first (lower is better)."""
    if rule == "most_recent":
        return pl.col("__recent")
    if rule == "source_priority":
        return pl.col("__priority")
    if rule == "longest":
        return -pl.col("value").str.len_chars().cast(pl.Int64)
    if rule.startswith("source:"):
        chosen = rule.removeprefix("source:")
        return (~((pl.col("__file") == chosen) | (pl.col(SOURCE) == chosen))).cast(pl.Int64)
    return pl.col("__complete")


_KEYS = ["group", *LINEAGE, "__file", *_TIES]


def _ranked_values(long: pl.DataFrame, column: str, rules: MergeRules) -> pl.DataFrame:
    """One field's member values (``value``), best first within each group."""
    rule = rules.rule_of(column)
    check = VALIDATORS.get(column.removesuffix("_additional"))
    # validity only matters where a group holds two or more different values of the field
    contested = pl.when(pl.col("value").n_unique().over("group") > 1).then(pl.col("value"))
    invalid = (
        ~via_distinct(contested, check, pl.Boolean).fill_null(value=True)
        if check
        else pl.lit(value=False)
    )
    return (
        long.filter(pl.col("value").is_not_null())
        .with_columns(
            __invalid=invalid.cast(pl.Int64),
            __primary=_primary(rule),
            field=pl.lit(column),
            rule=pl.lit(rule),
        )
        .sort(["group", "__invalid", "__primary", *_TIES])
    )


def _multi_values(merged: pl.DataFrame, main: str, extra: str, rules: MergeRules) -> pl.DataFrame:
    """Every value of a multi-valued field in each group, best first, variants once."""
    parts = [pl.col(c) for c in (main, extra) if c in merged.columns]
    listed = merged.select(
        *_KEYS,
        value=pl.concat_str(parts, separator=MULTI_SEP, ignore_nulls=True)
        .str.split(MULTI_SEP)
        .list.eval(pl.element().str.strip_chars().filter(pl.element().str.strip_chars() != "")),
    ).explode("value")
    ranked = _ranked_values(listed, main, rules)
    ranked = ranked.with_columns(__same=_same_value(main, pl.col("value")))
    ranked = ranked.unique(["group", "__same"], keep="first", maintain_order=True)
    order = pl.int_range(pl.len()).over("group")
    kind = pl.when(order == 0).then(pl.lit(main)).otherwise(pl.lit(extra))
    return ranked.with_columns(field=kind)


def _merged_groups(
    ranked: pl.DataFrame, columns: list[str], rules: MergeRules
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Golden rows of the groups of two or more members, and their provenance."""
    multi = {m: e for m, e in rules.multi_fields.items() if m in columns}
    single = [c for c in columns if c not in multi and c not in multi.values()]
    merged = ranked.filter(pl.len().over("group") > 1)
    wide = merged.group_by("group", maintain_order=True).agg(pl.col(c).first() for c in LINEAGE)
    chosen: list[pl.DataFrame] = []
    if single:
        long = merged.unpivot(index=_KEYS, on=single, variable_name="__field", value_name="value")
        for column in single:
            values = _ranked_values(long.filter(pl.col("__field") == column), column, rules)
            chosen.append(values.group_by("group", maintain_order=True).first())
    for main, extra in multi.items():
        values = _multi_values(merged, main, extra, rules)
        chosen.append(values.filter(pl.col("field") == main))
        chosen.append(values.filter(pl.col("field") == extra))
        joined = values.group_by("group", maintain_order=True).agg(
            pl.col("value").filter(pl.col("field") == main).first().alias(main),
            pl.col("value").filter(pl.col("field") == extra).str.join(MULTI_SEP).alias(extra),
        )
        wide = wide.join(
            joined.with_columns(pl.when(pl.col(extra) != "").then(pl.col(extra)).alias(extra)),
            on="group",
            how="left",
        )
    provenance = (
        pl.concat(
            [
                c.select(
                    pl.col("group").alias("golden_id"), "field", "value", *LINEAGE
                ).with_columns(c["row_index"], c["rule"])
                for c in chosen
            ]
        )
        if chosen
        else pl.DataFrame(schema=PROVENANCE_SCHEMA)
    )
    if single:
        picked = provenance.filter(pl.col("field").is_in(single))
        wide = wide.join(
            picked.pivot("field", index="golden_id", values="value"),
            left_on="group",
            right_on="golden_id",
            how="left",
        )
    wide = wide.with_columns(
        pl.lit(None, pl.String).alias(c) for c in columns if c not in wide.columns
    )
    return wide.rename({"group": "golden_id"}), provenance.cast(PROVENANCE_SCHEMA)


def _apply_survivors(
    golden: pl.DataFrame,
    provenance: pl.DataFrame,
    groups: pl.DataFrame,
    applied: Mapping[int, ClusterDecision],
) -> tuple[pl.DataFrame, pl.DataFrame]:
    chosen = []
    for cluster_id, decision in applied.items():
        if decision.verdict != "accept" or not decision.survivors:
            continue
        golden_id = groups.filter(pl.col("cluster_id") == cluster_id)["group"].min()
        target = pl.col("golden_id") == golden_id
        golden = golden.with_columns(
            pl.when(target).then(pl.lit(value, pl.String)).otherwise(pl.col(name)).alias(name)
            for name, value in decision.survivors.items()
        )
        provenance = provenance.filter(~(target & pl.col("field").is_in(list(decision.survivors))))
        chosen += [(golden_id, name, value) for name, value in decision.survivors.items()]
    if chosen:
        by_reviewer = pl.DataFrame(
            chosen, schema=["golden_id", "field", "value"], orient="row"
        ).with_columns(rule=pl.lit("chosen in review"))
        provenance = pl.concat([provenance, by_reviewer], how="diagonal_relaxed")
    return golden, provenance.cast(PROVENANCE_SCHEMA)


def golden_records(
    frame: Inputs,
    duplicates: Duplicates,
    decisions: Iterable[ClusterDecision] = (),
    *,
    rules: MergeRules | None = None,
    bands: Collection[str] = ("sure", "review"),
) -> Golden:
    """Golden records, crosswalk and provenance for the rows of ``frame`` (module doc).

    ``frame`` is what :func:`~clientmig.dedupe.find_duplicates` was given (one frame or
    several inputs, stacked the same way). Stale decisions are reported with a
    :class:`StaleDecisionWarning`.
    """
    rules = rules or MergeRules()
    stacked = stack_inputs(frame)
    applied, stale = resolve_decisions(duplicates.clusters, decisions, stacked)
    if stale:
        detail = "; ".join(f"cluster {s.decision.cluster_id}: {s.reason}" for s in stale)
        warnings.warn(
            f"{len(stale)} saved duplicate decision(s) not applied: {detail}",
            StaleDecisionWarning,
            stacklevel=2,
        )
    vetoed = duplicates.pairs.filter(pl.col("veto").is_not_null()).select(
        "left_index", "right_index"
    )
    groups = _group_ids(duplicates.clusters, applied, bands, vetoed)
    new_groups = groups.filter(~pl.col("row_index").is_in(_existing_rows(duplicates).implode()))
    rows = stacked.with_columns(row_index=pl.int_range(pl.len(), dtype=pl.Int64))
    columns = data_columns(stacked)
    for main, extra in rules.multi_fields.items():
        if main in columns and extra not in columns:
            rows = rows.with_columns(pl.lit(None, pl.String).alias(extra))
            columns.append(extra)
    joined = rows.join(new_groups.select("row_index", "group"), on="row_index", how="left")
    ranked = _ranked(
        joined.with_columns(pl.col("group").fill_null(pl.col("row_index"))), rules, columns
    )
    merged, provenance = _merged_groups(ranked, columns, rules)
    alone = ranked.filter(pl.len().over("group") == 1).select(
        pl.col("group").alias("golden_id"), *columns, *LINEAGE
    )
    golden = pl.concat([alone, merged.select(alone.columns)], how="vertical_relaxed")
    golden, provenance = _apply_survivors(golden, provenance, groups, applied)
    survivors = ranked.group_by("group", maintain_order=True).agg(pl.col("row_index").first())
    crosswalk = _crosswalk(groups, new_groups, survivors)
    return Golden(golden.sort("golden_id"), crosswalk, provenance.sort("golden_id", "field"))


def merge_duplicates(
    frame: Inputs,
    duplicates: Duplicates,
    decisions: Iterable[ClusterDecision] = (),
    *,
    rules: MergeRules | None = None,
    bands: Collection[str] = ("sure", "review"),
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return ``(golden, crosswalk)``: :func:`golden_records` without the provenance.

    ``golden`` has ``golden_id``, the data columns (plus ``*_additional`` for multi-valued
    fields) and the survivor's lineage. ``crosswalk`` maps every input row to its golden id,
    exactly once, with ``existing_row_index`` set when the row's cluster holds an existing
    record.
    """
    built = golden_records(frame, duplicates, decisions, rules=rules, bands=bands)
    return built.records, built.crosswalk


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
