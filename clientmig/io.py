"""Read client exports (CSV/TSV/TXT and XLSX/XLSM) into all-String frames with lineage.

Detection needs no options: encoding (UTF-8, UTF-8/UTF-16 with BOM, BOM-less UTF-16, cp1252),
delimiter (``,`` ``;`` tab ``|``, Excel's ``sep=`` line), line endings (CRLF, LF, lone CR), title
rows above the header, and Excel cell types shown as a person sees them (``85073003328``, not
``85073003328.0``; dates as ISO dates). Problems that leave the file readable become issue rows
(``read.*`` codes); a file that is not a table raises :class:`~clientmig.errors.ReadError`.

Documented results for degenerate input: an empty file, a BOM-only file or one of blank lines
raises ``ReadError``; a header-only file or an empty sheet gives a 0-row frame with its columns
(an empty sheet has none).

``_row`` is the row number a spreadsheet program shows for the record: title and header rows
count, a blank line counts as a (skipped) row, and a quoted cell spanning lines stays one row.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np
import polars as pl

from clientmig._readguard import check_size, check_workbook, count_csv_records
from clientmig._text import remove_invisible
from clientmig.errors import ReadError
from clientmig.issues import Issue, concat_issues, empty_issues, issues_frame
from clientmig.lineage import ROW, SHEET, SOURCE

Source = str | Path | bytes | IO[bytes]
# A client's notes may hold more than the csv module's default 131,072 characters in one cell;
# the limit only ever rises here (Excel's own cell limit is reported as read.long_cell).
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))

EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ".tab", ""}
DELIMITERS = (",", ";", "\t", "|")
EXCEL_CELL_LIMIT = 32_767
_PREFIX_BYTES = 64_000
_HEADER_SCAN_ROWS = 30
# Double-encoded UTF-8 read as cp1252/latin-1: "JosÃ©", "CafÃ©", "MÃ¼ller", "â€™".
# Their UTF-8 bytes ("Ã", "Â", "â€"): a cheap prefilter before the per-cell check.
# Report footers in a row of their own: totals lines and "generated on" timestamps.
# A footer's first word is a total, followed by nothing but figures and counting words
# ("TOTAL", "Total: 50 clients", "Totaal aantal klanten: 50", "Totaal 1.234,50"), or a timestamp
# line. A client named "Total Energies Belgium" is a client: other words after "total" make a name.
_COUNTING = r"(?:aantal|number|nombre|anzahl|of|de|van|clients?|klanten|relaties|records|rows)"
_FOOTER = (
    r"(?i)^\s*(?:grand\s+)?(?:total|totaal|totaux|summe|gesamt|totale)\b[\s:=.#]*"
    rf"(?:(?:{_COUNTING}|[\d.,:'()%€$£+-]+)[\s:=.#]*)*$"
    r"|\b(?:19|20)\d\d\b.*\b\d{1,2}:\d{2}\b"
)
# Other cells of a totals row hold figures only.
_FIGURE = r"^[\s\d.,'()%€$£+-]*$"
_MOJIBAKE = r"Ã[\x{80}-\x{BF}\x{A0}-\x{FF}]|Â[\x{A0}-\x{BF}]|â€"


@dataclass(frozen=True, slots=True)
class ReadResult:
    """A table read from a file, with how it was read and what was wrong with it."""

    frame: pl.DataFrame
    issues: pl.DataFrame
    source: str
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    encoding: str | None = None
    delimiter: str | None = None
    header_row: int = 1
    detected: Any = None
    columns: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready description (no cell values)."""
        counts = (
            self.issues.group_by("code").len().sort("code").rows() if self.issues.height else []
        )
        detected = self.detected.to_dict() if self.detected is not None else None
        return {
            "source": self.source,
            "sheet": self.sheet,
            "sheets": list(self.sheets),
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "header_row": self.header_row,
            "rows": self.frame.height,
            "columns": list(self.columns),
            "detected_source": detected,
            "issues": {str(code): int(n) for code, n in counts},
        }


