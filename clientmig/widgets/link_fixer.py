"""LinkFixer: each unresolved Belongs To with its candidates; accept, choose, create or blank.

The decisions are ``.decisions`` (:class:`clientmig.links.LinkDecisions`), saved in a recipe's
``links`` section and applied by :func:`clientmig.links.apply_link_fixes`.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w
from rapidfuzz import fuzz, process

from clientmig._messages import resolve_lang, text, texts
from clientmig.links import LinkDecisions, Links
from clientmig.pipeline import Recipe
from clientmig.widgets._style import esc, style

UNDECIDED = "undecided"
ACTIONS = (UNDECIDED, "accept", "choose", "create", "blank")
NONE = "(none)"
"""The value of the choice shown when no organisation comes close (its label is translated)."""
_HEADS = ("as_written", "status", "rows", "action", "organisation")


class LinkFixer(w.VBox):
    """Resolve near-miss, ambiguous and orphan links."""

    def __init__(
        self,
        links: Links,
        organisations: list[str],
        *,
        preset: bool = True,
        lang: str | None = None,
    ) -> None:
        self.lang = resolve_lang(lang)
        self.links = links
        self.decisions = links.decisions() if preset else LinkDecisions()
        self._controls: dict[str, tuple[w.Dropdown, w.Dropdown]] = {}
        heads = "".join(f"<span>{esc(self._t(f'ui.links.{h}'))}</span>" for h in _HEADS)
        rows = [
            w.HTML(
                "<div class='cm-head' style='display:grid;grid-template-columns:"
                f"240px 90px 60px 120px 260px'>{heads}</div>"
            )
        ]
        actions = [(self._t(f"ui.links.actions.{a}"), a) for a in ACTIONS]
        names = sorted(set(organisations))
        for r in links.unresolved.iter_rows(named=True):
            value = str(r["value"])
            cands = [c for c in (r["candidates"] or "").split(" | ") if c]
            if r["suggestion"]:
                cands.insert(0, r["suggestion"])
            near = [m[0] for m in process.extract(value, names, scorer=fuzz.WRatio, limit=5)]
            names_near = list(dict.fromkeys([*cands, *near]))
            options = [(n, n) for n in names_near] or [(self._t("ui.links.none"), NONE)]
            decided = self.decisions.items.get(value)
            action = w.Dropdown(
                options=actions,
                value=decided.action if decided else UNDECIDED,
                layout=w.Layout(width="116px"),
            )
            action.add_class("cm-link-action")
            choice = w.Dropdown(
                options=options, value=options[0][1], layout=w.Layout(width="256px")
            )
            choice.add_class("cm-link-choice")
            action.observe(self._changed(value), names="value")
            choice.observe(self._changed(value), names="value")
            undo = w.Button(
                icon="undo",
                tooltip=self._t("ui.common.undo_tooltip"),
                layout=w.Layout(width="36px"),
            )
            undo.add_class("cm-link-undo")
            undo.on_click(lambda _, v=value: self.undo(v))
            self._controls[value] = (action, choice)
            status = self._t(f"ui.links.statuses.{r['status']}")
            kind = f" ({self._kind(r['kind'])})" if r["kind"] else ""
            row = w.HBox(
                [
                    w.HTML(f"<code>{esc(value)}</code>", layout=w.Layout(width="240px")),
                    w.HTML(
                        f"{esc(status)}<span class='cm-muted'>{esc(kind)}</span>",
                        layout=w.Layout(width="90px"),
                    ),
                    w.HTML(str(r["rows"]), layout=w.Layout(width="60px")),
                    action,
                    choice,
                    undo,
                ]
            )
            row.add_class("cm-row")
            rows.append(row)
        self.status = w.HTML()
        self.status.add_class("cm-status")
        self._listeners: list[Callable[[LinkDecisions], None]] = []
        counts = links.counts()
        summary = ", ".join(self._t(f"ui.links.counts.{k}", count=v) for k, v in counts.items())
        super().__init__(
            [
                style(),
                w.HTML(
                    f"<h4>{esc(self._t('ui.links.title'))}</h4>"
                    f"<div class='cm-muted'>{esc(summary)}</div>"
                ),
                *rows,
                self.status,
            ]
        )
        self.add_class("cm-widget")
        self.add_class("cm-links")
        self._refresh()

    def decide(self, value: str, action: str, name: str | None = None) -> LinkDecisions:
        """Decide one value (as the dropdowns do)."""
        act, choice = self._controls[value]
        if name is not None:
            if name not in [value for _, value in choice.options]:
                choice.options = [(name, name), *choice.options]
            choice.value = name
        act.value = action
        return self.decisions

    def undo(self, value: str) -> LinkDecisions:
        """Make ``value`` undecided again (as the ↺ button does)."""
        self._controls[value][0].value = UNDECIDED
        return self.decisions

    def on_change(self, callback: Callable[[LinkDecisions], None]) -> None:
        """Call ``callback(decisions)`` after every change."""
        self._listeners.append(callback)

    def to_recipe(self, recipe: Recipe) -> Recipe:
        """The recipe with these link decisions."""
        return recipe.with_decisions("links", self.decisions)

    def _t(self, key: str, **params: object) -> str:
        """A label in the widget's language."""
        return text(key, self.lang, **params)

    def _kind(self, kind: str) -> str:
        """How a near miss differs (``legal_form`` -> "rechtsvorm"); unknown kinds as written."""
        key = f"ui.links.kinds.{kind}"
        return self._t(key) if key in texts("en") else kind.replace("_", " ")

    def _changed(self, value: str) -> Callable[[object], None]:
        def handle(_: object) -> None:
            act, choice = self._controls[value]
            current = self.decisions.without(value)
            if act.value != UNDECIDED:
                name = str(choice.value) if act.value in ("accept", "choose") else None
                current = current.with_decision(value, act.value, name)
            self.decisions = current
            self._refresh()
            for listener in self._listeners:
                listener(self.decisions)

        return handle

    def _refresh(self) -> None:
        open_ = len(self._controls) - len([v for v in self._controls if v in self.decisions.items])
        line = self._t("ui.links.decided", decided=len(self.decisions.items), open=open_)
        done = f" <span class='cm-ok'>{esc(self._t('ui.links.all_resolved'))}</span>"
        self.status.value = esc(line) + ("" if open_ else done)
