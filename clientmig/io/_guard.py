"""Limits checked before a reader runs: file size, zip bombs, sheet dimensions, cell counts.

A workbook is a zip of XML parts. The Rust reader trusts a sheet's declared ``<dimension>`` and
a part's declared size, so a 40 kB file that claims ``A1:XFD1048576`` or inflates to 2 GB can
exhaust memory and abort the process. :func:`check_workbook` reads only the zip directory and the
first bytes of each sheet, and raises :class:`~clientmig.errors.ReadError` with the limit to
raise (``--max-input-mb``, ``--max-cells``, ``--max-ratio``) before any reader is called.
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from clientmig._excel import col_number
from clientmig.errors import ReadError

_MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """What clientmig agrees to read; raise one with :func:`read_limits` or the CLI flags."""

    max_input_mb: float = 512.0
    max_uncompressed_mb: float = 2048.0
    max_ratio: float = 200.0
    max_cells: int = 100_000_000

    def __post_init__(self) -> None:
        for name in ("max_input_mb", "max_uncompressed_mb", "max_ratio", "max_cells"):
            if not getattr(self, name) > 0:
                msg = f"the read limit {name} must be positive, not {getattr(self, name)!r}."
                raise ReadError(msg)


_DEFAULT = ReadLimits()
_LIMITS: ContextVar[ReadLimits | None] = ContextVar("clientmig_read_limits", default=None)


def current_limits() -> ReadLimits:
    """The limits in force."""
    return _LIMITS.get() or _DEFAULT


@contextlib.contextmanager
def read_limits(**changes: float | None) -> Iterator[ReadLimits]:
    """Raise or lower read limits for the reads inside the block.

    >>> with read_limits(max_cells=2_000_000_000):  # doctest: +SKIP
    ...     cm.read("huge.xlsx")
    """
    given = {k: v for k, v in changes.items() if v is not None}
    limits = replace(current_limits(), **given)  # type: ignore[arg-type]
    token = _LIMITS.set(limits)
    try:
        yield limits
    finally:
        _LIMITS.reset(token)


def check_size(size: int, name: str) -> None:
    """Refuse a file larger than ``max_input_mb``."""
    limit = current_limits().max_input_mb
    if size > limit * _MB:
        msg = (
            f"{name} is {size / _MB:,.0f} MB, more than the limit of {limit:,.0f} MB; "
            "raise it with --max-input-mb if the file is really this large."
        )
        raise ReadError(msg)


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3})?(\d+)?:?([A-Z]{1,3})?(\d+)?\"")


def check_workbook(data: bytes, name: str) -> None:
    """Check a workbook's zip directory and sheet dimensions against the limits."""
    limits = current_limits()
    check_size(len(data), name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            total = sum(i.file_size for i in infos)
            if total > limits.max_uncompressed_mb * _MB:
                msg = (
                    f"{name} unpacks to {total / _MB:,.0f} MB, more than the limit of "
                    f"{limits.max_uncompressed_mb:,.0f} MB; raise it with --max-uncompressed-mb."
                )
                raise ReadError(msg)
            for info in infos:
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > _MB and ratio > limits.max_ratio:
                    msg = (
                        f"{name}: the part {info.filename} is compressed {ratio:,.0f} to 1 (a zip "
                        f"bomb?), more than the limit of {limits.max_ratio:,.0f}; raise it with "
                        "--max-ratio if the file is genuine."
                    )
                    raise ReadError(msg)
            for info in infos:
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    _check_dimension(z, info, name, limits.max_cells)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
        msg = f"{name} is not a readable Excel workbook (damaged zip: {exc})."
        raise ReadError(msg) from None


def _check_dimension(z: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, max_cells: int) -> None:
    with z.open(info) as fh:
        head = fh.read(4096)
    found = _DIMENSION.search(head)
    if not found or not found.group(3):
        return
    first_col, first_row, last_col, last_row = found.groups()
    cols = col_number(last_col.decode()) - col_number((first_col or b"A").decode()) + 1
    rows = int(last_row or b"1") - int(first_row or b"1") + 1
    cells = max(cols, 1) * max(rows, 1)
    if cells > max_cells:
        sheet = info.filename.rsplit("/", 1)[-1]
        ref = found.group(0).split(b'"')[1].decode()
        msg = (
            f"{name}: {sheet} declares the range {ref} ({cells:,} cells), more than the limit "
            f"of {max_cells:,} cells; raise it with --max-cells if the sheet is really this big."
        )
        raise ReadError(msg)


def count_csv_records(body: bytes | np.ndarray[Any, Any]) -> int:
    """Count the records of CSV bytes without parsing them: line feeds outside quoted fields.

    Independent of the parsers, so a record a parser swallowed shows as a difference. In RFC
    4180 CSV every quoted field holds an even number of quotes (``""`` escapes one), so a line
    feed is inside a field exactly when an odd number of quotes comes before it. A last line
    without a line feed counts. (A stray quote inside an unquoted cell, ``5" screen``, breaks
    that rule; :func:`clientmig.io` then asks the csv module for a second opinion.)
    """
    data = body if isinstance(body, np.ndarray) else np.frombuffer(body, dtype=np.uint8)
    if not data.size:
        return 0
    feeds = np.flatnonzero(data == ord("\n"))
    quotes = np.flatnonzero(data == ord('"'))
    if quotes.size:
        feeds = feeds[np.searchsorted(quotes, feeds) % 2 == 0]
    records = int(feeds.size)
    if not feeds.size or int(feeds[-1]) < data.size - 1:  # text after the last line feed
        records += 1
    return records
