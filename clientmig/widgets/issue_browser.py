"""IssueBrowser: filter a Report's issues and accept suggestions by code, column or row.

The decisions are ``.fixes`` (a :class:`clientmig.report.Fixes`) and the fixed frame is
``.frame``; both come from :meth:`clientmig.report.Report.accept`.
"""

from __future__ import annotations

import ipywidgets as w
import polars as pl

from clientmig.recipe import Recipe
from clientmig.report import Fixes, Report
from clientmig.widgets._style import esc, style

ALL = "(all)"
_SHOWN = 50


class IssueBrowser(w.VBox):
    """Browse issues; accept suggestions."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.frame = report.frame
        self.fixes = Fixes()
        issues = report.issues
        self.severity = w.Dropdown(
            options=[ALL, "error", "warning", "info"], description="severity"
        )
        self.code = w.Dropdown(
            options=[ALL, *sorted(issues["code"].unique().to_list())], description="code"
        )
        cols = sorted(c for c in issues["column"].unique().to_list() if c is not None)
        self.column = w.Dropdown(options=[ALL, *cols], description="column")
        for control, css in (
            (self.severity, "cm-severity"),
            (self.code, "cm-code"),
            (self.column, "cm-column"),
        ):
            control.add_class(css)
            control.observe(lambda _: self._refresh(), names="value")
        self.accept_button = w.Button(
            description="Accept suggestions shown",
            icon="check",
            button_style="success",
            layout=w.Layout(width="auto"),
        )
        self.accept_button.add_class("cm-accept")
        self.accept_button.on_click(lambda _: self.accept_filtered())
        self.table = w.HTML()
        self.status = w.HTML()
        self.status.add_class("cm-status")
        super().__init__(
            [
                style(),
                w.HTML(f"<h4>Issues against <code>{esc(report.target)}</code></h4>"),
                w.HBox([self.severity, self.code, self.column]),
                self.accept_button,
                self.table,
                self.status,
            ]
        )
        self.add_class("cm-widget")
        self.add_class("cm-issues")
        self._refresh()

    # -- public API ---------------------------------------------------------------------------
    def filter(self, *, severity: str = ALL, code: str = ALL, column: str = ALL) -> pl.DataFrame:
        """Set the filters and return the issues shown."""
        self.severity.value, self.code.value, self.column.value = severity, code, column
        return self.shown()

    def shown(self) -> pl.DataFrame:
        """Issues matching the current filters."""
        out = self.report.issues
        if self.severity.value != ALL:
            out = out.filter(pl.col("severity") == self.severity.value)
        if self.code.value != ALL:
            out = out.filter(pl.col("code") == self.code.value)
        if self.column.value != ALL:
            out = out.filter(pl.col("column") == self.column.value)
        return out

    def accept_filtered(self) -> Fixes:
        """Accept every suggestion among the shown issues."""
        rows = self.shown()["row"].drop_nulls().unique().to_list()
        return self._accept(
            code=None if self.code.value == ALL else self.code.value,
            column=None if self.column.value == ALL else self.column.value,
            rows=rows,
        )

    def accept_row(self, row: int, *, code: str | None = None) -> Fixes:
        """Accept the suggestion(s) of one spreadsheet row."""
        return self._accept(code=code, rows=[row])

    def to_recipe(self, recipe: Recipe) -> Recipe:
        """The recipe with the accepted fixes added to its ``fixes`` section."""
        before = Fixes.from_dict(recipe.section("fixes") or {})
        return recipe.with_decisions("fixes", before + self.fixes)

    # -- internals ----------------------------------------------------------------------------
    def _accept(
        self, *, code: str | None = None, column: str | None = None, rows: list[int] | None = None
    ) -> Fixes:
        fixed, taken = Report(self.frame, self.report.issues, self.report.target).accept(
            code=code, column=column, rows=rows
        )
        self.frame = fixed
        self.fixes = self.fixes + taken
        self.status.value = (
            f"<span class='cm-ok'>{len(taken)} suggestion(s) accepted; "
            f"{len(self.fixes)} in total</span>"
        )
        return taken

    def _refresh(self) -> None:
        shown = self.shown()
        colors = {"error": "cm-err", "warning": "cm-warn", "info": "cm-muted"}
        body = "".join(
            f"<tr><td>{esc(r['source'])}</td><td>{esc(r['row'])}</td><td>{esc(r['column'])}</td>"
            f"<td class='{colors.get(str(r['severity']), '')}'>{esc(r['code'])}</td>"
            f"<td>{esc(r['value'])}</td><td class='cm-ok'>{esc(r['suggestion'])}</td>"
            f"<td class='cm-muted'>{esc(r['message'])}</td></tr>"
            for r in shown.head(_SHOWN).iter_rows(named=True)
        )
        with_fix = shown.filter(pl.col("suggestion").is_not_null()).height
        self.table.value = (
            f"<div>{shown.height} issue(s) shown, {with_fix} with a suggestion"
            f"{' (first ' + str(_SHOWN) + ')' if shown.height > _SHOWN else ''}</div>"
            "<table><tr class='cm-head'><th>source</th><th>row</th><th>column</th><th>code</th>"
            f"<th>value</th><th>suggestion</th><th>why</th></tr>{body}</table>"
        )
