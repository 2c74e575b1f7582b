"""``report.html``: one self-contained page a person acts on.

What the import will hold (per sheet), the files written beside it, every issue that needs a
person with its message (filterable by severity, column and code, searchable, without a network),
the routine changes counted per column with a few examples instead of one line per cell, and a
profile of every column (filled, distinct, most common values; identifiers masked).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from contextvars import ContextVar

import polars as pl

from clientmig._messages import resolve_lang, text, translate_issues
from clientmig._text import mask
from clientmig.export.privacy import mask_text
from clientmig.export.summary import ExportSummary
from clientmig.issues import MASKED_FIELDS
from clientmig.validation import Report

MAX_LISTED = 2000
"""Issues needing a person listed on the page; issues.csv holds them all."""

_COLORS = {"error": "#b42318", "warning": "#b54708", "info": "#175cd3"}

_STYLE = """
body{font:14px system-ui,sans-serif;max-width:1200px;margin:2em auto;color:#1d2939}
h1{font-size:22px}h2{font-size:17px;margin-top:2em;border-bottom:1px solid #eaecf0}
table{border-collapse:collapse;width:100%}td,th{padding:3px 8px;border-bottom:1px solid #eaecf0;
text-align:left;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:380px}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.bar{height:9px;border-radius:2px}
.error{color:#b42318}.warning{color:#b54708}.info{color:#175cd3}.muted{color:#667085}
#filters{display:flex;gap:8px;margin:8px 0}#filters select,#filters input{font:inherit;padding:3px}
"""

_SCRIPT = """
const byId = (id) => document.getElementById(id);
const filter = () => {
  const sev = byId('f-sev').value, col = byId('f-col').value, code = byId('f-code').value;
  const q = byId('f-q').value.toLowerCase();
  let shown = 0;
  for (const r of document.querySelectorAll('#issues tbody tr')) {
    const ok = (!sev || r.dataset.sev === sev) && (!col || r.dataset.col === col)
      && (!code || r.dataset.code === code) && (!q || r.textContent.toLowerCase().includes(q));
    r.style.display = ok ? '' : 'none';
    if (ok) shown++;
  }
  byId('f-n').textContent = shown;
};
for (const id of ['f-sev', 'f-col', 'f-code', 'f-q']) byId(id).addEventListener('input', filter);
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


_LANG: ContextVar[str | None] = ContextVar("report_page_lang", default=None)
"""The language of the page being written (:func:`report_page`'s ``lang``)."""


def _t(key: str, **params: object) -> str:
    """A label of the page in its language, escaped."""
    return _e(_text(f"cli.page.{key}", **params))


def _text(key: str, **params: object) -> str:
    return text(key, _LANG.get(), **params)


_NUMBERS = frozenset({"count", "cells", "filled", "distinct"})
"""Headings of right-aligned number columns."""


def _th(*keys: str) -> str:
    """A row of table headings from their catalogue keys."""
    cells = (f"<th class='n'>{_t(k)}</th>" if k in _NUMBERS else f"<th>{_t(k)}</th>" for k in keys)
    return "<tr>" + "".join(cells) + "</tr>"


def column_profile(frame: pl.DataFrame, *, top: int = 3) -> pl.DataFrame:
    """Per column: ``filled``, ``distinct`` and the ``top`` most common values (masked IDs;
    ties in value order)."""
    columns = [c for c in frame.columns if not c.startswith("_")]

    def filled(name: str) -> pl.Expr:
        values = pl.col(name).cast(pl.String)
        return values.filter(values.str.strip_chars() != "")

    # One count per distinct value gives all three; Polars profiles the columns side by side.
    profiles = pl.collect_all(
        frame.lazy()
        .select(filled(c).alias("v"))
        .group_by("v")
        .len("n")
        .select(
            filled=pl.col("n").sum(),
            distinct=pl.len(),
            top=pl.struct("v", "n").top_k_by(["n", "v"], k=top, reverse=[False, True]).implode(),
        )
        for c in columns
    )
    rows = []
    for name, profile in zip(columns, profiles, strict=True):
        common = profile["top"].item()
        shown = ((mask(t["v"]) if name in MASKED_FIELDS else t["v"], t["n"]) for t in common)
        rows.append(
            {
                "column": name,
                "filled": profile["filled"].item(),
                "distinct": profile["distinct"].item(),
                "most_common": "; ".join(f"{v} ({n})" for v, n in shown),
            }
        )
    schema = {"column": pl.String, "filled": pl.Int64, "distinct": pl.Int64}
    return pl.DataFrame(rows, schema={**schema, "most_common": pl.String})


def _summary_html(summary: ExportSummary | None) -> str:
    if summary is None:
        return ""
    rows = "".join(
        f"<tr><td>{_e(t.title)}</td><td class='n'>{t.create}</td><td class='n'>{t.update}</td>"
        f"<td class='n error'>{t.skipped}</td><td>{_e(', '.join(t.files))}</td></tr>"
        for t in summary.tables
    )
    heads = "".join(
        f"<th class='n'>{_e(_text(f'cli.reconcile.{k}'))}</th>"
        for k in ("create", "update", "skipped")
    )
    return (
        f"<h2>{_t('import_title')}</h2><table><tr><th>{_t('sheet')}</th>{heads}"
        f"<th>{_t('file')}</th></tr>{rows}</table>"
    )


def _files_html(files: Sequence[str]) -> str:
    if not files:
        return ""
    items = "".join(f"<li><a href='{_e(f)}'>{_e(f)}</a></li>" for f in files)
    return f"<h2>{_t('files_title')}</h2><ul>{items}</ul>"


def _chart_html(issues: pl.DataFrame) -> str:
    counts = (
        issues.group_by("code", "severity")
        .agg(pl.len().alias("n"), pl.col("message").first())
        .sort(["severity", "n", "code"], descending=[False, True, False])
    )
    if counts.is_empty():
        return f"<h2>{_t('issues_title')}</h2><p>{_t('none')}</p>"
    top = max(int(n) for n in counts["n"].to_list())
    rows = "".join(
        f"<tr><td class='{_e(r['severity'])}'>{_t(str(r['severity']))}</td>"
        f"<td>{_e(r['message'])}</td>"
        f"<td><code>{_e(r['code'])}</code></td><td class='n'>{r['n']}</td><td style='width:160px'>"
        f"<div class='bar' style='width:{max(2, int(150 * r['n'] / top))}px;"
        f"background:{_COLORS.get(str(r['severity']), '#000')}'></div></td></tr>"
        for r in counts.iter_rows(named=True)
    )
    heads = _th("severity", "message", "code", "count").removesuffix("</tr>")
    return f"<h2>{_t('kinds_title')}</h2><table>{heads}<th></th></tr>{rows}</table>"


def _options(values: pl.Series) -> str:
    distinct = sorted({str(v) for v in values.drop_nulls().to_list()})
    return "".join(f"<option>{_e(v)}</option>" for v in distinct)


def _listed_html(issues: pl.DataFrame, limit: int) -> str:
    needing = issues.filter(pl.col("severity") != "info")
    listed = needing.head(limit)
    rows = "".join(
        f"<tr data-sev='{_e(r['severity'])}' data-col='{_e(r['column'])}' "
        f"data-code='{_e(r['code'])}'><td class='{_e(r['severity'])}'>{_t(str(r['severity']))}</td>"
        f"<td>{_e(r['source'])}</td><td>{_e(r['sheet'])}</td><td class='n'>{_e(r['row'])}</td>"
        f"<td>{_e(r['column'])}</td><td title='{_e(r['message'])}'>{_e(r['message'])}</td>"
        f"<td>{_e(r['value'])}</td><td>{_e(r['suggestion'])}</td><td><code>{_e(r['code'])}"
        "</code></td></tr>"
        for r in listed.iter_rows(named=True)
    )
    more = (
        f"<p class='muted'>{_t('more', limit=limit, total=needing.height)}</p>"
        if needing.height > limit
        else ""
    )
    shown = _t("shown", count="\0").replace("\0", f"<span id='f-n'>{listed.height}</span>")
    severities = "".join(f"<option value='{s}'>{_t(s)}</option>" for s in ("error", "warning"))
    filters = (
        f"<div id='filters'><select id='f-sev'><option value=''>{_t('every_severity')}</option>"
        f"{severities}</select><select id='f-col'><option value=''>{_t('every_column')}</option>"
        f"{_options(listed['column'])}</select><select id='f-code'><option value=''>"
        f"{_t('every_code')}</option>{_options(listed['code'])}</select>"
        f"<input id='f-q' type='search' placeholder='{_t('search')}'>"
        f"<span class='muted'>{shown}</span></div>"
    )
    head = _th("severity", "file", "sheet", "row", "column", "message", "value", "suggestion")
    return (
        f"<h2>{_t('look_title', count=needing.height)}</h2>{filters}{more}<table id='issues'>"
        f"<thead>{head.removesuffix('</tr>')}<th>{_t('code')}</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _routine_html(issues: pl.DataFrame) -> str:
    infos = issues.filter(pl.col("severity") == "info")
    if infos.is_empty():
        return ""
    grouped = (
        infos.group_by("column", "code")
        .agg(
            pl.len().alias("n"),
            pl.col("message").first(),
            pl.concat_str(
                pl.col("value").fill_null(""), pl.lit(" → "), pl.col("suggestion").fill_null("")
            )
            .head(3)
            .str.join("; ")
            .alias("examples"),
        )
        .sort(["n", "column", "code"], descending=[True, False, False], nulls_last=True)
    )
    rows = "".join(
        f"<tr><td>{_e(r['column'])}</td><td>{_e(r['message'])}</td><td class='n'>{r['n']}</td>"
        f"<td class='muted'>{_e(r['examples'])}</td></tr>"
        for r in grouped.iter_rows(named=True)
    )
    heads = _th("column", "what", "cells", "examples")
    return f"<h2>{_t('routine_title', count=infos.height)}</h2><table>{heads}{rows}</table>"


def _profile_html(frame: pl.DataFrame) -> str:
    profile = column_profile(frame)
    total = max(frame.height, 1)
    rows = "".join(
        f"<tr><td>{_e(r['column'])}</td><td class='n'>{r['filled']}</td>"
        f"<td class='n'>{100 * r['filled'] // total}%</td><td class='n'>{r['distinct']}</td>"
        f"<td class='muted'>{_e(r['most_common'])}</td></tr>"
        for r in profile.iter_rows(named=True)
    )
    heads = _th("field", "filled").removesuffix("</tr>") + "<th class='n'>%</th>"
    heads += _th("distinct", "most_common").removeprefix("<tr>")
    return f"<h2>{_t('columns_title')}</h2><table>{heads}{rows}</table>"


def report_page(
    report: Report,
    *,
    summary: ExportSummary | None = None,
    files: Sequence[str] = (),
    lang: str | None = None,
    limit: int = MAX_LISTED,
) -> str:
    """The whole page as a string (no external resources), in ``lang`` (default: the chosen
    language)."""
    token = _LANG.set(resolve_lang(lang))
    try:
        return _page(report, summary, files, limit)
    finally:
        _LANG.reset(token)


def _page(report: Report, summary: ExportSummary | None, files: Sequence[str], limit: int) -> str:
    issues = translate_issues(report.issues, _LANG.get())
    s = report.summary
    counts = {
        "errors": s["issues"]["error"],
        "warnings": s["issues"]["warning"],
        "infos": s["issues"]["info"],
    }
    head = (
        f"<h1>{_t('title', target=report.target)}</h1><p>{_t('rows', rows=s['rows'])} "
        f"<b style='color:#1b7f3a'>{_t('imported', count=s['valid'])}</b>, "
        f"<b class='error'>{_t('rejected', count=s['rejected'])}</b>; {_t('counts', **counts)}</p>"
    )
    body = "".join(
        (
            head,
            _summary_html(summary),
            _files_html(files),
            _chart_html(issues),
            _listed_html(issues, limit),
            _routine_html(issues),
            _profile_html(report.frame),
        )
    )
    # Masked by value: a national number in a name, a note or a message is masked too.
    return mask_text(
        f"<!doctype html><html><head><meta charset='utf-8'><title>{_t('page_title')}</title>"
        f"<style>{_STYLE}</style></head><body>{body}<script>{_SCRIPT}</script></body></html>"
    )
