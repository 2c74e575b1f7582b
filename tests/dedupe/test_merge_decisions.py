"""Golden records, crosswalk, and decisions that replay by lineage."""

from __future__ import annotations

import json
from dataclasses import replace

import polars as pl
import pytest

from clientmig.dedupe import (
    ClusterDecision,
    Duplicates,
    MergeRules,
    find_duplicates,
    merge_duplicates,
    resolve_decisions,
)
from clientmig.dedupe.merge import StaleDecisionWarning
from clientmig.dedupe.synthetic import client_list


@pytest.fixture(scope="module")
def frame() -> pl.DataFrame:
    return client_list(800, seed=21).drop("_entity")


@pytest.fixture(scope="module")
def result(frame: pl.DataFrame):  # type: ignore[no-untyped-def]
    return find_duplicates(frame)


def _cluster_ids(result, band: str) -> list[int]:  # type: ignore[no-untyped-def]
    multi = result.clusters.filter((pl.col("band") == band) & (pl.len().over("cluster_id") > 1))
    return sorted(multi["cluster_id"].unique().to_list())


def test_crosswalk_covers_every_row_once(frame: pl.DataFrame, result) -> None:  # type: ignore[no-untyped-def]
    golden, crosswalk = merge_duplicates(frame, result)
    assert crosswalk.height == frame.height
    assert crosswalk["row_index"].to_list() == list(range(frame.height))
    assert set(crosswalk["golden_id"]) == set(golden["golden_id"])
    assert golden.height == crosswalk["golden_id"].n_unique()
    assert (
        crosswalk.group_by("golden_id").agg(pl.col("is_survivor").sum())["is_survivor"].eq(1).all()
    )
    sure = _cluster_ids(result, "sure")
    assert sure
    assert golden.height < frame.height


def test_only_sure_clusters_merge_without_decisions(frame: pl.DataFrame, result) -> None:  # type: ignore[no-untyped-def]
    _, crosswalk = merge_duplicates(frame, result)
    checked = crosswalk.join(result.clusters.select("row_index", "core_id"), on="row_index")
    # a sure cluster becomes one golden record; a review cluster only merges its sure core
    sure = checked.filter(pl.col("band") == "sure")
    assert (sure["golden_id"] == sure["cluster_id"]).all()
    review = checked.filter(pl.col("band") == "review")
    assert (review["golden_id"] == review["core_id"]).all()
    distinct = checked.filter(pl.col("band") == "distinct")
    assert (distinct["golden_id"] == distinct["row_index"]).all()


def _toy() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "first_name": ["Jan", "Jan", "Jan"],
            "last_name": ["Peeters", "Peeters", "Peeters"],
            "email": ["jan@telenet.be", "JAN.P@gmail.com", None],
            "email_additional": [None, "jp@work.be; jan@telenet.be", None],
            "phone": [None, "+32470000001", "+32470000002"],
            "city": [None, "Gent", "Gent"],
            "updated": ["2020-01-01", "2024-05-01", "2019-01-01"],
            "_source": ["crm.csv", "outlook.csv", "crm.csv"],
            "_sheet": [None, None, None],
            "_row": [2, 2, 3],
        },
        schema_overrides={"_sheet": pl.String, "_row": pl.Int64},
    )


def _forced(frame: pl.DataFrame) -> Duplicates:
    """The frame's rows as one sure cluster, whatever the model thinks."""
    clusters = pl.DataFrame(
        {
            "row_index": list(range(frame.height)),
            "_source": frame["_source"],
            "_sheet": frame["_sheet"],
            "_row": frame["_row"],
            "is_existing": [False] * frame.height,
            "cluster_id": [0] * frame.height,
            "core_id": [0] * frame.height,
            "score": [0.99] * frame.height,
            "band": ["sure"] * frame.height,
        }
    )
    dup = find_duplicates(frame, fields=["first_name", "last_name"])
    return replace(dup, clusters=clusters)


