"""Duplicate detection and merging for client lists.

``find_duplicates`` blocks, compares and scores record pairs with a Fellegi-Sunter model fitted
to the data, and clusters them without chaining; ``ClusterDecision`` records a reviewer's verdict
by member lineage so it replays on the next run; ``merge_duplicates`` builds golden records and a
crosswalk (``golden_records`` adds per-field provenance); each takes several inputs.
"""

from __future__ import annotations

from clientmig.dedupe.compare import default_fields
from clientmig.dedupe.decisions import ClusterDecision, StaleDecision, resolve_decisions
from clientmig.dedupe.find import Duplicates, Threshold, find_duplicates
from clientmig.dedupe.merge import Golden, MergeRules, golden_records, merge_duplicates
from clientmig.dedupe.model import MatchModel

__all__ = [
    "ClusterDecision",
    "Duplicates",
    "Golden",
    "MatchModel",
    "MergeRules",
    "StaleDecision",
    "Threshold",
    "default_fields",
    "find_duplicates",
    "golden_records",
    "merge_duplicates",
    "resolve_decisions",
]
