"""What an import may hold: the rules :func:`clientmig.validate` applies to any frame it is given.

* :func:`recheck` runs the field validators again on the frame as it is now (after accepted
  fixes, link fixes, merges), so a value a validator rejects cannot slip through; the earlier
  findings on a cell are kept only while the cell still has them.
* :func:`leave_out_optional` keeps a client whose only fault is an optional value: the value is
  left out of the import (into the table's notes where it has one) with a warning naming the cell
  and the original value; only a field the platform requires rejects a row. An invalid e-mail
  gives way to the next real address.
* :func:`drop_dangling_links` imports a person without a Belongs To naming an organisation the
  import does not create (missing, or rejected), and says so.
* :func:`report_uncarried` names every value the row's table has no column for (an extra
  e-mail, a second phone), so nothing is dropped without a note.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from clientmig import lineage
from clientmig.cleaning import CleanOptions, clean, derive
from clientmig.issues import MASKED_FIELDS, concat_issues, conform, empty_issues
from clientmig.target_schemas import MULTI_SEP, Target
from clientmig.validators import VALIDATORS

KEYS = ["source", "sheet", "row", "field", "code"]
LOCATION = ["source", "sheet", "row"]
_RECHECKED = pl.col("code").str.split(".").list.first().is_in(list(VALIDATORS)) & pl.col(
    "severity"
).is_in(["error", "warning"])
# Fields that stand or fall together: a fiscal year end is a day and a month.
_TOGETHER = {
    "fiscal_year_end": ("fiscal_year_end", "fiscal_year_end_day", "fiscal_year_end_month"),
    "fiscal_year_end_day": ("fiscal_year_end", "fiscal_year_end_day", "fiscal_year_end_month"),
    "fiscal_year_end_month": ("fiscal_year_end", "fiscal_year_end_day", "fiscal_year_end_month"),
}
# Schema checks that an optional value fails without the client being at fault.
_OPTIONAL_SCHEMA = ("schema.allowed", "schema.max_length")
# Contact details a person expects to find in the import when the source had them.
CARRIED = (
    "email",
    "email_additional",
    "phone",
    "phone_mobile",
    "phone_office",
    "phone_home",
    "phone_fax",
    "phone_additional",
    "website",
    "address",
    "street",
    "street2",
    "postcode",
    "city",
    "region",
    "country",
    "legal_form",
)


def recheck(
    frame: pl.DataFrame,
    issues: pl.DataFrame,
    *,
    columns: Mapping[str, str],
    options: CleanOptions | None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The frame through the field validators again, and the issues as they stand now.

    A validator's error or warning given earlier stays (with the value as the file had it)
    while the rechecked cell still has it; a new one is added; one the cell no longer has (an
    accepted fix) is gone. Other issues (reading, links, duplicates, fixes made) are kept.
    """
    checked = clean(frame, None, columns=columns, options=options)
    now = checked.issues
    found = now.filter(_RECHECKED)
    earlier = issues.filter(_RECHECKED)
    notes = now.filter(~_RECHECKED)
    # Only issues of the codes found again can match them (keeps the joins small).
    same_codes = issues.filter(pl.col("code").is_in(notes["code"].unique().implode()))
    kept = concat_issues(
        [
            issues.filter(~_RECHECKED),
            earlier.join(found.select(KEYS), on=KEYS, how="semi", nulls_equal=True),
            found.join(earlier.select(KEYS), on=KEYS, how="anti", nulls_equal=True),
            notes.join(same_codes.select(KEYS), on=KEYS, how="anti", nulls_equal=True),
        ]
    )
    rechecked = _keep_open_suggestions(frame, checked.frame, earlier)
    open_cells = _open(earlier).select(KEYS)
    kept = concat_issues(
        [kept.join(open_cells, on=KEYS, how="anti", nulls_equal=True), _open(earlier)]
    )
    return _one_address_once(rechecked), kept


def _open(earlier: pl.DataFrame) -> pl.DataFrame:
    """Findings whose suggestion nobody accepted (a likely fix waits for a person)."""
    return earlier.filter(pl.col("suggestion").is_not_null())


