"""Countries and nationalities as clients write them -> the English name Karbon expects.

A lookup table is built once from maintained sources: pycountry (ISO names, alpha-2 and alpha-3
codes) and CLDR's localised country names through babel (en, nl, fr, de, ro, lv, es, it, pt,
pl); then nationality adjectives in en/nl/fr/de with their inflections (CLDR has no
demonyms, so these are a hand list) and an alias table of local and historic names. Values are
matched on an accent-, case- and punctuation-insensitive key (:func:`lookup_key`), vectorised
with ``replace_strict``. A value one or two edits (a swap is one) away from exactly one known
name (``Belgum``, ``Frankrijck``) is a ``country.misspelt`` warning suggesting that country; it
still tells the row's country to the phone, postcode and ID checks (:func:`likely_iso2`).

Examples:

>>> compact("België")
'Belgium'
>>> compact("Deutschland")
'Germany'
>>> is_valid("Belgique")
True
>>> check("Atlantis").code
'country.unknown'
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache

import polars as pl
import pycountry
from babel import Locale
from rapidfuzz import process
from rapidfuzz.distance import OSA

from clientmig._polars import IntoExprColumn, parse_into_expr, via_distinct
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
    "country.misspelt": (
        "warning",
        "This looks like a misspelt country name; check the suggestion.",
    ),
}

# CLDR locales whose country names are read (the languages of the platforms' clients).
LOCALES = ("en", "nl", "fr", "de", "ro", "lv", "es", "it", "pt", "pl")

# Nationality adjectives (CLDR has none): ISO2 -> English, Dutch, French, German base forms,
# separated by "|". Inflections (Dutch/German -e, -er; French -e, -ne) are added by
# :func:`_inflections`; irregular forms are listed as they are.
NATIONALITIES: dict[str, str] = {
    "BE": "Belgian|Belg|Belgisch|Belge|belgisch|Belgier|Belgierin",
    "NL": "Dutch|Nederlands|Nederlander|Hollands|néerlandais|hollandais|niederländisch|"
    "Niederländer|Niederländerin",
    "FR": "French|Frans|Fransman|Française|français|französisch|Franzose|Französin",
    "DE": "German|Duits|Duitser|allemand|deutsch|Deutscher|Deutsche",
    "LU": "Luxembourgish|Luxembourger|Luxemburgs|Luxemburger|luxembourgeois|luxemburgisch",
    "GB": "British|English|Scottish|Welsh|Brits|Engels|Schots|britannique|anglais|écossais|"
    "britisch|Brite|Britin|englisch",
    "IE": "Irish|Iers|irlandais|irisch|Ire|Irin",
    "US": "American|Amerikaans|Amerikaan|américain|amerikanisch|Amerikaner|Amerikanerin",
    "CA": "Canadian|Canadees|Canadese|canadien|kanadisch|Kanadier|Kanadierin",
    "AU": "Australian|Australisch|Australiër|australien|australisch|Australier|Australierin",
    "NZ": "New Zealander|Nieuw-Zeelands|néo-zélandais|neuseeländisch",
    "RO": "Romanian|Roemeens|Roemeen|roumain|rumänisch|Rumäne|Rumänin",
    "LV": "Latvian|Lets|Let|letton|lettisch|Lette|Lettin",
    "LT": "Lithuanian|Litouws|Litouwer|lituanien|litauisch|Litauer|Litauerin",
    "EE": "Estonian|Ests|Estlands|Est|estonien|estnisch|Este|Estin",
    "PL": "Polish|Pools|Pool|polonais|polnisch|Pole|Polin",
    "CZ": "Czech|Tsjechisch|Tsjech|tchèque|tschechisch|Tscheche|Tschechin",
    "SK": "Slovak|Slowaaks|Slowaak|slovaque|slowakisch|Slowake|Slowakin",
    "SI": "Slovenian|Slovene|Sloveens|Sloveen|slovène|slowenisch|Slowene|Slowenin",
    "HR": "Croatian|Kroatisch|Kroaat|croate|kroatisch|Kroate|Kroatin",
    "HU": "Hungarian|Hongaars|Hongaar|hongrois|ungarisch|Ungar|Ungarin",
    "BG": "Bulgarian|Bulgaars|Bulgaar|bulgare|bulgarisch|Bulgare|Bulgarin",
    "GR": "Greek|Grieks|Griek|grec|grecque|griechisch|Grieche|Griechin",
    "IT": "Italian|Italiaans|Italiaan|italien|italienisch|Italiener|Italienerin",
    "ES": "Spanish|Spaans|Spanjaard|espagnol|spanisch|Spanier|Spanierin",
    "PT": "Portuguese|Portugees|portugais|portugiesisch|Portugiese|Portugiesin",
    "AT": "Austrian|Oostenrijks|Oostenrijker|autrichien|österreichisch|Österreicher|Österreicherin",
    "CH": "Swiss|Zwitsers|Zwitser|suisse|schweizerisch|Schweizer|Schweizerin",
    "DK": "Danish|Dane|Deens|Deen|danois|dänisch|Däne|Dänin",
    "SE": "Swedish|Swede|Zweeds|Zweed|suédois|schwedisch|Schwede|Schwedin",
    "NO": "Norwegian|Noors|Noor|norvégien|norwegisch|Norweger|Norwegerin",
    "FI": "Finnish|Fin|Fins|finlandais|finnisch|Finne|Finnin",
    "CY": "Cypriot|Cypriotisch|Cyprioot|chypriote|zypriotisch|Zypriot|Zypriotin",
    "MT": "Maltese|Maltees|Maltezer|maltais|maltesisch|Malteser|Malteserin",
    "TR": "Turkish|Turk|Turks|turc|turque|türkisch|Türke|Türkin",
    "MA": "Moroccan|Marokkaans|Marokkaan|marocain|marokkanisch|Marokkaner|Marokkanerin",
    "DZ": "Algerian|Algerijns|Algerijn|algérien|algerisch|Algerier|Algerierin",
    "TN": "Tunisian|Tunesisch|Tunesiër|tunisien|tunesisch|Tunesier|Tunesierin",
    "CD": "Congolese|Congolees|congolais|kongolesisch|Kongolese|Kongolesin",
    "UA": "Ukrainian|Oekraïens|Oekraïner|ukrainien|ukrainisch|Ukrainer|Ukrainerin",
    "RU": "Russian|Russisch|Rus|russe|Russe|Russin",
    "CN": "Chinese|Chinees|chinois|chinesisch|Chinese|Chinesin",
    "IN": "Indian|Indiaas|Indiër|indien|indisch|Inder|Inderin",
    "JP": "Japanese|Japans|Japanner|japonais|japanisch|Japaner|Japanerin",
    "BR": "Brazilian|Braziliaans|Braziliaan|brésilien|brasilianisch|Brasilianer|Brasilianerin",
    "MX": "Mexican|Mexicaans|Mexicaan|mexicain|mexikanisch|Mexikaner|Mexikanerin",
    "ZA": "South African|Zuid-Afrikaans|Zuid-Afrikaan|sud-africain|südafrikanisch",
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
    **dict.fromkeys(
        [
            "Luxemburg",
            "Lëtzebuerg",
            "Luxembourg",
            "Grand-Duché de Luxembourg",
            "Groothertogdom Luxemburg",
            "Großherzogtum Luxemburg",
            "Grand Duchy of Luxembourg",
        ],
        "LU",
    ),
    **dict.fromkeys(["Koninkrijk België", "Royaume de Belgique", "Kingdom of Belgium"], "BE"),
    # The international vehicle codes, as Belgian address lists write the country ("B-1000").
    "B": "BE",
    "D": "DE",
    "F": "FR",
    "L": "LU",
    "A": "AT",
    "I": "IT",
    "E": "ES",
    "P": "PT",
    "IRL": "IE",
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


def _inflections(word: str) -> list[str]:
    """A nationality adjective and its regular inflected forms (Dutch/German ``-e``, ``-er``;
    French ``-e``, ``-ne``): ``Belgisch`` -> ``Belgische``; ``letton`` -> ``lettone``,
    ``lettonne``."""
    forms = [word]
    if word[-1:].lower() in "hs" or word.lower().endswith(("isch", "ais", "ois", "ees", "aans")):
        forms.append(word + "e")  # Belgische, française, Chinese, Amerikaanse
    if word.lower().endswith(("ain", "and", "ol", "on", "ien", "ois", "ais", "ais", "ec")):
        forms.append(word + "e")
    if word.lower().endswith(("on", "ien")):
        forms.append(word + "ne")  # lettonne, italienne
    if word.lower().endswith("isch"):
        forms += [word + "er", word + "es", word + "en"]  # deutscher, belgisches
    if word.endswith("ees"):
        forms.append(word[:-3] + "ese")  # Portugese
    if word.endswith("aans"):
        forms.append(word[:-4] + "aanse")
    return forms


def _localised_names() -> dict[str, str]:
    """Lookup key -> ISO2 from CLDR's country names in :data:`LOCALES`; a key that two
    countries share (in different languages) is left out."""
    known = {record.alpha_2 for record in pycountry.countries}
    found: dict[str, str] = {}
    clash: set[str] = set()
    for locale in LOCALES:
        for code, name in Locale.parse(locale).territories.items():
            if code not in known:
                continue
            key = lookup_key(name)
            if found.setdefault(key, code) != code:
                clash.add(key)
    return {k: v for k, v in found.items() if k not in clash}


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    """Lookup key -> ISO2: pycountry codes and names, CLDR names, nationality adjectives;
    aliases override."""
    table: dict[str, str] = {}
    for record in pycountry.countries:
        for attr in ("name", "official_name", "common_name", "alpha_3", "alpha_2"):
            text = getattr(record, attr, None)
            if text:
                table[lookup_key(text)] = record.alpha_2
        table[lookup_key(display_name(record.alpha_2))] = record.alpha_2
    for key, alpha_2 in _localised_names().items():
        table.setdefault(key, alpha_2)
    for alpha_2, words in NATIONALITIES.items():
        for word in words.split("|"):
            for form in _inflections(word):
                table.setdefault(lookup_key(form), alpha_2)
    for alias, alpha_2 in ALIASES.items():
        table[lookup_key(alias)] = alpha_2
    table.pop("", None)
    return table


_FUZZY_MIN = 6  # shorter keys (Iran, Iraq, Mali, Oman) are never guessed
_FUZZY_TWO = 9  # two edits only for long names


@lru_cache(maxsize=1)
def _fuzzy_keys() -> tuple[list[str], list[str]]:
    keys = [k for k in _table() if len(k) >= _FUZZY_MIN - 1 and k.replace(" ", "").isalpha()]
    return keys, [_table()[k] for k in keys]


@lru_cache(maxsize=1 << 14)
def near(value: str) -> str | None:
    """ISO2 of the one country whose name is one edit (two for long names) from ``value``;
    None when none is, when several countries are, or when ``value`` is known or short."""
    key = lookup_key(value)
    if len(key) < _FUZZY_MIN or key in _table() or not key.replace(" ", "").isalpha():
        return None
    limit = 2 if len(key) >= _FUZZY_TWO else 1
    keys, codes = _fuzzy_keys()
    hits = process.extract(key, keys, scorer=OSA.distance, score_cutoff=limit, limit=None)
    if not hits:
        return None
    best = min(score for _, score, _ in hits)
    found = {codes[i] for _, score, i in hits if score == best}
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    return {key: display_name(alpha_2) for key, alpha_2 in _table().items()}


def _clean(value: str) -> str:
    return unicodedata.normalize("NFC", squash_spaces(value))


def _clean_expr(expr: pl.Expr) -> pl.Expr:
    return squash_spaces_expr(expr).str.normalize("NFC")


def iso2(value: str) -> str | None:
    """ISO 3166 alpha-2 code for a country name, nationality, alias or code; None when unknown."""
    return _table().get(lookup_key(value))


def likely_iso2(value: str) -> str | None:
    """:func:`iso2`, else the one country a misspelling is close to (:func:`near`): what a
    row's country column most likely says, for judging its phones and numbers."""
    return iso2(value) or near(value)


