"""``clientmig inspect FILE...``: how clientmig reads each file, and what is wrong with it."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from clientmig.errors import ReadError
from clientmig.io import ReadResult, read_table, read_workbook_tables


def register(sub: Any) -> None:
    """Add the ``inspect`` command."""
    parser = sub.add_parser(
        "inspect",
        help="show the detected source, encoding, delimiter, header row, columns and issues",
        description="Show how clientmig reads each file. Exit 0 when every file is readable, "
        "2 when one is not.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--sheet", help="worksheet to read (default: every non-empty sheet)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Inspect each file; print text or JSON."""
    results: list[dict[str, Any]] = []
    status = 0
    for path in args.files:
        try:
            tables = (
                [read_table(path, sheet=args.sheet)]
                if args.sheet or not path.lower().endswith((".xlsx", ".xlsm"))
                else list(read_workbook_tables(path).values())
            )
        except ReadError as exc:
            status = 2
            results.append({"file": path, "error": str(exc)})
            if not args.json:
                print(f"{path}: cannot be read: {exc}", file=sys.stderr)
            continue
        for table in tables:
            info = {"file": path, **table.to_dict()}
            results.append(info)
            if not args.json:
                print(_text(path, table))
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    return status


def _text(path: str, table: ReadResult) -> str:
    info = table.to_dict()
    where = f"{path}" + (f" [sheet {table.sheet}]" if table.sheet else "")
    detected = info["detected_source"]
    lines = [
        where,
        "  source:     "
        + (f"{detected['title']} ({detected['confidence']:.0%})" if detected else "not recognised"),
    ]
    if table.sheet is None:
        delim = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}.get(
            str(table.delimiter), repr(table.delimiter)
        )
        lines.append(f"  encoding:   {table.encoding}")
        lines.append(f"  delimiter:  {delim}")
    else:
        lines.append(f"  sheets:     {', '.join(table.sheets)}")
    lines.append(f"  header row: {table.header_row}")
    lines.append(f"  rows:       {table.frame.height}")
    lines.append(f"  columns:    {len(table.columns)}: {', '.join(table.columns[:12])}")
    if len(table.columns) > 12:
        lines[-1] += f", … (+{len(table.columns) - 12})"
    if table.issues.height:
        lines.append(f"  issues:     {table.issues.height}")
        for code, n in info["issues"].items():
            first = table.issues.filter(table.issues["code"] == code).row(0, named=True)
            at = f" (first at row {first['row']})" if first["row"] is not None else ""
            lines.append(f"    {n:>5} x {code}{at}: {first['message']}")
    else:
        lines.append("  issues:     none")
    return "\n".join(lines)
