"""A workbook written column-wise: each sheet's XML built by Polars string expressions.

What a cell-by-cell writer does per cell (escape the text, look it up in the shared strings,
choose a style) is done here per column, so a 100,000-row import file costs a few Polars passes.
The package holds what Excel itself writes: shared strings, a styles part (bold header, Excel's
quote prefix for formula-like text), column widths and a frozen header row. Every part is
written with a fixed date, so the same rows give the same bytes.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import accumulate, pairwise
from pathlib import Path
from xml.sax.saxutils import escape

import polars as pl

from clientmig._excel import col_letters
from clientmig.errors import ExportError
from clientmig.export.safety import formula_like_expr

_FIXED = (2000, 1, 1, 0, 0, 0)
_ROWS_AT_A_TIME = 100_000  # rows of XML held at once: memory stays flat on large exports
_HEADER_STYLE, _QUOTED_STYLE = 1, 2
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")
# XML 1.0 cannot hold these; Excel stores them as _xHHHH_ (and a literal _xHHHH_ as _x005F_...).
_CONTROL_NAMES = {chr(c): f"_x{c:04X}_" for c in (*range(9), *range(11, 32))}


@dataclass(frozen=True)
class SheetSpec:
    """One sheet to write: its name, rows, and which columns hold whole numbers."""

    name: str
    frame: pl.DataFrame
    numbers: frozenset[str] = frozenset()


def _xml_text(expr: pl.Expr) -> pl.Expr:
    """Text as an XML ``<t>`` element holds it (escaped; spaces kept where they matter)."""
    escaped = (
        expr.str.replace_all(r"_(x[0-9A-Fa-f]{4}_)", "_x005F_$1")
        .str.replace_all("&", "&amp;", literal=True)
        .str.replace_all("<", "&lt;", literal=True)
        .str.replace_all(">", "&gt;", literal=True)
        .str.replace_many(list(_CONTROL_NAMES), list(_CONTROL_NAMES.values()))
    )
    spaced = expr.str.contains(r"^\s|\s$")
    return (
        pl.when(spaced)
        .then(pl.lit('<t xml:space="preserve">') + escaped + pl.lit("</t>"))
        .otherwise(pl.lit("<t>") + escaped + pl.lit("</t>"))
    )


def _as_text(series: pl.Series) -> pl.Series:
    """A column as the text a person reads (Python's ``str`` of each distinct value)."""
    if series.dtype == pl.String:
        return series
    distinct = series.drop_nulls().unique()
    texts = pl.Series([str(v) for v in distinct.to_list()], dtype=pl.String)
    lookup = pl.DataFrame({"v": distinct, "t": texts})
    joined = pl.DataFrame({"v": series}).join(lookup, on="v", how="left", maintain_order="left")
    return joined["t"]


def _texts(spec: SheetSpec) -> pl.DataFrame:
    """The sheet's text columns (every column but whole numbers written as numbers)."""
    return pl.DataFrame(
        [
            _as_text(spec.frame[name]).alias(name)
            for name in spec.frame.columns
            if not (name in spec.numbers and spec.frame[name].dtype.is_integer())
        ]
    )


def write_xlsx(sheets: Sequence[SheetSpec], path: Path) -> int:
    """Write the sheets; return the number of formula-like cells given the quote prefix."""
    seen: set[str] = set()
    for spec in sheets:
        if _BAD_SHEET.search(spec.name) or not spec.name or len(spec.name) > 31:
            msg = f"{spec.name!r} cannot name a sheet (at most 31 characters, none of []:*?/\\)."
            raise ExportError(msg)
        if spec.name.lower() in seen:
            msg = f"two sheets would both be named {spec.name!r}."
            raise ExportError(msg)
        seen.add(spec.name.lower())
    texts = [_texts(spec) for spec in sheets]
    headers = [c for spec in sheets for c in spec.frame.columns]
    columns = [_Column.of(col) for frame in texts for col in frame.iter_columns()]
    table = _SharedStrings.of(headers, columns)
    quoted = 0
    parts: list[_SheetPart] = []
    at = 0
    for spec, frame in zip(sheets, texts, strict=True):
        mine = {columns[i].name: table.cells(i, columns[i]) for i in range(at, at + frame.width)}
        at += frame.width
        part = _sheet_xml(spec, frame, mine, table.header_ix, first=not parts)
        parts.append(part)
        quoted += part.quoted
    _package(path, [s.name for s in sheets], parts, table.xml())
    return quoted


@dataclass(frozen=True)
class _Column:
    """A text column as indices into its own distinct values (in order of first use)."""

    name: str
    distinct: pl.Series
    local: pl.Series  # per row: index into ``distinct``; null for an empty cell
    uses: int

    @classmethod
    def of(cls, text: pl.Series) -> _Column:
        filled = text.is_not_null() & (text != "")
        kept = text.filter(filled)
        distinct = kept.unique(maintain_order=True)
        if distinct.len() == kept.len():  # every value once (identifiers): no lookup needed
            local = (filled.cast(pl.UInt32).cum_sum() - 1).alias("ix")
        else:
            own = pl.DataFrame({"text": distinct}).with_row_index("ix")
            local = pl.DataFrame({"text": text}).join(
                own, on="text", how="left", maintain_order="left"
            )["ix"]
        local = pl.select(pl.when(filled).then(local)).to_series()
        return cls(text.name, distinct, local, kept.len())


@dataclass(frozen=True)
class _SharedStrings:
    """The workbook's shared strings: every distinct text once, in order of first use, header
    names first; each column's distinct values are looked up once, in one pass over them all."""

    strings: pl.Series
    uses: int
    header_ix: dict[str, int]
    ix: list[pl.Series]  # per column: the index of each of its distinct values
    formula_like: pl.Series  # per string: decided once per distinct text

    @classmethod
    def of(cls, headers: list[str], columns: list[_Column]) -> _SharedStrings:
        names = pl.Series(headers, dtype=pl.String)
        listed = pl.DataFrame({"text": pl.concat([names, *(c.distinct for c in columns)])})
        first = pl.col("text").is_first_distinct() & (pl.col("text") != "")
        listed = listed.with_columns(new=first).with_columns(
            ix=pl.when("new").then(pl.col("new").cum_sum().cast(pl.UInt32) - 1)
        )
        ix = listed.select(pl.col("ix").max().over("text"))["ix"]
        strings = listed.filter("new")["text"]
        ends = list(accumulate((c.distinct.len() for c in columns), initial=names.len()))
        return cls(
            strings=strings,
            uses=int((names != "").sum()) + sum(c.uses for c in columns),
            header_ix=dict(zip(headers, ix.head(names.len()).to_list(), strict=True)),
            ix=[ix.slice(a, b - a) for a, b in pairwise(ends)],
            formula_like=strings.to_frame().select(formula_like_expr(pl.col("text")))["text"],
        )

    def cells(self, number: int, column: _Column) -> tuple[pl.Series, pl.Series]:
        """Each row's string index in column ``number`` and whether its text is formula-like
        (both empty for a column without values)."""
        ix = self.ix[number]
        if not column.uses:
            return ix, self.formula_like.clear()
        return ix.gather(column.local), self.formula_like.gather(ix).gather(column.local)

    def xml(self) -> bytes:
        head = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{_NS}" '
            f'count="{self.uses}" uniqueCount="{self.strings.len()}">'
        )
        items = pl.DataFrame({"s": self.strings}).select(
            (pl.lit("<si>") + _xml_text(pl.col("s")) + pl.lit("</si>")).alias("x")
        )
        body = str(items.select(pl.col("x").str.join("")).item()) if self.strings.len() else ""
        return head.encode() + body.encode() + b"</sst>"


