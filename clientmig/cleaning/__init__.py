"""Cleaning a canonical frame: every mapped field through its validator, every fix recorded;
derived fields (names, addresses, record type) before and after.
"""

from __future__ import annotations

from clientmig.cleaning._judged import Checks as Checks
from clientmig.cleaning._judged import Cleaner as Cleaner
from clientmig.cleaning.cleaned import Cleaned as Cleaned
from clientmig.cleaning.cleaned import clean as clean
from clientmig.cleaning.options import CleanOptions as CleanOptions

__all__ = [
    "Checks",
    "CleanOptions",
    "Cleaned",
    "Cleaner",
    "clean",
]
