"""The import summary, like the platforms' result pages: what is created, updated, skipped."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class TableSummary:
    """Counts for one target table (accounts, contacts, people, organisations, ...)."""

    table: str
    title: str
    create: int
    update: int = 0
    skipped: int = 0
    skipped_reasons: dict[str, int] = field(default_factory=dict)
    files: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready form."""
        return {
            "table": self.table,
            "title": self.title,
            "create": self.create,
            "update": self.update,
            "skipped": self.skipped,
            "skipped_reasons": dict(sorted(self.skipped_reasons.items())),
            "files": list(self.files),
        }


@dataclass(frozen=True, slots=True)
class ExportSummary:
    """What an export wrote: per table counts, the files, neutralised cells, and the rows no
    table takes (``not_imported``, also in the rejected file with ``schema.no_table``)."""

    target: str
    out: str
    tables: tuple[TableSummary, ...]
    files: tuple[str, ...]
    neutralised_cells: int = 0
    not_imported: int = 0
    rejected_masked: bool | None = None  # None: no rejected file written

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready form (file paths relative to the output folder)."""
        return {
            "target": self.target,
            "tables": [t.to_dict() for t in self.tables],
            "files": list(self.files),
            "neutralised_cells": self.neutralised_cells,
            "not_imported": self.not_imported,
            "rejected_file_personal_data": self.rejected_note,
            "totals": {
                "create": sum(t.create for t in self.tables),
                "update": sum(t.update for t in self.tables),
                "skipped": sum(t.skipped for t in self.tables),
            },
        }

    @property
    def rejected_note(self) -> str | None:
        """What the rejected file holds of the user's personal data."""
        if self.rejected_masked is None:
            return None
        if self.rejected_masked:
            return "the rejected file has national numbers masked (--mask-rejected)."
        return (
            "the rejected file keeps your rows as they are, national numbers included; "
            "pass --mask-rejected to mask them."
        )

    def to_json(self) -> str:
        """Return the summary as indented JSON."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def write_json(self, path: str | Path, *, force: bool = False) -> Path:
        """Write :meth:`to_json` to ``path`` (atomically; an existing file only with ``force``)."""
        from clientmig.export.files import write_file_text

        return write_file_text(path, self.to_json(), force=force)

    def to_text(self) -> str:
        """Return a plain-text table for the terminal."""
        lines = [f"Import summary for {self.target}"]
        width = max([len(t.title) for t in self.tables] + [5])
        lines.append(f"  {'table':<{width}}  {'create':>7}  {'update':>7}  {'skipped':>7}")
        for t in self.tables:
            lines.append(f"  {t.title:<{width}}  {t.create:>7}  {t.update:>7}  {t.skipped:>7}")
            for code, count in sorted(t.skipped_reasons.items(), key=lambda kv: (-kv[1], kv[0])):
                lines.append(f"  {'':<{width}}    skipped: {count} x {code}")
        if self.not_imported:
            lines.append(
                f"  not imported: {self.not_imported} row(s) of a kind no table takes"
                " (schema.no_table, in the rejected file)"
            )
        if self.neutralised_cells:
            lines.append(f"  {self.neutralised_cells} formula-like cell(s) neutralised.")
        if self.rejected_note:
            lines.append(f"  {self.rejected_note}")
        lines.append("  files: " + ", ".join(self.files))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        rows = []
        for t in self.tables:
            reasons = ", ".join(
                f"{html.escape(code)} ({n})"
                for code, n in sorted(t.skipped_reasons.items(), key=lambda kv: -kv[1])
            )
            rows.append(
                f"<tr><td>{html.escape(t.title)}</td><td class='n ok'>{t.create}</td>"
                f"<td class='n'>{t.update}</td><td class='n bad'>{t.skipped}</td>"
                f"<td class='why'>{reasons or '&mdash;'}</td></tr>"
            )
        files = "".join(f"<li><code>{html.escape(f)}</code></li>" for f in self.files)
        return (
            "<div class='cm-export-summary'><style>"
            ".cm-export-summary table{border-collapse:collapse;font:13px system-ui,sans-serif}"
            ".cm-export-summary td,.cm-export-summary th"
            "{padding:4px 10px;border-bottom:1px solid #ddd}"
            ".cm-export-summary .n{text-align:right;font-variant-numeric:tabular-nums}"
            ".cm-export-summary .ok{color:#1b7f3a}.cm-export-summary .bad{color:#b42318}"
            ".cm-export-summary .why{color:#555}</style>"
            f"<h4>Import summary for {html.escape(self.target)}</h4><table>"
            "<tr><th>Table</th><th>To create</th><th>To update</th><th>Skipped</th>"
            "<th>Why skipped</th></tr>" + "".join(rows) + "</table>"
            f"<p>{self.neutralised_cells} formula-like cell(s) neutralised.</p>"
            f"<ul>{files}</ul></div>"
        )
