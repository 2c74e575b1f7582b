"""ClusterReview: duplicate clusters for onboarding teams, what needs a person first.

Clusters sure by the model's rule are merged by that rule; they are listed only when asked (the
"also show the sure clusters" box). The queue (:func:`clientmig.dedupe.review.review_queue`)
starts with the uncertain clusters, most at stake first, ten to a page, each one line with the
reasons for the match in words (:mod:`clientmig.dedupe.explain`). A queue is split between
reviewers with ``reviewer=(n, of)`` (by client key, stable across reruns, or by range); each
saves its own decision file (:meth:`ClusterReview.save`), merged with
:func:`clientmig.dedupe.decisions.merge_decision_files`.

The open cluster shows its records side by side, each under its source file, sheet and row,
differing fields highlighted, the proposed golden record (each value with the record it comes
from) and each pair's evidence. A reviewer accepts the cluster, splits it (the ticked records
form one client), marks it distinct, or undoes the decision (undecided again). Given the
reviewers' merged files (:class:`clientmig.dedupe.MergedDecisions`), the agreed decisions are
taken and each cluster they disagree on says who decided what, undecided until a person settles
it; saved decisions are placed on today's clusters by their members, never by cluster id.
``.decisions`` holds :class:`clientmig.dedupe.ClusterDecision` objects keyed to the clients, so
they replay on next month's exports. Every label comes from the message catalogue (``lang``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

import ipywidgets as w
import polars as pl

from clientmig._messages import resolve_lang, text
from clientmig._text import mask
from clientmig.dedupe import ClusterDecision, Duplicates
from clientmig.dedupe.decisions import (
    DecisionConflict,
    MergedDecisions,
    resolve_decisions,
    save_decisions,
)
from clientmig.dedupe.explain import explain_clusters, explain_pairs
from clientmig.dedupe.inputs import Inputs, stack_inputs
from clientmig.dedupe.merge import golden_records
from clientmig.dedupe.model import probability_of
from clientmig.dedupe.review import SplitBy, review_queue, reviewer_share
from clientmig.issues import MASKED_FIELDS
from clientmig.lineage import LINEAGE, data_columns
from clientmig.pipeline import Recipe
from clientmig.widgets._style import esc, style

ANY = "\x00*"
"""The survivor choice "most complete value" (its label is translated)."""
PAGE_SIZE = 10
MAX_PAIRS = 12
_SPLIT_LABELS = {"key": "ui.clusters.by_key", "range": "ui.clusters.by_range"}


def _file(source: str | None) -> str:
    """A source's file name (sources are often full paths)."""
    return (source or "").replace("\\", "/").rsplit("/", 1)[-1]


