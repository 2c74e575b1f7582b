"""``clientmig export INPUT... --target T --out DIR``: write a platform's import files."""

from __future__ import annotations

import argparse
import json
from typing import Any

from clientmig._messages import text
from clientmig.cleaning import CleanOptions
from clientmig.cli._input import (
    add_change_log,
    add_decision_options,
    add_force,
    add_mask_rejected,
    add_strict,
    country_help,
    decision_options,
    sheets_to_read,
)
from clientmig.cli._summary import run_text
from clientmig.export.feedback import ORIGIN_NAMES
from clientmig.io._peek import head_holds
from clientmig.mapping import ColumnMapping
from clientmig.pipeline import Recipe, RecipeInput
from clientmig.pipeline import run as run_recipe


def register(sub: Any) -> None:
    """Add the ``export`` command."""
    parser = sub.add_parser(
        "export",
        help=text("cli.options.export"),
        description=text("cli.options.export_about"),
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT")
    parser.add_argument("--target", required=True, help=text("cli.options.target_platform"))
    parser.add_argument("--mapping", help=text("cli.options.mapping_single"))
    parser.add_argument("--sheet", help=text("cli.help.sheet"))
    parser.add_argument("--country", default="BE", help=country_help())
    parser.add_argument("--out", required=True, help=text("cli.help.out_folder"))
    add_force(parser)
    add_mask_rejected(parser)
    add_change_log(parser)
    parser.add_argument("--json", action="store_true", help=text("cli.help.json_summary"))
    add_strict(parser)
    add_decision_options(parser)
    parser.set_defaults(func=run)


def is_file_to_fix(path: str) -> bool:
    """Whether ``path`` is a file of rows to fix written by clientmig (its header names the row
    each of its rows replaces, in any language); read from the first bytes, never in full."""
    return head_holds(path, ORIGIN_NAMES)


def run(args: argparse.Namespace) -> int:
    """Build a one-off recipe and replay it."""
    inputs = []
    # A file to fix (rows corrected and fed back) is no input of its own: the run reads it
    # after the others and its rows replace the rows they name.
    to_fix = {i for i, path in enumerate(args.inputs) if is_file_to_fix(path)}
    data = [p for i, p in enumerate(args.inputs) if i not in to_fix]
    tables = sheets_to_read(data, args.sheet, args.target, mapping=args.mapping)
    for i, sheet in tables:
        mapping = ColumnMapping.load(args.mapping).to_dict() if args.mapping and i == 0 else None
        name = (
            f"input{i + 1}"
            if sheet is None or sheet == args.sheet
            else "-".join((f"input{i + 1}", sheet))
        )
        inputs.append(RecipeInput(table=name, slot=i, sheet=sheet, mapping=mapping))
    recipe = Recipe(target=args.target, inputs=tuple(inputs)).with_options(
        clean=CleanOptions(country=args.country.strip().upper()).to_dict()
    )
    recipe = decision_options(args, recipe)
    ordered = [*data, *(args.inputs[i] for i in sorted(to_fix))]
    result = run_recipe(
        recipe, ordered, out=args.out, force=args.force, mask_rejected=args.mask_rejected
    )
    if args.change_log:
        result.report.write_change_log(args.change_log, force=args.force)
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(run_text(result))
    return 1 if args.strict and not result.report.ok else 0
