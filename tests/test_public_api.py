"""The façade: sorted ``__all__``, every name resolves, and importing it stays light."""

from __future__ import annotations

import subprocess
import sys

import clientmig


def test_all_is_sorted_and_resolves() -> None:
    assert clientmig.__all__ == sorted(clientmig.__all__)
    for name in clientmig.__all__:
        assert getattr(clientmig, name) is not None


def test_import_loads_no_notebook_ui() -> None:
    code = (
        "import sys, clientmig, clientmig.io, clientmig.cli; "
        "clientmig.read(b'a\\n1\\n'); "
        "bad = [m for m in ('ipywidgets', 'IPython', 'traitlets') if m in sys.modules]; "
        "print(bad); raise SystemExit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
