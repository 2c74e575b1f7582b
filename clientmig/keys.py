"""Match keys: every way clientmig decides that two values name the same thing, written once.

Links, dedupe, reconcile, mapping and source detection all use these, so they agree on whether
``Acme BV`` and ``ACME B.V.`` are one organisation. Each key is a scalar function (the oracle,
which documents the rule) with a Polars twin ``*_expr`` that agrees with it exactly; null in,
null out.

* :func:`legal_form`: the canonical legal form a name carries (``Acme b.v.`` -> ``BV``);
* :func:`strip_legal_form`: the name without it, at the end and then at the start, one word
  kept (``SC Firma SRL`` -> ``Firma``; ``De Vennootschap Peeters`` keeps its words);
* :func:`organization_key`: no legal form, accents, case or extra spaces; dots and apostrophes
  dropped, other punctuation a space; digits kept (``Oud Dossier 1 BV`` -> ``oud dossier 1``);
* :func:`person_key`: a person's folded words, sorted (``O'Brien, Seán`` -> ``obrien sean``);
* :func:`identifier_key`: upper-case ASCII letters and digits (``be 0123.456.789``);
* :func:`header_key`: a column header for matching (``PostCode`` = ``post code`` = ``Post-code``);
* :func:`sorted_words`: the combinator dedupe puts on top where word order should not matter;
* :func:`difference_kind`: how two names differ (whitespace, case, punctuation, accents,
  legal form, other).

The legal forms are one data file, ``_data/legal_forms.csv`` (``written,canonical,countries``):
adding a country's forms is one row there.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache
from importlib import resources

import polars as pl

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

__all__ = [
    "LEVELS",
    "canonical_form_expr",
    "difference_kind",
    "difference_kind_expr",
    "header_key",
    "identifier_key",
    "identifier_key_expr",
    "legal_form",
    "legal_form_expr",
    "legal_forms",
    "level_key",
    "level_key_expr",
    "organization_key",
    "organization_key_expr",
    "person_key",
    "person_key_expr",
    "sorted_words",
    "sorted_words_expr",
    "strip_legal_form",
    "strip_legal_form_expr",
]

# ------------------------------------------------------------------ legal forms


@cache
def legal_forms() -> dict[str, str]:
    """Written legal forms -> canonical form, from ``_data/legal_forms.csv``.

    Dots and the space after a dot are optional when matching (``B.V.``, ``B.V``, ``BV`` and
    ``b. v.`` are all ``BV``); letters match in any case.
    """
    text = resources.files("clientmig").joinpath("_data/legal_forms.csv").read_text("utf-8")
    return {row["written"]: row["canonical"] for row in csv.DictReader(text.splitlines())}


def _variant_pattern(written: str) -> str:
    """Regex for one written form: letters in either case, optional dots and spaces after them."""
    out: list[str] = []
    for char in written:
        if char == ".":
            out.append(r"\.? ?")
        elif char == " ":
            out.append(" ?")
        elif char.lower() != char.upper() and char.isascii():
            out.append(f"[{char.upper()}{char.lower()}]")
        else:
            out.append(re.escape(char))
    return "".join(out).removesuffix(" ?")


def _normal_form(written: str) -> str:
    """The key a matched form is looked up by: lower case without dots and spaces."""
    return re.sub(r"[. ]", "", written.lower())


@cache
def _canonical() -> dict[str, str]:
    forms = legal_forms()
    return {
        **{_normal_form(c): c for c in forms.values()},
        **{_normal_form(w): c for w, c in forms.items()},
    }


@cache
def _alternation() -> str:
    # Longest first, so the prefix alternation prefers "GmbH & Co. KG" over "GmbH".
    forms = legal_forms()
    written = sorted({*forms, *forms.values()}, key=lambda w: (-len(w), w))
    return "|".join(_variant_pattern(w) for w in written)


def _suffix_pattern() -> str:
    return rf"^(.+?),? ({_alternation()})$"


def _prefix_pattern() -> str:
    return rf"^({_alternation()}),? (.+)$"


@cache
def _suffix_re() -> re.Pattern[str]:
    return re.compile(_suffix_pattern())


@cache
def _prefix_re() -> re.Pattern[str]:
    return re.compile(_prefix_pattern())


def _clean(value: str) -> str:
    return unicodedata.normalize("NFC", squash_spaces(value))


def _clean_expr(expr: pl.Expr) -> pl.Expr:
    return squash_spaces_expr(expr).str.normalize("NFC")


def legal_form(name: str) -> str | None:
    """Canonical legal form of the name (``"Acme b.v."`` -> ``"BV"``), or None."""
    text = _clean(name)
    if (m := _suffix_re().match(text)) is not None:
        return _canonical().get(_normal_form(m.group(2)))
    if (m := _prefix_re().match(text)) is not None:
        return _canonical().get(_normal_form(m.group(1)))
    return None


def legal_form_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`legal_form`."""
    text = _clean_expr(parse_into_expr(column))
    written = pl.coalesce(
        text.str.extract(_suffix_pattern(), 2), text.str.extract(_prefix_pattern(), 1)
    )
    return canonical_form_expr(written)


