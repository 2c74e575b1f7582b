"""Duplicate explanations in words, from the comparison levels, in the user's language."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clientmig._messages import LANGUAGES
from clientmig.dedupe import find_duplicates
from clientmig.dedupe.compare import LEVELS, PERSON_FIELDS
from clientmig.dedupe.explain import explain_clusters, explain_levels, explain_pairs, field_label

LEVELS_SEEN = {"email": "exact", "date_of_birth": "exact", "last_name": "close"}


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "same e-mail and birth date, surname spelled differently"),
        ("nl", "zelfde e-mailadres en geboortedatum, achternaam anders gespeld"),
        ("fr", "même adresse e-mail et date de naissance, nom : orthographe différente"),
        ("de", "E-Mail und Geburtsdatum gleich, Nachname anders geschrieben"),
    ],
)
def test_a_pair_is_explained_in_the_users_language(lang: str, sentence: str) -> None:
    assert explain_levels(LEVELS_SEEN, lang) == sentence


def test_levels_meaning_each_kind_of_difference() -> None:
    said = explain_levels(
        {
            "first_name": "nickname",
            "phone": "same_ending",
            "national_id": "one_edit",
            "date_of_birth": "transposed",
            "city": "different",
            "street": "missing",
            "postcode": None,
        },
        "en",
        names_swapped=True,
    )
    assert said == (
        "first name as a nickname, national number one character apart, birth date with day and"
        " month swapped, phone ending in the same digits, different town, first and last name"
        " swapped"
    )
    assert explain_levels({"email": "missing"}, "nl") == (
        "geen gemeenschappelijk veld om te vergelijken"
    )
    assert field_label("vat_number", "fr") == "vat number"  # a field of the user's own


@settings(max_examples=60)
@given(
    st.dictionaries(
        st.sampled_from(PERSON_FIELDS),
        st.sampled_from(
            sorted({lvl for levels in LEVELS.values() for lvl in levels} | {"missing"})
        ),
        min_size=1,
    ),
    st.sampled_from(LANGUAGES),
)
def test_every_compared_field_is_named_once(levels: dict[str, str], lang: str) -> None:
    said = explain_levels(levels, lang)
    named = [f for f, level in levels.items() if level != "missing"]
    for f in named:
        assert field_label(f, lang) in said
    if not named:
        assert said == explain_levels({}, lang)
    assert "{" not in said


def _people() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "first_name": ["Jan", "Johannes", "Jan", "Marie", "Marie", "Piet"],
            "last_name": ["Peeters", "Peeters", "Peters", "Dubois", "Dubois", "Claes"],
            "email": ["jan@x.be", "jan@x.be", "jan@x.be", "marie@y.be", "marie@y.be", "p@z.be"],
            "date_of_birth": ["1980-01-02"] * 3 + ["1975-05-05", "1975-05-05", None],
        }
    )


def test_a_cluster_says_what_holds_between_all_its_records() -> None:
    people = _people()
    dups = find_duplicates(people)
    words = dict(explain_clusters(dups, "en").iter_rows())
    jan = dups.clusters.filter(pl.col("row_index") == 0)["cluster_id"][0]
    marie = dups.clusters.filter(pl.col("row_index") == 3)["cluster_id"][0]
    assert set(words) == {jan, marie}  # Piet is alone: nothing to explain
    # Jan/Johannes is a nickname, Peeters/Peters a spelling: the weakest pair of each field
    assert words[jan] == (
        "same birth date and e-mail, first name as a nickname, surname spelled quite differently"
    )
    assert words[marie] == "same first name, surname, birth date and e-mail"
    pairs = explain_pairs(dups.pairs, "de")
    assert pairs.len() == dups.pairs.height
    assert pairs[0].endswith("gleich")
