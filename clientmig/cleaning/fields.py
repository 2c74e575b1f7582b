"""One cleaner per kind of field, each running its validator in the row's context."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import Any

import polars as pl

from clientmig import lineage
from clientmig._polars import blank_to_null, distinct_rows
from clientmig.cleaning._judged import (
    Cleaner,
    _birth_issues,
    _checks,
    _concat,
    _empty,
    _findings,
    _fixed_issues,
    _judge,
    _Judged,
    _raw,
)
from clientmig.cleaning.options import CleanOptions
from clientmig.validators import fiscal_year_end as fye
from clientmig.validators import get
from clientmig.validators import row_country as row_context

# The e-mail cell's extra addresses, on their way to email_additional (never leaves clean).
OVERFLOW = "_email_overflow"


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
    key = said.fill_null(row_context.default_country(frame, opts.country))
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
    default = row_context.default_country(frame, opts.country)
    key = said.fill_null(default)
    prefix = row_context.phone_prefix(frame)
    other = said.is_null() & prefix.is_not_null() & (prefix != default)
    if other.any():
        values = frame.get_column(name)
        rejected = pl.repeat(False, frame.height, eager=True)
        for home in default.filter(other).unique().to_list():
            bad = frame.select(module.issue_expr(values, country=home) == "postcode.invalid")
            rejected = rejected | (other & (default == home) & bad.to_series().fill_null(False))
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
    named = module.header_country(header)
    fallback = pl.lit(named) if named else row_context.default_country(frame, opts.country)
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
    """Day/month order: the option, else the column's own evidence in each file (a day over 12;
    an Outlook export beside a Belgian list keeps its month-first order), else each row's country
    custom (Belgium day first, the US month first); ``date.ambiguous`` only where none of these
    decides."""
    kind = "birth" if name == "date_of_birth" else "any"
    values = frame.get_column(name)
    order = opts.date_order
    by_file = pl.Series(dtype=pl.String)
    if order is None:
        by_file = _order_per_file(frame, values, module)
        if by_file.n_unique() == 1 and by_file[0] != "":
            order = by_file[0]
    if order is not None:
        new, found = _plain(frame, name, module, opts, order=order, kind=kind)
        column_issue = None
    else:
        country = row_context.row_country(frame).fill_null(
            row_context.default_country(frame, opts.country)
        )
        customs = {c: module.country_order(c) or "" for c in country.unique().drop_nulls()}
        custom = country.replace_strict(customs, default="", return_dtype=pl.String)
        orders = by_file.zip_with(by_file != "", custom)  # the file's proof, else the custom
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


def _order_per_file(frame: pl.DataFrame, values: pl.Series, module: ModuleType) -> pl.Series:
    """Each row's day/month order as its own file (and sheet) proves it; "" where it does not."""
    kept = [c for c in (lineage.SOURCE, lineage.SHEET) if c in frame.columns]
    where = frame.select(
        pl.concat_str([pl.col(c) for c in kept], separator="\x1f", ignore_nulls=True)
        if kept
        else pl.repeat("", frame.height, dtype=pl.String)
    ).to_series()
    files = where.unique().to_list()
    if len(files) <= 1:  # one file: the whole column is its evidence
        orders = {f: module.detect_order(values) or "" for f in files}
    else:
        orders = {f: module.detect_order(values.filter(where == f)) or "" for f in files}
    return where.replace_strict(orders, return_dtype=pl.String).rename("order")


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
        OVERFLOW: judged.column("overflow", OVERFLOW),
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
    if OVERFLOW in updates:
        parts.append(updates[OVERFLOW])
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
        OVERFLOW: pl.Series(OVERFLOW, [None] * frame.height, dtype=pl.String),
    }, found


_CLEANERS: dict[str, Cleaner] = {
    "phone": _phone,
    "postcode": _postcode,
    "national_id": _national_id,
    "company_id": _company_id,
    "date": _date,
    "email": _email,
    "fiscal_year_end": _fiscal_year_end,
}
