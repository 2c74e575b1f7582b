"""Validators: one module per kind of value, each with a scalar API and vectorised twins.

Every module follows python-stdnum's contract plus Polars expressions (docs/DESIGN.md):
``NAME``, ``CODES``, ``compact``, ``check``, ``validate``, ``is_valid``, ``format``,
``compact_expr`` and ``issue_expr``. ``issue_expr`` agrees exactly with ``check(value).code``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import polars as pl

from clientmig.issues import Severity
from clientmig.validators._contract import MEMBERS, Validator

# Validator modules by name, as referenced by `validator = "..."` in schemas/*.toml.
VALIDATORS = (
    "company_id",
    "country",
    "date",
    "email",
    "fiscal_year_end",
    "language",
    "national_id",
    "organization_name",
    "person_name",
    "phone",
    "postcode",
    "text_damage",
    "url",
)


@dataclass(frozen=True, slots=True)
class Finding:
    """What a validator found in one value: a stable code, severity, sentence and suggestion."""

    code: str
    severity: Severity
    message: str
    suggestion: str | None = None


def get(name: str) -> ModuleType:
    """Return the validator module called ``name`` (``"email"``, ``"national_id"``, ...)."""
    if name not in VALIDATORS:
        msg = f"unknown validator {name!r}; expected one of {', '.join(VALIDATORS)}"
        raise ValueError(msg)
    return importlib.import_module(f"clientmig.validators.{name}")


def validator(name: str) -> Validator:
    """:func:`get`, checked against the :class:`~clientmig.validators._contract.Validator`
    contract (a module missing a member raises ``TypeError`` naming it)."""
    module = get(name)
    if not isinstance(module, Validator):
        missing = [m for m in MEMBERS if not hasattr(module, m)]
        raise TypeError(f"validator {name!r} lacks {', '.join(missing)}")
    return module


def finding_for(module: ModuleType, code: str, *, suggestion: str | None = None) -> Finding:
    """Build a Finding for ``code`` from the module's ``CODES`` catalogue."""
    severity, message = module.CODES[code]
    return Finding(code, severity, message, suggestion)


FINDINGS_SCHEMA = pl.Schema(
    {"code": pl.String, "severity": pl.String, "message": pl.String, "suggestion": pl.String}
)


def column_findings(values: pl.Series, module: ModuleType, **options: Any) -> pl.DataFrame:
    """Return one row per value: ``code, severity, message, suggestion`` (nulls when fine).

    ``issue_expr`` decides vectorised which values have a finding; ``check`` then runs once per
    distinct flagged value to get the message and the suggestion.
    """
    frame = values.rename("value").to_frame()
    codes = frame.select(module.issue_expr(pl.col("value"), **options).alias("code"))["code"]
    flagged = frame.filter(codes.is_not_null())["value"].unique().drop_nulls().to_list()
    rows: list[dict[str, Any]] = []
    for value in flagged:
        found = module.check(value, **options)
        if found is not None:
            rows.append(
                {
                    "value": value,
                    "severity": found.severity,
                    "message": found.message,
                    "suggestion": found.suggestion,
                }
            )
    detail = pl.DataFrame(
        rows,
        schema={
            "value": values.dtype,
            "severity": pl.String,
            "message": pl.String,
            "suggestion": pl.String,
        },
    )
    joined = (
        frame.with_columns(codes)
        .join(detail, on="value", how="left", maintain_order="left", nulls_equal=False)
        .with_columns(
            pl.when(pl.col("code").is_not_null()).then(pl.col(c)).alias(c)
            for c in ("severity", "message", "suggestion")
        )
    )
    return joined.select(FINDINGS_SCHEMA.names())


def clear_caches() -> None:
    """Forget every per-value result the validators memoised (benchmarks measure cold runs).

    Lookup tables built once per process (country names, legal forms) are kept: only caches
    sized for values (``maxsize`` above 1,000) are cleared.
    """
    for name in VALIDATORS:
        module = get(name)
        for value in vars(module).values():
            params = getattr(value, "cache_parameters", None)
            if not callable(params):
                continue
            maxsize = params().get("maxsize")
            if maxsize is not None and maxsize > 1000:
                value.cache_clear()
