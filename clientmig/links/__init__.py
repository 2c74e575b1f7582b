"""Belongs-to links from people to organisations: exact matches, near misses and their fixes."""

from __future__ import annotations

from clientmig.links.belongs_to import FULL_SCAN_PAIRS as FULL_SCAN_PAIRS
from clientmig.links.belongs_to import MECHANICAL as MECHANICAL
from clientmig.links.belongs_to import OWN_LINK_SHARE as OWN_LINK_SHARE
from clientmig.links.belongs_to import Action as Action
from clientmig.links.belongs_to import LinkDecision as LinkDecision
from clientmig.links.belongs_to import LinkDecisions as LinkDecisions
from clientmig.links.belongs_to import Links as Links
from clientmig.links.belongs_to import Status as Status
from clientmig.links.belongs_to import apply_link_fixes as apply_link_fixes
from clientmig.links.belongs_to import check_links as check_links
from clientmig.links.belongs_to import check_table_links as check_table_links
from clientmig.links.belongs_to import link_issues as link_issues
from clientmig.links.belongs_to import merged_blank_issues as merged_blank_issues
from clientmig.links.belongs_to import organisation_rows as organisation_rows
from clientmig.links.belongs_to import split_table as split_table
from clientmig.links.belongs_to import typo_edits as typo_edits

__all__ = [
    "FULL_SCAN_PAIRS",
    "MECHANICAL",
    "OWN_LINK_SHARE",
    "Action",
    "LinkDecision",
    "LinkDecisions",
    "Links",
    "Status",
    "apply_link_fixes",
    "check_links",
    "check_table_links",
    "link_issues",
    "merged_blank_issues",
    "organisation_rows",
    "split_table",
    "typo_edits",
]
