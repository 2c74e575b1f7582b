"""``find_duplicates``: blocking, comparison, Fellegi-Sunter scoring and clustering."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import polars as pl

from clientmig.dedupe import cluster as cl
from clientmig.dedupe import keys
from clientmig.dedupe.compare import (
    Coded,
    FieldSpec,
    compare_pairs,
    field_specs,
    prepare,
)
from clientmig.dedupe.inputs import Inputs, stack_inputs, with_phone_fallback
from clientmig.dedupe.model import (
    MIN_FIT_PAIRS,
    PRIORS,
    MatchModel,
    estimate_u,
    fit,
    from_priors,
    log_odds,
)
from clientmig.dedupe.vetoes import VetoCheck, calibrate, untrusted, veto_expr
from clientmig.errors import DedupeError
from clientmig.lineage import LINEAGE, ROW, SHEET, SOURCE, ensure_lineage

Entity = Literal["person", "organization"]
SURE = 0.95
REVIEW = 0.5
MAX_BLOCK_SIZE = 50
WINDOW = 4
SAMPLE_SIZE = 100_000

CLUSTER_SCHEMA = pl.Schema(
    {
        "row_index": pl.Int64,
        SOURCE: pl.String,
        SHEET: pl.String,
        ROW: pl.Int64,
        "is_existing": pl.Boolean,
        "cluster_id": pl.Int64,
        "core_id": pl.Int64,
        "score": pl.Float64,
        "band": pl.String,
    }
)


@dataclass(frozen=True, slots=True)
class Threshold:
    """A probability cut-off, its match weight (log2 odds) and why it is where it is."""

    probability: float
    match_weight: float
    reason: str


@dataclass(frozen=True, slots=True)
class Duplicates:
    """What :func:`find_duplicates` found.

    * ``pairs``: every scored pair (``left_index < right_index``, indices into the frame, then
      into ``existing`` after it), both sides' lineage, ``probability`` (0 when vetoed),
      ``evidence`` (the fields' log2 Bayes factor), ``match_weight`` (evidence plus the prior's
      log2 odds), ``veto`` (the contradicting field), ``names_swapped``, ``blocked``
      (false for pairs scored only to check a cluster) and a ``level_<field>`` label per field.
    * ``clusters``: one row per record (frame rows, then existing rows): ``cluster_id`` (the
      smallest ``row_index`` in the cluster), ``core_id`` (the sure group inside a review
      cluster), ``score`` and ``band`` (``sure``, ``review`` or ``distinct``).
    * ``thresholds``: ``sure`` and ``review`` cut-offs with the reason.
    * ``model``: the fitted m/u per field level (``model.table()``) and the prior.
    * ``skipped_blocks``: blocking key values shared by too many records to compare.
    * ``vetoes``: per identity field, whether the data supports its veto rule and why.
    """

    pairs: pl.DataFrame
    clusters: pl.DataFrame
    thresholds: Mapping[str, Threshold]
    model: MatchModel
    skipped_blocks: pl.DataFrame
    summary: Mapping[str, int] = field(default_factory=dict)
    vetoes: Mapping[str, VetoCheck] = field(default_factory=dict)


def _thresholds(sure: float, review: float, model: MatchModel) -> dict[str, Threshold]:
    if model.basis == PRIORS:
        basis = (
            f"posterior probability from a Fellegi-Sunter model on {model.basis_reason}, so two "
            f"records drawn at random match with probability {model.prior:.2g}"
        )
    else:
        basis = (
            "posterior probability from the Fellegi-Sunter model fitted to this data by EM "
            f"(m by EM over the candidate pairs, u from random pairs; {model.candidate_share:.1%} "
            f"of candidates match, so two records drawn at random match with probability "
            f"{model.prior:.2g})"
        )
    return {
        "sure": Threshold(
            sure,
            log_odds(sure),
            f"{basis}; at >= {sure:.0%} fewer than {1 - sure:.0%} of merged pairs are expected"
            " to be wrong, so they merge without review",
        ),
        "review": Threshold(
            review,
            log_odds(review),
            f"{basis}; at >= {review:.0%} a match is more likely than not, so a person decides."
            f" Records join a cluster only if every pair across would reach {review:.0%} from even"
            " odds (the fields' evidence alone: they are already tied to one cluster)",
        ),
    }


def _stack(frame: Inputs, existing: Inputs | None) -> tuple[pl.DataFrame, int]:
    """New rows then existing rows, each with lineage and ``__orig`` (stacked index)."""
    new = with_phone_fallback(stack_inputs(frame))
    new = new.with_columns(__orig=pl.int_range(pl.len(), dtype=pl.Int64))
    parts = [new]
    if existing is not None:
        old = with_phone_fallback(ensure_lineage(stack_inputs(existing), source="<existing>"))
        parts.append(old.with_columns(__orig=pl.int_range(pl.len(), dtype=pl.Int64) + new.height))
    stacked = pl.concat(
        [p.with_columns(pl.col(ROW).cast(pl.Int64)) for p in parts], how="diagonal_relaxed"
    )
    return stacked, new.height


def _canonical_order(stacked: pl.DataFrame, n_new: int) -> pl.DataFrame:
    """Sort new and existing rows by lineage so results do not depend on row order."""
    is_new = pl.col("__orig") < n_new
    return stacked.sort(~is_new, SOURCE, SHEET, ROW, "__orig", nulls_last=True)


def _level_label(levels: pl.Series, spec: FieldSpec) -> pl.Series:
    """A field's Int8 levels as their labels (an Enum with ``missing`` for null)."""
    names = pl.Series([*spec.levels, "missing"], dtype=pl.Enum([*spec.levels, "missing"]))
    code = levels.fill_null(len(spec.levels)).cast(pl.UInt32)
    return names.gather(code).rename(f"level_{spec.name}")