@dataclass(frozen=True)
class _SheetPart:
    """A sheet's XML: its head and tail, and the rows between, made a slice at a time."""

    head: bytes
    data: pl.DataFrame
    row: pl.Expr | None
    tail: bytes
    quoted: int

    def pieces(self) -> Iterator[bytes]:
        yield self.head
        if self.row is not None:
            # The next slice's XML is made (by Polars, without the GIL) while this one is
            # compressed (by zlib, also without it): the two cores work at once.
            starts = range(0, self.data.height, _ROWS_AT_A_TIME)
            with ThreadPoolExecutor(max_workers=1) as pool:
                ahead = pool.submit(self._rows, 0)
                for at in starts[1:]:
                    done, ahead = ahead.result(), pool.submit(self._rows, at)
                    yield done
                yield ahead.result()
        yield self.tail

    def _rows(self, at: int) -> bytes:
        assert self.row is not None
        rows = self.data.slice(at, _ROWS_AT_A_TIME).select(self.row.str.join(""))
        return str(rows.item()).encode()


def _sheet_xml(
    spec: SheetSpec,
    texts: pl.DataFrame,
    indexed: dict[str, tuple[pl.Series, pl.Series]],
    header_ix: dict[str, int],
    *,
    first: bool,
) -> _SheetPart:
    frame = spec.frame
    n_rows = frame.height
    row_no = pl.int_range(2, n_rows + 2, eager=True).cast(pl.String)
    cells: list[pl.Expr] = []
    quoted = 0
    columns: dict[str, pl.Series] = {"__r": row_no}
    for c, name in enumerate(frame.columns, start=1):
        ref = pl.lit(f'<c r="{col_letters(c)}') + pl.col("__r")
        s = frame[name]
        if name in spec.numbers and s.dtype.is_integer():
            if s.null_count() == n_rows:
                continue
            columns[f"v{c}"] = s.cast(pl.String)
            cells.append(
                pl.when(pl.col(f"v{c}").is_not_null()).then(
                    ref + pl.lit('"><v>') + pl.col(f"v{c}") + pl.lit("</v></c>")
                )
            )
            continue
        ix, q = indexed[name]
        if not q.len():  # an empty column writes no cells
            continue
        columns[f"v{c}"] = ix.cast(pl.String)
        n_quoted = int(q.sum())
        quoted += n_quoted
        style = pl.lit("")
        if n_quoted:
            columns[f"q{c}"] = q
            style = pl.when(pl.col(f"q{c}")).then(pl.lit(f'" s="{_QUOTED_STYLE}')).otherwise(style)
        cells.append(
            pl.when(pl.col(f"v{c}").is_not_null()).then(
                ref + style + pl.lit('" t="s"><v>') + pl.col(f"v{c}") + pl.lit("</v></c>")
            )
        )
    row = (
        pl.lit('<row r="')
        + pl.col("__r")
        + pl.lit('">')
        + (pl.concat_str(cells, ignore_nulls=True) if cells else pl.lit(""))
        + pl.lit("</row>")
        if n_rows
        else None
    )
    header = "".join(
        f'<c r="{col_letters(c)}1" s="{_HEADER_STYLE}" t="s"><v>{header_ix.get(name, 0)}</v></c>'
        for c, name in enumerate(frame.columns, start=1)
        if name
    )
    last = f"{col_letters(max(frame.width, 1))}{n_rows + 1}"
    selected = 'tabSelected="1" ' if first else ""
    head = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_NS}" '
        f'xmlns:r="{_REL}"><dimension ref="A1:{last}"/><sheetViews><sheetView '
        f'{selected}workbookViewId="0"><pane ySplit="1" '
        'topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" '
        'activeCell="A2" sqref="A2"/></sheetView></sheetViews><sheetFormatPr '
        f'defaultRowHeight="15"/>{_widths(frame, texts)}<sheetData><row r="1">{header}</row>'
    )
    tail = (
        '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
        'header="0.3" footer="0.3"/></worksheet>'
    )
    return _SheetPart(head.encode(), pl.DataFrame(columns), row, tail.encode(), quoted)


