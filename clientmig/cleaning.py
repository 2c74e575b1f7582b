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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import polars as pl

from clientmig import derive, lineage
from clientmig._polars import blank_to_null, distinct_rows, with_stages
from clientmig.issues import ISSUE_SCHEMA, MASKED_FIELDS, conform, empty_issues, mask_expr
from clientmig.target_schemas import Target, canonical_fields
from clientmig.validators import fiscal_year_end as fye
from clientmig.validators import get
from clientmig.validators import row_country as row_context

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
    frame = derive.before_clean(frame)
    private = row_context.signals(frame)  # the row's own country, worked out once
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
    if "email_additional" in frame.columns or "email_additional" in updates:
        new, found = _additional_emails(frame, updates)
        updates.update(new)
        issues.append(found)
    for name in get("text_damage").FIELDS:
        if name in frame.columns and (wanted is None or name in wanted):
            issues.append(_text_damage(frame, name))
    cleaned = frame.with_columns(list(updates.values())).drop(private.columns)
    cleaned = derive.after_clean(cleaned)
    all_issues = _locate(_concat(issues), frame, columns, by_source)
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
    """Phones under the row's own country, else the default; a number invalid there but valid
    in the country of another of the row's phones' prefix or of the person's nationality is
    reported with that reading as the suggestion (never rewritten)."""
    said = row_context.said(frame)
    key = said.fill_null(opts.country.upper())
    new, found = _partitioned(frame, name, module, key, "region")
    if not hasattr(module, "foreign_reading") or found.is_empty():
        return new, found
    hints = [row_context.phone_prefix(frame, skip=name), _nationality(frame)]
    hint = pl.select(pl.coalesce([h for h in hints if h is not None])).to_series()
    if hint.null_count() == hint.len():
        return new, found
    return new, _foreign_phones(frame, name, module, found, said, key, hint)


def _nationality(frame: pl.DataFrame) -> pl.Series | None:
    if "nationality" not in frame.columns:
        return None
    return frame.select(get("country").likely_iso2_expr(pl.col("nationality"))).to_series()


def _foreign_phones(
    frame: pl.DataFrame,
    name: str,
    module: ModuleType,
    found: pl.DataFrame,
    said: pl.Series,
    key: pl.Series,
    hint: pl.Series,
) -> pl.DataFrame:
    """``phone.invalid`` on rows whose country is only the default -> ``phone.other_country``
    where the number is valid in the nationality's country (once per distinct value)."""
    rows = found["_i"]
    candidates = pl.DataFrame(
        {
            "_i": rows,
            "code": found["code"],
            "value": frame[name].gather(rows),
            "said": said.gather(rows),
            "hint": hint.gather(rows),
            "region": key.gather(rows),
        }
    ).filter(
        (pl.col("code") == "phone.invalid")
        & pl.col("said").is_null()
        & pl.col("hint").is_not_null()
        & (pl.col("hint") != pl.col("region"))
    )
    if candidates.is_empty():
        return found
    pairs = candidates.select("value", "hint").unique()
    readings = [module.foreign_reading(v, h) for v, h in pairs.iter_rows()]
    pairs = pairs.with_columns(pl.Series("reading", readings, dtype=pl.String))
    hits = (
        candidates.join(pairs, on=["value", "hint"], how="left")
        .filter(pl.col("reading").is_not_null())
        .select("_i", "reading")
    )
    if hits.is_empty():
        return found
    severity, message = module.CODES["phone.other_country"]
    out = found.join(hits, on="_i", how="left", maintain_order="left")
    foreign = pl.col("reading").is_not_null() & (pl.col("code") == "phone.invalid")
    return out.with_columns(
        pl.when(foreign).then(pl.lit("phone.other_country")).otherwise("code").alias("code"),
        pl.when(foreign).then(pl.lit(severity)).otherwise("severity").alias("severity"),
        pl.when(foreign).then(pl.lit(message)).otherwise("message").alias("message"),
        pl.when(foreign).then("reading").otherwise("suggestion").alias("suggestion"),
    ).drop("reading")