def _score_pairs(
    pairs: pl.DataFrame,
    levels: pl.DataFrame,
    specs: Sequence[FieldSpec],
    model: MatchModel,
    entity: str,
    weighed: frozenset[str],
    households: bool,
) -> pl.DataFrame:
    """The pairs with their levels, scores and veto, and nothing else (the term frequencies
    and the given-name clash only feed the scores). The veto is an Enum of the field names
    here, a String only in :attr:`Duplicates.pairs`."""
    scores = model.score(levels)
    vetoes = pl.Enum([s.name for s in specs])
    scored = pl.concat([pairs, levels, scores], how="horizontal").select(
        "left_index",
        "right_index",
        "names_swapped",
        *(s.name for s in specs),
        "evidence",
        "match_weight",
        "probability",
        veto_expr(specs, entity=entity, untrusted=weighed, households=households).cast(vetoes),
    )
    return scored.with_columns(
        pl.when(pl.col("veto").is_null()).then(pl.col("probability")).otherwise(0.0)
    )


# Candidate pairs compared per call: each call's temporaries stay small enough to be reused
# rather than mapped afresh (page faults cost more than the comparisons at 10^7 pairs).
COMPARE_CHUNK = 2_000_000


def _compare_in_chunks(
    prepared: pl.DataFrame, specs: Sequence[FieldSpec], pairs: pl.DataFrame, coded: Coded
) -> pl.DataFrame:
    """:func:`compare_pairs` over the pairs, ``COMPARE_CHUNK`` at a time (same result)."""
    if pairs.height <= COMPARE_CHUNK:
        return compare_pairs(
            prepared, specs, pairs["left_index"], pairs["right_index"], coded=coded
        )
    parts = [
        compare_pairs(prepared, specs, chunk["left_index"], chunk["right_index"], coded=coded)
        for chunk in pairs.iter_slices(COMPARE_CHUNK)
    ]
    return pl.concat(parts)