def canonical_form_expr(column: IntoExprColumn) -> pl.Expr:
    """The canonical legal form a cell holding only a legal form names (``b.v.`` -> ``BV``),
    else null: for a legal-form column rather than a name."""
    table = _canonical()
    normal = parse_into_expr(column).str.to_lowercase().str.replace_all(r"[. ]", "")
    return normal.replace_strict(
        list(table), list(table.values()), default=None, return_dtype=pl.String
    )


def strip_legal_form(name: str) -> str:
    """The cleaned name without its legal forms, at the end and then at the start.

    ``"Acme, Inc."`` -> ``"Acme"``; ``"SC Firma SRL"`` -> ``"Firma"``; one word always remains.
    """
    text = _clean(name)
    if (m := _suffix_re().match(text)) is not None:
        text = m.group(1)
    if (m := _prefix_re().match(text)) is not None:
        text = m.group(2)
    return text


def _strip_suffix(text: str) -> str:
    m = _suffix_re().match(text)
    return text if m is None else m.group(1)


def strip_legal_form_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`strip_legal_form`.

    The suffix is found by an unanchored search for ``,? FORM$`` (its leftmost match is where
    the scalar's lazy ``^(.+?)`` stops), which is many times faster than the anchored pattern
    on long columns; the steps run as stages so no intermediate is computed twice.
    """
    return parse_into_expr(column).map_batches(
        _strip_legal_form_series, return_dtype=pl.String, is_elementwise=True
    )


def _strip_legal_form_series(values: pl.Series) -> pl.Series:
    c = pl.col
    suffix_search = rf",? (?:{_alternation()})$"
    prefix_search = rf"^(?:{_alternation()}),? ."
    frame = (
        values.rename("v")
        .to_frame()
        .lazy()
        .with_columns(text=_clean_expr(c("v")))
        .with_columns(
            length=c("text").str.len_chars(), suffix=c("text").str.extract(suffix_search, 0)
        )
        .with_columns(cut=c("suffix").str.len_chars())
        .with_columns(
            head=pl.when(c("suffix").is_null())
            .then(c("text"))
            .when(c("cut") < c("length"))
            .then(c("text").str.slice(0, c("length") - c("cut")))
            .otherwise(
                via_distinct(
                    pl.when(c("cut") == c("length")).then(c("text")), _strip_suffix, pl.String
                )
            )
        )
        .with_columns(prefix=c("head").str.extract(prefix_search, 0))
        .select(
            pl.when(c("prefix").is_null())
            .then(c("head"))
            .otherwise(c("head").str.slice(c("prefix").str.len_chars() - 1))
        )
    )
    return frame.collect().to_series().rename(values.name)


# ------------------------------------------------------------------ organisation key

_DROPPED = "[" + re.escape(DOTS) + "]"


def _punctuation_free(text: str) -> str:
    return squash_spaces(python_re("ps").sub(" ", re.sub(_DROPPED, "", text)))


def _punctuation_free_expr(text: pl.Expr) -> pl.Expr:
    return squash_spaces_expr(
        text.str.replace_all(_DROPPED, "").str.replace_all(char_class("ps", "polars"), " ")
    )


def _loose(text: str) -> str:
    return fold_accents(text).lower().replace("ß", "ss")


def _loose_expr(text: pl.Expr) -> pl.Expr:
    return fold_accents_expr(text).str.to_lowercase().str.replace_all("ß", "ss", literal=True)


def organization_key(name: str) -> str:
    """An organisation's identity: no legal form, accents, case, punctuation or extra spaces.

    >>> organization_key("B.V.B.A. Boulangerie Frédéric")
    'boulangerie frederic'
    >>> organization_key("Oud Dossier 1 BV")
    'oud dossier 1'
    >>> organization_key("De Smet en Co CommV") == organization_key("De Smet & Co")
    True
    """
    return re.sub(_CONNECTOR, " ", _punctuation_free(_loose(strip_legal_form(name))))


def organization_key_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`organization_key`."""
    key = _punctuation_free_expr(_loose_expr(strip_legal_form_expr(column)))
    return key.str.replace_all(_CONNECTOR, " ")


# "&" written out between two words (Dutch, French, English, German): punctuation drops "&",
# so the word goes too ("De Smet en Co" is "De Smet & Co").
_CONNECTOR = r" (?:en|et|and|und) "


# ------------------------------------------------------------------ person key

_ASCII_RE = r"^[\x00-\x7F]*$"


def _tokens(text: str) -> list[str]:
    """Fold accents and case, drop dots and apostrophes, split on everything else."""
    folded = fold_accents(fold_accents(text).casefold())
    kept = "".join(c for c in folded if c not in DOTS)
    return "".join(c if c.isalnum() else " " for c in kept).split()


def person_key(name: str) -> str:
    """A person's name key: folded words, sorted (``"Peeters, Jan"`` -> ``"jan peeters"``).

    >>> person_key("O'BRIEN, Seán")
    'obrien sean'
    """
    return " ".join(sorted(_tokens(name)))


def person_key_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`person_key`: ASCII in pure Polars, the rest once per distinct value."""
    expr = parse_into_expr(column)
    is_ascii = expr.str.contains(_ASCII_RE)
    fast = (
        expr.str.to_lowercase()
        .str.replace_all(r"[.'`]", "")
        .str.replace_all(r"[^a-z0-9]+", " ")
        .str.strip_chars(" ")
        .str.split(" ")
        .list.sort()
        .list.join(" ")
    )
    slow = via_distinct(pl.when(~is_ascii).then(expr), person_key, pl.String)
    return pl.when(is_ascii).then(fast).otherwise(slow)


# ------------------------------------------------------------------ identifiers and headers


def identifier_key(value: str) -> str:
    """An identifier's key: upper-case ASCII letters and digits only.

    >>> identifier_key("be 0123.456-789")
    'BE0123456789'
    """
    return "".join(c for c in value.upper() if c.isascii() and c.isalnum())


def identifier_key_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`identifier_key`."""
    return parse_into_expr(column).str.to_uppercase().str.replace_all("[^A-Z0-9]", "")


_HEADER_PUNCT_RE = re.compile(r"[^0-9a-z]+")
# "PostCode" -> "Post Code", "ClientCode" -> "Client Code" (XPM writes headers in CamelCase).
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")


def header_key(header: str) -> str:
    """A column header for matching: CamelCase, case, accents, punctuation and spacing ignored.

    >>> header_key("  Pr\u00e9nom ") == header_key("prenom")
    True
    >>> header_key("PostCode") == header_key("post-code")
    True
    """
    spaced = _CAMEL_RE.sub(" ", header)
    return _HEADER_PUNCT_RE.sub(" ", fold_accents(spaced).casefold()).strip()


# ------------------------------------------------------------------ combinators


def sorted_words(key: str) -> str:
    """A key's words in alphabetical order, where word order should not matter."""
    return " ".join(sorted(w for w in key.split(" ") if w))


def sorted_words_expr(expr: pl.Expr) -> pl.Expr:
    """Vectorised :func:`sorted_words`."""
    return (
        expr.str.split(" ")
        .list.eval(pl.element().filter(pl.element() != ""))
        .list.sort()
        .list.join(" ")
    )


# How far two names are normalised before they compare equal, finest first: the first level
# at which they meet is how they differ (:func:`difference_kind`).
LEVELS = ("whitespace", "case", "punctuation", "accents", "legal_form")


def level_key(name: str, level: str) -> str:
    """The name normalised up to ``level`` (one of :data:`LEVELS`); ``"legal_form"`` is
    :func:`organization_key`."""
    text = _clean(name)
    if level == "whitespace":
        return text
    if level == "case":
        return text.lower()
    if level == "punctuation":
        return _punctuation_free(text.lower())
    if level == "accents":
        return _punctuation_free(_loose(text))
    if level == "legal_form":
        return organization_key(name)
    raise ValueError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}")


