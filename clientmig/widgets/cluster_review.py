"""ClusterReview: duplicate clusters for onboarding teams, by review priority.

Each cluster shows its records side by side, each under its source file, sheet and row, with
differing fields highlighted, the proposed golden record (each value with the record it comes
from, :func:`clientmig.dedupe.merge.golden_records`) and the evidence (each pair's probability
and per-field comparison). A reviewer accepts the cluster, splits it (the ticked records form
one client, the rest stay apart), or marks it distinct, and picks the surviving value of each
differing field. ``.decisions`` holds :class:`clientmig.dedupe.ClusterDecision` objects keyed
to the clients (lineage and client keys), so they replay on next month's exports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import ipywidgets as w
import polars as pl

from clientmig._text import mask
from clientmig.dedupe import ClusterDecision, Duplicates
from clientmig.dedupe.inputs import Inputs, stack_inputs
from clientmig.dedupe.merge import golden_records
from clientmig.dedupe.model import probability_of
from clientmig.issues import MASKED_FIELDS
from clientmig.lineage import LINEAGE, data_columns
from clientmig.pipeline import Recipe
from clientmig.widgets._style import esc, style

_ANY = "(most complete)"


def _file(source: str | None) -> str:
    """A source's file name (sources are often full paths)."""
    return (source or "").replace("\\", "/").rsplit("/", 1)[-1]


