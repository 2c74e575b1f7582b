"""Columns no field takes, said once each: a value is never dropped without a word.

A column the mapping ignores (no field of the target fits it, or a person chose so) may hold
values: the import will not have them. One ``mapping.column_ignored`` note per such column
(file, sheet and header, a few of its values), never one per cell, so a million-row file adds
a handful of lines.
"""

from __future__ import annotations

import polars as pl

from clientmig import lineage
from clientmig.issues import conform, empty_issues
from clientmig.mapping.decision import ColumnMapping

CODE = "mapping.column_ignored"
MESSAGE = (
    "No field of the target takes this column: its values are not imported "
    "(map it in a mapping file if they should be)."
)
EXAMPLES = 3
_OWN = "clientmig "  # the columns a file to fix adds (reasons, row): never data


def ignored_columns(frame: pl.DataFrame, mapping: ColumnMapping) -> pl.DataFrame:
    """One note per column of ``frame`` that holds a value and that ``mapping`` sends nowhere.

    >>> from clientmig.mapping import suggest_mapping
    >>> f = pl.DataFrame({"Naam": ["Peeters"], "Hobby": ["golf"]})
    >>> m = suggest_mapping(f, "karbon")
    >>> ignored_columns(f, m).select("column", "code", "value").rows()
    [('Hobby', 'mapping.column_ignored', 'golf')]
    """
    synced = {r.column for r in mapping.synced}
    candidates = [
        c
        for c in frame.columns
        if not c.startswith("_") and c not in synced and not c.startswith(_OWN)
    ]
    if not candidates or frame.is_empty():
        return empty_issues()
    filled = frame.select(
        (pl.col(c).cast(pl.String).str.strip_chars().fill_null("") != "").any().alias(c)
        for c in candidates
    ).row(0, named=True)
    held = [c for c in candidates if filled[c]]
    if not held:
        return empty_issues()
    where = {
        name: frame.get_column(col).drop_nulls().first() if col in frame.columns else None
        for name, col in (("source", lineage.SOURCE), ("sheet", lineage.SHEET))
    }
    rows = []
    for column in held:
        text = frame.get_column(column).cast(pl.String).str.strip_chars()
        shown = text.filter(text.fill_null("") != "").unique(maintain_order=True).head(EXAMPLES)
        rows.append(
            {
                **where,
                "column": column,
                "code": CODE,
                "severity": "info",
                "message": MESSAGE,
                "value": " | ".join(shown.to_list()),
            }
        )
    return conform(pl.DataFrame(rows, infer_schema_length=None))
