"""What several commands do first: read one table, map it (saved or suggested), clean it."""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from clientmig.cleaning import Cleaned, CleanOptions, clean
from clientmig.io import ReadResult, read_table
from clientmig.mapping import ColumnMapping, suggest_mapping


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
        help="mask national numbers in the rejected file too (it keeps your data by default)",
    )


def add_force(parser: argparse.ArgumentParser) -> None:
    """The one ``--force`` flag every command that writes files takes."""
    parser.add_argument("--force", action="store_true", help="overwrite existing files")


COUNTRY_HELP = (
    "country (ISO code) of phone numbers, postcodes and national numbers written without one,"
    " for rows with no country of their own (default BE)"
)


def prepare_file(
    path: str,
    *,
    sheet: str | None,
    target: str,
    mapping: str | None = None,
    country: str = "BE",
) -> Prepared:
    """Read ``path``, map it with the saved ``mapping`` file or the suggestion for ``target``,
    and clean it (``country`` for values written without one)."""
    table = read_table(path, sheet=sheet)
    column_mapping = (
        ColumnMapping.load(mapping) if mapping else suggest_mapping(table.frame, target)
    )
    cleaned = clean(
        column_mapping.apply(table.frame),
        columns=column_mapping.column_of(),
        options=CleanOptions(country=country.strip().upper()),
    )
    return Prepared(table, column_mapping, cleaned)
