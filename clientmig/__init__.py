"""clientmig: messy client-list exports in, import-ready files for practice platforms out.

The façade re-exports the pipeline, loaded on first use so that ``import clientmig`` stays light
and never imports ipywidgets, IPython or traitlets::

    import clientmig as cm

    raw = cm.read("sample_data/karbon_messy.xlsx", sheet="People")
    mapping = cm.suggest_mapping(raw, target="karbon.people")
    people = raw.pipe(cm.apply_mapping, mapping).pipe(cm.clean, target="karbon.people")
    report = cm.validate(people, target="karbon.people")
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    "ColumnMapping": "clientmig.mapping",
    "Issue": "clientmig.issues",
    "ReadResult": "clientmig.io",
    "Target": "clientmig.targets",
    "apply_mapping": "clientmig.mapping",
    "detect_source": "clientmig.sources",
    "read": "clientmig.io",
    "read_table": "clientmig.io",
    "read_workbook": "clientmig.io",
    "suggest_mapping": "clientmig.mapping",
    "target": "clientmig.targets",
    "targets": "clientmig.targets",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from clientmig.io import ReadResult as ReadResult
    from clientmig.io import read as read
    from clientmig.io import read_table as read_table
    from clientmig.io import read_workbook as read_workbook
    from clientmig.issues import Issue as Issue
    from clientmig.mapping import ColumnMapping as ColumnMapping
    from clientmig.mapping import apply_mapping as apply_mapping
    from clientmig.mapping import suggest_mapping as suggest_mapping
    from clientmig.sources import detect_source as detect_source
    from clientmig.targets import Target as Target
    from clientmig.targets import target as target
    from clientmig.targets import targets as targets


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
