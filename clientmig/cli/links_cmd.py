"""``clientmig links WORKBOOK``: check people's Belongs To against the organisations."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import polars as pl

from clientmig._messages import text
from clientmig.cli._input import add_force, prepare_file
from clientmig.export.files import write_file_csv
from clientmig.export.privacy import mask_frame
from clientmig.io import read_table
from clientmig.links import check_table_links


def register(sub: Any) -> None:
    """Add the ``links`` command."""
    parser = sub.add_parser(
        "links",
        help=text("cli.help.links"),
        description=text("cli.help.links_about"),
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--people-sheet", default="People")
    parser.add_argument("--orgs-sheet", default="Organizations")
    parser.add_argument("--issues-out", help=text("cli.help.link_issues_out"))
    add_force(parser)
    parser.add_argument("--json", action="store_true", help=text("cli.help.json_text"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Read the tables, map them onto Karbon, check links, print the unresolved ones.

    One file (or the same file twice) that is not a workbook with the People and Organizations
    sheets is a flat client list: its people are checked against its own organisations.
    """
    files = list(args.files)
    if len(files) == 2 and Path(files[0]).resolve() == Path(files[1]).resolve():
        files = files[:1]
    if len(files) == 1 and not _has_sheets(files[0], args.people_sheet, args.orgs_sheet):
        flat = prepare_file(files[0], sheet=None, target="karbon.people")
        result = check_table_links(
            flat.cleaned.frame,
            columns=flat.mapping.column_of(),
            merged=flat.table.issues,
        )
    else:
        one = len(files) == 1
        people = prepare_file(
            files[0], sheet=args.people_sheet if one else None, target="karbon.people"
        )
        orgs = prepare_file(
            files[0 if one else 1],
            sheet=args.orgs_sheet if one else None,
            target="karbon.organizations",
            rows_required=False,  # people may all be without an organisation
        )
        result = check_table_links(
            people.cleaned.frame,
            orgs.cleaned.frame,
            columns=people.mapping.column_of(),
            merged=people.table.issues,
        )
    if args.issues_out:
        write_file_csv(args.issues_out, mask_frame(result.issues), force=args.force)
    unresolved = result.unresolved
    blanks = result.issues.filter(pl.col("code") == "link.merged_blank")
    if args.json:
        report = {
            "counts": result.counts(),
            "unresolved": unresolved.to_dicts(),
            "merged_blanks": blanks.select("row", "suggestion").to_dicts(),
        }
        print(json.dumps(report, indent=2))
    else:
        counts = result.counts().items()
        print(", ".join(f"{text(f'cli.links.counts.{k}')}: {v}" for k, v in counts))
        for r in unresolved.iter_rows(named=True):
            hint = r["suggestion"] or r["candidates"] or text("cli.links.create_or_blank")
            status = text(f"cli.links.counts.{r['status']}")
            line = text("cli.links.unresolved", hint=hint, rows=r["rows"])
            print(f"  {status:<10} {r['value']!r} -> {line}")
        merged = text("cli.links.merged")
        for row, above in blanks.select("row", "suggestion").iter_rows():
            print(f"  {merged:<10} {text('cli.links.merged_line', row=row, above=repr(above))}")
    clean = unresolved.is_empty() and blanks.is_empty() and not result.duplicate_names
    return 0 if clean else 1


def _has_sheets(path: str, *names: str) -> bool:
    """Whether the file is a workbook holding every one of these sheets."""
    sheets = read_table(path).sheets or ()
    return all(n in sheets for n in names)
