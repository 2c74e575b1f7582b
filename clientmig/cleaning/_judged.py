"""What a validator found in one column, turned into issue rows that point at source cells."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import polars as pl

from clientmig import lineage
from clientmig._polars import blank_to_null, distinct_rows, with_stages
from clientmig.cleaning.options import _FIXED_SUGGESTS_COMPACT, CleanOptions
from clientmig.issues import ISSUE_SCHEMA, MASKED_FIELDS, conform, empty_issues, mask_expr
from clientmig.validators import get

# Issue rows inside this module carry ``_i`` (the frame row) until ``_locate`` adds lineage.
_RAW_SCHEMA = pl.Schema({**ISSUE_SCHEMA, "_i": pl.UInt32()})


def _raw(frame: pl.DataFrame) -> pl.DataFrame:
    exprs = [
        (pl.col(n) if n in frame.columns else pl.lit(None)).cast(t).alias(n)
        for n, t in _RAW_SCHEMA.items()
    ]
    return frame.select(exprs)


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema=_RAW_SCHEMA)


def _concat(frames: Sequence[pl.DataFrame]) -> pl.DataFrame:
    parts = [_raw(f) for f in frames if f.height]
    return pl.concat(parts, how="vertical") if parts else _empty()


# -- one field ------------------------------------------------------------------------------------
Cleaner = Callable[
    [pl.DataFrame, str, ModuleType, CleanOptions], tuple[dict[str, pl.Series], pl.DataFrame]
]
# Checks: validator options -> stages of named expressions over a column called ``value``.
Checks = Callable[[Mapping[str, Any]], Sequence[Mapping[str, pl.Expr]]]


@dataclass(frozen=True, slots=True)
class _Judged:
    """A column judged once per distinct value (and context), with the way back to its rows.

    ``parts`` holds, per context (the validator options, e.g. one region), the distinct values
    judged under it: ``_d`` (index of the distinct value), ``value`` and the checks' columns.
    ``ids`` gives each frame row the ``_d`` of its value.
    """

    parts: list[tuple[dict[str, Any], pl.DataFrame]]
    ids: pl.Series
    size: int

    def column(self, name: str, alias: str) -> pl.Series:
        """The check ``name`` per frame row (null where the row was not judged)."""
        judged = [part.select("_d", name) for _, part in self.parts]
        if not judged:
            return pl.Series(alias, [None] * self.ids.len(), dtype=pl.String)
        both = pl.concat(judged)
        distinct = pl.Series(alias, [None] * self.size, dtype=both[name].dtype)
        return distinct.scatter(both["_d"], both[name]).gather(self.ids)

    def findings(
        self,
        name: str,
        module: ModuleType,
        *,
        code: str = "code",
        clean: str = "clean",
        suggestion: str | None = None,
    ) -> pl.DataFrame:
        """Issue rows (``_i`` = frame row) for the values whose check ``code`` is set
        (``suggestion``: a check giving the suggestion, else :func:`_findings` finds it)."""
        found = []
        for kw, part in self.parts:
            given = [] if suggestion is None else [pl.col(suggestion).alias("suggestion")]
            judged = part.select(
                pl.col("_d").alias("_i"),
                "value",
                pl.col(clean).alias("clean"),
                pl.col(code).alias("code"),
                *given,
            )
            found.append(_per_row(_findings(judged, name, module, kw), self.ids, self.size))
        return _concat(found)


def _judge(
    values: pl.Series,
    checks: Checks,
    *,
    key: pl.Series | None = None,
    option: str = "",
    extra: Mapping[str, Any] | None = None,
) -> _Judged:
    """Run ``checks`` on the distinct values, per distinct ``key`` (passed as ``option``).

    Exports repeat values (names, towns, year ends, the same client twice), so judging each
    distinct value once and gathering back is what keeps cleaning linear in the distinct count.
    Rows whose key is null are not judged.
    """
    extra = dict(extra or {})
    rows = values.cast(pl.String).rename("value").to_frame()
    single = key is not None and key.len() > 0 and key.null_count() == 0 and (key == key[0]).all()
    if key is not None and not single:
        rows = rows.with_columns(key.alias("_k"))
    distinct, ids = distinct_rows(rows)
    distinct = distinct.with_row_index("_d")
    if key is None:
        return _Judged([(extra, _run(distinct, checks(extra)))], ids, distinct.height)
    if single:
        distinct = distinct.with_columns(pl.lit(key[0], pl.String).alias("_k"))
    parts = []
    for k in distinct["_k"].drop_nulls().unique().sort().to_list():
        part = distinct.filter((pl.col("_k") == k) & pl.col("value").is_not_null())
        if part.height:
            kw = {option: k, **extra}
            parts.append((kw, _run(part, checks(kw))))
    return _Judged(parts, ids, distinct.height)


def _run(frame: pl.DataFrame, stages: Sequence[Mapping[str, pl.Expr]]) -> pl.DataFrame:
    """Add the stages' columns, one stage after the other (later ones use earlier columns)."""
    return with_stages(frame.lazy(), stages).collect()


