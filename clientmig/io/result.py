"""The result of reading one table: the frame, its issues and how it was read."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import polars as pl

Source = str | Path | bytes | IO[bytes]
# A client's notes may hold more than the csv module's default 131,072 characters in one cell;
# the limit only ever rises here (Excel's own cell limit is reported as read.long_cell).
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))

EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ".tab", ""}


@dataclass(frozen=True, slots=True)
class ReadResult:
    """A table read from a file, with how it was read and what was wrong with it."""

    frame: pl.DataFrame
    issues: pl.DataFrame
    source: str
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    encoding: str | None = None
    delimiter: str | None = None
    header_row: int = 1
    detected: Any = None
    columns: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready description (no cell values)."""
        counts = (
            self.issues.group_by("code").len().sort("code").rows() if self.issues.height else []
        )
        detected = self.detected.to_dict() if self.detected is not None else None
        return {
            "source": self.source,
            "sheet": self.sheet,
            "sheets": list(self.sheets),
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "header_row": self.header_row,
            "rows": self.frame.height,
            "columns": list(self.columns),
            "detected_source": detected,
            "issues": {str(code): int(n) for code, n in counts},
        }
