"""The review widgets at the size of a real review, in JupyterLab and headless Chromium.

IssueBrowser over 5,000 issues: it opens on errors grouped by code, pages a code 50 rows at a
time, searches, accepts and undoes a row, and keeps every row one line high at two window
widths (measured in the DOM). MappingWidget: the field box is searchable, grouped by table,
and ↺ puts a column back. Timings go to test-artifacts/widgets_scale_timings.json.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.browser import lab
from tests.browser.conftest import ARTIFACTS
from tests.conftest import SAMPLES

pytestmark = [pytest.mark.browser, pytest.mark.timeout(420)]

ROOT = Path(__file__).resolve().parents[2]
TIMINGS = ARTIFACTS.parent / "widgets_scale_timings.json"
ROW_HEIGHT = 28  # px, the fixed height of one issue row (clientmig/widgets/_style.py)

# The kernel imports this checkout's clientmig (not whichever one is installed).
SETUP = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
import polars as pl
import clientmig as cm
SAMPLES = {str(SAMPLES)!r}
"""

ISSUES = """
from clientmig.issues import conform
from clientmig.validation import Report
from clientmig.widgets import IssueBrowser
N = 5000
CODES = {"email.typo_domain": "error", "vat.checksum": "error", "phone.invalid": "warning",
         "name.case": "info"}
codes = [list(CODES)[i % 4] for i in range(N)]
long = "the value does not look like what this column should hold, " * 4
found = conform(pl.DataFrame({
    "source": ["klanten_" + ("a" if i % 2 else "b") + "_export_2026.xlsx" for i in range(N)],
    "row": [2 + i // 2 for i in range(N)],
    "column": ["E-mailadres van de klant" if c.startswith("email") else "Naam" for c in codes],
    "field": ["email"] * N,
    "code": codes,
    "severity": [CODES[c] for c in codes],
    "message": [f"{c}: {long}" for c in codes],
    "value": [f"person{i}.with.a.rather.long.name@gmial.com" for i in range(N)],
    "suggestion": [f"person{i}.with.a.rather.long.name@gmail.com" for i in range(N)],
}))
frame = found.select(pl.col("value").alias("email"), pl.col("source").alias("_source"),
                     pl.col("sheet").alias("_sheet"), pl.col("row").alias("_row"))
report = Report.build(frame, found, target="karbon")
browser = IssueBrowser(report)
browser
"""


def _notebook(server: lab.LabServer, name: str, cells: list[str], probe: str) -> str:
    lab.write_notebook(
        server.root / name,
        [SETUP, *cells, f"def probe_state():\n    return {probe}", lab.PROBE_CELL],
    )
    return name


def _record(name: str, seconds: float) -> None:
    TIMINGS.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(TIMINGS.read_text()) if TIMINGS.exists() else {}
    data[name] = round(seconds, 3)
    TIMINGS.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")


