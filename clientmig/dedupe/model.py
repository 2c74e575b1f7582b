"""Fellegi-Sunter match weights, estimated from the data itself.

``u`` (how often a level occurs between two *different* records) comes from random record
pairs; ``m`` (how often it occurs between two records of the *same* client) and the share of
true matches among the candidate pairs come from expectation-maximisation over the candidate
pairs' comparison patterns, with ``u`` held fixed. Missing values contribute no evidence.

A pair's probability starts from the chance that two records drawn at random are one client
(the matches EM finds among the candidates spread over every possible pair), not from the
share among candidates: blocking picked the candidates *because* they agree on a name or a
contact detail, and that agreement is counted again by the field weights. Starting from the
candidate share would count it twice and merge namesakes on a shared name alone.

A list too small to fit (a firm's dozen organisations: EM over a handful of candidate pairs finds
no match at all) is scored with *field priors* instead (:func:`from_priors`): m and u per
comparison kind estimated on the bundled synthetic client list (``_data/match_priors.json``,
written by ``scripts/estimate_match_priors.py``), u blended with what the list's own random
pairs show, and a prior from a typical share of duplicates. ``MatchModel.basis`` says which.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import polars as pl

from clientmig.dedupe.compare import TF_PREFIX, FieldSpec

MAX_ITERATIONS = 100
TOLERANCE = 1e-6
_PSEUDO_COUNT = 1.0
# Strength, in pairs, of the starting m distribution kept as a prior: it steadies tiny frames and
# is negligible for real ones.
PRIOR_PAIRS = 10.0
# Floor on a value's share in the term-frequency adjustment (a one-off typo is not rare evidence).
MIN_SHARE = 1e-4
# Floor on the prior (no candidate pair at all, or none judged a match).
MIN_PRIOR = 1e-12
# Fewer candidate pairs than this: too few to fit m by EM, the field priors score the list.
MIN_FIT_PAIRS = 200
# Share of a small list's records taken to be another record's duplicate (the priors' prior).
DUPLICATE_SHARE = 0.1
# Weight, in random pairs, of the prior u against the list's own random pairs.
PRIOR_U_PAIRS = 500.0
# Address fields, and the most a disagreement on one of them may weigh against a match (log2):
# a client who moved keeps their name, birth date, e-mail and phone, not their street.
ADDRESS_FIELDS = frozenset({"street", "address", "city", "postcode", "country", "region"})
MOVED_WEIGHT = -4.0
FITTED = "fitted"
PRIORS = "priors"


def log_odds(probability: float) -> float:
    """The match weight (log2 odds) of a probability."""
    return math.log2(probability / (1.0 - probability))


def probability_of(weight: float) -> float:
    """The probability of a match weight (log2 odds)."""
    bounded = max(min(weight, 1000.0), -1000.0)
    return 1.0 / (1.0 + math.pow(2.0, -bounded))


def probability_expr(weight: pl.Expr) -> pl.Expr:
    """Vectorised :func:`probability_of`."""
    return 1.0 / (1.0 + (-weight * math.log(2)).exp())


@dataclass(frozen=True, slots=True)
class FieldModel:
    """The m and u probability of each comparison level of one field."""

    field: str
    kind: str
    levels: tuple[str, ...]
    m: tuple[float, ...]
    u: tuple[float, ...]

    @property
    def weights(self) -> tuple[float, ...]:
        """Match weight (log2 Bayes factor) per level.

        Two bounds on the lowest level (the field disagrees), whatever m and u came to: a
        disagreement is never evidence *for* a match (a list where every record is Belgian made
        "different country" +9.9), and on an address field it costs at most
        :data:`MOVED_WEIGHT`, because clients move between the exports a firm merges.
        """
        weights = [math.log2(m / u) for m, u in zip(self.m, self.u)]
        floor = MOVED_WEIGHT if self.field in ADDRESS_FIELDS else -math.inf
        weights[0] = max(min(weights[0], 0.0), floor)
        return tuple(weights)


@dataclass(frozen=True, slots=True)
class MatchModel:
    """A fitted Fellegi-Sunter model: the prior, the per-field m/u and how EM went.

    ``prior`` is the probability that two records drawn at random are one client;
    ``candidate_share`` the share of matches EM found among the candidate pairs.
    """

    prior: float
    fields: tuple[FieldModel, ...]
    iterations: int
    converged: bool
    candidate_share: float
    basis: str = FITTED
    basis_reason: str = "m by EM over the candidate pairs, u from random pairs"

    @property
    def prior_weight(self) -> float:
        """log2 of the prior odds that a candidate pair is a match."""
        return log_odds(self.prior)

    def table(self) -> pl.DataFrame:
        """One row per field and level: ``field, kind, level, m, u, match_weight``."""
        rows = [
            {"field": f.field, "kind": f.kind, "level": lvl, "m": m, "u": u, "match_weight": w}
            for f in self.fields
            for lvl, m, u, w in zip(f.levels, f.m, f.u, f.weights)
        ]
        return pl.DataFrame(
            rows,
            schema={
                "field": pl.String,
                "kind": pl.String,
                "level": pl.String,
                "m": pl.Float64,
                "u": pl.Float64,
                "match_weight": pl.Float64,
            },
        )

    def evidence_expr(self) -> pl.Expr:
        """The fields' evidence alone: log2 Bayes factor of the level columns, no prior."""
        return _weight_expr(self.fields, 0.5)

    def frequency_expr(self, columns: Sequence[str]) -> pl.Expr:
        """Term-frequency adjustment: exact agreement on a common name is weaker evidence.

        For a field agreeing exactly on value *v*, the average ``u`` of the exact level is
        replaced by *v*'s own share of the values (``__tf_<field>`` columns): log2(u / share).
        """
        total = pl.lit(0.0)
        for f in self.fields:
            column = TF_PREFIX + f.field
            if column in columns:
                share = pl.col(column).clip(lower_bound=MIN_SHARE)
                total = total + (pl.lit(f.u[-1]) / share).log(2).fill_null(0.0)
        return total

    def score(self, levels: pl.DataFrame) -> pl.DataFrame:
        """``evidence`` (log2 Bayes factor), ``match_weight`` (evidence + prior) and
        ``probability`` for each row of a level frame."""
        evidence = self.evidence_expr()
        if self.basis == FITTED:  # a small list's value shares say nothing of how rare a name is
            evidence = evidence + self.frequency_expr(levels.columns)
        return (
            levels.select(evidence=evidence)
            .with_columns(match_weight=pl.col("evidence") + self.prior_weight)
            .with_columns(probability=probability_expr(pl.col("match_weight")))
        )


