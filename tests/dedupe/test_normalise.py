"""Normalisation twins: each ``*_expr`` agrees with its scalar oracle."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clientmig.dedupe import normalise as nz

ALPHABET = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    + list(" \t\u00a0\u200b-'.,/@:_()&")
    + list("éèêëçàâäïîöôüûñøæœßłđåÉÇÖÜĳŠšŽžņļķēāīū")
)
TEXT = st.text(alphabet=ALPHABET, max_size=30)

PAIRS: list[tuple[Callable[[str], str], Callable[[pl.Expr], pl.Expr]]] = [
    (nz.fold, nz.fold_expr),
    (nz.name_key, nz.name_key_expr),
    (nz.compact_name, nz.compact_name_expr),
    (nz.sorted_tokens, nz.sorted_tokens_expr),
    (nz.phonetic, nz.phonetic_expr),
    (nz.digits, nz.digits_expr),
    (nz.website_key, nz.website_key_expr),
    (nz.text_key, nz.text_key_expr),
    (nz.email_key, nz.email_key_expr),
]


@pytest.mark.parametrize(("scalar", "expr"), PAIRS, ids=[p[0].__name__ for p in PAIRS])
@settings(max_examples=60, deadline=None)
@given(values=st.lists(TEXT, max_size=20))
def test_expr_twin_matches_scalar(
    scalar: Callable[[str], str], expr: Callable[[pl.Expr], pl.Expr], values: list[str]
) -> None:
    series = pl.Series("v", values, dtype=pl.String)
    got = series.to_frame().select(expr(pl.col("v")))["v"].to_list()
    assert got == [scalar(v) for v in values]


@pytest.mark.parametrize(("scalar", "expr"), PAIRS, ids=[p[0].__name__ for p in PAIRS])
def test_expr_twin_null_in_null_out(
    scalar: Callable[[str], str], expr: Callable[[pl.Expr], pl.Expr]
) -> None:
    series = pl.Series("v", [None], dtype=pl.String)
    assert series.to_frame().select(expr(pl.col("v")))["v"].to_list() == [None]


@pytest.mark.parametrize("fn", [nz.fold, nz.name_key, nz.compact_name, nz.text_key, nz.email_key])
@settings(max_examples=40, deadline=None)
@given(value=TEXT)
def test_normalisers_are_idempotent(fn: Callable[[str], str], value: str) -> None:
    assert fn(fn(value)) == fn(value)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Van den Berghe", "Vandenberghe"),
        ("Meijer", "Meyer"),
        ("Meyer", "Meier"),
        ("Dupont", "Dupond"),
        ("Pieters", "Pieterz"),
        ("Schmidt", "Smit"),
        ("Christophe", "Kristof"),
        ("Frédéric", "Frederic"),
        ("D'Hondt", "Dhondt"),
        ("Philips", "Filips"),
    ],
)
def test_phonetic_meets_sound_alikes(a: str, b: str) -> None:
    assert nz.phonetic(a) == nz.phonetic(b)


@pytest.mark.parametrize(("a", "b"), [("Peeters", "Janssens"), ("Maes", "Mertens"), ("Jan", "Bob")])
def test_phonetic_keeps_different_names_apart(a: str, b: str) -> None:
    assert nz.phonetic(a) != nz.phonetic(b)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Frédéric", "frederic"),
        ("Ørsted", "orsted"),
        ("Straße", "strasse"),
        ("Van den Berghe-Smet", "vandenberghesmet"),
    ],
)
def test_compact_name_table(value: str, expected: str) -> None:
    assert nz.compact_name(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://www.Peeters.be/contact", "peeters.be"),
        ("www2.example.com:8080", "example.com"),
        ("peeters.be", "peeters.be"),
    ],
)
def test_website_key_table(value: str, expected: str) -> None:
    assert nz.website_key(value) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("johannes", "jan"),
        ("johannes", "hans"),
        ("william", "bill"),
        ("robert", "bob"),
        ("elizabeth", "liz"),
        ("elizabeth", "betty"),
        ("frederic", "fred"),
        ("alexandru", "alex"),
        ("margaretha", "greet"),
    ],
)
def test_nickname_pairs_cover_required_names(a: str, b: str) -> None:
    pairs = nz.nickname_pairs()
    assert pairs.filter((pl.col("a") == a) & (pl.col("b") == b)).height == 1


def test_nickname_table_is_large_and_multilingual() -> None:
    assert nz.nickname_table().height >= 300
