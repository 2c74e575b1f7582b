"""Write a platform's import files from validated canonical rows, safely, with an import summary.

Driven by ``schemas/``: each target table's fields give the headers, their order and their types.
Platform quirks the schema files declare (``[tables.X] one_row_per``, ``extra_rows``,
``max_rows_per_file``, ``max_file_bytes``) are applied here; nothing is platform-specific in code
except the one-line address that Karbon and others ask for.

>>> import polars as pl, tempfile
>>> people = pl.DataFrame({"first_name": ["Jan"], "last_name": ["Peeters"], "email": ["jan@x.be"]})
>>> result = export(people, target="sitee", out=tempfile.mkdtemp())
>>> result.tables[0].create
1
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl

from clientmig import targets as _targets
from clientmig.errors import ExportError
from clientmig.export.safety import safe_path
from clientmig.export.summary import ExportSummary, TableSummary
from clientmig.export.writers import explode_multi, one_line_address, write_csv_parts, write_workbook
from clientmig.lineage import data_columns

__all__ = ["ExportSummary", "TableSummary", "export", "import_table"]


def import_table(frame: pl.DataFrame, target: _targets.Target) -> pl.DataFrame:
    """Return the rows as the platform's import table: its headers, order and value formats."""
    settings: Mapping[str, Any] = getattr(target, "table_settings", {}) or {}
    rows = explode_multi(
        frame,
        list(settings.get("one_row_per", [])),
        into=dict(settings.get("extra_rows", {})),
    )
    exprs: list[pl.Expr] = []
    for spec in target.fields:
        exprs.append(_field_expr(rows, spec).alias(spec.header))
    return rows.select(exprs) if exprs else rows.select(data_columns(rows))


def _field_expr(frame: pl.DataFrame, spec: Any) -> pl.Expr:
    name = spec.field
    if name == "address" and ("address" not in frame.columns):
        base = one_line_address(frame)
    elif name in frame.columns:
        base = pl.col(name).cast(pl.String)
    else:
        base = pl.lit(None, pl.String)
    constant = getattr(spec, "constant", None)
    if constant is not None:
        base = pl.lit(str(constant), pl.String)
    if spec.type == "integer":
        return base.str.strip_chars().cast(pl.Float64, strict=False).round(0).cast(pl.Int64)
    formatter = getattr(spec, "export_format", None)
    if formatter:
        from clientmig.validators import get

        module = get(formatter)
        from clientmig._polars import via_distinct

        return via_distinct(base, lambda v: _safe_format(module, v), pl.String)
    return base


def _safe_format(module: Any, value: str) -> str:
    try:
        return str(module.format(value))
    except Exception:  # noqa: BLE001 - a value that cannot be formatted is written as it is
        return value


