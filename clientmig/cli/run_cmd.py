"""``clientmig run RECIPE INPUT... --out DIR``: replay a recipe (the main job)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from clientmig.cli._input import (
    add_change_log,
    add_decision_options,
    add_force,
    add_mask_rejected,
    decision_options,
)
from clientmig.pipeline import Recipe
from clientmig.pipeline import run as run_recipe


def register(sub: Any) -> None:
    """Add the ``run`` command."""
    parser = sub.add_parser(
        "run",
        help="replay a recipe on input files and write the import files",
        description="Read, map, clean, validate, check links and duplicates, and export, as the "
        "recipe says. Exit 0 when the files are written (rejected rows go to their own file), "
        "1 with --strict when any row was rejected, 2 when the input is unusable.",
    )
    parser.add_argument("recipe", metavar="RECIPE")
    parser.add_argument("inputs", nargs="+", metavar="INPUT")
    parser.add_argument("--out", required=True, help="output folder")
    add_force(parser)
    add_mask_rejected(parser)
    add_change_log(parser)
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any row is rejected")
    add_decision_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Replay and print the summary."""
    recipe = decision_options(args, Recipe.load(args.recipe))
    result = run_recipe(
        recipe, args.inputs, out=args.out, force=args.force, mask_rejected=args.mask_rejected
    )
    if args.change_log:
        result.report.write_change_log(args.change_log, force=args.force)
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(result.to_text())
        print(f"written to {args.out}: " + ", ".join(result.files))
    return 1 if args.strict and not result.report.ok else 0
