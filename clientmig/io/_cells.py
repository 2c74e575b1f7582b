"""From a parsed grid to a frame with lineage: headers, footers, and per-cell read issues."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import polars as pl

from clientmig._text import remove_invisible
from clientmig.issues import Issue, concat_issues, empty_issues, issues_frame
from clientmig.lineage import ROW, SHEET, SOURCE

EXCEL_CELL_LIMIT = 32_767
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
