"""The validation Report: issues, valid and rejected rows, a summary, files and the fix loop.

Errors reject a row; warnings and infos do not. ``accept`` applies suggestions (by code, by
column or one row at a time) and returns a new Report-ready frame plus the decisions taken, so
the same fixes replay from a recipe.
"""

from __future__ import annotations

import difflib
import html
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from clientmig import lineage
from clientmig._messages import catalogue, translate_issues
from clientmig.errors import OptionError
from clientmig.export.files import csv_text, file_in_place, write_file_csv, write_file_text
from clientmig.export.privacy import mask_frame, mask_text, mask_text_expr
from clientmig.issues import SEVERITIES, empty_issues
from clientmig.validation.fixes import (
    LINEAGE_KEYS,
    Fix,
    Fixes,
    Ledger,
    apply_fixes,
    client_key_expr,
)
from clientmig.validation.issue_file import change_log, issues_for_people


def _known_codes(codes: Sequence[str], issues: pl.DataFrame) -> None:
    """Refuse a code that no check writes (a misspelt code would silently accept nothing)."""
    known = set(catalogue("nl")) | set(issues.get_column("code").unique().to_list())
    unknown = [c for c in codes if c not in known]
    if unknown:
        near = difflib.get_close_matches(unknown[0], sorted(known), n=3)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise OptionError(f"Unknown issue code {unknown[0]!r}{hint}")


RowRef = int | tuple[str, int] | tuple[str, str | None, int]
"""A row as accepted by the fix loop: its number in the one file read, ``(source, row)`` or
``(source, sheet, row)``."""


def _tables(frame: pl.DataFrame) -> list[tuple[str | None, str | None]]:
    """The distinct (source, sheet) pairs of a frame's rows, in order."""
    if lineage.SOURCE not in frame.columns:
        return []
    sheet = pl.col(lineage.SHEET) if lineage.SHEET in frame.columns else pl.lit(None, pl.String)
    pairs = frame.select(pl.col(lineage.SOURCE), sheet.alias("s")).unique(maintain_order=True)
    return [(a, b) for a, b in pairs.iter_rows()]


def _rows_filter(
    tables: list[tuple[str | None, str | None]],
    rows: Iterable[RowRef] | None,
    source: str | None,
    sheet: str | None,
) -> pl.Expr | None:
    """The issues of the rows named, unambiguously: a bare row number is refused when the
    report holds several files (or sheets) and ``source``/``sheet`` do not pick one."""
    where: list[pl.Expr] = []
    if source is not None:
        if source not in {t[0] for t in tables}:
            known = ", ".join(sorted({repr(t[0]) for t in tables}))
            raise OptionError(f"No file {source!r} in this report; its files are {known}.")
        where.append(pl.col("source") == source)
    if sheet is not None:
        where.append(pl.col("sheet") == sheet)
    if rows is None:
        return pl.all_horizontal(where) if where else None
    hits: list[pl.Expr] = []
    for ref in rows:
        if isinstance(ref, int) and not isinstance(ref, bool):
            _refuse_ambiguous(tables, ref, source, sheet)
            hits.append(pl.col("row") == ref)
        elif isinstance(ref, tuple) and len(ref) == 2:
            hits.append((pl.col("source") == ref[0]) & (pl.col("row") == int(ref[1])))
        elif isinstance(ref, tuple) and len(ref) == 3:
            in_sheet = pl.col("sheet").is_null() if ref[1] is None else pl.col("sheet") == ref[1]
            hits.append((pl.col("source") == ref[0]) & in_sheet & (pl.col("row") == int(ref[2])))
        else:
            raise OptionError(f"A row is a number, (source, row) or (source, sheet, row): {ref!r}")
    return pl.all_horizontal([*where, pl.any_horizontal(hits) if hits else pl.lit(value=False)])


