"""Duplicates on the sample client data: re-entered clients found, households and namesakes apart.

sample_data/crm_contacts.csv re-enters 36 clients of belgian_clients.csv (nicknames, swapped
names, typos, upper case, missing e-mail), adds 8 spouses sharing an address and phone with a
client, 6 namesakes born elsewhere, and 10 new people; crm_truth.csv gives the real person.
"""

from __future__ import annotations

import itertools

import polars as pl

import clientmig as cm
from tests.conftest import SAMPLES


def _pairs(frame: pl.DataFrame, by: str) -> set[tuple[int, int]]:
    out: set[tuple[int, int]] = set()
    for _, group in frame.group_by(by):
        out |= set(itertools.combinations(sorted(group["row_index"].to_list()), 2))
    return out


def test_sample_duplicates_precision_and_recall() -> None:
    frames = []
    for name in ("belgian_clients.csv", "crm_contacts.csv"):
        raw = cm.read(SAMPLES / name)
        mapping = cm.suggest_mapping(raw, "canonical")
        frames.append(cm.clean(mapping.apply(raw), columns=mapping.column_of()).frame)
    people = pl.concat(frames, how="diagonal_relaxed").filter(pl.col("record_type") == "person")
    found = cm.find_duplicates(people, entity="person")
    truth = pl.read_csv(SAMPLES / "crm_truth.csv")
    clusters = found.clusters.join(
        truth, left_on=["_source", "_row"], right_on=["file", "row"], how="left"
    )
    assert clusters["person"].null_count() == 0
    true = _pairs(clusters, "person")
    predicted = _pairs(clusters.filter(pl.col("band") != "distinct"), "cluster_id")
    hits = len(true & predicted)
    assert hits == len(predicted), "a household or namesake was merged"
    assert hits / len(true) >= 0.95
    spouses = clusters.filter(pl.col("person").str.starts_with("S"))
    namesakes = clusters.filter(pl.col("person").str.starts_with("N"))
    assert set(spouses["band"].to_list()) == {"distinct"}
    assert set(namesakes["band"].to_list()) == {"distinct"}
