"""``clientmig validate FILE``: clean and validate against a target; issues and rejected rows."""

from __future__ import annotations

import argparse
import json
from typing import Any

from clientmig._messages import text
from clientmig._progress import Steps
from clientmig.cli._input import (
    add_change_log,
    add_force,
    add_mask_rejected,
    country_help,
    prepare_file,
)
from clientmig.cli._summary import validation_text
from clientmig.issues import concat_issues
from clientmig.mapping.left_out import ignored_columns
from clientmig.validation import Report, validate


def register(sub: Any) -> None:
    """Add the ``validate`` command."""
    parser = sub.add_parser(
        "validate",
        help=text("cli.help.validate"),
        description=text("cli.help.validate_about"),
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--sheet", help=text("cli.help.sheet"))
    parser.add_argument("--country", default="BE", help=country_help())
    parser.add_argument("--target", default="canonical", help=text("cli.help.target_short"))
    parser.add_argument("--mapping", help=text("cli.help.mapping_file"))
    parser.add_argument("--issues-out", help=text("cli.help.issues_out"))
    parser.add_argument("--rejected-out", help=text("cli.help.rejected_out"))
    add_change_log(parser)
    parser.add_argument("--json", action="store_true", help=text("cli.help.json_summary"))
    add_force(parser)
    add_mask_rejected(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Read, map, clean, validate; print the summary; write the files asked for."""
    with Steps(3, "clientmig validate") as bar:
        report = _validated(args)
        bar.step("validate")
        _write(args, report)
        bar.step("write")
    if args.json:
        print(json.dumps(report.summary, indent=2))
    else:
        print(validation_text(report))
    return 0 if report.ok else 1


def _validated(args: argparse.Namespace) -> Report:
    got = prepare_file(
        args.file, sheet=args.sheet, target=args.target, mapping=args.mapping, country=args.country
    )
    return validate(
        got.cleaned.frame,
        args.target,
        issues=concat_issues(
            [got.table.issues, ignored_columns(got.table.frame, got.mapping), got.cleaned.issues]
        ),
        columns=got.mapping.column_of(),
    )


def _write(args: argparse.Namespace, report: Report) -> None:
    if args.issues_out:
        report.write_issues(args.issues_out, force=args.force)
    if args.change_log:
        report.write_change_log(args.change_log, force=args.force)
    if args.rejected_out:
        report.write_rejected(args.rejected_out, force=args.force, mask=args.mask_rejected)
