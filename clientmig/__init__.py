"""clientmig: messy client-list exports in, import-ready files for practice platforms out.

The façade re-exports the pipeline, loaded on first use so that ``import clientmig`` stays light
and never imports ipywidgets, IPython or traitlets::

    import clientmig as cm

    raw = cm.read("sample_data/karbon_messy.xlsx", sheet="People")
    result = cm.read_table("sample_data/belgian_clients.csv")   # + encoding, issues, source
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    "Issue": "clientmig.issues",
    "ReadResult": "clientmig.io",
    "Recipe": "clientmig.recipe",
    "RecipeInput": "clientmig.recipe",
    "SourceMatch": "clientmig.sources",
    "detect_source": "clientmig.sources",
    "read": "clientmig.io",
    "read_table": "clientmig.io",
    "read_workbook": "clientmig.io",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from clientmig.io import ReadResult as ReadResult
    from clientmig.io import read as read
    from clientmig.io import read_table as read_table
    from clientmig.io import read_workbook as read_workbook
    from clientmig.issues import Issue as Issue
    from clientmig.recipe import Recipe as Recipe
    from clientmig.recipe import RecipeInput as RecipeInput
    from clientmig.sources import SourceMatch as SourceMatch
    from clientmig.sources import detect_source as detect_source


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        msg = f"module 'clientmig' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