def _per_row(found: pl.DataFrame, ids: pl.Series, size: int) -> pl.DataFrame:
    """Issue rows of distinct values (``_i`` = distinct index) -> one per frame row holding one."""
    if found.is_empty():
        return found
    at = pl.Series([None] * size, dtype=pl.UInt32).scatter(
        found["_i"], pl.int_range(found.height, eager=True, dtype=pl.UInt32)
    )
    at = at.gather(ids)
    hit = at.is_not_null()
    rows = pl.int_range(ids.len(), eager=True, dtype=pl.UInt32).filter(hit)
    return found[at.filter(hit)].with_columns(rows.alias("_i"))


def _checks(module: ModuleType, *, fixed: bool = False) -> Checks:
    """``compact`` (the validator's), ``clean`` (the same, blank as null) and the finding's
    ``code``; with ``fixed``, also the ``.fixed`` code where Excel damage was repaired.

    A module's ``judge_expr`` (one pass giving a struct of those) is used where it has one.
    """

    twins = {"compact": "compact_expr", "code": "issue_expr", "fixed": "fixed_expr"}

    def checks(kw: Mapping[str, Any]) -> list[dict[str, pl.Expr]]:
        value = pl.col("value")
        judge = getattr(module, "judge_expr", None)
        stages = [] if judge is None else [{"judged": judge(value, **kw)}]

        def part(name: str) -> pl.Expr:
            if judge is None:
                twin: pl.Expr = getattr(module, twins[name])(value, **kw)
                return twin
            return pl.col("judged").struct.field(name)

        first = {"compact": part("compact"), "code": part("code")}
        if fixed and hasattr(module, "fixed_expr"):
            first["fixed"] = pl.when(part("fixed")).then(pl.lit(f"{module.NAME}.fixed"))
        return [*stages, first, {"clean": blank_to_null(pl.col("compact"))}]

    return checks


# -- findings -------------------------------------------------------------------------------------
def _findings(
    out: pl.DataFrame,
    name: str,
    module: ModuleType,
    kw: Mapping[str, Any],
    *,
    pair: bool = False,
) -> pl.DataFrame:
    """Rows with a code -> issue rows (``_i`` row index, field, code, severity, message, ...).

    Messages come from the module's catalogue; a ``.fixed`` finding suggests the cleaned value;
    other suggestions come from a ``suggestion`` column of ``out`` where it has one, else from
    the module on the distinct flagged values only.
    """
    flagged = out.filter(pl.col("code").is_not_null())
    if flagged.is_empty():
        return _empty().with_columns(pl.lit(None, pl.UInt32).alias("_i"))
    codes = getattr(module, "CODES", {})
    catalogue = pl.DataFrame(
        {
            "code": list(codes),
            "severity": [codes[c][0] for c in codes],
            "message": [codes[c][1] for c in codes],
        },
        schema={"code": pl.String, "severity": pl.String, "message": pl.String},
    )
    flagged = flagged.join(catalogue, on="code", how="left", maintain_order="left")
    if "suggestion" not in flagged.columns:
        lookup = _suggestions(flagged, module, kw, pair=pair)
        flagged = flagged.join(lookup, on="value", how="left", maintain_order="left")
    if "clean" in flagged.columns:
        flagged = flagged.with_columns(
            pl.when(pl.col("code").str.ends_with(_FIXED_SUGGESTS_COMPACT))
            .then(pl.col("clean"))
            .otherwise(pl.col("suggestion"))
            .alias("suggestion")
        )
    value = pl.col("value")
    suggestion = pl.col("suggestion")
    if name in MASKED_FIELDS:
        value = mask_expr(value)
        suggestion = mask_expr(suggestion)
    return flagged.select(
        pl.col("_i").cast(pl.UInt32),
        pl.lit(name).alias("field"),
        "code",
        "severity",
        "message",
        value.alias("value"),
        suggestion.alias("suggestion"),
    )


