"""Clustering that does not chain.

The rule, in two passes over the scored pairs, strongest first:

1. *sure* pass: two groups join along a pair with probability >= the sure threshold, but only
   when **every** pair across the two groups would reach the review threshold from even prior
   odds (its fields' evidence alone: the two records are already tied to one cluster, so the
   long odds against two random records matching no longer apply; a relaxed complete linkage),
   no pair across them is vetoed, and at most one of the records is from the existing set. So
   A-B and B-C never pull A and C together when A and C's own fields say they differ.
2. *review* pass: the sure groups join the same way along pairs between the review and the sure
   threshold; a cluster formed by such a join is a *review* cluster (merged only when accepted).

Pairs inside a connected component that blocking never compared are scored first (components
of at most ``max_component`` records), so the "every pair" check sees real scores.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from clientmig.dedupe.model import log_odds

MAX_COMPONENT = 60


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
        return min(ra, rb)


def components(
    size: int, left: Sequence[int] | np.ndarray, right: Sequence[int] | np.ndarray
) -> list[int]:
    """Connected-component root (smallest member) of each record over the given edges."""
    labels = component_labels(
        size, np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)
    )
    result: list[int] = labels.tolist()
    return result


def component_labels(size: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Vectorised min-label propagation with pointer jumping: the smallest index per component."""
    labels = np.arange(size, dtype=np.int64)
    if not len(left):
        return labels
    while True:
        low = np.minimum(labels[left], labels[right])
        before = labels.copy()
        np.minimum.at(labels, left, low)
        np.minimum.at(labels, right, low)
        while True:
            jumped = labels[labels]
            if np.array_equal(jumped, labels):
                break
            labels = jumped
        if np.array_equal(labels, before):
            return labels


