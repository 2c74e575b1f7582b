"""A look at the first bytes of a file (a CSV's first lines, a workbook's shared strings)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path

_HEAD = 1 << 16
_STRINGS = 1 << 20
_SHARED = "xl/sharedStrings.xml"


def head_holds(path: str | Path, words: Iterable[str]) -> bool:
    """Whether one of ``words`` is written near the start of ``path`` (a workbook: in its
    shared strings, where header cells are), read without reading the file in full; False for
    a file that cannot be opened (the reader says what is wrong with it)."""
    try:
        if str(path).lower().endswith((".xlsx", ".xlsm")):
            with zipfile.ZipFile(path) as book:
                if _SHARED not in book.namelist():
                    return False
                with book.open(_SHARED) as fh:
                    head = fh.read(_STRINGS).decode("utf-8", "replace")
        else:
            with Path(path).open("rb") as fh:
                first = fh.read(_HEAD)
            head = first.decode("utf-8", "replace") + first.decode("cp1252", "replace")
    except (OSError, zipfile.BadZipFile):
        return False
    return any(word in head for word in words)
