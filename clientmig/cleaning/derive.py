"""Fields derived from others: record type, account type and name, split names, addresses.

``before_clean`` splits a full name when first and last names are missing, and a one-line
address into its parts; ``after_clean`` settles each row's record type (person or
organisation) and TaxDome's account type and name;
``for_table`` shapes a cleaned frame for one target table (belongs-to from the company column,
phones routed to mobile or office by their type, one-line addresses).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import polars as pl

from clientmig import keys
from clientmig._polars import expr_via_distinct
from clientmig.cleaning.addresses import PARTS, split_address_expr
from clientmig.target_schemas import Target
from clientmig.validators import get

_PERSON_WORDS = (
    "person",
    "persoon",
    "personne",
    "individual",
    "individu",
    "particulier",
    "natural person",
    "natuurlijk persoon",
    "personne physique",
    "privat",
    "privatperson",
    "persoana fizica",
    "fiziska persona",
    "p",
    "i",
    "human",
)
_ORG_WORDS = (
    "organization",
    "organisation",
    "company",
    "bedrijf",
    "onderneming",
    "vennootschap",
    "firma",
    "entreprise",
    "societe",
    "business",
    "eenmanszaak",
    "sole trader",
    "zelfstandige",
    "rechtspersoon",
    "personne morale",
    "legal person",
    "unternehmen",
    "gesellschaft",
    "persoana juridica",
    "companie",
    "juridiska persona",
    "uznemums",
    "o",
    "c",
    "org",
)
RECORD_TYPES = dict.fromkeys(_PERSON_WORDS, "person") | dict.fromkeys(_ORG_WORDS, "organization")
# Business structures that are no legal form of a company but are not a person either.
_ENTITY_WORDS = (
    "trust",
    "family trust",
    "partnership",
    "superannuation fund",
    "self managed superannuation fund",
    "smsf",
    "association",
    "club",
    "charity",
    "foundation",
    "stichting",
    "vereniging",
    "maatschap",
    "government",
)


def _column(frame: pl.DataFrame, name: str) -> pl.Expr:
    return pl.col(name) if name in frame.columns else pl.lit(None, pl.String)


def _has_legal_form(column: str) -> pl.Expr:
    """Whether each name carries a legal form, worked out once per distinct name."""
    found = expr_via_distinct(
        pl.col(column), lambda name: keys.legal_form_expr(name).is_not_null(), pl.Boolean
    )
    return found.fill_null(value=False)


def _words(column: str, meanings: dict[str, str]) -> pl.Expr:
    """What a cell's words mean (``Bedrijf`` -> organization), case and spaces aside."""
    words = pl.col(column).str.strip_chars().str.to_lowercase()
    return words.replace_strict(meanings, default=None, return_dtype=pl.String)


def _company_signs(frame: pl.DataFrame) -> dict[str, pl.Expr]:
    """Each sign that a row is a company: a legal form in its surname or full name
    (``Janssens BV``), an enterprise number with no national number or birth date."""
    signs = {c: _has_legal_form(c) for c in ("last_name", "full_name") if c in frame}
    personal = pl.any_horizontal(
        _column(frame, c).is_not_null() for c in ("national_id", "date_of_birth")
    )
    signs["company_id"] = _column(frame, "company_id").is_not_null() & ~personal
    return signs


def company_hint(frame: pl.DataFrame) -> pl.Expr:
    """The row's name or numbers say company (any of :func:`_company_signs`)."""
    return pl.any_horizontal(list(_company_signs(frame).values()))


def before_clean(frame: pl.DataFrame) -> pl.DataFrame:
    """Split a full name into names and a one-line address into its parts, where empty; a
    fiscal year-end month without a day column ends on the month's last day; a day column
    holding day and month (``31/12``) gives the month too."""
    return _year_end_in_day_cell(_month_only_year_end(_split_address(_split_full_name(frame))))


def _month_only_year_end(frame: pl.DataFrame) -> pl.DataFrame:
    """XPM's Balance Month (``June``) and the like: with no day column at all, the fiscal year
    ends on the month's last day (February: 28), as for a month given alone in one cell."""
    has = frame.columns
    if "fiscal_year_end_month" not in has or {"fiscal_year_end_day", "fiscal_year_end"} & set(has):
        return frame
    fye = get("fiscal_year_end")
    month = fye.month_expr(pl.col("fiscal_year_end_month")).cast(pl.Int64, strict=False)
    last = month.replace_strict(fye.LAST_DAY, default=None, return_dtype=pl.Int64)
    return frame.with_columns(fiscal_year_end_day=last.cast(pl.String))


