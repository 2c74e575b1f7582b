"""Clean a canonical frame: each mapped field through its validator, every fix recorded.

``clean(frame, target)`` returns a :class:`Cleaned` with the cleaned frame (same rows, same
lineage, every field still ``pl.String``) and the issues found: errors, warnings and the
mechanical fixes as ``info`` issues, each pointing at the source cell.

Context decides some validators: phone numbers take their region, and national numbers their
country, from the row's ``country`` (or ``nationality``) column, else from ``CleanOptions.country``;
date columns are read day-first or month-first as the column itself proves (``date.ambiguous``
when it cannot), and a fiscal year end is checked as a day-month pair.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import ModuleType
from typing import Any

import polars as pl

from clientmig import derive, lineage
from clientmig._polars import blank_to_null, distinct_rows, with_stages
from clientmig.issues import ISSUE_SCHEMA, MASKED_FIELDS, conform, empty_issues, mask_expr
from clientmig.target_schemas import Target, canonical_fields
from clientmig.validators import fiscal_year_end as fye
from clientmig.validators import get

_FIXED_SUGGESTS_COMPACT = ".fixed"


@dataclass(frozen=True, slots=True)
class CleanOptions:
    """Settings for :func:`clean` (saved in recipes)."""

    country: str = "BE"
    date_order: str | None = None
    fields: Sequence[str] | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"country": self.country, "date_order": self.date_order}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CleanOptions:
        """Inverse of :meth:`to_dict`."""
        return cls(country=data.get("country", "BE"), date_order=data.get("date_order"))


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
) -> Cleaned:
    """Clean every canonical field of ``frame`` with its validator.

    ``columns`` maps canonical fields to the source headers they came from
    (``ColumnMapping.column_of()``), so issues name the column a person sees.
    """
    opts = options or CleanOptions()
    frame = lineage.ensure_lineage(frame)
    columns = dict(columns or {})
    frame = derive.before_clean(frame)
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
        cleaner = _CLEANERS.get(validator, _plain)
        if validator == "company_id":
            cleaner = functools.partial(_company_id, header=columns.get(name))
        new, found = cleaner(frame, name, get(validator), opts)
        updates.update(new)
        issues.append(found)
    if "fiscal_year_end_day" in frame.columns or "fiscal_year_end_month" in frame.columns:
        new, found = _fiscal_pair(frame)
        updates.update(new)
        issues.append(found)
    if "email_additional" in frame.columns or "email_additional" in updates:
        new, found = _additional_emails(frame, updates)
        updates.update(new)
        issues.append(found)
    cleaned = frame.with_columns(list(updates.values()))
    cleaned = derive.after_clean(cleaned)
    all_issues = _locate(_concat(issues), frame, columns)
    return Cleaned(cleaned, all_issues)


# Issue rows inside this module carry ``_i`` (the frame row) until ``_locate`` adds lineage.
_RAW_SCHEMA = pl.Schema({**ISSUE_SCHEMA, "_i": pl.UInt32()})


def _raw(frame: pl.DataFrame) -> pl.DataFrame:
    exprs = [
        (pl.col(n) if n in frame.columns else pl.lit(None)).cast(t).alias(n)
        for n, t in _RAW_SCHEMA.items()
    ]
    return frame.select(exprs)


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema=_RAW_SCHEMA)


def _concat(frames: Sequence[pl.DataFrame]) -> pl.DataFrame:
    parts = [_raw(f) for f in frames if f.height]
    return pl.concat(parts, how="vertical") if parts else _empty()


# -- one field ------------------------------------------------------------------------------------
Cleaner = Callable[
    [pl.DataFrame, str, ModuleType, CleanOptions], tuple[dict[str, pl.Series], pl.DataFrame]
]
# Checks: validator options -> stages of named expressions over a column called ``value``.
Checks = Callable[[Mapping[str, Any]], Sequence[Mapping[str, pl.Expr]]]


@dataclass(frozen=True, slots=True)
class _Judged:
    """A column judged once per distinct value (and context), with the way back to its rows.

    ``parts`` holds, per context (the validator options, e.g. one region), the distinct values
    judged under it: ``_d`` (index of the distinct value), ``value`` and the checks' columns.
    ``ids`` gives each frame row the ``_d`` of its value.
    """

    parts: list[tuple[dict[str, Any], pl.DataFrame]]
    ids: pl.Series
    size: int

    def column(self, name: str, alias: str) -> pl.Series:
        """The check ``name`` per frame row (null where the row was not judged)."""
        judged = [part.select("_d", name) for _, part in self.parts]
        if not judged:
            return pl.Series(alias, [None] * self.ids.len(), dtype=pl.String)
        both = pl.concat(judged)
        distinct = pl.Series(alias, [None] * self.size, dtype=both[name].dtype)
        return distinct.scatter(both["_d"], both[name]).gather(self.ids)

    def findings(
        self,
        name: str,
        module: ModuleType,
        *,
        code: str = "code",
        clean: str = "clean",
        suggestion: str | None = None,
    ) -> pl.DataFrame:
        """Issue rows (``_i`` = frame row) for the values whose check ``code`` is set
        (``suggestion``: a check giving the suggestion, else :func:`_findings` finds it)."""
        found = []
        for kw, part in self.parts:
            given = [] if suggestion is None else [pl.col(suggestion).alias("suggestion")]
            judged = part.select(
                pl.col("_d").alias("_i"),
                "value",
                pl.col(clean).alias("clean"),
                pl.col(code).alias("code"),
                *given,
            )
            found.append(_per_row(_findings(judged, name, module, kw), self.ids, self.size))
        return _concat(found)


def _judge(
    values: pl.Series,
    checks: Checks,
    *,
    key: pl.Series | None = None,
    option: str = "",
    extra: Mapping[str, Any] | None = None,
) -> _Judged:
    """Run ``checks`` on the distinct values, per distinct ``key`` (passed as ``option``).

    Exports repeat values (names, towns, year ends, the same client twice), so judging each
    distinct value once and gathering back is what keeps cleaning linear in the distinct count.
    Rows whose key is null are not judged.
    """
    extra = dict(extra or {})
    rows = values.cast(pl.String).rename("value").to_frame()
    single = key is not None and key.len() > 0 and key.null_count() == 0 and (key == key[0]).all()
    if key is not None and not single:
        rows = rows.with_columns(key.alias("_k"))
    distinct, ids = distinct_rows(rows)
    distinct = distinct.with_row_index("_d")
    if key is None:
        return _Judged([(extra, _run(distinct, checks(extra)))], ids, distinct.height)
    if single:
        distinct = distinct.with_columns(pl.lit(key[0], pl.String).alias("_k"))
    parts = []
    for k in distinct["_k"].drop_nulls().unique().sort().to_list():
        part = distinct.filter((pl.col("_k") == k) & pl.col("value").is_not_null())
        if part.height:
            kw = {option: k, **extra}
            parts.append((kw, _run(part, checks(kw))))
    return _Judged(parts, ids, distinct.height)


def _run(frame: pl.DataFrame, stages: Sequence[Mapping[str, pl.Expr]]) -> pl.DataFrame:
    """Add the stages' columns, one stage after the other (later ones use earlier columns)."""
    return with_stages(frame.lazy(), stages).collect()


