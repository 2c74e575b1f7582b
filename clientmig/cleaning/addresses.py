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

from clientmig._polars import expr_via_distinct, with_stages
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


def _country_of(column: str) -> pl.Expr:
    """The country a text names (its ISO code), else null: looked up once per distinct text
    (the candidates, a city's or country's last words, repeat across a list)."""
    return expr_via_distinct(pl.col(column), get("country").iso2_expr, pl.String)


_WORDS_TRIED = (3, 2, 1)


def _stages(column: str) -> list[dict[str, pl.Expr]]:
    """Named steps (each computed once) from the raw cell to the five parts."""
    raw = pl.col(column)
    line = (
        raw.str.replace_all(r"\s*[\r\n]+\s*", ", ")
        .str.replace_all(r"\s+", " ")
        .str.replace_all(r"(?:\s*,)+", ",")
        .str.strip_chars(" ,")
    )
    town = pl.col("_eu").struct["town"]
    words = pl.col("_words")
    tail = {k: words.list.slice(-k).list.join(" ") for k in _WORDS_TRIED}
    head = {k: words.list.slice(0, words.list.len() - k).list.join(" ") for k in _WORDS_TRIED}
    # the country after the town's last comma, else its last three, two or one words
    city: pl.Expr = pl.when(pl.col("_iso_comma").is_not_null()).then(pl.col("_before_comma"))
    country: pl.Expr = pl.when(pl.col("_iso_comma").is_not_null()).then(pl.col("_after_comma"))
    for k in _WORDS_TRIED:
        hit = (
            city.is_null()
            & pl.col(f"_iso{k}").is_not_null()
            & (words.list.len() > k)
            & ~pl.col(f"_head{k}").str.ends_with(",")
        )
        city = pl.when(hit).then(pl.col(f"_head{k}")).otherwise(city)
        country = pl.when(hit).then(pl.col(f"_tail{k}")).otherwise(country)
    america, uk, europe = pl.col("_am"), pl.col("_uk"), pl.col("_eu")
    is_america = america.struct["postcode"].is_not_null()
    is_uk = uk.struct["postcode"].is_not_null()
    is_europe = europe.struct["postcode"].is_not_null()

    def pick(name: str, from_europe: pl.Expr | None) -> pl.Expr:
        from_uk = uk.struct[name] if name != "region" else pl.lit(None)
        out = (
            pl.when(is_america)
            .then(america.struct[name])
            .when(is_uk)
            .then(from_uk)
            .when(is_europe)
            .then(from_europe if from_europe is not None else pl.lit(None))
        )
        return _blank(out.cast(pl.String))

    found = is_america | is_uk | is_europe
    return [
        {"_line": line},
        {
            "_am": pl.col("_line").str.extract_groups(_AMERICA),
            "_uk": pl.col("_line").str.extract_groups(_UK),
            "_eu": pl.col("_line").str.extract_groups(_EUROPE),
        },
        {
            "_after_comma": town.str.extract(r",\s*([^,]+)$", 1),
            "_before_comma": town.str.extract(r"^(.*?),\s*[^,]+$", 1),
            "_words": town.str.split(" "),
        },
        {
            **{f"_tail{k}": tail[k] for k in _WORDS_TRIED},
            **{f"_head{k}": head[k] for k in _WORDS_TRIED},
        },
        {
            "_iso_comma": _country_of("_after_comma"),
            **{f"_iso{k}": _country_of(f"_tail{k}") for k in _WORDS_TRIED},
        },
        {"_city": _blank(pl.coalesce(city, town)), "_country": _blank(country)},
        {
            "parts": pl.struct(
                pl.when(found)
                .then(pick("street", europe.struct["street"]))
                .otherwise(_blank(pl.col("_line")))
                .alias("street"),
                pick("postcode", europe.struct["postcode"]).alias("postcode"),
                pick("city", pl.col("_city")).alias("city"),
                pick("region", None).alias("region"),
                pick("country", pl.col("_country")).alias("country"),
            )
        },
    ]


def split_address_expr(column: str | pl.Expr) -> pl.Expr:
    """A struct of ``street, postcode, city, region, country`` for each one-line address."""
    raw = pl.col(column) if isinstance(column, str) else column

    def run(values: pl.Series) -> pl.Series:
        frame = with_stages(
            values.rename("_raw").cast(pl.String).to_frame().lazy(), _stages("_raw")
        )
        return frame.select("parts").collect()["parts"]

    return raw.map_batches(run, return_dtype=_PARTS_DTYPE, is_elementwise=True)