def _year_end_in_day_cell(frame: pl.DataFrame) -> pl.DataFrame:
    """A day column with no month column whose cells hold the whole year end ("Afsluitdag
    boekjaar": ``31/12``): the month comes from the same cell, so the pair is complete."""
    has = frame.columns
    if "fiscal_year_end_day" not in has or {"fiscal_year_end_month", "fiscal_year_end"} & set(has):
        return frame
    month = get("fiscal_year_end").month_expr(pl.col("fiscal_year_end_day"))
    found = frame.select(month.alias("m")).get_column("m")
    if found.null_count() == found.len():
        return frame
    return frame.with_columns(found.alias("fiscal_year_end_month"))


def _split_address(frame: pl.DataFrame) -> pl.DataFrame:
    """Fill street, postcode, city, region and country from ``address`` (see
    :mod:`clientmig.addresses`) where a row lacks them, unless a part it has contradicts it."""
    if "address" not in frame.columns:
        return frame
    split = split_address_expr(pl.col("address"))
    own = {p: _column(frame, p).cast(pl.String) for p in PARTS}
    clash = pl.any_horizontal(
        (own[p].str.to_lowercase() != split.struct[p].str.to_lowercase()).fill_null(False)
        for p in PARTS
    )
    return frame.with_columns(
        pl.when(clash).then(own[p]).otherwise(pl.coalesce(own[p], split.struct[p])).alias(p)
        for p in PARTS
    )


def _split_full_name(frame: pl.DataFrame) -> pl.DataFrame:
    """Split ``full_name`` into first, middle and last names where those are empty.

    A company's full name (:func:`company_hint`) is not split. A row with a first name of its
    own but no last name (``Naam`` beside ``Voornaam``: surname or company) takes the rest of
    the full name after its first name, or else the whole full name.
    """
    if "full_name" not in frame.columns:
        return frame
    # each sign worked out once: the legal form of the full name serves twice below
    signs = {f"__company_{k}": sign for k, sign in _company_signs(frame).items()}
    frame = frame.with_columns(**signs)
    company = pl.any_horizontal(pl.col(c) for c in signs)
    legal = pl.col("__company_full_name")
    full = pl.col("full_name").str.strip_chars()
    parts = get("person_name").split_full_name_expr(pl.col("full_name"))
    split = {
        name: pl.when(~company).then(parts.struct.field(part))
        for part, name in (
            ("first", "first_name"),
            ("middle", "middle_name"),
            ("last", "last_name"),
        )
    }
    first, middle, last = (_column(frame, c) for c in ("first_name", "middle_name", "last_name"))
    # A row that has a first or last name of its own keeps them as they are.
    own = first.is_not_null() | last.is_not_null()
    after_first = full.str.to_lowercase().str.starts_with(first.str.to_lowercase() + " ")
    # beside a given name, only a legal form marks a company (a sole trader has a number too)
    surname = (
        pl.when(legal).then(None).when(after_first).then(parts.struct.field("last")).otherwise(full)
    )
    out = {
        "first_name": pl.when(own).then(first).otherwise(split["first_name"]),
        "middle_name": pl.when(own)
        .then(middle)
        .otherwise(pl.coalesce(middle, split["middle_name"])),
        "last_name": pl.when(own)
        .then(pl.coalesce(last, pl.when(first.is_not_null()).then(surname)))
        .otherwise(split["last_name"]),
    }
    named = frame.with_columns(expr.cast(pl.String).alias(name) for name, expr in out.items())
    return named.drop(list(signs))