def level_key_expr(column: IntoExprColumn, level: str) -> pl.Expr:
    """Vectorised :func:`level_key`."""
    expr = parse_into_expr(column)
    if level == "legal_form":
        return organization_key_expr(expr)
    text = _clean_expr(expr)
    if level == "whitespace":
        return text
    if level == "case":
        return text.str.to_lowercase()
    if level == "punctuation":
        return _punctuation_free_expr(text.str.to_lowercase())
    if level == "accents":
        return _punctuation_free_expr(_loose_expr(text))
    raise ValueError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}")


def difference_kind(a: str, b: str) -> str:
    """How two names differ: the first of :data:`LEVELS` at which they are equal, else
    ``"other"`` (for names whose organisation keys differ too)."""
    for level in LEVELS:
        if level_key(a, level) == level_key(b, level):
            return level
    return "other"


def difference_kind_expr(
    a: IntoExprColumn, b: IntoExprColumn, *, same_key: bool = False
) -> pl.Expr:
    """Vectorised :func:`difference_kind` of two columns.

    ``same_key``: the caller knows the two organisation keys are equal (a join on them), so the
    last and most expensive comparison is skipped: what no earlier step explains is a legal form.
    """
    left, right = parse_into_expr(a), parse_into_expr(b)
    out: pl.Expr = pl.lit("legal_form")
    if not same_key:
        out = (
            pl.when(organization_key_expr(left) == organization_key_expr(right))
            .then(out)
            .otherwise(pl.lit("other"))
        )
    for level in reversed(LEVELS[:-1]):
        same = level_key_expr(left, level) == level_key_expr(right, level)
        out = pl.when(same).then(pl.lit(level)).otherwise(out)
    return out
