"""Delimited text: encoding, delimiter, title rows, header; polars parses, csv is the fallback."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from clientmig import _messages
from clientmig.errors import ReadError
from clientmig.io._cells import _finish
from clientmig.io._guard import count_csv_records
from clientmig.io.result import EXCEL_SUFFIXES, ReadResult
from clientmig.issues import Issue

DELIMITERS = (",", ";", "\t", "|")
_PREFIX_BYTES = 64_000
_HEADER_SCAN_ROWS = 30


# -- text files ---------------------------------------------------------------------------------
def detect_encoding(data: bytes) -> str:
    """Return the encoding of a text file: BOMs first, then UTF-16 by NUL pattern, UTF-8, cp1252.

    >>> detect_encoding("Zoë".encode("cp1252")), detect_encoding("Zoë".encode("utf-8"))
    ('cp1252', 'utf-8')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:4000]
    if len(sample) >= 4:
        even_nul = sample[0::2].count(0) / max(1, len(sample[0::2]))
        odd_nul = sample[1::2].count(0) / max(1, len(sample[1::2]))
        if odd_nul > 0.3 and even_nul < 0.05:
            return "utf-16-le"
        if even_nul > 0.3 and odd_nul < 0.05:
            return "utf-16-be"
    # The first megabyte decides; a cp1252 byte further down makes Polars refuse the
    # file, and _read_text then reads it again as cp1252.
    head = data[:1_000_000]
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A character cut in two at the megabyte boundary is no evidence; in a whole file it is.
        if len(data) <= len(head) or exc.start < len(head) - 4:
            return "cp1252"
    return "utf-8"


def _decode(data: bytes, encoding: str) -> str:
    if encoding == "cp1252":
        # cp1252 leaves five bytes undefined; latin-1 maps them, so nothing is ever lost.
        return "".join(
            chunk.decode("cp1252", errors="strict") if ok else chunk.decode("latin-1")
            for chunk, ok in _cp1252_chunks(data)
        )
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        msg = _messages.text("cli.read.undecodable", encoding=encoding, detail=exc)
        raise ReadError(msg) from None


def _cp1252_chunks(data: bytes) -> list[tuple[bytes, bool]]:
    undefined = re.compile(rb"[\x81\x8d\x8f\x90\x9d]+")
    out: list[tuple[bytes, bool]] = []
    pos = 0
    for m in undefined.finditer(data):
        out.append((data[pos : m.start()], True))
        out.append((m.group(), False))
        pos = m.end()
    out.append((data[pos:], True))
    return out


def sniff_delimiter(text: str) -> str:
    """Pick the delimiter whose count per record (quotes respected) is most consistent.

    >>> sniff_delimiter('Naam;Voornaam\\n"Peeters, Jan";Jan\\n')
    ';'
    """
    counts = _counts_per_record(text)
    best, best_score = ",", -1.0
    for delim in DELIMITERS:
        per = [c.get(delim, 0) for c in counts if c is not None]
        nonzero = [n for n in per if n] or [0]
        if not any(nonzero):
            continue
        mode = max(set(nonzero), key=nonzero.count)
        consistency = per.count(mode) / len(per)
        score = consistency * 10 + min(mode, 50) / 50
        if score > best_score:
            best, best_score = delim, score
    return best


def _counts_per_record(text: str) -> list[dict[str, int] | None]:
    """Delimiter counts outside quotes for each record (None for blank records)."""
    records: list[dict[str, int] | None] = []
    current: dict[str, int] = {}
    inside, empty = False, True
    for ch in text:
        if ch == '"':
            inside = not inside
            empty = False
        elif ch == "\n" and not inside:
            records.append(None if empty else current)
            current, empty = {}, True
        elif not inside and ch in DELIMITERS:
            current[ch] = current.get(ch, 0) + 1
            empty = False
        elif not ch.isspace():
            empty = False
    if not empty:
        records.append(current)
    return records


