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
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from clientmig._messages import text
from clientmig.errors import ReadError
from clientmig.io._delimited import _read_large_text, _read_text
from clientmig.io._guard import check_size, check_workbook
from clientmig.io._workbook import _read_excel, _sheet_names
from clientmig.io.result import EXCEL_SUFFIXES, ReadResult, Source


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
    return text("cli.read.cannot_read", file=name, kind=type(exc).__name__, detail=detail)


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
            msg = text("cli.read.no_sheet", file=name, sheet=repr(sheet))
            raise ReadError(msg)
        result = _read_text(
            data, name, encoding=encoding, delimiter=delimiter, header_row=header_row
        )
    return _with_source(result)


# Files that are no table, whatever their name says: (signature, what it is).
_NOT_TABLES = (
    (b"%PDF-", "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"{\\rtf", "rtf"),
    (b"\x1f\x8b", "gzip"),
    (b"Rar!", "rar"),
    (b"7z\xbc\xaf\x27\x1c", "sevenzip"),
)


def _refuse_non_table(head: bytes, name: str) -> None:
    """A PDF or an image renamed ``.csv`` is an error that says what the file is."""
    for signature, kind in _NOT_TABLES:
        if head.startswith(signature):
            msg = text("cli.read.not_table", file=name, kind=text(f"cli.read.kinds.{kind}"))
            raise ReadError(msg)


def _with_source(result: ReadResult) -> ReadResult:
    """The result with the recognised export format (Outlook, Google, ...) filled in."""
    from clientmig.io.sources import detect_source

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


def sheet_names(source: Source) -> tuple[str, ...]:
    """The sheets of a workbook in workbook order, without reading them; ``()`` for a CSV."""
    data, name = _load(source)
    return tuple(_sheet_names(data, name)) if _is_workbook(data, name) else ()


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
            msg = text("cli.read.folder", path=path)
            raise ReadError(msg)
        try:
            check_size(path.stat().st_size, path.name)
            return path.read_bytes(), path.name
        except FileNotFoundError:
            msg = text("cli.read.missing", path=path)
            raise ReadError(msg) from None
        except OSError as exc:
            msg = text("cli.read.cannot_open", path=path, reason=exc.strerror)
            raise ReadError(msg) from None
    data: object = source.read()
    if not isinstance(data, bytes):
        msg = text("cli.read.binary")
        raise ReadError(msg)
    return data, Path(str(getattr(source, "name", "<stream>"))).name


def _is_workbook(data: bytes, name: str) -> bool:
    suffix = Path(name).suffix.lower()
    if suffix == ".xls":
        msg = text("cli.read.old_xls", file=name)
        raise ReadError(msg)
    if data[:4] == b"PK\x03\x04":
        check_workbook(data, name)  # limits before the xlsx reader runs
        return True
    check_size(len(data), name)
    if suffix in EXCEL_SUFFIXES:
        msg = text("cli.read.bad_xlsx", file=name)
        raise ReadError(msg)
    return False