def _keep_open_suggestions(
    given: pl.DataFrame, checked: pl.DataFrame, earlier: pl.DataFrame
) -> pl.DataFrame:
    """A cell that still waits for a person keeps its value: cleaning it again must not apply
    the likely fix by itself (a date column whose other values are now ISO no longer shows its
    day/month order, so a US date in it would be read month first without anyone saying so)."""
    waiting = _open(earlier)
    if waiting.is_empty():
        return checked
    out = checked
    keys = list(lineage.LINEAGE)
    for (field,), cells in waiting.group_by(["field"]):
        name = str(field)
        if name not in given.columns or name not in out.columns:
            continue
        marks = cells.select(
            pl.col("source").alias(lineage.SOURCE),
            pl.col("sheet").alias(lineage.SHEET),
            pl.col("row").alias(lineage.ROW),
            pl.lit(True).alias("_keep"),
        ).unique()
        flagged = (
            out.select(keys)
            .join(marks, on=keys, how="left", nulls_equal=True, maintain_order="left")
            .get_column("_keep")
            .fill_null(False)
        )
        out = out.with_columns(
            pl.when(flagged).then(given.get_column(name)).otherwise(pl.col(name)).alias(name)
        )
    return out


def _one_address_once(frame: pl.DataFrame) -> pl.DataFrame:
    """Case variants of one address are one address: the additional e-mails lose any copy of
    the e-mail or of each other (``TOM@X.BE`` beside ``tom@x.be``)."""
    if "email_additional" not in frame.columns:
        return frame
    if frame.get_column("email_additional").null_count() == frame.height:
        return frame
    own = pl.col("email").str.to_lowercase() if "email" in frame.columns else pl.lit(None)
    parts = pl.col("email_additional").str.split(MULTI_SEP)
    kept = parts.list.eval(pl.element().str.strip_chars()).list.eval(
        pl.element().filter(pl.element() != "")
    )
    lowered = (
        frame.select(kept.alias("_all"), own.alias("_own"))
        .with_row_index("_i")
        .filter(pl.col("_all").is_not_null())
    )
    distinct = lowered.explode("_all").filter(pl.col("_all").is_not_null())
    distinct = distinct.with_columns(pl.col("_all").str.to_lowercase().alias("_low")).filter(
        pl.col("_own").is_null() | (pl.col("_low") != pl.col("_own"))
    )
    distinct = distinct.unique(["_i", "_low"], keep="first", maintain_order=True)
    joined = distinct.group_by("_i", maintain_order=True).agg(
        pl.col("_all").str.join(MULTI_SEP).alias("email_additional")
    )
    column = (
        pl.DataFrame({"_i": pl.int_range(frame.height, eager=True, dtype=pl.UInt32)})
        .join(joined, on="_i", how="left", maintain_order="left")
        .get_column("email_additional")
    )
    return frame.with_columns(column.alias("email_additional"))


def table_of_rows(frame: pl.DataFrame, tables: Sequence[Target]) -> pl.DataFrame:
    """``source, sheet, row, table`` for every row a (non-group) table takes."""
    parts = [
        frame.filter(derive.rows_for(t)).select(
            *lineage.location_exprs(), pl.lit(t.name).alias("table")
        )
        for t in tables
        if t.entity != "group" and ("record_type" in frame.columns or t.entity == "client")
    ]
    if not parts:
        return pl.DataFrame(schema={"source": pl.String, "sheet": pl.String, "row": pl.Int64})
    return pl.concat(parts).unique(LOCATION, keep="first", maintain_order=True)