def _read_text(
    data: bytes,
    name: str,
    *,
    encoding: str | None,
    delimiter: str | None,
    header_row: int | None,
) -> ReadResult:
    issues: list[Issue] = []
    enc = encoding or detect_encoding(data)
    # Fast path: clean UTF-8 goes to Polars as bytes; only a prefix is decoded for sniffing.
    fast = enc in ("utf-8", "utf-8-sig") and b"\r" not in data and b"\x00" not in data
    if fast:
        raw = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
        text = raw[: _PREFIX_BYTES * 2].decode("utf-8", errors="ignore")
        empty = not raw[:4096].strip() and not raw.strip()
    else:
        text = _decode(data, enc).removeprefix("\ufeff")
        empty = not text.strip()
    if empty:
        key = "cli.read.empty" if not data or not text else "cli.read.blank"
        msg = _messages.text(key, file=name)
        raise ReadError(msg)
    if not fast:
        if "\x00" in text:
            issues.extend(_nul_issues(text, name))
            text = text.replace("\x00", "")
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
    delim, offset_rows, header_index, skip = _layout(text, delimiter, header_row)
    if fast:
        body = raw[_nth_line_offset(raw, skip) :]
    else:
        body = text[len(_first_lines(text, skip)) :].encode("utf-8")
    try:
        frame, header, more, suspect = _parse_text(body, delim, name)
    except UnicodeDecodeError:
        if encoding is None and enc == "utf-8":
            return _read_text(
                data, name, encoding="cp1252", delimiter=delimiter, header_row=header_row
            )
        raise
    issues.extend(more)
    first_row = offset_rows + header_index + 1
    _check_conserved(name, lambda: body, delim, frame.height + (1 if header else 0), first_row)
    result = _finish(frame, header, name, None, first_row, issues, mojibake=suspect)
    return ReadResult(
        frame=result[0],
        issues=result[1],
        source=name,
        encoding=_encoding_label(enc),
        delimiter=delim,
        header_row=first_row,
        columns=tuple(result[2]),
    )


def _layout(text: str, delimiter: str | None, header_row: int | None) -> tuple[str, int, int, int]:
    """Delimiter, ``sep=`` line count, header index among records, and lines before the header.

    Worked out from the first lines of the decoded text only.
    """
    offset_rows = 0
    first_line = text.partition("\n")[0]
    hint = re.fullmatch(r'"?sep=(.)"?,*', first_line.strip())
    if hint:
        delimiter = delimiter or hint.group(1)
        offset_rows = 1
    after_hint = text[len(first_line) + 1 :] if hint else text
    delim = delimiter or sniff_delimiter(_first_lines(after_hint[:_PREFIX_BYTES], 60))
    records = list(
        csv.reader(io.StringIO(_first_lines(after_hint, _HEADER_SCAN_ROWS)), delimiter=delim)
    )
    header_index = (header_row - 1 - offset_rows) if header_row else detect_header_index(records)
    header_index = max(0, min(header_index, max(0, len(records) - 1)))
    skip = offset_rows + _lines_for_records(after_hint, header_index, delim)
    return delim, offset_rows, header_index, skip


# Above this size a clean UTF-8 CSV is parsed by Polars straight from its path (no copy of the
# file in Python); anything unusual falls back to the byte path, which handles every case.
LARGE_FILE_BYTES = 4_000_000