def record_type_expr(frame: pl.DataFrame) -> pl.Expr:
    """Each row's record type: the column's words (``Bedrijf``, ``Persoon``); else a client
    type's (``Individual``, ``Business``); else the legal form's (``Individual``, ``Trust``,
    ``BV``); else a row with no given name is an organisation
    when it has an organisation name or a company's name or number (:func:`company_hint`), and a
    person otherwise."""
    has = frame.columns
    given = _words("record_type", RECORD_TYPES) if "record_type" in has else pl.lit(None, pl.String)
    if "account_type" in has:
        # TaxDome's and Canopy's client type (Individual, Company, Business) says it too.
        given = pl.coalesce(given, _words("account_type", RECORD_TYPES))
    if "legal_form" in has:
        # A business structure (Individual, Company, Trust) or a legal form (BV) decides next.
        structures = RECORD_TYPES | dict.fromkeys(_ENTITY_WORDS, "organization")
        form = keys.canonical_form_expr(pl.col("legal_form"))
        by_form = pl.when(form.is_not_null()).then(pl.lit("organization"))
        given = pl.coalesce(given, _words("legal_form", structures), by_form)
    is_person = _column(frame, "first_name").is_not_null()
    # No given name, and an organisation name or a company's name or number: an organisation.
    company = _column(frame, "organization_name").is_not_null() | company_hint(frame)
    guessed = pl.when(company & ~is_person).then(pl.lit("organization")).otherwise(pl.lit("person"))
    return pl.coalesce(given, guessed)


# Labels every Google contact carries; they are not the firm's tags.
_SYSTEM_LABELS = ("mycontacts", "my contacts", "starred", "other contacts", "imported on")


def tags_expr() -> pl.Expr:
    """Tags without Google's ``* `` marker and system labels, joined by "; "."""
    one = pl.element().str.strip_chars().str.strip_chars_start("* ").str.strip_chars()
    system = one.str.to_lowercase().str.starts_with(_SYSTEM_LABELS[0])
    for label in _SYSTEM_LABELS[1:]:
        system = system | one.str.to_lowercase().str.starts_with(label)
    kept = (
        pl.col("tags")
        .str.split(";")
        .list.eval(pl.when(~system & (one != "")).then(one))
        .list.drop_nulls()
        .list.unique(maintain_order=True)
        .list.join("; ")
    )
    return pl.when(kept == "").then(None).otherwise(kept)


def after_clean(frame: pl.DataFrame) -> pl.DataFrame:
    """Settle record type, organisation names of organisation rows, account type and name."""
    frame = frame.with_columns(record_type_expr(frame).alias("record_type"))
    if "tags" in frame.columns:
        frame = frame.with_columns(tags_expr().alias("tags"))
    is_org = pl.col("record_type") == "organization"
    if "organization_name" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, pl.String).alias("organization_name"))
    # A relation list (AdminPulse) writes an organisation's name in the surname column; a
    # client list may write it in a full-name column, which is then the name as written (the
    # names split from it before the record type was known would reorder its words).
    name_parts = [pl.col(c) for c in ("last_name", "first_name") if c in frame.columns]
    if name_parts or "full_name" in frame.columns:
        as_org = pl.concat_str(name_parts or [pl.lit(None)], separator=" ", ignore_nulls=True)
        as_org = pl.coalesce(_column(frame, "full_name"), pl.when(as_org != "").then(as_org))
        frame = frame.with_columns(
            pl.when(is_org & pl.col("organization_name").is_null())
            .then(as_org)
            .otherwise(pl.col("organization_name"))
            .alias("organization_name")
        )
    if "legal_form" in frame.columns:
        frame = frame.with_columns(legal_name_expr(frame.columns, is_org).alias("legal_name"))
    person_name = pl.concat_str(
        [pl.col(c) for c in ("first_name", "last_name") if c in frame.columns] or [pl.lit(None)],
        separator=" ",
        ignore_nulls=True,
    )
    account_name = pl.when(is_org).then(pl.col("organization_name")).otherwise(person_name)
    account_type = pl.when(is_org).then(pl.lit("Company")).otherwise(pl.lit("Individual"))
    existing_name = pl.col("account_name") if "account_name" in frame.columns else pl.lit(None)
    existing_type = pl.lit(None)
    if "account_type" in frame.columns:
        # A client type in words (Business, Person) is written the platform's way.
        known = _words("account_type", RECORD_TYPES).is_not_null()
        existing_type = pl.when(~known).then(pl.col("account_type"))
    return frame.with_columns(
        pl.coalesce(existing_name, pl.when(account_name != "").then(account_name)).alias(
            "account_name"
        ),
        pl.coalesce(existing_type, account_type).alias("account_type"),
    )


