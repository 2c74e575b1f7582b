"""``clientmig reconcile INCOMING EXISTING --out DIR``: new, departed and changed clients."""

from __future__ import annotations

import argparse
import json
from typing import Any

from clientmig._messages import text, texts
from clientmig.cli._input import add_force, prepare_file
from clientmig.cli._summary import export_text
from clientmig.export.files import OutputFolder
from clientmig.export.platform import export_files, import_table
from clientmig.export.privacy import mask_frame
from clientmig.export.writers import write_csv_parts
from clientmig.reconciliation import OverwriteChoice, reconcile
from clientmig.target_schemas import platform
from clientmig.validation import validate


def register(sub: Any) -> None:
    """Add the ``reconcile`` command."""
    parser = sub.add_parser(
        "reconcile",
        help=text("cli.help.reconcile"),
        description=text("cli.help.reconcile_about"),
    )
    parser.add_argument("incoming", metavar="INCOMING")
    parser.add_argument("existing", metavar="EXISTING")
    parser.add_argument("--target", default="karbon", help=text("cli.help.target_platform"))
    parser.add_argument("--sheet", help=text("cli.help.sheet_incoming"))
    parser.add_argument("--existing-sheet", help=text("cli.help.sheet_existing"))
    parser.add_argument("--overwrite", default="", help=text("cli.help.overwrite_fields"))
    parser.add_argument("--out", required=True, help=text("cli.help.out_folder"))
    add_force(parser)
    parser.add_argument("--json", action="store_true", help=text("cli.help.json_summary"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Reconcile and write the files."""
    new_side = prepare_file(args.incoming, sheet=args.sheet, target=args.target)
    old_side = prepare_file(
        args.existing, sheet=args.existing_sheet, target=args.target, rows_required=False
    )
    incoming, columns = new_side.cleaned.frame, new_side.mapping.column_of()
    existing = old_side.cleaned.frame
    rec = reconcile(incoming, existing)
    with OutputFolder(args.out, force=args.force) as out:
        for name in ("differences.csv", "only_in_platform.csv"):
            out.path(name)  # refuse an overwrite before any work
        new = validate(rec.new_clients(), args.target, columns=columns)
        summary = export_files(new, args.target, out.subfolder("new_clients"), force=args.force)
        choice = OverwriteChoice(fields=tuple(f for f in args.overwrite.split(",") if f))
        updates = rec.updates(choice)
        plat = platform(args.target)
        for t in plat.tables:
            if t.entity == "group" or updates.is_empty():
                continue
            rows = import_table(updates, t)
            if rows.height:
                write_csv_parts(rows, out, f"updates_{t.table}", force=args.force)
        out.write_csv("differences.csv", mask_frame(rec.differences))
        departed = rec.departed
        out.write_csv(
            "only_in_platform.csv",
            departed.select(c for c in departed.columns if not c.startswith("__")),
        )
    counts = rec.summary()
    if args.json:
        print(json.dumps({"reconcile": counts, "new_clients": summary.to_dict()}, indent=2))
    else:
        print(", ".join(f"{_count_label(k)}: {v}" for k, v in counts.items()))
        print(export_text(summary))
    return 0


def _count_label(key: str) -> str:
    """``matched_on_email`` -> ``matched on email`` in the chosen language."""
    if key.startswith("matched_on_"):
        return text("cli.reconcile.matched_on", field=key.removeprefix("matched_on_"))
    label = f"cli.reconcile.counts.{key}"
    return text(label) if label in texts("en") else key