# -- public API ---------------------------------------------------------------------------------
def read(
    source: Source,
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    header_row: int | None = None,
) -> pl.DataFrame:
    """Read one table as an all-String frame with ``_source``, ``_sheet`` and ``_row``.

    Parameters
    ----------
    source
        A path, the file's bytes, or a binary file object.
    sheet
        Worksheet name or 0-based index (workbooks only); default the widest visible sheet
        (most columns, then rows: the client table rather than an instructions sheet).
    encoding, delimiter
        Override detection (CSV only).
    header_row
        The header's row number as a spreadsheet shows it (1-based); default detected.

    Examples
    --------
    >>> read(b"Name;E-mail\\nJan;jan@x.be\\n").select("Name", "_row").rows()
    [('Jan', 2)]
    """
    return read_table(
        source, sheet=sheet, encoding=encoding, delimiter=delimiter, header_row=header_row
    ).frame


def read_table(
    source: Source | _Named,
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    header_row: int | None = None,
) -> ReadResult:
    """Read one table and say how it was read: see :class:`ReadResult`.

    Every failure of the underlying parsers (csv, zlib, the xlsx reader, Polars) is raised as
    one :class:`ReadError` sentence naming the file.
    """
    try:
        return _read_table(
            source, sheet=sheet, encoding=encoding, delimiter=delimiter, header_row=header_row
        )
    except ReadError:
        raise
    except (csv.Error, zlib.error, zipfile.BadZipFile, pl.exceptions.PolarsError) as exc:
        raise ReadError(_failure(source, exc)) from None
    except (ValueError, OSError, EOFError, MemoryError, OverflowError, UnicodeError) as exc:
        raise ReadError(_failure(source, exc)) from None
    except Exception as exc:  # the xlsx reader's own exception types
        if type(exc).__module__.split(".")[0] in ("fastexcel", "_fastexcel"):
            raise ReadError(_failure(source, exc)) from None
        raise


def _failure(source: object, exc: BaseException) -> str:
    """One line: the file, what failed, and where when the parser says so."""
    name = (
        Path(source).name if isinstance(source, str | Path) else getattr(source, "name", "<bytes>")
    )
    detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
    return f"{name} cannot be read ({type(exc).__name__}: {detail})."


def _read_table(
    source: Source | _Named,
    *,
    sheet: str | int | None,
    encoding: str | None,
    delimiter: str | None,
    header_row: int | None,
) -> ReadResult:
    if isinstance(source, str | Path) and Path(source).is_file():
        with Path(source).open("rb") as fh:
            _refuse_non_table(fh.read(16), Path(source).name)
    large = (
        _read_large_text(Path(source), delimiter=delimiter, header_row=header_row)
        if isinstance(source, str | Path) and sheet is None and encoding is None
        else None
    )
    if large is not None:
        return _with_source(large)
    data, name = _load(source)
    if _is_workbook(data, name):
        result = _read_excel(data, name, sheet=sheet, header_row=header_row)
    else:
        _refuse_non_table(data[:16], name)
        if sheet is not None:
            msg = f"{name} is a text file; it has no sheet {sheet!r}."
            raise ReadError(msg)
        result = _read_text(
            data, name, encoding=encoding, delimiter=delimiter, header_row=header_row
        )
    return _with_source(result)


# Files that are no table, whatever their name says: (signature, what it is).
_NOT_TABLES = (
    (b"%PDF-", "a PDF document"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Excel 97-2003 (.xls) or Word file; save it as .xlsx",
    ),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive; unpack it first"),
    (b"Rar!", "a RAR archive; unpack it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive; unpack it first"),
)


def _refuse_non_table(head: bytes, name: str) -> None:
    """A PDF or an image renamed ``.csv`` is an error that says what the file is."""
    for signature, kind in _NOT_TABLES:
        if head.startswith(signature):
            msg = f"{name} is not a table: it is {kind}."
            raise ReadError(msg)


