"""A reviewer's verdict on a duplicate cluster, identified by its members.

Cluster ids change between runs, and next month's export numbers its rows anew. So a decision
holds both its members' lineage (source file, sheet, row) and their client keys
(:mod:`clientmig.dedupe.client_keys`: client code, national or enterprise number, e-mail,
content). It replays on the same rows when the cluster still holds exactly them; otherwise each
member is found again by any of its keys (given the data), so reordered rows and a few edited
values still replay. An explicit ``distinct`` ("different clients") applies whenever its members
are found, whatever cluster they are in now: it beats an automatic merge. A decision that
cannot be placed is reported as a :class:`StaleDecision`, never silently dropped.

Reviewers who split a queue each save their own file (:func:`save_decisions`);
:func:`merge_decision_files` merges them and reports records decided differently as a
:class:`DecisionConflict`, never choosing between them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import polars as pl

from clientmig.dedupe.client_keys import client_keys
from clientmig.errors import DedupeError
from clientmig.export.files import write_file_text
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
    # per member (aligned with ``members`` as given): its client keys, to find it again
    member_keys: tuple[tuple[str, ...], ...] = ()

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            msg = f"verdict must be one of {', '.join(VERDICTS)}, not {self.verdict!r}"
            raise DedupeError(msg)
        if self.member_keys:
            if len(self.member_keys) != len(self.members):
                msg = "member_keys must give one tuple of keys per member"
                raise DedupeError(msg)
            by_member = {
                m: tuple(k)
                for m, k in zip(
                    (_members([m])[0] for m in self.members), (tuple(k) for k in self.member_keys)
                )
            }
            ordered = _members(self.members)
            object.__setattr__(self, "member_keys", tuple(by_member[m] for m in ordered))
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
            **({"keys": [list(k) for k in self.member_keys]} if self.member_keys else {}),
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
            member_keys=tuple(tuple(k) for k in data.get("keys", ())),
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
        frame: pl.DataFrame | None = None,
    ) -> ClusterDecision:
        """Build a decision from a ``Duplicates.clusters`` frame; groups by ``row_index``.

        With ``frame`` (the rows ``find_duplicates`` saw, stacked), the members' client keys
        are kept too, so the decision replays on a reordered or edited export."""
        rows = clusters.filter(pl.col("cluster_id") == cluster_id)
        if rows.is_empty():
            msg = f"no cluster {cluster_id}"
            raise DedupeError(msg)
        lineage = {r[0]: r[1:] for r in rows.select("row_index", SOURCE, SHEET, ROW).iter_rows()}
        keys: tuple[tuple[str, ...], ...] = ()
        if frame is not None:
            per_row = client_keys(frame.select(pl.all().gather(list(lineage))))
            keys = tuple(tuple(k) for k in per_row.to_list())
        return cls(
            cluster_id=cluster_id,
            verdict=verdict,
            members=tuple(lineage.values()),
            groups=tuple(_members(lineage[i] for i in g) for g in groups),
            survivors=survivors or {},
            member_keys=keys,
        )


@dataclass(frozen=True, slots=True)
class StaleDecision:
    """A decision that no longer fits the current clusters, and why."""

    decision: ClusterDecision
    reason: str


def resolve_decisions(
    clusters: pl.DataFrame,
    decisions: Iterable[ClusterDecision],
    frame: pl.DataFrame | None = None,
) -> tuple[dict[int, ClusterDecision], list[StaleDecision]]:
    """Match decisions to today's clusters: by member lineage, else (given ``frame``, the
    stacked rows) by client keys (module doc).

    Returns the decisions that apply, by current cluster id (a decision placed by keys comes
    back with today's lineage), and the stale ones with a reason. A later decision on the same
    cluster replaces an earlier one (reported as stale); ``distinct`` ones come last.
    """
    where: dict[Lineage, int] = {}
    size: dict[int, int] = {}
    for source, sheet, row, cluster_id in clusters.select(
        SOURCE, SHEET, ROW, "cluster_id"
    ).iter_rows():
        where[(source, sheet, row)] = cluster_id
        size[cluster_id] = size.get(cluster_id, 0) + 1
    decisions = list(decisions)
    keyed = frame is not None and any(d.member_keys for d in decisions)
    finder = _KeyFinder(clusters, frame) if keyed and frame is not None else None
    applied: dict[int, ClusterDecision] = {}
    stale: list[StaleDecision] = []
    for decision in decisions:
        placed: ClusterDecision | None = decision
        if finder is not None and decision.member_keys:
            # a row number may now hold another client: members are found by their keys
            placed = finder.place(decision)
            reason = None if placed else "a member is no longer in the data (no key matches)"
            cluster_id = where[placed.members[0]] if placed else -1
        else:
            reason, cluster_id = _mismatch(decision, where, size)
            anywhere = all(m in where for m in decision.members)
            if reason is not None and decision.verdict == "distinct" and anywhere:
                reason, cluster_id = None, where[decision.members[0]]  # different clients
        if reason is not None or placed is None:
            stale.append(StaleDecision(decision, reason or "not placed"))
            continue
        if cluster_id in applied:
            stale.append(StaleDecision(applied[cluster_id], "replaced by a later decision"))
        applied[cluster_id] = placed
    last = sorted(applied.items(), key=lambda item: item[1].verdict == "distinct")
    return dict(last), stale


class _KeyFinder:
    """Today's rows by client key, to place a decision's members again."""

    def __init__(self, clusters: pl.DataFrame, frame: pl.DataFrame) -> None:
        lineage = clusters.sort("row_index").select(SOURCE, SHEET, ROW).rows()
        self.lineage: list[Lineage] = [
            (s, sh, None if r is None else int(r)) for s, sh, r in lineage
        ]
        self.row_at = {m: i for i, m in enumerate(self.lineage)}
        self.keys_of: list[set[str]] = [set(k) for k in client_keys(frame).to_list()]
        self.rows_of: dict[str, list[int]] = {}
        for row, keys in enumerate(self.keys_of):
            for key in keys:
                self.rows_of.setdefault(key, []).append(row)

    def place(self, decision: ClusterDecision) -> ClusterDecision | None:
        """The decision on today's rows, or None when a member is not found once."""
        used: set[int] = set()
        now: dict[Lineage, Lineage] = {}
        for member, keys in zip(decision.members, decision.member_keys):
            # the same row if it is still this client, else by the strongest key first
            here = self.row_at.get(member, -1)
            same = 0 <= here < len(self.keys_of) and bool(self.keys_of[here] & set(keys))
            options = [here] if same and here not in used else []
            # a shared e-mail or phone can point at a spouse too: the row sharing most keys wins
            shared: dict[int, int] = {}
            for rank, key in enumerate(keys):
                for r in self.rows_of.get(key, []):
                    if r not in used:
                        shared[r] = shared.get(r, 0) + len(keys) * 10 - rank
            options += sorted(shared, key=lambda r: (-shared[r], r))
            if not options:
                return None
            used.add(options[0])
            now[member] = self.lineage[options[0]]
        return ClusterDecision(
            cluster_id=decision.cluster_id,
            verdict=decision.verdict,
            members=tuple(now[m] for m in decision.members),
            groups=tuple(tuple(now[m] for m in g) for g in decision.groups),
            survivors=decision.survivors,
            member_keys=decision.member_keys,
        )


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


# -- decision files: one per reviewer, merged with conflicts shown ------------------------------
FILE_FORMAT = "clientmig_cluster_decisions"


def save_decisions(
    path: str | Path,
    decisions: Iterable[ClusterDecision],
    *,
    reviewer: str | None = None,
    force: bool = True,
) -> Path:
    """Write one reviewer's decisions as JSON (atomically); ``force=False`` keeps a file."""
    body: dict[str, Any] = {FILE_FORMAT: 1}
    if reviewer is not None:
        body["reviewer"] = reviewer
    body["decisions"] = [d.to_dict() for d in decisions]
    return write_file_text(path, json.dumps(body, indent=2, ensure_ascii=False) + "\n", force=force)


def load_decisions(path: str | Path) -> tuple[ClusterDecision, ...]:
    """A decision file's decisions: one :func:`save_decisions` wrote, or a recipe's
    ``duplicates`` section."""
    source = Path(path)
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        msg = f"decision file {source} does not exist."
        raise DedupeError(msg) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        msg = f"decision file {source} cannot be read as JSON ({exc})."
        raise DedupeError(msg) from None
    if isinstance(data, dict) and isinstance(data.get("decisions"), dict):
        data = data["decisions"].get("duplicates") or {}  # a recipe
    items = data.get("decisions") if isinstance(data, dict) else None
    if not isinstance(items, list):
        msg = f"decision file {source} holds no list of cluster decisions."
        raise DedupeError(msg)
    try:
        return tuple(ClusterDecision.from_dict(item) for item in items)
    except (KeyError, TypeError, ValueError) as exc:
        msg = f"decision file {source} holds a decision that is not complete ({exc})."
        raise DedupeError(msg) from None


@dataclass(frozen=True, slots=True)
class DecisionConflict:
    """Records decided differently by two or more reviewers: ``decisions`` are
    ``(where from, decision)`` pairs; none of them is applied."""

    members: tuple[Lineage, ...]
    decisions: tuple[tuple[str, ClusterDecision], ...]


@dataclass(frozen=True, slots=True)
class MergedDecisions:
    """The decisions of several reviewers: those that agree, and the conflicts."""

    decisions: tuple[ClusterDecision, ...]
    conflicts: tuple[DecisionConflict, ...]
    sources: Mapping[str, int] = field(default_factory=dict)


def _same(a: ClusterDecision, b: ClusterDecision) -> bool:
    return (a.verdict, a.members, a.groups, dict(a.survivors)) == (
        b.verdict,
        b.members,
        b.groups,
        dict(b.survivors),
    )


def merge_decisions(
    sets: Mapping[str, Iterable[ClusterDecision]] | Sequence[Iterable[ClusterDecision]],
) -> MergedDecisions:
    """Merge reviewers' decisions (by name, or in order), never resolving a conflict.

    Decisions touching the same records are one cluster's: when they agree they count once,
    when they differ (verdict, members, groups or surviving values) every one of them is
    reported in a :class:`DecisionConflict` and none is kept. Within one reviewer's set a later
    decision on the same records replaces an earlier one, as on replay.
    """
    named = dict(sets) if isinstance(sets, Mapping) else {str(i + 1): s for i, s in enumerate(sets)}
    taken: list[tuple[str, ClusterDecision]] = []
    counts: dict[str, int] = {}
    for name, decisions in named.items():
        own: dict[tuple[Lineage, ...], ClusterDecision] = {}
        for d in decisions:
            for key in [k for k in own if set(k) & set(d.members)]:
                del own[key]
            own[d.members] = d
        counts[name] = len(own)
        taken += [(name, d) for d in own.values()]
    # group decisions whose members overlap (union-find over members)
    parent = list(range(len(taken)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[Lineage, int] = {}
    for i, (_, d) in enumerate(taken):
        for m in d.members:
            if m in first:
                parent[root(i)] = root(first[m])
            else:
                first[m] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(taken)):
        groups.setdefault(root(i), []).append(i)
    agreed: list[ClusterDecision] = []
    conflicts: list[DecisionConflict] = []
    for members in groups.values():
        chosen = [taken[i] for i in members]
        if all(_same(chosen[0][1], d) for _, d in chosen[1:]):
            agreed.append(chosen[0][1])
            continue
        everyone = _members(m for _, d in chosen for m in d.members)
        conflicts.append(DecisionConflict(everyone, tuple(chosen)))
    return MergedDecisions(tuple(agreed), tuple(conflicts), counts)


def merge_decision_files(paths: Iterable[str | Path]) -> MergedDecisions:
    """:func:`merge_decisions` over decision files (or recipes), named by their paths."""
    return merge_decisions({str(p): load_decisions(p) for p in paths})
