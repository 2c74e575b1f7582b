"""The country a row says it is in: from its country, state, postcode or phone prefix.

Phones, postcodes and addresses are judged under the country the row itself gives, in this
order: the ``country`` column; a US, Canadian or Australian state or province (``CA``,
``Queensland``, ``Ontario``; a code two of those countries share, such as ``WA`` or ``NT``, is
settled by the postcode's shape: four digits Australian, five US, ``A1A 1A1`` Canadian);
a postcode whose shape belongs to one country (``1012 AB``, ``SW1A 1AA``, ``K1A 0B1``,
``LV-1050``, ``B-1000``, a ZIP+4). Only where none of these says anything does the default
country apply. An international prefix on another of the row's phones (``+33``, ``0044``) is a
weaker hint: a value the default country's rules reject but that country's accept is read
as that country's (phones: suggested, not rewritten).
Nationality says where a person comes from, not where their phone is: it decides national
numbers (with the column's header), never phones or postcodes.

Everything here is vectorised (``replace_strict`` on lookup keys, regexes) and evaluated once
per distinct value of each column (exports repeat countries, states, postcodes). :func:`signals`
works the row's answers out once per frame; :func:`row_country` reads them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import phonenumbers
import polars as pl
import pycountry

from clientmig._polars import expr_via_distinct
from clientmig._text import squash_spaces_expr
from clientmig.validators import country as country_validator

PHONE_FIELDS = ("phone", "phone_mobile", "phone_office", "phone_home", "phone_fax")
STATE_COUNTRIES = ("US", "CA", "AU")

# Postcode shapes that belong to one country (upper case, spaces squashed).
POSTCODE_SHAPES: tuple[tuple[str, str], ...] = (
    ("NL", r"^(?:NL ?-? ?)?[1-9][0-9]{3} ?[A-Z]{2}$"),
    ("GB", r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$"),
    ("CA", r"^[A-Z][0-9][A-Z] ?[0-9][A-Z][0-9]$"),
    ("LV", r"^LV ?-? ?[0-9]{4}$"),
    ("US", r"^[0-9]{5}-[0-9]{4}$"),
    ("BE", r"^B ?-? ?[1-9][0-9]{3}$"),
    ("FR", r"^F ?-? ?[0-9]{5}$"),
    ("DE", r"^D ?-? ?[0-9]{5}$"),
    ("LU", r"^L ?-? ?[0-9]{4}$"),
)


# Postcode shapes of the state countries, to settle a shared state code.
STATE_POSTCODES: dict[str, str] = {
    "AU": r"^[0-9]{4}$",
    "US": r"^[0-9]{5}(?:-[0-9]{4})?$",
    "CA": r"^[A-Z][0-9][A-Z] ?[0-9][A-Z][0-9]$",
}


@lru_cache(maxsize=1)
def _all_states() -> dict[str, str]:
    """Lookup key of a state/province code or name -> the countries having it (``"AU|US"``)."""
    found: dict[str, set[str]] = {}
    for cc in STATE_COUNTRIES:
        for sub in pycountry.subdivisions.get(country_code=cc) or ():  # type: ignore[no-untyped-call]
            for text in (sub.code.split("-", 1)[1], sub.name):
                found.setdefault(country_validator.lookup_key(text), set()).add(cc)
    return {k: "|".join(sorted(v)) for k, v in found.items()}


@lru_cache(maxsize=1)
def _states() -> dict[str, str]:
    """Lookup key of a state/province code or name -> ISO2 (keys two countries share dropped)."""
    return {k: v for k, v in _all_states().items() if "|" not in v}


@lru_cache(maxsize=1)
def _calling_codes() -> dict[str, str]:
    """International calling code -> the main region phonenumbers gives for it."""
    out = {}
    for code, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items():
        main = regions[0] if regions else None
        if main and main != "001":
            out[str(code)] = main
    return out


def _lookup(key: pl.Expr, table: dict[str, str]) -> pl.Expr:
    return key.replace_strict(
        list(table), list(table.values()), default=None, return_dtype=pl.String
    )


def state_country_expr(column: pl.Expr, postcode: pl.Expr | None = None) -> pl.Expr:
    """ISO2 of a US/CA/AU state or province code or name, else null; a code two countries
    share is settled by ``postcode``'s shape where it is given."""
    key = country_validator.lookup_key_expr(column)
    single = _lookup(key, _states())
    if postcode is None:
        return single
    shared = _lookup(key, {k: v for k, v in _all_states().items() if "|" in v})
    code = squash_spaces_expr(postcode).str.to_uppercase()
    out = single
    for cc, shape in STATE_POSTCODES.items():
        fits = shared.str.contains(cc, literal=True) & code.str.contains(shape)
        out = pl.when(out.is_null() & fits.fill_null(False)).then(pl.lit(cc)).otherwise(out)
    return out


def _staged(column: pl.Expr, keep: pl.Expr, text: pl.Expr, result: pl.Expr) -> pl.Expr:
    """``result`` (over ``_t``, which is ``text`` over ``_v``) on the values ``keep`` selects
    with one cheap regex (few cells have a prefix or a foreign shape); null elsewhere."""

    def run(values: pl.Series) -> pl.Series:
        rows = values.rename("_v").to_frame().with_row_index("_i").filter(keep)
        out = pl.Series(values.name, [None] * values.len(), dtype=pl.String)
        if rows.is_empty():
            return out
        found = rows.lazy().with_columns(text.alias("_t")).select("_i", result.alias("_r"))
        done = found.collect()
        return out.scatter(done["_i"], done["_r"])

    return column.map_batches(run, return_dtype=pl.String, is_elementwise=True)