class ClusterReview(w.VBox):
    """Review duplicate clusters one at a time."""

    def __init__(
        self,
        frame: Inputs,
        duplicates: Duplicates,
        decisions: Iterable[ClusterDecision] = (),
        *,
        bands: tuple[str, ...] = ("review", "sure"),
    ) -> None:
        self.data = stack_inputs(frame)
        self.frame = self.data.with_row_index("row_index")
        self.duplicates = duplicates
        # the golden record each cluster would become if accepted, with its provenance
        self.proposed = golden_records(self.data, duplicates, bands=("sure", "review"))
        clusters = duplicates.clusters.filter(pl.col("band").is_in(list(bands)))
        order = (
            clusters.group_by("cluster_id")
            .agg(pl.col("band").first(), pl.col("score").min(), pl.len().alias("size"))
            .with_columns((pl.col("band") == "sure").alias("_sure"))
            .sort(["_sure", "score", "cluster_id"])  # review first, least certain first
        )
        self.cluster_ids: list[int] = order["cluster_id"].to_list()
        self.decided: dict[int, ClusterDecision] = {}
        for d in decisions:
            self.decided[d.cluster_id] = d
        self.position = 0
        self._listeners: list[Callable[[tuple[ClusterDecision, ...]], None]] = []
        self.title = w.HTML()
        self.table = w.HTML()
        self.evidence = w.HTML()
        self.members = w.VBox()
        self.survivors = w.VBox()
        self.accept_button = w.Button(
            description="Same client", icon="check", button_style="success"
        )
        self.split_button = w.Button(
            description="Split: ticked are one", icon="scissors", button_style="warning"
        )
        self.distinct_button = w.Button(
            description="Different clients", icon="times", button_style="danger"
        )
        for button, css, verdict in (
            (self.accept_button, "cm-accept", "accept"),
            (self.split_button, "cm-split", "split"),
            (self.distinct_button, "cm-distinct", "distinct"),
        ):
            button.layout.width = "auto"
            button.add_class(css)
            button.on_click(lambda _, v=verdict: self.decide(v))
        self.prev_button = w.Button(description="◀", layout=w.Layout(width="48px"))
        self.next_button = w.Button(description="▶", layout=w.Layout(width="48px"))
        self.next_button.add_class("cm-next")
        self.prev_button.on_click(lambda _: self.go(self.position - 1))
        self.next_button.on_click(lambda _: self.go(self.position + 1))
        self.progress = w.IntProgress(min=0, max=max(1, len(self.cluster_ids)))
        self.status = w.HTML()
        self.status.add_class("cm-status")
        super().__init__(
            [
                style(),
                w.HBox([self.prev_button, self.next_button, self.title]),
                self.table,
                self.evidence,
                w.HBox(
                    [
                        w.VBox([w.HTML("<b>Records</b>"), self.members]),
                        w.VBox([w.HTML("<b>Keep value</b>"), self.survivors]),
                    ]
                ),
                w.HBox([self.accept_button, self.split_button, self.distinct_button]),
                w.HBox([self.progress, self.status]),
            ]
        )
        self.add_class("cm-widget")
        self.add_class("cm-clusters")
        self._render()

    # -- public API ---------------------------------------------------------------------------
    @property
    def decisions(self) -> tuple[ClusterDecision, ...]:
        """Every decision taken, in cluster order."""
        return tuple(self.decided[c] for c in self.cluster_ids if c in self.decided)

    @property
    def current(self) -> int | None:
        """The cluster on screen."""
        return self.cluster_ids[self.position] if self.cluster_ids else None

    def go(self, position: int) -> None:
        """Show the cluster at ``position`` (clamped)."""
        if self.cluster_ids:
            self.position = min(max(0, position), len(self.cluster_ids) - 1)
        self._render()

    def decide(
        self,
        verdict: str,
        *,
        group: Iterable[int] | None = None,
        survivors: dict[str, str | None] | None = None,
    ) -> ClusterDecision | None:
        """Decide the cluster on screen, then move to the next undecided one.

        ``group`` (row indices) is the split's one client; by default the ticked records.
        ``survivors`` defaults to the values picked in the dropdowns.
        """
        cluster_id = self.current
        if cluster_id is None:
            return None
        if group is None:
            group = [
                int(box.description.split()[0].lstrip("#")) for box in self._boxes() if box.value
            ]
        if survivors is None:
            survivors = {
                str(d.description): (None if d.value == _ANY else str(d.value))
                for d in self.survivors.children
                if isinstance(d, w.Dropdown) and d.value != _ANY
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
        for listener in self._listeners:
            listener(self.decisions)
        undecided = [i for i, c in enumerate(self.cluster_ids) if c not in self.decided]
        later = [i for i in undecided if i > self.position]
        self.go((later or undecided or [self.position])[0])
        return decision

    def on_change(self, callback: Callable[[tuple[ClusterDecision, ...]], None]) -> None:
        """Call ``callback(decisions)`` after every decision."""
        self._listeners.append(callback)

    def to_recipe(self, recipe: Recipe) -> Recipe:
        """The recipe with these decisions in its ``duplicates`` section."""
        return recipe.with_decisions(
            "duplicates", {"decisions": [d.to_dict() for d in self.decisions]}
        )

    # -- internals ----------------------------------------------------------------------------
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

    def _render(self) -> None:
        done = len(self.decisions)
        total = len(self.cluster_ids)
        self.progress.value = done
        self.status.value = f"{done} of {total} clusters reviewed"
        cluster_id = self.current
        if cluster_id is None:
            self.title.value = "<b>No duplicate clusters to review.</b>"
            self.table.value = self.evidence.value = ""
            self.members.children = self.survivors.children = ()
            return
        info = self.duplicates.clusters.filter(pl.col("cluster_id") == cluster_id)
        rows = info["row_index"].to_list()
        band = info["band"][0]
        score: float = info.select(pl.col("score").min()).item() or 0.0
        decided = self.decided.get(cluster_id)
        verdict = f" · decided: <b>{decided.verdict}</b>" if decided else ""
        self.title.value = (
            f"<b>Cluster {cluster_id}</b> ({len(rows)} records, {esc(band)}, "
            f"weakest link {score:.0%}){verdict} · {self.position + 1} of {total}"
        )
        records = self.frame.filter(pl.col("row_index").is_in(rows)).sort("row_index")
        fields = [
            c
            for c in data_columns(records)
            if c != "row_index" and records[c].null_count() < records.height
        ]
        head = "".join(
            f"<th>#{r['row_index']}<br><span class='cm-source' style='font-weight:600'>"
            f"{esc(_file(r['_source']))}</span>"
            f"<br><span class='cm-muted'>{esc(r['_sheet']) + ' ' if r['_sheet'] else ''}"
            f"row {r['_row']}</span></th>"
            for r in records.select("row_index", *LINEAGE).iter_rows(named=True)
        )
        proposed = self._proposed(rows)
        body = []
        differing = []
        for f in fields:
            values = records[f].to_list()
            shown = [mask(v) if f in MASKED_FIELDS else v for v in values]
            distinct = {v for v in values if v is not None}
            cls = " class='cm-diff'" if len(distinct) > 1 else ""
            if len(distinct) > 1:
                differing.append((f, sorted(distinct)))
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
                f"<tr{cls}><td><b>{esc(f)}</b></td>{cells}"
                "<td class='cm-golden' style='border-left:2px solid #10b981'>"
                f"{esc(kept_shown)} <span class='cm-muted'>{esc(origin)}"
                "</span></td></tr>"
            )
        self.table.value = (
            f"<table><tr><th></th>{head}<th>golden record<br>"
            "<span class='cm-muted'>value · from</span></th></tr>"
            f"{''.join(body)}</table>"
        )
        pairs = self.duplicates.pairs.filter(
            pl.col("left_index").is_in(rows) & pl.col("right_index").is_in(rows)
        )
        level_cols = [c for c in pairs.columns if c.startswith("level_")]
        lines = []
        for p in pairs.iter_rows(named=True):
            ev = ", ".join(f"{c[6:]}: {p[c]}" for c in level_cols if p[c] not in (None, "missing"))
            veto = f" <span class='cm-err'>veto: {esc(p['veto'])}</span>" if p.get("veto") else ""
            # the pair's fields alone, from even odds: how the cluster check judges it
            within = probability_of(p["evidence"])
            lines.append(
                f"#{p['left_index']} ↔ #{p['right_index']}: "
                f"<b>{p['probability']:.0%}</b>, {within:.0%} within one cluster ({esc(ev)}){veto}"
            )
        self.evidence.value = "<div class='cm-muted'>" + "<br>".join(lines) + "</div>"
        chosen = {m for g in (decided.groups if decided else ()) for m in g}
        lin = {r[0]: tuple(r[1:]) for r in records.select("row_index", *LINEAGE).iter_rows()}
        boxes = []
        for r in rows:
            box = w.Checkbox(value=lin.get(r) in chosen, description=f"#{r}", indent=False)
            box.add_class("cm-member")
            boxes.append(box)
        self.members.children = boxes
        dropdowns = []
        for f, options in differing:
            shown_options = [_ANY, *options] if f not in MASKED_FIELDS else [_ANY]
            value = decided.survivors.get(f) if decided else None
            d = w.Dropdown(
                options=shown_options,
                value=value if value in shown_options else _ANY,
                description=f,
            )
            d.add_class("cm-survivor")
            dropdowns.append(d)
        self.survivors.children = dropdowns