class ClusterReview(w.VBox):
    """Review duplicate clusters: the uncertain ones first, the sure ones on request."""

    def __init__(
        self,
        frame: Inputs,
        duplicates: Duplicates,
        decisions: Iterable[ClusterDecision] | MergedDecisions = (),
        *,
        show_sure: bool = False,
        reviewer: tuple[int, int] | None = None,
        split_by: SplitBy = "key",
        lang: str | None = None,
        bands: tuple[str, ...] | None = None,
    ) -> None:
        self.lang = resolve_lang(lang)
        self.data = stack_inputs(frame)
        self.frame = self.data.with_row_index("row_index").with_columns(
            pl.col("row_index").cast(pl.Int64)
        )
        self.duplicates = duplicates
        # the golden record each cluster would become if accepted, with its provenance
        self.proposed = golden_records(self.data, duplicates, bands=("sure", "review"))
        queue = review_queue(duplicates, self.data)
        self.reviewer = reviewer
        self.split_by: SplitBy = split_by
        total = queue.height
        if reviewer is not None:
            queue = reviewer_share(queue, *reviewer, by=split_by)
        self._queue_total = total
        self.queue = queue
        self.explanations: dict[int, str] = dict(
            explain_clusters(duplicates, self.lang).iter_rows()
        )
        # saved decisions are placed on today's clusters by their members (lineage, keys)
        merged = decisions if isinstance(decisions, MergedDecisions) else None
        given = decisions.decisions if isinstance(decisions, MergedDecisions) else tuple(decisions)
        placed, self.stale = resolve_decisions(duplicates.clusters, given, self.data)
        self.decided: dict[int, ClusterDecision] = {
            c: replace(d, cluster_id=c) for c, d in placed.items()
        }
        self.conflicts = _conflicts_by_cluster(duplicates, merged)
        self.position = 0
        self.page_number = 1
        self._listeners: list[Callable[[tuple[ClusterDecision, ...]], None]] = []
        t = self._t
        self.sure_box = w.Checkbox(
            value=show_sure if bands is None else "sure" in bands,
            description=t("ui.clusters.show_sure"),
            indent=False,
        )
        self.sure_box.add_class("cm-show-sure")
        self.sure_box.observe(lambda _: self._queue_changed(), names="value")
        self.note = w.HTML()
        self.note.add_class("cm-note")
        self._slot_ids: list[int] = []
        self._slots = [self._queue_slot(i) for i in range(PAGE_SIZE)]
        self.list = w.VBox([slot for slot, _ in self._slots])
        self.list.add_class("cm-queue")
        self.page_prev = _button(t("ui.common.previous"), "", "cm-page-prev")
        self.page_next = _button(t("ui.common.next"), "", "cm-page-next")
        self.page_prev.on_click(lambda _: self.turn(-1))
        self.page_next.on_click(lambda _: self.turn(1))
        self.page_label = w.HTML()
        self.page_label.add_class("cm-page")
        self.title = w.HTML()
        self.title.add_class("cm-title")
        self.table = w.HTML()
        self.evidence = w.HTML()
        self.evidence.add_class("cm-evidence")
        self.members = w.VBox()
        self.survivors = w.VBox()
        self.accept_button = _button(t("ui.clusters.accept"), "check", "cm-accept", "success")
        self.split_button = _button(t("ui.clusters.split"), "scissors", "cm-split", "warning")
        self.distinct_button = _button(t("ui.clusters.distinct"), "times", "cm-distinct", "danger")
        self.undo_button = _button(t("ui.clusters.undo"), "undo", "cm-undo")
        for button, verdict in (
            (self.accept_button, "accept"),
            (self.split_button, "split"),
            (self.distinct_button, "distinct"),
        ):
            button.on_click(lambda _, v=verdict: self.decide(v))
        self.undo_button.on_click(lambda _: self.undo())
        self.prev_button = _button("◀", "", "cm-prev", width="48px")
        self.next_button = _button("▶", "", "cm-next", width="48px")
        self.prev_button.on_click(lambda _: self.go(self.position - 1))
        self.next_button.on_click(lambda _: self.go(self.position + 1))
        self.progress = w.IntProgress(min=0, max=1)
        self.status = w.HTML()
        self.status.add_class("cm-status")
        records = w.HTML(f"<b>{esc(t('ui.clusters.records'))}</b>")
        keep = w.HTML(f"<b>{esc(t('ui.clusters.keep_value'))}</b>")
        self.detail = w.VBox(
            [
                self.table,
                self.evidence,
                w.HBox([w.VBox([records, self.members]), w.VBox([keep, self.survivors])]),
                w.HBox(
                    [self.accept_button, self.split_button, self.distinct_button, self.undo_button]
                ),
            ]
        )
        self.detail.add_class("cm-detail")
        super().__init__(
            [
                style(),
                w.HTML(f"<h4>{esc(t('ui.clusters.title'))}</h4>"),
                w.HBox([self.sure_box, self.note]),
                self.list,
                w.HBox([self.page_prev, self.page_label, self.page_next]),
                w.HBox([self.prev_button, self.next_button, self.title]),
                self.detail,
                w.HBox([self.progress, self.status]),
            ]
        )
        self.add_class("cm-widget")
        self.add_class("cm-clusters")
        self._queue_changed()

    # -- public API ---------------------------------------------------------------------------
    @property
    def show_sure(self) -> bool:
        """Whether the sure clusters (merged by the rule) are in the queue too."""
        return bool(self.sure_box.value)

    @show_sure.setter
    def show_sure(self, value: bool) -> None:
        self.sure_box.value = value

    @property
    def cluster_ids(self) -> list[int]:
        """The queue: the clusters shown, in review order."""
        return self._ids

    @property
    def decisions(self) -> tuple[ClusterDecision, ...]:
        """Every decision taken (also on clusters hidden now), in queue order."""
        order = {c: i for i, c in enumerate(self.queue["cluster_id"].to_list())}
        return tuple(
            self.decided[c] for c in sorted(self.decided, key=lambda c: (order.get(c, -1), c))
        )

    @property
    def current(self) -> int | None:
        """The cluster open."""
        return self._ids[self.position] if self._ids else None

    def go(self, position: int) -> None:
        """Open the cluster at ``position`` of the queue (clamped); its page is shown."""
        if self._ids:
            self.position = min(max(0, position), len(self._ids) - 1)
            self.page_number = self.position // PAGE_SIZE + 1
        self._render()

    def open_cluster(self, cluster_id: int) -> None:
        """Open one cluster of the queue."""
        if cluster_id in self._ids:
            self.go(self._ids.index(cluster_id))

    def turn(self, step: int) -> int:
        """Show the queue page ``step`` pages on (negative: back); returns its number."""
        self.page_number = min(max(1, self.page_number + step), self._pages())
        self._render_queue()
        return self.page_number

    def page(self) -> pl.DataFrame:
        """The queue rows on the page shown, with their explanation and verdict."""
        start = (self.page_number - 1) * PAGE_SIZE
        rows = self._shown_queue().slice(start, PAGE_SIZE)
        verdicts = [
            self.decided[c].verdict if c in self.decided else None
            for c in rows["cluster_id"].to_list()
        ]
        return rows.with_columns(
            explanation=pl.Series(
                [self.explanations.get(c, "") for c in rows["cluster_id"].to_list()],
                dtype=pl.String,
            ),
            verdict=pl.Series(verdicts, dtype=pl.String),
        )

    def decide(
        self,
        verdict: str,
        *,
        group: Iterable[int] | None = None,
        survivors: dict[str, str | None] | None = None,
    ) -> ClusterDecision | None:
        """Decide the open cluster, then open the next undecided one.

        ``group`` (row indices) is the split's one client; by default the ticked records.
        ``survivors`` defaults to the values picked in the dropdowns.
        """
        cluster_id = self.current
        if cluster_id is None:
            return None
        if group is None:
            group = [int(box.description.lstrip("#")) for box in self._boxes() if box.value]
        if survivors is None:
            survivors = {
                str(d.description): str(d.value)
                for d in self.survivors.children
                if isinstance(d, w.Dropdown) and d.value != ANY
            }
        groups = [sorted(group)] if verdict == "split" and len(list(group)) > 1 else []
        decision = ClusterDecision.for_cluster(
            self.duplicates.clusters,
            cluster_id,
            verdict,  # type: ignore[arg-type]
            groups=groups,
            survivors=survivors if verdict == "accept" else None,
            frame=self.data,
        )
        self.decided[cluster_id] = decision
        self._notify()
        undecided = [i for i, c in enumerate(self._ids) if c not in self.decided]
        later = [i for i in undecided if i > self.position]
        self.go((later or undecided or [self.position])[0])
        return decision

    def undo(self, cluster_id: int | None = None) -> ClusterDecision | None:
        """Take back the decision on ``cluster_id`` (default: the open one): undecided again.

        Returns the decision taken back (None when there was none)."""
        cluster_id = self.current if cluster_id is None else cluster_id
        taken = self.decided.pop(cluster_id, None) if cluster_id is not None else None
        if taken is not None:
            self._notify()
        self._render()
        if taken is not None:
            done = self._t("ui.clusters.undone", cluster=cluster_id)
            self.status.value += f" · <span class='cm-ok'>{esc(done)}</span>"
        return taken

    def on_change(self, callback: Callable[[tuple[ClusterDecision, ...]], None]) -> None:
        """Call ``callback(decisions)`` after every decision and undo."""
        self._listeners.append(callback)

    def to_recipe(self, recipe: Recipe) -> Recipe:
        """The recipe with these decisions in its ``duplicates`` section."""
        return recipe.with_decisions(
            "duplicates", {"decisions": [d.to_dict() for d in self.decisions]}
        )

    def save(self, path: str | Path, *, force: bool = True) -> Path:
        """Write this reviewer's decision file (JSON), to merge with the others'."""
        who = f"{self.reviewer[0]}/{self.reviewer[1]}" if self.reviewer else None
        return save_decisions(path, self.decisions, reviewer=who, force=force)

    # -- internals ----------------------------------------------------------------------------
    def _t(self, key: str, **params: object) -> str:
        return text(key, self.lang, **params)

    def _notify(self) -> None:
        for listener in self._listeners:
            listener(self.decisions)

    def _shown_queue(self) -> pl.DataFrame:
        if self.show_sure:
            return self.queue
        return self.queue.filter(pl.col("band") != "sure")

    def _pages(self) -> int:
        return max(1, -(-len(self._ids) // PAGE_SIZE))

    def _queue_changed(self) -> None:
        current = self.current if hasattr(self, "_ids") else None
        self._ids: list[int] = self._shown_queue()["cluster_id"].to_list()
        sure = self.queue.filter(pl.col("band") == "sure").height
        review = self.queue.height - sure
        note = [self._t("ui.clusters.queue", count=review)]
        if sure:
            note.append(self._t("ui.clusters.sure_note", count=sure))
        if self.conflicts:
            note.append(self._t("ui.clusters.conflicts", count=len(self.conflicts)))
        if self.stale:
            note.append(self._t("ui.clusters.stale", count=len(self.stale)))
        if self.reviewer is not None:
            by = self._t(_SPLIT_LABELS[self.split_by])
            number, of = self.reviewer
            note.append(
                self._t(
                    "ui.clusters.reviewer",
                    number=number,
                    of=of,
                    by=by,
                    count=self.queue.height,
                    total=self._queue_total,
                )
            )
        self.note.value = f"<span class='cm-muted'>{esc(' · '.join(note))}</span>"
        self.progress.max = max(1, len(self._ids))
        self.go(self._ids.index(current) if current in self._ids else 0)

    def _queue_slot(self, i: int) -> tuple[w.HBox, w.HTML]:
        line = w.HTML(layout=w.Layout(flex="1 1 0%", min_width="0"))
        line.add_class("cm-line-box")
        show = _button("", "folder-open", "cm-open", width="34px")
        show.tooltip = self._t("ui.clusters.open_tooltip")
        undo = _button("", "undo", "cm-undo-row", width="34px")
        undo.tooltip = self._t("ui.common.undo_tooltip")
        show.on_click(self._for_slot(i, self.open_cluster))
        undo.on_click(self._for_slot(i, self.undo))
        slot = w.HBox([line, show, undo])
        slot.add_class("cm-queue-row")
        return slot, line

    def _for_slot(self, i: int, action: Callable[[int], object]) -> Callable[[object], None]:
        def handle(_: object) -> None:
            if i < len(self._slot_ids):
                action(self._slot_ids[i])

        return handle

    def _render(self) -> None:
        self._render_queue()
        self._render_cluster()

    def _render_queue(self) -> None:
        rows = self.page()
        self._slot_ids = rows["cluster_id"].to_list()
        current = self.current
        for i, (slot, line) in enumerate(self._slots):
            if i >= rows.height:
                slot.layout.display = "none"
                continue
            r = rows.row(i, named=True)
            slot.layout.display = ""
            disputed = self.conflicts.get(r["cluster_id"])
            verdict = (
                self._t(f"ui.clusters.verdict.{r['verdict']}")
                if r["verdict"]
                else self._conflict_text(disputed)
                if disputed
                else self._t("ui.clusters.undecided")
            )
            classes = ["cm-line", "cm-cluster-line"] + (
                ["cm-current"] if r["cluster_id"] == current else []
            )
            css = " ".join(classes)
            cells = (
                ("cm-muted", f"#{r['cluster_id']}"),
                ("", self._t("ui.clusters.records_count", count=r["size"])),
                ("cm-warn" if r["band"] == "review" else "cm-ok", self._band(r["band"])),
                ("", f"{r['score'] or 0:.0%}"),
                ("", r["explanation"]),
                ("cm-ok" if r["verdict"] else "cm-err" if disputed else "cm-muted", verdict),
            )
            line.value = (
                f"<div class='{css}'>"
                + "".join(f"<span class='{c}' title='{esc(v)}'>{esc(v)}</span>" for c, v in cells)
                + "</div>"
            )
            slot.children[2].layout.visibility = "visible" if r["verdict"] else "hidden"
        self.page_prev.disabled = self.page_number <= 1
        self.page_next.disabled = self.page_number >= self._pages()
        label = self._t(
            "ui.clusters.page", number=self.page_number, pages=self._pages(), total=len(self._ids)
        )
        self.page_label.value = f"<span class='cm-page-label'>{esc(label)}</span>"

    def _conflict_text(self, conflict: DecisionConflict) -> str:
        said = "; ".join(
            f"{_file(source)}: {self._t(f'ui.clusters.verdict.{d.verdict}')}"
            for source, d in conflict.decisions
        )
        return self._t("ui.clusters.conflict", decisions=said)

    def _band(self, band: str) -> str:
        return self._t(f"ui.clusters.band.{band}")

    def _proposed(self, rows: list[int]) -> dict[str, tuple[str | None, str]]:
        """Field -> (value, where from) of the golden record these rows would become."""
        walk = self.proposed.crosswalk.filter(pl.col("row_index").is_in(rows))
        ids = walk["golden_id"].unique().to_list()
        if len(ids) != 1:
            return {}
        record = self.proposed.records.filter(pl.col("golden_id") == ids[0])
        prov = self.proposed.provenance.filter(pl.col("golden_id") == ids[0])
        origin = {
            r["field"]: f"#{r['row_index']} {_file(r['_source'])}"
            if r["row_index"] is not None
            else str(r["rule"])
            for r in prov.iter_rows(named=True)
        }
        values = record.row(0, named=True) if record.height else {}
        return {f: (v, origin.get(f, "")) for f, v in values.items() if isinstance(v, str)}

    def _boxes(self) -> list[w.Checkbox]:
        return [c for c in self.members.children if isinstance(c, w.Checkbox)]

    def _render_cluster(self) -> None:
        done = sum(1 for c in self._ids if c in self.decided)
        total = len(self._ids)
        self.progress.value = done
        self.status.value = esc(self._t("ui.clusters.status", done=done, total=total))
        cluster_id = self.current
        for button in (self.accept_button, self.split_button, self.distinct_button):
            button.disabled = cluster_id is None
        self.undo_button.disabled = cluster_id not in self.decided
        self.detail.layout.display = "none" if cluster_id is None else ""
        if cluster_id is None:
            self.title.value = f"<b>{esc(self._t('ui.clusters.none'))}</b>"
            self.table.value = self.evidence.value = ""
            self.members.children = self.survivors.children = ()
            return
        info = self.duplicates.clusters.filter(pl.col("cluster_id") == cluster_id)
        rows = info["row_index"].to_list()
        score: float = info.select(pl.col("score").min()).item() or 0.0
        decided = self.decided.get(cluster_id)
        parts = [
            f"<b>{esc(self._t('ui.clusters.cluster', cluster=cluster_id))}</b>",
            esc(self._t("ui.clusters.records_count", count=len(rows))),
            esc(self._band(str(info["band"][0]))),
            esc(self._t("ui.clusters.weakest", score=f"{score:.0%}")),
        ]
        if decided:
            verdict = self._t(f"ui.clusters.verdict.{decided.verdict}")
            parts.append(f"<b>{esc(self._t('ui.clusters.decided', verdict=verdict))}</b>")
        elif cluster_id in self.conflicts:
            disputed = self._conflict_text(self.conflicts[cluster_id])
            parts.append(f"<b class='cm-err cm-conflict'>{esc(disputed)}</b>")
        parts.append(esc(self._t("ui.clusters.position", position=self.position + 1, total=total)))
        self.title.value = " · ".join(parts)
        records = self.frame.filter(pl.col("row_index").is_in(rows)).sort("row_index")
        self.table.value = self._table(records, rows)
        self.evidence.value = self._evidence(cluster_id, rows)
        chosen = {m for g in (decided.groups if decided else ()) for m in g}
        lin = {r[0]: tuple(r[1:]) for r in records.select("row_index", *LINEAGE).iter_rows()}
        boxes = []
        for r in rows:
            box = w.Checkbox(value=lin.get(r) in chosen, description=f"#{r}", indent=False)
            box.add_class("cm-member")
            boxes.append(box)
        self.members.children = boxes
        self.survivors.children = self._dropdowns(records, decided)

    def _table(self, records: pl.DataFrame, rows: list[int]) -> str:
        fields = [
            c
            for c in data_columns(records)
            if c != "row_index" and records[c].null_count() < records.height
        ]
        head = "".join(
            f"<th>#{r['row_index']}<br><span class='cm-source' style='font-weight:600'>"
            f"{esc(_file(r['_source']))}</span>"
            f"<br><span class='cm-muted'>{esc(r['_sheet']) + ' ' if r['_sheet'] else ''}"
            f"{esc(self._t('ui.clusters.row', row=r['_row']))}</span></th>"
            for r in records.select("row_index", *LINEAGE).iter_rows(named=True)
        )
        proposed = self._proposed(rows)
        body = []
        for f in fields:
            values = records[f].to_list()
            shown = [mask(v) if f in MASKED_FIELDS else v for v in values]
            distinct = {v for v in values if v is not None}
            row = "<tr class='cm-diff'>" if len(distinct) > 1 else "<tr>"
            kept, origin = proposed.get(f, (None, ""))
            marks = [len(distinct) > 1 and v != kept for v in values]
            cells = "".join(
                (
                    "<td class='cm-diff-cell' style='background:#fde68a;font-weight:600'>"
                    if m
                    else "<td>"
                )
                + f"{esc(v)}</td>"
                for v, m in zip(shown, marks)
            )
            kept_shown = mask(kept) if f in MASKED_FIELDS else kept
            body.append(
                f"{row}<td><b>{esc(f)}</b></td>{cells}"
                "<td class='cm-golden' style='border-left:2px solid #10b981'>"
                f"{esc(kept_shown)} <span class='cm-muted'>{esc(origin)}"
                "</span></td></tr>"
            )
        golden = esc(self._t("ui.clusters.golden"))
        value_from = esc(self._t("ui.clusters.value_from"))
        return (
            f"<table><tr><th></th>{head}<th>{golden}<br>"
            f"<span class='cm-muted'>{value_from}</span></th></tr>"
            f"{''.join(body)}</table>"
        )

    def _evidence(self, cluster_id: int, rows: list[int]) -> str:
        pairs = self.duplicates.pairs.filter(
            pl.col("left_index").is_in(rows) & pl.col("right_index").is_in(rows)
        )
        shown = pairs.head(MAX_PAIRS)
        words = explain_pairs(shown, self.lang).to_list()
        lines = [f"<b class='cm-explanation'>{esc(self.explanations.get(cluster_id, ''))}</b>"]
        for p, said in zip(shown.iter_rows(named=True), words):
            veto = (
                f" <span class='cm-err'>{esc(self._t('ui.clusters.veto', field=p['veto']))}</span>"
                if p.get("veto")
                else ""
            )
            # the pair's fields alone, from even odds: how the cluster check judges it
            within = probability_of(p["evidence"])
            odds = self._t(
                "ui.clusters.pair",
                probability=f"{p['probability']:.0%}",
                within=f"{within:.0%}",
            )
            lines.append(
                f"#{p['left_index']} ↔ #{p['right_index']}: <b>{esc(odds)}</b> · {esc(said)}{veto}"
            )
        if pairs.height > MAX_PAIRS:
            more = self._t("ui.clusters.more_pairs", count=pairs.height - MAX_PAIRS)
            lines.append(esc(more))
        return "<div class='cm-muted'>" + "<br>".join(lines) + "</div>"

    def _dropdowns(
        self, records: pl.DataFrame, decided: ClusterDecision | None
    ) -> list[w.Dropdown]:
        dropdowns = []
        for f in data_columns(records):
            if f == "row_index" or f in MASKED_FIELDS:
                continue
            options = sorted({v for v in records[f].to_list() if v is not None}, key=str)
            if len(options) < 2:
                continue
            choices = [(self._t("ui.clusters.most_complete"), ANY), *((str(v), v) for v in options)]
            value = decided.survivors.get(f) if decided else None
            d = w.Dropdown(
                options=choices,
                value=value if value in options else ANY,
                description=f,
            )
            d.add_class("cm-survivor")
            dropdowns.append(d)
        return dropdowns


def _conflicts_by_cluster(
    duplicates: Duplicates, merged: MergedDecisions | None
) -> dict[int, DecisionConflict]:
    """Today's cluster of each conflict (by its members' lineage; unplaced ones are left out)."""
    if merged is None or not merged.conflicts:
        return {}
    where = {
        (s, sh, r): c
        for s, sh, r, c in duplicates.clusters.select(*LINEAGE, "cluster_id").iter_rows()
    }
    found: dict[int, DecisionConflict] = {}
    for conflict in merged.conflicts:
        for member in conflict.members:
            if member in where:
                found.setdefault(where[member], conflict)
                break
    return found


def _button(
    label: str, icon: str, css: str, button_style: str = "", *, width: str = "auto"
) -> w.Button:
    button = w.Button(
        description=label, icon=icon, button_style=button_style, layout=w.Layout(width=width)
    )
    button.add_class(css)
    return button