def _refuse_ambiguous(
    tables: list[tuple[str | None, str | None]], row: int, source: str | None, sheet: str | None
) -> None:
    """A bare row number must name one row: refuse it when several tables are left."""
    left = [t for t in tables if source in (None, t[0]) and sheet in (None, t[1])]
    if len(left) > 1:
        named = ", ".join(f"{a} [{b}]" if b else str(a) for a, b in left)
        raise OptionError(
            f"Row {row} is ambiguous: this report holds {len(left)} tables ({named}). "
            "Name its file: rows=[(source, row), ...], or source=... (and sheet=...)."
        )


def _rejections(issues: pl.DataFrame) -> pl.DataFrame:
    """One row per rejected row (lineage columns) with its errors' ``reasons`` in one cell."""
    return (
        issues.filter((pl.col("severity") == "error") & pl.col("row").is_not_null())
        .group_by(LINEAGE_KEYS, maintain_order=True)
        .agg(
            pl.concat_str(
                [pl.col("column").fill_null(pl.col("field")), pl.lit(": "), pl.col("message")]
            )
            .unique(maintain_order=True)
            .str.join(" | ")
            .alias("reasons")
        )
        .rename({"source": lineage.SOURCE, "sheet": lineage.SHEET, "row": lineage.ROW})
    )


# Re-runs validation on a changed frame (checks.validate, bound by the caller).
Revalidate = Callable[[pl.DataFrame, pl.DataFrame], "Report"]


