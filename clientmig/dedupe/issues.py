"""Duplicate clusters as issues for the main job: each member of a cluster gets a warning.

Merging is a reviewed decision (ClusterReview, :func:`clientmig.dedupe.merge_duplicates`); the
main job only reports clusters, so nothing is merged without a person or a recipe saying so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from clientmig import lineage
from clientmig.dedupe import default_fields, find_duplicates
from clientmig.issues import concat_issues, conform, empty_issues

MESSAGE = "This client appears to be in the import more than once ({band} match, cluster {cid})."


def duplicate_issues(
    frame: pl.DataFrame, decisions: Mapping[str, Any] | None = None
) -> tuple[pl.DataFrame, dict[str, Any]]:
    """``duplicate.member`` warnings for every member of a sure or review cluster."""
    found = [empty_issues()]
    steps: dict[str, Any] = {}
    for entity in ("person", "organization"):
        if "record_type" in frame.columns:
            rows = frame.filter(pl.col("record_type") == entity)
        else:
            rows = frame
        if rows.height < 2:
            continue
        if not default_fields(rows.columns, entity):
            steps[f"duplicate clusters ({entity})"] = "not searched: nothing to compare"
            continue
        dups = find_duplicates(rows, entity=entity)
        clusters = dups.clusters.filter(pl.col("band") != "distinct")
        members = clusters.join(
            rows.with_row_index("row_index").select(
                pl.col("row_index").cast(clusters.schema["row_index"]), *lineage.LINEAGE
            ),
            on="row_index",
            how="left",
            suffix="_r",
        )
        steps[f"duplicate clusters ({entity})"] = int(clusters["cluster_id"].n_unique())
        if members.is_empty():
            continue
        src = [c if c in members.columns else f"{c}_r" for c in lineage.LINEAGE]
        found.append(
            conform(
                members.select(
                    pl.col(src[0]).alias("source"),
                    pl.col(src[1]).alias("sheet"),
                    pl.col(src[2]).alias("row"),
                    pl.lit("duplicate.member").alias("code"),
                    pl.lit("warning").alias("severity"),
                    pl.format(
                        "This client appears more than once in the import ({} match, cluster {}).",
                        pl.col("band"),
                        pl.col("cluster_id"),
                    ).alias("message"),
                )
            )
        )
    del decisions  # reviewed merges are applied by merge_duplicates, not here
    return concat_issues(found), steps
