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
import zipfile
from dataclasses import dataclass, field
from typing import IO

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


def col_number(letters: str) -> int:
    """``A`` -> 1, ``Z`` -> 26, ``AA`` -> 27."""
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


@dataclass
class SheetScan:
    """What one pass over a sheet's XML found."""

    first_row: int = 1
    first_col: int = 1
    closed_rows: int = 0  # rows with content (``<row>...</row>``), with a value or not
    merges: list[tuple[str, int, str, int]] = field(default_factory=list)
    found: bool = False  # the part was there and read

    def _take(self, piece: bytes, prefix: bytes) -> None:
        p = prefix
        self.closed_rows += piece.count(b"</%brow>" % p)
        if b"mergeCell" in piece:
            self.merges += [
                (a.decode(), int(r1), b.decode(), int(r2)) for a, r1, b, r2 in _MERGE.findall(piece)
            ]
        if not self.found:
            first = _cell_with_value(rb"[A-Z]{1,3}", p).search(piece)
            if first is None:
                return
            self.found = True
            self.first_row = int(first.group(2))
            self.first_col = col_number(first.group(1).decode())
        self._leftmost(piece, p)

    def _leftmost(self, piece: bytes, prefix: bytes) -> None:
        """Lower ``first_col`` to any value cell left of it (rows start at their first value
        in nearly every file, so this is rarely more than one failed search)."""
        while self.first_col > 1:
            left = [col_letters(n).encode() for n in range(1, self.first_col)]
            if len(left) > _MAX_LEFT_SEARCH:
                found = [
                    col_number(m.group(1).decode())
                    for m in _cell_with_value(rb"[A-Z]{1,3}", prefix).finditer(piece)
                ]
                self.first_col = min([self.first_col, *found])
                return
            hit = _cell_with_value(b"|".join(left), prefix).search(piece)
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
            with z.open(path) as part:
                _scan_part(part, scan)
    except (KeyError, zipfile.BadZipFile):
        return SheetScan()
    return scan


def _scan_part(part: IO[bytes], scan: SheetScan) -> None:
    carry = b""
    prefix: bytes | None = None
    while True:
        chunk = part.read(_PIECE)
        buffer = carry + chunk
        if prefix is None:
            root = _ROOT_PREFIX.search(buffer)
            prefix = (root.group(1) or b"") if root else b""
        if chunk:
            cut = buffer.rfind(b"row>")
            if cut < 0:
                carry = buffer
                continue
            piece, carry = buffer[: cut + 4], buffer[cut + 4 :]
        else:
            piece, carry = buffer, b""
        scan._take(piece, prefix)
        if not chunk:
            return


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
