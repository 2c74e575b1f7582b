"""Notebook widgets (ipywidgets): thin views over the core's decision objects.

Each widget edits a decision through the same public methods scripts call (``ColumnMapping
.with_rule``, ``Report.accept``, ``LinkDecisions.with_decision``, ...), exposes it live
(``.mapping``, ``.fixes``, ``.decisions``) and saves it into a recipe. Importing
``clientmig`` never imports this package; it needs the ``notebook`` extra.
"""

from __future__ import annotations

from clientmig.widgets.cluster_review import ClusterReview
from clientmig.widgets.diff_review import DiffReview
from clientmig.widgets.issue_browser import IssueBrowser
from clientmig.widgets.link_fixer import LinkFixer
from clientmig.widgets.mapping_widget import MappingWidget

__all__ = ["ClusterReview", "DiffReview", "IssueBrowser", "LinkFixer", "MappingWidget"]
