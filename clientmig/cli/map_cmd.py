"""``clientmig map FILE --target T``: the suggested column mapping, as a table or JSON."""

from __future__ import annotations

import argparse
import json
from typing import Any

from clientmig.cli._input import add_force
from clientmig.io import read_table
from clientmig.mapping import suggest_mapping


def register(sub: Any) -> None:
    """Add the ``map`` command."""
    parser = sub.add_parser(
        "map",
        help="suggest how a file's columns map onto a target platform",
        description="Print the suggested mapping; -o saves it as JSON for --mapping and recipes.",
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--sheet", help="worksheet to read")
    parser.add_argument("--target", default="canonical", help="platform or table (karbon.people)")
    parser.add_argument("-o", "--output", help="write the mapping as JSON to this path")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    add_force(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Suggest, print and optionally save the mapping."""
    table = read_table(args.file, sheet=args.sheet)
    mapping = suggest_mapping(table.frame, args.target)
    if args.output:
        mapping.save(args.output, force=args.force)
    if args.json:
        print(json.dumps(mapping.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(mapping.to_text())
    return 0
