"""url, country, postcode and language: real-world tables and scalar/vectorised agreement."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import partial
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clientmig.validators import country, language, postcode, url


def _code(found: Any) -> str | None:
    return None if found is None else str(found.code)


# ------------------------------------------------------------------ url


@pytest.mark.parametrize(
    ("raw", "compacted", "code"),
    [
        ("https://www.example.com", "https://www.example.com", None),
        ("www.example.com", "https://www.example.com", "url.fixed"),
        ("example.be", "https://example.be", "url.fixed"),
        (" HTTPS://WWW.Example.BE/ ", "https://www.example.be", "url.fixed"),
        ("http://Example.be/Contact/", "http://example.be/Contact/", "url.fixed"),
        ("https://x.be:8080/a?b=C#d", "https://x.be:8080/a?b=C#d", None),
        ("www.société.be", "https://www.société.be", "url.fixed"),
        ("\u200bwww.acme.be\u00a0", "https://www.acme.be", "url.fixed"),
        ("jan@telenet.be", "jan@telenet.be", "url.invalid"),
        ("mailto:jan@telenet.be", "mailto:jan@telenet.be", "url.invalid"),
        ("www.exa mple.com", "www.exa mple.com", "url.invalid"),
        ("localhost", "localhost", "url.invalid"),
        ("ftp://files.example.com", "ftp://files.example.com", "url.invalid"),
        ("https://example", "https://example", "url.invalid"),
        ("n/a", "n/a", "url.invalid"),
        ("", "", None),
    ],
)
def test_url(raw: str, compacted: str, code: str | None) -> None:
    assert url.compact(raw) == compacted
    assert url.format(raw) == compacted
    assert _code(url.check(raw)) == code
    assert url.is_valid(raw) is (code != "url.invalid" and compacted != "")


# ------------------------------------------------------------------ country


@pytest.mark.parametrize(
    ("raw", "name", "alpha_2"),
    [
        ("Belgium", "Belgium", "BE"),
        ("België", "Belgium", "BE"),
        ("Belgie", "Belgium", "BE"),
        ("BELGIQUE", "Belgium", "BE"),
        ("Belgien", "Belgium", "BE"),
        ("be", "Belgium", "BE"),
        ("BEL", "Belgium", "BE"),
        ("Nederland", "Netherlands", "NL"),
        ("Holland", "Netherlands", "NL"),
        ("Pays-Bas", "Netherlands", "NL"),
        ("NL", "Netherlands", "NL"),
        ("Deutschland", "Germany", "DE"),
        ("Allemagne", "Germany", "DE"),
        ("Duitsland", "Germany", "DE"),
        ("Frankrijk", "France", "FR"),
        ("Frankreich", "France", "FR"),
        ("UK", "United Kingdom", "GB"),
        ("U.K.", "United Kingdom", "GB"),
        ("GB", "United Kingdom", "GB"),
        ("Great Britain", "United Kingdom", "GB"),
        ("England", "United Kingdom", "GB"),
        ("Scotland", "United Kingdom", "GB"),
        ("Wales", "United Kingdom", "GB"),
        ("Eire", "Ireland", "IE"),
        ("Ireland", "Ireland", "IE"),
        ("USA", "United States", "US"),
        ("U.S.A.", "United States", "US"),
        ("us", "United States", "US"),
        ("United States of America", "United States", "US"),
        ("America", "United States", "US"),
        ("România", "Romania", "RO"),
        ("Latvija", "Latvia", "LV"),
        ("Lettonie", "Latvia", "LV"),
        ("Letland", "Latvia", "LV"),
        ("Luxemburg", "Luxembourg", "LU"),
        ("Lëtzebuerg", "Luxembourg", "LU"),
        ("Suisse", "Switzerland", "CH"),
        ("Zwitserland", "Switzerland", "CH"),
        ("Schweiz", "Switzerland", "CH"),
        ("Espagne", "Spain", "ES"),
        ("Spanje", "Spain", "ES"),
        ("España", "Spain", "ES"),
        ("Italia", "Italy", "IT"),
        ("Italië", "Italy", "IT"),
        ("Korea, Republic of", "South Korea", "KR"),
        ("Russian Federation", "Russia", "RU"),
        ("  belgië\u00a0", "Belgium", "BE"),
    ],
)
def test_country_lookup(raw: str, name: str, alpha_2: str) -> None:
    assert country.compact(raw) == name
    assert country.format(raw) == name
    assert country.iso2(raw) == alpha_2
    assert country.is_valid(raw)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("Belgium", None),
        ("United Kingdom", None),
        ("", None),
        ("België", "country.fixed"),
        ("Belgium ", "country.fixed"),
        ("BE", "country.fixed"),
        ("Belgum", "country.misspelt"),  # a misspelling of one country is not "unknown"
        ("Qwerty", "country.unknown"),
        ("Vlaanderen", "country.unknown"),
        ("n/a", "country.unknown"),
    ],
)
def test_country_check(raw: str, code: str | None) -> None:
    assert _code(country.check(raw)) == code


@pytest.mark.parametrize(
    ("raw", "alpha_2"),
    [
        ("Belg", "BE"), ("Belgische", "BE"), ("belge", "BE"), ("BELGISCH", "BE"),
        ("Frans", "FR"), ("Française", "FR"), ("francaise", "FR"), ("Französisch", "FR"),
        ("Lets", "LV"), ("Letton", "LV"), ("lettonne", "LV"), ("Lettisch", "LV"),
        ("Roemeens", "RO"), ("Roumain", "RO"), ("roumaine", "RO"), ("Rumänisch", "RO"),
        ("Deutsch", "DE"), ("Duitse", "DE"), ("allemande", "DE"), ("German", "DE"),
        ("Nederlandse", "NL"), ("néerlandaise", "NL"), ("Letland", "LV"), ("Roumanie", "RO"),
        ("Lettonie", "LV"), ("Rumänien", "RO"), ("Verenigd Koninkrijk", "GB"), ("ROU", "RO"),
        ("LVA", "LV"), ("bel", "BE"), ("Bielorussie", "BY"), ("Côte d’Ivoire", "CI"),
    ],
)  # fmt: skip
def test_nationalities_and_localised_names(raw: str, alpha_2: str) -> None:
    assert country.iso2(raw) == alpha_2
    assert _code(country.check(raw)) in (None, "country.fixed")


@pytest.mark.parametrize(
    ("raw", "suggestion"),
    [("Belgum", "Belgium"), ("Frankrijck", "France"), ("Roumanei", "Romania")],
)
def test_misspelt_country_suggests_the_one_close_country(raw: str, suggestion: str) -> None:
    found = country.check(raw)
    assert found is not None
    assert found.code == "country.misspelt"
    assert found.suggestion == suggestion
    assert country.compact(raw) == raw  # a guess is suggested, never applied
    assert country.iso2(raw) is None  # exact lookups (export, address splitting) do not guess
    assert country.likely_iso2(raw) == country.likely_iso2(suggestion)


@pytest.mark.parametrize("raw", ["Iraq", "Iran", "Austria", "Australia", "Niger", "Nigeria"])
def test_close_real_names_are_not_misspellings(raw: str) -> None:
    assert _code(country.check(raw)) in (None, "country.fixed")


def test_country_unknown_is_only_tidied() -> None:
    assert country.compact("  Atlantis\u200b ") == "Atlantis"
    assert country.iso2("Atlantis") is None
    assert country.is_valid(None) is False


# ------------------------------------------------------------------ postcode


@pytest.mark.parametrize(
    ("cc", "raw", "compacted", "valid"),
    [
        ("BE", "1000", "1000", True),
        ("BE", "B-1000", "1000", True),
        ("BE", "be 9000", "9000", True),
        ("BE", "1000.0", "1000", True),
        ("BE", "0999", "0999", False),
        ("BE", "10000", "10000", False),
        ("NL", "1234ab", "1234 AB", True),
        ("NL", "1234  AB", "1234 AB", True),
        ("NL", "NL-1234 AB", "1234 AB", True),
        ("NL", "1234 SA", "1234 SA", False),
        ("NL", "0123 AB", "0123 AB", False),
        ("FR", "75001", "75001", True),
        ("FR", "F-75001", "75001", True),
        ("FR", "8000", "08000", True),  # Excel dropped the leading zero
        ("FR", "750011", "750011", False),
        ("DE", "D-10115", "10115", True),
        ("DE", "1067", "01067", True),
        ("LU", "L-1234", "1234", True),
        ("LU", "1234", "1234", True),
        ("LU", "12345", "12345", False),
        ("GB", "sw1a1aa", "SW1A 1AA", True),
        ("GB", "EC1A  1BB", "EC1A 1BB", True),
        ("GB", "M1 1AE", "M1 1AE", True),
        ("GB", "12345", "12345", False),
        ("US", "90210", "90210", True),
        ("US", "123456789", "12345-6789", True),
        ("US", "12345 - 6789", "12345-6789", True),
        ("US", "2134", "02134", True),
        ("US", "1234567", "1234567", False),
        ("RO", "010011", "010011", True),
        ("RO", "RO-010011", "010011", True),
        ("RO", "01001", "01001", False),
        ("LV", "LV-1050", "LV-1050", True),
        ("LV", "lv1050", "LV-1050", True),
        ("LV", "1050", "LV-1050", True),
        ("LV", "LV-105", "LV-105", False),
        ("Belgium", "B-1000", "1000", True),  # a country name works too
        (None, " abc 123 ", "abc 123", True),  # no country: tidied, never invalid
        ("JP", "100-0001", "100-0001", True),  # no rules for this country
    ],
)
def test_postcode(cc: str | None, raw: str, compacted: str, valid: bool) -> None:
    assert postcode.compact(raw, country=cc) == compacted
    assert postcode.format(raw, country=cc) == compacted
    assert postcode.is_valid(raw, country=cc) is valid
    excel = raw in ("1067", "2134", "8000", "1000.0")  # Excel's damage undone: noted (#19 item 4)
    expected = "postcode.fixed" if excel else None
    assert _code(postcode.check(raw, country=cc)) == (expected if valid else "postcode.invalid")


def test_postcode_empty_is_not_invalid() -> None:
    assert postcode.check("  ", country="BE") is None
    assert postcode.is_valid("", country="BE") is False


# ------------------------------------------------------------------ language


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("nl", "nl"),
        ("NL", "nl"),
        ("Nederlands", "nl"),
        ("Dutch", "nl"),
        ("Vlaams", "nl"),
        ("Flemish", "nl"),
        ("néerlandais", "nl"),
        ("nl-BE", "nl"),
        ("nl_BE", "nl"),
        ("nld", "nl"),
        ("Frans", "fr"),
        ("Français", "fr"),
        ("FRANCAIS", "fr"),
        ("French", "fr"),
        ("fr-BE", "fr"),
        ("Engels", "en"),
        ("English", "en"),
        ("Anglais", "en"),
        ("en-GB", "en"),
        ("Duits", "de"),
        ("Deutsch", "de"),
        ("German", "de"),
        ("Allemand", "de"),
        ("Romanian", "ro"),
        ("Română", "ro"),
        ("Latvian", "lv"),
        ("Latviešu", "lv"),
    ],
)
def test_language_lookup(raw: str, code: str) -> None:
    assert language.compact(raw) == code
    assert language.format(raw) == code
    assert language.iso639_1(raw) == code
    assert language.is_valid(raw)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("nl", None),
        ("", None),
        ("Nederlands", "language.fixed"),
        (" nl", "language.fixed"),
        ("Klingon-ish", "language.unknown"),
        ("xx", "language.unknown"),
        ("nl-XX-YY", "language.unknown"),
    ],
)
def test_language_check(raw: str, code: str | None) -> None:
    assert _code(language.check(raw)) == code


# ------------------------------------------------------------------ scalar <-> Polars agreement


def _same_case_tables(codepoints: range) -> list[str]:
    """Characters whose case mappings agree in Python's and Polars' Unicode tables.

    Python 3.11 has Unicode 14 and Polars a newer version (``ɤ`` gained an upper case in 16);
    no implementation can make the two engines agree on those, so the generator avoids them.
    """
    chars = [chr(cp) for cp in codepoints if unicodedata.category(chr(cp)) not in ("Cs", "Cn")]
    col = pl.col("c")
    polars_maps = pl.DataFrame({"c": chars}).select(
        col.str.to_uppercase(), col.str.to_lowercase().alias("l"), col.str.to_titlecase().alias("t")
    )
    return [
        c
        for c, mapped in zip(chars, polars_maps.iter_rows())
        if (c.upper(), c.lower(), c.title()) == mapped
    ]


SPECIAL = "\u00a0\u200b\u200e\u202a\ufeff\u2009\t\n'’-.,:/?#@_ ßİıΣ\u0301\u0308ﬁ\uff21\uff11"
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(_same_case_tables(range(0x530))),
        st.sampled_from(SPECIAL),
    ),
    max_size=20,
)
TOKENS = st.sampled_from(
    [
        "https://", "HTTP://", "www.", "WWW.", "example", "Example", ".be", ".com", "/", "?q=1",
        ":8080", "#top", "@", "mailto:", "België", "belgie", "BE", "U.K.", "usa", "Pays-Bas",
        "Lëtzebuerg", "nl", "NL", "-", "_", "BE", "Nederlands", "français", "1000", "B-",
        "1234", "AB", "ab", "sw1a", "1aa", "LV", "12345", "6789", ".0", " ", "  ", "\u00a0",
    ]
)  # fmt: skip
SHAPED = st.lists(TOKENS, max_size=5).map("".join)
VALUES = st.lists(st.one_of(TEXT, SHAPED, st.none()), max_size=20)


def _expr_results(values: list[str | None], make: Callable[[pl.Expr], pl.Expr]) -> list[Any]:
    frame = pl.DataFrame({"v": values}, schema={"v": pl.String})
    return frame.select(make(pl.col("v")).alias("out"))["out"].to_list()


def _scalar_results(values: list[str | None], fn: Callable[[str], Any]) -> list[Any]:
    return [None if v is None else fn(v) for v in values]


TWINS: list[tuple[str, Callable[[pl.Expr], pl.Expr], Callable[[str], Any]]] = [
    ("url.compact", url.compact_expr, url.compact),
    ("url.issue", url.issue_expr, lambda v: _code(url.check(v))),
    ("country.compact", country.compact_expr, country.compact),
    ("country.issue", country.issue_expr, lambda v: _code(country.check(v))),
    ("country.iso2", country.iso2_expr, country.iso2),
    ("country.likely_iso2", country.likely_iso2_expr, country.likely_iso2),
    ("language.compact", language.compact_expr, language.compact),
    ("language.issue", language.issue_expr, lambda v: _code(language.check(v))),
    ("language.iso639_1", language.iso639_1_expr, language.iso639_1),
]


def _postcode_issue(value: str, cc: str | None) -> str | None:
    return _code(postcode.check(value, country=cc))


for _cc in (None, *postcode.RULES):
    TWINS += [
        (
            f"postcode.compact[{_cc}]",
            partial(postcode.compact_expr, country=_cc),
            partial(postcode.compact, country=_cc),
        ),
        (
            f"postcode.issue[{_cc}]",
            partial(postcode.issue_expr, country=_cc),
            partial(_postcode_issue, cc=_cc),
        ),
    ]


@pytest.mark.parametrize(("name", "make", "oracle"), TWINS, ids=[t[0] for t in TWINS])
@settings(max_examples=30, deadline=None)
@given(values=VALUES)
def test_expr_twins_agree_with_scalar(
    name: str,
    make: Callable[[pl.Expr], pl.Expr],
    oracle: Callable[[str], Any],
    values: list[str | None],
) -> None:
    assert _expr_results(values, make) == _scalar_results(values, oracle)


@settings(max_examples=100, deadline=None)
@given(value=st.one_of(TEXT, SHAPED), cc=st.sampled_from([None, *postcode.RULES, "XX"]))
def test_compact_is_idempotent_and_never_raises(value: str, cc: str | None) -> None:
    for module in (url, country, language):
        once = module.compact(value)
        assert module.compact(once) == once
        module.check(value)
        module.is_valid(value)
    once = postcode.compact(value, country=cc)
    assert postcode.compact(once, country=cc) == once
    postcode.check(value, country=cc)
    assert postcode.is_valid(value, country=cc) in (True, False)


@pytest.mark.parametrize(
    ("value", "iso2"),
    [
        ("B", "BE"),
        ("b", "BE"),
        ("L", "LU"),
        ("D", "DE"),
        ("F", "FR"),
        ("IRL", "IE"),
        ("Grand-Duché de Luxembourg", "LU"),
        ("Groothertogdom Luxemburg", "LU"),
        ("Royaume de Belgique", "BE"),
    ],
)
def test_vehicle_codes_and_official_names_are_countries(value: str, iso2: str) -> None:
    assert country.iso2(value) == iso2
    found = country.check(value)
    assert found is not None
    assert found.code == "country.fixed"
