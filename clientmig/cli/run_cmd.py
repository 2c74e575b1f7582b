"""``clientmig run RECIPE INPUT... --out DIR``: replay a recipe (the main job)."""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from clientmig._messages import text
from clientmig.cli._input import (
    add_change_log,
    add_decision_options,
    add_force,
    add_mask_rejected,
    add_strict,
    decision_options,
    sheets_to_read,
)
from clientmig.cli._summary import run_text
from clientmig.pipeline import Recipe, RecipeInput
from clientmig.pipeline import run as run_recipe


def register(sub: Any) -> None:
    """Add the ``run`` command."""
    parser = sub.add_parser(
        "run",
        help=text("cli.options.run"),
        description=text("cli.options.run_about"),
    )
    parser.add_argument("recipe", metavar="RECIPE")
    parser.add_argument("inputs", nargs="+", metavar="INPUT")
    parser.add_argument("--out", required=True, help=text("cli.help.out_folder"))
    add_force(parser)
    add_mask_rejected(parser)
    add_change_log(parser)
    parser.add_argument("--json", action="store_true", help=text("cli.help.json_summary"))
    add_strict(parser)
    add_decision_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Replay and print the summary."""
    recipe = decision_options(args, Recipe.load(args.recipe))
    if not recipe.inputs:  # each file as suggested: every sheet of clients of a workbook
        tables = sheets_to_read(args.inputs, None, recipe.target)
        recipe = replace(
            recipe,
            inputs=tuple(
                RecipeInput(
                    table=Path(args.inputs[i]).stem + (f" {s}" if s else ""), slot=i, sheet=s
                )
                for i, s in tables
            ),
        )
    result = run_recipe(
        recipe, args.inputs, out=args.out, force=args.force, mask_rejected=args.mask_rejected
    )
    if args.change_log:
        result.report.write_change_log(args.change_log, force=args.force)
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(run_text(result))
        print(text("cli.run.written", out=args.out, files=", ".join(result.files)))
    return 1 if args.strict and not result.report.ok else 0