def _widths(frame: pl.DataFrame, texts: pl.DataFrame) -> str:
    """Column widths from the header and the first 200 values, between 8 and 60."""
    if not frame.width:
        return ""
    sample = frame.head(200)
    out = []
    for c, name in enumerate(frame.columns, start=1):
        values = texts[name].head(200) if name in texts.columns else sample[name].cast(pl.String)
        longest = values.str.len_chars().max()
        width = max(len(name), int(longest) if isinstance(longest, int) else 0)
        out.append(
            f'<col min="{c}" max="{c}" width="{min(max(width + 2, 8), 60) + 0.7109375:.7g}" '
            'customWidth="1"/>'
        )
    return f"<cols>{''.join(out)}</cols>"


_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{_NS}"><fonts count="2"><font><sz val="11"/><color theme="1"/>'
    '<name val="Calibri"/><family val="2"/><scheme val="minor"/></font><font><b/><sz val="11"/>'
    '<color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill '
    'patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor '
    'rgb="FFEEF2F7"/><bgColor indexed="64"/></patternFill></fill></fills><borders count="2">'
    '<border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin">'
    '<color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin">'
    '<color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border>'
    '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    '</cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
    'xfId="0"/><xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" '
    'applyFill="1" applyBorder="1"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
    'xfId="0" quotePrefix="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" '
    'xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0" '
    'defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/></styleSheet>'
)


