"""National numbers masked by value, wherever they appear in text clientmig writes for people to
read (issues, reports, logs, summaries, the terminal): not only in the national-number column,
but in a notes cell, a name, a message or a file name.

A candidate is a run of 8 to 13 digits, optionally grouped by single spaces, dots, dashes or
slashes (``85.07.30-033.28``, ``850730 033 28``), standing alone (no letter, digit or ``+``
touching it: ``+32 475 12 34 56`` is a phone number). It is masked with the one mask format
(:func:`clientmig._text.mask`: every digit but the last two) when python-stdnum accepts it as a
national number of a country in :data:`FREE_TEXT_COUNTRIES`.
Only distinct candidates are checked; text without a long digit run is never touched.
"""

from __future__ import annotations

import functools
import logging
import re
from typing import TextIO

import polars as pl

from clientmig._polars import via_distinct
from clientmig._text import mask
from clientmig.validators.national_id import REGISTRY

_CANDIDATE_RE = re.compile(
    r"(?<![0-9A-Za-z+])(?<!\d[ ./\-])\d(?:[ ./\-]?\d){7,12}(?![0-9A-Za-z])(?![ ./\-]\d)"
)
# Countries whose numbers carry a real check (mod 97, the 11-test, a checksum digit): a random
# digit run seldom passes. Numbers that any date or any 9 digits satisfy (DK, US) are masked in
# their own column only.
FREE_TEXT_COUNTRIES = ("BE", "NL", "FR", "RO", "DE", "LV")
# A cheap vectorised pre-filter: only values with 8 digits close together go to Python.
_HAS_RUN = r"\d(?:[ ./\-]?\d){7}"


# A Dutch BSN is nine digits that pass the 11-test: one in eleven nine-digit runs does, and so
# would a Belgian landline ("02 511 22 33") or a Luxembourg mobile ("621 123 456"). In free text
# it counts only as the Dutch write it: nine digits in a row, or 1234.56.782.
_BSN_SHAPE = re.compile(r"\d{9}|\d{4}[ .]\d{2}[ .]\d{3}")


@functools.lru_cache(maxsize=65_536)
def is_national_number(candidate: str) -> bool:
    """Return whether ``candidate`` is a valid national number of a registry country.

    >>> is_national_number("85.07.30-033.28"), is_national_number("111222333")
    (True, True)
    >>> is_national_number("02 511 22 35")  # passes the 11-test, yet a phone number
    False
    """
    digits = re.sub(r"\D", "", candidate)
    return any(
        m.is_valid(digits)
        for c in FREE_TEXT_COUNTRIES
        if c != "NL" or _BSN_SHAPE.fullmatch(candidate)
        for m in REGISTRY[c]
    )


def mask_text(text: str) -> str:
    """Mask every valid national number in ``text``.

    >>> mask_text("Notes: NN 85.07.30-033.28, call +32 475 12 34 56")
    'Notes: NN **.**.**-***.28, call +32 475 12 34 56'
    """
    if not text or not re.search(_HAS_RUN, text):
        return text
    return _CANDIDATE_RE.sub(
        lambda m: str(mask(m.group(0))) if is_national_number(m.group(0)) else m.group(0), text
    )


def mask_text_expr(expr: pl.Expr) -> pl.Expr:
    """Vectorised :func:`mask_text`: Python runs only on distinct values holding a digit run."""
    text = expr.cast(pl.String)
    suspect = text.str.contains(_HAS_RUN).fill_null(value=False)
    masked = via_distinct(pl.when(suspect).then(text), mask_text, pl.String)
    return pl.when(suspect).then(masked).otherwise(text)


def mask_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text column of ``frame`` with national numbers masked (other columns unchanged)."""
    texts = [c for c, t in frame.schema.items() if t == pl.String]
    if not texts or not frame.height:
        return frame
    return frame.with_columns(mask_text_expr(pl.col(c)).alias(c) for c in texts)


class MaskingFilter(logging.Filter):
    """A logging filter that masks national numbers in every message it passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Render the message, mask it, keep the record."""
        record.msg, record.args = mask_text(record.getMessage()), None
        return True


class MaskingStream:
    """A text stream that masks national numbers in what is written to it (the terminal)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        """Write ``text`` masked."""
        return self._stream.write(mask_text(text))

    def flush(self) -> None:
        """Flush the underlying stream."""
        self._stream.flush()

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)
