"""Belongs-to links from people to organisations: exact matches, near misses and their fixes."""

from __future__ import annotations

from clientmig.links.decisions import Action as Action
from clientmig.links.decisions import LinkDecision as LinkDecision
from clientmig.links.decisions import LinkDecisions as LinkDecisions
from clientmig.links.decisions import apply_link_fixes as apply_link_fixes
from clientmig.links.issues import OWN_LINK_SHARE as OWN_LINK_SHARE
from clientmig.links.issues import check_table_links as check_table_links
from clientmig.links.issues import link_issues as link_issues
from clientmig.links.issues import merged_blank_issues as merged_blank_issues
from clientmig.links.issues import organisation_rows as organisation_rows
from clientmig.links.issues import split_table as split_table
from clientmig.links.match import FULL_SCAN_PAIRS as FULL_SCAN_PAIRS
from clientmig.links.match import MECHANICAL as MECHANICAL
from clientmig.links.match import Links as Links
from clientmig.links.match import Status as Status
from clientmig.links.match import check_links as check_links
from clientmig.links.match import typo_edits as typo_edits

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
