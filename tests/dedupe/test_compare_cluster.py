"""Comparison on distinct code pairs, identity overrides of vetoes, vectorised components."""

from __future__ import annotations

import numpy as np
import polars as pl
from rapidfuzz.distance import JaroWinkler

from clientmig.dedupe import cluster as cl
from clientmig.dedupe.compare import (
    CLOSE,
    SOMEWHAT,
    FieldSpec,
    compare_pairs,
    jaro_winkler,
    prepare,
)
from clientmig.dedupe.vetoes import veto_expr

SPECS = (
    FieldSpec("first_name", "given_name"),
    FieldSpec("last_name", "name"),
    FieldSpec("date_of_birth", "date"),
    FieldSpec("national_id", "strong_id"),
)


def _frame(rows: list[tuple[str | None, ...]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=[s.name for s in SPECS], orient="row")


def test_levels_match_a_naive_per_pair_computation() -> None:
    names = ["Jan", "Jann", "Johannes", "Peeters", "Peters", "Maes", None, "Bob", "Robert"]
    rng = np.random.default_rng(3)
    rows = [(names[i], names[j], None, None) for i, j in rng.integers(0, len(names), (60, 2))]
    prepared = prepare(_frame(rows), SPECS)
    left = pl.Series(rng.integers(0, len(rows), 300))
    right = pl.Series(rng.integers(0, len(rows), 300))
    levels = compare_pairs(prepared, SPECS, left, right)
    for i, (a_idx, b_idx) in enumerate(zip(left, right)):
        if levels["names_swapped"][i]:
            continue
        a, b = prepared["last_name"][a_idx], prepared["last_name"][b_idx]
        if a is None or b is None:
            assert levels["last_name"][i] is None
            continue
        sim = JaroWinkler.normalized_similarity(a, b)
        expected = 3 if sim >= 1.0 else 2 if sim >= CLOSE else 1 if sim >= SOMEWHAT else 0
        assert levels["last_name"][i] == expected


def test_jaro_winkler_keeps_nulls_and_order() -> None:
    out = jaro_winkler(pl.Series(["abc", None, "x"]), pl.Series(["abc", "a", "y"]))
    assert out.to_list()[:2] == [1.0, None]
    assert out[2] == 0.0


def _vetoes(rows: list[tuple[str | None, ...]]) -> list[str | None]:
    prepared = prepare(_frame(rows), SPECS)
    n = len(rows) // 2
    left = pl.Series(range(0, 2 * n, 2))
    right = pl.Series(range(1, 2 * n, 2))
    levels = compare_pairs(prepared, SPECS, left, right)
    return levels.select(veto_expr(SPECS, entity="person"))["veto"].to_list()


def test_identity_evidence_overrides_a_mistyped_number_or_date() -> None:
    rows = [
        # national id replaced, but given name and date of birth agree
        ("Marie", "Peeters", "1970-03-04", "70030412345"),
        ("Marie", "Janssens", "1970-03-04", "55121298765"),
        # date of birth mistyped, number one edit apart and the names agree
        ("Jan", "Maes", "1970-03-04", "70030412345"),
        ("Jan", "Maes", "1988-11-23", "70030412346"),
        # given name replaced, number equal
        ("Hilde", "Maes", "1970-03-04", "70030412345"),
        ("Dirk", "Maes", None, "70030412345"),
    ]
    assert _vetoes(rows) == [None, None, None]


def test_twins_namesakes_and_households_stay_vetoed() -> None:
    rows = [
        # twins: same family name and birth date, different given names and numbers
        ("Hilde", "Maes", "1970-03-04", "70030412345"),
        ("Dirk", "Maes", "1970-03-04", "70030414321"),
        # namesakes: same names, different numbers, no date
        ("Jan", "Xhonneux", None, "85073003328"),
        ("Jan", "Xhonneux", None, "61022812345"),
        # father and son: same names, different dates and numbers
        ("Jan", "Maes", "1950-01-01", "50010112345"),
        ("Jan", "Maes", "1980-06-07", "80060754321"),
        # household: different given names, nothing else personal
        ("Hilde", "Oosterlinck", None, None),
        ("Dirk", "Oosterlinck", None, None),
    ]
    assert _vetoes(rows) == ["first_name", "national_id", "date_of_birth", "first_name"]


def test_nicknames_survive_a_typo_and_a_swap() -> None:
    rows = [
        # a nickname of a mistyped name: not a household
        ("Bill", "Berzins", None, None),
        ("Wliliam", "Berzins", None, None),
        # given and family names crossed, and the given name a nickname
        ("Dupont", "Jef", None, None),
        ("Jos", "Dupont", None, None),
        # one edit from a listed name, but too short to tell a typo from another name
        ("Jos", "Maes", None, None),
        ("Jon", "Maes", None, None),
        # a nickname table hit never joins two clearly different names
        ("Bill", "Peeters", None, None),
        ("Wilfried", "Peeters", None, None),
        # a short real name one edit from a listed nickname (dick) is no typo of it
        ("Dirk", "Peeters", None, None),
        ("Richard", "Peeters", None, None),
    ]
    prepared = prepare(_frame(rows), SPECS)
    left, right = pl.Series([0, 2, 4, 6, 8]), pl.Series([1, 3, 5, 7, 9])
    levels = compare_pairs(prepared, SPECS, left, right)
    nickname = SPECS[0].levels.index("nickname")
    first = levels["first_name"].to_list()
    assert first[0] == nickname
    assert first[2] != nickname
    assert first[3] == SPECS[0].levels.index("different")
    assert levels["names_swapped"].to_list() == [False, True, False, False, False]
    assert levels["first_far"].to_list() == [False, False, False, True, True]


def test_component_labels_are_the_smallest_member() -> None:
    left = np.array([5, 1, 7, 3], dtype=np.int64)
    right = np.array([6, 5, 8, 8], dtype=np.int64)
    labels = cl.component_labels(10, left, right)
    assert labels.tolist() == [0, 1, 2, 3, 4, 1, 1, 3, 3, 9]
    assert cl.components(3, [], []) == [0, 1, 2]


def _edges(rows: list[tuple[int, int, float, float, str | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "left_index": pl.Int64,
            "right_index": pl.Int64,
            "probability": pl.Float64,
            "evidence": pl.Float64,
            "veto": pl.String,
        },
        orient="row",
    )


def _clustered(rows: list[tuple[int, int, float, float, str | None]]) -> cl.Clustering:
    return cl.cluster(4, _edges(rows), sure=0.95, review=0.5, is_existing=lambda _: False)


def test_cross_pairs_are_judged_on_their_own_evidence() -> None:
    # A-B and B-C are sure. A-C alone is improbable (long odds against two random records),
    # but its fields favour a match: tied to one cluster already, A and C may join.
    favour = _clustered(
        [(0, 1, 0.99, 20.0, None), (1, 2, 0.99, 20.0, None), (0, 2, 0.01, 3.0, None)]
    )
    assert favour.core[:3] == [0, 0, 0]
    # A-C's fields speak against a match: A and C never share a cluster.
    against = _clustered(
        [(0, 1, 0.99, 20.0, None), (1, 2, 0.98, 20.0, None), (0, 2, 0.01, -3.0, None)]
    )
    assert against.core[0] != against.core[2]
    assert against.core[1] == against.core[0]
    # A vetoed cross pair keeps them apart whatever its evidence.
    vetoed = _clustered(
        [(0, 1, 0.99, 20.0, None), (1, 2, 0.98, 20.0, None), (0, 2, 0.0, 9.0, "date_of_birth")]
    )
    assert vetoed.core[0] != vetoed.core[2]
    # A pair never scored counts as evidence against.
    unscored = _clustered([(0, 1, 0.99, 20.0, None), (1, 2, 0.98, 20.0, None)])
    assert unscored.core[0] != unscored.core[2]
