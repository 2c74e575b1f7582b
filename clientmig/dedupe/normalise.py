"""Name and value normalisation for matching, as Polars expressions with scalar twins.

Organisation names and identifiers are keyed by :mod:`clientmig.keys` (one definition for
links, dedupe and reconcile). Every ``*_expr`` agrees elementwise with the scalar function of
the same name (the tests hold them to it): the scalar one documents the rule, the expression
runs it on a column.
"""

from __future__ import annotations

import csv
import re
import string
from functools import cache
from importlib import resources

import polars as pl

from clientmig._text import fold_accents, fold_accents_expr, remove_spaces, remove_spaces_expr

# Letters that NFKD does not decompose, spelt out the way a Belgian or Dutch clerk would type them.
_LETTER_FOLDS = {"ø": "o", "æ": "e", "œ": "e", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "t"}
# Phonetic rules, applied in order to accent-folded lower-case ASCII letters. Written once for
# both engines: ``$1`` group references become ``\1`` for Python's ``re``.
_PHONETIC_RULES: tuple[tuple[str, str], ...] = (
    ("sch", "s"),
    ("ph", "f"),
    ("th", "t"),
    ("ck", "k"),
    ("qu", "k"),
    ("q", "k"),
    ("x", "ks"),
    ("chr", "kr"),
    ("ch", "x"),
    ("sh", "x"),
    ("c([eiy])", "s$1"),
    ("c", "k"),
    ("ij", "y"),
    ("ei", "y"),
    ("ey", "y"),
    ("ou", "u"),
    ("oe", "u"),
    ("ae", "e"),
    ("dt", "t"),
    ("gh", "g"),
    ("kh", "k"),
    ("z", "s"),
    ("w", "v"),
    ("y", "i"),
    ("d$", "t"),
    ("([a-z])h", "$1"),
)
PHONETIC_LENGTH = 6


def _fold_letter_expr(expr: pl.Expr) -> pl.Expr:
    for letter, folded in _LETTER_FOLDS.items():
        expr = expr.str.replace_all(letter, folded, literal=True)
    return expr


def fold(text: str) -> str:
    """Lower-case, strip diacritics and spell out ø, æ, ß...: ``Frédéric`` -> ``frederic``."""
    plain = fold_accents(text.lower())
    for letter, folded in _LETTER_FOLDS.items():
        plain = plain.replace(letter, folded)
    return plain


def fold_expr(expr: pl.Expr) -> pl.Expr:
    """Vectorised :func:`fold`."""
    return _fold_letter_expr(fold_accents_expr(expr.str.to_lowercase()))


def name_key(text: str) -> str:
    """Folded letters only, one space between words: ``"Van den Berghe-Smet"`` -> words."""
    letters = "".join(c if c.isalpha() else " " for c in fold(text))
    return " ".join(word for word in letters.split(" ") if word)


def name_key_expr(expr: pl.Expr) -> pl.Expr:
    """Vectorised :func:`name_key`."""
    return (
        fold_expr(expr)
        .str.replace_all(r"[^\p{L}]", " ")
        .str.replace_all(" +", " ")
        .str.strip_chars(" ")
    )


def compact_name(text: str) -> str:
    """:func:`name_key` without spaces, so particles meet: ``Van den Berghe`` = ``Vandenberghe``."""
    return name_key(text).replace(" ", "")


def compact_name_expr(expr: pl.Expr) -> pl.Expr:
    """Vectorised :func:`compact_name`."""
    return name_key_expr(expr).str.replace_all(" ", "", literal=True)


def sorted_tokens(text: str) -> str:
    """Words of :func:`name_key` in alphabetical order: swapped names give the same key."""
    return " ".join(sorted(name_key(text).split(" ")))


def sorted_tokens_expr(expr: pl.Expr) -> pl.Expr:
    """Vectorised :func:`sorted_tokens`."""
    return name_key_expr(expr).str.split(" ").list.sort().list.join(" ")


