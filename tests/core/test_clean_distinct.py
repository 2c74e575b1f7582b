"""Cleaning judges each distinct value once: the result must equal judging every row alone."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clientmig import clean
from clientmig._polars import distinct_rows

CELLS = st.one_of(st.none(), st.sampled_from(["", "a", "B", " a", "é", "0475 12 34 56"]))


@settings(max_examples=100, deadline=None)
@given(values=st.lists(CELLS, max_size=30), keys=st.lists(CELLS, min_size=30, max_size=30))
def test_distinct_rows_index_back_to_every_row(values: list[str | None], keys: list[str]) -> None:
    rows = pl.DataFrame(
        {"value": values, "key": keys[: len(values)]}, schema={"value": pl.String, "key": pl.String}
    )
    for frame in (rows.select("value"), rows):
        distinct, ids = distinct_rows(frame)
        assert distinct[ids].equals(frame)
        assert distinct.is_duplicated().sum() == 0


def test_distinct_rows_survive_hash_collisions(monkeypatch: pytest.MonkeyPatch) -> None:
    def colliding(frame: pl.DataFrame) -> pl.Series:
        return pl.Series([7] * frame.height, dtype=pl.UInt64)

    monkeypatch.setattr(pl.DataFrame, "hash_rows", colliding)
    rows = pl.DataFrame({"value": ["a", "b", None, "a", None, "c"]})
    distinct, ids = distinct_rows(rows)
    assert distinct[ids].equals(rows)
    assert distinct["value"].to_list() == ["a", "b", None, "c"]


ROWS = pl.DataFrame(
    {
        "email": ["  JAN@GMAIL.COM ", "jan@telenet", "a@b.be; c@gmial.com", "n/a", None, "x@y.be"],
        "phone_mobile": ["0475 12 34 56", "+32475123456", "-", "06 12 34 56 78", "12", None],
        "national_id": ["85.07.30-033.28", "85073003328.0", "12345678901", None, "111222333", ""],
        "country": ["BE", "Nederland", "France", None, "Atlantis", "BE"],
        "company_id": ["BE 0403 170 701", "0403170701", "123", None, "x", "403170701"],
        "fiscal_year_end": ["31/12", "december", "31/02", "13", None, "29/02"],
        "last_name": ["PEETERS", "maes", "Van den Berghe", None, "Jan2", "PEETERS"],
    }
)


def test_a_frame_cleans_as_its_rows_do() -> None:
    frame = pl.concat([ROWS, ROWS.reverse(), ROWS]).with_columns(
        _source=pl.lit("x.csv"),
        _sheet=pl.lit(None, pl.String),
        _row=pl.int_range(pl.len(), dtype=pl.Int64) + 2,
    )
    whole = clean(frame)
    alone = [clean(frame.slice(i, 1)) for i in range(frame.height)]
    assert whole.frame.equals(pl.concat([c.frame for c in alone]))
    key = ["row", "field", "code"]
    assert whole.issues.sort(key).equals(pl.concat([c.issues for c in alone]).sort(key))
