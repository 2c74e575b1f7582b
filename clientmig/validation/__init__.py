"""What an import may hold: the target's rules, admission of rows and values, the report and its
decisions (fixes accepted or undone).
"""

from __future__ import annotations

from clientmig.validation.checks import issue_columns as issue_columns
from clientmig.validation.checks import validate as validate
from clientmig.validation.report import Fix as Fix
from clientmig.validation.report import Fixes as Fixes
from clientmig.validation.report import Report as Report
from clientmig.validation.report import apply_fixes as apply_fixes

__all__ = [
    "Fix",
    "Fixes",
    "Report",
    "apply_fixes",
    "issue_columns",
    "validate",
]