def _package(path: Path, names: Sequence[str], sheets: Sequence[_SheetPart], sst: bytes) -> None:
    n = len(names)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, n + 1)
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.'
        'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType='
        '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/docProps/app.xml" ContentType="'
        'application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override '
        'PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.'
        'core-properties+xml"/><Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/'
        'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        f'sheet.main+xml"/>{overrides}<Override PartName="/xl/sharedStrings.xml" ContentType="'
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_REL}/officeDocument" '
        'Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.'
        'org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>"
    )
    sheet_list = "".join(
        f'<sheet name="{escape(name, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(names, start=1)
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{_NS}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews>'
        f"<sheets>{sheet_list}</sheets></workbook>"
    )
    book_rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, n + 1)
    )
    book_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{_PKG}">{book_rels}<Relationship Id="rId{n + 1}" '
        f'Type="{_REL}/styles" Target="styles.xml"/><Relationship Id="rId{n + 2}" '
        f'Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    )
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp='
        '"http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc='
        '"http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>clientmig'
        '</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z'
        "</dcterms:created></cp:coreProperties>"
    )
    app = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://'
        'schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>'
        "clientmig</Application></Properties>"
    )
    parts: list[tuple[str, Iterable[bytes]]] = [
        ("[Content_Types].xml", [content_types.encode()]),
        ("_rels/.rels", [root_rels.encode()]),
        ("docProps/app.xml", [app.encode()]),
        ("docProps/core.xml", [core.encode()]),
        ("xl/workbook.xml", [workbook.encode()]),
        ("xl/_rels/workbook.xml.rels", [book_rels.encode()]),
        ("xl/styles.xml", [_STYLES.encode()]),
        *((f"xl/worksheets/sheet{i}.xml", s.pieces()) for i, s in enumerate(sheets, start=1)),
        ("xl/sharedStrings.xml", [sst]),
    ]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, pieces in parts:
            info = zipfile.ZipInfo(name, date_time=_FIXED)  # fixed: same rows, same bytes
            info.compress_type = zipfile.ZIP_DEFLATED
            for attr in ("_compresslevel", "compress_level"):  # Python 3.11-3.12, 3.13+
                if attr in zipfile.ZipInfo.__slots__:
                    setattr(info, attr, 1)
            with z.open(info, "w", force_zip64=True) as part:
                _faster_deflate(part)
                for piece in pieces:
                    part.write(piece)


def _faster_deflate(part: object) -> None:
    """Deflate a zip member with ISA-L (the same format as zlib, about three times faster)
    where it is installed and zipfile takes a compressor in the usual place; else zlib."""
    try:
        from isal import isal_zlib
    except ImportError:  # pragma: no cover - isal is a dependency; zlib writes the same format
        return
    if getattr(part, "_compressor", None) is not None:
        part._compressor = isal_zlib.compressobj(1, zlib.DEFLATED, -15)  # type: ignore[attr-defined]