def _national_id(
    frame: pl.DataFrame,
    name: str,
    module: ModuleType,
    opts: CleanOptions,
    *,
    header: pl.Series | None = None,
) -> tuple[dict[str, pl.Series], pl.DataFrame]:
    """National numbers under the scheme their column's header names; under a generic header,
    the row's nationality or country (else the default), and where the number fails there but
    fits exactly the shape of other schemes, the first of those. Messages say the scheme."""
    registry = getattr(module, "REGISTRY", {})
    default = opts.country.upper() if opts.country.upper() in registry else "BE"
    person = _person_country(frame)
    person = person.set(~person.is_in(list(registry)), None)
    named = _header_schemes(module, header, frame.height)
    key = pl.select(pl.coalesce(named, person, pl.lit(default))).to_series()
    checks = _checks(module, fixed=True)
    judged = _judge(frame.get_column(name), checks, key=key, option="country")
    if hasattr(module, "is_valid"):
        others = [_address_country(frame, registry), pl.repeat(default, frame.height, eager=True)]
        rekeyed = _by_shape(judged, frame.get_column(name), key, named, module, others)
        if rekeyed is not None:
            key = rekeyed
            judged = _judge(frame.get_column(name), checks, key=key, option="country")
    found = [judged.findings(name, module), _fixed_issues(judged, name, module)]
    if name == "national_id" and hasattr(module, "birth_issues"):
        belgian = frame.filter(key == "BE") if (key != "BE").any() else frame
        births = _birth_issues(belgian, name, module)
        if belgian.height != frame.height and births.height:
            rows = pl.int_range(frame.height, eager=True, dtype=pl.UInt32).filter(key == "BE")
            births = births.with_columns(rows.gather(births["_i"]).alias("_i"))
        found.append(births)
    issues = _name_scheme(_concat(found), key, getattr(module, "SCHEME_NAMES", {}))
    return {name: judged.column("clean", name)}, issues


def _person_country(frame: pl.DataFrame) -> pl.Series:
    """ISO2 of the row's nationality, else its country column (null where neither says)."""
    likely = get("country").likely_iso2_expr
    exprs = [likely(pl.col(c)) for c in ("nationality", "country") if c in frame.columns]
    if not exprs:
        return pl.Series("_k", [None] * frame.height, dtype=pl.String)
    return frame.select(pl.coalesce(exprs).alias("_k")).get_column("_k")


def _address_country(frame: pl.DataFrame, registry: Mapping[str, Any]) -> pl.Series:
    """ISO2 of the row's address country (or phone prefix's) where national numbers have
    rules there."""
    found = row_context.row_country(frame)
    return found.set(~found.is_in(list(registry)), None)


def _header_schemes(module: ModuleType, header: pl.Series | None, height: int) -> pl.Series:
    """The scheme each row's column header names (null for a generic header)."""
    read = getattr(module, "scheme_for_header", None)
    if header is None or read is None:
        return pl.Series("_k", [None] * height, dtype=pl.String)
    distinct = header.unique().drop_nulls().to_list()
    return header.replace_strict(
        distinct, [read(h) for h in distinct], default=None, return_dtype=pl.String
    ).rename("_k")


def _by_shape(
    judged: _Judged,
    values: pl.Series,
    key: pl.Series,
    named: pl.Series,
    module: ModuleType,
    others: Sequence[pl.Series],
) -> pl.Series | None:
    """A new key where a generic column's number fails its row's scheme but is valid under
    another country the row names (``others``: its address country, the default), in order.

    Only the row's own countries are tried: any 11 digits fit some scheme somewhere."""
    code = judged.column("code", "code")
    failing = code.is_not_null() & ~code.str.ends_with(".country_ambiguous") & named.is_null()
    if not failing.any():
        return None
    new = pl.Series("_k", [None] * values.len(), dtype=pl.String)
    for other in others:
        rows = pl.DataFrame({"value": values, "cc": other}).with_row_index("_r")
        rows = rows.filter(failing & new.is_null() & (other != key).fill_null(False))
        rows = rows.filter(pl.col("value").is_not_null())
        if rows.is_empty():
            continue
        pairs = rows.select("value", "cc").unique()
        ok = [module.is_valid(v, country=cc) for v, cc in pairs.iter_rows()]
        good = pairs.filter(pl.Series(ok, dtype=pl.Boolean))
        hit = rows.join(good, on=["value", "cc"], how="semi")
        new = new.scatter(hit["_r"], hit["cc"])
    if new.null_count() == new.len():
        return None
    return pl.select(pl.coalesce(new, key)).to_series().rename("_k")


def _name_scheme(found: pl.DataFrame, key: pl.Series, names: Mapping[str, str]) -> pl.DataFrame:
    """Append "(checked as a French NIR)" to each national-number issue's message."""
    if found.is_empty() or not names:
        return found
    label = key.gather(found["_i"]).replace_strict(
        list(names), list(names.values()), default=None, return_dtype=pl.String
    )
    said = pl.concat_str(pl.col("message"), pl.lit(" (checked as "), label, pl.lit(").")).alias(
        "message"
    )
    return found.with_columns(
        pl.when(label.is_not_null() & (pl.col("code") != "national_id.country_ambiguous"))
        .then(said.str.replace(r"\. \(checked", " (checked"))
        .otherwise(pl.col("message"))
        .alias("message")
    )


