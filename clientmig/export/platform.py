"""Write a platform's import files from a validated frame, driven by ``schemas/<platform>.toml``.

Each table gets its rows (people, organisations, client groups, or every row), its derived
fields, the platform's value formats (integers, full country names, phone and national-number
display forms), one row per multi-value where the platform asks (Karbon's Belongs To and extra
e-mails), the platform's headers in export order, and the file limits (XPM 500 rows, TaxDome
300 kB). Rejected rows are written beside the import files with their reasons.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from clientmig import lineage
from clientmig._compat import renamed_arguments
from clientmig.cleaning import derive
from clientmig.errors import ExportError
from clientmig.export.files import OutputFolder
from clientmig.export.summary import ExportSummary, TableSummary
from clientmig.export.writers import explode_multi, write_csv_parts, write_workbook
from clientmig.target_schemas import Field, Platform, Target, platform, resolve
from clientmig.validators import get

if TYPE_CHECKING:
    from clientmig.validation import Report


@renamed_arguments(target_name="target")
def export_files(
    report: Report,
    target: str | Platform | Target,
    out: str | Path,
    *,
    force: bool = False,
    write_rejected: bool = True,
    updates: Mapping[str, int] | None = None,
    mask_rejected: bool = False,
) -> ExportSummary:
    """Write ``target``'s import files for the valid rows of ``report`` into ``out``.

    Every decision recorded on the report (``report.accept(...)``) is applied and validated
    again first (:meth:`Report.decided`), so the files hold what was accepted and nothing a
    validator rejects. Existing files are not overwritten unless ``force``; nothing is written
    outside ``out``. The rejected file keeps the user's national numbers unless
    ``mask_rejected``; the summary says which.
    """
    report = _as_report(report)
    plat, tables = _resolve(target)
    with OutputFolder(out, force=force) as folder:
        refuse_existing(folder, plat, tables)
        summaries, files, neutralised = _write_tables(
            report, plat, tables, folder, force=force, updates=updates
        )
        rejected = report.rejected
        if write_rejected and rejected.height:
            rejected_file = report.write_rejected(
                folder.root / f"{plat.file}_rejected.csv", force=force, mask=mask_rejected
            )
            files.append(rejected_file.name)
        else:  # an earlier run's rejected rows would read as this run's
            folder.remove_stale(re.escape(f"{plat.file}_rejected.csv"), keep=set())
    return ExportSummary(
        target=plat.name if len(tables) > 1 else tables[0].name,
        out=str(folder.given),
        tables=tuple(summaries),
        files=tuple(files),
        neutralised_cells=neutralised,
        rejected_masked=mask_rejected if write_rejected and rejected.height else None,
        not_imported=rejected.filter(~derive.rows_for_any(tables)).height
        if "record_type" in rejected.columns
        else 0,
    )


def own_files(plat: Platform, tables: tuple[Target, ...] | None = None) -> str:
    """A regular expression matching every file name an export to ``plat`` writes."""
    stems = {_stem(plat, t) for t in (tables or plat.tables)}
    names = [rf"{re.escape(stem)}(_part\d+)?\.(csv|parquet)" for stem in stems]
    names += [rf"{re.escape(plat.file)}\.xlsx", rf"{re.escape(plat.file)}_rejected\.csv"]
    return "|".join(f"(?:{n})" for n in names)


def refuse_existing(
    folder: OutputFolder, plat: Platform | str, tables: tuple[Target, ...] | None = None
) -> None:
    """Without ``force``, refuse before any work when a file of this export already exists."""
    if folder.force:
        return
    plat = plat if isinstance(plat, Platform) else _resolve(plat)[0]
    folder.remove_stale(own_files(plat, tables), keep=set())


def _write_tables(
    report: Report,
    plat: Platform,
    tables: tuple[Target, ...],
    folder: OutputFolder,
    *,
    force: bool,
    updates: Mapping[str, int] | None,
) -> tuple[list[TableSummary], list[str], int]:
    valid = report.valid
    rejected = report.rejected
    sheets: dict[str, pl.DataFrame] = {}
    integer_columns: dict[str, set[str]] = {}
    summaries: list[TableSummary] = []
    files: list[str] = []
    neutralised = 0
    if plat.format == "xlsx":
        folder.path(f"{plat.file}.xlsx")  # refuse an overwrite before any work
    for t in tables:
        table = import_table(valid, t, everything=report.frame)
        clients = table.height if t.entity == "group" else valid.filter(derive.rows_for(t)).height
        skipped = rejected.filter(derive.rows_for(t)) if t.entity != "group" else None
        reasons = _reasons(report, skipped)
        paths: list[Path] = []
        if plat.format == "xlsx":
            sheets[t.sheet or t.title] = table
            integer_columns[t.sheet or t.title] = {
                f.header for f in t.fields if f.type == "integer"
            }
        else:
            written, n = write_csv_parts(
                table,
                folder,
                _stem(plat, t),
                force=force,
                max_rows=plat.options.get("max_rows"),
                max_bytes=plat.options.get("max_bytes"),
                encoding=str(plat.options.get("encoding", "utf-8")),
            )
            paths.extend(written)
            neutralised += n
            if plat.name == "canonical":
                name = f"{_stem(plat, t)}.parquet"
                with folder.atomic(name) as tmp:
                    valid.write_parquet(tmp)
                paths.append(folder.root / name)
        summaries.append(
            TableSummary(
                table=t.name,
                title=t.title,
                create=clients,
                update=(updates or {}).get(t.name, 0),
                skipped=0 if skipped is None else skipped.height,
                skipped_reasons=reasons,
                files=tuple(p.name for p in paths),
            )
        )
        files.extend(p.name for p in paths)
    if sheets:
        name = f"{plat.file}.xlsx"
        with folder.atomic(name) as tmp:
            neutralised += write_workbook(sheets, tmp, integer_columns=integer_columns)
        files.insert(0, name)
        summaries = [
            TableSummary(
                s.table, s.title, s.create, s.update, s.skipped, s.skipped_reasons, (name,)
            )
            for s in summaries
        ]
    return summaries, files, neutralised


def _as_report(report: object) -> Report:
    """The report's decided form, or a clear error naming what to pass."""
    from clientmig.validation import Report

    if isinstance(report, Report):
        return report.decided()
    if isinstance(report, pl.DataFrame):
        raise ExportError(
            "export_files takes the Report from cm.validate(...), not a DataFrame: "
            "report.accept(...) records its fixes in the report, so pass the report itself"
        )
    raise ExportError(
        f"export_files takes the Report from cm.validate(...), not {type(report).__name__}"
    )