def legal_name_expr(has: Sequence[str], is_org: pl.Expr) -> pl.Expr:
    """An organisation's name with the legal form its own column gives (``Bakkerij Delta`` +
    ``BV``), unless the name carries one or a legal name is given: the form is not lost."""
    form = pl.col("legal_form").str.strip_chars()
    name = pl.col("organization_name")
    named = name.is_not_null() & keys.canonical_form_expr(form).is_not_null()
    carried = keys.legal_form_expr(name).is_not_null()
    full = pl.when(carried).then(name).otherwise(pl.concat_str([name, pl.lit(" "), form]))
    derived = pl.when(is_org & named).then(full)
    return pl.coalesce(pl.col("legal_name"), derived) if "legal_name" in has else derived


def rows_for(target: Target) -> pl.Expr:
    """Which rows of a cleaned frame belong in ``target`` (by its entity)."""
    if target.entity == "person":
        return pl.col("record_type") == "person"
    if target.entity == "organization":
        return pl.col("record_type") == "organization"
    return pl.lit(True)


def rows_for_any(tables: Iterable[Target]) -> pl.Expr:
    """Which rows some table of ``tables`` takes (group tables take none of them)."""
    kept = [t for t in tables if t.entity != "group"]
    if not kept or any(t.entity not in ("person", "organization") for t in kept):
        # A table that takes every row: a literal, never a horizontal of literals (Polars
        # broadcasts those to the number of inputs, not rows: the 20,000-row ShapeError).
        return pl.lit(value=True)
    return pl.any_horizontal([rows_for(t) for t in kept]).fill_null(value=False)


def for_table(frame: pl.DataFrame, target: Target, *, only: set[str] | None = None) -> pl.DataFrame:
    """Shape a cleaned frame for one table: derived fields filled, nothing else changed.

    ``only`` limits the work to the fields named (validation needs only the checked ones).
    """
    has = set(frame.columns)
    out: list[pl.Expr] = []

    def wanted(name: str) -> bool:
        return only is None or name in only

    if target.has("belongs_to") and "organization_name" in has and wanted("belongs_to"):
        own = pl.col("belongs_to") if "belongs_to" in has else pl.lit(None, pl.String)
        out.append(pl.coalesce(own, pl.col("organization_name")).alias("belongs_to"))
    if target.has("address") and not target.has("street") and wanted("address"):
        out.append(address_expr(frame).alias("address"))
    if "phone" in has and not target.has("phone") and (only is None or only & _PHONES):
        out.extend(_route_phones(frame, target))
    return frame.with_columns(out) if out else frame


_PHONES = {"phone_mobile", "phone_office", "phone_home"}


def address_expr(frame: pl.DataFrame) -> pl.Expr:
    """One-line address ``street, street 2, postcode city, region, country`` (Karbon's form)."""
    has = frame.columns

    def col(name: str) -> pl.Expr:
        if name not in has:
            return pl.lit(None, pl.String)
        c = pl.col(name).str.strip_chars()
        return pl.when(c == "").then(None).otherwise(c)

    town = pl.concat_str([col("postcode"), col("city")], separator=" ", ignore_nulls=True)
    town = pl.when(town == "").then(None).otherwise(town)
    parts = pl.concat_str(
        [col("street"), col("street2"), town, col("region"), col("country")],
        separator=", ",
        ignore_nulls=True,
    )
    built = pl.when(parts == "").then(None).otherwise(parts)
    return pl.coalesce(col("address"), built)


def _route_phones(frame: pl.DataFrame, target: Target) -> list[pl.Expr]:
    """A generic phone goes to the mobile field when it is a mobile, else to the office one."""
    phone = get("phone")
    kind = phone.type_expr(pl.col("phone"))
    mobile = kind == "mobile"
    out = []
    has = frame.columns
    if target.has("phone_mobile"):
        own = pl.col("phone_mobile") if "phone_mobile" in has else pl.lit(None, pl.String)
        out.append(pl.coalesce(own, pl.when(mobile).then(pl.col("phone"))).alias("phone_mobile"))
    for name in ("phone_office", "phone_home"):
        if target.has(name):
            own = pl.col(name) if name in has else pl.lit(None, pl.String)
            fallback = pl.when(~mobile | ~pl.lit(target.has("phone_mobile"))).then(pl.col("phone"))
            out.append(pl.coalesce(own, fallback).alias(name))
            break
    return out
