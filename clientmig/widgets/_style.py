"""Shared look: a small stylesheet and helpers so every widget reads the same at a glance."""

from __future__ import annotations

import html

import ipywidgets as w

CSS = """
<style>
.cm-widget { font: 13px system-ui, sans-serif; }
.cm-widget .cm-head { font-weight: 600; color: #334155; border-bottom: 1px solid #cbd5e1; }
.cm-widget .cm-row:nth-child(even) { background: #f8fafc; }
.cm-widget .cm-muted { color: #64748b; }
.cm-widget .cm-warn { color: #b45309; }
.cm-widget .cm-err { color: #b91c1c; }
.cm-widget .cm-ok { color: #15803d; }
.cm-chip { display:inline-block; padding:0 6px; border-radius:8px; font-size:11px; }
.cm-chip.high { background:#dcfce7; color:#166534; }
.cm-chip.mid { background:#fef9c3; color:#854d0e; }
.cm-chip.low { background:#fee2e2; color:#991b1b; }
.cm-diff { background:#fef3c7; }
.cm-over { background:#dbeafe; font-weight:600; }
.cm-kept { color:#94a3b8; }
.cm-widget .cm-issue-row, .cm-widget .cm-group-row {
  height: 28px; min-height: 28px; max-height: 28px; overflow: hidden; align-items: center;
  border-bottom: 1px solid #f1f5f9; }
.cm-widget .cm-issue-row button, .cm-widget .cm-group-row button { height: 24px; }
.cm-widget .cm-line-box, .cm-widget .cm-line-box > .widget-html-content {
  min-width: 0; overflow: hidden; white-space: nowrap; line-height: 24px; }
.cm-widget .cm-line { display: grid; gap: 8px; white-space: nowrap; overflow: hidden; }
.cm-widget .cm-line > span { min-width: 0; overflow: hidden; text-overflow: ellipsis;
  white-space: nowrap; }
.cm-widget .cm-issue { grid-template-columns: 10px minmax(0, 1fr) minmax(0, 44px)
  minmax(0, 1fr) minmax(0, 1.3fr) minmax(0, 2.4fr) minmax(0, 1.5fr) minmax(0, 1.5fr); }
.cm-widget .cm-row-head { padding-right: 76px; }
.cm-widget .cm-group { grid-template-columns: 10px minmax(0, 2fr) minmax(0, 56px)
  minmax(0, 3fr) minmax(0, 1.6fr); }
.cm-widget .cm-queue-row { height: 28px; min-height: 28px; max-height: 28px; overflow: hidden;
  align-items: center; border-bottom: 1px solid #f1f5f9; }
.cm-widget .cm-queue-row button { height: 24px; }
.cm-widget .cm-cluster-line { grid-template-columns: minmax(0, 52px) minmax(0, 80px)
  minmax(0, 84px) minmax(0, 44px) minmax(0, 6fr) minmax(0, 1.6fr); }
.cm-widget .cm-cluster-line.cm-current { background: #e0f2fe; font-weight: 600; }
.cm-widget .cm-page-label, .cm-widget .cm-ellipsis { display: block; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; }
.cm-widget .cm-count { font-weight: 600; text-align: right; }
</style>
"""


def style() -> w.HTML:
    """The stylesheet as an HTML widget (put it first in a widget's children)."""
    return w.HTML(CSS)


def esc(value: object) -> str:
    """HTML-escaped text ('' for None)."""
    return "" if value is None else html.escape(str(value))


def chip(confidence: float) -> str:
    """A coloured confidence chip."""
    level = "high" if confidence >= 0.9 else "mid" if confidence >= 0.7 else "low"
    return f"<span class='cm-chip {level}'>{confidence:.0%}</span>" if confidence else ""
