"""Links as issue rows for validation: two frames, or one flat table checked against its own
organisations, and the blanks merged cells left in the link column."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from clientmig import lineage
from clientmig.cleaning.derive import record_type_expr
from clientmig.errors import ClientmigError
from clientmig.issues import concat_issues, conform, empty_issues
from clientmig.links.match import _MESSAGES, Links, check_links

# ------------------------------------------------------------------ one table or two


def organisation_rows(frame: pl.DataFrame) -> pl.Expr:
    """Which rows of a table are organisations: its type column's words, a legal form in the
    name, or no person name beside an organisation name (derive's ``record_type_expr``)."""
    return record_type_expr(frame) == "organization"


def _organisation_names(frame: pl.DataFrame, key: str) -> pl.Expr:
    """An organisation row's name: its organisation name, else its full name or surname."""
    names = [c for c in (key, "full_name", "last_name") if c in frame.columns]
    return pl.coalesce([pl.col(c) for c in names] or [pl.lit(None, pl.String)])


def split_table(
    frame: pl.DataFrame, *, on: str = "belongs_to", key: str = "organization_name"
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A flat table's people (with their ``on`` link: the column, else their ``key`` company)
    and its organisations (with their name in ``key``), lineage kept on both."""
    frame = lineage.ensure_lineage(frame)
    is_org = organisation_rows(frame)
    link = pl.coalesce(_column_or_null(frame, on), _column_or_null(frame, key))
    people = frame.filter(~is_org).select(*lineage.LINEAGE, link.alias(on))
    orgs = frame.filter(is_org).select(*lineage.LINEAGE, _organisation_names(frame, key).alias(key))
    return people, orgs.filter(pl.col(key).is_not_null())


def _column_or_null(frame: pl.DataFrame, name: str) -> pl.Expr:
    return pl.col(name) if name in frame.columns else pl.lit(None, pl.String)


def check_table_links(
    people: pl.DataFrame,
    organisations: pl.DataFrame | None = None,
    *,
    on: str = "belongs_to",
    key: str = "organization_name",
    columns: Mapping[str, str] | None = None,
    merged: pl.DataFrame | None = None,
) -> Links:
    """:func:`check_links` for one flat table or two: the people's table is split into its
    people and its own organisations (:func:`split_table`), which join ``organisations``; and
    the link blanks that ``merged`` (read's ``read.merged_cell`` issues) marks are reported with
    the value above as their fill-down.
    """
    if on not in people.columns and key not in people.columns:
        raise ClientmigError(f"the people have no column {on!r} or {key!r}")
    persons, own = split_table(people, on=on, key=key)
    orgs = [own]
    if organisations is not None:
        if key not in organisations.columns:
            raise ClientmigError(f"the organisations have no column {key!r}")
        given = lineage.ensure_lineage(organisations)
        if _looks_flat(given):
            given = split_table(given, on=on, key=key)[1]
        orgs.append(given.select(*lineage.LINEAGE, pl.col(key)))
    all_orgs = pl.concat(orgs, how="vertical_relaxed").unique(
        subset=[*lineage.LINEAGE], keep="first", maintain_order=True
    )
    if organisations is None and all_orgs.is_empty():
        # A list of people only (a company column, no organisation rows): nothing to link to.
        persons = persons.clear()
    found = check_links(persons, all_orgs, on=on, key=key, columns=columns)
    issues = found.issues
    if organisations is None and not _links_to_own(found.links):
        # The table's few organisations explain few of its links: a free-text company column
        # (a contact list), where a name the table lacks is no broken link.
        issues = issues.filter(pl.col("code") != "link.orphan")
    blanks = merged_blank_issues(people, merged, on=on, columns=columns or {})
    return Links(found.links, concat_issues([issues, blanks]), found.duplicate_names)


# A flat table's orphans are reported when its own organisations explain at least this share
# of the distinct names its people belong to (exactly, or as a near miss or ambiguous name).
OWN_LINK_SHARE = 0.5


def _links_to_own(links: pl.DataFrame) -> bool:
    """Whether the people's links point at the table's own organisations (see OWN_LINK_SHARE)."""
    distinct = links.group_by("value").agg(pl.col("status").first())
    if distinct.is_empty():
        return False
    explained = distinct.filter(pl.col("status") != "orphan").height
    return explained >= OWN_LINK_SHARE * distinct.height


def _looks_flat(frame: pl.DataFrame) -> bool:
    """An organisations table that holds people too (a type column or person names)."""
    return "record_type" in frame.columns or "first_name" in frame.columns


def link_issues(
    people: pl.DataFrame,
    organisations: pl.DataFrame | None = None,
    *,
    on: str = "belongs_to",
    key: str = "organization_name",
    columns: Mapping[str, str] | None = None,
    merged: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Issue rows for every belongs-to problem of a table (:func:`check_table_links`):
    ``link.near_miss`` (the exact organisation name as the suggestion), ``link.ambiguous``,
    ``link.orphan``, ``link.org_not_unique`` and ``link.merged_blank``."""
    return check_table_links(
        people, organisations, on=on, key=key, columns=columns, merged=merged
    ).issues


def merged_blank_issues(
    people: pl.DataFrame,
    merged: pl.DataFrame | None,
    *,
    on: str = "belongs_to",
    columns: Mapping[str, str],
) -> pl.DataFrame:
    """``link.merged_blank`` for each empty link cell that read found inside a vertically merged
    range (``merged``: issues with code ``read.merged_cell``), the value above as suggestion."""
    if merged is None or merged.is_empty() or on not in people.columns:
        return empty_issues()
    header = columns.get(on, on)
    cells = merged.filter(
        (pl.col("code") == "read.merged_cell") & (pl.col("column") == header)
    ).select(
        pl.col("source").alias(lineage.SOURCE),
        pl.col("sheet").alias(lineage.SHEET),
        pl.col("row").alias(lineage.ROW),
        pl.lit(True).alias("__merged"),
    )
    if cells.is_empty():
        return empty_issues()
    frame = lineage.ensure_lineage(people).select(*lineage.LINEAGE, pl.col(on).alias("value"))
    blank = pl.col("value").is_null() | (pl.col("value").str.strip_chars() == "")
    above = (
        frame.sort(lineage.SOURCE, lineage.SHEET, lineage.ROW, nulls_last=False)
        .with_columns(
            pl.when(~blank)
            .then(pl.col("value"))
            .forward_fill()
            .over(lineage.SOURCE, lineage.SHEET)
            .alias("above")
        )
        .join(cells, on=list(lineage.LINEAGE), how="inner", nulls_equal=True)
        .filter(blank & pl.col("above").is_not_null())
    )
    if above.is_empty():
        return empty_issues()
    severity, message = _MESSAGES["link.merged_blank"]
    return conform(
        above.select(
            *lineage.location_exprs(),
            pl.lit(header).alias("column"),
            pl.lit(on).alias("field"),
            pl.lit("link.merged_blank").alias("code"),
            pl.lit(severity).alias("severity"),
            pl.lit(message).alias("message"),
            pl.lit(None, pl.String).alias("value"),
            pl.col("above").alias("suggestion"),
        )
    )