def _weight_expr(fields: Sequence[FieldModel], prior: float) -> pl.Expr:
    total = pl.lit(log_odds(prior))
    for f in fields:
        # a level is its weight's index: a gather (replace_strict hashes: twice the time)
        weights = pl.Series(list(f.weights), dtype=pl.Float64)
        total = total + pl.lit(weights).gather(pl.col(f.field).cast(pl.UInt32)).fill_null(0.0)
    return total


def _distribution(counts: pl.Series, size: int) -> tuple[float, ...]:
    """Smoothed level frequencies from a Series of level numbers (nulls ignored)."""
    tally = [_PSEUDO_COUNT] * size
    for level, count in counts.drop_nulls().value_counts().iter_rows():
        tally[int(level)] += count
    total = sum(tally)
    return tuple(t / total for t in tally)


def estimate_u(
    random_levels: pl.DataFrame, specs: Sequence[FieldSpec]
) -> dict[str, tuple[float, ...]]:
    """u probabilities per field from the comparison levels of random record pairs."""
    return {s.name: _distribution(random_levels[s.name], len(s.levels)) for s in specs}


def _initial_m(size: int) -> tuple[float, ...]:
    raw = [math.exp(2.0 * i) for i in range(size)]
    return tuple(r / sum(raw) for r in raw)


NAME_KINDS = frozenset({"given_name", "name", "org_name"})
MIN_SESSION_PAIRS = 50