def postcode_country_expr(column: pl.Expr) -> pl.Expr:
    """ISO2 of a postcode whose shape belongs to one country, else null."""
    text = pl.col("_v").str.replace_all(r"\s+", " ").str.strip_chars().str.to_uppercase()
    out = pl.lit(None, pl.String)
    for cc, shape in reversed(POSTCODE_SHAPES):
        out = pl.when(pl.col("_t").str.contains(shape)).then(pl.lit(cc)).otherwise(out)
    # Every distinctive shape has a letter or a dash; plain digits say nothing.
    return _staged(column, pl.col("_v").str.contains(r"[A-Za-z-]"), text, out)


def phone_country_expr(column: pl.Expr) -> pl.Expr:
    """ISO2 of a phone written with an international prefix (``+33``, ``0033``), else null.

    Calling codes are prefix-free, so at most one of the first one, two or three digits is one.
    """
    code = pl.col("_v").str.replace_all(r"[\s.\-/()]", "")
    code = code.str.extract(r"^(?:\+|00)([1-9][0-9]{0,2})")
    table = _calling_codes()
    out = pl.coalesce([_lookup(pl.col("_t").str.slice(0, n), table) for n in (1, 2, 3)])
    return _staged(column, pl.col("_v").str.contains(r"^[ \t]*(?:\+|00)"), code, out)


SAID = "_cc_said"  # the country, state or postcode's country
DEFAULT = "_cc_default"  # the default country of the row's file (validators.file_country)
PHONE_PREFIX = "_cc_"  # + a phone field: that phone's international prefix's country


def _said_exprs(columns: Sequence[str]) -> list[pl.Expr]:
    exprs = []
    if "country" in columns:
        likely = country_validator.likely_iso2_expr
        exprs.append(expr_via_distinct(pl.col("country"), likely, pl.String))
    if "region" in columns and "postcode" in columns:
        pair = pl.concat_str(pl.col("region"), pl.lit("\x00"), pl.col("postcode"))

        def state(both: pl.Expr) -> pl.Expr:
            parts = both.str.split_exact("\x00", 1).struct
            return state_country_expr(parts[0], parts[1])

        exprs.append(expr_via_distinct(pair, state, pl.String))
    if "region" in columns:
        exprs.append(expr_via_distinct(pl.col("region"), state_country_expr, pl.String))
    if "postcode" in columns:
        exprs.append(postcode_country_expr(pl.col("postcode")))
    return exprs


def signals(frame: pl.DataFrame) -> pl.DataFrame:
    """Private columns with the row's own answers: :data:`SAID` and, per phone column, the
    country of its international prefix (null where a row says nothing)."""
    said = _said_exprs(frame.columns)
    exprs = [(pl.coalesce(said) if said else pl.lit(None, pl.String)).alias(SAID)]
    exprs += [
        phone_country_expr(pl.col(c)).alias(PHONE_PREFIX + c)
        for c in PHONE_FIELDS
        if c in frame.columns
    ]
    names = [SAID, *(PHONE_PREFIX + c for c in PHONE_FIELDS if c in frame.columns)]
    return frame.with_columns(exprs).select(names)  # with_columns: a literal fills every row


def _known(frame: pl.DataFrame) -> pl.DataFrame:
    return frame if SAID in frame.columns else frame.with_columns(signals(frame))


def said(frame: pl.DataFrame) -> pl.Series:
    """ISO2 per row from its country, state or postcode shape (null where they say nothing).

    Reads the columns of :func:`signals` where ``frame`` has them, else works them out."""
    return _known(frame).get_column(SAID).rename("_k")


def phone_prefix(frame: pl.DataFrame, *, skip: str | None = None) -> pl.Series:
    """ISO2 per row of the first of its phones (but ``skip``) written with a country prefix.

    A weaker signal than :func:`said`: a foreign number is the one people write with its
    prefix, so it decides a value only where the default country's rules reject it."""
    phones = [PHONE_PREFIX + c for c in PHONE_FIELDS if c in frame.columns and c != skip]
    if not phones:
        return pl.Series("_k", [None] * frame.height, dtype=pl.String)
    return _known(frame).select(pl.coalesce(phones).alias("_k")).get_column("_k")


def row_country(frame: pl.DataFrame) -> pl.Series:
    """ISO2 per row: :func:`said`, else :func:`phone_prefix` (null where nothing says)."""
    return pl.select(pl.coalesce(said(frame), phone_prefix(frame))).to_series().rename("_k")


def default_country(frame: pl.DataFrame, country: str) -> pl.Series:
    """Per row, the country that applies where the row says nothing: its file's own (the
    :data:`DEFAULT` column cleaning adds from :mod:`.file_country`), else ``country``."""
    if DEFAULT in frame.columns:
        return frame.get_column(DEFAULT).rename("_k")
    return pl.repeat(country.upper(), frame.height, dtype=pl.String, eager=True).rename("_k")
