"""Fixtures for real-browser widget tests: one JupyterLab per session, one browser page per test.

Skipped when Debian's Chromium or Playwright is missing, so a machine without them still passes;
CI installs Chromium (.ci/run). Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import lab

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def _available() -> str | None:
    if not Path(lab.CHROMIUM).exists():
        return f"{lab.CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


@pytest.fixture(scope="session")
def lab_server() -> Iterator[lab.LabServer]:
    """A JupyterLab server for the whole session."""
    reason = _available()
    if reason:
        pytest.skip(reason)
    tmp = Path(tempfile.mkdtemp(prefix="cm-lab-"))
    server = lab.start_lab(tmp)
    try:
        yield server
    finally:
        lab.stop_lab(server)
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def browser(lab_server: lab.LabServer) -> Iterator[Any]:
    """Headless Chromium, launched once."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=lab.CHROMIUM, headless=True, args=lab.CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, lab_server: lab.LabServer) -> Iterator[Any]:
    """A fresh page that refuses every off-host request."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    pg.route(
        lambda url: not url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")),
        lambda route: route.abort(),
    )
    yield pg
    context.close()


@pytest.fixture
def screenshot() -> Any:
    """Save a screenshot of a locator (or the page) under test-artifacts/screenshots/."""

    def take(target: Any, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        target.screenshot(path=str(path))
        return path

    return take
