"""The outcome of a reconciliation: new, departed and matched clients, and what changed."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import polars as pl

from clientmig._text import mask
from clientmig.issues import MASKED_FIELDS
from clientmig.lineage import ROW, SHEET, SOURCE
from clientmig.reconciliation.choice import OverwriteChoice
from clientmig.reconciliation.matching import EX

# Fields masked in reports (values and ambiguous keys).
# Columns that identify an existing record in the overwrite-import file; they come first.
IDENTITY = ("client_id", "first_name", "last_name", "organization_name", "full_name")
DIFFERENCES_SCHEMA = pl.Schema(
    {
        "match_id": pl.UInt32,
        "field": pl.String,
        "old": pl.String,
        "new": pl.String,
        "kind": pl.String,
    }
)


def _normalised(field_name: str, value: pl.Expr) -> pl.Expr:
    """Value as compared: stripped, empty as null; e-mail addresses case-insensitive."""
    text = value.cast(pl.String).str.strip_chars()
    text = pl.when(text != "").then(text)
    return text.str.to_lowercase() if field_name.startswith("email") else text


def differences(
    matched: pl.DataFrame, incoming: pl.DataFrame, existing: pl.DataFrame, fields: list[str]
) -> pl.DataFrame:
    """Long frame ``match_id, field, old, new, kind`` of every compared field that differs."""
    if matched.is_empty() or not fields:
        return pl.DataFrame(schema=DIFFERENCES_SCHEMA)
    new = incoming.select(_column(incoming, f).alias(f"new:{f}") for f in fields)
    old = existing.select(_column(existing, f).alias(f"old:{f}") for f in fields)
    wide = pl.concat(
        [
            matched.select("match_id"),
            new[matched["incoming_index"]],
            old[matched["existing_index"]],
        ],
        how="horizontal",
    ).lazy()
    parts = []
    for position, f in enumerate(fields):
        before, after = _normalised(f, pl.col(f"old:{f}")), _normalised(f, pl.col(f"new:{f}"))
        kind = (
            pl.when(before.is_null())
            .then(pl.lit("added"))
            .when(after.is_null())
            .then(pl.lit("removed"))
            .otherwise(pl.lit("changed"))
        )
        parts.append(
            wide.filter(~before.eq_missing(after)).select(
                "match_id",
                pl.lit(position, pl.UInt32).alias("__pos"),
                pl.lit(f).alias("field"),
                pl.col(f"old:{f}").alias("old"),
                pl.col(f"new:{f}").alias("new"),
                kind.alias("kind"),
            )
        )
    long = pl.concat(parts).sort("match_id", "__pos").drop("__pos")
    return long.collect().cast(DIFFERENCES_SCHEMA)


def _column(frame: pl.DataFrame, name: str) -> pl.Expr:
    return pl.col(name).cast(pl.String) if name in frame.schema else pl.lit(None, pl.String)


def _masked(frame: pl.DataFrame, field_column: str, value_columns: tuple[str, ...]) -> pl.DataFrame:
    """Mask values whose field (named in ``field_column``) holds a national ID."""
    rows = frame.to_dicts()
    for row in rows:
        if row[field_column] in MASKED_FIELDS:
            for column in value_columns:
                row[column] = mask(row[column])
    return pl.DataFrame(rows, schema=frame.schema)


def _html_table(frame: pl.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in frame.columns)
    body = "".join(
        "<tr>"
        + "".join(f"<td>{html.escape('' if v is None else str(v))}</td>" for v in row)
        + "</tr>"
        for row in frame.iter_rows()
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


@dataclass(frozen=True, slots=True, eq=False)
class Reconciliation:
    """New, departed and matched clients, their differences and the key values left unused.

    ``matched`` has one row per pair: ``match_id``, ``incoming_index`` and the incoming
    lineage (``_source``, ``_sheet``, ``_row``), ``existing_index``, ``existing_key`` (what
    :class:`OverwriteChoice` records are keyed by) and the existing lineage, ``matched_on``
    (the key, or ``"fuzzy"``) and ``score`` (100 for exact keys).
    """

    new: pl.DataFrame
    departed: pl.DataFrame
    matched: pl.DataFrame
    differences: pl.DataFrame
    ambiguous: pl.DataFrame
    incoming: pl.DataFrame = field(repr=False)
    existing: pl.DataFrame = field(repr=False)

    def summary(self) -> dict[str, int]:
        """Counts: rows on each side, matched (per key), new, departed, changed, ambiguous."""
        changed = self.differences["match_id"].n_unique()
        counts = {
            "incoming": self.incoming.height,
            "existing": self.existing.height,
            "matched": self.matched.height,
            "new": self.new.height,
            "departed": self.departed.height,
            "changed": changed,
            "unchanged": self.matched.height - changed,
            "differences": self.differences.height,
            "ambiguous": self.ambiguous.height,
        }
        by_key = self.matched.group_by("matched_on", maintain_order=True).len()
        for key, n in by_key.iter_rows():
            counts[f"matched_on_{key}"] = n
        return counts

    def new_clients(self) -> pl.DataFrame:
        """Incoming rows matched to nothing, with their lineage: the new-clients file."""
        return self.new

    def chosen_changes(self, choice: OverwriteChoice) -> pl.DataFrame:
        """The differences ``choice`` applies (``match_id, field, old, new, kind``)."""
        keyed = self.differences.join(
            self.matched.select("match_id", "existing_key"), on="match_id", how="left"
        )
        overrides = pl.DataFrame(
            [
                {"existing_key": k, "field": f, "override": v}
                for k, fields in choice.records.items()
                for f, v in fields.items()
            ],
            schema={"existing_key": pl.String, "field": pl.String, "override": pl.Boolean},
        )
        chosen = pl.col("override").fill_null(pl.col("field").is_in(list(choice.fields)))
        allowed = pl.lit(choice.allow_empty) | (pl.col("kind") != "removed")
        return (
            keyed.join(overrides, on=["existing_key", "field"], how="left")
            .filter(chosen & allowed)
            .select(self.differences.columns)
        )

    def updates(self, choice: OverwriteChoice) -> pl.DataFrame:
        """One full existing row per matched client with a chosen change, chosen fields updated.

        The "overwrite import" form: identifying columns first, every other field holding the
        existing value unless ``choice`` overwrites it, and the existing lineage at the end.
        """
        changes = self.chosen_changes(choice)
        ids = changes["match_id"].unique().sort()
        rows = self.matched.filter(pl.col("match_id").is_in(ids.implode())).select(
            "match_id", "existing_index"
        )
        data = [c for c in self.existing.columns if not c.startswith("_")]
        data += [f for f in changes["field"].unique(maintain_order=True) if f not in data]
        base = rows.join(
            self.existing.select(pl.col(EX).alias("existing_index"), pl.all().exclude(EX)),
            on="existing_index",
            how="left",
        )
        for f in changes["field"].unique(maintain_order=True).to_list():
            chosen = changes.filter(pl.col("field") == f).select(
                "match_id", pl.col("new").alias("__new"), pl.lit(True).alias("__set")
            )
            current = pl.col(f) if f in base.columns else pl.lit(None, pl.String)
            base = base.join(chosen, on="match_id", how="left").with_columns(
                pl.when(pl.col("__set")).then(pl.col("__new")).otherwise(current).alias(f)
            )
            base = base.drop("__new", "__set")
        first = [c for c in IDENTITY if c in data]
        lineage = [c for c in (SOURCE, SHEET, ROW) if c in base.columns]
        ordered = first + [c for c in data if c not in first] + lineage
        return base.select(ordered)

    def _repr_html_(self) -> str:
        counts = pl.DataFrame({"": list(self.summary()), "count": list(self.summary().values())})
        sample = _masked(self.differences.head(5), "field", ("old", "new"))
        ambiguous = _masked(self.ambiguous.head(5), "key", ("value",))
        parts = ["<strong>Reconciliation</strong>", _html_table(counts)]
        if not sample.is_empty():
            parts += ["<p>Differences (sample)</p>", _html_table(sample)]
        if not ambiguous.is_empty():
            parts += ["<p>Ambiguous key values (sample)</p>", _html_table(ambiguous)]
        return "<div>" + "".join(parts) + "</div>"
