"""A reviewer's verdict on a duplicate cluster, identified by its members' lineage.

Cluster ids change between runs; lineage (source file, sheet, row) does not, so a decision made
once replays on the next run as long as the cluster still holds exactly the same records. One
that no longer fits (a member gone, the members now in several clusters, or a new record in the
cluster) is reported as a :class:`StaleDecision`, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, cast

import polars as pl

from clientmig.errors import DedupeError
from clientmig.lineage import ROW, SHEET, SOURCE

Verdict = Literal["accept", "split", "distinct"]
VERDICTS: tuple[Verdict, ...] = ("accept", "split", "distinct")
Lineage = tuple[str | None, str | None, int | None]


def _sort_key(member: Lineage) -> tuple[str, str, int]:
    source, sheet, row = member
    return (source or "", sheet or "", -1 if row is None else row)


def _members(items: Iterable[Sequence[Any]]) -> tuple[Lineage, ...]:
    members = {(m[0], m[1], None if m[2] is None else int(m[2])) for m in items}
    return tuple(sorted(members, key=_sort_key))


@dataclass(frozen=True, slots=True)
class ClusterDecision:
    """``accept`` merges the cluster, ``distinct`` keeps every record apart, ``split`` merges
    each of ``groups`` (records in no group stay alone). ``survivors`` overrides golden-record
    values per field when the cluster is accepted."""

    cluster_id: int
    verdict: Verdict
    members: tuple[Lineage, ...]
    groups: tuple[tuple[Lineage, ...], ...] = ()
    survivors: Mapping[str, str | None] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            msg = f"verdict must be one of {', '.join(VERDICTS)}, not {self.verdict!r}"
            raise DedupeError(msg)
        object.__setattr__(self, "members", _members(self.members))
        object.__setattr__(self, "groups", tuple(_members(g) for g in self.groups))
        object.__setattr__(self, "survivors", dict(self.survivors))
        grouped = [m for g in self.groups for m in g]
        if len(grouped) != len(set(grouped)) or not set(grouped) <= set(self.members):
            msg = "split groups must be disjoint and drawn from the cluster's members"
            raise DedupeError(msg)
        if self.verdict != "split" and self.groups:
            msg = "only a split decision has groups"
            raise DedupeError(msg)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "cluster_id": self.cluster_id,
            "verdict": self.verdict,
            "members": [list(m) for m in self.members],
            "groups": [[list(m) for m in g] for g in self.groups],
            "survivors": dict(self.survivors),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ClusterDecision:
        """Inverse of :meth:`to_dict`."""
        return cls(
            cluster_id=int(data["cluster_id"]),
            verdict=cast(Verdict, data["verdict"]),
            members=_members(data["members"]),
            groups=tuple(_members(g) for g in data.get("groups", ())),
            survivors=dict(data.get("survivors", {})),
        )

    @classmethod
    def for_cluster(
        cls,
        clusters: pl.DataFrame,
        cluster_id: int,
        verdict: Verdict,
        *,
        groups: Sequence[Sequence[int]] = (),
        survivors: Mapping[str, str | None] | None = None,
    ) -> ClusterDecision:
        """Build a decision from a ``Duplicates.clusters`` frame; groups by ``row_index``."""
        rows = clusters.filter(pl.col("cluster_id") == cluster_id)
        if rows.is_empty():
            msg = f"no cluster {cluster_id}"
            raise DedupeError(msg)
        lineage = {r[0]: r[1:] for r in rows.select("row_index", SOURCE, SHEET, ROW).iter_rows()}
        return cls(
            cluster_id=cluster_id,
            verdict=verdict,
            members=_members(lineage.values()),
            groups=tuple(_members(lineage[i] for i in g) for g in groups),
            survivors=survivors or {},
        )


@dataclass(frozen=True, slots=True)
class StaleDecision:
    """A decision that no longer fits the current clusters, and why."""

    decision: ClusterDecision
    reason: str


def resolve_decisions(
    clusters: pl.DataFrame, decisions: Iterable[ClusterDecision]
) -> tuple[dict[int, ClusterDecision], list[StaleDecision]]:
    """Match decisions to today's clusters by member lineage.

    Returns the decisions that apply, by current cluster id, and the stale ones with a reason.
    A later decision on the same cluster replaces an earlier one (reported as stale).
    """
    where: dict[Lineage, int] = {}
    size: dict[int, int] = {}
    for source, sheet, row, cluster_id in clusters.select(
        SOURCE, SHEET, ROW, "cluster_id"
    ).iter_rows():
        where[(source, sheet, row)] = cluster_id
        size[cluster_id] = size.get(cluster_id, 0) + 1
    applied: dict[int, ClusterDecision] = {}
    stale: list[StaleDecision] = []
    for decision in decisions:
        reason, cluster_id = _mismatch(decision, where, size)
        if reason is not None:
            stale.append(StaleDecision(decision, reason))
            continue
        if cluster_id in applied:
            stale.append(StaleDecision(applied[cluster_id], "replaced by a later decision"))
        applied[cluster_id] = decision
    return applied, stale


def _mismatch(
    decision: ClusterDecision, where: Mapping[Lineage, int], size: Mapping[int, int]
) -> tuple[str | None, int]:
    missing = [m for m in decision.members if m not in where]
    if missing:
        return f"{len(missing)} member(s) no longer in the data, e.g. {missing[0]}", -1
    found = {where[m] for m in decision.members}
    if len(found) > 1:
        return f"the members are now in {len(found)} different clusters", -1
    (cluster_id,) = found
    extra = size[cluster_id] - len(decision.members)
    if extra:
        return f"cluster {cluster_id} now also holds {extra} other record(s)", -1
    return None, cluster_id
