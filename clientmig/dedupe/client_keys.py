"""Stable keys of a client record, so a decision replays on next month's export.

Row numbers change between exports; the client does not. Each record gets every key it can:
its client code, its national or enterprise number, its normalised e-mail, and a content key
(names, birth date, postcode). A saved decision holds its members' keys; a record of a new
export that shares any key with a member is that member. Keys are SHA-256 digests (16 hex
digits) of the normalised value, so a saved recipe holds no national number or e-mail.
"""

from __future__ import annotations

import hashlib

import polars as pl

from clientmig._polars import via_distinct

# key kind -> the columns it is built from (the first present with a value serves)
_SINGLE = {
    "code": ("client_id", "client_code"),
    "id": ("national_id", "company_id"),
    "email": ("email",),
}
_CONTENT = ("first_name", "last_name", "organization_name", "date_of_birth", "postcode")


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:16]


def _normal(expr: pl.Expr) -> pl.Expr:
    text = expr.cast(pl.String).str.to_lowercase().str.replace_all(r"[\s.\-/]", "")
    return pl.when(text != "").then(text)


def client_keys(frame: pl.DataFrame) -> pl.Series:
    """Per row, the list of its keys (``kind:digest``; empty when the row has no value)."""
    parts: list[pl.Expr] = []
    for kind, columns in _SINGLE.items():
        for column in columns:
            if column in frame.columns:
                parts.append(
                    pl.lit(f"{kind}:") + via_distinct(_normal(pl.col(column)), _digest, pl.String)
                )
    content = [c for c in _CONTENT if c in frame.columns]
    if content:
        joined = pl.concat_str([_normal(pl.col(c)).fill_null("") for c in content], separator="|")
        filled = pl.when(joined.str.replace_all(r"\|", "") != "").then(joined)
        parts.append(pl.lit("content:") + via_distinct(filled, _digest, pl.String))
    if not parts:
        return pl.Series("keys", [[] for _ in range(frame.height)], dtype=pl.List(pl.String))
    listed = pl.concat_list(parts).list.drop_nulls().list.unique(maintain_order=True)
    return frame.select(listed.alias("keys"))["keys"]