def compact(value: str) -> str:
    """English country name (``"België"`` -> ``"Belgium"``); unknown values only tidied."""
    return _names().get(lookup_key(value)) or _clean(value)


def _code(value: str) -> str | None:
    text = _clean(value)
    if text == "":
        return None
    if _table().get(lookup_key(text)) is None:
        return f"{NAME}.misspelt" if near(text) is not None else f"{NAME}.unknown"
    return f"{NAME}.fixed" if compact(value) != value else None


def check(value: str) -> Finding | None:
    """``country.unknown`` / ``country.misspelt`` (warnings), ``country.fixed`` (info) or None."""
    code = _code(value)
    if code is None:
        return None
    guess = near(value) if code == f"{NAME}.misspelt" else None
    suggestion = display_name(guess) if guess is not None else None
    return finding_for(sys.modules[__name__], code, suggestion=suggestion)


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


def _exact_expr(expr: pl.Expr) -> pl.Expr:
    return _replace(lookup_key_expr(expr), _table())


def _near_expr(expr: pl.Expr) -> pl.Expr:
    """:func:`near` on the distinct values the table does not know."""
    unknown = pl.when(_exact_expr(expr).is_null()).then(expr)
    return via_distinct(unknown, near, pl.String)


def iso2_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`iso2`."""
    return _exact_expr(parse_into_expr(column))


def likely_iso2_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`likely_iso2`."""
    expr = parse_into_expr(column)
    return pl.coalesce(_exact_expr(expr), _near_expr(expr))


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
        .when(_exact_expr(expr).is_null() & _near_expr(expr).is_not_null())
        .then(pl.lit(f"{NAME}.misspelt"))
        .when(_exact_expr(expr).is_null())
        .then(pl.lit(f"{NAME}.unknown"))
        .when(compact_expr(expr) != expr)
        .then(pl.lit(f"{NAME}.fixed"))
        .otherwise(pl.lit(None, pl.String))
    )
