"""Small Polars helpers shared by the validators and frame functions (not public API)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeAlias

import polars as pl

IntoExprColumn: TypeAlias = "str | pl.Expr | pl.Series"


def parse_into_expr(column: IntoExprColumn) -> pl.Expr:
    """Turn a column name, an expression or a Series into an expression."""
    if isinstance(column, pl.Expr):
        return column
    if isinstance(column, pl.Series):
        return pl.lit(column)
    return pl.col(column)


def with_stages(frame: pl.LazyFrame, stages: Iterable[Mapping[str, pl.Expr]]) -> pl.LazyFrame:
    """Add the stages' named columns one stage after the other (later ones use earlier ones)."""
    for stage in stages:
        frame = frame.with_columns(**stage)
    return frame


def blank_to_null(expr: pl.Expr) -> pl.Expr:
    """Empty and whitespace-only cells become null (what "no value" means everywhere here)."""
    return pl.when(expr.str.strip_chars() == "").then(None).otherwise(expr)


def via_distinct(
    expr: pl.Expr, fn: Callable[[str], Any], dtype: pl.DataType | type[pl.DataType]
) -> pl.Expr:
    """Apply a scalar function once per distinct non-null value and map results back.

    This is the only sanctioned way to call a per-value Python library (stdnum, phonenumbers,
    email-validator) on a column: exports repeat values, and the fast path settles most rows
    before this runs.
    """
    return on_distinct(
        expr, lambda keys: pl.Series([fn(k) for k in keys.to_list()], dtype=dtype), dtype
    )


def on_distinct(
    expr: pl.Expr, fn: Callable[[pl.Series], pl.Series], dtype: pl.DataType | type[pl.DataType]
) -> pl.Expr:
    """Apply ``fn`` to the distinct non-null values of a column (a Series in, one result each
    out, in order) and map the results back to every row."""

    def run(values: pl.Series) -> pl.Series:
        distinct = values.drop_nulls().unique()
        if distinct.is_empty():
            return pl.Series(values.name, [None] * len(values), dtype=dtype)
        lookup = pl.DataFrame({"__k": distinct, "__v": fn(distinct).cast(dtype)})
        joined = (
            values.rename("__k")
            .to_frame()
            .join(lookup, on="__k", how="left", maintain_order="left")
        )
        return joined["__v"].rename(values.name)

    return expr.map_batches(run, return_dtype=dtype, is_elementwise=True)


def expr_via_distinct(
    expr: pl.Expr,
    fn: Callable[[pl.Expr], pl.Expr],
    dtype: pl.DataType | type[pl.DataType],
) -> pl.Expr:
    """Evaluate the expression ``fn(column)`` once per distinct non-null value of ``expr`` and
    map the results back (null stays null): for costly vectorised work on repetitive columns
    (country names, legal forms), as :func:`via_distinct` is for per-value Python calls."""

    return on_distinct(
        expr, lambda keys: keys.to_frame("__k").select(fn(pl.col("__k")))[:, 0], dtype
    )


def distinct_rows(rows: pl.DataFrame) -> tuple[pl.DataFrame, pl.Series]:
    """Return the distinct rows of ``rows`` and, per row, the index of its distinct row.

    Null counts as a value of its own, so every row has an index (``UInt32``). Computing an
    expression on the distinct rows and gathering by the index equals computing it per row.
    Rows are matched by a 64-bit hash (much cheaper than hashing strings twice), then every
    row is compared with its distinct row: a hash collision falls back to matching values.
    """
    hashes = rows.hash_rows()
    first = hashes.arg_unique()
    distinct = rows[first]
    index = hashes.gather(first).to_frame("__h").with_row_index("__d")
    ids = (
        hashes.to_frame("__h")
        .join(index, on="__h", how="left", maintain_order="left")
        .get_column("__d")
    )
    if all(distinct[c].gather(ids).eq_missing(rows[c]).all() for c in rows.columns):
        return distinct, ids
    return _distinct_by_value(rows)


def _distinct_by_value(rows: pl.DataFrame) -> tuple[pl.DataFrame, pl.Series]:
    distinct = rows.unique(maintain_order=True)
    ids = rows.join(
        distinct.with_row_index("__d"),
        on=rows.columns,
        how="left",
        nulls_equal=True,
        maintain_order="left",
    ).get_column("__d")
    return distinct, ids
