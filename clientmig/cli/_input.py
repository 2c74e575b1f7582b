"""What several commands do first: read one table, map it (saved or suggested), clean it."""

from __future__ import annotations

from dataclasses import dataclass

from clientmig.cleaning import Cleaned, clean
from clientmig.io import ReadResult, read_table
from clientmig.mapping import ColumnMapping, suggest_mapping


@dataclass(frozen=True)
class Prepared:
    """A file read, mapped and cleaned."""

    table: ReadResult
    mapping: ColumnMapping
    cleaned: Cleaned


def prepare_file(
    path: str, *, sheet: str | None, target: str, mapping: str | None = None
) -> Prepared:
    """Read ``path``, map it with the saved ``mapping`` file or the suggestion for ``target``,
    and clean it."""
    table = read_table(path, sheet=sheet)
    column_mapping = (
        ColumnMapping.load(mapping) if mapping else suggest_mapping(table.frame, target)
    )
    cleaned = clean(column_mapping.apply(table.frame), columns=column_mapping.column_of())
    return Prepared(table, column_mapping, cleaned)