def leave_out_optional(
    frame: pl.DataFrame, issues: pl.DataFrame, tables: Sequence[Target]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Errors on fields the row's table does not require become warnings; the value is left out.

    The value goes into the table's ``notes`` when it has one (national numbers never do); an
    invalid e-mail is replaced by the first additional address.
    """
    if issues.is_empty():
        return frame, issues
    required = pl.DataFrame(
        [(t.name, f.field) for t in tables for f in t.fields if f.required],
        schema={"table": pl.String, "field": pl.String},
        orient="row",
    )
    notes = {t.name for t in tables if t.has("notes")}
    titles = {t.name: t.title for t in tables}
    candidates = issues.with_row_index("_issue").filter(
        (pl.col("severity") == "error")
        & pl.col("row").is_not_null()
        & pl.col("field").is_in(frame.columns)
        & (
            pl.col("code").str.split(".").list.first().is_in(list(VALIDATORS))
            | pl.col("code").is_in(_OPTIONAL_SCHEMA)
        )
    )
    if candidates.is_empty():
        return frame, issues
    # Only the rows with such an error need their table.
    hit = candidates.select(
        *(pl.col(k).alias(v) for k, v in zip(LOCATION, lineage.LINEAGE, strict=True))
    ).unique()
    placed = table_of_rows(
        frame.join(hit, on=list(lineage.LINEAGE), how="semi", nulls_equal=True), tables
    )
    optional = candidates.join(placed, on=LOCATION, how="inner", nulls_equal=True).join(
        required, on=["table", "field"], how="anti"
    )
    if optional.is_empty():
        return frame, issues
    # The whole row stays rejected when another error (a required field) remains.
    left = optional.with_columns(
        pl.col("table").replace_strict(titles, return_dtype=pl.String).alias("_title"),
        pl.col("table").is_in(list(notes)).alias("_notes"),
    )
    message = pl.format(
        "{} Left out of the import: {} does not require it.", pl.col("message"), pl.col("_title")
    )
    downgraded = left.select(
        "_issue",
        pl.lit("warning").cast(issues.schema["severity"]).alias("severity"),
        pl.when(pl.col("_notes") & ~pl.col("field").is_in(list(MASKED_FIELDS)))
        .then(pl.format("{} Kept in the notes.", message))
        .otherwise(message)
        .alias("message"),
    )
    issues = (
        issues.with_row_index("_issue").update(downgraded, on="_issue", how="left").drop("_issue")
    )
    frame = _blank(frame, left)
    return frame, issues


def _blank(frame: pl.DataFrame, left: pl.DataFrame) -> pl.DataFrame:
    """Empty each left-out cell (and its partners), noting it where the table has notes."""
    cells = left.select(
        *(pl.col(k).alias(v) for k, v in zip(LOCATION, lineage.LINEAGE, strict=True)),
        pl.col("field").replace_strict(
            {k: list(v) for k, v in _TOGETHER.items()},
            default=pl.concat_list(pl.col("field")),
            return_dtype=pl.List(pl.String),
        ),
        pl.when(pl.col("_notes") & ~pl.col("field").is_in(list(MASKED_FIELDS)))
        .then(pl.format("{}: {}", pl.coalesce("column", "field"), pl.col("value")))
        .alias("_note"),
    ).explode("field")
    keys = list(lineage.LINEAGE)
    out = frame.with_row_index("_i")
    rows = out.select("_i", *keys).join(cells, on=keys, how="inner", nulls_equal=True)
    changes: list[pl.Expr] = []
    for name, group in rows.group_by("field"):
        fname = str(name[0])
        if fname not in out.columns:
            continue
        hit = pl.col("_i").is_in(group["_i"].implode())
        changes.append(pl.when(hit).then(None).otherwise(pl.col(fname)).alias(fname))
    out = out.with_columns(changes)
    notes = (
        rows.filter(pl.col("_note").is_not_null())
        .group_by("_i")
        .agg(pl.col("_note").unique(maintain_order=True).str.join("; "))
    )
    if not notes.is_empty():
        if "notes" not in out.columns:
            out = out.with_columns(pl.lit(None, pl.String).alias("notes"))
        out = (
            out.join(notes, on="_i", how="left", maintain_order="left")
            .with_columns(
                pl.concat_str(["notes", "_note"], separator="\n", ignore_nulls=True)
                .replace("", None)
                .alias("notes")
            )
            .drop("_note")
        )
    if "email" in out.columns and "email_additional" in out.columns:
        out = _promote_email(out)
    return out.drop("_i")


def _promote_email(frame: pl.DataFrame) -> pl.DataFrame:
    """A person whose e-mail was left out takes the first additional address instead."""
    parts = pl.col("email_additional").str.split(MULTI_SEP)
    empty = pl.col("email").is_null() & pl.col("email_additional").is_not_null()
    return frame.with_columns(
        pl.when(empty).then(parts.list.first()).otherwise(pl.col("email")).alias("email"),
        pl.when(empty)
        .then(parts.list.slice(1).list.join(MULTI_SEP).replace("", None))
        .otherwise(pl.col("email_additional"))
        .alias("email_additional"),
    )


def drop_dangling_links(
    frame: pl.DataFrame, issues: pl.DataFrame, tables: Sequence[Target]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """People keep only the Belongs To links to organisations this import creates.

    ``issues`` are the issues so far: an organisation with an error is not created. A link left
    out becomes a ``link.not_imported`` warning naming the organisation.
    """
    orgs = [t for t in tables if t.entity == "organization"]
    people = [t for t in tables if t.entity == "person" and t.has("belongs_to")]
    if not orgs or not people or "record_type" not in frame.columns:
        return frame, empty_issues()
    if "belongs_to" not in frame.columns and "organization_name" not in frame.columns:
        return frame, empty_issues()
    rejected = issues.filter(pl.col("severity") == "error").select(
        *(pl.col(k).alias(v) for k, v in zip(LOCATION, lineage.LINEAGE, strict=True))
    )
    names = pl.coalesce(
        *(pl.col(c) for c in ("organization_name", "account_name") if c in frame.columns)
    )
    created = (
        frame.filter(derive.rows_for(orgs[0]))
        .join(rejected, on=list(lineage.LINEAGE), how="anti", nulls_equal=True)
        .select(names.alias("name"))
        .drop_nulls()
        .unique()
        .get_column("name")
    )
    given = pl.col("belongs_to") if "belongs_to" in frame.columns else pl.lit(None, pl.String)
    own = given
    if "organization_name" in frame.columns:
        own = pl.coalesce(given, pl.col("organization_name"))
    person = derive.rows_for(people[0])
    out = frame.with_row_index("_i")
    links = (
        out.filter(person & own.is_not_null())
        .select(
            "_i",
            *lineage.location_exprs(),
            own.str.split(MULTI_SEP).alias("name"),
            given.is_null().alias("derived"),
        )
        .explode("name")
        .with_columns(pl.col("name").str.strip_chars())
        .filter(pl.col("name") != "")
        .with_columns(pl.col("name").is_in(created.implode()).alias("kept"))
    )
    gone = links.filter(~pl.col("kept"))
    if gone.is_empty():
        return frame, empty_issues()
    kept = (
        links.filter(pl.col("_i").is_in(gone["_i"].implode()))
        .group_by("_i")
        .agg(pl.col("name").filter(pl.col("kept")).str.join(MULTI_SEP).alias("_kept"))
    )
    # An empty string (not null) keeps the derived Belongs To from refilling the link.
    out = out.join(kept, on="_i", how="left", maintain_order="left").with_columns(
        pl.when(pl.col("_kept").is_not_null())
        .then(pl.col("_kept"))
        .otherwise(own if "belongs_to" not in frame.columns else pl.col("belongs_to"))
        .alias("belongs_to")
    )
    found = conform(
        gone.select(
            *LOCATION,
            pl.lit("belongs_to").alias("column"),
            pl.lit("belongs_to").alias("field"),
            pl.lit("link.not_imported").alias("code"),
            # A link written in the file is news; one read from the person's own company name
            # (no Belongs To given) is a note.
            pl.when(pl.col("derived"))
            .then(pl.lit("info"))
            .otherwise(pl.lit("warning"))
            .alias("severity"),
            pl.lit(
                "No organisation of this name is in the import (missing or rejected); "
                "the person is imported without this link."
            ).alias("message"),
            pl.col("name").alias("value"),
        )
    )
    return out.drop("_i", "_kept"), found


def report_uncarried(
    frame: pl.DataFrame, tables: Sequence[Target], columns: Mapping[str, str]
) -> pl.DataFrame:
    """``export.not_carried`` infos: contact details the row's table has no column for."""
    found: list[pl.DataFrame] = []
    for t in tables:
        if t.entity == "group" or ("record_type" not in frame.columns and t.entity != "client"):
            continue
        missing = [f for f in CARRIED if f in frame.columns and not _takes(t, f)]
        if not missing:
            continue
        rows = frame.filter(derive.rows_for(t))
        for f in missing:
            hit = rows.filter(pl.col(f).is_not_null() & (pl.col(f) != ""))
            if hit.is_empty():
                continue
            found.append(
                hit.select(
                    *lineage.location_exprs(),
                    pl.lit(columns.get(f, f)).alias("column"),
                    pl.lit(f).alias("field"),
                    pl.lit("export.not_carried").alias("code"),
                    pl.lit("info").alias("severity"),
                    pl.lit(
                        f"{t.title} has no column for this value; it is not in the import file."
                    ).alias("message"),
                    pl.col(f).alias("value"),
                )
            )
    return concat_issues(found)


def _takes(t: Target, name: str) -> bool:
    """Whether table ``t`` writes ``name`` (an address is written whole or in parts)."""
    if t.has(name):
        return True
    if name in {"street", "street2", "postcode", "city", "region", "country"}:
        return t.has("address")
    if name == "address":
        return t.has("street")
    if name == "phone":
        return any(t.has(p) for p in ("phone_mobile", "phone_office", "phone_home"))
    if name == "legal_form":  # in the legal name; a person's "Individual" is no loss
        return t.entity == "person" or t.has("legal_name")
    return name == "email_additional" and "email_additional" in t.explode
