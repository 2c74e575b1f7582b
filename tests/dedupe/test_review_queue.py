"""The review queue: uncertain clusters first, most at stake first, split between reviewers;
reviewers' decision files merged with conflicts shown."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clientmig.dedupe import ClusterDecision, Duplicates, find_duplicates
from clientmig.dedupe.decisions import (
    load_decisions,
    merge_decision_files,
    merge_decisions,
    save_decisions,
)
from clientmig.dedupe.review import parse_reviewer, review_queue, reviewer_share, share_of
from clientmig.errors import DedupeError
from clientmig.pipeline import Recipe


def twins(n: int) -> pl.DataFrame:
    """``n`` clients, each twice (the second with a typo in the surname), plus a triple."""
    first = [f"Client{i}" for i in range(n)]
    rows = {
        "first_name": first + first + ["Anna", "Anna", "Anna"],
        "last_name": [f"Peeters{i}" for i in range(n)]
        + [f"Peters{i}" for i in range(n)]
        + ["Maes", "Maes", "Maas"],
        "email": [f"c{i}@x.be" for i in range(n)] * 2 + ["anna@y.be"] * 3,
        "date_of_birth": [f"19{50 + i % 40}-01-0{1 + i % 9}" for i in range(n)] * 2
        + ["1970-02-03", "1970-02-03", "1970-03-02"],
    }
    return pl.DataFrame(rows)


def as_review(dups: Duplicates, sure: set[int] = frozenset()) -> Duplicates:  # type: ignore[assignment]
    """Every cluster of two or more in review, except those in ``sure``."""
    band = (
        pl.when(pl.col("band") == "distinct")
        .then(pl.lit("distinct"))
        .when(pl.col("cluster_id").is_in(list(sure)))
        .then(pl.lit("sure"))
        .otherwise(pl.lit("review"))
    )
    return replace(dups, clusters=dups.clusters.with_columns(band=band))


@pytest.fixture(scope="module")
def found() -> tuple[pl.DataFrame, Duplicates]:
    people = twins(30)
    return people, find_duplicates(people)


def test_review_first_then_most_records_then_most_disagreement(
    found: tuple[pl.DataFrame, Duplicates],
) -> None:
    people, dups = found
    sized = dups.clusters.group_by("cluster_id").len()
    assert sized["len"].max() == 3  # the triple
    some_sure = set(sized.filter(pl.col("len") == 2)["cluster_id"].head(5).to_list())
    dups = as_review(dups, some_sure)
    queue = review_queue(dups, people)
    assert queue.filter(pl.col("band") == "sure")["cluster_id"].to_list() == sorted(some_sure)
    assert queue["band"].to_list()[-5:] == ["sure"] * 5  # the sure ones come last
    assert queue.row(0, named=True)["size"] == 3  # most at stake first
    assert queue.row(0, named=True)["differing"] == 2  # surname and birth date disagree
    review = queue.filter(pl.col("band") == "review")
    assert review["size"].to_list() == sorted(review["size"].to_list(), reverse=True)
    assert review_queue(dups, people, bands=("review",)).height == review.height
    with pytest.raises(DedupeError, match="bands"):
        review_queue(dups, bands=("maybe",))


def test_split_by_key_survives_a_rerun_on_reordered_rows(
    found: tuple[pl.DataFrame, Duplicates],
) -> None:
    people, dups = found
    queue = review_queue(as_review(dups), people)
    mine = {
        r: set(
            people["email"]
            .gather(
                dups.clusters.filter(
                    pl.col("cluster_id").is_in(reviewer_share(queue, r, 3)["cluster_id"].implode())
                )["row_index"]
            )
            .to_list()
        )
        for r in (1, 2, 3)
    }
    assert sum(len(m) for m in mine.values()) == queue.height  # one e-mail per cluster
    assert all(mine.values())  # everyone has work
    # next month: the same clients, rows in another order
    again = people.reverse()
    redone = find_duplicates(again)
    queue2 = review_queue(as_review(redone), again)
    for r in (1, 2, 3):
        share = reviewer_share(queue2, r, 3)
        rows = redone.clusters.filter(pl.col("cluster_id").is_in(share["cluster_id"].implode()))
        assert set(again["email"].gather(rows["row_index"]).to_list()) == mine[r]


def test_split_by_range_cuts_the_queue_in_slices(found: tuple[pl.DataFrame, Duplicates]) -> None:
    people, dups = found
    queue = review_queue(as_review(dups), people)
    parts = [reviewer_share(queue, r, 4, by="range") for r in (1, 2, 3, 4)]
    assert pl.concat(parts).equals(queue)  # in order, disjoint, complete
    assert max(p.height for p in parts) - min(p.height for p in parts) <= 1
    assert share_of(queue, 1).unique().to_list() == [1]
    with pytest.raises(DedupeError, match="between 1"):
        reviewer_share(queue, 4, 3)
    assert parse_reviewer("2/3") == (2, 3)
    assert parse_reviewer("1 of 2") == (1, 2)
    for bad in ("3", "0/2", "4/3", "a/b"):
        with pytest.raises(DedupeError):
            parse_reviewer(bad)


def _decide(dups: Duplicates, people: pl.DataFrame, cluster: int, verdict: str) -> ClusterDecision:
    return ClusterDecision.for_cluster(dups.clusters, cluster, verdict, frame=people)  # type: ignore[arg-type]


def test_merging_reviewers_files_shows_conflicts(
    tmp_path: Path, found: tuple[pl.DataFrame, Duplicates]
) -> None:
    people, dups = found
    ids = review_queue(as_review(dups), people)["cluster_id"].to_list()
    a = [_decide(dups, people, ids[0], "accept"), _decide(dups, people, ids[1], "distinct")]
    b = [
        _decide(dups, people, ids[1], "distinct"),  # agrees: counted once
        _decide(dups, people, ids[2], "accept"),
        _decide(dups, people, ids[0], "distinct"),  # disagrees with a
    ]
    first = save_decisions(tmp_path / "a.json", a, reviewer="1/2")
    second = save_decisions(tmp_path / "b.json", b, reviewer="2/2")
    assert json.loads(first.read_text())["reviewer"] == "1/2"
    assert load_decisions(first) == tuple(a)
    merged = merge_decision_files([first, second])
    assert sorted(d.cluster_id for d in merged.decisions) == sorted([ids[1], ids[2]])
    (conflict,) = merged.conflicts
    assert {(who, d.verdict) for who, d in conflict.decisions} == {
        (str(first), "accept"),
        (str(second), "distinct"),
    }
    assert conflict.members == a[0].members
    assert merged.sources == {str(first): 2, str(second): 3}
    # a later decision of the same reviewer replaces the earlier one, as on replay
    again = merge_decisions([[a[0], _decide(dups, people, ids[0], "distinct")]])
    assert [d.verdict for d in again.decisions] == ["distinct"]
    assert not again.conflicts
    # a recipe holds decisions too
    recipe = Recipe(target="karbon").with_decisions(
        "duplicates", {"decisions": [d.to_dict() for d in b]}
    )
    recipe.save(tmp_path / "recipe.json")
    assert load_decisions(tmp_path / "recipe.json") == tuple(b)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "does not exist"),
        ("{", "as JSON"),
        ("[]", "no list"),
        ('{"decisions": [{}]}', "complete"),
    ],
)
def test_a_bad_decision_file_is_one_sentence(
    tmp_path: Path, content: str | None, says: str
) -> None:
    path = tmp_path / "d.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(DedupeError, match=says):
        load_decisions(path)


_LINEAGE = [("a.csv", None, row) for row in range(2, 10)]
_decisions = st.builds(
    lambda members, verdict: ClusterDecision(0, verdict, tuple(members)),
    st.lists(st.sampled_from(_LINEAGE), min_size=2, max_size=3, unique=True),
    st.sampled_from(["accept", "split", "distinct"]),
)


@settings(max_examples=80)
@given(st.lists(st.lists(_decisions, max_size=4), min_size=1, max_size=3))
def test_merging_never_resolves_a_conflict_and_loses_no_record(
    reviewers: list[list[ClusterDecision]],
) -> None:
    merged = merge_decisions(reviewers)
    agreed = [set(d.members) for d in merged.decisions]
    disputed = [set(c.members) for c in merged.conflicts]
    taken = [m for group in agreed for m in group]
    assert len(taken) == len(set(taken))  # agreed decisions never share a record
    assert not set(taken) & {m for group in disputed for m in group}
    for conflict in merged.conflicts:
        verdicts = {(d.verdict, d.members) for _, d in conflict.decisions}
        assert len(verdicts) > 1  # a real disagreement, reported whole
    # every record some reviewer decided last is either agreed on or in a conflict
    last: set[tuple[str, None, int]] = set()
    for own in reviewers:
        kept: list[ClusterDecision] = []
        for d in own:
            kept = [k for k in kept if not set(k.members) & set(d.members)] + [d]
        last |= {m for d in kept for m in d.members}  # type: ignore[misc]
    assert last == set(taken) | {m for group in disputed for m in group}
    for d in merged.decisions:
        assert any(d in own for own in reviewers)