def _per_row(found: pl.DataFrame, ids: pl.Series, size: int) -> pl.DataFrame:
    """Issue rows of distinct values (``_i`` = distinct index) -> one per frame row holding one."""
    if found.is_empty():
        return found
    at = pl.Series([None] * size, dtype=pl.UInt32).scatter(
        found["_i"], pl.int_range(found.height, eager=True, dtype=pl.UInt32)
    )
    at = at.gather(ids)
    hit = at.is_not_null()
    rows = pl.int_range(ids.len(), eager=True, dtype=pl.UInt32).filter(hit)
    return found[at.filter(hit)].with_columns(rows.alias("_i"))


def _checks(module: ModuleType, *, fixed: bool = False) -> Checks:
    """``compact`` (the validator's), ``clean`` (the same, blank as null) and the finding's
    ``code``; with ``fixed``, also the ``.fixed`` code where Excel damage was repaired.

    A module's ``judge_expr`` (one pass giving a struct of those) is used where it has one.
    """

    twins = {"compact": "compact_expr", "code": "issue_expr", "fixed": "fixed_expr"}

    def checks(kw: Mapping[str, Any]) -> list[dict[str, pl.Expr]]:
        value = pl.col("value")
        judge = getattr(module, "judge_expr", None)
        stages = [] if judge is None else [{"judged": judge(value, **kw)}]

        def part(name: str) -> pl.Expr:
            if judge is None:
                twin: pl.Expr = getattr(module, twins[name])(value, **kw)
                return twin
            return pl.col("judged").struct.field(name)

        first = {"compact": part("compact"), "code": part("code")}
        if fixed and hasattr(module, "fixed_expr"):
            first["fixed"] = pl.when(part("fixed")).then(pl.lit(f"{module.NAME}.fixed"))
        return [*stages, first, {"clean": blank_to_null(pl.col("compact"))}]

    return checks


