"""What an import may hold: the target's rules, admission of rows and values, the report and its
decisions (fixes accepted or undone).
"""

from __future__ import annotations

from clientmig.validation.checks import issue_columns as issue_columns
from clientmig.validation.checks import validate as validate
from clientmig.validation.fixes import Fix as Fix
from clientmig.validation.fixes import Fixes as Fixes
from clientmig.validation.fixes import apply_fixes as apply_fixes
from clientmig.validation.report import Report as Report

__all__ = [
    "Fix",
    "Fixes",
    "Report",
    "apply_fixes",
    "issue_columns",
    "validate",
]
