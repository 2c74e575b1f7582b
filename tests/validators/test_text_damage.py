"""Code-page damage: mojibake repaired as a suggestion, lost characters reported (#19 item 3)."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clientmig import clean
from clientmig.validators import text_damage

NAMES = ["François", "Müller", "Hélène", "Čapek", "Åse", "Dvořák", "Ozoliņš", "Zoë", "Ştefan"]


@pytest.mark.parametrize("name", NAMES)
def test_mojibake_of_any_accented_name_is_repaired_exactly(name: str) -> None:
    for codepage in ("cp1252", "latin-1"):
        try:
            garbled = name.encode("utf-8").decode(codepage)
        except UnicodeDecodeError:
            continue
        found = text_damage.check(garbled)
        assert found is not None
        assert found.code == "text_damage.mojibake"
        assert found.suggestion == name
        assert text_damage.compact(garbled) == name


@pytest.mark.parametrize("value", ["Katr?na", "M??ller", "Fran?ois", "Jos\ufffd", "Caf? Road 2"])
def test_lost_characters_are_reported_without_a_suggestion(value: str) -> None:
    found = text_damage.check(value)
    assert found is not None
    assert found.code == "text_damage.lost"
    assert found.suggestion is None
    assert "source" in found.message


@pytest.mark.parametrize(
    "value",
    [*NAMES, "SÃO PAULO", "CÂBLE", "ÄRZTE", "PEÑA", "Jan ’t Hooft", "São Tomé", "O'Brien"],
)
def test_clean_text_is_not_flagged(value: str) -> None:
    assert text_damage.check(value) is None
    assert text_damage.is_valid(value)


def test_a_question_in_notes_is_punctuation() -> None:
    assert text_damage.check("see https://x.be/a?b=1 or call?", free_text=True) is None
    assert text_damage.check("bel terug a.u.b.\ufffd", free_text=True) is not None


TEXT = st.text(
    alphabet=st.sampled_from(list("aéçüŒ€Ã©Â°?\ufffd ’ßñČ"))
    | st.characters(exclude_categories=("Cs",)),
    max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(values=st.lists(st.one_of(st.none(), TEXT), max_size=12), free=st.booleans())
def test_vectorised_twins_agree_with_the_scalar(values: list[str | None], free: bool) -> None:
    frame = pl.DataFrame({"v": values}, schema={"v": pl.String})
    got = frame.select(
        text_damage.issue_expr("v", free_text=free).alias("code"),
        text_damage.compact_expr("v").alias("compact"),
    )
    for value, code, compact in zip(values, got["code"], got["compact"], strict=True):
        if value is None:
            assert code is None
            assert compact is None
            continue
        found = text_damage.check(value, free_text=free)
        assert code == (found.code if found else None)
        assert compact == text_damage.compact(value)


def test_clean_warns_per_damaged_cell_with_the_repair_as_suggestion() -> None:
    frame = pl.DataFrame(
        {
            "first_name": ["FranÃ§ois", "Katr?na", "Zoë"],
            "street": ["Rue de l'Ã‰glise 5", "Kerkstraat 1", None],
            "notes": ["a?b", None, "ok"],
        }
    )
    issues = clean(frame, columns={"first_name": "Voornaam"}).issues.filter(
        pl.col("code").str.starts_with("text_damage")
    )
    assert issues.select("row", "column", "code", "suggestion").rows() == [
        (2, "Voornaam", "text_damage.mojibake", "François"),
        (3, "Voornaam", "text_damage.lost", None),
        (2, "street", "text_damage.mojibake", "Rue de l'Église 5"),
    ]
    assert issues["severity"].unique().to_list() == ["warning"]
