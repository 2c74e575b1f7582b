"""Refuse input that would give an empty import: a header without rows, or no column that
matches a field of the target. One sentence in the user's language, never an empty file."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from clientmig import lineage
from clientmig._messages import text
from clientmig.errors import MappingError, ReadError
from clientmig.mapping.decision import ColumnMapping

_SHOWN = 8
"""Columns named in the sentence before it says how many more there are."""


def _name(source: str | Path, frame: pl.DataFrame) -> str:
    """The file's name, with the sheet when one was read."""
    name = Path(str(source)).name
    if lineage.SHEET in frame.columns and frame.height:
        sheet = str(frame.get_column(lineage.SHEET).drop_nulls().first() or "")
        if sheet:
            return f"{name} [{sheet}]"
    return name


def refuse_header_only(source: str | Path, frame: pl.DataFrame) -> None:
    """Raise :class:`ReadError` when the table read from ``source`` has no data row."""
    if frame.height == 0:
        raise ReadError(text("cli.refuse.header_only", file=_name(source, frame)))


def refuse_unmatched(source: str | Path, frame: pl.DataFrame, mapping: ColumnMapping) -> None:
    """Raise :class:`MappingError` when no column of ``frame`` goes to a field of the target."""
    if mapping.synced:
        return
    headers = [c for c in frame.columns if not c.startswith("_")]
    shown = ", ".join(headers[:_SHOWN])
    if len(headers) > _SHOWN:
        shown += text("cli.refuse.more", count=len(headers) - _SHOWN)
    name = _name(source, frame)
    raise MappingError(
        text("cli.refuse.no_column", file=name, columns=shown, target=mapping.target)
    )


def refuse_unusable(source: str | Path, frame: pl.DataFrame, mapping: ColumnMapping) -> None:
    """Both checks: rows to import, and a column that reaches the target."""
    refuse_header_only(source, frame)
    refuse_unmatched(source, frame, mapping)
