"""Veto rules are checked on the data: a field that often contradicts sure matches is weighed."""

from __future__ import annotations

import polars as pl

from clientmig.dedupe import find_duplicates
from clientmig.dedupe.compare import FieldSpec, compare_pairs, prepare
from clientmig.dedupe.vetoes import MAX_CONTRADICTION, MIN_PAIRS, calibrate, untrusted, veto_expr

SPECS = (
    FieldSpec("first_name", "given_name"),
    FieldSpec("last_name", "name"),
    FieldSpec("date_of_birth", "date"),
    FieldSpec("national_id", "strong_id"),
)
FIRST = ["Anna", "Bert", "Chloe", "Dirk", "Els", "Frans", "Greet", "Hugo", "Ilse", "Jozef"]
LAST = ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens"]


def _pairs(n: int, replaced: int) -> pl.DataFrame:
    """``n`` clients entered twice; in ``replaced`` of them the second number is another's."""
    rows = []
    for i in range(n):
        first, last = FIRST[i % len(FIRST)], LAST[i // len(FIRST) % len(LAST)]
        born = f"19{50 + i % 40}-0{1 + i % 9}-1{i % 10}"
        number = f"{70_000_000_000 + 7_919 * i:011d}"
        other = f"{99_999_999_999 - 104_729 * i:011d}" if i < replaced else number
        rows += [(first, last, born, number), (first, last, born, other)]
    return pl.DataFrame(rows, schema=[s.name for s in SPECS], orient="row")


def _levels(frame: pl.DataFrame) -> pl.DataFrame:
    prepared = prepare(frame, SPECS)
    n = frame.height // 2
    return compare_pairs(
        prepared, SPECS, pl.Series(range(0, 2 * n, 2)), pl.Series(range(1, 2 * n, 2))
    )


def test_a_number_that_often_contradicts_sure_matches_is_weighed() -> None:
    levels = _levels(_pairs(60, replaced=9))
    checks = calibrate(levels, SPECS, entity="person")
    check = checks["national_id"]
    assert (check.pairs, check.contradictions) == (60, 9)
    assert check.share >= MAX_CONTRADICTION
    assert not check.trusted
    assert "national_id" in untrusted(checks)
    vetoes = levels.select(veto_expr(SPECS, entity="person", untrusted=untrusted(checks)))
    assert vetoes["veto"].null_count() == levels.height


def test_a_reliable_number_keeps_its_veto() -> None:
    levels = _levels(_pairs(60, replaced=0))
    checks = calibrate(levels, SPECS, entity="person")
    assert checks["national_id"].trusted
    assert checks["date_of_birth"].trusted


def test_too_few_pairs_to_judge_keeps_the_rule() -> None:
    levels = _levels(_pairs(MIN_PAIRS - 1, replaced=MIN_PAIRS - 1))
    check = calibrate(levels, SPECS, entity="person")["national_id"]
    assert check.pairs == MIN_PAIRS - 1
    assert check.trusted
    assert "rule stands" in check.reason


def test_households_off_weighs_different_given_names() -> None:
    frame = pl.DataFrame(
        {
            "first_name": ["Hilde", "Dirk", "Jan", "Kris"],
            "last_name": ["Oosterlinck", "Oosterlinck", "Xhonneux", "Verstraete"],
            "street": ["Kerkstraat 1", "Kerkstraat 1", "Markt 3", "Dorp 9"],
            "city": ["Gent", "Gent", "Luik", "Brugge"],
        }
    )
    spouses = (pl.col("left_index") == 0) & (pl.col("right_index") == 1)
    kept = find_duplicates(frame)
    assert kept.pairs.filter(spouses)["veto"].to_list() == ["first_name"]
    assert kept.vetoes["first_name"].trusted
    weighed = find_duplicates(frame, households=False)
    assert weighed.pairs.filter(spouses)["veto"].to_list() == [None]
    assert not weighed.vetoes["first_name"].trusted
