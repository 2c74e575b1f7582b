"""find_duplicates on client-list cases, incremental mode, clustering and accuracy."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clientmig.dedupe import Duplicates, find_duplicates
from clientmig.dedupe.synthetic import client_list

COLUMNS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "email",
    "phone",
    "national_id",
    "street",
    "postcode",
    "city",
)
# (case, record a, record b, same client?)
CASES: list[tuple[str, dict[str, str | None], dict[str, str | None], bool]] = [
    (
        "nickname",
        {
            "first_name": "Robert",
            "last_name": "Zwartberg",
            "date_of_birth": "1970-03-04",
            "street": "Kerkstraat 5",
            "postcode": "2000",
            "city": "Antwerpen",
        },
        {
            "first_name": "Bob",
            "last_name": "Zwartberg",
            "date_of_birth": "1970-03-04",
            "street": "Kerkstraat 5",
            "postcode": "2000",
            "city": "Antwerpen",
        },
        True,
    ),
    (
        "swapped names",
        {
            "first_name": "Griet",
            "last_name": "Quaghebeur",
            "date_of_birth": "1965-11-21",
            "email": "griet.q@telenet.be",
            "postcode": "9000",
            "city": "Gent",
        },
        {
            "first_name": "Quaghebeur",
            "last_name": "Griet",
            "date_of_birth": "1965-11-21",
            "email": "griet.q@telenet.be",
            "postcode": "9000",
            "city": "Gent",
        },
        True,
    ),
    (
        "accents and particles",
        {
            "first_name": "Frédéric",
            "last_name": "Van den Wyngaert",
            "date_of_birth": "1981-07-30",
            "street": "Rue du Moulin 8",
            "postcode": "1300",
            "city": "Wavre",
        },
        {
            "first_name": "Frederic",
            "last_name": "Vandenwyngaert",
            "date_of_birth": "1981-07-30",
            "street": "Rue du Moulin 8",
            "postcode": "1300",
            "city": "Wavre",
        },
        True,
    ),
    (
        "household",
        {
            "first_name": "Hilde",
            "last_name": "Oosterlinck",
            "phone": "+32470111222",
            "email": "fam.oosterlinck@skynet.be",
            "street": "Beekstraat 12",
            "postcode": "8000",
            "city": "Brugge",
        },
        {
            "first_name": "Dirk",
            "last_name": "Oosterlinck",
            "phone": "+32470111222",
            "email": "fam.oosterlinck@skynet.be",
            "street": "Beekstraat 12",
            "postcode": "8000",
            "city": "Brugge",
        },
        False,
    ),
    (
        "namesakes with different national ids",
        {
            "first_name": "Jan",
            "last_name": "Xhonneux",
            "national_id": "85073003328",
            "postcode": "4000",
            "city": "Liège",
        },
        {
            "first_name": "Jan",
            "last_name": "Xhonneux",
            "national_id": "61022812345",
            "postcode": "4000",
            "city": "Liège",
        },
        False,
    ),
    (
        # Nothing but the name in common: blocking paired them for the name, so the name must
        # not count twice (once to make them candidates, once as evidence).
        "namesakes living apart, nothing else known",
        {
            "first_name": "Wouter",
            "last_name": "Xhonneux",
            "street": "Hoogstraat 41",
            "postcode": "2000",
            "city": "Antwerpen",
        },
        {
            "first_name": "Wouter",
            "last_name": "Xhonneux",
            "street": "Avenue Louise 230",
            "postcode": "1050",
            "city": "Ixelles",
        },
        False,
    ),
]


def _frame(records: list[dict[str, str | None]], source: str = "cases.csv") -> pl.DataFrame:
    frame = pl.DataFrame(
        [{c: r.get(c) for c in COLUMNS} for r in records],
        schema=dict.fromkeys(COLUMNS, pl.String),
    )
    return frame.with_columns(
        _source=pl.lit(source),
        _sheet=pl.lit(None, pl.String),
        _row=pl.int_range(pl.len(), dtype=pl.Int64) + 2,
    )


@pytest.fixture(scope="module")
def background() -> pl.DataFrame:
    """A realistic population so the model has data to learn from."""
    return client_list(600, seed=11).drop("_entity").select(*COLUMNS, "_source", "_sheet", "_row")


@pytest.fixture(scope="module")
def cases_result(background: pl.DataFrame) -> tuple[pl.DataFrame, Duplicates]:
    records = [r for _, a, b, _ in CASES for r in (a, b)]
    frame = pl.concat([_frame(records), background])
    return frame, find_duplicates(frame)


@pytest.mark.parametrize(("index", "case"), list(enumerate(CASES)), ids=[c[0] for c in CASES])
def test_case_table(
    cases_result: tuple[pl.DataFrame, Duplicates],
    index: int,
    case: tuple[str, dict[str, str | None], dict[str, str | None], bool],
) -> None:
    _, dup = cases_result
    clusters = dup.clusters.sort("row_index")["cluster_id"]
    same = clusters[2 * index] == clusters[2 * index + 1]
    assert same == case[3]


def test_household_pair_is_vetoed_not_merged(cases_result: tuple[pl.DataFrame, Duplicates]) -> None:
    _, dup = cases_result
    pair = dup.pairs.filter((pl.col("left_index") == 6) & (pl.col("right_index") == 7))
    assert pair["veto"].to_list() == ["first_name"]
    assert pair["probability"].to_list() == [0.0]


def test_swapped_pair_is_flagged(cases_result: tuple[pl.DataFrame, Duplicates]) -> None:
    _, dup = cases_result
    pair = dup.pairs.filter((pl.col("left_index") == 2) & (pl.col("right_index") == 3))
    assert pair["names_swapped"].to_list() == [True]


def test_outputs_have_contracted_shape(cases_result: tuple[pl.DataFrame, Duplicates]) -> None:
    frame, dup = cases_result
    assert dup.clusters.height == frame.height
    assert dup.clusters["row_index"].to_list() == list(range(frame.height))
    assert set(dup.clusters["band"].unique()) <= {"sure", "review", "distinct"}
    assert set(dup.thresholds) == {"sure", "review"}
    assert all(t.reason for t in dup.thresholds.values())
    table = dup.model.table()
    assert {"field", "level", "m", "u", "match_weight"} <= set(table.columns)
    assert 0.0 < dup.model.prior < dup.model.candidate_share < 1.0
    pairs = frame.height * (frame.height - 1) // 2
    candidates = dup.summary["candidate_pairs"]
    assert dup.model.prior == pytest.approx(dup.model.candidate_share * candidates / pairs)
    assert (dup.pairs["match_weight"] - dup.pairs["evidence"]).round(9).unique().to_list() == [
        round(dup.model.prior_weight, 9)
    ]
    singles = dup.clusters.filter(pl.len().over("cluster_id") == 1)
    assert (singles["band"] == "distinct").all()
    assert (singles["cluster_id"] == singles["row_index"]).all()
    for column in ("left_source", "left_row", "right_source", "right_row", "level_first_name"):
        assert column in dup.pairs.columns


def test_no_chaining_when_ends_differ(background: pl.DataFrame) -> None:
    # A ~ B and B ~ C, but A and C were born decades apart: A and C never share a cluster,
    # whatever B (no date of birth) does.
    base: dict[str, str | None] = {
        "first_name": "Katrien",
        "last_name": "Wyffels",
        "street": "Veldstraat 3",
        "postcode": "3000",
        "city": "Leuven",
        "email": "k.wyffels@telenet.be",
    }
    a: dict[str, str | None] = base | {"date_of_birth": "1975-05-05"}
    b: dict[str, str | None] = base | {"date_of_birth": None}
    c: dict[str, str | None] = base | {"date_of_birth": "1948-11-23"}
    frame = pl.concat([_frame([a, b, c]), background])
    dup = find_duplicates(frame)
    clusters = dup.clusters.sort("row_index")["cluster_id"]
    assert clusters[0] != clusters[2]
    assert clusters[1] in (clusters[0], clusters[2])
    veto = dup.pairs.filter((pl.col("left_index") == 0) & (pl.col("right_index") == 2))["veto"]
    assert veto.to_list() == ["date_of_birth"]


def test_giant_blocks_are_skipped_and_reported(background: pl.DataFrame) -> None:
    same_phone = background.with_columns(phone=pl.lit("+3221234567"))
    dup = find_duplicates(same_phone, max_block_size=50)
    assert "phone" in dup.skipped_blocks["key"].to_list()
    assert dup.skipped_blocks.filter(pl.col("key") == "phone")["records"].item() == 600


def test_incremental_never_pairs_existing_with_existing(background: pl.DataFrame) -> None:
    existing = background.head(300)
    # The existing set holds a duplicate of its own that must not be reported.
    existing = pl.concat([existing, existing.head(1).with_columns(_row=pl.lit(999, pl.Int64))])
    new = pl.concat(
        [background.slice(300, 50), existing.slice(5, 3).with_columns(_source=pl.lit("new.csv"))]
    )
    dup = find_duplicates(new, existing=existing)
    n_new = new.height
    assert (dup.pairs["left_index"] < n_new).all()
    assert dup.clusters.height == n_new + existing.height
    old_per_cluster = dup.clusters.group_by("cluster_id").agg(pl.col("is_existing").sum())
    assert (old_per_cluster["is_existing"] <= 1).all()
    # the three copied records find their originals in the existing set
    copies = dup.clusters.filter(pl.col("row_index").is_between(50, 52))
    assert (copies["band"] != "distinct").all()


def test_organizations() -> None:
    names = [
        "Bakkerij Jans BV",
        "BAKKERIJ JANS",
        "Garage Peeters NV",
        "Garage Peters",
        "Accountancy Maes",
        "Schrijnwerkerij Aerts bvba",
        "Frituur Dupont",
        "Frituur Dupond",
    ]
    ids = [
        "0403019261",
        "0403019261",
        "0404011111",
        None,
        "0405555555",
        None,
        "0406666666",
        "0407777777",
    ]
    frame = pl.DataFrame(
        {
            "organization_name": names * 20,
            "company_id": ids * 20,
            "postcode": ["2000", "2000", "9000", "9000", "3000", "8000", "4000", "4000"] * 20,
        },
    ).with_columns(
        organization_name=pl.col("organization_name")
        + pl.int_range(pl.len()).cast(pl.String).str.replace_all("0", "x"),
        _source=pl.lit("orgs.csv"),
        _sheet=pl.lit(None, pl.String),
        _row=pl.int_range(pl.len(), dtype=pl.Int64) + 2,
    )
    dup = find_duplicates(frame, entity="organization")
    assert dup.clusters.height == frame.height
    vetoed = dup.pairs.filter(pl.col("veto") == "company_id")
    assert (vetoed["probability"] == 0.0).all()


def test_rejects_bad_arguments(background: pl.DataFrame) -> None:
    with pytest.raises(ValueError, match="entity"):
        find_duplicates(background, entity="company")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="thresholds"):
        find_duplicates(background, sure=0.4, review=0.6)
    with pytest.raises(ValueError, match="not a column"):
        find_duplicates(background, fields=["nickname"])


def _pairs(ids: pl.Series) -> set[tuple[int, int]]:
    frame = ids.to_frame("g").with_row_index("i")
    groups = frame.group_by("g").agg("i")["i"].to_list()
    return {(a, b) for g in groups for a in g for b in g if a < b}


def test_synthetic_accuracy_floor() -> None:
    frame = client_list(3000, seed=5)
    dup = find_duplicates(frame)
    truth = _pairs(frame["_entity"])
    found = _pairs(dup.clusters.sort("row_index")["core_id"])
    precision = len(truth & found) / len(found)
    recall = len(truth & found) / len(truth)
    assert precision >= 0.97
    assert recall >= 0.80


RECORD = st.fixed_dictionaries(
    {
        "first_name": st.sampled_from(["Jan", "Johannes", "Els", "Elisabeth", "Bob", None]),
        "last_name": st.sampled_from(["Peeters", "Peters", "Maes", "Van Damme", None]),
        "date_of_birth": st.sampled_from(["1970-01-02", "1970-02-01", "1980-05-05", None]),
        "national_id": st.sampled_from(["70010212345", "80050554321", None]),
        "postcode": st.sampled_from(["2000", "9000", None]),
    }
)


def _partition(clusters: pl.DataFrame) -> set[frozenset[int]]:
    groups = clusters.group_by("cluster_id").agg("_row")["_row"].to_list()
    return {frozenset(g) for g in groups}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(RECORD, min_size=1, max_size=25), seed=st.randoms(use_true_random=False))
def test_clusters_partition_rows_and_ignore_row_order(
    records: list[dict[str, str | None]], seed: object
) -> None:
    frame = _frame(records)
    first = find_duplicates(frame).clusters
    assert sorted(first["_row"].to_list()) == sorted(frame["_row"].to_list())
    assert first["_row"].n_unique() == frame.height
    shuffled = frame.sample(fraction=1.0, shuffle=True, seed=hash(str(seed)) % 1000)
    second = find_duplicates(shuffled).clusters
    assert _partition(first) == _partition(second)


def test_name_blocks_are_capped_at_half_the_block_size(background: pl.DataFrame) -> None:
    crowd = background.head(30).with_columns(first_name=pl.lit("Jan"), last_name=pl.lit("Peeters"))
    dup = find_duplicates(crowd, max_block_size=50)
    skipped = dup.skipped_blocks.filter(pl.col("key") == "name_phonetic")
    assert skipped["records"].to_list() == [30]
    wider = find_duplicates(crowd, max_block_size=60)
    assert wider.skipped_blocks.filter(pl.col("key") == "name_phonetic").is_empty()
    assert wider.summary["candidate_pairs"] > dup.summary["candidate_pairs"]


def test_synthetic_national_numbers_are_unique_per_client() -> None:
    frame = client_list(20_000, seed=3).filter(pl.col("national_id").is_not_null())
    per_number = frame.group_by("national_id").agg(pl.col("_entity").n_unique())
    assert per_number["_entity"].max() == 1