def _timed(name: str, action: Callable[[], object], done: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    done()
    took = time.perf_counter() - start
    _record(name, took)
    return took


ROW_BOXES_JS = """(selector) => Array.from(document.querySelectorAll(selector))
  .filter(el => el.offsetParent !== null)
  .map(el => {
    const spans = Array.from(el.querySelectorAll('.cm-line > span'));
    return {
      height: el.getBoundingClientRect().height,
      width: el.getBoundingClientRect().width,
      lines: Math.max(0, ...spans.map(s => Math.round(s.getBoundingClientRect().height))),
      clipped: spans.filter(s => s.scrollWidth > s.clientWidth).length,
    };
  })"""


def _row_boxes(page: Any, selector: str) -> list[dict[str, float]]:
    return list(page.evaluate(ROW_BOXES_JS, selector))


def test_issue_browser_at_5000_issues(
    page: Any, lab_server: lab.LabServer, screenshot: Callable[..., Path]
) -> None:
    name = _notebook(
        lab_server,
        "issues_scale.ipynb",
        [ISSUES],
        "{'fixes': len(browser.fixes), 'code': browser.code.value,\n"
        "        'page': browser.page().number, 'shown': browser.shown().height,\n"
        "        'changed': int((browser.frame['email'] != report.frame['email']).sum())}",
    )
    start = time.perf_counter()
    lab.open_and_run(page, lab_server, name, ".cm-issues .cm-group-row")
    _record("issue_browser_open_and_run_s", time.perf_counter() - start)
    groups = page.locator(".cm-issues .cm-group-row:visible")
    assert groups.count() == 2  # errors only, grouped by code
    assert "email.typo_domain" in groups.nth(0).inner_text()
    assert "1250" in groups.nth(0).inner_text()
    assert "the value does not look like" in groups.nth(0).inner_text()  # its message
    screenshot(page.locator(".cm-issues"), "issue_browser_groups")

    label = page.locator(".cm-issues .cm-page-label")
    rows = page.locator(".cm-issues .cm-issue-row:visible")
    _timed(
        "issue_browser_open_code_rows_s",
        lambda: groups.nth(0).locator("button.cm-show-code").click(),
        lambda: page.wait_for_function(
            "() => { const el = document.querySelector('.cm-issues .cm-page-label');"
            " return el && el.innerText.includes('page 1 of 25'); }"
        ),
    )
    assert rows.count() == 50
    _timed(
        "issue_browser_next_page_s",
        lambda: page.locator(".cm-issues button.cm-next").click(),
        lambda: page.wait_for_function(
            "() => document.querySelector('.cm-issues .cm-page-label')"
            ".innerText.includes('page 2 of 25')"
        ),
    )
    assert "page 2 of 25 (1250 issues)" in label.inner_text()
    state = lab.kernel_state(page)["state"]
    assert state["code"] == "email.typo_domain"
    assert state["page"] == 2

    heights = {}
    for width in (1400, 760):
        page.set_viewport_size({"width": width, "height": 2200})
        page.wait_for_timeout(400)
        boxes = _row_boxes(page, ".cm-issues .cm-issue-row")
        assert len(boxes) == 50
        assert {round(b["height"]) for b in boxes} == {ROW_HEIGHT}, boxes[:3]
        assert max(b["lines"] for b in boxes) <= ROW_HEIGHT  # no cell wraps to a second line
        assert sum(b["clipped"] for b in boxes) > 0  # long text is cut with an ellipsis
        heights[width] = {
            "rows": len(boxes),
            "height_px": sorted({round(b["height"]) for b in boxes}),
            "row_width_px": round(boxes[0]["width"]),
        }
        screenshot(page.locator(".cm-issues"), f"issue_browser_rows_{width}px")
    TIMINGS.write_text(
        json.dumps({**json.loads(TIMINGS.read_text()), "row_heights": heights}, indent=2) + "\n"
    )
    page.set_viewport_size({"width": 1400, "height": 1000})

    first = rows.nth(0)
    first.locator("button.cm-accept-row").click()
    page.wait_for_function(
        "() => document.querySelector('.cm-issues .cm-status').innerText.includes('accepted')"
    )
    state = lab.kernel_state(page)["state"]
    assert state["fixes"] == 1
    assert state["changed"] == 1
    first.locator("button.cm-undo-row").click()
    page.wait_for_function(
        "() => document.querySelector('.cm-issues .cm-status').innerText.includes('undone')"
    )
    state = lab.kernel_state(page)["state"]
    assert state["fixes"] == 0
    assert state["changed"] == 0

    search = page.locator(".cm-issues .cm-search input")
    _timed(
        "issue_browser_search_s",
        lambda: (search.fill("person124."), search.press("Enter")),
        lambda: page.wait_for_function(
            "() => document.querySelector('.cm-issues .cm-page-label')"
            ".innerText.includes('(1 issues)')"
        ),
    )
    assert rows.count() == 1
    assert "person124.with" in rows.nth(0).inner_text()
    screenshot(page.locator(".cm-issues"), "issue_browser_search")


def test_mapping_widget_search_and_undo(
    page: Any, lab_server: lab.LabServer, screenshot: Callable[..., Path]
) -> None:
    name = _notebook(
        lab_server,
        "mapping_scale.ipynb",
        [
            "raw = cm.read(SAMPLES + '/belgian_clients.csv')\n"
            "from clientmig.widgets import MappingWidget\n"
            "widget = MappingWidget(raw, 'karbon')\nwidget"
        ],
        "{'Taal': [widget.mapping.rule('Taal').action, widget.mapping.rule('Taal').field]}",
    )
    lab.open_and_run(page, lab_server, name, ".cm-mapping")
    assert lab.kernel_state(page)["state"]["Taal"] == ["ignore", None]
    box = page.locator(".cm-col-taal .cm-field input")
    options = page.evaluate(
        "() => { const i = document.querySelector('.cm-col-taal .cm-field input');"
        " return Array.from(i.list.options).map(o => o.value); }"
    )
    assert options[0] == "(no field)"
    assert options.index("Organizations › Email") < options.index("People › Email")
    assert "Other › notes" in options
    people = [o for o in options if o.startswith("People › ")]
    assert people == sorted(people, key=str.casefold)

    box.fill("not a field at all")
    box.press("Enter")
    page.wait_for_timeout(300)
    assert lab.kernel_state(page)["state"]["Taal"] == ["ignore", None]  # only options count
    box.fill("Other › notes")
    box.press("Enter")
    page.wait_for_timeout(300)
    assert lab.kernel_state(page)["state"]["Taal"] == ["sync", "notes"]
    page.set_viewport_size({"width": 1400, "height": 2000})
    page.wait_for_timeout(300)
    heights = _row_boxes(page, ".cm-mapping .cm-row")
    assert max(b["height"] for b in heights) <= 40, heights  # one line per column
    screenshot(page.locator(".cm-mapping"), "mapping_widget_search")
    page.locator(".cm-col-taal button.cm-undo-column").click()
    page.wait_for_timeout(300)
    assert lab.kernel_state(page)["state"]["Taal"] == ["ignore", None]
    assert box.input_value() == "(no field)"
