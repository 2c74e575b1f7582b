"""Accepted fixes as data: each keyed to its cell and, where it can be, to its client, so a
reordered export replays them; :func:`apply_fixes` writes them into a frame."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from clientmig import lineage
from clientmig._messages import text

LINEAGE_KEYS = ("source", "sheet", "row")


@dataclass(frozen=True, slots=True)
class Fix:
    """One accepted suggestion: set ``field`` of the row at (source, sheet, row) to ``value``."""

    source: str
    sheet: str | None
    row: int
    field: str
    code: str
    value: str
    before: str | None = None
    key: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``before`` lets a replay notice a changed cell; ``key`` names the
        client, so the fix finds its row in a reordered export)."""
        out = {
            "source": self.source,
            "sheet": self.sheet,
            "row": self.row,
            "field": self.field,
            "code": self.code,
            "value": self.value,
            "before": self.before,
        }
        if self.key is not None:
            out["key"] = self.key
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Fix:
        """Inverse of :meth:`to_dict`."""
        return cls(
            source=str(data["source"]),
            sheet=data.get("sheet"),
            row=int(data["row"]),
            field=str(data["field"]),
            code=str(data.get("code", "")),
            value=str(data["value"]),
            before=data.get("before"),
            key=data.get("key"),
        )


@dataclass(frozen=True, slots=True)
class Fixes:
    """Accepted suggestions, in order (a recipe section)."""

    items: tuple[Fix, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"fixes": [f.to_dict() for f in self.items]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Fixes:
        """Inverse of :meth:`to_dict`."""
        return cls(tuple(Fix.from_dict(d) for d in data.get("fixes", [])))

    def __add__(self, other: Fixes) -> Fixes:
        return Fixes(self.items + other.items)

    def __len__(self) -> int:
        return len(self.items)

    def to_frame(self) -> pl.DataFrame:
        """One row per fix: ``source, sheet, row, field, code, value, before, key``."""
        return pl.DataFrame([f.to_dict() for f in self.items], schema=_FIX_SCHEMA)


_FIX_SCHEMA = {
    "source": pl.String,
    "sheet": pl.String,
    "row": pl.Int64,
    "field": pl.String,
    "code": pl.String,
    "value": pl.String,
    "before": pl.String,
    "key": pl.String,
}


def client_key_expr(columns: Iterable[str]) -> pl.Expr:
    """Who a row is, as next month's export will say it too: the client code, else the national
    or enterprise number, else the e-mail, else the names (normalised; null when none)."""
    has = set(columns)

    def part(prefix: str, field: str, keep: str) -> pl.Expr | None:
        if field not in has:
            return None
        text = pl.col(field).cast(pl.String).str.to_lowercase().str.replace_all(keep, "")
        return pl.when(text != "").then(pl.lit(prefix) + text)

    parts = [
        part("id:", "client_id", r"\s+"),
        part("nn:", "national_id", r"[^0-9a-z]"),
        part("co:", "company_id", r"[^0-9a-z]"),
        part("mail:", "email", r"\s+"),
    ]
    names = [c for c in ("first_name", "last_name", "organization_name") if c in has]
    if names:
        joined = pl.concat_str(
            [
                pl.col(c).cast(pl.String).str.to_lowercase().str.replace_all(r"\W+", "")
                for c in names
            ],
            separator="|",
            ignore_nulls=True,
        )
        parts.append(
            pl.when(joined.str.replace_all(r"\|", "") != "").then(pl.lit("name:") + joined)
        )
    found = [p for p in parts if p is not None]
    return pl.coalesce(found) if found else pl.lit(None, pl.String)


def apply_fixes(frame: pl.DataFrame, fixes: Fixes) -> tuple[pl.DataFrame, list[str]]:
    """Apply accepted fixes to a canonical frame; return it and sentences for stale fixes.

    A fix with a client ``key`` applies to the rows of that client wherever they are now (a
    reordered export); one without, or whose client is not found, to its (file, sheet, row). A
    fix whose row is gone, or whose cell no longer holds the value it was made for, is not
    applied and is reported by name.
    """
    if not fixes.items:
        return frame, []
    table = fixes.to_frame()
    problems: list[str] = []
    loc = [lineage.SOURCE, lineage.SHEET, lineage.ROW]
    out = frame.with_columns(client_key_expr(frame.columns).alias("_key"))
    table = table.rename({"source": loc[0], "sheet": loc[1], "row": loc[2], "key": "_key"})
    for name, group in table.group_by("field", maintain_order=True):
        fname = str(name[0])
        if fname not in out.columns:
            problems.append(
                text("cli.problems.fix_unmapped", count=group.height, field=repr(fname))
            )
            continue
        found = out.select("_key").filter(pl.col("_key").is_not_null())
        by_key = group.join(found, on="_key", how="semi")
        by_row = group.join(by_key, on=[*loc, "field", "code"], how="anti", nulls_equal=True)
        out, stale = _apply(out, fname, by_row, loc, "row")
        problems.extend(stale)
        out, stale = _apply(out, fname, by_key, ["_key"], "client")
        problems.extend(stale)
    return out.drop("_key"), problems


def _apply(
    out: pl.DataFrame, fname: str, fixes: pl.DataFrame, on: list[str], what: str
) -> tuple[pl.DataFrame, list[str]]:
    """Set ``fname`` from the fixes matched ``on`` the given columns.

    A fix takes the rows it matches whose cell still holds the value it was made for (its
    ``before``; any cell when it has none). One client on several rows may carry a fix per row,
    each for that row's own value: every one applies.
    """
    if fixes.is_empty():
        return out, []
    row = lineage.ROW  # the fix's own row when matched by client
    g = fixes.select(*on, "value", "before", *(c for c in (row,) if c not in on)).unique(
        [*on, "before"], keep="last", maintain_order=True
    )
    cells = out.select(*on, pl.col(fname).fill_null("").alias("_cur")).with_row_index("_i")
    made_for = g.filter(pl.col("before").is_not_null())
    any_value = g.filter(pl.col("before").is_null()).unique(on, keep="last", maintain_order=True)
    by_before = cells.join(
        made_for.select(*on, pl.col("before").alias("_cur"), "value"),
        on=[*on, "_cur"],
        how="inner",
        nulls_equal=True,
    ).select("_i", pl.col("value").alias("_by_before"))
    by_any = cells.join(
        any_value.select(*on, "value"), on=on, how="inner", nulls_equal=True
    ).select("_i", pl.col("value").alias("_by_any"))
    new = (
        cells.select("_i", "_cur")
        .join(by_before, on="_i", how="left", maintain_order="left")
        .join(by_any, on="_i", how="left", maintain_order="left")
        .select(pl.coalesce("_by_before", "_by_any"))
        .to_series()
    )
    # A fix is stale when no row it matches still holds the value it was made for (a client
    # on two rows may have one row already different).
    stale = (
        made_for.with_row_index("_f")
        .join(cells.drop("_i"), on=on, how="inner", nulls_equal=True)
        .group_by("_f", maintain_order=True)
        .agg(
            ((pl.col("_cur") == pl.col("before")) | (pl.col("_cur") == pl.col("value")))
            .any()
            .alias("_ok"),
            pl.col(row).first(),
        )
        .filter(~pl.col("_ok"))
    )
    said = text("cli.problems.what_row" if what == "row" else "cli.problems.what_client")
    problems = [
        text("cli.problems.fix_changed", field=fname, what=said, row=r[row])
        for r in stale.iter_rows(named=True)
    ]
    missing = g.join(out.select(on), on=on, how="anti", nulls_equal=True)
    for r in missing.iter_rows(named=True):
        problems.append(text("cli.problems.fix_no_row", field=fname, row=r[row]))
    written = pl.when(new.is_not_null()).then(new).otherwise(pl.col(fname))
    return out.with_columns(written.alias(fname)), problems


@dataclass
class Ledger:
    """The decisions taken on a report, in order: each step is the fixes one call accepted."""

    steps: list[Fixes] = field(default_factory=list)
    declined: list[Fixes] = field(default_factory=list)

    @property
    def fixes(self) -> Fixes:
        """Every accepted fix so far."""
        return sum(self.steps, Fixes())
