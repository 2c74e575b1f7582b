"""What several commands do first: read one table, map it (saved or suggested), clean it."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clientmig._messages import text
from clientmig.cleaning import Cleaned, CleanOptions, clean
from clientmig.io import ReadResult, read_table
from clientmig.mapping import ColumnMapping, suggest_mapping
from clientmig.mapping.client_sheets import (
    refuse_several_sheets,
    sheets_of_clients,
)
from clientmig.mapping.usable import refuse_header_only, refuse_unmatched
from clientmig.pipeline import Recipe


@dataclass(frozen=True)
class Prepared:
    """A file read, mapped and cleaned."""

    table: ReadResult
    mapping: ColumnMapping
    cleaned: Cleaned


def add_mask_rejected(parser: argparse.ArgumentParser) -> None:
    """``--mask-rejected``: mask national numbers in the rejected rows too."""
    parser.add_argument(
        "--mask-rejected",
        action="store_true",
        help=text("cli.options.mask_rejected"),
    )


def add_change_log(parser: argparse.ArgumentParser) -> None:
    """``--change-log PATH``: every routine fix, one row per cell (Parquet or CSV)."""
    parser.add_argument("--change-log", metavar="PATH", help=text("cli.help.change_log"))


def add_force(parser: argparse.ArgumentParser) -> None:
    """The one ``--force`` flag every command that writes files takes."""
    parser.add_argument("--force", action="store_true", help=text("cli.options.force"))


def country_help() -> str:
    """``--country``'s help in the chosen language."""
    return text("cli.options.country")


def __getattr__(name: str) -> str:
    """``COUNTRY_HELP``: the help of ``--country`` in the language chosen when it is read."""
    if name == "COUNTRY_HELP":
        return country_help()
    raise AttributeError(name)


def prepare_file(
    path: str,
    *,
    sheet: str | None,
    target: str,
    mapping: str | None = None,
    country: str = "BE",
    rows_required: bool = True,
) -> Prepared:
    """Read ``path``, map it with the saved ``mapping`` file or the suggestion for ``target``,
    and clean it (``country`` for values written without one).

    A file without data rows (unless ``rows_required`` is false: a platform that holds no
    client yet) or without a column that matches the target is refused with one sentence.
    """
    table = read_table(path, sheet=refuse_several_sheets(path, sheet, target))
    if rows_required:
        refuse_header_only(path, table.frame)
    column_mapping = (
        ColumnMapping.load(mapping) if mapping else suggest_mapping(table.frame, target)
    )
    refuse_unmatched(path, table.frame, column_mapping)
    cleaned = clean(
        column_mapping.apply(table.frame),
        columns=column_mapping.column_of(),
        options=CleanOptions(country=country.strip().upper()),
    )
    return Prepared(table, column_mapping, cleaned)


def sheets_to_read(
    paths: list[str], sheet: str | None, target: str, *, mapping: str | None = None
) -> list[tuple[int, str | None]]:
    """``(file number, sheet)`` for every table a writing command reads: each sheet of
    clients of a workbook when no ``sheet`` is named (said on stderr), else the one sheet.

    A saved ``mapping`` belongs to one table: with it, several sheets of clients are refused.
    """
    out: list[tuple[int, str | None]] = []
    for slot, path in enumerate(paths):
        found = {} if sheet is not None else sheets_of_clients(path, target)
        if len(found) > 1 and mapping is not None and slot == 0:
            refuse_several_sheets(path, sheet, target)
        if len(found) > 1:
            listed = ", ".join(
                text("cli.sheets.one", sheet=name, rows=table.frame.height)
                for name, table in found.items()
            )
            print(text("cli.sheets.read", file=Path(path).name, sheets=listed), file=sys.stderr)
            out.extend((slot, name) for name in found)
        else:  # the one sheet of clients, else the reader's choice
            out.append((slot, next(iter(found), sheet)))
    return out


def add_decision_options(parser: Any) -> None:
    """``--accept`` and ``--merge``: decisions taken on the command line."""
    parser.add_argument(
        "--accept", action="append", default=[], metavar="WHAT", help=text("cli.options.accept")
    )
    parser.add_argument("--merge", choices=["sure"], help=text("cli.options.merge"))


def decision_options(args: Any, recipe: Recipe) -> Recipe:
    """The recipe with the command line's decisions added to its own."""
    options: dict[str, Any] = {}
    if args.accept:
        saved = recipe.options.get("accept", [])
        saved = [saved] if isinstance(saved, str) else list(saved)
        options["accept"] = [*saved, *args.accept]
    if args.merge:
        options["merge"] = args.merge
    return recipe.with_options(**options) if options else recipe


def add_strict(parser: argparse.ArgumentParser) -> None:
    """``--strict``: exit 1 when any row is rejected."""
    parser.add_argument("--strict", action="store_true", help=text("cli.options.strict"))
