"""Every widget driven in a real JupyterLab in headless Chromium: a click changes the decision
on the kernel side (read back through the probe cell). Screenshots: test-artifacts/screenshots/.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.browser import lab
from tests.conftest import SAMPLES

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

ROOT = Path(__file__).resolve().parents[2]

# The kernel imports this checkout's clientmig (not whichever one is installed).
SETUP = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
import polars as pl
import clientmig as cm
SAMPLES = {str(SAMPLES)!r}
"""


def _notebook(server: lab.LabServer, name: str, cells: list[str], probe: str) -> str:
    lab.write_notebook(
        server.root / name,
        [SETUP, *cells, f"def probe_state():\n    return {probe}", lab.PROBE_CELL],
    )
    return name


def test_mapping_widget(
    page: Any, lab_server: lab.LabServer, screenshot: Callable[..., Path]
) -> None:
    name = _notebook(
        lab_server,
        "mapping.ipynb",
        [
            "raw = cm.read(SAMPLES + '/belgian_clients.csv')\n"
            "from clientmig.widgets import MappingWidget\n"
            "widget = MappingWidget(raw, 'karbon')\nwidget"
        ],
        "{'Taal': [widget.mapping.rule('Taal').action, widget.mapping.rule('Taal').field]}",
    )
    lab.open_and_run(page, lab_server, name, ".cm-mapping")
    assert lab.kernel_state(page)["state"]["Taal"] == ["ignore", None]
    field = page.locator(".cm-col-taal .cm-field input")  # a searchable box, grouped by table
    field.fill("Other › notes")
    field.press("Enter")
    page.wait_for_timeout(300)
    assert lab.kernel_state(page)["state"]["Taal"] == ["sync", "notes"]
    screenshot(page.locator(".cm-mapping"), "mapping_widget")


def test_issue_browser(
    page: Any, lab_server: lab.LabServer, screenshot: Callable[..., Path]
) -> None:
    name = _notebook(
        lab_server,
        "issues.ipynb",
        [
            "raw = cm.read(SAMPLES + '/belgian_clients.csv')\n"
            "m = cm.suggest_mapping(raw, 'karbon')\n"
            "c = cm.clean(m.apply(raw), columns=m.column_of())\n"
            "report = cm.validate(c.frame, 'karbon', issues=c.issues, columns=m.column_of())\n"
            "from clientmig.widgets import IssueBrowser\n"
            "browser = IssueBrowser(report)\n"
            # the sample has no error left (optional values are left out with a warning)
            "browser.severity.value = 'warning'\nbrowser"
        ],
        "[f.value for f in browser.fixes.items]",
    )
    lab.open_and_run(page, lab_server, name, ".cm-issues .cm-group-row")
    screenshot(page.locator(".cm-issues"), "issue_browser_open")  # errors grouped by code
    page.locator(".cm-code select").select_option("email.missing_tld")
    page.locator("button.cm-accept").click()
    page.wait_for_timeout(300)
    assert lab.kernel_state(page)["state"] == ["sofie.vandenberghe@telenet.be"]
    screenshot(page.locator(".cm-issues"), "issue_browser")


def test_link_fixer(page: Any, lab_server: lab.LabServer, screenshot: Callable[..., Path]) -> None:
    name = _notebook(
        lab_server,
        "links.ipynb",
        [
            "def prep(sheet, t):\n"
            "    raw = cm.read(SAMPLES + '/karbon_messy.xlsx', sheet=sheet)\n"
            "    m = cm.suggest_mapping(raw, t)\n"
            "    return cm.clean(m.apply(raw), columns=m.column_of()).frame\n"
            "orgs = prep('Organizations', 'karbon.organizations')\n"
            "people = prep('People', 'karbon.people')\n"
            "links = cm.check_links(people, orgs)\n"
            "from clientmig.widgets import LinkFixer\n"
            "fixer = LinkFixer(links, orgs['organization_name'].drop_nulls().to_list())\nfixer"
        ],
        "fixer.decisions.created()",
    )
    lab.open_and_run(page, lab_server, name, ".cm-links")
    assert lab.kernel_state(page)["state"] == []
    orphan = page.locator(".cm-links .cm-row", has_text="Nergens Te Vinden BV")
    orphan.locator(".cm-link-action select").select_option("create")
    page.wait_for_timeout(300)
    assert lab.kernel_state(page)["state"] == ["Nergens Te Vinden BV"]
    screenshot(page.locator(".cm-links"), "link_fixer")
    orphan.locator("button.cm-link-undo").click()  # back to undecided
    page.wait_for_timeout(300)
    assert lab.kernel_state(page)["state"] == []
    assert orphan.locator(".cm-link-action select").input_value() == "undecided"


