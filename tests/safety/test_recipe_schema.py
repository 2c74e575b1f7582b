"""Recipes are checked against their schema at load: each malformed value names its key."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from clientmig.cli import main
from clientmig.errors import RecipeError
from clientmig.pipeline import Recipe

GOOD: dict[str, Any] = {
    "clientmig_recipe": 1,
    "target": "karbon",
    "inputs": [{"table": "people", "slot": 0, "sheet": "People", "read": {"header_row": 2}}],
    "options": {"clean": {"country": "BE"}, "links": True},
    "decisions": {
        "fixes": {"fixes": [{"source": "a.csv", "row": 2, "field": "email", "value": "x@y.be"}]},
        "links": {"decisions": {"Acme": {"action": "accept", "name": "Acme BV"}}},
        "duplicates": {"decisions": []},
        "overwrite": {"fields": ["email"], "records": {}, "allow_empty": False},
    },
}


def _with(path: str, value: Any) -> dict[str, Any]:
    data = json.loads(json.dumps(GOOD))
    *parents, last = path.split("/")
    node = data
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    node[last] = value
    return data


BAD = [
    ("inputs/0/slot", -1, r"`inputs\[0\]\.slot` must be at least 0"),
    ("inputs/0/slot", "0", r"`inputs\[0\]\.slot` must be a whole number, not text"),
    ("inputs/0/slot", True, r"`inputs\[0\]\.slot` must be a whole number, not a boolean"),
    ("inputs/0/colour", "red", r"`inputs\[0\]\.colour` is not a recipe key"),
    ("inputs/0/read", {"header_row": 0}, r"`inputs\[0\]\.read\.header_row` must be at least 1"),
    ("inputs/0/read", {"skip": 3}, r"`inputs\[0\]\.read\.skip` is not a recipe key"),
    ("inputs/0/table", None, r"`inputs\[0\]\.table` must not be null"),
    ("inputs", {"table": "x"}, r"`inputs` must be a list, not an object"),
    ("target", 7, r"`target` must be text, not a number"),
    ("extra", 1, r"`extra` is not a recipe key"),
    ("options/clean", "BE", r"`options\.clean` must be an object, not text"),
    ("options/links", "yes", r"`options\.links` must be true or false, not text"),
    (
        "decisions/fixes",
        {"fixes": [{"source": "a"}]},
        r"`decisions\.fixes\.fixes\[0\]\.row` is missing",
    ),
    (
        "decisions/links",
        {"decisions": {"A": {"action": "rename", "name": "B"}}},
        r"`decisions\.links\.decisions\.A\.action` must be one of",
    ),
    (
        "decisions/links",
        {"decisions": {"A": {"action": "accept", "name": "A"}}},
        r"renames a value to itself",
    ),
    (
        "decisions/links",
        {
            "decisions": {
                "A": {"action": "accept", "name": "B"},
                "B": {"action": "choose", "name": "A"},
            }
        },
        r"renames in a circle \(A -> B -> A\)",
    ),
    ("decisions/overwrite", {"fields": "email"}, r"`decisions\.overwrite\.fields` must be a list"),
    (
        "decisions/duplicates",
        {"decisions": [{"cluster_id": -1}]},
        r"cluster_id` must be at least 0",
    ),
]


def test_the_good_recipe_loads() -> None:
    assert Recipe.from_dict(GOOD).inputs[0].slot == 0


@pytest.mark.parametrize(("path", "value", "words"), BAD)
def test_malformed_values_name_their_key_and_file(
    path: str, value: Any, words: str, tmp_path: Path
) -> None:
    file = tmp_path / "broken.json"
    file.write_text(json.dumps(_with(path, value)), encoding="utf-8")
    with pytest.raises(RecipeError, match=words) as got:
        Recipe.load(file)
    assert str(got.value).startswith("broken.json: ")


def test_the_cli_prints_one_line_for_a_malformed_recipe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "r.json"
    file.write_text(json.dumps(_with("inputs/0/slot", -1)), encoding="utf-8")
    data = tmp_path / "a.csv"
    data.write_text("Name\nAn\n")
    assert main(["run", str(file), str(data), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "r.json: `inputs[0].slot` must be at least 0" in err


def test_a_malformed_mapping_is_a_recipe_error(tmp_path: Path) -> None:
    from clientmig.pipeline import prepare

    data = tmp_path / "a.csv"
    data.write_text("Name\nAn\n")
    recipe = Recipe.from_dict(_with("inputs/0/mapping", {"clientmig_mapping": 1}))
    recipe = Recipe.from_dict(
        {**recipe.to_dict(), "inputs": [{"table": "people", "mapping": {"clientmig_mapping": 1}}]}
    )
    with pytest.raises(RecipeError, match="mapping of recipe input 'people' is malformed"):
        prepare(recipe, [data])