def _suggestions(
    flagged: pl.DataFrame, module: ModuleType, kw: Mapping[str, Any], *, pair: bool
) -> pl.DataFrame:
    """``value, suggestion`` for the distinct flagged values that are not ``.fixed``."""
    needs = flagged.filter(~pl.col("code").str.ends_with(_FIXED_SUGGESTS_COMPACT))
    suggestions: dict[str, str | None] = {}
    if not pair and hasattr(module, "suggestion_expr"):
        distinct = needs.select("value").drop_nulls().unique()
        judged = distinct.with_columns(module.suggestion_expr(pl.col("value"), **kw).alias("s"))
        suggestions = dict(judged.iter_rows())
    elif not pair:
        for value in needs["value"].drop_nulls().unique().to_list():
            try:
                found = module.check(value, **kw)
            except Exception:  # a validator bug must not lose the issue itself
                found = None
            suggestions[value] = found.suggestion if found is not None else None
    return pl.DataFrame(
        {"value": list(suggestions), "suggestion": list(suggestions.values())},
        schema={"value": pl.String, "suggestion": pl.String},
    )


def _fixed_issues(judged: _Judged, name: str, module: ModuleType) -> pl.DataFrame:
    """``<validator>.fixed`` info issues where Excel damage was repaired (suggesting the
    compacted value)."""
    if not hasattr(module, "fixed_expr"):
        return _empty()
    return judged.findings(name, module, code="fixed", clean="compact")


def _birth_issues(frame: pl.DataFrame, name: str, module: ModuleType) -> pl.DataFrame:
    dob = "date_of_birth" if "date_of_birth" in frame.columns else None
    sex = "gender" if "gender" in frame.columns else None
    if dob is None and sex is None:
        return _empty()
    src = frame
    if dob is not None:
        dob_clean = frame.select(get("date").compact_expr(pl.col(dob), kind="birth"))
        src = frame.with_columns(dob_clean.to_series().alias(dob))
    rows = module.birth_issues(src, name, birth_date=dob, sex=sex)
    if rows.is_empty():
        return _empty()
    out = rows.rename({"row_index": "_i"}).with_columns(
        pl.col("_i").cast(pl.UInt32), value=pl.lit(None, pl.String), clean=pl.lit(None, pl.String)
    )
    return _findings(out, name, module, {}, pair=True)


# -- context ---------------------------------------------------------------------------------
def _header_per_row(
    frame: pl.DataFrame,
    name: str,
    columns: Mapping[str, str],
    by_source: Mapping[str, Mapping[str, str]],
) -> pl.Series:
    """The header ``name`` had in each row's own file."""
    fallback = columns.get(name)
    if not by_source:
        return pl.Series("_h", [fallback] * frame.height, dtype=pl.String)
    per_file = {src: h.get(name, fallback) for src, h in by_source.items()}
    return (
        frame.get_column(lineage.SOURCE)
        .replace_strict(
            list(per_file), list(per_file.values()), default=fallback, return_dtype=pl.String
        )
        .rename("_h")
    )


def _locate(
    issues: pl.DataFrame,
    frame: pl.DataFrame,
    columns: Mapping[str, str],
    by_source: Mapping[str, Mapping[str, str]] | None = None,
) -> pl.DataFrame:
    """Attach lineage (source, sheet, row) and the source column header to every issue: the
    header as written in that row's own file where ``by_source`` knows it."""
    if issues.is_empty():
        return empty_issues()
    header = pl.col("field").replace_strict(
        dict(columns), default=pl.col("field"), return_dtype=pl.String
    )
    if "_i" not in issues.columns:
        issues = issues.with_columns(pl.lit(None, pl.UInt32).alias("_i"))
    # ``_i`` is a row position: gathering the lineage by it is the join on the row index
    # (from one chunk: gathering across the chunks of a file read in parts is slower).
    lin = frame.select(*lineage.location_exprs()).rechunk()[issues["_i"]]
    located = pl.concat(
        [issues.drop("source", "sheet", "row", "_i", strict=False), lin], how="horizontal"
    ).with_columns(header.alias("column"))
    if "source" in located.columns and located["source"].null_count():
        first = frame.select(pl.col(lineage.SOURCE).first()).item() if frame.height else None
        located = located.with_columns(pl.col("source").fill_null(first))
    if by_source and "source" in located.columns:
        own = pl.DataFrame(
            [(src, f, h) for src, hs in by_source.items() for f, h in hs.items()],
            schema={"source": pl.String, "field": pl.String, "_own": pl.String},
            orient="row",
        )
        located = located.join(own, on=["source", "field"], how="left", maintain_order="left")
        located = located.with_columns(pl.coalesce("_own", "column").alias("column"))
    return conform(located.select([c for c in ISSUE_SCHEMA.names() if c in located.columns]))
