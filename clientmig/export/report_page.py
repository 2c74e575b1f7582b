"""``report.html``: one self-contained page a person acts on.

What the import will hold (per sheet), the files written beside it, every issue that needs a
person with its message (filterable by severity, column and code, searchable, without a network),
the routine changes counted per column with a few examples instead of one line per cell, and a
profile of every column (filled, distinct, most common values; identifiers masked).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import polars as pl

from clientmig._messages import resolve_lang, translate_issues
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


def column_profile(frame: pl.DataFrame, *, top: int = 3) -> pl.DataFrame:
    """Per column: ``filled``, ``distinct`` and the ``top`` most common values (masked IDs)."""
    columns = [c for c in frame.columns if not c.startswith("_")]
    rows = []
    for name in columns:
        values = frame.get_column(name).cast(pl.String)
        filled = values.drop_nulls().filter(values.drop_nulls().str.strip_chars() != "")
        counts = filled.value_counts(sort=True).head(top)
        common = [f"{mask(v) if name in MASKED_FIELDS else v} ({n})" for v, n in counts.iter_rows()]
        rows.append(
            {
                "column": name,
                "filled": filled.len(),
                "distinct": filled.n_unique(),
                "most_common": "; ".join(common),
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
    return (
        "<h2>Import</h2><table><tr><th>sheet</th><th class='n'>create</th>"
        f"<th class='n'>update</th><th class='n'>skipped</th><th>file</th></tr>{rows}</table>"
    )


def _files_html(files: Sequence[str]) -> str:
    if not files:
        return ""
    items = "".join(f"<li><a href='{_e(f)}'>{_e(f)}</a></li>" for f in files)
    return f"<h2>Files in this folder</h2><ul>{items}</ul>"


def _chart_html(issues: pl.DataFrame) -> str:
    counts = (
        issues.group_by("code", "severity")
        .agg(pl.len().alias("n"), pl.col("message").first())
        .sort(["severity", "n", "code"], descending=[False, True, False])
    )
    if counts.is_empty():
        return "<h2>Issues</h2><p>None.</p>"
    top = max(int(n) for n in counts["n"].to_list())
    rows = "".join(
        f"<tr><td class='{_e(r['severity'])}'>{_e(r['severity'])}</td><td>{_e(r['message'])}</td>"
        f"<td><code>{_e(r['code'])}</code></td><td class='n'>{r['n']}</td><td style='width:160px'>"
        f"<div class='bar' style='width:{max(2, int(150 * r['n'] / top))}px;"
        f"background:{_COLORS.get(str(r['severity']), '#000')}'></div></td></tr>"
        for r in counts.iter_rows(named=True)
    )
    return (
        "<h2>Issues by kind</h2><table><tr><th>severity</th><th>message</th><th>code</th>"
        f"<th class='n'>count</th><th></th></tr>{rows}</table>"
    )


def _options(values: pl.Series) -> str:
    distinct = sorted({str(v) for v in values.drop_nulls().to_list()})
    return "".join(f"<option>{_e(v)}</option>" for v in distinct)


def _listed_html(issues: pl.DataFrame, limit: int) -> str:
    needing = issues.filter(pl.col("severity") != "info")
    listed = needing.head(limit)
    rows = "".join(
        f"<tr data-sev='{_e(r['severity'])}' data-col='{_e(r['column'])}' "
        f"data-code='{_e(r['code'])}'><td class='{_e(r['severity'])}'>{_e(r['severity'])}</td>"
        f"<td>{_e(r['source'])}</td><td>{_e(r['sheet'])}</td><td class='n'>{_e(r['row'])}</td>"
        f"<td>{_e(r['column'])}</td><td title='{_e(r['message'])}'>{_e(r['message'])}</td>"
        f"<td>{_e(r['value'])}</td><td>{_e(r['suggestion'])}</td><td><code>{_e(r['code'])}"
        "</code></td></tr>"
        for r in listed.iter_rows(named=True)
    )
    more = (
        f"<p class='muted'>The first {limit} of {needing.height} are listed;"
        " issues.csv has all.</p>"
        if needing.height > limit
        else ""
    )
    filters = (
        "<div id='filters'><select id='f-sev'><option value=''>every severity</option>"
        "<option>error</option><option>warning</option></select>"
        f"<select id='f-col'><option value=''>every column</option>{_options(listed['column'])}"
        f"</select><select id='f-code'><option value=''>every code</option>"
        f"{_options(listed['code'])}</select><input id='f-q' type='search' placeholder='search'>"
        f"<span class='muted'><span id='f-n'>{listed.height}</span> shown</span></div>"
    )
    head = "".join(
        f"<th>{h}</th>"
        for h in ("severity", "file", "sheet", "row", "column", "message", "value", "suggestion")
    )
    return (
        f"<h2>To look at ({needing.height})</h2>{filters}{more}<table id='issues'><thead><tr>"
        f"{head}<th>code</th></tr></thead><tbody>{rows}</tbody></table>"
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
    return (
        f"<h2>Routine changes ({infos.height})</h2><table><tr><th>column</th><th>what</th>"
        f"<th class='n'>cells</th><th>examples</th></tr>{rows}</table>"
    )


def _profile_html(frame: pl.DataFrame) -> str:
    profile = column_profile(frame)
    total = max(frame.height, 1)
    rows = "".join(
        f"<tr><td>{_e(r['column'])}</td><td class='n'>{r['filled']}</td>"
        f"<td class='n'>{100 * r['filled'] // total}%</td><td class='n'>{r['distinct']}</td>"
        f"<td class='muted'>{_e(r['most_common'])}</td></tr>"
        for r in profile.iter_rows(named=True)
    )
    return (
        "<h2>Columns</h2><table><tr><th>field</th><th class='n'>filled</th><th class='n'>%</th>"
        f"<th class='n'>distinct</th><th>most common</th></tr>{rows}</table>"
    )


def report_page(
    report: Report,
    *,
    summary: ExportSummary | None = None,
    files: Sequence[str] = (),
    lang: str | None = None,
    limit: int = MAX_LISTED,
) -> str:
    """The whole page as a string (no external resources)."""
    issues = translate_issues(report.issues, resolve_lang(lang))
    s = report.summary
    head = (
        f"<h1>clientmig report: {_e(report.target)}</h1><p>{s['rows']} rows: "
        f"<b style='color:#1b7f3a'>{s['valid']} imported</b>, "
        f"<b class='error'>{s['rejected']} rejected</b>; {s['issues']['error']} errors, "
        f"{s['issues']['warning']} warnings, {s['issues']['info']} routine changes.</p>"
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
        "<!doctype html><html><head><meta charset='utf-8'><title>clientmig report</title>"
        f"<style>{_STYLE}</style></head><body>{body}<script>{_SCRIPT}</script></body></html>"
    )
