"""Small lists are scored with field priors, and say so; large ones keep their fitted model."""

from __future__ import annotations

import polars as pl

from clientmig.dedupe import find_duplicates
from clientmig.dedupe.model import FITTED, MIN_FIT_PAIRS, PRIORS, field_priors
from clientmig.dedupe.synthetic import client_list

NAMES = [
    "DUBOIS S.R.L.",
    "Dubois SRL",
    "Bakkerij Peeters BV",
    "Garage Janssens NV",
    "Immo Claes",
    "Maes & Zonen BVBA",
    "Cafe De Hoek",
    "Apotheek Willems",
    "Bouw Mertens",
    "Transport Goossens",
    "Kapsalon Anja",
    "Drukkerij Jacobs",
]


def _dozen(phone_b: str) -> pl.DataFrame:
    phones = ["+3225112233", phone_b] + [f"+3292{i:02d}11{i:02d}" for i in range(10)]
    return pl.DataFrame(
        {"organization_name": NAMES, "phone": phones, "city": ["Brussel"] * 2 + ["Gent"] * 10}
    )


def _pair(frame: pl.DataFrame) -> pl.DataFrame:
    dup = find_duplicates(frame, entity="organization")
    assert dup.model.basis == PRIORS
    assert "field priors" in dup.thresholds["sure"].reason
    assert f"fewer than {MIN_FIT_PAIRS}" in dup.thresholds["sure"].reason
    return dup.clusters.sort("row_index")


def test_a_dozen_organisations_find_their_duplicate() -> None:
    clusters = _pair(_dozen("+3225112233"))
    assert clusters["band"].to_list()[:2] == ["sure", "sure"]
    assert clusters["cluster_id"][0] == clusters["cluster_id"][1]
    assert clusters.filter(pl.col("band") != "distinct").height == 2


def test_one_phone_written_two_ways_still_pairs_them() -> None:
    clusters = _pair(_dozen("02 511 22 33"))
    assert "distinct" not in clusters["band"].to_list()[:2]
    assert clusters["score"][0] > 0.5


def test_a_shared_name_alone_does_not_merge_a_small_list() -> None:
    frame = _dozen("+3299999999")
    clusters = _pair(frame)
    assert clusters["band"].to_list()[:2] == ["distinct", "distinct"]


def test_priors_are_probability_distributions() -> None:
    for kind, sides in field_priors()["kinds"].items():
        for side in ("m", "u"):
            assert abs(sum(sides[side]) - 1) < 1e-3, (kind, side)
            assert min(sides[side]) > 0


def test_a_large_list_is_fitted() -> None:
    dup = find_duplicates(client_list(2_000, seed=3))
    assert dup.model.basis == FITTED
    assert "fitted to this data by EM" in dup.thresholds["sure"].reason