def _read_large_text(
    path: Path, *, delimiter: str | None, header_row: int | None
) -> ReadResult | None:
    """The fast path for big, clean UTF-8 files; None when the general path must decide."""
    try:
        if path.stat().st_size < LARGE_FILE_BYTES or path.suffix.lower() in EXCEL_SUFFIXES:
            return None
        with path.open("rb") as fh:
            head = fh.read(_PREFIX_BYTES * 4)
    except OSError:
        return None
    if head[:4] == b"PK\x03\x04" or b"\r" in head or b"\x00" in head:
        return None
    enc = detect_encoding(head)
    if enc not in ("utf-8", "utf-8-sig"):
        return None
    raw = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    text = raw[: _PREFIX_BYTES * 2].decode("utf-8", errors="ignore")
    delim, offset_rows, header_index, skip = _layout(text, delimiter, header_row)
    if _nth_line_offset(raw, skip) >= len(raw):
        return None
    try:
        frame = pl.read_csv(
            path,
            skip_lines=skip,
            separator=delim,
            has_header=False,
            infer_schema=False,
            quote_char='"',
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError:
        return None  # ragged rows, broken quotes, invalid UTF-8: the byte path reports them
    if frame.height < 2 or frame.get_column(frame.columns[-1]).null_count() > 0:
        return None  # a short line may hide among the trailing nulls: the byte path counts
    header = [str(v) if v is not None else "" for v in frame.row(0)]
    first_row = offset_rows + header_index + 1
    whole = np.memmap(path, dtype=np.uint8, mode="r")[_nth_line_offset(head, skip) :]
    _check_conserved(path.name, lambda: whole.tobytes(), delim, frame.height, first_row, whole)
    data, issues, columns = _finish(frame.slice(1), header, path.name, None, first_row, [])
    return ReadResult(
        frame=data,
        issues=issues,
        source=path.name,
        encoding=_encoding_label(enc),
        delimiter=delim,
        header_row=first_row,
        columns=tuple(columns),
    )


def _check_conserved(
    name: str,
    body: Callable[[], bytes],
    delim: str,
    parsed: int,
    header_row: int,
    array: np.ndarray[Any, Any] | None = None,
) -> None:
    """Fail loudly when the parser returned another number of records than the file holds
    (counted independently of it by quote parity, with the csv module's count as a second
    opinion for stray quotes); the rows in question are named."""
    records = count_csv_records(array if array is not None else body())
    if records == parsed:
        return
    second = sum(
        1
        for _ in csv.reader(
            io.StringIO(body().decode("utf-8", "replace")), delimiter=delim, strict=False
        )
    )
    if second == parsed:
        return
    first, last = header_row + min(records, parsed), header_row + max(records, parsed) - 1
    where = (
        _messages.text("cli.read.where_row", row=first)
        if first == last
        else _messages.text("cli.read.where_rows", first=first, last=last)
    )
    msg = _messages.text(
        "cli.read.records_lost",
        file=name,
        records=f"{records - 1:,}",
        parsed=f"{parsed - 1:,}",
        where=where,
    )
    raise ReadError(msg)


def _encoding_label(enc: str) -> str:
    """How a detected encoding is reported (``utf-8-sig`` -> ``utf-8 with BOM``)."""
    return enc.replace("-sig", " with BOM") if enc.endswith("-sig") else enc


def _nth_line_offset(data: bytes, n: int) -> int:
    """Byte offset where line ``n`` (0-based) starts."""
    pos = 0
    for _ in range(n):
        nxt = data.find(b"\n", pos)
        if nxt < 0:
            return len(data)
        pos = nxt + 1
    return pos


def _first_lines(text: str, n: int) -> str:
    pos = 0
    for _ in range(n):
        nxt = text.find("\n", pos)
        if nxt < 0:
            return text
        pos = nxt + 1
    return text[:pos]


def _lines_for_records(text: str, n: int, delim: str) -> int:
    """Number of physical lines the first ``n`` records take (quoted line breaks respected)."""
    if n == 0:
        return 0
    reader = csv.reader(io.StringIO(_first_lines(text, n + 50)), delimiter=delim)
    for _ in range(n):
        next(reader, None)
    return reader.line_num


def detect_header_index(records: Sequence[Sequence[str]]) -> int:
    """Return the 0-based index of the header among the first records.

    The header is the first row that is mostly non-empty, non-numeric, distinct text and at least
    as wide as most of the rows below it: title rows ("Client list 2026") and merged group
    headers (one or two cells over a wide table) are passed over.
    """
    widths = [sum(1 for c in r if c.strip()) for r in records]
    if not any(widths):
        return 0
    typical = sorted(widths)[len(widths) // 2] if len(widths) > 2 else max(widths)
    typical = max(typical, 1)
    for i, row in enumerate(records):
        cells = [c.strip() for c in row if c.strip()]
        if not cells:
            continue
        texty = sum(1 for c in cells if not re.fullmatch(r"[\d\s.,/:+\-()€$%]+", c))
        # A header may repeat a name (two "Email" columns): renamed later with a warning,
        # never a reason to take the first data row as the header.
        distinct = len({c.casefold() for c in cells}) * 2 >= len(cells)
        below = widths[i + 1 : i + 6]
        wide_enough = len(cells) >= 0.6 * max([typical, *below]) if below else True
        if wide_enough and distinct and texty >= 0.7 * len(cells):
            return i
    return 0


def _parse_text(
    body: bytes, delim: str, name: str
) -> tuple[pl.DataFrame, list[str], list[Issue], bool]:
    """Parse with Polars; on ragged rows or broken quotes fall back to Python's csv module.

    Returns the frame (header row excluded), the header, reading issues and whether the bytes
    hold a mojibake telltale. The byte scans run while Polars parses (it releases the GIL).
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        job = pool.submit(
            pl.read_csv,
            body,
            separator=delim,
            has_header=False,
            infer_schema=False,
            quote_char='"',
            raise_if_empty=False,
        )
        quoted = b'"' in body
        # No byte scan for mojibake: the per-column Aho-Corasick pass after parsing is
        # parallel and cheaper than a single-threaded scan of the whole file here.
        mojibake = True
        try:
            frame = job.result()
        except pl.exceptions.PolarsError:
            frame = None
    if frame is not None:
        if frame.height == 0:
            return frame, [], [], mojibake
        # A short line leaves nulls in the last column; only then are delimiters counted.
        maybe_short = not quoted and frame.get_column(frame.columns[-1]).null_count() > 0
        if not maybe_short or not _has_short_rows(frame, body.count(delim.encode())):
            header = [str(v) if v is not None else "" for v in frame.row(0)]
            return frame.slice(1), header, [], mojibake
    return (*_parse_python(body.decode("utf-8"), delim, name), mojibake)


def _has_short_rows(frame: pl.DataFrame, delimiters: int) -> bool:
    """Whether a line has fewer cells than the header (for files without quotes).

    Without quotes every line is one record, and Polars refuses lines with too many cells, so
    each non-blank record holds at most ``width - 1`` delimiters; the file's total then falls
    short of ``(width - 1)`` per record exactly when some line is short (blank lines, which
    Polars returns as all-null rows, may hold from none to all of their delimiters).
    """
    per_row = frame.width - 1
    if per_row == 0:
        return False
    all_null = int(frame.select(pl.all_horizontal(pl.all().is_null()).sum()).item())
    filled = frame.height - all_null
    extra = delimiters - per_row * filled
    return extra < 0 or extra % per_row != 0 or extra > per_row * all_null


def _parse_python(body: str, delim: str, name: str) -> tuple[pl.DataFrame, list[str], list[Issue]]:
    issues: list[Issue] = []
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(body), delimiter=delim, strict=False)
    try:
        rows.extend(reader)
    except csv.Error as exc:
        issues.append(
            Issue(
                code="read.unterminated_quote",
                severity="error",
                source=name,
                message=f"The file could not be read past this point ({exc}).",
            )
        )
    if body.count('"') % 2:
        issues.append(
            Issue(
                code="read.unterminated_quote",
                severity="error",
                source=name,
                row=-max(1, len(rows) - 1),  # the last record; made absolute in _finish
                message="A quote is opened and never closed; the rest of the file was read as"
                " one cell. Check this row and the ones after it.",
            )
        )
    if not rows:
        return pl.DataFrame(), [], issues
    header = rows[0]
    width = len(header)
    data = rows[1:]
    longest = max([width, *(len(r) for r in data)])
    columns = [*header, *(f"column_{i + 1}" for i in range(width, longest))]
    ragged: list[tuple[int, int]] = [
        (i, len(r)) for i, r in enumerate(data) if r and len(r) != width
    ]
    table = {f"c{j}": [r[j] if j < len(r) else None for r in data] for j in range(longest)}
    frame = pl.DataFrame(table, schema={f"c{j}": pl.String for j in range(longest)})
    frame = frame.with_columns(
        pl.Series("__ragged", [len(r) if r and len(r) != width else None for r in data], pl.Int64)
    )
    for i, n in ragged[:1000]:
        issues.append(
            Issue(
                code="read.ragged_row",
                severity="warning",
                source=name,
                row=-(i + 1),  # relative; made absolute in _finish
                message=f"This row has {n} cells where the header has {width}; "
                + (
                    "the extra cells were kept in extra columns."
                    if n > width
                    else "the missing cells were left empty."
                ),
            )
        )
    return frame, columns, issues


def _nul_issues(text: str, name: str) -> list[Issue]:
    lines = [text.count("\n", 0, m.start()) + 1 for m in re.finditer("\x00+", text)]
    return [
        Issue(
            code="read.nul_byte",
            severity="warning",
            source=name,
            message=f"NUL bytes were removed from line {line} of the file.",
        )
        for line in sorted(set(lines))[:100]
    ]
