"""Widgets in Dutch and French in a real JupyterLab: the labels show translated and a choice made
by its translated label reaches the kernel as its code (read back through the probe cell).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.browser import lab
from tests.browser.test_widgets_browser import _notebook

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]


def test_link_fixer_in_dutch(
    page: Any, lab_server: lab.LabServer, screenshot: Callable[..., Path]
) -> None:
    name = _notebook(
        lab_server,
        "links_nl.ipynb",
        [
            "def prep(sheet, t):\n"
            "    raw = cm.read(SAMPLES + '/karbon_messy.xlsx', sheet=sheet)\n"
            "    m = cm.suggest_mapping(raw, t)\n"
            "    return cm.clean(m.apply(raw), columns=m.column_of()).frame\n"
            "orgs = prep('Organizations', 'karbon.organizations')\n"
            "people = prep('People', 'karbon.people')\n"
            "links = cm.check_links(people, orgs)\n"
            "from clientmig.widgets import LinkFixer\n"
            "names = orgs['organization_name'].drop_nulls().to_list()\n"
            "fixer = LinkFixer(links, names, lang='nl')\nfixer"
        ],
        "fixer.decisions.created()",
    )
    lab.open_and_run(page, lab_server, name, ".cm-links")
    widget = page.locator(".cm-links")
    assert "Koppelingen 'hoort bij'" in widget.inner_text()
    assert "'Hoort bij' zoals geschreven" in widget.inner_text()
    orphan = page.locator(".cm-links .cm-row", has_text="Nergens Te Vinden BV")
    assert "zonder organisatie" in orphan.inner_text()
    orphan.locator(".cm-link-action select").select_option(label="aanmaken")
    page.wait_for_timeout(300)
    assert lab.kernel_state(page)["state"] == ["Nergens Te Vinden BV"]
    screenshot(widget, "link_fixer_nl")
    orphan.locator("button.cm-link-undo").click()
    page.wait_for_timeout(300)
    assert lab.kernel_state(page)["state"] == []
    assert "onbeslist" in orphan.locator(".cm-link-action select").inner_text()


def test_issue_browser_in_french(
    page: Any, lab_server: lab.LabServer, screenshot: Callable[..., Path]
) -> None:
    name = _notebook(
        lab_server,
        "issues_fr.ipynb",
        [
            "raw = cm.read(SAMPLES + '/belgian_clients.csv')\n"
            "m = cm.suggest_mapping(raw, 'karbon')\n"
            "c = cm.clean(m.apply(raw), columns=m.column_of())\n"
            "report = cm.validate(c.frame, 'karbon', issues=c.issues, columns=m.column_of())\n"
            "from clientmig.widgets import IssueBrowser\n"
            "browser = IssueBrowser(report, lang='fr')\n"
            # the sample has no error left (optional values are left out with a warning)
            "browser.severity.value = 'warning'\nbrowser"
        ],
        "[f.value for f in browser.fixes.items]",
    )
    lab.open_and_run(page, lab_server, name, ".cm-issues .cm-group-row")
    widget = page.locator(".cm-issues")
    assert "Problèmes pour" in widget.inner_text()
    assert "regroupés par code" in widget.inner_text()
    page.locator(".cm-code select").select_option("email.missing_tld")
    page.locator("button.cm-accept").click()
    page.wait_for_timeout(300)
    assert lab.kernel_state(page)["state"] == ["sofie.vandenberghe@telenet.be"]
    assert "1 suggestion(s) acceptée(s)" in page.locator(".cm-issues .cm-status").inner_text()
    assert "page 1 sur 1" in widget.inner_text()
    screenshot(widget, "issue_browser_fr")
