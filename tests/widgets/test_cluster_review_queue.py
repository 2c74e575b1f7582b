"""ClusterReview at the size of a real review, driven in plain Python: the queue starts with
what needs a person, pages, splits between reviewers, and every decision can be undone."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

pytest.importorskip("ipywidgets")

from clientmig.dedupe import find_duplicates
from clientmig.dedupe.decisions import load_decisions, merge_decision_files
from clientmig.dedupe.review import review_queue
from clientmig.widgets import ClusterReview
from clientmig.widgets.cluster_review import PAGE_SIZE
from tests.dedupe.test_review_queue import as_review, twins


@pytest.fixture(scope="module")
def people() -> pl.DataFrame:
    return twins(25)


@pytest.fixture(scope="module")
def dups(people: pl.DataFrame):  # type: ignore[no-untyped-def]
    found = find_duplicates(people)
    sizes = found.clusters.group_by("cluster_id").len().filter(pl.col("len") > 1)
    sure = set(sizes.sort("cluster_id")["cluster_id"].head(6).to_list())
    return as_review(found, sure)


def test_sure_clusters_are_merged_by_the_rule_and_shown_on_request(people, dups) -> None:  # type: ignore[no-untyped-def]
    review = ClusterReview(people, dups)
    queue = review_queue(dups, people)
    uncertain = queue.filter(pl.col("band") == "review")["cluster_id"].to_list()
    assert review.cluster_ids == uncertain  # most at stake first, no sure cluster
    assert "6 sure cluster(s) are merged by the rule" in review.note.value
    assert "20 cluster(s) to review" in review.note.value
    review.sure_box.value = True  # the toggle
    assert review.cluster_ids == queue["cluster_id"].to_list()
    assert review.cluster_ids[-6:] == queue.filter(pl.col("band") == "sure")["cluster_id"].to_list()
    review.show_sure = False
    assert review.cluster_ids == uncertain


def test_the_queue_pages_without_growing(people, dups) -> None:  # type: ignore[no-untyped-def]
    review = ClusterReview(people, dups, show_sure=True)
    slots = len(review.list.children)
    assert slots == PAGE_SIZE
    assert "page 1 of 3 (26 clusters)" in review.page_label.value
    first = review.page()
    assert first.height == PAGE_SIZE
    assert first["explanation"].str.contains("same").all()
    assert review.turn(1) == 2
    assert review.page()["cluster_id"].to_list() == review.cluster_ids[PAGE_SIZE : 2 * PAGE_SIZE]
    assert review.turn(5) == 3  # stays within the pages there are
    assert review.page().height == 6
    hidden = [s for s, _ in review._slots if s.layout.display == "none"]
    assert len(hidden) == PAGE_SIZE - 6
    review._slots[0][0].children[1].click()  # open the first cluster of page 3
    assert review.current == review.cluster_ids[2 * PAGE_SIZE]
    assert len(review.list.children) == slots


@pytest.mark.parametrize("verdict", ["accept", "split", "distinct"])
def test_every_decision_can_be_undone(people, dups, verdict: str) -> None:  # type: ignore[no-untyped-def]
    review = ClusterReview(people, dups)
    seen: list[int] = []
    review.on_change(lambda decisions: seen.append(len(decisions)))
    first = review.current
    assert review.undo_button.disabled
    if verdict == "split":
        review._boxes()[0].value = review._boxes()[1].value = True
    {
        "accept": review.accept_button,
        "split": review.split_button,
        "distinct": review.distinct_button,
    }[verdict].click()
    assert [d.verdict for d in review.decisions] == [verdict]
    assert review.current != first
    assert review.page().filter(pl.col("cluster_id") == first)["verdict"][0] == verdict
    review.go(0)
    assert not review.undo_button.disabled
    review.undo_button.click()
    assert review.decisions == ()
    assert seen == [1, 0]
    assert "is undecided again" in review.status.value
    assert review.page().filter(pl.col("cluster_id") == first)["verdict"][0] is None
    # the row's own undo button in the queue does the same
    review.decide(verdict)
    review._slots[0][0].children[2].click()
    assert review.decisions == ()


def test_two_reviewers_split_the_queue_and_merge_their_files(  # type: ignore[no-untyped-def]
    tmp_path: Path, people, dups
) -> None:
    one = ClusterReview(people, dups, reviewer=(1, 2))
    two = ClusterReview(people, dups, reviewer=(2, 2))
    assert set(one.cluster_ids).isdisjoint(two.cluster_ids)
    assert sorted(one.cluster_ids + two.cluster_ids) == sorted(
        ClusterReview(people, dups).cluster_ids
    )
    assert "reviewer 1 of 2 (split by client key)" in one.note.value
    one.decide("accept")
    two.decide("distinct")
    two.decide("accept")
    a, b = one.save(tmp_path / "a.json"), two.save(tmp_path / "b.json")
    assert len(load_decisions(b)) == 2
    merged = merge_decision_files([a, b])
    assert len(merged.decisions) == 3
    assert merged.conflicts == ()
    # a colleague outside the split decides one of reviewer 1's clusters differently
    other = ClusterReview(people, dups)
    other.open_cluster(one.decisions[0].cluster_id)
    other.decide("distinct")
    c = other.save(tmp_path / "c.json")
    merged = merge_decision_files([a, b, c])
    assert len(merged.decisions) == 2
    assert [sorted(d.verdict for _, d in x.decisions) for x in merged.conflicts] == [
        ["accept", "distinct"]
    ]
    by_range = ClusterReview(people, dups, reviewer=(1, 2), split_by="range")
    assert by_range.cluster_ids == ClusterReview(people, dups).cluster_ids[:10]


def test_labels_and_explanations_in_the_users_language(people, dups) -> None:  # type: ignore[no-untyped-def]
    review = ClusterReview(people, dups, lang="nl")
    assert review.accept_button.description == "Zelfde klant"
    assert "zelfde" in review.evidence.value
    assert "clusters nagekeken" in review.status.value
    assert "pagina 1 van 2" in review.page_label.value
    french = ClusterReview(people, dups, lang="fr")
    assert french.undo_button.description.startswith("Annuler")


def test_reviewers_conflicts_are_shown_until_a_person_settles_them(  # type: ignore[no-untyped-def]
    tmp_path: Path, people, dups
) -> None:
    one = ClusterReview(people, dups)
    first, second = one.cluster_ids[:2]
    one.decide("accept")
    one.decide("accept")
    other = ClusterReview(people, dups)
    other.decide("distinct")  # the first cluster, decided differently
    merged = merge_decision_files(
        [one.save(tmp_path / "ann.json"), other.save(tmp_path / "bob.json")]
    )
    review = ClusterReview(people, dups, merged)
    assert [d.cluster_id for d in review.decisions] == [second]  # the agreed one only
    assert "1 cluster(s) decided differently by the reviewers" in review.note.value
    assert review.current == first
    assert "decided differently: ann.json: same client; bob.json: different clients" in (
        review.title.value
    )
    assert "cm-err" in review._slots[0][1].value  # the queue row says so too
    review.decide("accept")  # a person settles it
    assert sorted(d.cluster_id for d in review.decisions) == sorted([first, second])
    assert "decided differently" not in review._slots[0][1].value


def test_saved_decisions_find_their_clusters_on_a_rerun(people, dups) -> None:  # type: ignore[no-untyped-def]
    review = ClusterReview(people, dups)
    review.decide("accept")
    saved = review.decisions
    # next month: the rows come in another order, so the cluster ids change
    again = people.reverse()
    redone = as_review(find_duplicates(again))
    replayed = ClusterReview(again, redone, saved)
    ((today, decision),) = replayed.decided.items()
    assert decision.verdict == "accept"
    assert decision.cluster_id == today
    assert decision.members != saved[0].members  # other row numbers now
    members = redone.clusters.filter(pl.col("cluster_id") == today)
    assert set(members.select("_source", "_sheet", "_row").iter_rows()) == set(decision.members)
    assert replayed.stale == []


def test_nothing_to_review_shows_no_buttons(people, dups) -> None:  # type: ignore[no-untyped-def]
    every = set(dups.clusters["cluster_id"].to_list())
    review = ClusterReview(people, as_review(dups, every))
    assert review.cluster_ids == []
    assert review.detail.layout.display == "none"
    assert "No duplicate clusters to review." in review.title.value
    assert review.decide("accept") is None
    review.show_sure = True
    assert review.detail.layout.display == ""