def test_merged_cluster_keeps_every_email_and_phone() -> None:
    frame = _toy()
    golden, crosswalk = merge_duplicates(frame, _forced(frame))
    assert golden.height == 1
    row = golden.row(0, named=True)
    assert row["email"] == "JAN.P@gmail.com"  # from the most complete record
    assert row["email_additional"].split("; ") == ["jp@work.be", "jan@telenet.be"]
    assert row["phone"] == "+32470000001"
    assert row["phone_additional"] == "+32470000002"
    assert crosswalk["golden_id"].to_list() == [0, 0, 0]
    assert crosswalk["is_survivor"].to_list() == [False, True, False]


def test_survivorship_rules() -> None:
    frame = _toy().with_columns(city=pl.Series(["Gent", "Antwerpen", "Brugge"]))
    members = tuple(frame.select("_source", "_sheet", "_row").iter_rows())
    forced = _forced(frame)
    # most complete first: row 1 has every field
    golden, _ = merge_duplicates(frame, forced)
    assert golden["city"].to_list() == ["Antwerpen"]
    # source priority decides between equally complete rows, recency before it
    trimmed = frame.with_columns(
        email_additional=pl.lit(None, pl.String),
        phone=pl.lit(None, pl.String),
        email=pl.lit("x@y.be"),
    )
    by_priority, _ = merge_duplicates(
        trimmed, forced, rules=MergeRules(source_priority=("crm.csv",))
    )
    assert by_priority["_source"].to_list() == ["crm.csv"]
    by_recency, _ = merge_duplicates(trimmed, forced, rules=MergeRules(recency_column="updated"))
    assert by_recency["city"].to_list() == ["Antwerpen"]
    decision = ClusterDecision(0, "accept", members, survivors={"city": "Leuven"})
    overridden, _ = merge_duplicates(frame, forced, [decision])
    assert overridden["city"].to_list() == ["Leuven"]
    split = ClusterDecision(0, "split", members, groups=(members[:2],))
    golden_split, crosswalk = merge_duplicates(frame, forced, [split])
    assert golden_split.height == 2
    assert crosswalk["golden_id"].to_list() == [0, 0, 2]
    distinct = ClusterDecision(0, "distinct", members)
    golden_distinct, _ = merge_duplicates(frame, forced, [distinct])
    assert golden_distinct.height == 3


def test_decision_round_trips_through_json(result) -> None:  # type: ignore[no-untyped-def]
    cluster_id = _cluster_ids(result, "sure")[0]
    rows = result.clusters.filter(pl.col("cluster_id") == cluster_id)["row_index"].to_list()
    decision = ClusterDecision.for_cluster(
        result.clusters, cluster_id, "split", groups=[rows[:1]], survivors={"city": "Gent"}
    )
    again = ClusterDecision.from_dict(json.loads(json.dumps(decision.to_dict())))
    assert again == decision
    assert hash(again) == hash(decision)


def test_decision_replays_on_next_run_and_stale_is_reported(frame: pl.DataFrame, result) -> None:  # type: ignore[no-untyped-def]
    cluster_id = _cluster_ids(result, "sure")[0]
    decision = ClusterDecision.for_cluster(result.clusters, cluster_id, "distinct")
    # next run: the same data in another row order
    rerun = find_duplicates(frame.reverse())
    applied, stale = resolve_decisions(rerun.clusters, [decision])
    assert not stale
    assert len(applied) == 1
    # a member disappears: reported, not silently skipped
    member = decision.members[0]
    gone = frame.filter(~((pl.col("_source") == member[0]) & (pl.col("_row") == member[2])))
    applied, stale = resolve_decisions(find_duplicates(gone).clusters, [decision])
    assert not applied
    assert "no longer in the data" in stale[0].reason
    with pytest.warns(StaleDecisionWarning, match="not applied"):
        merge_duplicates(gone, find_duplicates(gone), [decision])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"verdict": "maybe"}, "verdict"),
        ({"verdict": "accept", "groups": ((("a", None, 1),),)}, "only a split"),
        ({"verdict": "split", "groups": ((("zzz", None, 1),),)}, "drawn from"),
    ],
)
def test_invalid_decisions(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ClusterDecision(cluster_id=1, members=(("a", None, 1), ("a", None, 2)), **kwargs)  # type: ignore[arg-type]