@dataclass(frozen=True)
class Report:
    """What is wrong, where, and which rows an import would skip.

    Decisions accumulate in the report itself: :meth:`accept` records the fixes it takes, and
    :meth:`decided` (which :func:`clientmig.export_files` calls) is the report validated again
    with every fix applied, so what was accepted is what is imported.
    """

    frame: pl.DataFrame
    issues: pl.DataFrame
    target: str = "canonical"
    _error_rows: pl.DataFrame = field(default_factory=pl.DataFrame, repr=False)
    columns: Mapping[str, str] = field(default_factory=dict, repr=False)
    _revalidate: Revalidate | None = field(default=None, repr=False, compare=False)
    _given: tuple[pl.DataFrame, pl.DataFrame] | None = field(
        default=None, repr=False, compare=False
    )
    ledger: Ledger = field(default_factory=Ledger, repr=False, compare=False)

    @classmethod
    def build(
        cls,
        frame: pl.DataFrame,
        issues: pl.DataFrame,
        *,
        target: str,
        columns: Mapping[str, str] | None = None,
        revalidate: Revalidate | None = None,
        given: tuple[pl.DataFrame, pl.DataFrame] | None = None,
    ) -> Report:
        """Assemble a report; rows with an error issue are rejected.

        ``revalidate(frame, issues)`` validates a changed frame as this report was (``given``
        is the frame and issues it started from); without it :meth:`decided` drops the issues
        the accepted fixes answered.
        """
        issues = issues.sort(
            ["source", "sheet", "row", "severity", "field"], nulls_last=True, maintain_order=True
        )
        # The rows an error rejects; their reasons are worded when asked (:attr:`rejected`).
        errors = (
            issues.filter((pl.col("severity") == "error") & pl.col("row").is_not_null())
            .select(LINEAGE_KEYS)
            .unique(maintain_order=True)
            .rename({"source": lineage.SOURCE, "sheet": lineage.SHEET, "row": lineage.ROW})
        )
        return cls(frame, issues, target, errors, dict(columns or {}), revalidate, given)

    # -- rows ---------------------------------------------------------------------------------
    @property
    def rejected(self) -> pl.DataFrame:
        """Rows with at least one error, with a ``reasons`` column (as platforms' skip files)."""
        keys = list(lineage.LINEAGE)
        if self._error_rows.is_empty():
            return self.frame.clear().with_columns(pl.lit(None, pl.String).alias("reasons"))
        # The reasons in the reader's language, as issues.csv beside them.
        reasons = _rejections(translate_issues(self.issues.filter(pl.col("severity") == "error")))
        return self.frame.join(
            reasons, on=keys, how="inner", nulls_equal=True, maintain_order="left"
        )

    @property
    def valid(self) -> pl.DataFrame:
        """Rows without an error."""
        if self._error_rows.is_empty():
            return self.frame
        return self.frame.join(
            self._error_rows.select(lineage.LINEAGE),
            on=list(lineage.LINEAGE),
            how="anti",
            nulls_equal=True,
            maintain_order="left",
        )

    @property
    def ok(self) -> bool:
        """True when no error issue exists."""
        return not (self.issues["severity"] == "error").any()

    # -- summaries ----------------------------------------------------------------------------
    def counts(self, by: str = "code") -> pl.DataFrame:
        """Issue counts per ``code`` (or ``column``, ``field``, ``severity``), worst first."""
        return (
            self.issues.group_by(by, "severity")
            .agg(pl.len().alias("issues"), pl.col("row").n_unique().alias("rows"))
            .sort(["severity", "issues", by], descending=[False, True, False], nulls_last=True)
        )

    @property
    def summary(self) -> dict[str, Any]:
        """Counts for printing and JSON."""
        sev = dict(self.issues.group_by("severity").len().iter_rows())
        rejected = self._error_rows.height
        return {
            "target": self.target,
            "rows": self.frame.height,
            "valid": self.frame.height - rejected,
            "rejected": rejected,
            "issues": {str(s): int(sev.get(s, 0)) for s in SEVERITIES},
            "by_code": {
                str(c): int(n)
                for c, n in self.issues.group_by("code").len().sort("code").iter_rows()
            },
        }

    def to_text(self) -> str:
        """A short plain-text summary."""
        s = self.summary
        lines = [
            f"{s['rows']} rows: {s['valid']} valid, {s['rejected']} rejected "
            f"({s['issues']['error']} errors, {s['issues']['warning']} warnings, "
            f"{s['issues']['info']} fixes and notes)"
        ]
        for code, n in sorted(s["by_code"].items(), key=lambda kv: -kv[1])[:15]:
            lines.append(f"  {n:>7}  {code}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        s = self.summary
        colors = {"error": "#dc2626", "warning": "#d97706", "info": "#2563eb"}
        by_code = self.counts("code").head(20)
        top = max([int(n) for n in by_code["issues"].to_list()] or [1])
        bars = "".join(
            "<tr><td><code>{}</code></td><td style='color:{}'>{}</td><td>{}</td>"
            "<td><div style='background:{};height:10px;width:{}px'></div></td></tr>".format(
                html.escape(str(r["code"])),
                colors.get(str(r["severity"]), "#000"),
                r["severity"],
                r["issues"],
                colors.get(str(r["severity"]), "#000"),
                max(2, int(200 * int(r["issues"]) / top)),
            )
            for r in by_code.iter_rows(named=True)
        )
        worst = (
            self.issues.filter(pl.col("severity") != "info")
            .group_by("column")
            .len()
            .sort(["len", "column"], descending=[True, False], nulls_last=True)
            .head(8)
        )
        worst_html = ", ".join(
            f"{html.escape(str(c))} ({n})" for c, n in worst.iter_rows() if c is not None
        )
        examples = (
            translate_issues(self.issues.filter(pl.col("severity") != "info"))
            .unique("code", keep="first", maintain_order=True)
            .head(10)
            .select("source", "row", "column", "message", "value", "suggestion", "code")
        )
        ex_rows = "".join(
            "<tr>"
            + "".join(f"<td>{html.escape('' if v is None else str(v))}</td>" for v in r)
            + "</tr>"
            for r in examples.iter_rows()
        )
        return (
            f"<div><b>Validation against {html.escape(self.target)}</b>: {s['rows']} rows, "
            f"<span style='color:#16a34a'>{s['valid']} valid</span>, "
            f"<span style='color:#dc2626'>{s['rejected']} rejected</span>; "
            f"{s['issues']['error']} errors, {s['issues']['warning']} warnings, "
            f"{s['issues']['info']} fixes.<br>"
            f"<b>Worst columns:</b> {worst_html or 'none'}"
            f"<table><tr><th>code</th><th>severity</th><th>issues</th><th></th></tr>{bars}</table>"
            "<b>Examples</b><table><tr><th>source</th><th>row</th><th>column</th><th>message</th>"
            f"<th>value</th><th>suggestion</th><th>code</th></tr>{ex_rows}</table></div>"
        )

    # -- the fix loop -------------------------------------------------------------------------
    def suggestions(
        self,
        *,
        code: str | Iterable[str] | None = None,
        column: str | None = None,
        field: str | None = None,
        rows: Iterable[RowRef] | None = None,
        source: str | None = None,
        sheet: str | None = None,
    ) -> pl.DataFrame:
        """Issues with a suggestion, filtered like :meth:`accept`."""
        out = self.issues.filter(pl.col("suggestion").is_not_null() & pl.col("row").is_not_null())
        if code is not None:
            codes = [code] if isinstance(code, str) else list(code)
            _known_codes(codes, self.issues)
            out = out.filter(pl.col("code").is_in(codes))
        if column is not None:
            out = out.filter(pl.col("column") == column)
        if field is not None:
            out = out.filter(pl.col("field") == field)
        chosen = _rows_filter(_tables(self.frame), rows, source, sheet)
        if chosen is not None:
            out = out.filter(chosen.fill_null(value=False))
        return out

    def accept(
        self,
        *,
        code: str | Iterable[str] | None = None,
        column: str | None = None,
        field: str | None = None,
        rows: Iterable[RowRef] | None = None,
        source: str | None = None,
        sheet: str | None = None,
    ) -> tuple[pl.DataFrame, Fixes]:
        """Accept the matching suggestions: the fixed frame and the decisions taken.

        ``rows`` are row numbers as a spreadsheet shows them; with several files (or sheets)
        in the report each is ``(source, row)`` or ``(source, sheet, row)``, or ``source=``
        (and ``sheet=``) names the file: a bare number that could mean two rows is refused.

        Masked suggestions (national numbers) are never accepted from a report; fix those in
        the source, where the full number is.
        """
        picked = self.suggestions(
            code=code, column=column, field=field, rows=rows, source=source, sheet=sheet
        ).filter(~pl.col("suggestion").str.contains(r"\*"))
        current = self.frame
        keyed = current.select(
            pl.col(lineage.SOURCE).alias("source"),
            pl.col(lineage.SHEET).alias("sheet"),
            pl.col(lineage.ROW).alias("row"),
            client_key_expr(current.columns).alias("key"),
        ).unique(list(LINEAGE_KEYS), keep="first")
        picked = picked.join(keyed, on=list(LINEAGE_KEYS), how="left", nulls_equal=True)
        fixes = []
        for r in picked.iter_rows(named=True):
            fname = r["field"]
            if fname not in current.columns:
                continue
            fixes.append(
                Fix(
                    source=r["source"],
                    sheet=r["sheet"],
                    row=int(r["row"]),
                    field=fname,
                    code=r["code"],
                    value=r["suggestion"],
                    before=r["value"],
                    key=r["key"],
                )
            )
        decided = Fixes(tuple(fixes))
        fixed, _ = apply_fixes(current, decided)
        if decided.items:
            self.ledger.steps.append(decided)
        return fixed, decided

    def decline(
        self,
        *,
        code: str | Iterable[str] | None = None,
        column: str | None = None,
        field: str | None = None,
        rows: Iterable[RowRef] | None = None,
        source: str | None = None,
        sheet: str | None = None,
    ) -> Fixes:
        """Decline the matching suggestions (``rows`` as in :meth:`accept`): they are settled
        and no longer wait for a person."""
        picked = self.suggestions(
            code=code, column=column, field=field, rows=rows, source=source, sheet=sheet
        )
        declined = Fixes(
            tuple(
                Fix(r["source"], r["sheet"], int(r["row"]), r["field"], r["code"], r["value"] or "")
                for r in picked.iter_rows(named=True)
            )
        )
        self.ledger.declined.append(declined)
        return declined

    def undo(self) -> Fixes:
        """Take back the last :meth:`accept` (nothing when nothing was accepted)."""
        return self.ledger.steps.pop() if self.ledger.steps else Fixes()

    @property
    def fixes(self) -> Fixes:
        """Every fix accepted on this report so far (a recipe's ``fixes`` section)."""
        return self.ledger.fixes

    def decided(self) -> Report:
        """This report with every accepted fix applied and validated again.

        The import files are written from this: no accepted fix is lost, and no fixed value
        reaches them without passing the validators.
        """
        fixes = self.ledger.fixes
        if not fixes.items:
            return self
        frame, issues = self._given or (self.frame, self.issues)
        fixed, _ = apply_fixes(frame, fixes)
        if self._revalidate is not None:
            return self._revalidate(fixed, issues)
        taken = pl.DataFrame(
            [(f.source, f.sheet, f.row, f.field, f.code) for f in fixes.items],
            schema=dict.fromkeys(("source", "sheet", "field", "code"), pl.String)
            | {"row": pl.Int64},
            orient="row",
        )
        rest = issues.join(
            taken, on=["source", "sheet", "row", "field", "code"], how="anti", nulls_equal=True
        )
        return Report.build(fixed, rest, target=self.target, columns=self.columns)

    # -- files --------------------------------------------------------------------------------
    def write_issues(self, path: str | Path, *, force: bool = False) -> Path:
        """Write the issues CSV (``source,sheet,row,column,field,code,severity,message,...,
        count``): errors and warnings one line per cell, routine fixes counted per column and
        code with a few examples (:func:`~clientmig.validation.issue_file.issues_for_people`)."""
        # Masked once counted: routine fixes shrink to a few examples per column and code.
        table = mask_frame(issues_for_people(translate_issues(self.issues)))
        return write_file_csv(path, table, force=force)

    def write_change_log(self, path: str | Path, *, force: bool = False) -> Path:
        """Write every routine fix, one row per cell (Parquet when the name ends ``.parquet``,
        else CSV); national numbers masked as in issues.csv."""
        table = change_log(mask_frame(translate_issues(self.issues)))
        if not str(path).lower().endswith(".parquet"):
            return write_file_csv(path, table, force=force)
        folder, name = file_in_place(path, force=force)
        with folder, folder.atomic(name) as tmp:
            table.write_parquet(tmp)
        return folder.root / name

    def write_rejected(self, path: str | Path, *, force: bool = False, mask: bool = False) -> Path:
        """Write rejected rows with their ``reasons`` (CSV, or zipped when the name ends .zip).

        The rows are the user's own data and keep their national numbers unless ``mask``
        (``--mask-rejected``); the reasons are always masked.
        """
        rejected = self.rejected
        data = rejected.select(
            *lineage.location_exprs(),
            *(pl.col(c).cast(pl.String) for c in rejected.columns if not c.startswith("_")),
        )
        data = (
            mask_frame(data)
            if mask
            else data.with_columns(
                mask_text_expr(pl.col(c)) for c in ("reasons",) if c in data.columns
            )
        )
        folder, name = file_in_place(path, force=force)
        with folder:
            if not name.endswith(".zip"):
                return folder.write_csv(name, data)
            import zipfile

            with folder.atomic(name) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
                zf.writestr(Path(name).stem + ".csv", csv_text(data))
            return folder.root / name

    def write_summary(self, path: str | Path, *, force: bool = False) -> Path:
        """Write the summary as JSON."""
        return write_file_text(path, json.dumps(self.summary, indent=2) + "\n", force=force)

    def write_html(self, path: str | Path, *, force: bool = False) -> Path:
        """Write the notebook view as a standalone HTML page."""
        page = (
            "<!doctype html><meta charset='utf-8'><title>clientmig report</title>"
            "<body style='font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto'>"
            f"{self._repr_html_()}</body>"
        )
        return write_file_text(path, mask_text(page), force=force)

    def annotate_workbook(
        self, source: str | Path, out: str | Path, *, force: bool = False
    ) -> Path:
        """Copy an .xlsx source with each problem cell highlighted and its reason as a comment."""
        from clientmig.export.annotate import annotate

        return annotate(source, self.issues, out, force=force)


def empty_report(frame: pl.DataFrame, target: str = "canonical") -> Report:
    """A report without issues."""
    return Report.build(frame, empty_issues(), target=target)
