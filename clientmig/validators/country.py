"""Countries: ISO codes, English, local names and aliases -> the English name Karbon expects.

A lookup table (pycountry names, official and common names, alpha-2 and alpha-3 codes, plus an
alias table of Dutch, French, German and local names) is built once; values are matched on an
accent-, case- and punctuation-insensitive key (:func:`lookup_key`), vectorised with
``replace_strict``.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache

import polars as pl
import pycountry

from clientmig._polars import IntoExprColumn, parse_into_expr
from clientmig._text import (
    DOTS,
    char_class,
    fold_accents,
    fold_accents_expr,
    python_re,
    squash_spaces,
    squash_spaces_expr,
)
from clientmig.issues import Severity
from clientmig.validators import Finding, finding_for

NAME = "country"

CODES: dict[str, tuple[Severity, str]] = {
    "country.unknown": ("warning", "This is not a country name or code clientmig knows."),
    "country.fixed": ("info", "Country written as its English name."),
}

# English display names where pycountry's name is not the everyday one.
DISPLAY_NAMES: dict[str, str] = {
    "RU": "Russia",
    "CD": "Democratic Republic of the Congo",
    "KP": "North Korea",
    "LA": "Laos",
    "SY": "Syria",
    "VA": "Vatican City",
}

# Aliases (any case, accents optional) -> ISO2; they win over pycountry's codes and names.
ALIASES: dict[str, str] = {
    **dict.fromkeys(["België", "Belgique", "Belgien", "Belgio", "Bélgica", "Belgium"], "BE"),
    **dict.fromkeys(
        ["Nederland", "Holland", "Pays-Bas", "Niederlande", "Paesi Bassi", "Países Bajos"], "NL"
    ),
    **dict.fromkeys(["The Netherlands", "Netherlands", "Nederlân"], "NL"),
    **dict.fromkeys(["Deutschland", "Allemagne", "Duitsland", "Germania", "Alemania"], "DE"),
    **dict.fromkeys(["Frankrijk", "Frankreich", "Francia"], "FR"),
    **dict.fromkeys(
        [
            "UK",
            "GB",
            "Great Britain",
            "England",
            "Scotland",
            "Wales",
            "Northern Ireland",
            "Verenigd Koninkrijk",
            "Royaume-Uni",
            "Vereinigtes Königreich",
            "Groot-Brittannië",
            "Grande-Bretagne",
            "Großbritannien",
            "Engeland",
            "Angleterre",
            "Schotland",
            "Écosse",
        ],
        "GB",
    ),
    **dict.fromkeys(["Eire", "Éire", "Ierland", "Irlande", "Irland"], "IE"),
    **dict.fromkeys(
        [
            "USA",
            "US",
            "United States of America",
            "America",
            "Verenigde Staten",
            "États-Unis",
            "Vereinigte Staaten",
            "VS",
        ],
        "US",
    ),
    **dict.fromkeys(["România", "Roemenië", "Roumanie", "Rumänien", "Rumania"], "RO"),
    **dict.fromkeys(["Latvija", "Lettonie", "Letland", "Lettland"], "LV"),
    **dict.fromkeys(["Lietuva", "Litouwen", "Lituanie", "Litauen"], "LT"),
    **dict.fromkeys(["Eesti", "Estland", "Estonie"], "EE"),
    **dict.fromkeys(["Luxemburg", "Lëtzebuerg", "Luxembourg"], "LU"),
    **dict.fromkeys(["Suisse", "Zwitserland", "Schweiz", "Svizzera", "Svizra"], "CH"),
    **dict.fromkeys(["Espagne", "Spanje", "España", "Spanien"], "ES"),
    **dict.fromkeys(["Italia", "Italië", "Italie", "Italien"], "IT"),
    **dict.fromkeys(["Oostenrijk", "Autriche", "Österreich"], "AT"),
    **dict.fromkeys(["Polen", "Pologne", "Polska"], "PL"),
    **dict.fromkeys(["Griekenland", "Grèce", "Griechenland", "Ellada"], "GR"),
    **dict.fromkeys(["Zweden", "Suède", "Schweden", "Sverige"], "SE"),
    **dict.fromkeys(["Noorwegen", "Norvège", "Norwegen", "Norge"], "NO"),
    **dict.fromkeys(["Denemarken", "Danemark", "Dänemark", "Danmark"], "DK"),
    **dict.fromkeys(["Finland", "Finlande", "Finnland", "Suomi"], "FI"),
    **dict.fromkeys(
        ["Tsjechië", "Tchéquie", "Tschechien", "Česko", "Czech Republic", "République tchèque"],
        "CZ",
    ),
    **dict.fromkeys(["Hongarije", "Hongrie", "Ungarn", "Magyarország"], "HU"),
    **dict.fromkeys(["Turkije", "Turquie", "Türkei", "Turkey"], "TR"),
    **dict.fromkeys(["Marokko", "Maroc"], "MA"),
    **dict.fromkeys(["Kroatië", "Croatie", "Kroatien", "Hrvatska"], "HR"),
    **dict.fromkeys(["Slowakije", "Slovaquie", "Slowakei", "Slovensko"], "SK"),
    **dict.fromkeys(["Slovenië", "Slovénie", "Slowenien", "Slovenija"], "SI"),
    **dict.fromkeys(["Bulgarije", "Bulgarie", "Bulgarien"], "BG"),
    **dict.fromkeys(["Portugal", "Portugalia"], "PT"),
    **dict.fromkeys(["Australië", "Australie", "Australien"], "AU"),
    **dict.fromkeys(["Nieuw-Zeeland", "Nouvelle-Zélande", "Neuseeland"], "NZ"),
    **dict.fromkeys(["Zuid-Afrika", "Afrique du Sud", "Südafrika"], "ZA"),
    **dict.fromkeys(["Rusland", "Russie", "Russland", "Russia"], "RU"),
    **dict.fromkeys(["Chine", "Volksrepubliek China"], "CN"),
    **dict.fromkeys(["Japon"], "JP"),
    **dict.fromkeys(["Inde", "Indien"], "IN"),
    **dict.fromkeys(["Brazilië", "Brésil", "Brasil", "Brasilien"], "BR"),
    **dict.fromkeys(["Mexique", "México", "Mexiko"], "MX"),
    **dict.fromkeys(["Canada", "Kanada"], "CA"),
    **dict.fromkeys(["Cyprus", "Chypre", "Zypern"], "CY"),
    **dict.fromkeys(["Malta", "Malte"], "MT"),
    **dict.fromkeys(["IJsland", "Islande", "Island"], "IS"),
    **dict.fromkeys(["Oekraïne", "Ukraine", "Україна"], "UA"),
    **dict.fromkeys(["South Korea", "Zuid-Korea", "Corée du Sud", "Südkorea"], "KR"),
    **dict.fromkeys(["Vietnam"], "VN"),
}

# ------------------------------------------------------------------ lookup keys (shared)


def lookup_key(value: str) -> str:
    """Accent-, case- and punctuation-insensitive key: ``"U.S.A."`` -> ``"usa"``.

    Dots and apostrophes vanish, other punctuation and symbols become spaces, spaces squashed.
    """
    text = fold_accents(squash_spaces(value)).lower()
    text = re.sub("[" + re.escape(DOTS) + "]", "", text)
    return squash_spaces(python_re("ps").sub(" ", text))


def lookup_key_expr(expr: pl.Expr) -> pl.Expr:
    """Vectorised :func:`lookup_key`."""
    text = fold_accents_expr(squash_spaces_expr(expr)).str.to_lowercase()
    text = text.str.replace_all("[" + re.escape(DOTS) + "]", "")
    return squash_spaces_expr(text.str.replace_all(char_class("ps", "polars"), " "))


# ------------------------------------------------------------------ the table


def display_name(alpha_2: str) -> str:
    """English name for an ISO2 code (``"BE"`` -> ``"Belgium"``)."""
    if alpha_2 in DISPLAY_NAMES:
        return DISPLAY_NAMES[alpha_2]
    record = pycountry.countries.get(alpha_2=alpha_2)
    if record is None:
        return alpha_2
    return str(getattr(record, "common_name", None) or record.name)


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    """Lookup key -> ISO2: pycountry codes and names first, aliases override."""
    table: dict[str, str] = {}
    for record in pycountry.countries:
        for attr in ("name", "official_name", "common_name", "alpha_3", "alpha_2"):
            text = getattr(record, attr, None)
            if text:
                table[lookup_key(text)] = record.alpha_2
        table[lookup_key(display_name(record.alpha_2))] = record.alpha_2
    for alias, alpha_2 in ALIASES.items():
        table[lookup_key(alias)] = alpha_2
    table.pop("", None)
    return table


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    return {key: display_name(alpha_2) for key, alpha_2 in _table().items()}


def _clean(value: str) -> str:
    return unicodedata.normalize("NFC", squash_spaces(value))


def _clean_expr(expr: pl.Expr) -> pl.Expr:
    return squash_spaces_expr(expr).str.normalize("NFC")


def iso2(value: str) -> str | None:
    """ISO 3166 alpha-2 code for a country name, alias or code; None when unknown."""
    return _table().get(lookup_key(value))


def compact(value: str) -> str:
    """English country name (``"België"`` -> ``"Belgium"``); unknown values only tidied."""
    return _names().get(lookup_key(value)) or _clean(value)


def _code(value: str) -> str | None:
    text = _clean(value)
    if text == "":
        return None
    if iso2(text) is None:
        return f"{NAME}.unknown"
    return f"{NAME}.fixed" if compact(value) != value else None


def check(value: str) -> Finding | None:
    """``country.unknown`` (warning), ``country.fixed`` (info) or None."""
    code = _code(value)
    if code is None:
        return None
    return finding_for(sys.modules[__name__], code)


def validate(value: str) -> str:
    """Return :func:`compact`; this validator has no error findings, so it never raises."""
    return compact(value)


def is_valid(value: object) -> bool:
    """Whether ``value`` names a known country; never raises."""
    return isinstance(value, str) and iso2(value) is not None


def format(value: str) -> str:
    """Display form: the English name."""
    return compact(value)


def _replace(key: pl.Expr, mapping: dict[str, str]) -> pl.Expr:
    return key.replace_strict(
        list(mapping), list(mapping.values()), default=None, return_dtype=pl.String
    )


def iso2_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`iso2`."""
    return _replace(lookup_key_expr(parse_into_expr(column)), _table())


def compact_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`compact`; null in, null out."""
    expr = parse_into_expr(column)
    return pl.coalesce(_replace(lookup_key_expr(expr), _names()), _clean_expr(expr))


def issue_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised ``check(value).code``."""
    expr = parse_into_expr(column)
    return (
        pl.when(expr.is_null() | (_clean_expr(expr) == ""))
        .then(pl.lit(None, pl.String))
        .when(iso2_expr(expr).is_null())
        .then(pl.lit(f"{NAME}.unknown"))
        .when(compact_expr(expr) != expr)
        .then(pl.lit(f"{NAME}.fixed"))
        .otherwise(pl.lit(None, pl.String))
    )
