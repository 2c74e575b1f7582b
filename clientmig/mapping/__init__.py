"""Mapping an export's columns onto a target's canonical fields: suggest, decide, apply, save."""

from __future__ import annotations

from clientmig.mapping.by_values import value_kind as value_kind
from clientmig.mapping.decision import FORMAT_VERSION as FORMAT_VERSION
from clientmig.mapping.decision import PRESELECT as PRESELECT
from clientmig.mapping.decision import ColumnMapping as ColumnMapping
from clientmig.mapping.decision import ColumnRule as ColumnRule
from clientmig.mapping.decision import mappable_fields as mappable_fields
from clientmig.mapping.suggest import suggest_mapping as suggest_mapping

__all__ = [
    "FORMAT_VERSION",
    "PRESELECT",
    "ColumnMapping",
    "ColumnRule",
    "mappable_fields",
    "suggest_mapping",
    "value_kind",
]
