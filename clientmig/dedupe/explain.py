"""Why records were matched, in words: built from the comparison levels the model computed.

Each pair of :attr:`clientmig.dedupe.Duplicates.pairs` carries a ``level_<field>`` label per
compared field (``exact``, ``close``, ``nickname``, ``different``...). A pair's explanation
groups its fields by what their level means for a person ("same e-mail and birth date, surname
spelled differently"); a cluster's takes, per field, the weakest level over the pairs inside it,
so it says what holds between *all* its records. Sentences come from the message catalogue
(``ui.explain``) in the user's language; the text is built once per distinct pattern of levels.

>>> explain_levels({"email": "exact", "date_of_birth": "exact", "last_name": "close"}, "en")
'same e-mail and birth date, surname spelled differently'
>>> explain_levels({"email": "exact", "date_of_birth": "exact", "last_name": "close"}, "nl")
'zelfde e-mailadres en geboortedatum, achternaam anders gespeld'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import polars as pl

from clientmig._messages import resolve_lang, text, texts

if TYPE_CHECKING:
    from clientmig.dedupe.find import Duplicates

LEVEL_PREFIX = "level_"
# level label -> what it means for a person (a key of ui.explain), whatever the field's kind
MEANING = {
    "exact": "same",
    "nickname": "nickname",
    "close": "spelled",
    "similar": "spelled",
    "somewhat": "spelled_far",
    "one_edit": "one_edit",
    "two_edits": "two_edits",
    "transposed": "transposed",
    "initial": "initial",
    "same_ending": "same_ending",
    "different": "different",
}
# the order the parts of a sentence come in: agreement first, disagreement last
ORDER = (
    "same",
    "nickname",
    "spelled",
    "spelled_far",
    "one_edit",
    "two_edits",
    "transposed",
    "initial",
    "same_ending",
    "different",
)


def field_label(field: str, lang: str | None = None) -> str:
    """A compared field's name for people (``date_of_birth`` -> "birth date")."""
    key = f"ui.explain.fields.{field}"
    known = texts("en")
    return text(key, lang) if key in known else field.replace("_", " ")


def _listed(items: list[str], lang: str) -> str:
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {text('ui.explain.and', lang)} {items[-1]}"


def explain_levels(
    levels: Mapping[str, str | None], lang: str | None = None, *, names_swapped: bool = False
) -> str:
    """One sentence from ``{field: level label}`` (missing levels are no evidence, left out)."""
    lang = resolve_lang(lang)
    grouped: dict[str, list[str]] = {}
    for field, level in levels.items():
        meaning = MEANING.get(level or "")
        if meaning is not None:
            grouped.setdefault(meaning, []).append(field_label(field, lang))
    parts = [
        text(f"ui.explain.{meaning}", lang, fields=_listed(grouped[meaning], lang))
        for meaning in ORDER
        if meaning in grouped
    ]
    if names_swapped:
        parts.append(text("ui.explain.swapped", lang))
    return ", ".join(parts) if parts else text("ui.explain.nothing", lang)


def _level_columns(pairs: pl.DataFrame) -> list[str]:
    return [c for c in pairs.columns if c.startswith(LEVEL_PREFIX)]


def _sentences(patterns: pl.DataFrame, columns: list[str], lang: str) -> pl.DataFrame:
    """``patterns`` (distinct level columns + ``names_swapped``) with their ``explanation``."""
    sentences = [
        explain_levels(
            {c[len(LEVEL_PREFIX) :]: row[c] for c in columns},
            lang,
            names_swapped=bool(row["names_swapped"]),
        )
        for row in patterns.iter_rows(named=True)
    ]
    return patterns.with_columns(explanation=pl.Series(sentences, dtype=pl.String))


def explain_pairs(pairs: pl.DataFrame, lang: str | None = None) -> pl.Series:
    """One explanation per row of a ``Duplicates.pairs`` frame, in ``lang``."""
    lang = resolve_lang(lang)
    columns = _level_columns(pairs)
    keys = [*columns, "names_swapped"]
    shape = pairs.select(
        *(pl.col(c).cast(pl.String) for c in columns),
        pl.col("names_swapped").fill_null(value=False),
    )
    patterns = _sentences(shape.unique(maintain_order=True), columns, lang)
    joined = shape.join(patterns, on=keys, how="left", maintain_order="left", nulls_equal=True)
    return joined["explanation"]


def cluster_levels(duplicates: Duplicates) -> pl.DataFrame:
    """Per cluster of two or more records: each field's weakest level over its inner pairs.

    Columns ``cluster_id``, ``level_<field>`` (a label, null when no pair had both values) and
    ``names_swapped`` (any inner pair's names were swapped).
    """
    pairs = duplicates.pairs
    columns = _level_columns(pairs)
    where = duplicates.clusters.select("row_index", "cluster_id")
    inner = (
        pairs.join(where.rename({"row_index": "left_index"}), on="left_index")
        .join(where.rename({"row_index": "right_index", "cluster_id": "_right"}), on="right_index")
        .filter(pl.col("cluster_id") == pl.col("_right"))
    )
    ranks = []
    for c in columns:
        labels = pairs.schema[c]
        categories = list(labels.categories) if isinstance(labels, pl.Enum) else []
        rank = pl.col(c).to_physical() if categories else pl.lit(None, dtype=pl.UInt32)
        missing = categories.index("missing") if "missing" in categories else -1
        ranks.append(pl.when(rank != missing).then(rank).alias(c))
    worst = inner.group_by("cluster_id").agg(
        *(r.min() for r in ranks), pl.col("names_swapped").fill_null(value=False).any()
    )
    labelled = []
    for c in columns:
        labels = pairs.schema[c]
        categories = list(labels.categories) if isinstance(labels, pl.Enum) else []
        labelled.append(
            pl.col(c).replace_strict(
                list(range(len(categories))), categories, default=None, return_dtype=pl.String
            )
        )
    return worst.with_columns(labelled).sort("cluster_id")


def explain_clusters(duplicates: Duplicates, lang: str | None = None) -> pl.DataFrame:
    """``cluster_id, explanation`` for every cluster of two or more records, in ``lang``."""
    lang = resolve_lang(lang)
    levels = cluster_levels(duplicates)
    columns = _level_columns(levels)
    keys = [*columns, "names_swapped"]
    patterns = _sentences(levels.select(keys).unique(maintain_order=True), columns, lang)
    return levels.join(patterns, on=keys, how="left", nulls_equal=True).select(
        "cluster_id", "explanation"
    )
