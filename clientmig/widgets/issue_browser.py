"""IssueBrowser: a Report's issues grouped by code, paged and searchable; accept or undo fixes.

It opens on the errors grouped by code with their counts; a code's rows come 50 to a page,
one line each. The decisions are ``.fixes`` (a :class:`clientmig.report.Fixes`) and the fixed
frame is ``.frame``: suggestions are taken with :meth:`clientmig.report.Report.accept` and
replayed with :func:`clientmig.report.apply_fixes`; grouping, search, paging and undo are
:mod:`clientmig.issue_views`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import ipywidgets as w
import polars as pl

from clientmig._messages import resolve_lang, text, translate_issues
from clientmig.pipeline import Recipe
from clientmig.validation import Fixes, Report, apply_fixes
from clientmig.validation import issue_views as views
from clientmig.widgets._style import esc, style

ALL = "(all)"
"""The value of the "every code" / "every column" choice (its label is translated)."""
SEVERITIES = ("error", "warning", "info", "all")
_COLUMNS = ("source", "row", "column", "code", "message", "value", "suggestion")
_DOT = {"error": "cm-err", "warning": "cm-warn", "info": "cm-muted"}


class IssueBrowser(w.VBox):
    """Browse issues by code or row; accept suggestions and undo them."""

    def __init__(self, report: Report, *, lang: str | None = None) -> None:
        self.report = report
        self.lang = lang = resolve_lang(lang)
        self.fixes = Fixes()
        self._fixed: tuple[Fixes, pl.DataFrame] = (self.fixes, report.frame)
        self._current = views.page(report.issues.clear(), 1)
        self.page_number = 1
        issues = report.issues
        every = (self._t("ui.issues.all"), ALL)
        self.severity = w.Dropdown(
            options=[(self._t(f"ui.issues.severity.{s}"), s) for s in SEVERITIES],
            value="error",
            description=self._t("ui.issues.show"),
        )
        self.code = w.Dropdown(
            options=[every, *((c, c) for c in sorted(issues["code"].unique().to_list()))],
            description=self._t("ui.issues.code"),
        )
        cols = sorted(c for c in issues["column"].unique().to_list() if c is not None)
        self.column = w.Dropdown(
            options=[every, *((c, c) for c in cols)], description=self._t("ui.issues.column")
        )
        self.search = w.Text(
            placeholder=self._t("ui.issues.search_placeholder"),
            description=self._t("ui.issues.search"),
            continuous_update=False,
        )
        for control, css in (
            (self.severity, "cm-severity"),
            (self.code, "cm-code"),
            (self.column, "cm-column"),
            (self.search, "cm-search"),
        ):
            control.add_class(css)
        self.severity.observe(lambda _: self._filters_changed(), names="value")
        self.code.observe(self._code_changed, names="value")
        self.column.observe(lambda _: self._filters_changed(), names="value")
        self.search.observe(lambda _: self._filters_changed(), names="value")
        self.accept_button = _button(
            self._t("ui.issues.accept_shown"), "check", "cm-accept", "success"
        )
        self.accept_button.on_click(lambda _: self.accept_filtered())
        self.undo_button = _button(self._t("ui.issues.undo_shown"), "undo", "cm-undo")
        self.undo_button.on_click(lambda _: self.undo_filtered())
        self.back_button = _button(self._t("ui.issues.all_codes"), "", "cm-back")
        self.back_button.on_click(lambda _: setattr(self.code, "value", ALL))
        self.prev_button = _button(self._t("ui.common.previous"), "", "cm-prev")
        self.next_button = _button(self._t("ui.common.next"), "", "cm-next")
        self.prev_button.on_click(lambda _: self.turn(-1))
        self.next_button.on_click(lambda _: self.turn(1))
        self.page_label = w.HTML(layout=w.Layout(min_width="0", flex="0 1 auto"))
        self.page_label.add_class("cm-page")
        self.heading = w.HTML()
        self.heading.add_class("cm-heading")
        n_codes = issues["code"].n_unique()
        self._group_codes: list[str] = []
        self._groups = [self._group_slot(i) for i in range(n_codes)]
        self._row_keys: list[dict[str, object]] = []
        self._rows = [self._row_slot(i) for i in range(views.PAGE_SIZE)]
        self.groups = w.VBox([slot for slot, _ in self._groups])
        self.groups.add_class("cm-groups")
        self.row_head = w.HTML(self._row_head())
        self.rows = w.VBox([self.row_head, *(slot for slot, _ in self._rows)])
        self.rows.add_class("cm-rows")
        self.pager = w.HBox([self.back_button, self.prev_button, self.page_label, self.next_button])
        self.status = w.HTML()
        self.status.add_class("cm-status")
        super().__init__(
            [
                style(),
                w.HTML(f"<h4>{self._t('ui.issues.title', target=_code(report.target))}</h4>"),
                w.HBox([self.severity, self.code, self.column]),
                w.HBox([self.search, self.accept_button, self.undo_button]),
                self.heading,
                self.groups,
                self.pager,
                self.rows,
                self.status,
            ]
        )
        self.add_class("cm-widget")
        self.add_class("cm-issues")
        self._refresh()

    # -- public API ---------------------------------------------------------------------------
    def filter(
        self,
        *,
        severity: str = "all",
        code: str = ALL,
        column: str = ALL,
        text: str = "",
    ) -> pl.DataFrame:
        """Set the filters and return the issues shown (all their pages)."""
        with self.hold_trait_notifications():
            self.severity.value = "all" if severity == ALL else severity
            self.code.value, self.column.value, self.search.value = code, column, text
        self._filters_changed()
        return self.shown()

    def shown(self) -> pl.DataFrame:
        """Issues matching the current filters and search, on every page."""
        return views.select(
            self.report.issues,
            severity=self.severity.value,
            code=None if self.code.value == ALL else self.code.value,
            column=None if self.column.value == ALL else self.column.value,
            text=self.search.value,
        )

    def groups_shown(self) -> pl.DataFrame:
        """The shown issues counted per code (what the grouped view lists)."""
        return views.by_code(self.shown(), lang=self.lang)

    def page(self) -> views.Page:
        """The current page of shown issues, with whether each is accepted."""
        return self._page(self.shown())

    def _page(self, shown: pl.DataFrame) -> views.Page:
        current = views.page(shown, self.page_number)
        return replace(current, rows=views.with_accepted(current.rows, self.fixes))

    @property
    def grouped(self) -> bool:
        """True while the view lists codes (no code chosen and nothing searched)."""
        return self.code.value == ALL and not self.search.value.strip()

    @property
    def frame(self) -> pl.DataFrame:
        """The report's frame with the accepted fixes applied (made when first read)."""
        fixes, fixed = self._fixed
        if fixes is not self.fixes:
            fixed, _ = apply_fixes(self.report.frame, self.fixes)
            self._fixed = (self.fixes, fixed)
        return fixed

    def turn(self, step: int) -> views.Page:
        """Go ``step`` pages forward (negative: back); stays within the pages there are."""
        self.page_number = self._current.number + step
        self._refresh()
        return self._current

    def show_code(self, code: str) -> pl.DataFrame:
        """List the rows of one code (as its group's "rows" button does)."""
        self.code.value = code
        return self.shown()

    def accept_filtered(self) -> Fixes:
        """Accept every suggestion among the shown issues (all pages)."""
        return self._accept(self.shown())

    def accept_code(self, code: str) -> Fixes:
        """Accept every suggestion of one code within the current severity, column and search."""
        return self._accept(self.shown().filter(pl.col("code") == code))

    def accept_row(self, row: int, *, code: str | None = None, source: str | None = None) -> Fixes:
        """Accept the suggestion(s) of one spreadsheet row (of one code and source if given)."""
        return self._accept(self._of_row(row, code, source))

    def undo_filtered(self) -> Fixes:
        """Undo the accepted fixes of the shown issues; they are undecided again."""
        return self._undo(self.shown())

    def undo_code(self, code: str) -> Fixes:
        """Undo the accepted fixes of one code."""
        return self._undo(self.report.issues.filter(pl.col("code") == code))

    def undo_row(self, row: int, *, code: str | None = None, source: str | None = None) -> Fixes:
        """Undo the accepted fix(es) of one row."""
        return self._undo(self._of_row(row, code, source))

    def to_recipe(self, recipe: Recipe) -> Recipe:
        """The recipe with the accepted fixes added to its ``fixes`` section."""
        before = Fixes.from_dict(recipe.section("fixes") or {})
        return recipe.with_decisions("fixes", views.merge_fixes(before, self.fixes))

    # -- decisions ----------------------------------------------------------------------------
    def _of_row(self, row: int, code: str | None, source: str | None) -> pl.DataFrame:
        out = self.report.issues.filter(pl.col("row") == row)
        if code is not None:
            out = out.filter(pl.col("code") == code)
        if source is not None:
            out = out.filter(pl.col("source") == source)
        return out

    def _accept(self, issues: pl.DataFrame) -> Fixes:
        # The decisions only: the frame is fixed when read (see ``frame``), not on every click.
        _, taken = Report(self.report.frame.clear(), issues, self.report.target).accept()
        what = self._t("ui.issues.accepted", count=len(taken))
        self._decided(views.merge_fixes(self.fixes, taken), what)
        return taken

    def _undo(self, issues: pl.DataFrame) -> Fixes:
        left = views.undo_fixes(self.fixes, issues)
        undone = len(self.fixes) - len(left)
        self._decided(left, self._t("ui.issues.undone", count=undone))
        return left

    def _decided(self, fixes: Fixes, what: str) -> None:
        self.fixes = fixes
        self._refresh()
        done = self._t("ui.issues.decided", what=what, total=len(self.fixes))
        self.status.value = f"<span class='cm-ok'>{esc(done)}</span>"

    # -- view ---------------------------------------------------------------------------------
    def _filters_changed(self) -> None:
        self.page_number = 1
        self._refresh()

    def _code_changed(self, change: dict[str, object]) -> None:
        code = change["new"]
        if code != ALL:
            severities = self.report.issues.filter(pl.col("code") == code)["severity"].unique()
            if severities.len() == 1 and self.severity.value != "all":
                self.severity.value = str(severities[0])
        self._filters_changed()

    def _group_slot(self, i: int) -> tuple[w.HBox, w.HTML]:
        info = w.HTML(layout=w.Layout(flex="1 1 0%", min_width="0"))
        info.add_class("cm-line-box")
        t = self._t
        show = _button(t("ui.issues.rows_button"), "list", "cm-show-code", width="70px")
        accept = _button(t("ui.issues.accept_button"), "check", "cm-accept-code", width="84px")
        undo = _button(t("ui.issues.undo_button"), "undo", "cm-undo-code", width="74px")
        show.on_click(self._for_group(i, self.show_code))
        accept.on_click(self._for_group(i, self.accept_code))
        undo.on_click(self._for_group(i, self.undo_code))
        slot = w.HBox([info, show, accept, undo])
        slot.add_class("cm-group-row")
        return slot, info

    def _for_group(self, i: int, action: Callable[[str], object]) -> Callable[[object], None]:
        def handle(_: object) -> None:
            if i < len(self._group_codes):
                action(self._group_codes[i])

        return handle

    def _row_slot(self, i: int) -> tuple[w.HBox, w.HTML]:
        cells = w.HTML(layout=w.Layout(flex="1 1 0%", min_width="0"))
        cells.add_class("cm-line-box")
        accept = _button("", "check", "cm-accept-row", width="34px")
        accept.tooltip = self._t("ui.issues.accept_tooltip")
        undo = _button("", "undo", "cm-undo-row", width="34px")
        undo.tooltip = self._t("ui.common.undo_tooltip")
        accept.on_click(self._for_row(i, self.accept_row))
        undo.on_click(self._for_row(i, self.undo_row))
        slot = w.HBox([cells, accept, undo])
        slot.add_class("cm-issue-row")
        return slot, cells

    def _for_row(self, i: int, action: Callable[..., object]) -> Callable[[object], None]:
        def handle(_: object) -> None:
            if i < len(self._row_keys):
                key = self._row_keys[i]
                action(key["row"], code=key["code"], source=key["source"])

        return handle

    def _refresh(self) -> None:
        grouped = self.grouped
        self.groups.layout.display = "" if grouped else "none"
        self.pager.layout.display = "none" if grouped else ""
        self.rows.layout.display = "none" if grouped else ""
        shown = self.shown()
        with_fix = shown.filter(pl.col("suggestion").is_not_null()).height
        heading = self._t("ui.issues.shown", shown=shown.height, with_fix=with_fix)
        if grouped:
            heading += self._t("ui.issues.grouped")
        self.heading.value = f"<div class='cm-muted'>{esc(heading)}</div>"
        if shown.is_empty() and self.severity.value != "all" and not self.report.issues.is_empty():
            kind = self._t(f"ui.issues.severity.{self.severity.value}")
            show = f"<b>{esc(self.severity.description)}</b>"
            empty = self._t("ui.issues.none_of_kind", kind=esc(kind), show=show)
            self.heading.value += f"<div class='cm-ok'>{empty}</div>"
        if grouped:
            self._show_groups(shown)
        else:
            self._show_rows(shown)

    def _show_groups(self, shown: pl.DataFrame) -> None:
        groups = views.by_code(shown, lang=self.lang)
        accepted: dict[str, int] = {}
        if self.fixes.items:
            taken = views.with_accepted(shown, self.fixes)
            accepted = dict(taken.group_by("code").agg(pl.col("accepted").sum()).iter_rows())
        self._group_codes = groups["code"].to_list()
        for i, (slot, info) in enumerate(self._groups):
            if i >= groups.height:
                slot.layout.display = "none"
                continue
            g = groups.row(i, named=True)
            slot.layout.display = ""
            done = accepted.get(g["code"], 0)
            counts = self._t("ui.issues.group_counts", rows=g["rows"], suggestions=g["suggestions"])
            if done:
                counts += self._t("ui.issues.group_accepted", done=done)
            info.value = (
                "<div class='cm-line cm-group'>"
                f"<span class='{_DOT.get(g['severity'], '')}'>●</span>"
                f"<span title='{esc(g['code'])}'><code>{esc(g['code'])}</code></span>"
                f"<span class='cm-count'>{g['issues']}</span>"
                f"<span title='{esc(g['message'])}'>{esc(g['message'])}</span>"
                f"<span class='cm-muted'>{esc(counts)}</span></div>"
            )
            slot.children[2].disabled = not g["suggestions"]
            slot.children[3].disabled = not done

    def _show_rows(self, shown: pl.DataFrame) -> None:
        current = self._current = self._page(shown)
        self.page_number = current.number
        rows = translate_issues(current.rows, self.lang)
        self._row_keys = rows.select("source", "row", "code").to_dicts()
        for i, (slot, cells) in enumerate(self._rows):
            if i >= rows.height:
                slot.layout.display = "none"
                continue
            r = rows.row(i, named=True)
            slot.layout.display = ""
            sev = str(r["severity"])
            fixable = r["suggestion"] is not None and "*" not in str(r["suggestion"])
            cells.value = (
                "<div class='cm-line cm-issue'>"
                + "".join(
                    f"<span class='{css}' title='{esc(v)}'>{esc(v)}</span>"
                    for css, v in (
                        (_DOT.get(sev, ""), "●"),
                        ("", r["source"]),
                        ("", r["row"]),
                        ("", r["column"]),
                        (_DOT.get(sev, ""), r["code"]),
                        ("", r["message"]),
                        ("", r["value"]),
                        (
                            "cm-ok",
                            ("✓ " if r["accepted"] else "→ ") + str(r["suggestion"])
                            if r["suggestion"] is not None
                            else "",
                        ),
                    )
                )
                + "</div>"
            )
            slot.children[1].layout.visibility = (
                "visible" if fixable and not r["accepted"] else "hidden"
            )
            slot.children[2].layout.visibility = "visible" if r["accepted"] else "hidden"
        # last, so that a page showing its label has its rows in place
        self.prev_button.disabled = current.number <= 1
        self.next_button.disabled = current.number >= current.pages
        label = self._t(
            "ui.issues.page", number=current.number, pages=current.pages, total=current.total
        )
        self.page_label.value = f"<span class='cm-page-label'>{esc(label)}</span>"

    def _t(self, key: str, **params: object) -> str:
        """A label in the widget's language."""
        return text(key, self.lang, **params)

    def _row_head(self) -> str:
        heads = "".join(f"<span>{esc(self._t(f'ui.issues.header.{c}'))}</span>" for c in _COLUMNS)
        return (
            "<div class='cm-line cm-issue cm-head cm-row-head'><span></span>"
            f"{heads}<span></span></div>"
        )


def _code(value: object) -> str:
    return f"<code>{esc(value)}</code>"


def _button(
    text: str, icon: str, css: str, button_style: str = "", *, width: str = "auto"
) -> w.Button:
    button = w.Button(
        description=text, icon=icon, button_style=button_style, layout=w.Layout(width=width)
    )
    button.add_class(css)
    return button