def _plain(
    frame: pl.DataFrame, name: str, module: ModuleType, _opts: CleanOptions, **kw: Any
) -> tuple[dict[str, pl.Series], pl.DataFrame]:
    """Compact the field and report its findings (no context)."""
    judged = _judge(frame.get_column(name), _checks(module), extra=kw)
    return {name: judged.column("clean", name)}, judged.findings(name, module)


def _partitioned(
    frame: pl.DataFrame, name: str, module: ModuleType, key: pl.Series, option: str
) -> tuple[dict[str, pl.Series], pl.DataFrame]:
    """Run a context-dependent validator once per distinct context (region, country)."""
    judged = _judge(frame.get_column(name), _checks(module), key=key, option=option)
    return {name: judged.column("clean", name)}, judged.findings(name, module)


def _phone(
    frame: pl.DataFrame, name: str, module: ModuleType, opts: CleanOptions
) -> tuple[dict[str, pl.Series], pl.DataFrame]:
    return _partitioned(frame, name, module, _row_country(frame, opts, phone=True), "region")


def _national_id(
    frame: pl.DataFrame, name: str, module: ModuleType, opts: CleanOptions
) -> tuple[dict[str, pl.Series], pl.DataFrame]:
    registry = getattr(module, "REGISTRY", {})
    key = _row_country(frame, opts, phone=False)
    key = key.set(~key.is_in(list(registry)), opts.country if opts.country in registry else "BE")
    judged = _judge(frame.get_column(name), _checks(module, fixed=True), key=key, option="country")
    found = [judged.findings(name, module), _fixed_issues(judged, name, module)]
    if name == "national_id" and hasattr(module, "birth_issues"):
        found.append(_birth_issues(frame, name, module))
    return {name: judged.column("clean", name)}, _concat(found)


def _postcode(
    frame: pl.DataFrame, name: str, module: ModuleType, opts: CleanOptions
) -> tuple[dict[str, pl.Series], pl.DataFrame]:
    """Postcodes are checked against the row's address country (default: the option's)."""
    return _partitioned(frame, name, module, _row_country(frame, opts, phone=True), "country")


# One output convention per field: the VAT number keeps its country prefix (BE0403019261),
# company and tax ids are written in their national compact form (0403019261).
_COMPANY_ID_FORMS = {"vat_number": "vat"}


