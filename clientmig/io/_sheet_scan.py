"""One streamed pass over a worksheet's XML: what the xlsx reader's grid does not say.

The Rust reader returns the cells as a grid starting at the first cell holding a value, without
its position, merged ranges or a way to know that no row was dropped. :func:`scan_sheet`
inflates the sheet part once, in pieces cut after a row tag, and finds with byte searches (no
per-cell Python): the position of that first cell, the merged ranges, and how many rows have
content, which the caller compares with the grid.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from clientmig._excel import col_letters, col_number

_PIECE = 1 << 24  # bytes inflated at a time: memory stays flat on a million-row sheet
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_ROOT_PREFIX = re.compile(rb"<(\w+:)?worksheet\b")
_MAX_LEFT_SEARCH = 64  # columns left of the first value searched one pattern at a time


def _cell_with_value(columns: bytes, prefix: bytes) -> re.Pattern[bytes]:
    """A cell holding a value (``<v>`` or an inline string) whose column is ``columns``."""
    p = re.escape(prefix)
    formula = rb"(?:<%bf\b[^>]*/>|<%bf\b[^>]*>[^<]*</%bf>)?" % (p, p, p)
    return re.compile(
        rb'<%bc r="(%b)(\d+)"(?:[^>]*[^>/])?>%b<%b(?:v|is)\b' % (p, columns, formula, p)
    )


@dataclass
class SheetScan:
    """What one pass over a sheet's XML found."""

    first_row: int = 1
    first_col: int = 1
    closed_rows: int = 0  # rows with content (``<row>...</row>``), with a value or not
    merges: list[tuple[str, int, str, int]] = field(default_factory=list)
    found: bool = False  # the part was there and read

    def _take(self, piece: bytes, prefix: bytes, end: int) -> None:
        """Take ``piece[:end]`` (cut after a row tag, so no cell is split)."""
        p = prefix
        self.closed_rows += piece.count(b"</%brow>" % p, 0, end)
        if piece.find(b"mergeCell", 0, end) >= 0:
            self.merges += [
                (a.decode(), int(r1), b.decode(), int(r2))
                for a, r1, b, r2 in _MERGE.findall(piece, 0, end)
            ]
        if not self.found:
            first = _cell_with_value(rb"[A-Z]{1,3}", p).search(piece, 0, end)
            if first is None:
                return
            self.found = True
            self.first_row = int(first.group(2))
            self.first_col = col_number(first.group(1).decode())
        self._leftmost(piece, p, end)

    def _leftmost(self, piece: bytes, prefix: bytes, end: int) -> None:
        """Lower ``first_col`` to any value cell left of it (rows start at their first value
        in nearly every file, so this is rarely more than one failed search)."""
        while self.first_col > 1:
            left = [col_letters(n).encode() for n in range(1, self.first_col)]
            if len(left) > _MAX_LEFT_SEARCH:
                found = [
                    col_number(m.group(1).decode())
                    for m in _cell_with_value(rb"[A-Z]{1,3}", prefix).finditer(piece, 0, end)
                ]
                self.first_col = min([self.first_col, *found])
                return
            hit = _cell_with_value(b"|".join(left), prefix).search(piece, 0, end)
            if hit is None:
                return
            self.first_col = col_number(hit.group(1).decode())


def scan_sheet(data: bytes, index: int) -> SheetScan:
    """Scan the index-th worksheet (workbook order); an empty scan if it cannot be found."""
    scan = SheetScan()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            path = sheet_part(z, index)
            if path is None:
                return scan
            info = z.getinfo(path)
        _scan_part(_inflated(data, info), scan)
    except (KeyError, zipfile.BadZipFile, zlib.error, struct.error):
        return SheetScan()
    return scan


def _inflated(data: bytes, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The part's bytes, inflated a piece at a time straight from the archive in memory.

    No CRC is computed: the xlsx reader reads the same part and fails on a damaged one; this
    pass only looks for positions and counts.
    """
    name_len, extra_len = struct.unpack(
        "<HH", data[info.header_offset + 26 : info.header_offset + 30]
    )
    start = info.header_offset + 30 + name_len + extra_len
    raw = memoryview(data)[start : start + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        for at in range(0, len(raw), _PIECE):
            yield bytes(raw[at : at + _PIECE])
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise zipfile.BadZipFile(info.filename)
    inflate = zlib.decompressobj(-zlib.MAX_WBITS)
    step = max(_PIECE // 8, 1)
    for offset in range(0, len(raw), step):
        pending: bytes | memoryview = raw[offset : offset + step]
        while pending:
            out = inflate.decompress(pending, _PIECE)  # bounded: a bomb cannot balloon here
            if out:
                yield out
            pending = inflate.unconsumed_tail
    rest = inflate.flush()
    if rest:
        yield rest


def _scan_part(pieces: Iterator[bytes], scan: SheetScan) -> None:
    carry = b""
    prefix: bytes | None = None
    for chunk in pieces:
        buffer = carry + chunk if carry else chunk
        if prefix is None:
            root = _ROOT_PREFIX.search(buffer)
            prefix = (root.group(1) or b"") if root else b""
        cut = buffer.rfind(b"row>")
        if cut < 0:
            carry = buffer
            continue
        scan._take(buffer, prefix, cut + 4)
        carry = buffer[cut + 4 :]
    if carry:
        scan._take(carry, prefix or b"", len(carry))


def sheet_part(z: zipfile.ZipFile, index: int) -> str | None:
    """The zip path of the index-th worksheet, from the workbook and its relationships."""
    book = z.read("xl/workbook.xml").decode("utf-8", "replace")
    rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    ids = re.findall(r"<(?:\w+:)?sheet\b[^>]*?r:id=\"([^\"]+)\"", book)
    if index >= len(ids):
        return None
    target = re.search(rf'Id="{re.escape(ids[index])}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'Target="([^"]+)"[^>]*Id="{re.escape(ids[index])}"', rels
    )
    if not target:
        return None
    path = target.group(1).lstrip("/")
    return path if path.startswith("xl/") else f"xl/{path}"
