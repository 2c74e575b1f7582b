"""Duplicate detection and merging for client lists.

``find_duplicates`` blocks, compares and scores record pairs with a Fellegi-Sunter model fitted
to the data, and clusters them without chaining; ``ClusterDecision`` records a reviewer's verdict
by member lineage so it replays on the next run; ``merge_duplicates`` builds golden records and a
crosswalk (``golden_records`` adds per-field provenance); each takes several inputs.
``review_queue`` orders the clusters that need a person (``reviewer_share`` splits it between
reviewers, ``merge_decision_files`` merges their files with conflicts shown) and
``explain_clusters`` says in words why records matched.
"""

from __future__ import annotations

from clientmig.dedupe.compare import default_fields
from clientmig.dedupe.decisions import (
    ClusterDecision,
    DecisionConflict,
    MergedDecisions,
    StaleDecision,
    load_decisions,
    merge_decision_files,
    merge_decisions,
    resolve_decisions,
    save_decisions,
)
from clientmig.dedupe.explain import explain_clusters, explain_pairs
from clientmig.dedupe.find import Duplicates, Threshold, find_duplicates
from clientmig.dedupe.merge import Golden, MergeRules, golden_records, merge_duplicates
from clientmig.dedupe.model import MatchModel
from clientmig.dedupe.review import review_queue, reviewer_share

__all__ = [
    "ClusterDecision",
    "DecisionConflict",
    "Duplicates",
    "Golden",
    "MatchModel",
    "MergeRules",
    "MergedDecisions",
    "StaleDecision",
    "Threshold",
    "default_fields",
    "explain_clusters",
    "explain_pairs",
    "find_duplicates",
    "golden_records",
    "load_decisions",
    "merge_decision_files",
    "merge_decisions",
    "merge_duplicates",
    "resolve_decisions",
    "review_queue",
    "reviewer_share",
    "save_decisions",
]
