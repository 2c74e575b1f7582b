"""``clientmig validate FILE``: clean and validate against a target; issues and rejected rows."""

from __future__ import annotations

import argparse
import json
from typing import Any

from clientmig.cli._input import COUNTRY_HELP, add_force, add_mask_rejected, prepare_file
from clientmig.issues import concat_issues
from clientmig.messages import text
from clientmig.report import Report
from clientmig.validation import validate


def register(sub: Any) -> None:
    """Add the ``validate`` command."""
    parser = sub.add_parser(
        "validate",
        help="check a file against a target platform",
        description="Exit 0 with no errors, 1 when error issues exist, "
        "2 when the input is unusable.",
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--sheet", help="worksheet to read")
    parser.add_argument("--country", default="BE", help=COUNTRY_HELP)
    parser.add_argument("--target", default="canonical", help="platform or table")
    parser.add_argument("--mapping", help="a mapping JSON file (default: the suggested mapping)")
    parser.add_argument("--issues-out", help="write every issue as CSV here")
    parser.add_argument("--rejected-out", help="write rejected rows (CSV, or .zip) here")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    add_force(parser)
    add_mask_rejected(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Read, map, clean, validate; print the summary; write the files asked for."""
    got = prepare_file(
        args.file, sheet=args.sheet, target=args.target, mapping=args.mapping, country=args.country
    )
    report = validate(
        got.cleaned.frame,
        args.target,
        issues=concat_issues([got.table.issues, got.cleaned.issues]),
        columns=got.mapping.column_of(),
    )
    if args.issues_out:
        report.write_issues(args.issues_out, force=args.force)
    if args.rejected_out:
        report.write_rejected(args.rejected_out, force=args.force, mask=args.mask_rejected)
    if args.json:
        print(json.dumps(report.summary, indent=2))
    else:
        print(_text(report))
    return 0 if report.ok else 1


def _text(report: Report) -> str:
    """The summary line and the most frequent codes, in the chosen language."""
    s = report.summary
    counts = {"errors": s["issues"]["error"], "warnings": s["issues"]["warning"]}
    line = text(
        "cli.validate.summary",
        rows=s["rows"],
        valid=s["valid"],
        rejected=s["rejected"],
        infos=s["issues"]["info"],
        **counts,
    )
    top = sorted(s["by_code"].items(), key=lambda kv: -kv[1])[:15]
    return "\n".join([line, *(f"  {n:>7}  {code}" for code, n in top)])
