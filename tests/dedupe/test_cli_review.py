"""``clientmig dedupe``: a clusters file a person can act on, reviewers' shares, their decision
files merged with conflicts shown (exit 1), explanations in the user's language."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from clientmig.cli import main
from clientmig.dedupe import ClusterDecision
from clientmig.dedupe.decisions import load_decisions, save_decisions
from tests.conftest import SAMPLES

FILES = [
    str(SAMPLES / "three_sources" / f)
    for f in ("practice_clients.csv", "outlook_contacts.csv", "google_contacts.csv")
]
COLUMNS = ["source", "sheet", "row", "cluster_id", "score", "band", "explanation", "name", "email"]


@pytest.fixture(scope="module")
def clusters(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    out = tmp_path_factory.mktemp("clusters") / "clusters.csv"
    assert main(["dedupe", *FILES, "--out", str(out), "--reviewers", "2"]) == 0
    return pl.read_csv(out, schema_overrides={"sheet": pl.String})


def test_the_clusters_file_says_who_and_why(clusters: pl.DataFrame) -> None:
    assert clusters.columns[: len(COLUMNS)] == COLUMNS
    assert clusters.columns[-3:] == ["national_id", "reviewer", "golden_id"]
    assert {"company"} <= set(clusters.columns)
    grouped = clusters.filter(pl.col("band") != "distinct")
    assert grouped["explanation"].is_not_null().all()
    assert grouped["explanation"].str.contains("same").all()
    assert clusters.filter(pl.col("band") == "distinct")["explanation"].is_null().all()
    assert clusters["name"].is_not_null().all()
    ids = clusters["national_id"].drop_nulls()
    assert ids.len() > 0
    assert ids.str.contains(r"^\*+\d{2}$").all()  # masked: only the last two digits
    review = clusters.filter(pl.col("band") == "review")
    assert review["reviewer"].is_in([1, 2]).all()
    assert clusters.filter(pl.col("band") != "review")["reviewer"].is_null().all()
    # one reviewer per cluster
    assert review.group_by("cluster_id").agg(pl.col("reviewer").n_unique())["reviewer"].max() == 1


def test_explanations_in_dutch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "clusters.csv"
    assert main(["dedupe", *FILES, "--out", str(out), "--lang", "nl"]) == 0
    said = capsys.readouterr().out
    assert "zeker:" in said
    assert "Fellegi" not in said  # words for people, not the model's name
    words = pl.read_csv(out)["explanation"].drop_nulls()
    assert words.str.contains("zelfde").all()


def _decision(review: pl.DataFrame, cluster: int, verdict: str) -> ClusterDecision:
    rows = review.filter(pl.col("cluster_id") == cluster).select("source", "sheet", "row")
    return ClusterDecision(cluster, verdict, tuple(rows.iter_rows()))  # type: ignore[arg-type]


def test_reviewers_files_are_merged_and_conflicts_shown(
    tmp_path: Path, clusters: pl.DataFrame, capsys: pytest.CaptureFixture[str]
) -> None:
    # Clusters a person may decide: the ones to review first, then sure ones (a decision on a
    # sure cluster is as binding), each of more than one record.
    sizes = clusters.group_by("cluster_id").len().filter(pl.col("len") > 1)["cluster_id"]
    review = clusters.filter(pl.col("cluster_id").is_in(sizes.implode()))
    ids = (
        review.sort(pl.col("band") != "review", maintain_order=True)["cluster_id"]
        .unique(maintain_order=True)
        .to_list()
    )
    assert len(ids) >= 3
    a = save_decisions(
        tmp_path / "a.json",
        [_decision(review, ids[0], "accept"), _decision(review, ids[1], "distinct")],
    )
    b = save_decisions(
        tmp_path / "b.json",
        [_decision(review, ids[1], "accept"), _decision(review, ids[2], "accept")],
    )
    out = tmp_path / "out" / "clusters.csv"
    merged = tmp_path / "out" / "merged.json"
    args = ["dedupe", *FILES, "--out", str(out), "--decisions", str(a), "--decisions", str(b)]
    code = main([*args, "--merged-decisions", str(merged)])
    said = capsys.readouterr().out
    assert code == 1  # a person must settle the conflict
    assert "2 decision(s) from 2 file(s) applied" in said
    assert "conflict, nothing applied for" in said
    assert "a.json different clients; b.json same client" in said
    written = pl.read_csv(out)
    decided = dict(
        written.filter(pl.col("decision").is_not_null())
        .group_by("cluster_id")
        .agg(pl.col("decision").first())
        .iter_rows()
    )
    assert decided == {ids[0]: "accept", ids[1]: "conflict", ids[2]: "accept"}
    golden = written.group_by("cluster_id").agg(pl.col("golden_id").n_unique())
    per = dict(golden.iter_rows())
    assert per[ids[0]] == per[ids[2]] == 1  # accepted: one client
    assert per[ids[1]] > 1  # the conflict merges nothing
    assert sorted(d.cluster_id for d in load_decisions(merged)) == sorted([ids[0], ids[2]])
    # --json says the same for scripts
    again = main([*args, "--out", str(tmp_path / "j.csv"), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert again == 1
    assert report["decisions"]["applied"] == 2
    (conflict,) = report["decisions"]["conflicts"]
    assert sorted(conflict["decisions"].values()) == ["accept", "distinct"]


def test_agreeing_files_exit_0(tmp_path: Path, clusters: pl.DataFrame) -> None:
    review = clusters.filter(pl.col("band") == "review")
    first = review["cluster_id"][0]
    a = save_decisions(tmp_path / "a.json", [_decision(review, first, "distinct")])
    b = save_decisions(tmp_path / "b.json", [_decision(review, first, "distinct")])
    out = tmp_path / "c.csv"
    assert (
        main(["dedupe", *FILES, "--out", str(out), "--decisions", str(a), "--decisions", str(b)])
        == 0
    )


@pytest.mark.parametrize(
    ("extra", "says"),
    [(["--reviewers", "0"], "1 or more"), (["--decisions", "missing.json"], "does not exist")],
)
def test_slips_are_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], says: str
) -> None:
    code = main(["dedupe", *FILES[:1], "--out", str(tmp_path / "c.csv"), *extra])
    err = capsys.readouterr().err
    assert code == 2
    assert says in err
    assert "Traceback" not in err
