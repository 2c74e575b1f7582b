"""``clientmig map FILE --target T``: the suggested column mapping, as a table or JSON."""

from __future__ import annotations

import argparse
import json
from typing import Any

from clientmig._messages import text
from clientmig.cli._input import add_force
from clientmig.io import read_table
from clientmig.mapping import ColumnMapping, suggest_mapping
from clientmig.mapping.client_sheets import refuse_several_sheets
from clientmig.mapping.reasons import problem_text, reason_text
from clientmig.mapping.usable import refuse_unmatched

_HEADS = ("column", "action", "field", "confidence", "reason")


def register(sub: Any) -> None:
    """Add the ``map`` command."""
    parser = sub.add_parser(
        "map",
        help=text("cli.help.map"),
        description=text("cli.help.map_about"),
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--sheet", help=text("cli.help.sheet"))
    parser.add_argument("--target", default="canonical", help=text("cli.help.target_table"))
    parser.add_argument("-o", "--output", help=text("cli.help.map_output"))
    parser.add_argument("--json", action="store_true", help=text("cli.help.json_text"))
    add_force(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Suggest, print and optionally save the mapping."""
    table = read_table(args.file, sheet=refuse_several_sheets(args.file, args.sheet, args.target))
    mapping = suggest_mapping(table.frame, args.target)
    refuse_unmatched(args.file, table.frame, mapping)  # a header alone may be mapped
    if args.output:
        mapping.save(args.output, force=args.force)
    if args.json:
        print(json.dumps(mapping.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(_text(mapping))
    return 0


def _text(mapping: ColumnMapping) -> str:
    """The mapping as a plain table, headings and notes in the chosen language."""
    actions = {a: text(f"ui.mapping.{a}") for a in ("sync", "ignore")}
    rows = [tuple(text(f"cli.map.{h}") for h in _HEADS)]
    rows += [
        (r.column, actions[r.action], r.field or "", f"{r.confidence:.2f}", reason_text(r.reason))
        for r in mapping.rules
    ]
    widths = [min(max(len(row[i]) for row in rows), 40) for i in range(len(_HEADS))]
    lines = ["  ".join(c[:40].ljust(w) for c, w in zip(row, widths)).rstrip() for row in rows]
    lines += [text("cli.map.bulk", field=k, value=v) for k, v in mapping.constants.items()]
    lines += [text("cli.map.problem", problem=problem_text(p)) for p in mapping.problems()]
    return "\n".join(lines)