def _with_source(result: ReadResult) -> ReadResult:
    """The result with the recognised export format (Outlook, Google, ...) filled in."""
    from clientmig.sources import detect_source

    detected = detect_source(list(result.columns))
    return ReadResult(
        frame=result.frame,
        issues=result.issues,
        source=result.source,
        sheet=result.sheet,
        sheets=result.sheets,
        encoding=result.encoding,
        delimiter=result.delimiter,
        header_row=result.header_row,
        detected=detected,
        columns=result.columns,
    )


def read_workbook_tables(source: Source) -> dict[str, ReadResult]:
    """Read every non-empty sheet of a workbook (a CSV gives one entry named after the file)."""
    data, name = _load(source)
    if not _is_workbook(data, name):
        return {name: read_table(data if not isinstance(source, str | Path) else source)}
    names = _sheet_names(data, name)
    out: dict[str, ReadResult] = {}
    for sheet_name in names:
        result = read_table(_Named(data, name), sheet=sheet_name)
        if result.columns:
            out[sheet_name] = result
    return out


def read_workbook(source: Source) -> dict[str, pl.DataFrame]:
    """Read every non-empty sheet: ``{sheet name: frame}``."""
    return {k: v.frame for k, v in read_workbook_tables(source).items()}


# -- loading ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Named:
    """Bytes that remember the name of the file they came from."""

    data: bytes
    name: str


def _load(source: Source | _Named) -> tuple[bytes, str]:
    if isinstance(source, _Named):
        return source.data, source.name
    if isinstance(source, bytes | bytearray):
        return bytes(source), "<bytes>"
    if isinstance(source, str | Path):
        path = Path(source)
        if path.is_dir():
            msg = f"{path} is a folder, not a file."
            raise ReadError(msg)
        try:
            check_size(path.stat().st_size, path.name)
            return path.read_bytes(), path.name
        except FileNotFoundError:
            msg = f"{path} does not exist."
            raise ReadError(msg) from None
        except OSError as exc:
            msg = f"{path} cannot be opened ({exc.strerror})."
            raise ReadError(msg) from None
    data: object = source.read()
    if not isinstance(data, bytes):
        msg = "open the file in binary mode ('rb') before passing it to clientmig.read."
        raise ReadError(msg)
    return data, Path(str(getattr(source, "name", "<stream>"))).name


