"""``clientmig recipe FILE... --target T -o recipe.json``: the suggested decisions, as a recipe.

Each file (each sheet of a workbook, or the one ``--sheet``) becomes a recipe input with its
suggested mapping; the options say the default country and which suggestions to accept. Edit the
file, then replay it with ``clientmig run``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from clientmig.cleaning import CleanOptions
from clientmig.cli._input import COUNTRY_HELP, add_decision_options, decision_options
from clientmig.errors import RecipeError
from clientmig.io import read_table, read_workbook_tables
from clientmig.mapping import suggest_mapping
from clientmig.pipeline import Recipe, RecipeInput


def register(sub: Any) -> None:
    """Add the ``recipe`` command."""
    parser = sub.add_parser(
        "recipe",
        help="write the suggested mapping and options as a recipe to edit and replay",
        description="One input per file (per sheet of a workbook unless --sheet is given).",
    )
    parser.add_argument("inputs", nargs="+", metavar="FILE")
    parser.add_argument("--target", required=True, help="platform (karbon, taxdome, ...)")
    parser.add_argument("--sheet", help="worksheet to read (default: every sheet with rows)")
    parser.add_argument("--country", default="BE", help=COUNTRY_HELP)
    parser.add_argument("-o", "--output", required=True, help="the recipe file to write")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    add_decision_options(parser)
    parser.set_defaults(func=run)


def build(
    inputs: list[str], target: str, *, sheet: str | None = None, country: str = "BE"
) -> Recipe:
    """The recipe of suggestions for ``inputs`` (file order gives the slots of ``run``)."""
    items: list[RecipeInput] = []
    for slot, path in enumerate(inputs):
        stem = Path(path).stem
        if sheet is None and Path(path).suffix.lower() in {".xlsx", ".xlsm"}:
            tables = {s: r for s, r in read_workbook_tables(path).items() if r.frame.height}
        else:
            tables = {sheet or "": read_table(path, sheet=sheet)}
        for name, read in tables.items():
            mapping = suggest_mapping(read.frame, target)
            items.append(
                RecipeInput(
                    table=f"{stem}_{name}" if name else stem,
                    slot=slot,
                    sheet=name or None,
                    mapping=mapping.to_dict(),
                )
            )
    if not items:
        raise RecipeError("none of the files holds a table with rows")
    options = CleanOptions(country=country.strip().upper()).to_dict()
    return Recipe(target=target, inputs=tuple(items)).with_options(clean=options)


def run(args: argparse.Namespace) -> int:
    """Build, save and summarise the recipe."""
    recipe = decision_options(
        args, build(args.inputs, args.target, sheet=args.sheet, country=args.country)
    )
    path = recipe.save(Path(args.output), force=args.force)
    print(f"recipe for {recipe.target} with {len(recipe.inputs)} input(s) written to {path}")
    for item in recipe.inputs:
        rules = (item.mapping or {}).get("columns", [])
        mapped = sum(1 for r in rules if r.get("action") == "sync" and r.get("field"))
        print(f"  {item.table}: file {item.slot + 1}, {mapped} of {len(rules)} columns mapped")
    return 0