def phonetic(text: str) -> str:
    """A simplified Dutch/French/English-aware phonetic code of at most six letters.

    Spellings that sound alike meet (``Pieters``/``Pieterz``, ``Dupont``/``Dupond``,
    ``Meijer``/``Meyer``/``Meier``); the first letter and the consonant skeleton are kept.
    """
    code = re.sub("[^a-z]", "", compact_name(text))
    for pattern, replacement in _PHONETIC_RULES:
        code = re.sub(pattern, replacement.replace("$1", r"\1"), code)
    if not code:
        return ""
    code = code[0] + re.sub("[aeiou]", "", code[1:])
    code = re.sub(r"([a-z])\1+", r"\1", code)
    return code[:PHONETIC_LENGTH]


def phonetic_expr(expr: pl.Expr) -> pl.Expr:
    """Vectorised :func:`phonetic` (Rust regex has no back-references: one rule per letter)."""
    code = compact_name_expr(expr).str.replace_all("[^a-z]", "")
    for pattern, replacement in _PHONETIC_RULES:
        code = code.str.replace_all(pattern, replacement)
    code = code.str.slice(0, 1) + code.str.slice(1).str.replace_all("[aeiou]", "")
    for letter in string.ascii_lowercase:
        code = code.str.replace_all(f"{letter}{letter}+", letter)
    return code.str.slice(0, PHONETIC_LENGTH)


def digits(text: str) -> str:
    """The ASCII digits of a value: phone numbers, IDs, dates."""
    return re.sub("[^0-9]", "", text)


def digits_expr(expr: pl.Expr) -> pl.Expr:
    """Vectorised :func:`digits`."""
    return expr.str.replace_all("[^0-9]", "")


def website_key(text: str) -> str:
    """The host of a web address without scheme and ``www.``: ``https://www.X.be/a`` -> ``x.be``."""
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", remove_spaces(text).lower())
    host = re.split(r"[/?#:]", host, maxsplit=1)[0]
    return re.sub(r"^www\d?\.", "", host)


def website_key_expr(expr: pl.Expr) -> pl.Expr:
    """Vectorised :func:`website_key`."""
    host = remove_spaces_expr(expr).str.to_lowercase().str.replace(r"^[a-z][a-z0-9+.-]*://", "")
    return host.str.replace(r"(?s)[/?#:].*", "").str.replace(r"^www\d?\.", "")


@cache
def nickname_table() -> pl.DataFrame:
    """The shipped nickname table: ``name`` (folded), ``group`` (a canonical given name)."""
    text = resources.files("clientmig").joinpath("_data/nicknames.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    table = pl.DataFrame(
        {"name": [r["name"] for r in rows], "group": [r["group"] for r in rows]},
        schema={"name": pl.String, "group": pl.String},
    )
    return table.with_columns(compact_name_expr(pl.col("name"))).unique().sort("name", "group")


@cache
def nickname_pairs() -> pl.DataFrame:
    """Every pair of folded given names that share a nickname group (both orders)."""
    table = nickname_table()
    pairs = table.join(table, on="group", suffix="_b").filter(pl.col("name") != pl.col("name_b"))
    return pairs.select(a="name", b="name_b").unique()


def name_groups(names: pl.Series) -> pl.DataFrame:
    """Map given names (already :func:`compact_name`) to their nickname groups, one row each.

    A name outside the table is its own group; a name in several groups gets several rows.
    """
    distinct = names.drop_nulls().unique().rename("name").to_frame()
    joined = distinct.join(nickname_table(), on="name", how="left")
    return joined.with_columns(pl.col("group").fill_null(pl.col("name")))


def text_key(text: str) -> str:
    """Folded letters and digits, one space between words: street, city, free text."""
    kept = "".join(c if c.isalnum() else " " for c in fold(text))
    return " ".join(word for word in kept.split(" ") if word)


def text_key_expr(expr: pl.Expr) -> pl.Expr:
    """Vectorised :func:`text_key`."""
    return (
        fold_expr(expr)
        .str.replace_all(r"[^\p{L}\p{N}]", " ")
        .str.replace_all(" +", " ")
        .str.strip_chars(" ")
    )


def email_key(text: str) -> str:
    """An e-mail address without spaces, lower-cased."""
    return remove_spaces(text).lower()


def email_key_expr(expr: pl.Expr) -> pl.Expr:
    """Vectorised :func:`email_key`."""
    return remove_spaces_expr(expr).str.to_lowercase()