def _company_id(
    frame: pl.DataFrame,
    name: str,
    module: ModuleType,
    opts: CleanOptions,
    *,
    header: str | None = None,
) -> tuple[dict[str, pl.Series], pl.DataFrame]:
    """The number's own prefix decides its country, then the row's country, then the column's
    header (``ABN``, ``KBO-nummer``), then the default; a country without company-number rules
    here leaves the number to be guessed."""
    fallback = module.header_country(header) or opts.country.upper()
    key = _row_country(frame, replace(opts, country=fallback), phone=True)
    known = [c for c in key.unique().drop_nulls().to_list() if module.has_rules(c)]
    key = key.set(~key.is_in(known), "")
    form = _COMPANY_ID_FORMS.get(name, "national")
    judged = _judge(
        frame.get_column(name),
        _checks(module, fixed=True),
        key=key,
        option="country",
        extra={"form": form},
    )
    found = [judged.findings(name, module), _fixed_issues(judged, name, module)]
    return {name: judged.column("clean", name)}, _concat(found)


def _date(
    frame: pl.DataFrame, name: str, module: ModuleType, opts: CleanOptions
) -> tuple[dict[str, pl.Series], pl.DataFrame]:
    """Day/month order: the option, else the column's own evidence (a day over 12), else each
    row's country custom (Belgium day first, the US month first); ``date.ambiguous`` only where
    none of these decides."""
    kind = "birth" if name == "date_of_birth" else "any"
    values = frame.get_column(name)
    order = opts.date_order or module.detect_order(values)
    if order is not None:
        new, found = _plain(frame, name, module, opts, order=order, kind=kind)
        column_issue = None
    else:
        country = _row_country(frame, opts, phone=True)
        customs = {c: module.country_order(c) or "" for c in country.unique().drop_nulls()}
        orders = country.replace_strict(customs, default="", return_dtype=pl.String)
        checks = _checks(module)
        judged = _judge(values, checks, key=orders, option="order", extra={"kind": kind})
        new = {name: judged.column("clean", name)}
        found = judged.findings(name, module)
        undecided = values.filter(orders == "")
        column_issue = module.order_issue(undecided, kind=kind) if undecided.len() else None
    if column_issue is not None:
        found = _concat(
            [
                found,
                pl.DataFrame(
                    {
                        "field": [name],
                        "code": [column_issue.code],
                        "severity": [column_issue.severity],
                        "message": [column_issue.message],
                        "suggestion": [column_issue.suggestion],
                    }
                ).pipe(_raw),
            ]
        )
    return new, found


def _email(
    frame: pl.DataFrame, name: str, module: ModuleType, opts: CleanOptions
) -> tuple[dict[str, pl.Series], pl.DataFrame]:
    """The first address is the e-mail; the others (``_email_overflow``) join the additional
    e-mails. One pass of the module's ``judge_expr`` gives them, the code and the suggestion
    per distinct cell."""
    if name != "email" or not hasattr(module, "judge_expr"):
        return _plain(frame, name, module, opts)
    plain = _checks(module)

    def checks(kw: Mapping[str, Any]) -> list[Mapping[str, pl.Expr]]:
        judged = pl.col("judged").struct
        more = {"overflow": judged["additional"], "suggestion": judged["suggestion"]}
        return [*plain(kw), more]

    judged = _judge(frame.get_column(name), checks)
    new = {
        name: judged.column("clean", name),
        "_email_overflow": judged.column("overflow", "_email_overflow"),
    }
    return new, judged.findings(name, module, suggestion="suggestion")


