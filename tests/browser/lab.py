"""A JupyterLab server on loopback and a headless Debian Chromium driven by Playwright.

Recipe and pitfalls: ../shared/reference/jupyter-testing.md. Never `playwright install`: the
browser is Debian's ``/usr/bin/chromium``. Every wait has a timeout; the tests run under an outer
``pytest-timeout`` as well.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
KERNEL_READY_JS = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const sc = w && w.sessionContext;
  const k = sc && sc.isReady && sc.session && sc.session.kernel;
  return !!k && k.connectionStatus === 'connected' && k.status === 'idle';
}"""
RUN_ALL_JS = "() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }"


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_notebook(path: Path, cells: list[str]) -> Path:
    """Write a notebook of code cells (no outputs) to ``path``."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    nbformat.write(nb, path)
    return path


def _isolated_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        JUPYTER_PLATFORM_DIRS="1",
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
        JUPYTER_CONFIG_DIR=str(tmp / "config"),
        JUPYTERLAB_SETTINGS_DIR=str(tmp / "lab-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp / "lab-workspaces"),
        IPYTHONDIR=str(tmp / "ipython"),
    )
    settings = tmp / "lab-settings" / "@jupyterlab"
    (settings / "apputils-extension").mkdir(parents=True, exist_ok=True)
    (settings / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    (settings / "notebook-extension").mkdir(parents=True, exist_ok=True)
    (settings / "notebook-extension" / "tracker.jupyterlab-settings").write_text(
        json.dumps({"windowingMode": "none"})
    )
    return env


@dataclass
class LabServer:
    """A running JupyterLab; ``root`` is where test notebooks are written."""

    root: Path
    base: str
    token: str
    proc: subprocess.Popen[bytes]
    log: Path

    def url(self, notebook: str) -> str:
        """Return the URL that opens ``notebook`` in the lab."""
        # ``reset``: a fresh workspace, so the notebooks earlier tests opened are not restored
        # (run-all would otherwise act on whichever notebook the lab restored as current).
        return f"{self.base}/lab/tree/{notebook}?reset&token={self.token}"


def start_lab(tmp: Path, *, timeout: float = 90.0) -> LabServer:
    """Start JupyterLab on a free loopback port with isolated settings; wait until it answers."""
    root = tmp / "root"
    root.mkdir(parents=True, exist_ok=True)
    port, token = free_port(), secrets.token_hex(16)
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--port={port}",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}",
        f"--IdentityProvider.token={token}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--expose-app-in-browser",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = tmp / "lab-server.log"
    with log.open("w") as sink:
        proc = subprocess.Popen(
            cmd,
            cwd=root,
            env=_isolated_env(tmp),
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = LabServer(root, f"http://127.0.0.1:{port}", token, proc, log)
    deadline = time.monotonic() + timeout
    status = f"{server.base}/api/status?token={token}"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            msg = f"JupyterLab exited ({proc.returncode}): {log.read_text()[-2000:]}"
            raise RuntimeError(msg)
        try:
            with urllib.request.urlopen(status, timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    stop_lab(server)
    msg = f"JupyterLab did not answer within {timeout:.0f} s"
    raise TimeoutError(msg)


def stop_lab(server: LabServer) -> None:
    """Stop the server and its kernels (its own process group)."""
    if server.proc.poll() is None:
        os.killpg(server.proc.pid, signal.SIGTERM)
        try:
            server.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.proc.pid, signal.SIGKILL)
            server.proc.wait()


def open_and_run(page: Any, server: LabServer, notebook: str, ready_selector: str) -> None:
    """Open a notebook, wait for its kernel, run all cells and wait for ``ready_selector``."""
    page.goto(server.url(notebook))
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=90_000)
    page.wait_for_function(KERNEL_READY_JS, timeout=90_000)
    page.evaluate(RUN_ALL_JS)  # fire and forget: never await the command's promise
    # A loaded 2-core CI machine can take minutes for a first kernel to import polars and run.
    page.locator(ready_selector).first.wait_for(state="visible", timeout=300_000)


def kernel_state(page: Any) -> Any:
    """Click the notebook's probe button and return the JSON the kernel wrote into its label.

    Test notebooks end with :data:`PROBE_CELL`, whose button callback serialises kernel-side
    state, so a test asserts on what the kernel holds, not on what the page shows.
    """
    label = page.locator(".cm-probe-out")
    before = label.inner_text()
    page.locator("button.cm-probe").click()
    page.wait_for_function(
        "(before) => { const el = document.querySelector('.cm-probe-out');"
        " return el && el.innerText !== before && el.innerText.startsWith('{'); }",
        arg=before,
        timeout=30_000,
    )
    return json.loads(label.inner_text())


PROBE_CELL = """
import json as _json
import ipywidgets as _w
from IPython.display import display as _display
_probe_out = _w.Label(value="waiting")
_probe_out.add_class("cm-probe-out")
_probe = _w.Button(description="probe")
_probe.add_class("cm-probe")
_counter = {"n": 0}
def _on_probe(_):
    _counter["n"] += 1
    _probe_out.value = _json.dumps({"n": _counter["n"], "state": probe_state()}, default=str)
_probe.on_click(_on_probe)
_display(_w.HBox([_probe, _probe_out]))
"""
