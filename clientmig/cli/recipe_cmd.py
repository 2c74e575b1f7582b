"""``clientmig recipe FILE... --target T -o recipe.json``: the suggested decisions, as a recipe.

Each file (each sheet of a workbook, or the one ``--sheet``) becomes a recipe input with its
suggested mapping; the options say the default country and which suggestions to accept. Edit the
file, then replay it with ``clientmig run``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from clientmig._messages import text
from clientmig.cleaning import CleanOptions
from clientmig.cli._input import add_decision_options, add_force, country_help, decision_options
from clientmig.errors import RecipeError
from clientmig.io import read_table, read_workbook_tables
from clientmig.mapping import suggest_mapping
from clientmig.pipeline import Recipe, RecipeInput


def register(sub: Any) -> None:
    """Add the ``recipe`` command."""
    parser = sub.add_parser(
        "recipe",
        help=text("cli.options.recipe"),
        description=text("cli.options.recipe_about"),
    )
    parser.add_argument("inputs", nargs="+", metavar="FILE")
    parser.add_argument("--target", required=True, help=text("cli.options.target_platform"))
    parser.add_argument("--sheet", help=text("cli.options.sheet_rows"))
    parser.add_argument("--country", default="BE", help=country_help())
    parser.add_argument("-o", "--output", required=True, help=text("cli.options.recipe_output"))
    add_force(parser)
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
        raise RecipeError(text("cli.recipe.no_rows"))
    options = CleanOptions(country=country.strip().upper()).to_dict()
    return Recipe(target=target, inputs=tuple(items)).with_options(clean=options)


def run(args: argparse.Namespace) -> int:
    """Build, save and summarise the recipe."""
    recipe = decision_options(
        args, build(args.inputs, args.target, sheet=args.sheet, country=args.country)
    )
    path = recipe.save(Path(args.output), force=args.force)
    print(text("cli.recipe.written", target=recipe.target, inputs=len(recipe.inputs), path=path))
    for item in recipe.inputs:
        rules = (item.mapping or {}).get("columns", [])
        mapped = sum(1 for r in rules if r.get("action") == "sync" and r.get("field"))
        slot, total = item.slot + 1, len(rules)
        line = text("cli.recipe.input", table=item.table, slot=slot, mapped=mapped, total=total)
        print(f"  {line}")
    return 0