def _fiscal_year_end(
    frame: pl.DataFrame, name: str, module: ModuleType, _opts: CleanOptions
) -> tuple[dict[str, pl.Series], pl.DataFrame]:
    """A combined fiscal year end ("31/12") fills the day and month fields."""
    plain = _checks(module)

    def checks(kw: Mapping[str, Any]) -> list[Mapping[str, pl.Expr]]:
        parts = pl.col("clean").str.extract_groups(r"^(\d{1,2})-(\d{1,2})$").struct
        day = parts.field("1").str.strip_chars_start("0")
        month = parts.field("2").str.strip_chars_start("0")
        return [*plain(kw), {"day": day, "month": month}]

    judged = _judge(frame.get_column(name), checks)
    new = {name: judged.column("clean", name)}
    found = judged.findings(name, module)
    day = judged.column("day", "fiscal_year_end_day")
    month = judged.column("month", "fiscal_year_end_month")
    if "fiscal_year_end_day" in frame.columns:
        day = pl.select(pl.coalesce(frame["fiscal_year_end_day"], day)).to_series()
    if "fiscal_year_end_month" in frame.columns:
        month = pl.select(pl.coalesce(frame["fiscal_year_end_month"], month)).to_series()
    new["fiscal_year_end_day"] = day.rename("fiscal_year_end_day")
    new["fiscal_year_end_month"] = month.rename("fiscal_year_end_month")
    return new, found


def _fiscal_pair(frame: pl.DataFrame) -> tuple[dict[str, pl.Series], pl.DataFrame]:
    day_col = pl.col("fiscal_year_end_day") if "fiscal_year_end_day" in frame.columns else None
    month_col = (
        pl.col("fiscal_year_end_month") if "fiscal_year_end_month" in frame.columns else None
    )
    null = pl.lit(None, pl.String)
    d = day_col if day_col is not None else null
    m = month_col if month_col is not None else null
    out = frame.select(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias("_i"),
        pl.concat_str([d.fill_null(""), m.fill_null("")], separator=" / ").alias("value"),
        fye.day_expr(d).alias("day"),
        fye.month_expr(m).alias("month"),
        fye.pair_issue_expr(d, m).alias("code"),
    )
    new = {}
    # Unparseable parts keep their text, so a person sees what was there.
    if day_col is not None:
        new["fiscal_year_end_day"] = (
            out.select(pl.coalesce("day", frame["fiscal_year_end_day"])).to_series()
        ).rename("fiscal_year_end_day")
    if month_col is not None:
        new["fiscal_year_end_month"] = (
            out.select(pl.coalesce("month", frame["fiscal_year_end_month"])).to_series()
        ).rename("fiscal_year_end_month")
    main = "fiscal_year_end_month" if day_col is None else "fiscal_year_end_day"
    found = _findings(out, main, fye, {}, pair=True)
    if month_col is not None and found.height:
        # A month out of range belongs to the month cell; the rest to the day cell.
        found = found.with_columns(
            pl.when(pl.col("code") == "fiscal_year_end.month_range")
            .then(pl.lit("fiscal_year_end_month"))
            .otherwise(pl.col("field"))
            .alias("field")
        )
    return new, found