def test_cluster_review(
    page: Any, lab_server: lab.LabServer, screenshot: Callable[..., Path]
) -> None:
    name = _notebook(
        lab_server,
        "clusters.ipynb",
        [
            "frames = []\n"
            "for f in ('belgian_clients.csv', 'crm_contacts.csv'):\n"
            "    raw = cm.read(SAMPLES + '/' + f)\n"
            "    m = cm.suggest_mapping(raw, 'canonical')\n"
            "    frames.append(cm.clean(m.apply(raw), columns=m.column_of()).frame)\n"
            "people = pl.concat(frames, how='diagonal_relaxed')\n"
            "people = people.filter(pl.col('record_type') == 'person').select(\n"
            "    'first_name', 'last_name', 'email', 'date_of_birth', 'street', 'city',\n"
            "    '_source', '_sheet', '_row')\n"
            "dups = cm.find_duplicates(people, entity='person')\n"
            "from clientmig.widgets import ClusterReview\n"
            "review = ClusterReview(people, dups, show_sure=True)\nreview"
        ],
        "[d.verdict for d in review.decisions]",
    )
    lab.open_and_run(page, lab_server, name, ".cm-clusters")
    screenshot(page.locator(".cm-clusters"), "cluster_review")
    page.locator("button.cm-accept").click()
    page.wait_for_timeout(300)
    page.locator("button.cm-distinct").click()
    page.wait_for_timeout(300)
    assert lab.kernel_state(page)["state"] == ["accept", "distinct"]
    assert "2 of" in page.locator(".cm-clusters .cm-status").inner_text()


def test_diff_review(page: Any, lab_server: lab.LabServer, screenshot: Callable[..., Path]) -> None:
    name = _notebook(
        lab_server,
        "diff.ipynb",
        [
            "raw = cm.read(SAMPLES + '/karbon_messy.xlsx', sheet='Organizations')\n"
            "m = cm.suggest_mapping(raw, 'karbon.organizations')\n"
            "incoming = cm.clean(m.apply(raw), columns=m.column_of()).frame\n"
            "ex = cm.read(SAMPLES + '/platform_export.csv')\n"
            "pm = cm.suggest_mapping(ex, 'karbon.organizations')\n"
            "existing = cm.clean(pm.apply(ex), columns=pm.column_of()).frame\n"
            "rec = cm.reconcile(incoming, existing)\n"
            "from clientmig.widgets import DiffReview\n"
            "review = DiffReview(rec)\nreview"
        ],
        "{'fields': list(review.choice.fields),\n"
        "        'changes': rec.chosen_changes(review.choice).height}",
    )
    lab.open_and_run(page, lab_server, name, ".cm-diff-review")
    assert lab.kernel_state(page)["state"]["fields"] == []
    page.locator(".cm-field-email input").check()
    page.wait_for_timeout(300)
    state = lab.kernel_state(page)["state"]
    assert state["fields"] == ["email"]
    assert state["changes"] > 0
    screenshot(page.locator(".cm-diff-review"), "diff_review")
    page.locator(".cm-diff-review .cm-cell.cm-over").first.click()  # keep one client's e-mail
    page.wait_for_timeout(300)
    assert lab.kernel_state(page)["state"]["changes"] == state["changes"] - 1
    page.locator(".cm-diff-review button.cm-record-undo:not([disabled])").first.click()
    page.wait_for_timeout(300)
    assert lab.kernel_state(page)["state"]["changes"] == state["changes"]  # undone
