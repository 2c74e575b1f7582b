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


def _spouses(born: list[str | None]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "first_name": ["Hilde", "Dirk", "Jan", "Kris"],
            "last_name": ["Oosterlinck", "Oosterlinck", "Xhonneux", "Verstraete"],
            "date_of_birth": born,
            "street": ["Kerkstraat 1", "Kerkstraat 1", "Markt 3", "Dorp 9"],
            "city": ["Gent", "Gent", "Luik", "Brugge"],
        }
    )


SPOUSES = (pl.col("left_index") == 0) & (pl.col("right_index") == 1)


def test_a_shared_address_alone_is_no_household() -> None:
    # Changed: a different given name at one address used to veto on its own. With nothing
    # in the data to show given names reliable, it now needs a second person's evidence.
    dup = find_duplicates(_spouses([None] * 4))
    assert dup.pairs.filter(SPOUSES)["veto"].to_list() == [None]
    assert not dup.vetoes["first_name"].trusted
    assert "vetoes only beside a different date of birth" in dup.vetoes["first_name"].reason


def test_a_second_birth_date_makes_a_household() -> None:
    born = ["1968-02-11", "1965-09-30", "1970-01-01", "1980-01-01"]
    dup = find_duplicates(_spouses(born), fields=["first_name", "last_name", "street", "city"])
    assert dup.pairs.filter(SPOUSES)["veto"].to_list() in ([], [None])
    with_dates = find_duplicates(_spouses(born))
    assert with_dates.pairs.filter(SPOUSES)["veto"].to_list() == ["first_name"]
    weighed = find_duplicates(_spouses(born), households=False)
    assert weighed.pairs.filter(SPOUSES)["veto"].to_list() == ["date_of_birth"]
    assert not weighed.vetoes["first_name"].trusted
    assert "households=False" in weighed.vetoes["first_name"].reason


def test_reliable_given_names_alone_make_a_household() -> None:
    levels = _levels(_pairs(60, replaced=0))
    checks = calibrate(levels, SPECS, entity="person")
    assert checks["first_name"].trusted
    assert checks["first_name"].pairs == 60
    spouses = pl.DataFrame(
        {
            "first_name": ["Hilde", "Dirk"],
            "last_name": ["Maes", "Maes"],
            "date_of_birth": [None, None],
            "national_id": [None, None],
        }
    )
    pair = _levels(spouses).select(veto_expr(SPECS, entity="person", untrusted=untrusted(checks)))
    assert pair["veto"].to_list() == ["first_name"]
    unjudged = veto_expr(SPECS, entity="person", untrusted={"first_name"})
    assert _levels(spouses).select(unjudged)["veto"].to_list() == [None]
