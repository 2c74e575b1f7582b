"""One-line addresses split into street, postcode, city, region and country, in pure Polars.

Exports such as QuickBooks' Customer Contact List write the whole address in one cell
(``Dorpsstraat 15 3500 Hasselt Belgium``), while TaxDome, Accounton and most importers want its
parts. Three written forms are recognised, the most specific first:

* North America: ``street, city, ST 12345[, country]``;
* the United Kingdom: ``street, city postcode[, country]`` (``SW1A 2AA``);
* continental Europe: ``street[,] postcode city[,] [country]`` with a postcode of four or five
  digits, an optional country prefix (``B-1000``) or Dutch letters (``1012 LG``).

A trailing country is taken only when it is a known country name or code and leaves a city in
front of it (``Luxembourg`` alone stays the city). A line that fits none of the forms is all
street: nothing is guessed.
"""

from __future__ import annotations

import polars as pl

from clientmig.validators import get

PARTS = ("street", "postcode", "city", "region", "country")
_PARTS_DTYPE = pl.Struct(dict.fromkeys(PARTS, pl.String))

_EUROPE = (
    r"^(?:(?P<street>.*?[^\s,])[\s,]+)?"
    r"(?P<postcode>(?:[A-Z]{1,2}-)?[0-9]{4,5}(?: ?[A-Z]{2}\b)?)[\s,]+"
    r"(?P<town>[^0-9\s,][^0-9]*)$"
)
_UK = (
    r"^(?P<street>[^,]+?),\s*(?P<city>[^,0-9]+?),?\s+"
    r"(?P<postcode>[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})(?:,\s*(?P<country>[^,0-9]+))?$"
)
_AMERICA = (
    r"^(?P<street>[^,]+?),\s*(?P<city>[^,0-9]+?),\s*(?P<region>[A-Z]{2})\s+"
    r"(?P<postcode>[0-9]{5}(?:-[0-9]{4})?)(?:,\s*(?P<country>[^,0-9]+))?$"
)


def _blank(expr: pl.Expr) -> pl.Expr:
    text = expr.str.strip_chars(" ,")
    return pl.when(text != "").then(text)


def _country_of(text: pl.Expr) -> pl.Expr:
    """The country a trailing text names (its ISO code), else null."""
    iso: pl.Expr = get("country").iso2_expr(text)
    return iso


def _town(town: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """Split ``city[,] [country]``: the country only when it is one and leaves a city."""
    after_comma = town.str.extract(r",\s*([^,]+)$", 1)
    last_words = [town.str.extract(rf"^(.*\S)\s+((?:\S+\s+){{{n}}}\S+)$", 2) for n in (2, 1, 0)]
    fronts = [town.str.extract(rf"^(.*\S)\s+((?:\S+\s+){{{n}}}\S+)$", 1) for n in (2, 1, 0)]
    comma_country = _country_of(after_comma)
    city: pl.Expr = pl.when(comma_country.is_not_null()).then(
        town.str.extract(r"^(.*?),\s*[^,]+$", 1)
    )
    country: pl.Expr = pl.when(comma_country.is_not_null()).then(after_comma)
    for words, front in zip(last_words, fronts, strict=True):
        hit = city.is_null() & _country_of(words).is_not_null() & ~front.str.ends_with(",")
        city = pl.when(hit).then(front).otherwise(city)
        country = pl.when(hit).then(words).otherwise(country)
    return _blank(pl.coalesce(city, town)), _blank(country)


def split_address_expr(column: str | pl.Expr) -> pl.Expr:
    """A struct of ``street, postcode, city, region, country`` for each one-line address."""
    raw = pl.col(column) if isinstance(column, str) else column
    line = (
        raw.str.replace_all(r"\s*[\r\n]+\s*", ", ")
        .str.replace_all(r"\s+", " ")
        .str.replace_all(r"(?:\s*,)+", ",")
        .str.strip_chars(" ,")
    )
    europe = line.str.extract_groups(_EUROPE)
    uk = line.str.extract_groups(_UK)
    america = line.str.extract_groups(_AMERICA)
    city, country = _town(europe.struct["town"])
    is_america = america.struct["postcode"].is_not_null()
    is_uk = uk.struct["postcode"].is_not_null()
    is_europe = europe.struct["postcode"].is_not_null()

    def pick(name: str, from_europe: pl.Expr | None) -> pl.Expr:
        from_uk = uk.struct[name] if name != "region" else pl.lit(None)
        europe_part = from_europe if from_europe is not None else pl.lit(None)
        out = (
            pl.when(is_america)
            .then(america.struct[name])
            .when(is_uk)
            .then(from_uk)
            .when(is_europe)
            .then(europe_part)
        )
        return _blank(out.cast(pl.String))

    found = is_america | is_uk | is_europe
    street = pl.when(found).then(pick("street", europe.struct["street"])).otherwise(_blank(line))
    return pl.struct(
        street.alias("street"),
        pick("postcode", europe.struct["postcode"]).alias("postcode"),
        pick("city", city).alias("city"),
        pick("region", None).alias("region"),
        pick("country", country).alias("country"),
    )
