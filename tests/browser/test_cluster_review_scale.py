"""ClusterReview at the size of a real review (530 clusters), in JupyterLab and headless Chromium.

It opens on the clusters that need a person (none of the sure ones), lists the sure ones when
the box is ticked, pages the queue ten at a time, opens a cluster from the list, decides, undoes
back to undecided, and decides on: the page's element count stays the same whatever was paged
or decided (the queue reuses its rows). Timings go to test-artifacts/widgets_scale_timings.json.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.browser import lab
from tests.browser.test_widgets_scale import ROW_HEIGHT, _notebook, _record, _row_boxes, _timed

pytestmark = [pytest.mark.browser, pytest.mark.timeout(420)]

CLUSTERS = """
from clientmig.dedupe.synthetic import client_list
from clientmig.widgets import ClusterReview
people = client_list(3000, seed=1).drop('_entity')
dups = cm.find_duplicates(people, entity='person')
review = ClusterReview(people, dups)
review
"""
PROBE = (
    "{'decisions': [d.verdict for d in review.decisions], 'current': review.current,\n"
    "        'queue': len(review.cluster_ids), 'page': review.page_number,\n"
    "        'page_ids': review.page()['cluster_id'].to_list(),\n"
    "        'sure': review.queue.filter(pl.col('band') == 'sure').height,\n"
    "        'review': review.queue.filter(pl.col('band') == 'review').height}"
)
NODES = "(scope) => document.querySelectorAll(scope + ' *').length"


def _label_says(page: Any, words: str) -> None:
    page.wait_for_function(
        "(words) => { const el = document.querySelector('.cm-clusters .cm-page-label');"
        " return el && el.innerText.includes(words); }",
        arg=words,
    )


def _status_says(page: Any, words: str) -> None:
    page.wait_for_function(
        "(words) => { const el = document.querySelector('.cm-clusters .cm-status');"
        " return el && el.innerText.includes(words); }",
        arg=words,
    )


def test_cluster_review_at_500_clusters(
    page: Any, lab_server: lab.LabServer, screenshot: Callable[..., Path]
) -> None:
    name = _notebook(lab_server, "clusters_scale.ipynb", [CLUSTERS], PROBE)
    start = time.perf_counter()
    lab.open_and_run(page, lab_server, name, ".cm-clusters .cm-title")
    _record("cluster_review_open_and_run_s", time.perf_counter() - start)
    state = lab.kernel_state(page)["state"]
    assert state["sure"] >= 500
    assert state["queue"] == state["review"]  # only what needs a person
    note = page.locator(".cm-clusters .cm-note").inner_text()
    assert f"{state['sure']} sure cluster(s) are merged by the rule" in note
    screenshot(page.locator(".cm-clusters"), "cluster_review_queue_uncertain")

    total = state["sure"] + state["review"]
    pages = -(-total // 10)
    _timed(
        "cluster_review_show_sure_s",
        lambda: page.locator(".cm-clusters .cm-show-sure input").check(),
        lambda: _label_says(page, f"page 1 of {pages} ({total} clusters)"),
    )
    rows = page.locator(".cm-clusters .cm-queue-row:visible")
    assert rows.count() == 10
    boxes = _row_boxes(page, ".cm-clusters .cm-queue-row")
    assert {round(b["height"]) for b in boxes} == {ROW_HEIGHT}, boxes[:3]
    assert "same" in rows.nth(0).inner_text()  # the reasons, in words
    first = lab.kernel_state(page)["state"]["page_ids"][0]
    nodes_at_start = page.evaluate(NODES, ".cm-clusters")
    queue_nodes = page.evaluate(NODES, ".cm-clusters .cm-queue")

    for number in range(2, 7):
        _timed(
            f"cluster_review_page_{number}_s",
            lambda: page.locator(".cm-clusters button.cm-page-next").click(),
            lambda n=number: _label_says(page, f"page {n} of {pages}"),
        )
    state = lab.kernel_state(page)["state"]
    assert state["page"] == 6
    assert state["queue"] == total
    third = state["page_ids"][2]
    rows.nth(2).locator("button.cm-open").click()
    page.wait_for_function(
        "(id) => document.querySelector('.cm-clusters .cm-title')"
        ".innerText.includes('Cluster ' + id)",
        arg=third,
    )
    assert lab.kernel_state(page)["state"]["current"] == third
    screenshot(page.locator(".cm-clusters"), "cluster_review_open")

    _timed(
        "cluster_review_decide_s",
        lambda: page.locator(".cm-clusters button.cm-distinct").click(),
        lambda: _status_says(page, f"1 of {total} clusters reviewed"),
    )
    state = lab.kernel_state(page)["state"]
    assert state["decisions"] == ["distinct"]
    assert state["current"] != third  # moved on to the next undecided cluster
    decided_row = rows.nth(2)
    assert "different clients" in decided_row.inner_text()
    _timed(
        "cluster_review_undo_s",
        lambda: decided_row.locator("button.cm-undo-row").click(),
        lambda: _status_says(page, f"0 of {total} clusters reviewed"),
    )
    assert lab.kernel_state(page)["state"]["decisions"] == []
    assert "undecided" in decided_row.inner_text()

    for done in range(1, 21):  # a reviewer's run through the queue
        page.locator(".cm-clusters button.cm-accept").click()
        _status_says(page, f"{done} of {total} clusters reviewed")
    state = lab.kernel_state(page)["state"]
    assert state["decisions"] == ["accept"] * 20
    for _ in range(3):
        page.locator(".cm-clusters button.cm-page-next").click()
    _label_says(page, f"of {pages}")
    assert page.evaluate(NODES, ".cm-clusters .cm-queue") == queue_nodes  # rows are reused
    screenshot(page.locator(".cm-clusters"), "cluster_review_after_decisions")
    # back where it started (page 1, its first cluster open): as many elements as then
    at = lab.kernel_state(page)["state"]["page"]
    for number in range(at - 1, 0, -1):
        page.locator(".cm-clusters button.cm-page-prev").click()
        _label_says(page, f"page {number} of {pages}")
    rows.nth(0).locator("button.cm-open").click()
    page.wait_for_function(
        "(id) => document.querySelector('.cm-clusters .cm-title')"
        ".innerText.includes('Cluster ' + id + ' ')",
        arg=first,
    )
    nodes_back = page.evaluate(NODES, ".cm-clusters")
    _record("cluster_review_dom_nodes_start", nodes_at_start)
    _record("cluster_review_dom_nodes_after_21_decisions_1_undo_and_paging", nodes_back)
    assert nodes_back <= nodes_at_start + 10, (nodes_at_start, nodes_back)
    assert page.locator(".cm-clusters .cm-queue-row").count() == 10
