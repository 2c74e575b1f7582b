"""Validate a cleaned frame against a target: Pandera schema, platform rules, one Report.

The target's Pandera schema runs lazily (every failure collected); each failure case becomes an
issue row through the check that failed (``not_nullable`` -> ``schema.required``, ``isin`` ->
``schema.allowed``, ``field_uniqueness`` -> ``schema.unique``, ``str_length`` ->
``schema.max_length``). The validators' issues from :func:`clientmig.cleaning` join them. An error
rejects its row; each input row lands in exactly one of ``valid`` and ``rejected``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandera.errors
import polars as pl

from clientmig import lineage
from clientmig._compat import renamed_arguments
from clientmig._polars import blank_to_null
from clientmig.cleaning import CleanOptions, derive
from clientmig.errors import ClientmigError
from clientmig.export.safety import formula_like_expr
from clientmig.issues import (
    ISSUE_SCHEMA,
    MASKED_FIELDS,
    concat_issues,
    conform,
    empty_issues,
    mask_expr,
)
from clientmig.links import link_issues
from clientmig.target_schemas import Platform, Target, resolve
from clientmig.validation.admission import (
    drop_dangling_links,
    leave_out_optional,
    recheck,
    report_uncarried,
)
from clientmig.validation.report import Report

_CHECK_CODES = (
    ("not_nullable", "schema.required", "error", "This field is required by {t} and is empty."),
    ("isin", "schema.allowed", "error", "{t} does not accept this value here."),
    (
        "field_uniqueness",
        "schema.unique",
        "error",
        "This value must be unique and appears more than once.",
    ),
    ("str_length", "schema.max_length", "error", "Longer than {t} allows."),
    ("dtype", "schema.type", "error", "This column has the wrong type."),
)

_MESSAGES = {
    "schema.multiple_contacts": (
        "warning",
        "This row names several people; TaxDome imports one contact per row.",
    ),
    "schema.forbidden_characters": (
        "warning",
        'TaxDome folder names cannot hold : " / \\ | ? * ; they would break its Drive.',
    ),
    "export.formula_neutralised": (
        "info",
        "A spreadsheet would run this cell as a formula; it is written with a leading apostrophe.",
    ),
    "schema.single_line": (
        "warning",
        "This cell spans several lines; the platform's import does not accept line breaks.",
    ),
}


@renamed_arguments(target_name="target")
def validate(
    frame: pl.DataFrame,
    target: str | Target | Platform = "canonical",
    *,
    issues: pl.DataFrame | None = None,
    columns: Mapping[str, str] | None = None,
    options: CleanOptions | None = None,
) -> Report:
    """Validate ``frame`` against a table or a whole platform: what passes is what is imported.

    The field validators run again on ``frame`` as given (after accepted fixes, link fixes or
    merges: ``options`` as for :func:`clientmig.clean`); an optional value that fails is left out
    with a warning instead of rejecting the client; a Belongs To naming an organisation that is
    not imported is left out too. ``issues`` are the earlier findings (reading, cleaning, links).
    """
    if not isinstance(frame, pl.DataFrame):
        raise ClientmigError(
            f"validate takes a Polars DataFrame of cleaned rows (cm.clean(...).frame), "
            f"not {type(frame).__name__}"
        )
    columns = dict(columns or {})
    frame = lineage.ensure_lineage(frame)
    before = frame
    resolved, tables = _resolve(target)
    frame, earlier = recheck(
        frame, issues if issues is not None else empty_issues(), columns=columns, options=options
    )
    found = [earlier, _belongs_to(frame, earlier, columns)]
    for t in tables:
        rows = frame.filter(derive.rows_for(t))
        shaped = derive.for_table(rows, t, only=_checked_fields(t))
        found.append(_schema_issues(shaped, t, columns))
        found.append(_rule_issues(shaped, t, columns))
    found.append(_unplaced(frame, tables, resolved.title))
    frame, all_issues = leave_out_optional(frame, concat_issues(found), tables)
    frame, link_issues = drop_dangling_links(frame, all_issues, tables)
    header = columns.get("belongs_to") or columns.get("organization_name")
    if header and not link_issues.is_empty():  # the column as the file names it
        link_issues = link_issues.with_columns(pl.col("column").replace("belongs_to", header))
    all_issues = concat_issues([all_issues, link_issues, report_uncarried(frame, tables, columns)])
    name = target if isinstance(target, str) else target.name

    def again(changed: pl.DataFrame, earlier: pl.DataFrame) -> Report:
        return validate(changed, target, issues=earlier, columns=columns, options=options)

    given = (before, issues if issues is not None else empty_issues())
    return Report.build(
        frame, all_issues, target=name, columns=columns, revalidate=again, given=given
    )


def _belongs_to(
    frame: pl.DataFrame, earlier: pl.DataFrame, columns: Mapping[str, str]
) -> pl.DataFrame:
    """Belongs-to checked within the frame (a flat list against its own organisations, or the
    people and organisations of a workbook together), unless the links were checked already."""
    if "belongs_to" not in frame.columns:
        return empty_issues()
    if earlier.filter(pl.col("code").str.starts_with("link.")).height:
        return empty_issues()
    merged = earlier.filter(pl.col("code") == "read.merged_cell")
    return link_issues(frame, columns=columns, merged=merged)


def _unplaced(frame: pl.DataFrame, tables: Sequence[Target], title: str) -> pl.DataFrame:
    """``schema.no_table`` for rows no table of the target takes (organisations for a target
    that imports people only): they are rejected, with the reason, rather than left out."""
    if not tables or "record_type" not in frame.columns:
        return empty_issues()
    hit = frame.filter(~derive.rows_for_any(tables))
    if hit.is_empty():
        return empty_issues()
    takes = " and ".join(sorted({f"{t.entity} rows" for t in tables}))
    return conform(
        hit.select(
            *lineage.location_exprs(),
            pl.lit("record_type").alias("column"),
            pl.lit("record_type").alias("field"),
            pl.lit("schema.no_table").alias("code"),
            pl.lit("error").alias("severity"),
            pl.format(
                "{} imports {} only; this {} row has no table there and is not imported.",
                pl.lit(title),
                pl.lit(takes),
                pl.col("record_type"),
            ).alias("message"),
            pl.col("record_type").alias("value"),
        )
    )


def _checked_fields(t: Target) -> set[str]:
    """Fields a schema check or a platform rule looks at (the rest need no deriving here)."""
    return {f.field for f in t.fields if f.required or f.unique or f.allowed or f.max_length} | {
        "first_name",
        "account_name",
    }


def _resolve(
    target_name: str | Target | Platform,
) -> tuple[Target | Platform, tuple[Target, ...]]:
    """The target or platform named, and the tables its rows are checked against."""
    if isinstance(target_name, str):
        target_name = resolve(target_name)
    if isinstance(target_name, Target):
        return target_name, (target_name,)
    return target_name, tuple(t for t in target_name.tables if t.entity != "group")


def _schema_issues(frame: pl.DataFrame, t: Target, columns: Mapping[str, str]) -> pl.DataFrame:
    """Run the target's Pandera schema lazily and turn failure cases into issue rows."""
    if frame.is_empty():
        return empty_issues()
    needed = [f for f in t.field_names if t.field(f).constant is None]
    data = frame.select(
        blank_to_null(pl.col(f).cast(pl.String)).alias(f)
        if f in frame.columns
        else pl.lit(None, pl.String).alias(f)
        for f in needed
    )
    required = _required_issues(frame, data, t, columns)
    try:
        t.schema().validate(data, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    except pandera.errors.SchemaError as exc:  # pragma: no cover - lazy=True collects
        cases = exc.failure_cases if isinstance(exc.failure_cases, pl.DataFrame) else None
        if cases is None:
            raise
    else:
        return required
    cases = cases.filter(pl.col("index").is_not_null() & pl.col("column").is_not_null())
    if cases.is_empty():
        return required
    code = pl.lit(None, pl.String)
    severity = pl.lit(None, pl.String)
    message = pl.lit(None, pl.String)
    for prefix, c, sev, text in reversed(_CHECK_CODES):
        hit = pl.col("check").str.starts_with(prefix)
        code = pl.when(hit).then(pl.lit(c)).otherwise(code)
        severity = pl.when(hit).then(pl.lit(sev)).otherwise(severity)
        message = pl.when(hit).then(pl.lit(text.format(t=t.title))).otherwise(message)
    lin = frame.select(
        pl.int_range(pl.len(), dtype=pl.Int64).alias("index"),
        *lineage.location_exprs(),
    )
    out = (
        cases.with_columns(pl.col("index").cast(pl.Int64))
        .join(lin, on="index", how="left")
        .with_columns(
            pl.col("column").alias("field"),
            code.alias("code"),
            severity.alias("severity"),
            message.alias("message"),
            pl.col("failure_case").cast(pl.String).alias("value"),
        )
        .filter(pl.col("code").is_not_null())
    )
    out = out.with_columns(
        pl.col("field")
        .replace_strict(dict(columns), default=pl.col("field"), return_dtype=pl.String)
        .alias("column"),
        pl.when(pl.col("field").is_in(list(MASKED_FIELDS)))
        .then(mask_expr(pl.col("value")))
        .otherwise(pl.col("value"))
        .alias("value"),
    )
    both = concat_issues([required, conform(out)])
    return both.unique(["source", "sheet", "row", "field", "code"], maintain_order=True)


def _required_issues(
    frame: pl.DataFrame, data: pl.DataFrame, t: Target, columns: Mapping[str, str]
) -> pl.DataFrame:
    """``schema.required`` for every row whose required field is empty (Pandera reports an
    all-empty column once, not per row)."""
    found = []
    for f in t.fields:
        if not f.required or f.constant is not None or f.field not in data.columns:
            continue
        empty = data.get_column(f.field).is_null()
        if not empty.any():
            continue
        found.append(
            frame.filter(empty).select(
                *lineage.location_exprs(),
                pl.lit(columns.get(f.field, f.field)).alias("column"),
                pl.lit(f.field).alias("field"),
                pl.lit("schema.required").alias("code"),
                pl.lit("error").alias("severity"),
                pl.lit(f"This field is required by {t.title} and is empty.").alias("message"),
            )
        )
    return concat_issues(found)


def _rule_issues(frame: pl.DataFrame, t: Target, columns: Mapping[str, str]) -> pl.DataFrame:
    """Platform rules named in the target file (``rules = [...]``)."""
    found: list[pl.DataFrame] = []
    if "one_contact_per_row" in t.rules and "first_name" in frame.columns:
        several = pl.col("first_name").str.contains(r"(?i)\s(?:&|\+|en|and|et|und|si|un)\s")
        found.append(_rows(frame, several, "first_name", "schema.multiple_contacts", columns))
    if "no_drive_characters" in t.rules and "account_name" in frame.columns:
        bad = pl.col("account_name").str.contains(r'[:"/\\|?*]')
        found.append(_rows(frame, bad, "account_name", "schema.forbidden_characters", columns))
    present = [f for f in t.field_names if f in frame.columns]
    # One pass tells which columns hold a formula-like cell (or a line break); only those are
    # filtered row by row.
    checks = {f: formula_like_expr(pl.col(f)) for f in present}
    if t.options.get("single_line"):
        checks |= {f"\n{f}": pl.col(f).str.contains(r"[\r\n]").fill_null(False) for f in present}
    if checks:
        hits = frame.select(e.any().alias(k) for k, e in checks.items()).row(0, named=True)
        for key, hit in hits.items():
            if not hit:
                continue
            f = key.lstrip("\n")
            code = "schema.single_line" if key.startswith("\n") else "export.formula_neutralised"
            found.append(_rows(frame, checks[key], f, code, columns))
    return concat_issues(found)


def _rows(
    frame: pl.DataFrame, where: pl.Expr, field: str, code: str, columns: Mapping[str, str]
) -> pl.DataFrame:
    severity, message = _MESSAGES[code]
    hit = frame.filter(where.fill_null(False))
    if hit.is_empty():
        return empty_issues()
    return conform(
        hit.select(
            *lineage.location_exprs(),
            pl.lit(columns.get(field, field)).alias("column"),
            pl.lit(field).alias("field"),
            pl.lit(code).alias("code"),
            pl.lit(severity).alias("severity"),
            pl.lit(message).alias("message"),
            pl.col(field).alias("value"),
        )
    )


def issue_columns() -> Sequence[str]:
    """The columns of an issues file, in order."""
    return ISSUE_SCHEMA.names()
