"""Recipes: versioned JSON, stable bytes, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from clientmig.errors import RecipeError
from clientmig.pipeline import Recipe, RecipeInput


class _Decisions:
    def to_dict(self) -> dict[str, object]:
        return {"decisions": {"Acme  BV": {"action": "accept", "name": "Acme BV"}}}


def test_round_trip_is_byte_identical(tmp_path: Path) -> None:
    recipe = (
        Recipe(target="karbon")
        .with_input(RecipeInput(table="people", sheet="People", read={"header_row": 3}))
        .with_mapping("people", _MappingLike())
        .with_decisions("links", _Decisions())
        .with_options(clean={"country": "BE"})
    )
    path = recipe.save(tmp_path / "r.json")
    again = Recipe.load(path)
    assert again == recipe
    assert again.save(tmp_path / "r2.json").read_bytes() == path.read_bytes()
    assert again.input_for("people").mapping == {"columns": {"Voornaam": "first_name"}}  # type: ignore[union-attr]
    assert again.section("links") == _Decisions().to_dict()


class _MappingLike:
    def to_dict(self) -> dict[str, object]:
        return {"columns": {"Voornaam": "first_name"}}


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{", "not valid JSON"),
        ("[]", "one JSON object"),
        ('{"target": "karbon"}', "not a clientmig recipe"),
        ('{"clientmig_recipe": 99, "target": "karbon"}', "version 99"),
        ('{"clientmig_recipe": 1}', "no `target`"),
        ('{"clientmig_recipe": 1, "target": "k", "decisions": {"magic": {}}}', "magic"),
        ('{"clientmig_recipe": 1, "target": "k", "inputs": [{}]}', "table` is missing"),
    ],
)
def test_bad_recipes_raise_one_clear_error(text: str, words: str) -> None:
    with pytest.raises(RecipeError, match=words):
        Recipe.from_json(text)


def test_missing_file_and_unknown_section(tmp_path: Path) -> None:
    with pytest.raises(RecipeError, match="does not exist"):
        Recipe.load(tmp_path / "nope.json")
    with pytest.raises(ValueError, match="section"):
        Recipe(target="k").with_decisions("magic", {})