def missing_component_pairs(
    roots: Sequence[int] | np.ndarray,
    scored: pl.DataFrame,
    *,
    n_new: int,
    max_component: int = MAX_COMPONENT,
) -> pl.DataFrame:
    """Pairs inside small components (3..max_component records) that were never scored."""
    root = np.asarray(roots, dtype=np.int64)
    frame = pl.DataFrame({"idx": np.arange(len(root), dtype=np.int64), "root": root})
    sizes = frame.group_by("root").len()
    small = sizes.filter(pl.col("len").is_between(3, max_component))["root"]
    members = frame.filter(pl.col("root").is_in(small.implode()))
    shift = pl.lit(1 << 32, pl.Int64)
    pairs = (
        members.join(members, on="root", suffix="_r")
        .filter((pl.col("idx_r") > pl.col("idx")) & (pl.col("idx") < n_new))
        .select(pair=pl.col("idx") * shift + pl.col("idx_r"))
    )
    # only the scored pairs inside those components can be among them
    in_small = np.zeros(len(root), dtype=bool)
    in_small[small.to_numpy()] = True
    left = scored["left_index"].to_numpy()
    inside = scored.filter(pl.Series(in_small[root[left]])).select(
        pair=pl.col("left_index") * shift + pl.col("right_index")
    )
    missing = pairs.join(inside, on="pair", how="anti").sort("pair")["pair"]
    return pl.DataFrame({"left_index": missing // (1 << 32), "right_index": missing % (1 << 32)})


@dataclass(frozen=True, slots=True)
class Clustering:
    """Per record: cluster root, sure-core root, and per cluster its weakest join and band."""

    root: list[int]
    core: list[int]
    weakest: dict[int, float]
    review: set[int]


def cluster(
    size: int,
    edges: pl.DataFrame,
    *,
    sure: float,
    review: float,
    is_existing: Callable[[int], bool],
) -> Clustering:
    """Greedy two-pass clustering (see the module docstring) over ``edges``.

    ``edges`` holds every scored pair with ``left_index, right_index, probability``,
    ``evidence`` (log2 Bayes factor of its fields) and ``veto`` (vetoed pairs already at
    probability 0). Components of the strong edges that are a single
    pair are settled at once; the greedy passes run only inside larger components.
    """
    strong = edges.filter(pl.col("probability") >= review)
    left = strong["left_index"].to_numpy().astype(np.int64)
    right = strong["right_index"].to_numpy().astype(np.int64)
    labels = component_labels(size, left, right)
    root = labels.copy()
    core = np.arange(size, dtype=np.int64)
    weakest: dict[int, float] = {}
    review_roots: set[int] = set()

    # component sizes by label (numpy: a group-by and two joins over 10^7 pairs cost seconds)
    counts = np.bincount(labels, minlength=size)
    pairs_only = strong.filter(pl.Series(counts[labels[left]] == 2))
    if pairs_only.height:
        probs = pairs_only["probability"].to_numpy()
        lab = labels[pairs_only["left_index"].to_numpy()]
        sure_pair = probs >= sure
        members = np.concatenate(
            [pairs_only["left_index"].to_numpy(), pairs_only["right_index"].to_numpy()]
        )
        core[members] = np.concatenate(
            [
                np.where(sure_pair, lab, members[: len(lab)]),
                np.where(sure_pair, lab, members[len(lab) :]),
            ]
        )
        weakest.update(zip(lab.tolist(), probs.tolist()))
        review_roots.update(lab[~sure_pair].tolist())

    if (counts > 2).any():
        # every scored pair inside a component of three or more records
        first = labels[edges["left_index"].to_numpy()]
        within = (first == labels[edges["right_index"].to_numpy()]) & (counts[first] > 2)
        inside = edges.select(
            "left_index", "right_index", "probability", "evidence", "veto"
        ).filter(pl.Series(within))
        _greedy(
            inside,
            sure=sure,
            review=review,
            is_existing=is_existing,
            root=root,
            core=core,
            weakest=weakest,
            review_roots=review_roots,
        )
    return Clustering(root.tolist(), core.tolist(), weakest, review_roots)


def _greedy(
    edges: pl.DataFrame,
    *,
    sure: float,
    review: float,
    is_existing: Callable[[int], bool],
    root: np.ndarray,
    core: np.ndarray,
    weakest: dict[int, float],
    review_roots: set[int],
) -> None:
    """The two greedy passes over the pairs inside multi-record components (fills the outputs)."""
    score = {
        (a, b): (e, v is not None)
        for a, b, e, v in edges.select("left_index", "right_index", "evidence", "veto").iter_rows()
    }
    floor = log_odds(review)
    strong = edges.filter(pl.col("probability") >= review).sort(
        ["probability", "left_index", "right_index"], descending=[True, False, False]
    )
    lefts, rights = strong["left_index"].to_list(), strong["right_index"].to_list()
    probs = strong["probability"].to_list()
    uf = _UnionFind(len(root))
    members: dict[int, list[int]] = {}
    weak: dict[int, float] = {}
    reviewed: set[int] = set()

    def group(r: int) -> list[int]:
        return members.get(r, [r])

    def can_join(a: list[int], b: list[int]) -> bool:
        if sum(map(is_existing, a)) + sum(map(is_existing, b)) > 1:
            return False
        return _linked(
            [score.get((min(x, y), max(x, y)), (-math.inf, False)) for x in a for y in b], floor
        )

    def run(pass_sure: bool) -> None:
        for a, b, p in zip(lefts, rights, probs):
            if (p >= sure) != pass_sure:
                continue
            ra, rb = uf.find(a), uf.find(b)
            if ra == rb or not can_join(group(ra), group(rb)):
                continue
            joined = group(ra) + group(rb)
            w = min(p, weak.get(ra, 1.0), weak.get(rb, 1.0))
            is_review = not pass_sure or ra in reviewed or rb in reviewed
            for old in (ra, rb):
                members.pop(old, None)
                weak.pop(old, None)
                reviewed.discard(old)
            r = uf.union(ra, rb)
            members[r], weak[r] = joined, w
            if is_review:
                reviewed.add(r)

    nodes = sorted({*lefts, *rights})
    run(pass_sure=True)
    for i in nodes:
        core[i] = uf.find(i)
    run(pass_sure=False)
    for i in nodes:
        root[i] = uf.find(i)
    weakest.update(weak)
    review_roots.update(reviewed)


def _linked(cross: list[tuple[float, bool]], floor: float) -> bool:
    """May two groups join, given the (evidence, vetoed) of every pair across them?"""
    return all(e >= floor and not vetoed for e, vetoed in cross)
