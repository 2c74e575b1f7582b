"""``clientmig inspect FILE...``: how clientmig reads each file, and what is wrong with it."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from clientmig._messages import text
from clientmig.errors import ReadError
from clientmig.io import ReadResult, read_table, read_workbook_tables

_DELIMITERS = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}


def register(sub: Any) -> None:
    """Add the ``inspect`` command."""
    parser = sub.add_parser(
        "inspect",
        help=text("cli.help.inspect"),
        description=text("cli.help.inspect_about"),
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--sheet", help=text("cli.help.sheet_every"))
    parser.add_argument("--json", action="store_true", help=text("cli.help.json_text"))
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
                print(text("cli.inspect.unreadable", file=path, error=exc), file=sys.stderr)
            continue
        for table in tables:
            info = {"file": path, **table.to_dict()}
            results.append(info)
            if not args.json:
                print(_text(path, table))
        if tables and all(t.frame.height == 0 for t in tables):
            status = 2  # a header without rows: readable, but nothing to import
            sentence = text("cli.refuse.header_only", file=Path(path).name)
            results[-1]["error"] = sentence
            if not args.json:
                print(f"clientmig: {sentence}", file=sys.stderr)
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    return status


def _text(path: str, table: ReadResult) -> str:
    """The report on one table, its labels in the chosen language and lined up."""
    info = table.to_dict()
    where = path + (" " + text("cli.inspect.sheet", sheet=table.sheet) if table.sheet else "")
    detected = info["detected_source"]
    found = (
        f"{detected['title']} ({detected['confidence']:.0%})"
        if detected
        else text("cli.inspect.not_recognised")
    )
    fields: list[tuple[str, object]] = [("source", found)]
    if table.sheet is None:
        delim = _DELIMITERS.get(str(table.delimiter))
        encoding = str(table.encoding)
        if encoding.endswith(" with BOM"):  # the reader's words for a byte-order mark
            encoding = text("cli.inspect.with_bom", encoding=encoding.removesuffix(" with BOM"))
        fields.append(("encoding", encoding))
        fields.append(
            ("delimiter", text(f"cli.inspect.{delim}") if delim else repr(table.delimiter))
        )
    else:
        fields.append(("sheets", ", ".join(table.sheets)))
    columns = f"{len(table.columns)}: {', '.join(table.columns[:12])}"
    if len(table.columns) > 12:
        columns += f", … (+{len(table.columns) - 12})"
    fields += [("header_row", table.header_row), ("rows", table.frame.height)]
    fields += [("columns", columns)]
    fields.append(("issues", table.issues.height or text("cli.inspect.none")))
    labels = {key: text("cli.inspect.label", label=text(f"cli.inspect.{key}")) for key, _ in fields}
    width = max(len(label) for label in labels.values())
    lines = [where, *(f"  {labels[key]:<{width}} {value}" for key, value in fields)]
    for code, n in info["issues"].items():
        first = table.issues.filter(table.issues["code"] == code).row(0, named=True)
        at = text("cli.inspect.first_at", row=first["row"]) if first["row"] is not None else ""
        lines.append(f"    {n:>5} x {code}{at}: {first['message']}")
    return "\n".join(lines)