def _postcode(
    frame: pl.DataFrame, name: str, module: ModuleType, opts: CleanOptions
) -> tuple[dict[str, pl.Series], pl.DataFrame]:
    """Postcodes are checked against the row's own country (default: the option's); where the
    row says nothing, a phone's prefix decides a postcode the default rejects and it accepts."""
    said = row_context.said(frame)
    default = opts.country.upper()
    key = said.fill_null(default)
    prefix = row_context.phone_prefix(frame)
    other = said.is_null() & prefix.is_not_null() & (prefix != default)
    if other.any():
        values = frame.get_column(name)
        bad_here = frame.select(module.issue_expr(values, country=default) == "postcode.invalid")
        rejected = other & bad_here.to_series().fill_null(False)
        for cc in prefix.filter(rejected).unique().to_list():
            there = frame.select(module.issue_expr(values, country=cc).is_null()).to_series()
            key = key.set(rejected & (prefix == cc) & there, cc)
    return _partitioned(frame, name, module, key, "country")


def _text_damage(frame: pl.DataFrame, name: str) -> pl.DataFrame:
    """Code-page damage in a name, address or free-text cell (a warning; the repaired text as
    the suggestion where it can be undone): a regex finds the candidate rows, the library
    judges their distinct values."""
    module = get("text_damage")
    free = name in module.FREE_TEXT
    values = frame.get_column(name).cast(pl.String)
    quick = frame.select(module.quick_expr(values).fill_null(False)).to_series()
    rows = pl.int_range(frame.height, eager=True, dtype=pl.UInt32).filter(quick)
    maybe = pl.DataFrame({"_i": rows, "value": values.filter(quick)})
    maybe = maybe.filter(module.candidate_expr(pl.col("value"), free_text=free).fill_null(False))
    if maybe.is_empty():
        return _empty()
    judged = maybe.with_columns(
        module.issue_expr(pl.col("value"), free_text=free).alias("code"),
        module.suggestion_expr(pl.col("value")).alias("suggestion"),
    )
    return _findings(judged, name, module, {})


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
    key = row_context.row_country(frame).fill_null(fallback)
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
        country = row_context.row_country(frame).fill_null(opts.country.upper())
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
    # Judged once per distinct (day, month) pair: year ends repeat across a whole export.
    pairs, ids = distinct_rows(frame.select(d.alias("_d"), m.alias("_m")))
    day, month = pl.col("_d"), pl.col("_m")
    out = (
        pairs.select(
            pl.concat_str([day.fill_null(""), month.fill_null("")], separator=" / ").alias("value"),
            fye.day_expr(day).alias("day"),
            fye.month_expr(month).alias("month"),
            fye.pair_issue_expr(day, month).alias("code"),
        )[ids]
        .with_columns(pl.int_range(pl.len(), dtype=pl.UInt32).alias("_i"))
        .select("_i", "value", "day", "month", "code")
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


# -- context ---------------------------------------------------------------------------------
def _header_per_row(
    frame: pl.DataFrame,
    name: str,
    columns: Mapping[str, str],
    by_source: Mapping[str, Mapping[str, str]],
) -> pl.Series:
    """The header ``name`` had in each row's own file."""
    fallback = columns.get(name)
    if not by_source:
        return pl.Series("_h", [fallback] * frame.height, dtype=pl.String)
    per_file = {src: h.get(name, fallback) for src, h in by_source.items()}
    return (
        frame.get_column(lineage.SOURCE)
        .replace_strict(
            list(per_file), list(per_file.values()), default=fallback, return_dtype=pl.String
        )
        .rename("_h")
    )


def _locate(
    issues: pl.DataFrame,
    frame: pl.DataFrame,
    columns: Mapping[str, str],
    by_source: Mapping[str, Mapping[str, str]] | None = None,
) -> pl.DataFrame:
    """Attach lineage (source, sheet, row) and the source column header to every issue: the
    header as written in that row's own file where ``by_source`` knows it."""
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
    if by_source and "source" in located.columns:
        own = pl.DataFrame(
            [(src, f, h) for src, hs in by_source.items() for f, h in hs.items()],
            schema={"source": pl.String, "field": pl.String, "_own": pl.String},
            orient="row",
        )
        located = located.join(own, on=["source", "field"], how="left", maintain_order="left")
        located = located.with_columns(pl.coalesce("_own", "column").alias("column"))
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
