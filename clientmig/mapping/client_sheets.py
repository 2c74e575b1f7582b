"""Which sheets of a workbook hold clients for a target, so that none is left out silently.

Without a sheet named, a workbook with one client table is read as before (its widest sheet).
With several, every command behaves alike: the commands that write a platform's import
(``export``, ``run`` without a sheet in the recipe) read each client sheet, and say so; the
commands that work on one table (``validate``, ``map``, ``dedupe``, ``reconcile``, ``links``)
stop with one sentence naming the sheets and ``--sheet``. A sheet holds clients when it has
data rows and at least two columns that the suggested mapping sends to the target.
"""

from __future__ import annotations

from pathlib import Path

from clientmig._messages import text
from clientmig.errors import MappingError
from clientmig.io import EXCEL_SUFFIXES, ReadResult, read_table, sheet_names
from clientmig.mapping.suggest import suggest_mapping

_MIN_FIELDS = 2
"""Columns a sheet must send to the target to count as a client table (not a lookup list)."""


def sheets_of_clients(path: str | Path, target: str) -> dict[str, ReadResult]:
    """``{sheet: table}`` of the sheets of ``path`` that hold clients for ``target``, in
    workbook order; empty for a file that is no workbook."""
    if Path(str(path)).suffix.lower() not in EXCEL_SUFFIXES:
        return {}
    names = sheet_names(path)
    if len(names) < 2:  # one sheet: nothing to choose, nothing to read twice
        return {}
    tables = {name: read_table(path, sheet=name) for name in names}
    return {
        name: table
        for name, table in tables.items()
        if table.frame.height and len(suggest_mapping(table.frame, target).fields) >= _MIN_FIELDS
    }


def refuse_several_sheets(
    path: str | Path, sheet: str | int | None, target: str
) -> str | int | None:
    """The sheet to read: ``sheet`` when named, else a workbook's one sheet of clients (None
    for a CSV or when no sheet holds clients: the reader's choice). Raise
    :class:`MappingError` when no ``sheet`` is named and ``path`` has several sheets of
    clients: reading one of them would drop the others without a word."""
    if sheet is not None:
        return sheet
    found = sheets_of_clients(path, target)
    if len(found) > 1:
        raise MappingError(several_sheets_sentence(path, found))
    return next(iter(found), None)


def several_sheets_sentence(path: str | Path, found: dict[str, ReadResult]) -> str:
    """One sentence naming the sheets of clients and how to choose (``--sheet``)."""
    listed = ", ".join(
        text("cli.sheets.one", sheet=name, rows=table.frame.height) for name, table in found.items()
    )
    return text("cli.sheets.several", file=Path(str(path)).name, sheets=listed)
