"""Clean a canonical frame: each mapped field through its validator, every fix recorded.

``clean(frame, target)`` returns a :class:`Cleaned` with the cleaned frame (same rows, same
lineage, every field still ``pl.String``) and the issues found: errors, warnings and the
mechanical fixes as ``info`` issues, each pointing at the source cell.

Context decides some validators. Phones and postcodes take the country the row says it is in
(its country, state, postcode shape or a phone's international prefix: ``validators.row_country``),
else ``CleanOptions.country``; a number valid only in another country the row hints at is never
rewritten into the default country's form. National numbers take their scheme from the column's
header (``Rijksregisternummer`` holds Belgian numbers whatever the nationality), and under a
generic header from the row's nationality or country and the number's shape;
date columns are read day-first or month-first as the column itself proves (``date.ambiguous``
when it cannot), and a fiscal year end is checked as a day-month pair.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from clientmig import lineage
from clientmig.cleaning import derive
from clientmig.cleaning._judged import _concat, _header_per_row, _locate
from clientmig.cleaning.fields import (
    _CLEANERS,
    OVERFLOW,
    _additional_emails,
    _company_id,
    _fiscal_pair,
    _national_id,
    _plain,
    _text_damage,
)
from clientmig.cleaning.options import CleanOptions
from clientmig.issues import concat_issues, conform, empty_issues
from clientmig.target_schemas import Target, canonical_fields
from clientmig.validators import file_country, get
from clientmig.validators import row_country as row_context


@dataclass(frozen=True, slots=True)
class Cleaned:
    """A cleaned frame and what cleaning found."""

    frame: pl.DataFrame
    issues: pl.DataFrame = field(default_factory=empty_issues)


def clean(
    frame: pl.DataFrame,
    target: Target | None = None,
    *,
    columns: Mapping[str, str] | None = None,
    options: CleanOptions | None = None,
    headers: Mapping[str, Mapping[str, str]] | None = None,
) -> Cleaned:
    """Clean every canonical field of ``frame`` with its validator.

    ``columns`` maps canonical fields to the source headers they came from
    (``ColumnMapping.column_of()``), so issues name the column a person sees. When the frame
    joins several files, ``headers`` gives each file's own (``{source: {field: header}}``,
    ``source`` as in the ``_source`` lineage column); ``columns`` covers the rest.
    """
    opts = options or CleanOptions()
    frame = lineage.ensure_lineage(frame)
    columns = dict(columns or {})
    by_source = {src: dict(h) for src, h in (headers or {}).items()}
    frame = _as_text(frame)
    frame = derive.before_clean(frame)
    private = row_context.signals(frame)  # the row's own country, worked out once
    private, country_notes = _file_defaults(frame, private, opts.country)
    frame = frame.with_columns(private)
    canon = canonical_fields()
    validators = {f: canon[f].validator for f in frame.columns if f in canon}
    if target is not None:
        for f in target.fields:
            if f.field in validators and f.validator:
                validators[f.field] = f.validator
    wanted = set(opts.fields) if opts.fields is not None else None
    issues: list[pl.DataFrame] = []
    updates: dict[str, pl.Series] = {}
    for name, validator in validators.items():
        if validator is None or (wanted is not None and name not in wanted):
            continue
        if name in ("fiscal_year_end_day", "fiscal_year_end_month", "email_additional"):
            continue  # cleaned with their partner field below
        if validator == "national_id":
            header = _header_per_row(frame, name, columns, by_source)
            new, found = _national_id(frame, name, get(validator), opts, header=header)
        elif validator == "company_id":
            new, found = _company_id(frame, name, get(validator), opts, header=columns.get(name))
        else:
            new, found = _CLEANERS.get(validator, _plain)(frame, name, get(validator), opts)
        updates.update(new)
        issues.append(found)
    if "fiscal_year_end_day" in frame.columns or "fiscal_year_end_month" in frame.columns:
        new, found = _fiscal_pair(frame)
        updates.update(new)
        issues.append(found)
    if "email_additional" in frame.columns or OVERFLOW in updates:
        new, found = _additional_emails(frame, updates)
        updates.update(new)
        issues.append(found)
    for name in get("text_damage").FIELDS:
        if name in frame.columns and (wanted is None or name in wanted):
            issues.append(_text_damage(frame, name))
    # Scratch columns never leave this stage: the extra addresses are in email_additional now.
    cleaned = frame.with_columns(list(updates.values())).drop(
        *private.columns, OVERFLOW, strict=False
    )
    cleaned = derive.after_clean(cleaned)
    found = _not_person_names(_concat(issues), cleaned)
    all_issues = concat_issues([_locate(found, frame, columns, by_source), country_notes])
    return Cleaned(cleaned, all_issues)


def _as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Canonical fields as the text a cell shows: a frame of the user's own may hold numbers
    (a phone or postcode read as an integer), dates or all-null columns; the validators read
    text."""
    canon = canonical_fields()
    other = [c for c, t in frame.schema.items() if c in canon and t != pl.String]
    return frame.with_columns(pl.col(other).cast(pl.String)) if other else frame


def _file_defaults(
    frame: pl.DataFrame, private: pl.DataFrame, country: str
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The default country per row (its file's, where the file clearly shows another than
    ``country``: :mod:`clientmig.validators.file_country`) and a note per such file."""
    phones = [c for c in row_context.PHONE_FIELDS if c in frame.columns]
    files = file_country.file_countries(frame, private[row_context.SAID], country, phones)
    default: pl.Expr | pl.Series = pl.lit(country.upper(), pl.String)
    if files:
        default = frame.get_column(lineage.SOURCE).replace_strict(
            files, default=country.upper(), return_dtype=pl.String
        )
    private = private.with_columns(default.alias(row_context.DEFAULT))
    notes = pl.DataFrame(
        {"source": list(files), "value": list(files.values())},
        schema={"source": pl.String, "value": pl.String},
    ).with_columns(
        sheet=pl.lit(None, pl.String),
        row=pl.lit(None, pl.Int64),
        column=pl.lit("country"),
        field=pl.lit("country"),
        code=pl.lit("country.from_file"),
        severity=pl.lit("info"),
        message=pl.lit(file_country.CODES["country.from_file"][1]),
    )
    return private, conform(notes)


def _not_person_names(issues: pl.DataFrame, cleaned: pl.DataFrame) -> pl.DataFrame:
    """An organisation's name written in the name columns (a relation list's ``Naam`` on a
    ``Vennootschap`` row) is no person's name: the person-name warnings do not judge it (the
    organisation-name check does, on the name it gets)."""
    if issues.is_empty() or "_i" not in issues.columns or "record_type" not in cleaned.columns:
        return issues
    orgs = cleaned.select(pl.arg_where(pl.col("record_type") == "organization")).to_series()
    if orgs.is_empty():
        return issues
    judged = pl.col("code").str.starts_with("person_name.") & (pl.col("severity") != "info")
    return issues.filter(~(judged & pl.col("_i").is_in(orgs.cast(pl.UInt32).implode())))
