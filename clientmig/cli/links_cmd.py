"""``clientmig links WORKBOOK``: check people's Belongs To against the organisations."""

from __future__ import annotations

import argparse
import json
from typing import Any

from clientmig.cli._input import prepare_file
from clientmig.links import check_links


def register(sub: Any) -> None:
    """Add the ``links`` command."""
    parser = sub.add_parser(
        "links",
        help="check that every Belongs To names an organisation exactly",
        description="Give one workbook (People and Organizations sheets) or two files "
        "(people, then organisations). Exit 1 when a link would be lost.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--people-sheet", default="People")
    parser.add_argument("--orgs-sheet", default="Organizations")
    parser.add_argument("--issues-out", help="write the link issues as CSV here")
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Read both tables, map them onto Karbon, check links, print the unresolved ones."""
    one = len(args.files) == 1
    people = prepare_file(
        args.files[0], sheet=args.people_sheet if one else None, target="karbon.people"
    )
    orgs = prepare_file(
        args.files[0 if one else 1],
        sheet=args.orgs_sheet if one else None,
        target="karbon.organizations",
    )
    result = check_links(
        people.cleaned.frame, orgs.cleaned.frame, columns=people.mapping.column_of()
    )
    if args.issues_out:
        result.issues.write_csv(args.issues_out)
    unresolved = result.unresolved
    if args.json:
        print(
            json.dumps({"counts": result.counts(), "unresolved": unresolved.to_dicts()}, indent=2)
        )
    else:
        print(", ".join(f"{k}: {v}" for k, v in result.counts().items()))
        for r in unresolved.iter_rows(named=True):
            hint = r["suggestion"] or r["candidates"] or "create or leave blank"
            print(f"  {r['status']:<10} {r['value']!r} -> {hint} ({r['rows']} row(s))")
    return 0 if unresolved.is_empty() and not result.duplicate_names else 1