def _is_workbook(data: bytes, name: str) -> bool:
    suffix = Path(name).suffix.lower()
    if suffix == ".xls":
        msg = f"{name} is an old Excel 97-2003 workbook; save it as .xlsx or .csv first."
        raise ReadError(msg)
    if data[:4] == b"PK\x03\x04":
        check_workbook(data, name)  # limits before the xlsx reader runs
        return True
    check_size(len(data), name)
    if suffix in EXCEL_SUFFIXES:
        msg = f"{name} is not a valid Excel workbook (the file is damaged or not really .xlsx)."
        raise ReadError(msg)
    return False


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
        if exc.start < len(head) - 4:  # not just a character cut in two at the boundary
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
        msg = f"the file cannot be decoded as {encoding} ({exc})."
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

    >>> sniff_delimiter('Naam;Voornaam\n"Peeters, Jan";Jan\n')
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
        what = "empty" if not data or not text else "blank (it holds no values)"
        msg = f"{name} is {what}."
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
    where = f"row {first}" if first == last else f"rows {first} to {last}"
    msg = (
        f"{name} holds {records - 1:,} record(s) below the header but {parsed - 1:,} were read;"
        f" check {where} (a quote or line break the readers disagree on). Nothing was written."
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


def _clean_headers(
    header: Sequence[str], name: str, sheet: str | None
) -> tuple[list[str], list[Issue]]:
    out: list[str] = []
    issues: list[Issue] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(header):
        text = re.sub(r"\s+", " ", remove_invisible(raw or "")).strip()
        if not text:
            text = f"column_{i + 1}"
        if text.startswith("_"):
            text = text.lstrip("_") or f"column_{i + 1}"
        base = text
        if base in seen:
            seen[base] += 1
            text = f"{base} ({seen[base]})"
            issues.append(
                Issue(
                    code="read.duplicate_header",
                    severity="warning",
                    source=name,
                    sheet=sheet,
                    column=text,
                    message=f"The header {base!r} appears more than once; this copy is {text!r}.",
                )
            )
        else:
            seen[base] = 1
        out.append(text)
    return out, issues


def _finish(
    frame: pl.DataFrame,
    header: Sequence[str],
    name: str,
    sheet: str | None,
    header_row: int,
    issues: list[Issue],
    *,
    mojibake: bool = True,
) -> tuple[pl.DataFrame, pl.DataFrame, list[str]]:
    """Name columns, add lineage, drop blank rows and report cell-level problems."""
    columns, header_issues = _clean_headers(header, name, sheet)
    issues.extend(header_issues)
    data_cols = [c for c in frame.columns if c != "__ragged"]
    if len(columns) < len(data_cols):
        columns += [f"column_{i + 1}" for i in range(len(columns), len(data_cols))]
    frame = frame.rename(dict(zip(data_cols, columns[: len(data_cols)], strict=True)))
    for c in columns[len(data_cols) :]:
        frame = frame.with_columns(pl.lit(None, pl.String).alias(c))
    fixed: list[Issue] = []
    for issue in issues:
        if issue.row is not None and issue.row < 0:
            fixed.append(
                Issue(
                    code=issue.code,
                    severity=issue.severity,
                    source=issue.source,
                    sheet=sheet,
                    row=header_row - issue.row,
                    message=issue.message,
                )
            )
        else:
            fixed.append(issue)
    frame = frame.with_columns(
        pl.lit(name, pl.String).alias(SOURCE),
        pl.lit(sheet, pl.String).alias(SHEET),
        (pl.int_range(pl.len(), dtype=pl.Int64) + header_row + 1).alias(ROW),
    )
    if "__ragged" in frame.columns:
        frame = frame.drop("__ragged")
    cells = [pl.col(c) for c in columns]
    # Blank: every cell empty (null, "" or only spaces); whitespace is checked only where a
    # row has no other content, which keeps this one cheap pass over the frame.
    blank = (
        ~pl.any_horizontal([c.is_not_null() & (c.str.len_bytes() > 0) for c in cells])
        if cells
        else pl.lit(value=True)
    )
    # One pass: blank rows, and which columns may hold an over-long or double-encoded cell.
    stats: dict[str, Any] = {}
    if frame.height and cells:
        stats = frame.select(
            blank.sum().alias("__blank"),
            *(
                (pl.col(c).str.len_bytes().max() > EXCEL_CELL_LIMIT)
                .fill_null(value=False)
                .alias(f"__long{i}")
                for i, c in enumerate(columns)
            ),
            *(
                pl.col(c).str.contains_any(["Ã", "Â", "â€"]).any().alias(f"__odd{i}")
                for i, c in enumerate(columns)
                if mojibake
            ),
        ).row(0, named=True)
    n_blank = int(stats.get("__blank") or 0)
    if n_blank:
        frame = frame.filter(~blank)
        fixed.append(
            Issue(
                code="read.blank_row",
                severity="info",
                source=name,
                sheet=sheet,
                message=f"{n_blank} blank row(s) were skipped.",
            )
        )
    # Indexing by names only picks the columns; an eager select costs a plan (16 ms at 1M rows).
    frame = frame[[*columns, SOURCE, SHEET, ROW]]
    frame, footer = _drop_footer(frame, columns)
    if footer:
        fixed.append(
            Issue(
                code="read.footer_row",
                severity="info",
                source=name,
                sheet=sheet,
                row=footer[0],
                message=f"{len(footer)} report footer row(s) (totals, a timestamp) at the end "
                "were skipped.",
            )
        )
    suspect = [
        bool(stats.get(f"__long{i}")) or bool(stats.get(f"__odd{i}")) for i in range(len(columns))
    ]
    cell_issues = _cell_issues(frame, columns, mojibake=mojibake, suspect=suspect)
    return frame, concat_issues([issues_frame(fixed), cell_issues]), columns


def _drop_footer(frame: pl.DataFrame, columns: Sequence[str]) -> tuple[pl.DataFrame, list[int]]:
    """Drop trailing report footers under a wide table: rows whose shape differs from the
    data (a TOTAL line with figures only, a "generated on" timestamp), never simply the last
    row: a last client called "Total Energies Belgium" stays."""
    if len(columns) < 3 or frame.height < 2:
        return frame, []
    last = frame.tail(6)
    cells = [pl.col(c).str.strip_chars() for c in columns]
    shape = last.select(
        pl.sum_horizontal([(c.is_not_null() & (c != "")).cast(pl.Int32) for c in cells]).alias(
            "filled"
        ),
        pl.coalesce([pl.when(c != "").then(c) for c in cells]).alias("first"),
        pl.sum_horizontal(
            [(c.is_not_null() & (c != "") & ~c.str.contains(_FIGURE)).cast(pl.Int32) for c in cells]
        ).alias("words"),
    )
    tail = 0
    for n, text, words in reversed(shape.rows()):
        footer = re.search(_FOOTER, str(text or "")) is not None
        # One cell, or a totals word followed by figures only in the other cells.
        if tail >= 5 or not footer or (n > 1 and words > 1):
            break
        tail += 1
    if not tail or tail == frame.height:
        return frame, []
    rows = frame[ROW].tail(tail).to_list()
    return frame.head(frame.height - tail), rows


def _cell_issues(
    frame: pl.DataFrame,
    columns: Sequence[str],
    *,
    mojibake: bool = True,
    suspect: Sequence[bool] | None = None,
) -> pl.DataFrame:
    """Mojibake and over-long cells, found vectorised per column.

    ``suspect`` says which columns can hold a problem at all (computed by the caller's pass
    over the frame); the rest are not looked at again.
    """
    parts = []
    if not columns or frame.is_empty():
        return empty_issues()
    if suspect is None:
        long_cols = frame.select(
            (pl.col(col).str.len_bytes().max() > EXCEL_CELL_LIMIT).fill_null(value=False)
            for col in columns
        ).row(0)
        odd_cols = (
            frame.select(
                pl.col(col).str.contains_any(["Ã", "Â", "â€"]).any() for col in columns
            ).row(0)
            if mojibake
            else (False,) * len(columns)
        )
        suspect = [bool(a) or bool(b) for a, b in zip(long_cols, odd_cols, strict=True)]
    for col, hit in zip(columns, suspect, strict=True):
        if not hit:
            continue
        c = pl.col(col)
        flagged = frame.filter(
            c.str.contains(_MOJIBAKE) | (c.str.len_chars() > EXCEL_CELL_LIMIT)
        ).select(SOURCE, SHEET, ROW, c.alias("value"))
        if flagged.is_empty():
            continue
        long = flagged["value"].str.len_chars() > EXCEL_CELL_LIMIT
        suggestions = [
            None if is_long else _unmojibake(v)
            for v, is_long in zip(flagged["value"].to_list(), long.to_list(), strict=True)
        ]
        parts.append(
            flagged.with_columns(
                pl.lit(col).alias("column"),
                pl.when(pl.Series(long))
                .then(pl.lit("read.long_cell"))
                .otherwise(pl.lit("read.mojibake"))
                .alias("code"),
                pl.lit("warning").alias("severity"),
                pl.when(pl.Series(long))
                .then(pl.lit(f"This cell is longer than Excel's {EXCEL_CELL_LIMIT:,} characters."))
                .otherwise(pl.lit("This text looks double-encoded (UTF-8 read as Windows-1252)."))
                .alias("message"),
                pl.when(pl.Series(long))
                .then(pl.col("value").str.slice(0, 60) + pl.lit("…"))
                .otherwise(pl.col("value"))
                .alias("value"),
                pl.Series("suggestion", suggestions, pl.String),
            ).rename({SOURCE: "source", SHEET: "sheet", ROW: "row"})
        )
    return concat_issues(parts) if parts else empty_issues()


def _unmojibake(value: str) -> str | None:
    for enc in ("cp1252", "latin-1"):
        try:
            fixed = value.encode(enc).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != value:
            return fixed
    return None


# -- workbooks ----------------------------------------------------------------------------------
def _sheet_names(data: bytes, name: str) -> list[str]:
    import fastexcel

    try:
        return list(fastexcel.read_excel(data).sheet_names)
    except Exception as exc:
        msg = f"{name} is not a readable Excel workbook ({str(exc).splitlines()[0][:120]})."
        raise ReadError(msg) from None


def _read_excel(
    data: bytes, name: str, *, sheet: str | int | None, header_row: int | None
) -> ReadResult:
    import fastexcel

    try:
        book = fastexcel.read_excel(data)
    except Exception as exc:
        msg = f"{name} is not a readable Excel workbook ({str(exc).splitlines()[0][:120]})."
        raise ReadError(msg) from None
    names = list(book.sheet_names)
    if sheet is None:
        chosen = _widest_sheet(book, names)
    elif isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            msg = f"{name} has {len(names)} sheet(s); there is no sheet number {sheet}."
            raise ReadError(msg)
        chosen = names[sheet]
    else:
        chosen = next((s for s in names if s == sheet), None) or next(
            (s for s in names if s.strip().lower() == str(sheet).strip().lower()), None
        )
        if chosen is None:
            msg = f"{name} has no sheet {sheet!r}; its sheets are {', '.join(names)}."
            raise ReadError(msg)
    if chosen is None:
        msg = f"{name} has no sheets."
        raise ReadError(msg)
    try:
        grid = book.load_sheet(chosen, header_row=None, dtypes="string").to_polars()
    except Exception as exc:  # a damaged part is an error naming the sheet, never 0 rows
        detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:160]
        msg = f"{name}: the sheet {chosen!r} is damaged and cannot be read ({detail})."
        raise ReadError(msg) from None
    first_row, first_col = _sheet_origin(data, names.index(chosen))
    _check_sheet_rows(data, names.index(chosen), name, chosen, grid)
    if grid.height == 0:
        return ReadResult(
            frame=pl.DataFrame(schema={SOURCE: pl.String, SHEET: pl.String, ROW: pl.Int64}),
            issues=empty_issues(),
            source=name,
            sheet=chosen,
            sheets=tuple(names),
            header_row=1,
        )
    grid = grid.with_columns(
        pl.col(c).str.replace(r"^(\d{4}-\d{2}-\d{2}) 00:00:00$", "$1") for c in grid.columns
    )
    records = [[v or "" for v in row] for row in grid.head(_HEADER_SCAN_ROWS).iter_rows()]
    index = (header_row - first_row) if header_row else detect_header_index(records)
    index = max(0, min(index, grid.height - 1))
    header = [v or "" for v in grid.row(index)]
    body = grid.slice(index + 1)
    sheet_header_row = first_row + index
    issues = _merged_cell_issues(
        data, names.index(chosen), name, chosen, sheet_header_row, first_col, header
    )
    frame, issue_frame, columns = _finish(body, header, name, chosen, sheet_header_row, issues)
    return ReadResult(
        frame=frame,
        issues=issue_frame,
        source=name,
        sheet=chosen,
        sheets=tuple(names),
        header_row=sheet_header_row,
        columns=tuple(columns),
    )