def _em(
    levels: pl.DataFrame, fields: tuple[FieldModel, ...], prior: float, *, update_m: bool
) -> tuple[tuple[FieldModel, ...], float, int, bool]:
    names = [f.field for f in fields]
    patterns = comparison_patterns(levels, names)
    if patterns.is_empty():
        return fields, prior, 0, True
    for iteration in range(1, MAX_ITERATIONS + 1):
        new_fields, new_prior = _em_step(patterns, fields, prior)
        if not update_m:
            new_fields = fields
        change = max(
            abs(new_prior - prior),
            *(abs(a - b) for old, new in zip(fields, new_fields) for a, b in zip(old.m, new.m)),
        )
        fields, prior = new_fields, new_prior
        if change < TOLERANCE:
            return fields, prior, iteration, True
    return fields, prior, MAX_ITERATIONS, False


# Bits per field when the level columns are packed into one integer to count their patterns:
# levels run 0..5 and ``_MISSING`` stands for null.
_BITS = 3
_MISSING = (1 << _BITS) - 1


def comparison_patterns(levels: pl.DataFrame, names: Sequence[str]) -> pl.DataFrame:
    """Each distinct combination of the ``names`` level columns with its ``count`` (Float64).

    The levels are packed into one UInt64 first and the packed values counted: a group-by on
    one integer column, where one on nine Int8 columns encodes every row's keys (10^7 pairs:
    seconds and most of a gigabyte). Patterns come in packed order (EM sums them in order)."""
    if len(names) * _BITS > 64:
        return levels.group_by(names).agg(count=pl.len().cast(pl.Float64))
    packed = pl.lit(0, pl.UInt64)
    for i, name in enumerate(names):
        level = pl.col(name).fill_null(_MISSING).cast(pl.UInt64)
        packed = packed + level * (1 << (_BITS * i))
    # sorted by pattern, so EM sums them in one order from run to run
    counted = levels.select(packed.alias("p"))["p"].value_counts(name="count").sort("p")
    code = pl.col("p")
    fields = [
        pl.when(part != _MISSING).then(part).cast(levels.schema[name]).alias(name)
        for i, name in enumerate(names)
        for part in [(code // (1 << (_BITS * i))) % (1 << _BITS)]
    ]
    return counted.select(*fields, pl.col("count").cast(pl.Float64))


def _agrees(spec: FieldSpec) -> pl.Expr:
    """The pair agrees on the field: level ``close`` or better (``exact`` for other kinds)."""
    cut = spec.levels.index("close") if "close" in spec.levels else len(spec.levels) - 1
    return (pl.col(spec.name) >= cut).fill_null(value=False)


def _session(
    levels: pl.DataFrame, train: list[FieldModel], where: pl.Expr, prior: float
) -> dict[str, FieldModel]:
    """EM for ``train``'s m on the pairs selected by ``where`` (fields it uses left out)."""
    subset = levels.filter(where)
    if subset.height < MIN_SESSION_PAIRS or not train:
        return {}
    fitted, _, _, _ = _em(subset, tuple(train), prior, update_m=True)
    return {f.field: f for f in fitted}


def fit(
    candidate_levels: pl.DataFrame,
    specs: Sequence[FieldSpec],
    u: dict[str, tuple[float, ...]],
    *,
    pairs: int | None = None,
    initial_prior: float = 0.3,
) -> MatchModel:
    """Fit m and the prior by EM over the candidate pairs' comparison patterns.

    Blocking makes non-matching candidates agree on names far more than random pairs do, which
    breaks EM's independence assumption. So, as splink does, m is trained in two sessions: the
    name fields' m on pairs that agree on two or more other fields, the other fields' m on pairs
    that agree on every name field. The share of matches among the candidates is then fitted
    over all candidates with m fixed; spread over ``pairs`` (every pair that could match; the
    candidates if not given) it gives the prior.
    """
    fields = {
        s.name: FieldModel(s.name, s.kind, s.levels, _initial_m(len(s.levels)), u[s.name])
        for s in specs
    }
    names = [s for s in specs if s.kind in NAME_KINDS]
    others = [s for s in specs if s.kind not in NAME_KINDS]
    if names and others:
        need = min(2, len(others))
        agree_others = pl.sum_horizontal(_agrees(s).cast(pl.Int32) for s in others) >= need
        agree_names = pl.all_horizontal(_agrees(s) for s in names)
        fields |= _session(candidate_levels, [fields[s.name] for s in names], agree_others, 0.5)
        fields |= _session(candidate_levels, [fields[s.name] for s in others], agree_names, 0.5)
        final, prior, iterations, converged = _em(
            candidate_levels, tuple(fields[s.name] for s in specs), initial_prior, update_m=False
        )
    else:
        final, prior, iterations, converged = _em(
            candidate_levels, tuple(fields.values()), initial_prior, update_m=True
        )
    return MatchModel(
        _random_pair_prior(prior, candidate_levels.height, pairs),
        final,
        iterations,
        converged,
        candidate_share=prior,
    )


def _random_pair_prior(share: float, candidates: int, pairs: int | None) -> float:
    """The chance two random records match: the matches among candidates over all pairs.

    Blocking is taken to hold (nearly) every match; the result never exceeds ``share``.
    """
    if pairs is None or pairs <= candidates:
        return share
    return min(max(share * candidates / pairs, MIN_PRIOR), share)


def _em_step(
    patterns: pl.DataFrame, fields: tuple[FieldModel, ...], prior: float
) -> tuple[tuple[FieldModel, ...], float]:
    weight = _weight_expr(fields, prior)
    posterior = probability_expr(weight)
    expected = patterns.with_columns(g=posterior * pl.col("count"))
    sums = expected.select(
        pl.col("g").sum().alias("total"),
        *(
            pl.col("g").filter(pl.col(f.field) == i).sum().alias(f"{f.field}\x1f{i}")
            for f in fields
            for i in range(len(f.levels))
        ),
    ).row(0, named=True)
    total_count = float(patterns["count"].sum())
    prior_new = min(max(sums["total"] / total_count, 1e-6), 1 - 1e-6)
    new_fields = []
    for f in fields:
        start = _initial_m(len(f.levels))
        tally = [sums[f"{f.field}\x1f{i}"] + PRIOR_PAIRS * start[i] for i in range(len(f.levels))]
        m = tuple(t / sum(tally) for t in tally)
        new_fields.append(FieldModel(f.field, f.kind, f.levels, m, f.u))
    return tuple(new_fields), prior_new


@cache
def field_priors() -> dict[str, Any]:
    """The bundled m/u priors per comparison kind (``_data/match_priors.json``)."""
    text = resources.files("clientmig").joinpath("_data/match_priors.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def from_priors(
    specs: Sequence[FieldSpec],
    u: dict[str, tuple[float, ...]],
    *,
    random_pairs: int,
    records: int,
    pairs: int,
    candidates: int,
) -> MatchModel:
    """A model from the field priors, for a list with too few candidate pairs to fit.

    m is the prior's; u blends the list's own (``u``, from ``random_pairs`` pairs) with the
    prior's, weighted ``PRIOR_U_PAIRS``; two random records match with probability
    ``DUPLICATE_SHARE * records / pairs``.
    """
    kinds = field_priors()["kinds"]
    fields = []
    for spec in specs:
        m_prior, u_prior = kinds[spec.kind]["m"], kinds[spec.kind]["u"]
        own = u[spec.name]
        blended = tuple(
            (random_pairs * a + PRIOR_U_PAIRS * b) / (random_pairs + PRIOR_U_PAIRS)
            for a, b in zip(own, u_prior)
        )
        fields.append(FieldModel(spec.name, spec.kind, spec.levels, tuple(m_prior), blended))
    prior = min(max(DUPLICATE_SHARE * records / max(pairs, 1), MIN_PRIOR), 0.5)
    reason = (
        f"field priors (m and u estimated on the bundled synthetic client list, u blended with "
        f"this list's random pairs): {candidates} candidate pairs are too few to fit a model by "
        f"EM (fewer than {MIN_FIT_PAIRS}); {DUPLICATE_SHARE:.0%} of records are taken to be "
        "duplicates"
    )
    return MatchModel(prior, tuple(fields), 0, True, prior, PRIORS, reason)