def import_table(
    frame: pl.DataFrame, t: Target, *, everything: pl.DataFrame | None = None
) -> pl.DataFrame:
    """The rows and columns of one import table, with the platform's headers and formats."""
    if t.entity == "group":
        return _groups(everything if everything is not None else frame, t)
    rows = frame.filter(derive.rows_for(t))
    rows = derive.for_table(rows, t)
    multi_into = {"email_additional": "email"} if "email_additional" in t.explode else {}
    explode = [f for f in t.explode if f not in multi_into]
    if explode or multi_into:
        rows = explode_multi(rows, explode, into=multi_into)
    exprs = [_formatted(rows, f, t.options).alias(f.header) for f in t.fields]
    return rows.select(exprs) if exprs else rows.clear()


def _formatted(rows: pl.DataFrame, f: Field, opts: Mapping[str, Any]) -> pl.Expr:
    """One import column in the platform's format (integers, country, phone, ID display)."""
    if f.constant is not None:
        return pl.lit(f.constant, pl.String)
    if f.field not in rows.columns:
        return pl.lit(None, pl.String)
    col = pl.col(f.field).cast(pl.String)
    if f.type == "integer":
        return col.str.strip_chars().cast(pl.Int64, strict=False)
    if f.type == "date":
        # A birthday without a year (--MM-DD) is no date to an importer; the issue keeps it.
        return pl.when(col.str.starts_with("--")).then(None).otherwise(col)
    if f.validator == "country" and opts.get("country_format") == "iso2":
        iso2: pl.Expr = get("country").iso2_expr(col)
        return iso2
    if f.validator == "phone" and opts.get("phone_format") == "international":
        display: pl.Expr = get("phone").format_expr(col)
        return display
    if f.validator == "national_id" and opts.get("national_id_format") == "display":
        shown: pl.Expr = get("national_id").format_expr(col)
        return shown
    if opts.get("single_line"):
        col = col.str.replace_all(r"\s*[\r\n]+\s*", " ")
    return col


def _groups(frame: pl.DataFrame, t: Target) -> pl.DataFrame:
    """Client groups: one row per distinct group named anywhere in the import."""
    if "client_group" not in frame.columns:
        return pl.DataFrame(
            {f.header: [] for f in t.fields}, schema={f.header: pl.String for f in t.fields}
        )
    names = (
        frame.select(pl.col("client_group").str.split("; ").explode().str.strip_chars())
        .filter(pl.col("client_group").is_not_null() & (pl.col("client_group") != ""))
        .unique(maintain_order=True)
    )
    return names.select(
        *(
            (
                pl.col("client_group") if f.field == "client_group" else pl.lit(None, pl.String)
            ).alias(f.header)
            for f in t.fields
        )
    )


def _reasons(report: Report, skipped: pl.DataFrame | None) -> dict[str, int]:
    if skipped is None or skipped.is_empty():
        return {}
    keys = skipped.select(
        *lineage.location_exprs(),
    )
    errors = report.issues.filter(pl.col("severity") == "error").join(
        keys, on=["source", "sheet", "row"], how="semi", nulls_equal=True
    )
    return {str(c): int(n) for c, n in errors.group_by("code").len().iter_rows()}


def _resolve(target_name: str | Platform | Target) -> tuple[Platform, tuple[Target, ...]]:
    if isinstance(target_name, Target):
        return platform(target_name.platform), (target_name,)
    if isinstance(target_name, Platform):
        return target_name, target_name.tables
    named = resolve(target_name)
    if isinstance(named, Target):
        return platform(named.platform), (named,)
    p = named
    if not p.tables:
        raise ExportError(f"{p.name} has no tables to export")
    return p, p.tables


def _stem(plat: Platform, t: Target) -> str:
    return plat.file if len(plat.tables) == 1 else f"{plat.file}_{t.table}"