_XML_ROW = re.compile(r"<(?:\w+:)?row\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?row>)", re.S)
_XML_VALUE = re.compile(r"<(?:\w+:)?(?:v|is)\b")


def _check_sheet_rows(data: bytes, index: int, name: str, sheet: str, grid: pl.DataFrame) -> None:
    """The rows holding a value in the sheet's XML, counted apart from the xlsx reader, must
    all be in the grid it returned: otherwise the read fails loudly, naming the sheet."""
    xml = _sheet_xml(data, index)
    if not xml:
        return
    in_xml = sum(1 for m in _XML_ROW.finditer(xml) if m.group(1) and _XML_VALUE.search(m.group(1)))
    in_grid = (
        int(grid.select(pl.any_horizontal(pl.all().is_not_null()).sum()).item())
        if grid.width
        else 0
    )
    if in_xml != in_grid:
        msg = (
            f"{name}: the sheet {sheet!r} holds {in_xml:,} row(s) with values but {in_grid:,} "
            "were read; the workbook may be damaged. Nothing was written."
        )
        raise ReadError(msg)


def _widest_sheet(book: Any, names: Sequence[str]) -> str | None:
    """The default sheet: the visible one with the most columns, then rows, then the first.

    A client table is wider than the sheets workbooks put beside it (instructions, lookup
    lists, linked relations), which may come first.
    """
    best: tuple[int, int, int, int] | None = None
    chosen = names[0] if names else None
    for position, name in enumerate(names):
        try:
            sheet = book.load_sheet(name, header_row=None, n_rows=1, dtypes="string")
        except Exception:
            continue
        if not sheet.height:
            continue
        rank = (int(bool(sheet.visible == "visible")), sheet.width, sheet.total_height, -position)
        if best is None or rank > best:
            best, chosen = rank, name
    return chosen


