"""DiffReview: matched clients with their differing fields; choose what the re-import overwrites.

Fields ticked at the top are overwritten for everyone; a click on one cell overrides that field
for that client. Overwritten values are emphasised, kept ones greyed. The decision is
``.choice`` (:class:`clientmig.reconciliation.OverwriteChoice`), saved in a recipe's ``overwrite``
section and applied by ``Reconciliation.updates``.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w
import polars as pl

from clientmig._messages import resolve_lang, text
from clientmig._text import mask
from clientmig.issues import MASKED_FIELDS
from clientmig.pipeline import Recipe
from clientmig.reconciliation import OverwriteChoice, Reconciliation
from clientmig.widgets._style import esc, style

PAGE = 25


class DiffReview(w.VBox):
    """Review field differences between an import and the platform's data."""

    def __init__(
        self,
        rec: Reconciliation,
        *,
        choice: OverwriteChoice | None = None,
        lang: str | None = None,
    ) -> None:
        self.lang = resolve_lang(lang)
        self.rec = rec
        self.choice = choice or OverwriteChoice()
        self._listeners: list[Callable[[OverwriteChoice], None]] = []
        diffs = rec.differences.join(
            rec.matched.select("match_id", "existing_key"), on="match_id", how="left"
        )
        self.diffs = diffs
        fields = diffs["field"].unique(maintain_order=True).to_list()
        counts = dict(diffs.group_by("field").len().iter_rows())
        self.field_boxes: dict[str, w.Checkbox] = {}
        for f in fields:
            box = w.Checkbox(
                value=f in self.choice.fields,
                description=f"{f} ({counts.get(f, 0)})",
                indent=False,
                layout=w.Layout(width="190px"),
            )
            box.add_class("cm-field-" + f)
            box.observe(self._field_changed(f), names="value")
            self.field_boxes[f] = box
        self.allow_empty = w.Checkbox(
            value=self.choice.allow_empty,
            description=self._t("ui.diff.allow_empty"),
            indent=False,
        )
        self.allow_empty.observe(lambda _: self._set(self._with_allow_empty()), names="value")
        self.records = w.VBox()
        self.page = 0
        self.prev_button = w.Button(
            description=self._t("ui.common.previous"), layout=w.Layout(width="110px")
        )
        self.next_button = w.Button(
            description=self._t("ui.common.next"), layout=w.Layout(width="110px")
        )
        self.prev_button.on_click(lambda _: self._turn(-1))
        self.next_button.on_click(lambda _: self._turn(1))
        self.status = w.HTML()
        self.status.add_class("cm-status")
        summary = rec.summary()
        counts = {k: summary[k] for k in ("matched", "changed", "new", "departed")}
        head = (
            f"<h4>{esc(self._t('ui.diff.title'))}</h4>"
            f"<div class='cm-muted'>{esc(self._t('ui.diff.summary', **counts))}</div>"
        )
        super().__init__(
            [
                style(),
                w.HTML(head),
                w.HTML(f"<b>{esc(self._t('ui.diff.overwrite_all'))}</b>"),
                w.GridBox(
                    [*self.field_boxes.values(), self.allow_empty],
                    layout=w.Layout(grid_template_columns="repeat(4, 200px)"),
                ),
                self.records,
                w.HBox([self.prev_button, self.next_button]),
                self.status,
            ]
        )
        self.add_class("cm-widget")
        self.add_class("cm-diff-review")
        self._render()

    # -- public API ---------------------------------------------------------------------------
    def set_field(self, field: str, overwrite: bool) -> OverwriteChoice:
        """Overwrite ``field`` for everyone (or not)."""
        self.field_boxes[field].value = overwrite
        return self.choice

    def set_record(self, key: str, field: str, overwrite: bool) -> OverwriteChoice:
        """Override one field for one client (keyed as ``Reconciliation.matched.existing_key``)."""
        self._set(self.choice.with_record(key, field, overwrite))
        return self.choice

    def undo_record(self, key: str, field: str | None = None) -> OverwriteChoice:
        """Drop one client's override of ``field`` (all its overrides when None): the client
        follows the fields ticked for everyone again."""
        fields = list(self.choice.records.get(key, {})) if field is None else [field]
        choice = self.choice
        for f in fields:
            choice = choice.without_record(key, f)
        self._set(choice)
        return self.choice

    def on_change(self, callback: Callable[[OverwriteChoice], None]) -> None:
        """Call ``callback(choice)`` after every change."""
        self._listeners.append(callback)

    def to_recipe(self, recipe: Recipe) -> Recipe:
        """The recipe with this overwrite choice."""
        return recipe.with_decisions("overwrite", self.choice)

    # -- internals ----------------------------------------------------------------------------
    def _t(self, key: str, **params: object) -> str:
        """A label in the widget's language."""
        return text(key, self.lang, **params)

    def _with_allow_empty(self) -> OverwriteChoice:
        return OverwriteChoice(self.choice.fields, self.choice.records, self.allow_empty.value)

    def _field_changed(self, _field: str) -> Callable[[object], None]:
        def handle(_: object) -> None:
            chosen = [f for f, box in self.field_boxes.items() if box.value]
            self._set(self.choice.with_fields(chosen))

        return handle

    def _set(self, choice: OverwriteChoice) -> None:
        self.choice = choice
        self._render()
        for listener in self._listeners:
            listener(choice)

    def _turn(self, step: int) -> None:
        keys = self.diffs["existing_key"].unique(maintain_order=True)
        last = max(0, (keys.len() - 1) // PAGE)
        self.page = min(max(0, self.page + step), last)
        self._render()

    def _render(self) -> None:
        keys = self.diffs["existing_key"].unique(maintain_order=True)
        shown = keys.slice(self.page * PAGE, PAGE).to_list()
        rows = []
        for key in shown:
            mine = self.diffs.filter(pl.col("existing_key") == key)
            cells = []
            for d in mine.iter_rows(named=True):
                on = self.choice.overwrites(str(key), d["field"])
                blocked = d["kind"] == "removed" and not self.choice.allow_empty
                old, new = d["old"], d["new"]
                if d["field"] in MASKED_FIELDS:
                    old, new = mask(old), mask(new)
                button = w.ToggleButton(
                    value=on and not blocked,
                    description=f"{d['field']}: {old or '∅'} → {new or '∅'}"[:70],
                    tooltip=self._t("ui.diff.overwrite" if on else "ui.diff.keep"),
                    disabled=blocked,
                    layout=w.Layout(width="auto"),
                )
                button.add_class("cm-over" if on and not blocked else "cm-kept")
                button.add_class("cm-cell")
                button.observe(self._cell(str(key), d["field"]), names="value")
                cells.append(button)
            undo = w.Button(
                icon="undo",
                tooltip=self._t("ui.diff.undo_client"),
                layout=w.Layout(width="36px"),
                disabled=not self.choice.records.get(str(key)),
            )
            undo.add_class("cm-record-undo")
            undo.on_click(lambda _, k=str(key): self.undo_record(k))
            rows.append(
                w.HBox([w.HTML(f"<b>{esc(key)}</b>", layout=w.Layout(width="140px")), undo, *cells])
            )
        self.records.children = rows
        chosen = self.rec.chosen_changes(self.choice)
        self.status.value = esc(
            self._t(
                "ui.diff.status",
                changes=chosen.height,
                clients=chosen["match_id"].n_unique(),
                page=self.page + 1,
            )
        )

    def _cell(self, key: str, field: str) -> Callable[[dict[str, object]], None]:
        def handle(change: dict[str, object]) -> None:
            self._set(self.choice.with_record(key, field, bool(change["new"])))

        return handle