def _random_pairs(size: int, sample: int, seed: int) -> pl.DataFrame:
    rows = pl.int_range(size, dtype=pl.Int64, eager=True)
    count = min(sample, size * (size - 1) // 2)
    frame = pl.DataFrame(
        {
            "left_index": rows.sample(count, with_replacement=True, seed=seed),
            "right_index": rows.sample(count, with_replacement=True, seed=seed + 1),
        }
    )
    return frame.filter(pl.col("left_index") != pl.col("right_index"))


def find_duplicates(
    frame: Inputs,
    *,
    entity: Entity = "person",
    existing: Inputs | None = None,
    fields: Sequence[str] | Mapping[str, str] | None = None,
    sure: float = SURE,
    review: float = REVIEW,
    max_block_size: int = MAX_BLOCK_SIZE,
    window: int = WINDOW,
    sample_size: int = SAMPLE_SIZE,
    seed: int = 0,
    households: bool = True,
) -> Duplicates:
    """Find records of the same client in ``frame`` (or between ``frame`` and ``existing``).

    ``frame`` may be several inputs (frames, or read/cleaned tables), each mapped on its own:
    they are stacked in order (:func:`clientmig.dedupe.inputs.stack_inputs`), row indices count
    through them, and records match within and across inputs.

    ``fields`` picks the compared columns (names, or ``{name: kind}`` with a kind of
    ``clientmig.dedupe.compare.LEVELS``); by default the entity's canonical fields present.
    With ``existing``, new records are compared with each other and with existing ones, never
    existing with existing, and a cluster holds at most one existing record.

    Identity contradictions veto a merge (``clientmig.dedupe.vetoes``) where the data shows the
    field is reliable (``Duplicates.vetoes`` says why). Households are judged from the data: a
    clearly different given name is a second person where the data shows given names reliable,
    else only beside a different date of birth or e-mail. ``households=False`` always weighs
    clearly different given names (for data known to hold no households).
    """
    if entity not in ("person", "organization"):
        msg = f"entity must be 'person' or 'organization', not {entity!r}"
        raise DedupeError(msg)
    if not 0.0 < review <= sure < 1.0:
        msg = "thresholds must satisfy 0 < review <= sure < 1"
        raise DedupeError(msg)
    stacked, n_new = _stack(frame, existing)
    specs = field_specs(stacked, entity, fields)
    wanted = dict.fromkeys(["__orig", *LINEAGE, *(s.name for s in specs)])
    ordered = _canonical_order(stacked.select(list(wanted)), n_new)
    del stacked
    prepared = prepare(ordered, specs)
    lineage = ordered.select("__orig", *LINEAGE)
    del ordered
    size = lineage.height

    candidates, skipped = keys.candidate_pairs(
        prepared, entity, n_new=n_new, max_block_size=max_block_size, window=window
    )
    coded = Coded.build(prepared, specs)
    random_levels = compare_pairs(
        prepared, specs, *_random_pairs(size, sample_size, seed).get_columns(), coded=coded
    )
    levels = _compare_in_chunks(prepared, specs, candidates, coded)
    pairs = n_new * (n_new - 1) // 2 + n_new * (size - n_new)
    u = estimate_u(random_levels, specs)
    if candidates.height < MIN_FIT_PAIRS:
        model = from_priors(
            specs,
            u,
            random_pairs=min(random_levels.height, pairs),
            records=n_new,
            pairs=pairs,
            candidates=candidates.height,
        )
    else:
        model = fit(levels, specs, u, pairs=pairs)
    checks = calibrate(levels, specs, entity=entity, households=households)
    weighed = untrusted(checks)
    scored = _score_pairs(candidates, levels, specs, model, entity, weighed, households)
    del levels

    strong = scored.filter(pl.col("probability") >= review)
    roots = cl.component_labels(
        size, strong["left_index"].to_numpy(), strong["right_index"].to_numpy()
    )
    extra = cl.missing_component_pairs(roots, scored, n_new=n_new)
    if extra.height:
        scored = pl.concat(
            [
                scored.with_columns(blocked=pl.lit(value=True)),
                _score_pairs(
                    extra,
                    compare_pairs(
                        prepared, specs, extra["left_index"], extra["right_index"], coded=coded
                    ),
                    specs,
                    model,
                    entity,
                    weighed,
                    households,
                ).with_columns(blocked=pl.lit(value=False)),
            ]
        )
    else:
        scored = scored.with_columns(blocked=pl.lit(value=True))
    result = cl.cluster(size, scored, sure=sure, review=review, is_existing=lambda i: i >= n_new)
    summary = {
        "records": size,
        "new_records": n_new,
        "candidate_pairs": candidates.height,
        "cluster_check_pairs": extra.height,
        "skipped_blocks": skipped.height,
    }
    # the small outputs first, then the pairs with only what they show (memory at 10^6 rows)
    clusters = _clusters_frame(lineage, result, scored, n_new)
    del candidates, strong, prepared, coded, roots, extra, result
    kept = ["left_index", "right_index", *_PAIR_VALUES, *(s.name for s in specs)]
    columns = {c.name: c for c in scored.select(kept).get_columns()}
    del scored  # the pairs frame takes the columns one by one (memory at 10^6 rows)
    pair_frame = _pairs_frame(columns, lineage, specs)
    return Duplicates(
        pairs=pair_frame,
        clusters=clusters,
        thresholds=_thresholds(sure, review, model),
        model=model,
        skipped_blocks=skipped,
        summary=summary,
        vetoes=checks,
    )


_PAIR_VALUES = ("probability", "evidence", "match_weight", "veto", "names_swapped", "blocked")


def _pairs_frame(
    columns: dict[str, pl.Series], lineage: pl.DataFrame, specs: Sequence[FieldSpec]
) -> pl.DataFrame:
    """The returned pairs: by probability (highest first), then indices; both sides' lineage.

    ``columns`` are the scored pairs' columns, taken: each leaves the dict as its ordered copy
    is made, so the scored pairs and the returned frame are never both whole in memory."""
    orig = lineage["__orig"]
    li, ri = columns.pop("left_index"), columns.pop("right_index")
    sides = pl.DataFrame({"l": li, "r": ri, "lo": orig.gather(li), "ro": orig.gather(ri)})
    del li, ri
    swap = pl.col("lo") > pl.col("ro")
    ranked = sides.select(
        p=columns["probability"],
        left=pl.when(swap).then("r").otherwise("l"),
        right=pl.when(swap).then("l").otherwise("r"),
        left_index=pl.min_horizontal("lo", "ro"),
        right_index=pl.max_horizontal("lo", "ro"),
    )
    del sides
    order = _by_probability(ranked)
    out = {name: ranked[name].gather(order) for name in ("left_index", "right_index")}
    places = lineage.drop("__orig")
    for side in ("left", "right"):
        gathered = places.gather(ranked[side].gather(order))
        out |= {f"{side}{c}": gathered[c] for c in LINEAGE}
    del ranked
    for name in _PAIR_VALUES:
        column = columns.pop(name).gather(order)
        out[name] = column.cast(pl.String) if name == "veto" else column
    for s in specs:
        out[f"level_{s.name}"] = _level_label(columns.pop(s.name).gather(order), s)
    return pl.DataFrame(out)


def _by_probability(ranked: pl.DataFrame) -> pl.Series:
    """Row order by ``p`` (highest first), then ``left_index``, then ``right_index``.

    Two single-key steps instead of one sort on three keys (several times slower): the order
    of the packed pair of indices (:func:`_pair_order`), then a stable sort by ``p``."""
    packed = ranked.select(
        (
            pl.col("left_index").cast(pl.UInt64) * (1 << 32) + pl.col("right_index").cast(pl.UInt64)
        ).alias("k")
    )["k"]
    first = _pair_order(packed.to_numpy())
    del packed
    p = ranked["p"] if first is None else ranked["p"].gather(first)
    then = p.to_frame("p").select(pl.arg_sort_by("p", descending=True, maintain_order=True))
    return (then["p"] if first is None else first.gather(then["p"])).rename("order")


def _pair_order(keys: np.ndarray) -> pl.Series | None:
    """The order that sorts the (distinct) packed pairs: None when already sorted; a merge
    when they are two sorted runs (the candidates, then the cluster-check pairs, of a list
    whose rows are in file order); else a sort."""
    falls = np.flatnonzero(keys[1:] < keys[:-1])
    if not len(falls):
        return None
    if len(falls) > 1:
        return pl.Series(keys).arg_sort()
    cut = int(falls[0]) + 1
    head, tail = keys[:cut], keys[cut:]
    # each tail key lands after the head keys below it and the tail keys before it
    place = np.searchsorted(head, tail) + np.arange(len(tail))
    order = np.empty(len(keys), dtype=np.uint32)
    from_tail = np.zeros(len(keys), dtype=bool)
    from_tail[place] = True
    order[place] = np.arange(cut, len(keys), dtype=np.uint32)
    order[~from_tail] = np.arange(cut, dtype=np.uint32)
    return pl.Series(order)


def _clusters_frame(
    lineage: pl.DataFrame, result: cl.Clustering, scored: pl.DataFrame, n_new: int
) -> pl.DataFrame:
    # each record's best pair: a scatter-max over both sides (a group-by of twice the pairs
    # costs 15 times more at 10^7 pairs); null for a record in no pair
    best = np.full(lineage.height, -np.inf)
    probability = scored["probability"].to_numpy()
    for side in ("left_index", "right_index"):
        np.maximum.at(best, scored[side].to_numpy(), probability)
    frame = lineage.select(
        pl.col("__orig").alias("row_index"),
        *LINEAGE,
        (pl.col("__orig") >= n_new).alias("is_existing"),
        root=pl.Series(result.root, dtype=pl.Int64),
        core=pl.Series(result.core, dtype=pl.Int64),
        best=pl.Series(best),
    ).with_columns(best=pl.when(pl.col("best") > -np.inf).then("best"))
    weakest = pl.DataFrame(
        {"root": list(result.weakest), "weakest": list(result.weakest.values())},
        schema={"root": pl.Int64, "weakest": pl.Float64},
    )
    review_roots = pl.Series(sorted(result.review), dtype=pl.Int64)
    frame = frame.join(weakest, on="root", how="left").with_columns(
        cluster_id=pl.col("row_index").min().over("root"),
        core_id=pl.col("row_index").min().over("core"),
        size=pl.len().over("root"),
    )
    band = (
        pl.when(pl.col("size") == 1)
        .then(pl.lit("distinct"))
        .when(pl.col("root").is_in(review_roots.implode()))
        .then(pl.lit("review"))
        .otherwise(pl.lit("sure"))
    )
    score = (
        pl.when(pl.col("size") == 1)
        .then(pl.col("best").fill_null(0.0))
        .otherwise(pl.col("weakest"))
    )
    out = frame.with_columns(band=band, score=score).sort("row_index")
    return out.select(CLUSTER_SCHEMA.names()).cast(CLUSTER_SCHEMA)
