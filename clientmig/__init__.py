"""clientmig: messy client-list exports in, import-ready files for practice platforms out.

The façade re-exports the pipeline, loaded on first use so that ``import clientmig`` stays light
and never imports ipywidgets, IPython or traitlets::

    import clientmig as cm

    raw = cm.read("sample_data/belgian_clients.csv")
    mapping = cm.suggest_mapping(raw, "karbon")
    cleaned = cm.clean(mapping.apply(raw), columns=mapping.column_of())
    report = cm.validate(cleaned.frame, "karbon", issues=cleaned.issues)
    cm.export_files(report, "karbon", "out/")
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    "CleanOptions": "clientmig.cleaning",
    "Cleaned": "clientmig.cleaning",
    "ClusterDecision": "clientmig.dedupe",
    "ColumnMapping": "clientmig.mapping",
    "Duplicates": "clientmig.dedupe",
    "Fixes": "clientmig.validation",
    "Issue": "clientmig.issues",
    "LinkDecisions": "clientmig.links",
    "Links": "clientmig.links",
    "OverwriteChoice": "clientmig.reconciliation",
    "ReadResult": "clientmig.io",
    "Recipe": "clientmig.pipeline",
    "RecipeInput": "clientmig.pipeline",
    "Reconciliation": "clientmig.reconciliation",
    "Report": "clientmig.validation",
    "RunResult": "clientmig.pipeline",
    "SourceMatch": "clientmig.io",
    "Target": "clientmig.target_schemas",
    "apply_fixes": "clientmig.validation",
    "apply_link_fixes": "clientmig.links",
    "check_links": "clientmig.links",
    "clean": "clientmig.cleaning",
    "detect_source": "clientmig.io",
    "export_files": "clientmig.export.platform",
    "find_duplicates": "clientmig.dedupe",
    "merge_duplicates": "clientmig.dedupe",
    "platform": "clientmig.target_schemas",
    "prepare": "clientmig.pipeline",
    "read": "clientmig.io",
    "read_table": "clientmig.io",
    "read_workbook": "clientmig.io",
    "reconcile": "clientmig.reconciliation",
    "run": "clientmig.pipeline",
    "suggest_mapping": "clientmig.mapping",
    "target": "clientmig.target_schemas",
    "targets": "clientmig.target_schemas",
    "validate": "clientmig.validation",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from clientmig.cleaning import Cleaned as Cleaned
    from clientmig.cleaning import CleanOptions as CleanOptions
    from clientmig.cleaning import clean as clean
    from clientmig.dedupe import ClusterDecision as ClusterDecision
    from clientmig.dedupe import Duplicates as Duplicates
    from clientmig.dedupe import find_duplicates as find_duplicates
    from clientmig.dedupe import merge_duplicates as merge_duplicates
    from clientmig.export.platform import export_files as export_files
    from clientmig.io import ReadResult as ReadResult
    from clientmig.io import SourceMatch as SourceMatch
    from clientmig.io import detect_source as detect_source
    from clientmig.io import read as read
    from clientmig.io import read_table as read_table
    from clientmig.io import read_workbook as read_workbook
    from clientmig.issues import Issue as Issue
    from clientmig.links import LinkDecisions as LinkDecisions
    from clientmig.links import Links as Links
    from clientmig.links import apply_link_fixes as apply_link_fixes
    from clientmig.links import check_links as check_links
    from clientmig.mapping import ColumnMapping as ColumnMapping
    from clientmig.mapping import suggest_mapping as suggest_mapping
    from clientmig.pipeline import Recipe as Recipe
    from clientmig.pipeline import RecipeInput as RecipeInput
    from clientmig.pipeline import RunResult as RunResult
    from clientmig.pipeline import prepare as prepare
    from clientmig.pipeline import run as run
    from clientmig.reconciliation import OverwriteChoice as OverwriteChoice
    from clientmig.reconciliation import Reconciliation as Reconciliation
    from clientmig.reconciliation import reconcile as reconcile
    from clientmig.target_schemas import Target as Target
    from clientmig.target_schemas import platform as platform
    from clientmig.target_schemas import target as target
    from clientmig.target_schemas import targets as targets
    from clientmig.validation import Fixes as Fixes
    from clientmig.validation import Report as Report
    from clientmig.validation import apply_fixes as apply_fixes
    from clientmig.validation import validate as validate


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