def export(
    data: pl.DataFrame | Mapping[str, pl.DataFrame],
    *,
    target: str,
    out: str | Path,
    force: bool = False,
    rejected: pl.DataFrame | None = None,
    updates: Mapping[str, int] | None = None,
) -> ExportSummary:
    """Write the import files for ``target`` (a platform such as ``"karbon"``) into ``out``.

    Parameters
    ----------
    data
        Valid canonical rows: one frame per target table (``{"people": ..., "organizations":
        ...}``), or one frame that is split by ``record_type`` (person / organization).
    target
        Platform name (``karbon``, ``taxdome``, ``accounton``, ``sitee``, ``debitoor``, ``xpm``,
        ``canonical``) or one table (``karbon.people``).
    out
        Output folder; created if missing. Nothing is written outside it.
    force
        Overwrite existing files.
    rejected
        Rejected rows with a ``reasons`` column; written as ``rejected.csv`` beside the import
        files and counted as skipped.
    updates
        Per table, how many existing clients the files update (from reconcile).

    Raises
    ------
    ExportError
        A file exists and ``force`` is false, or a name escapes the folder.
    """
    platform = _targets.platform(target.split(".")[0])
    tables = platform.tables
    if "." in target:
        table_name = target.split(".", 1)[1]
        tables = {table_name: tables[table_name]}
    frames = _route(data, tables)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    settings: Mapping[str, Any] = platform.settings
    fmt = str(settings.get("format", "csv"))
    written: list[Path] = []
    summaries: list[TableSummary] = []
    neutralised = 0
    sheets: dict[str, pl.DataFrame] = {}
    integer_columns: dict[str, set[str]] = {}
    skipped = _skipped_by_table(rejected, tables)
    for name, table in tables.items():
        frame = frames.get(name)
        if frame is None:
            continue
        out_frame = import_table(frame, table)
        files: list[Path] = []
        if fmt == "xlsx":
            sheet = str(getattr(table, "sheet", None) or table.title)
            sheets[sheet] = out_frame
            integer_columns[sheet] = {f.header for f in table.fields if f.type == "integer"}
        else:
            stem = f"{platform.name}_{name}"
            files, n = write_csv_parts(
                out_frame,
                folder,
                stem,
                force=force,
                max_rows=settings.get("max_rows_per_file"),
                max_bytes=settings.get("max_file_bytes"),
                encoding=str(settings.get("encoding", "utf-8")),
            )
            neutralised += n
            if platform.name == "canonical":
                parquet = safe_path(folder, f"{stem}.parquet", force=force)
                frame.write_parquet(parquet)
                files.append(parquet)
        written.extend(files)
        count, reasons = skipped.get(name, (0, {}))
        summaries.append(
            TableSummary(
                table=name,
                title=table.title,
                create=out_frame.height - (updates or {}).get(name, 0),
                update=(updates or {}).get(name, 0),
                skipped=count,
                skipped_reasons=reasons,
                files=tuple(p.name for p in files),
            )
        )
    if sheets:
        book = safe_path(folder, f"{platform.name}_import.xlsx", force=force)
        neutralised += write_workbook(sheets, book, integer_columns=integer_columns)
        written.append(book)
        summaries = [
            TableSummary(**{**s.to_dict(), "skipped_reasons": s.skipped_reasons, "files": (book.name,)})
            for s in summaries
        ]
    if rejected is not None and rejected.height:
        files_r, n = write_csv_parts(rejected, folder, "rejected", force=force)
        neutralised += n
        written.extend(files_r)
    if not summaries:
        msg = f"nothing to export for {target}: none of its tables received rows."
        raise ExportError(msg)
    return ExportSummary(
        target=target,
        out=str(folder),
        tables=tuple(summaries),
        files=tuple(p.name for p in written),
        neutralised_cells=neutralised,
    )


def _route(
    data: pl.DataFrame | Mapping[str, pl.DataFrame], tables: Mapping[str, Any]
) -> dict[str, pl.DataFrame]:
    if isinstance(data, Mapping):
        unknown = set(data) - set(tables)
        if unknown:
            msg = f"unknown table(s) {sorted(unknown)}; this target has {sorted(tables)}."
            raise ExportError(msg)
        return dict(data)
    if len(tables) == 1:
        return {next(iter(tables)): data}
    entity_of = {name: getattr(t, "entity", "any") for name, t in tables.items()}
    kind = _record_kind(data)
    routed: dict[str, pl.DataFrame] = {}
    for name, entity in entity_of.items():
        if entity in ("person", "organization"):
            routed[name] = data.filter(kind == entity)
    return routed


def _record_kind(frame: pl.DataFrame) -> pl.Series:
    """Person or organization per row: ``record_type`` when mapped, else which names are filled."""
    if "record_type" in frame.columns:
        return frame.select(pl.col("record_type").fill_null("person")).to_series()
    person = [c for c in ("first_name", "last_name", "full_name") if c in frame.columns]
    has_person = pl.any_horizontal([pl.col(c).is_not_null() for c in person]) if person else False
    has_org = (
        pl.col("organization_name").is_not_null()
        if "organization_name" in frame.columns
        else pl.lit(value=False)
    )
    kind = pl.when(has_org & ~pl.lit(has_person)).then(pl.lit("organization"))
    return frame.select(kind.otherwise(pl.lit("person")).alias("kind")).to_series()


def _skipped_by_table(
    rejected: pl.DataFrame | None, tables: Mapping[str, Any]
) -> dict[str, tuple[int, dict[str, int]]]:
    if rejected is None or rejected.is_empty():
        return {}
    table_col = "_table" if "_table" in rejected.columns else None
    out: dict[str, tuple[int, dict[str, int]]] = {}
    for name in tables:
        part = rejected.filter(pl.col(table_col) == name) if table_col else rejected
        if part.is_empty():
            continue
        reasons: dict[str, int] = {}
        if "_codes" in part.columns:
            counts = part.select(pl.col("_codes").str.split("; ")).explode("_codes")
            for code, n in counts.group_by("_codes").len().iter_rows():
                reasons[str(code)] = int(n)
        out[name] = (part.height, reasons)
        if not table_col:
            break
    return out
