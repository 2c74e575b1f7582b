"""Term frequency: agreeing on a common family name is weaker evidence than on a rare one."""

from __future__ import annotations

import polars as pl

from clientmig.dedupe import find_duplicates


def test_a_common_family_name_weighs_less_than_a_rare_one() -> None:
    rows = [("Jan", "Peeters", f"Straat {i}", "Gent") for i in range(40)]
    rows += [("Jan", "Xhonneux", "Straat 1", "Gent"), ("Jan", "Xhonneux", "Straat 2", "Gent")]
    frame = pl.DataFrame(rows, schema=["first_name", "last_name", "street", "city"], orient="row")
    pairs = find_duplicates(frame).pairs
    common = pairs.filter((pl.col("left_index") == 1) & (pl.col("right_index") == 2))
    rare = pairs.filter((pl.col("left_index") == 40) & (pl.col("right_index") == 41))
    assert common["level_last_name"].to_list() == rare["level_last_name"].to_list() == ["exact"]
    assert common["level_street"].to_list() == rare["level_street"].to_list()
    assert rare["match_weight"].item() > common["match_weight"].item() + 3