def _sheet_xml(data: bytes, index: int) -> str:
    """Return the XML of the index-th worksheet (workbook order), or ""."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            book = z.read("xl/workbook.xml").decode("utf-8", "replace")
            rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
            ids = re.findall(r"<(?:\w+:)?sheet\b[^>]*?r:id=\"([^\"]+)\"", book)
            if index >= len(ids):
                return ""
            target = re.search(
                rf'Id="{re.escape(ids[index])}"[^>]*Target="([^"]+)"', rels
            ) or re.search(rf'Target="([^"]+)"[^>]*Id="{re.escape(ids[index])}"', rels)
            if not target:
                return ""
            path = target.group(1).lstrip("/")
            path = path if path.startswith("xl/") else f"xl/{path}"
            return z.read(path).decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile):
        return ""


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _sheet_origin(data: bytes, index: int) -> tuple[int, int]:
    """Row and column (1-based) of the first cell with a value: where calamine's grid starts."""
    xml = _sheet_xml(data, index)
    cells = re.findall(r'<c r="([A-Z]+)(\d+)"[^>]*?(?<!/)>(?:<f>[^<]*</f>)?<(?:v|is)\b', xml)
    if not cells:
        return 1, 1
    return min(int(r) for _, r in cells), min(_col_number(c) for c, _ in cells)


def _merged_cell_issues(
    data: bytes,
    index: int,
    name: str,
    sheet: str,
    header_row: int,
    first_col: int,
    header: Sequence[str],
) -> list[Issue]:
    """Vertically merged ranges below the header: the cells under the top one lost its value."""
    xml = _sheet_xml(data, index)
    issues: list[Issue] = []
    for a_col, a_row, b_col, b_row in re.findall(
        r'<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"', xml
    ):
        top, bottom = int(a_row), int(b_row)
        if bottom <= top or bottom <= header_row:
            continue
        for col in range(_col_number(a_col), _col_number(b_col) + 1):
            pos = col - first_col
            column = header[pos] if 0 <= pos < len(header) else None
            for row in range(max(top, header_row) + 1, bottom + 1):
                issues.append(
                    Issue(
                        code="read.merged_cell",
                        severity="warning",
                        source=name,
                        sheet=sheet,
                        row=row,
                        column=column,
                        message=f"This cell is part of the merged range {a_col}{a_row}:{b_col}"
                        f"{b_row}; its value is only in the top cell ({a_col}{a_row}).",
                    )
                )
    return issues
