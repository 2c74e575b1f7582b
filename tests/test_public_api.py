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


def test_one_argument_vocabulary_with_the_old_names_deprecated() -> None:
    """Every public function names its platform argument ``target``; ``target_name=`` still
    works, with a DeprecationWarning."""
    import inspect
    import warnings

    import polars as pl

    import clientmig as cm

    for name in ("validate", "suggest_mapping", "export_files", "clean"):
        params = inspect.signature(getattr(cm, name)).parameters
        assert "target" in params, name
        assert "target_name" not in params, name
    frame = pl.DataFrame({"Email": ["jan@x.be"]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old = cm.suggest_mapping(frame, target_name="karbon.people")
    assert any(issubclass(w.category, DeprecationWarning) for w in caught)
    assert old == cm.suggest_mapping(frame, target="karbon.people")