def _additional_emails(
    frame: pl.DataFrame, updates: Mapping[str, pl.Series]
) -> tuple[dict[str, pl.Series], pl.DataFrame]:
    """Extra addresses from the e-mail cell join the additional e-mails, each one cleaned.

    The joined cells are split and judged once per distinct cell, then gathered back."""
    module = get("email")
    parts = []
    if "email_additional" in frame.columns:
        parts.append(frame["email_additional"])
    if "_email_overflow" in updates:
        parts.append(updates["_email_overflow"])
    if not parts:
        return {}, _empty()
    joined = pl.select(
        pl.concat_str(parts, separator="; ", ignore_nulls=True).alias("v")
    ).to_series()
    distinct, ids = distinct_rows(joined.to_frame())
    exploded = (
        distinct.with_row_index("_i")
        .with_columns(module.split_expr(pl.col("v")).alias("one"))
        .explode("one")
        .filter(pl.col("one").is_not_null() & (pl.col("one") != ""))
    )
    checked = exploded.select(
        "_i",
        pl.col("one").alias("value"),
        blank_to_null(module.compact_expr(pl.col("one"))).alias("clean"),
        module.issue_expr(pl.col("one")).alias("code"),
    )
    # The split of a multi-address cell is expected here, not news.
    checked = checked.with_columns(
        pl.when(pl.col("code") == "email.multiple")
        .then(None)
        .otherwise(pl.col("code"))
        .alias("code")
    )
    found = _findings(checked, "email_additional", module, {})
    merged = (
        checked.filter(pl.col("clean").is_not_null())
        .unique(["_i", "clean"], keep="first", maintain_order=True)
        .group_by("_i", maintain_order=True)
        .agg(pl.col("clean").str.join("; "))
    )
    per_distinct = (
        pl.DataFrame({"_i": pl.int_range(distinct.height, eager=True, dtype=pl.UInt32)})
        .join(merged, on="_i", how="left", maintain_order="left")
        .get_column("clean")
    )
    out = per_distinct.gather(ids).rename("email_additional")
    if found.height:  # each distinct cell's issues, once per row holding it
        rows = pl.DataFrame(
            {"_d": ids, "_row_i": pl.int_range(ids.len(), eager=True, dtype=pl.UInt32)}
        )
        found = (
            rows.join(found.rename({"_i": "_d"}), on="_d", how="inner", maintain_order="left")
            .drop("_d")
            .rename({"_row_i": "_i"})
        )
    return {
        "email_additional": out,
        "_email_overflow": pl.Series("_email_overflow", [None] * frame.height, dtype=pl.String),
    }, found


# -- findings -------------------------------------------------------------------------------------
def _findings(
    out: pl.DataFrame,
    name: str,
    module: ModuleType,
    kw: Mapping[str, Any],
    *,
    pair: bool = False,
) -> pl.DataFrame:
    """Rows with a code -> issue rows (``_i`` row index, field, code, severity, message, ...).

    Messages come from the module's catalogue; a ``.fixed`` finding suggests the cleaned value;
    other suggestions come from a ``suggestion`` column of ``out`` where it has one, else from
    the module on the distinct flagged values only.
    """
    flagged = out.filter(pl.col("code").is_not_null())
    if flagged.is_empty():
        return _empty().with_columns(pl.lit(None, pl.UInt32).alias("_i"))
    codes = getattr(module, "CODES", {})
    catalogue = pl.DataFrame(
        {
            "code": list(codes),
            "severity": [codes[c][0] for c in codes],
            "message": [codes[c][1] for c in codes],
        },
        schema={"code": pl.String, "severity": pl.String, "message": pl.String},
    )
    flagged = flagged.join(catalogue, on="code", how="left", maintain_order="left")
    if "suggestion" not in flagged.columns:
        lookup = _suggestions(flagged, module, kw, pair=pair)
        flagged = flagged.join(lookup, on="value", how="left", maintain_order="left")
    if "clean" in flagged.columns:
        flagged = flagged.with_columns(
            pl.when(pl.col("code").str.ends_with(_FIXED_SUGGESTS_COMPACT))
            .then(pl.col("clean"))
            .otherwise(pl.col("suggestion"))
            .alias("suggestion")
        )
    value = pl.col("value")
    suggestion = pl.col("suggestion")
    if name in MASKED_FIELDS:
        value = mask_expr(value)
        suggestion = mask_expr(suggestion)
    return flagged.select(
        pl.col("_i").cast(pl.UInt32),
        pl.lit(name).alias("field"),
        "code",
        "severity",
        "message",
        value.alias("value"),
        suggestion.alias("suggestion"),
    )


