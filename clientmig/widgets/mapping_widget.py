"""MappingWidget: one row per source column with samples, action, target field and confidence.

The live decision is ``.mapping`` (a :class:`clientmig.mapping.ColumnMapping`); every control
calls the mapping's own methods (``with_rule``, ``with_constant``, ``with_value_map``), so a
script doing the same gets the same mapping. The field box is searchable: its options are
:func:`clientmig.mapping_views.field_choices` (``"People › Email"``), sorted by table; the ↺
button puts a column back to its suggestion (:func:`clientmig.mapping_views.restore_rule`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import ipywidgets as w
import polars as pl

from clientmig._messages import resolve_lang, text
from clientmig._text import mask
from clientmig.issues import MASKED_FIELDS
from clientmig.mapping import ColumnMapping, ColumnRule, suggest_mapping
from clientmig.mapping.reasons import problem_text, reason_text
from clientmig.mapping.views import field_choices, label_of, main_table, restore_rule
from clientmig.pipeline import Recipe
from clientmig.widgets._style import chip, esc, style

NO_FIELD = "(no field)"
"""The value of the "no field" choice in the bulk and value-map boxes (its label is translated)."""
_ACTIONS = ("sync", "ignore")


class MappingWidget(w.VBox):
    """Review and edit a column mapping in a notebook."""

    def __init__(
        self,
        frame: pl.DataFrame,
        target: str = "canonical",
        *,
        mapping: ColumnMapping | None = None,
        samples: int = 3,
        lang: str | None = None,
    ) -> None:
        self.lang = resolve_lang(lang)
        self.no_field = self._t("ui.mapping.no_field")
        self.frame = frame
        self.mapping = mapping or suggest_mapping(frame, target)
        self._listeners: list[Callable[[ColumnMapping], None]] = []
        self._rows: dict[str, tuple[w.Dropdown, w.Combobox, w.HTML]] = {}
        self._suggested: dict[str, ColumnRule] = {r.column: r for r in self.mapping.rules}
        self._quiet = False
        self.choices = field_choices(self.mapping.target)
        self.table = main_table(self.mapping.target, self.mapping.fields)
        labels = [self.no_field, *self.choices]
        fields = [(self.no_field, NO_FIELD), *self.choices.items()]
        heads = [self._t(f"ui.mapping.{k}") for k in ("column", "samples", "action", "field")]
        head = w.HTML(
            "<div class='cm-head' style='display:grid;grid-template-columns:"
            "190px 220px 90px 270px 40px 1fr'>"
            + "".join(f"<span>{esc(h)}</span>" for h in heads)
            + f"<span></span><span>{esc(self._t('ui.mapping.why'))}</span></div>"
        )
        actions = [(self._t(f"ui.mapping.{a}"), a) for a in _ACTIONS]
        rows = [head]
        for rule in self.mapping.rules:
            values = self._samples(rule.column, samples)
            action = w.Dropdown(options=actions, value=rule.action, layout=_fixed("86px"))
            action.add_class("cm-action")
            target_field = w.Combobox(
                options=labels,
                value=self._label(rule.field),
                placeholder=self._t("ui.mapping.field_placeholder"),
                ensure_option=True,
                layout=_fixed("266px"),
            )
            target_field.add_class("cm-field")
            undo = w.Button(
                icon="undo", tooltip=self._t("ui.mapping.undo_tooltip"), layout=_fixed("36px")
            )
            undo.add_class("cm-undo-column")
            undo.on_click(lambda _, c=rule.column: self.undo(c))
            info = w.HTML(layout=w.Layout(flex="1 1 0%", min_width="0"))
            info.add_class("cm-line-box")
            action.observe(self._on_action(rule.column), names="value")
            target_field.observe(self._on_field(rule.column), names="value")
            self._rows[rule.column] = (action, target_field, info)
            row = w.HBox(
                [
                    _cell(f"<b>{esc(rule.column)}</b>", rule.column, "190px"),
                    _cell(
                        f"<span class='cm-muted'>{esc(' · '.join(values))}</span>",
                        " · ".join(values),
                        "220px",
                    ),
                    action,
                    target_field,
                    undo,
                    info,
                ]
            )
            row.add_class("cm-row")
            row.add_class("cm-col-" + _css_name(rule.column))
            rows.append(row)
        field_label = self._t("ui.mapping.field_label")
        self.constant_field = w.Dropdown(options=fields, value=NO_FIELD, description=field_label)
        self.constant_value = w.Text(
            description=self._t("ui.mapping.value_label"),
            placeholder=self._t("ui.mapping.value_placeholder"),
        )
        self.constant_button = w.Button(
            description=self._t("ui.mapping.set_constant"), icon="check"
        )
        self.constant_button.add_class("cm-set-constant")
        self.constant_button.on_click(
            lambda _: self.set_constant(
                self.constant_field.value, self.constant_value.value or None
            )
        )
        self.value_map_field = w.Dropdown(options=fields, value=NO_FIELD, description=field_label)
        self.value_map_text = w.Textarea(
            placeholder=self._t("ui.mapping.value_map_placeholder"),
            layout=w.Layout(width="420px"),
        )
        self.value_map_button = w.Button(
            description=self._t("ui.mapping.set_value_map"), icon="exchange"
        )
        self.value_map_button.on_click(
            lambda _: self.set_value_map(
                self.value_map_field.value, _parse_pairs(self.value_map_text.value)
            )
        )
        self.status = w.HTML()
        self.status.add_class("cm-status")
        self.save_path = w.Text(value="mapping.json", description=self._t("ui.mapping.save_as"))
        self.save_button = w.Button(description=self._t("ui.mapping.save"), icon="save")
        self.save_button.add_class("cm-save")
        self.save_button.on_click(lambda _: self.save(self.save_path.value))
        extras = w.Accordion(
            children=[
                w.HBox([self.constant_field, self.constant_value, self.constant_button]),
                w.HBox([self.value_map_field, self.value_map_text, self.value_map_button]),
            ]
        )
        extras.set_title(0, self._t("ui.mapping.bulk_title"))
        extras.set_title(1, self._t("ui.mapping.value_map_title"))
        target = f"<code>{esc(self.mapping.target)}</code>"
        super().__init__(
            [
                style(),
                w.HTML(f"<h4>{self._t('ui.mapping.title', target=target)}</h4>"),
                *rows,
                extras,
                w.HBox([self.save_path, self.save_button]),
                self.status,
            ]
        )
        self.add_class("cm-widget")
        self.add_class("cm-mapping")
        self._refresh()

    # -- the public editing API (tests and scripts call these) -------------------------------
    def set_field(self, column: str, field: str | None) -> ColumnMapping:
        """Send ``column`` to ``field`` (None: ignore it)."""
        self._rows[column][1].value = self._label(field)
        return self.mapping

    def undo(self, column: str) -> ColumnMapping:
        """Put ``column`` back to its suggestion (undecided when nothing was suggested)."""
        rule = self._suggested[column]
        self._quiet = True
        try:
            self._rows[column][0].value = rule.action
            self._rows[column][1].value = self._label(rule.field)
        finally:
            self._quiet = False
        self._update(restore_rule(self.mapping, rule))
        return self.mapping

    def set_action(self, column: str, action: str) -> ColumnMapping:
        """Sync or ignore ``column``."""
        self._rows[column][0].value = action
        return self.mapping

    def set_constant(self, field: str, value: str | None) -> ColumnMapping:
        """Use ``value`` for every row where ``field`` is empty (None removes it)."""
        if field == NO_FIELD:
            return self.mapping
        self._update(self.mapping.with_constant(field, value))
        return self.mapping

    def set_value_map(self, field: str, values: Mapping[str, str] | None) -> ColumnMapping:
        """Map source values of ``field`` onto the platform's values."""
        if field == NO_FIELD:
            return self.mapping
        self._update(self.mapping.with_value_map(field, values))
        return self.mapping

    def on_change(self, callback: Callable[[ColumnMapping], None]) -> None:
        """Call ``callback(mapping)`` after every change."""
        self._listeners.append(callback)

    def save(self, path: str | Path) -> Path:
        """Save the mapping as JSON."""
        out = self.mapping.save(path)
        saved = self._t("ui.mapping.saved", path=out)
        self.status.value = f"<span class='cm-ok'>{esc(saved)}</span>"
        return out

    def to_recipe(self, recipe: Recipe, table: str) -> Recipe:
        """The recipe with this mapping for ``table``."""
        return recipe.with_mapping(table, self.mapping)

    # -- internals ----------------------------------------------------------------------------
    def _samples(self, column: str, n: int) -> list[str]:
        if column not in self.frame.columns:
            return []
        values = self.frame.get_column(column).cast(pl.String).drop_nulls()
        values = values.filter(values.str.strip_chars() != "").unique(maintain_order=True)
        shown = [v[:30] for v in values.head(n).to_list()]
        if self.mapping.rule(column).field in MASKED_FIELDS:
            shown = [mask(v) or "" for v in shown]
        return shown

    def _t(self, key: str, **params: object) -> str:
        """A label in the widget's language."""
        return text(key, self.lang, **params)

    def _label(self, field: str | None) -> str:
        return label_of(self.choices, field, self.table) or (field if field else self.no_field)

    def _on_action(self, column: str) -> Callable[[dict[str, object]], None]:
        def handle(change: dict[str, object]) -> None:
            if self._quiet:
                return
            action = str(change["new"])
            field = self._rows[column][1].value
            if action == "sync" and field == self.no_field:
                self._rows[column][0].value = "ignore"
                warning = self._t("ui.mapping.choose_field", column=column)
                self.status.value = f"<span class='cm-warn'>{esc(warning)}</span>"
                return
            self._update(self.mapping.with_rule(column, action=action))  # type: ignore[arg-type]

        return handle

    def _on_field(self, column: str) -> Callable[[dict[str, object]], None]:
        def handle(change: dict[str, object]) -> None:
            if self._quiet:
                return
            label = str(change["new"])
            if label not in self.choices and label not in ("", self.no_field):
                warning = self._t("ui.mapping.not_a_field", label=label)
                self.status.value = f"<span class='cm-warn'>{esc(warning)}</span>"
                return
            field = self.choices.get(label, NO_FIELD)
            if field == NO_FIELD:
                self._update(self.mapping.with_rule(column, action="ignore"))
                self._rows[column][0].value = "ignore"
            else:
                self._update(self.mapping.with_rule(column, field=field, action="sync"))
                self._rows[column][0].value = "sync"

        return handle

    def _update(self, mapping: ColumnMapping) -> None:
        self.mapping = mapping
        self._refresh()
        for listener in self._listeners:
            listener(mapping)

    def _refresh(self) -> None:
        for rule in self.mapping.rules:
            info = self._rows[rule.column][2]
            warn = "; ".join(reason_text(w, self.lang) for w in rule.warnings)
            reason = reason_text(rule.reason, self.lang)
            hover = reason + (f" ⚠ {warn}" if warn else "")
            info.value = (
                f"<span class='cm-ellipsis' title='{esc(hover)}'>{chip(rule.confidence)} "
                f"<span class='cm-muted'>{esc(reason)}</span>"
                + (f" <span class='cm-warn'>⚠ {esc(warn)}</span>" if warn else "")
                + "</span>"
            )
        problems = [problem_text(p, self.lang) for p in self.mapping.problems()]
        synced = len(self.mapping.synced)
        line = self._t("ui.mapping.synced", synced=synced, total=len(self.mapping.rules))
        if self.mapping.constants:
            bulk = ", ".join(f"{k} = {v}" for k, v in self.mapping.constants.items())
            line += self._t("ui.mapping.bulk", values=bulk)
        status = esc(line)
        if problems:
            status += "<br><span class='cm-warn'>" + "<br>".join(map(esc, problems)) + "</span>"
        self.status.value = status


def _fixed(width: str) -> w.Layout:
    """A column that keeps its width, so rows line up."""
    return w.Layout(width=width, min_width=width, max_width=width, overflow="hidden")


def _cell(content: str, title: str, width: str) -> w.HTML:
    """A fixed-width cell holding one line (cut with an ellipsis; the full text on hover)."""
    cell = w.HTML(
        f"<span class='cm-ellipsis' title='{esc(title)}'>{content}</span>", layout=_fixed(width)
    )
    cell.add_class("cm-line-box")
    return cell


def _parse_pairs(text: str) -> dict[str, str]:
    out = {}
    for line in text.splitlines():
        if "=" in line:
            key, _, value = line.partition("=")
            if key.strip():
                out[key.strip()] = value.strip()
    return out


def _css_name(column: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in column.lower()).strip("-")
