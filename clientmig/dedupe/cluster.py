"""Clustering that does not chain.

The rule, in two passes over the scored pairs, strongest first:

1. *sure* pass: two groups join along a pair with probability >= the sure threshold, but only
   when **every** pair across the two groups has probability >= the review threshold (a relaxed
   complete linkage), no pair across them is vetoed, and at most one of the records is from the
   existing set. So A-B and B-C never pull A and C together when A and C do not match.
2. *review* pass: the sure groups join the same way along pairs between the review and the sure
   threshold; a cluster formed by such a join is a *review* cluster (merged only when accepted).

Pairs inside a connected component that blocking never compared are scored first (components
of at most ``max_component`` records), so the "every pair" check sees real scores.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

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


def components(size: int, left: list[int], right: list[int]) -> list[int]:
    """Connected-component root of each record over the given edges."""
    uf = _UnionFind(size)
    for a, b in zip(left, right):
        uf.union(a, b)
    return [uf.find(i) for i in range(size)]


def missing_component_pairs(
    roots: list[int], scored: pl.DataFrame, *, n_new: int, max_component: int = MAX_COMPONENT
) -> pl.DataFrame:
    """Pairs inside small components (3..max_component records) that were never scored."""
    frame = pl.DataFrame(
        {"idx": range(len(roots)), "root": roots}, schema={"idx": pl.Int64, "root": pl.Int64}
    )
    sizes = frame.group_by("root").len()
    small = sizes.filter(pl.col("len").is_between(3, max_component)).select("root")
    members = frame.join(small, on="root", how="semi")
    pairs = (
        members.join(members, on="root", suffix="_r")
        .filter((pl.col("idx_r") > pl.col("idx")) & (pl.col("idx") < n_new))
        .select(left_index="idx", right_index="idx_r")
    )
    return pairs.join(
        scored.select("left_index", "right_index"), on=["left_index", "right_index"], how="anti"
    )


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

    ``edges`` holds every scored pair with ``left_index, right_index, probability`` (vetoed pairs
    already at probability 0).
    """
    strong = edges.filter(pl.col("probability") >= review).sort(
        ["probability", "left_index", "right_index"], descending=[True, False, False]
    )
    lefts, rights = strong["left_index"].to_list(), strong["right_index"].to_list()
    probs = strong["probability"].to_list()
    linked = set(zip(lefts, rights))
    uf = _UnionFind(size)
    members: dict[int, list[int]] = {}
    weakest: dict[int, float] = {}
    review_roots: set[int] = set()

    def group(root: int) -> list[int]:
        return members.get(root, [root])

    def can_join(a: list[int], b: list[int]) -> bool:
        if sum(map(is_existing, a)) + sum(map(is_existing, b)) > 1:
            return False
        return all((min(x, y), max(x, y)) in linked for x in a for y in b)

    def run(pass_sure: bool) -> None:
        for a, b, p in zip(lefts, rights, probs):
            if (p >= sure) != pass_sure:
                continue
            ra, rb = uf.find(a), uf.find(b)
            if ra == rb or not can_join(group(ra), group(rb)):
                continue
            joined = group(ra) + group(rb)
            weak = min(p, weakest.get(ra, 1.0), weakest.get(rb, 1.0))
            is_review = not pass_sure or ra in review_roots or rb in review_roots
            for old in (ra, rb):
                members.pop(old, None)
                weakest.pop(old, None)
                review_roots.discard(old)
            root = uf.union(ra, rb)
            members[root], weakest[root] = joined, weak
            if is_review:
                review_roots.add(root)

    run(pass_sure=True)
    core = [uf.find(i) for i in range(size)]
    run(pass_sure=False)
    return Clustering([uf.find(i) for i in range(size)], core, weakest, review_roots)