def _suggestions(
    flagged: pl.DataFrame, module: ModuleType, kw: Mapping[str, Any], *, pair: bool
) -> pl.DataFrame:
    """``value, suggestion`` for the distinct flagged values that are not ``.fixed``."""
    needs = flagged.filter(~pl.col("code").str.ends_with(_FIXED_SUGGESTS_COMPACT))
    suggestions: dict[str, str | None] = {}
    if not pair and hasattr(module, "suggestion_expr"):
        distinct = needs.select("value").drop_nulls().unique()
        judged = distinct.with_columns(module.suggestion_expr(pl.col("value"), **kw).alias("s"))
        suggestions = dict(judged.iter_rows())
    elif not pair:
        for value in needs["value"].drop_nulls().unique().to_list():
            try:
                found = module.check(value, **kw)
            except Exception:  # a validator bug must not lose the issue itself
                found = None
            suggestions[value] = found.suggestion if found is not None else None
    return pl.DataFrame(
        {"value": list(suggestions), "suggestion": list(suggestions.values())},
        schema={"value": pl.String, "suggestion": pl.String},
    )


def _fixed_issues(judged: _Judged, name: str, module: ModuleType) -> pl.DataFrame:
    """``<validator>.fixed`` info issues where Excel damage was repaired (suggesting the
    compacted value)."""
    if not hasattr(module, "fixed_expr"):
        return _empty()
    return judged.findings(name, module, code="fixed", clean="compact")


def _birth_issues(frame: pl.DataFrame, name: str, module: ModuleType) -> pl.DataFrame:
    dob = "date_of_birth" if "date_of_birth" in frame.columns else None
    sex = "gender" if "gender" in frame.columns else None
    if dob is None and sex is None:
        return _empty()
    src = frame
    if dob is not None:
        dob_clean = frame.select(get("date").compact_expr(pl.col(dob), kind="birth"))
        src = frame.with_columns(dob_clean.to_series().alias(dob))
    rows = module.birth_issues(src, name, birth_date=dob, sex=sex)
    if rows.is_empty():
        return _empty()
    out = rows.rename({"row_index": "_i"}).with_columns(
        pl.col("_i").cast(pl.UInt32), value=pl.lit(None, pl.String), clean=pl.lit(None, pl.String)
    )
    return _findings(out, name, module, {}, pair=True)


# -- context --------------------------------------------------------------------------------------
def _row_country(frame: pl.DataFrame, opts: CleanOptions, *, phone: bool) -> pl.Series:
    """ISO2 country per row: the address country (phones) or nationality (IDs), else default."""
    country = get("country")
    sources = ["country", "nationality"] if phone else ["nationality", "country"]
    exprs = [country.iso2_expr(pl.col(c)) for c in sources if c in frame.columns]
    return frame.with_columns(
        pl.coalesce([*exprs, pl.lit(opts.country.upper())]).alias("_k")
    ).get_column("_k")


def _locate(issues: pl.DataFrame, frame: pl.DataFrame, columns: Mapping[str, str]) -> pl.DataFrame:
    """Attach lineage (source, sheet, row) and the source column header to every issue."""
    if issues.is_empty():
        return empty_issues()
    header = pl.col("field").replace_strict(
        dict(columns), default=pl.col("field"), return_dtype=pl.String
    )
    if "_i" not in issues.columns:
        issues = issues.with_columns(pl.lit(None, pl.UInt32).alias("_i"))
    # ``_i`` is a row position: gathering the lineage by it is the join on the row index
    # (from one chunk: gathering across the chunks of a file read in parts is slower).
    lin = frame.select(*lineage.location_exprs()).rechunk()[issues["_i"]]
    located = pl.concat(
        [issues.drop("source", "sheet", "row", "_i", strict=False), lin], how="horizontal"
    ).with_columns(header.alias("column"))
    if "source" in located.columns and located["source"].null_count():
        first = frame.select(pl.col(lineage.SOURCE).first()).item() if frame.height else None
        located = located.with_columns(pl.col("source").fill_null(first))
    return conform(located.select([c for c in ISSUE_SCHEMA.names() if c in located.columns]))


_CLEANERS: dict[str, Cleaner] = {
    "phone": _phone,
    "postcode": _postcode,
    "national_id": _national_id,
    "company_id": _company_id,
    "date": _date,
    "email": _email,
    "fiscal_year_end": _fiscal_year_end,
}
