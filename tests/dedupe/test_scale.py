"""The large-list machinery: bounded blocks, packed pairs, identifier levels pair by pair."""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from clientmig.dedupe import keys
from clientmig.dedupe.compare_ids import char_signature, identifier_levels, osa_upto
from clientmig.dedupe.find import _pair_order

TEXT = st.text(alphabet=st.sampled_from("0123456789abcxyz@.-é ß"), max_size=12)


@settings(max_examples=60, deadline=None)
@given(
    pairs=st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=30), cutoff=st.sampled_from([1, 2])
)
def test_osa_upto_is_rapidfuzz_capped_past_the_cutoff(
    pairs: list[tuple[str, str]], cutoff: int
) -> None:
    values = pl.Series(sorted({v for pair in pairs for v in pair}))
    index = {v: i for i, v in enumerate(values.to_list())}
    ia = np.array([index[a] for a, _ in pairs])
    ib = np.array([index[b] for _, b in pairs])
    expected = [min(OSA.distance(a, b), cutoff + 1) for a, b in pairs]
    assert osa_upto(values, ia, ib, cutoff).tolist() == expected


def test_signature_bits_count_differing_characters() -> None:
    words, ascii_only = char_signature(pl.Series(["1234", "1243", "1235", "é1"]))
    gap = [int(np.bitwise_count(words[0] ^ words[i]).sum()) for i in (1, 2)]
    assert gap == [0, 2]  # a swap changes no count, a substitution two
    assert ascii_only.tolist() == [True, True, True, False]


def _levels(kind: str, pairs: list[tuple[str | None, str | None]]) -> list[int | None]:
    values = pl.Series(sorted({v for pair in pairs for v in pair if v is not None}))
    index = {v: i for i, v in enumerate(values.to_list())}
    a = pl.Series([None if x is None else index[x] for x, _ in pairs], dtype=pl.UInt32)
    b = pl.Series([None if y is None else index[y] for _, y in pairs], dtype=pl.UInt32)
    return identifier_levels(kind, a, b, values).to_list()


def test_date_levels() -> None:
    pairs: list[tuple[str | None, str | None]] = [
        ("19700304", "19700304"),  # exact
        ("19700304", "19700403"),  # day and month transposed
        ("19700304", "19700305"),  # one edit
        ("19700304", "19710305"),  # two edits
        ("19700304", "19851120"),  # different
        ("0304", "19700304"),  # no year, same month and day
        ("0304", "19700305"),  # no year, another day
        ("19700304", None),
    ]
    assert _levels("date", pairs) == [4, 3, 2, 1, 0, 2, 0, None]


def test_email_phone_and_id_levels() -> None:
    assert _levels(
        "email", [("an@x.be", "an@y.be"), ("an@x.be", "am@x.be"), ("an@x.be", "zo@q.nl")]
    ) == [1, 1, 0]
    assert _levels("phone", [("3221234567", "0021234567"), ("3221234567", "3221234999")]) == [1, 0]
    ids = [
        ("85073003328", "85073003328"),
        ("85073003328", "85073003329"),
        ("85073003328", "85073003399"),
        ("85073003328", "12345678901"),
    ]
    assert _levels("strong_id", ids) == [3, 2, 1, 0]


def test_an_oversized_block_falls_back_to_its_neighbours() -> None:
    # 40 people sound alike (one name block over the cap) and share no other key; sorted by
    # birth date inside the block, neighbours are still compared, far ones are not
    prepared = pl.DataFrame(
        {
            "first_name": ["jan"] * 40,
            "last_name": ["peters"] * 40,
            "date_of_birth": [f"19{i:02d}0101" for i in range(40)],
            "postcode": [f"{1000 + i}" for i in range(40)],
        }
    )
    k = keys.block_keys(prepared, "person")
    order = keys.fallback_order(prepared)
    skipped_only, skipped = keys.block_pairs(k, n_new=40, max_block_size=50)
    fallback, again = keys.block_pairs(k, n_new=40, max_block_size=50, order=order, window=2)
    assert "name_phonetic" in skipped["key"].to_list()
    assert again.equals(skipped)
    assert skipped_only.is_empty()
    found = set(fallback.iter_rows())
    assert (6, 7) in found
    assert (6, 8) not in found
    # one neighbour each per oversized block: linear, not quadratic
    assert found == {(i, i + 1) for i in range(39)}


def test_packed_pairs_come_back_sorted_and_unique() -> None:
    prepared = pl.DataFrame(
        {"first_name": ["an", "an", "bo", "an"], "last_name": ["dirk", "dirk", "vos", "dirk"]}
    )
    pairs, _ = keys.candidate_pairs(prepared, "person", n_new=3, max_block_size=50, window=4)
    rows = pairs.rows()
    assert rows == sorted(set(rows))
    assert all(left < right and left < 3 for left, right in rows)
    assert (0, 1) in rows
    assert (0, 3) in rows


@settings(max_examples=200, deadline=None)
@given(
    keys=st.lists(st.integers(0, 2**40), unique=True, max_size=40),
    cut=st.integers(0, 40),
    shape=st.sampled_from(["sorted", "two runs", "any"]),
)
def test_pair_order_sorts_packed_pairs(keys: list[int], cut: int, shape: str) -> None:
    values = np.array(keys, dtype=np.uint64)
    if shape == "sorted":
        values = np.sort(values)
    elif shape == "two runs":
        values = np.concatenate([np.sort(values[:cut]), np.sort(values[cut:])])
    order = _pair_order(values)
    got = values if order is None else values[order.to_numpy()]
    assert got.tolist() == sorted(keys)
