"""Excel's column letters (``A``, ``Z``, ``AA`` ... ``XFD``) and numbers, for the readers and the
workbook writer alike."""

from __future__ import annotations


def col_number(letters: str) -> int:
    """``A`` -> 1, ``Z`` -> 26, ``AA`` -> 27, ``XFD`` -> 16384."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def col_letters(number: int) -> str:
    """1 -> ``A``, 27 -> ``AA``."""
    out = ""
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(65 + rest) + out
    return out
