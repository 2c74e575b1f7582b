"""Person names: Unicode cleanup, careful recasing of ALL-CAPS or all-lower names, splitting.

Recasing title-cases every word (``str.title``, which Polars' ``to_titlecase`` matches), keeps
``Mc`` prefixes (``McDonald``), apostrophes (``O'Brien``) and hyphens (``Jean-Pierre``), and puts
name particles (``van``, ``der``, ``de``, ``d'``...) in lower case except at the start of the
value (``Van den Berghe`` as a last name, ``Jan van den Berghe`` as a full name). Mixed-case
names are left as typed.

Examples:

>>> compact("PEETERS")
'Peeters'
>>> check("jan").suggestion
'Jan'
>>> check("Jan123").code
'person_name.suspicious'
"""

from __future__ import annotations

import re
import sys
import unicodedata

import polars as pl

from clientmig._polars import IntoExprColumn, parse_into_expr, via_distinct
from clientmig._text import squash_spaces, squash_spaces_expr
from clientmig.issues import Severity
from clientmig.validators import Finding, finding_for

NAME = "person_name"

CODES: dict[str, tuple[Severity, str]] = {
    "person_name.suspicious": (
        "warning",
        "This name contains digits, an e-mail address or a placeholder.",
    ),
    "person_name.recased": ("info", "ALL-CAPS or all-lower name recased."),
    "person_name.fixed": ("info", "Invisible characters or extra spaces removed from this name."),
}

# Particles written in lower case unless they start the value and are followed by a word.
PARTICLES = (
    "van",
    "von",
    "der",
    "den",
    "de",
    "du",
    "des",
    "le",
    "la",
    "di",
    "da",
    "del",
    "della",
    "dos",
    "das",
    "ten",
    "ter",
    "het",
    "'t",
    "zu",
    "vom",
    "zum",
)
# Particles glued to the next word by an apostrophe.
APOSTROPHE_PARTICLES = ("d'", "l'")
TITLES = frozenset(
    {
        "dr",
        "dr.",
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "mevr",
        "mevr.",
        "mw",
        "mw.",
        "dhr",
        "dhr.",
        "m.",
        "mme",
        "mme.",
        "mlle",
        "herr",
        "frau",
        "prof",
        "prof.",
        "ir",
        "ir.",
        "me",
        "me.",
        "mtr",
        "mtr.",
    }
)

# A name part starting with "mc" followed by a letter: a double space marks where to recase
# (spaces are squashed before, so a double space never occurs otherwise).
_MC_PATTERN = r"(^|[ \-])mc([a-zß-öø-ÿ])"
_MC_RE = re.compile(_MC_PATTERN)
_PLACEHOLDER_PATTERN = (
    r"^(?:n/?a|n\.a\.?|nvt|n\.v\.t\.?|none|geen|nil|null|tbd|tba|[-?.*_/]+|x{2,})$"
    r"|(?:^|[ ,.])(?:test|testing|dummy|xxx+|onbekend|unknown|inconnu|unbekannt|noname|n/a)"
    r"(?:[ ,.]|$)"
)
_SUSPICIOUS_PATTERN = r"\d|@|" + _PLACEHOLDER_PATTERN
_SUSPICIOUS_RE = re.compile(_SUSPICIOUS_PATTERN)


def _clean(value: str) -> str:
    return unicodedata.normalize("NFC", squash_spaces(value))


def _clean_expr(expr: pl.Expr) -> pl.Expr:
    return squash_spaces_expr(expr).str.normalize("NFC")


# Letters without case (modifier letters, CJK...), marks left after NFC and letter numerals:
# Python's str.title starts a word after them and Polars' to_titlecase does not, and an
# ALL-CAPS test means little for such text, so names holding one are never recased.
# Unassigned code points (Cn) count too: Python's and Polars' Unicode tables differ in version,
# so a character one of them does not know yet (U+2EBF0, Unicode 15.1) is uncased for both.
_UNCASED_CATEGORIES = frozenset({"Lm", "Lo", "Nl", "Mn", "Mc", "Me", "Cn"})
_UNCASED_PATTERN = r"[\p{Lm}\p{Lo}\p{Nl}\p{M}\p{Cn}]"


def _is_single_case(text: str) -> bool:
    """ALL-CAPS or all-lower, with no uncased letter or mark (the names that are recased)."""
    upper, lower = text.upper(), text.lower()
    if upper == lower or text not in (upper, lower):
        return False
    return not any(unicodedata.category(c) in _UNCASED_CATEGORIES for c in text)


def _single_case_expr(text: pl.Expr) -> pl.Expr:
    upper, lower = text.str.to_uppercase(), text.str.to_lowercase()
    single = (upper != lower) & ((text == upper) | (text == lower))
    return single & ~text.str.contains(_UNCASED_PATTERN)


def _recase(text: str) -> str:
    marked = _MC_RE.sub(r"\g<1>mc  \g<2>", text.lower())
    titled = marked.title().replace("Mc  ", "Mc")
    head, _, rest = titled.partition(" ")
    if not rest:
        return head
    tail = (" " + rest).replace(" ", "  ")
    for particle in PARTICLES:
        tail = tail.replace(f" {particle.title()} ", f" {particle} ")
    for particle in APOSTROPHE_PARTICLES:
        tail = tail.replace(f" {particle.title()}", f" {particle}")
    return head + tail.replace("  ", " ")


def _recase_expr(text: pl.Expr) -> pl.Expr:
    marked = text.str.to_lowercase().str.replace_all(_MC_PATTERN, "${1}mc  ${2}")
    titled = marked.str.to_titlecase().str.replace_all("Mc  ", "Mc", literal=True)
    parts = titled.str.splitn(" ", 2)
    head, rest = parts.struct.field("field_0"), parts.struct.field("field_1")
    tail = (" " + rest).str.replace_all(" ", "  ", literal=True)
    for particle in PARTICLES:
        tail = tail.str.replace_all(f" {particle.title()} ", f" {particle} ", literal=True)
    for particle in APOSTROPHE_PARTICLES:
        tail = tail.str.replace_all(f" {particle.title()}", f" {particle}", literal=True)
    joined = head + tail.str.replace_all("  ", " ", literal=True)
    return pl.when(rest.is_null()).then(head).otherwise(joined)


def compact(value: str) -> str:
    """Clean invisible characters and spaces (NFC); recase ALL-CAPS or all-lower names only."""
    text = _clean(value)
    return _recase(text) if _is_single_case(text) else text


def _code(value: str) -> str | None:
    text = _clean(value)
    if text == "":
        return None
    if _SUSPICIOUS_RE.search(text.lower()):
        return f"{NAME}.suspicious"
    if _is_single_case(text) and _recase(text) != text:
        return f"{NAME}.recased"
    return f"{NAME}.fixed" if text != value else None


def check(value: str) -> Finding | None:
    """``suspicious`` (warning), else ``recased`` or ``fixed`` (info), else None."""
    code = _code(value)
    if code is None:
        return None
    suggestion = compact(value) if code != f"{NAME}.suspicious" else None
    return finding_for(sys.modules[__name__], code, suggestion=suggestion)


def validate(value: str) -> str:
    """Return :func:`compact`; names have no error findings, so this never raises."""
    return compact(value)


def is_valid(value: object) -> bool:
    """A non-empty name without a warning; never raises."""
    if not isinstance(value, str) or _clean(value) == "":
        return False
    found = check(value)
    return found is None or found.severity == "info"


def format(value: str) -> str:
    """Display form: :func:`compact`."""
    return compact(value)


def compact_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`compact`; null in, null out."""
    text = _clean_expr(parse_into_expr(column))
    return pl.when(_single_case_expr(text)).then(_recase_expr(text)).otherwise(text)


def issue_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised ``check(value).code``."""
    expr = parse_into_expr(column)
    text = _clean_expr(expr)
    return (
        pl.when(expr.is_null() | (text == ""))
        .then(pl.lit(None, pl.String))
        .when(text.str.to_lowercase().str.contains(_SUSPICIOUS_PATTERN))
        .then(pl.lit(f"{NAME}.suspicious"))
        .when(_single_case_expr(text) & (_recase_expr(text) != text))
        .then(pl.lit(f"{NAME}.recased"))
        .when(text != expr)
        .then(pl.lit(f"{NAME}.fixed"))
        .otherwise(pl.lit(None, pl.String))
    )


# ------------------------------------------------------------------ splitting full names

NameParts = tuple[str | None, str | None, str | None]
_PARTS_DTYPE = pl.Struct({"first": pl.String, "middle": pl.String, "last": pl.String})


def _is_caps_word(word: str) -> bool:
    return word.upper() == word and word.lower() != word and len(word.strip(".-'")) > 1


def _drop_titles(words: list[str]) -> list[str]:
    while len(words) > 1 and words[0].lower() in TITLES:
        words = words[1:]
    return words


def _given_parts(words: list[str]) -> tuple[str | None, str | None]:
    words = _drop_titles(words)
    if not words:
        return None, None
    return words[0], " ".join(words[1:]) or None


def _surname_start(words: list[str]) -> int:
    """Index where the last name starts in ``first [middle...] last`` order.

    The first particle that is followed by a word starts it (``Jan van der Berg``); a value
    that starts with a particle is all last name (``Van den Berghe``).
    """
    for i in range(len(words) - 1):
        if words[i].lower() in PARTICLES:
            return i
    return len(words) - 1


def _raw_parts(text: str) -> NameParts:
    if "," in text:
        last, _, given = (part.strip(" ") for part in text.partition(","))
        first, middle = _given_parts(given.split()) if given else (None, None)
        return first, middle, last or None
    words = _drop_titles(text.split(" "))
    if len(words) == 1:
        return None, None, words[0]
    caps = 0
    while caps < len(words) and _is_caps_word(words[caps]):
        caps += 1
    if 0 < caps < len(words):  # "PEETERS Jan", "VAN DEN BERGHE Jan Pieter"
        first, middle = _given_parts(words[caps:])
        return first, middle, " ".join(words[:caps])
    start = _surname_start(words)
    first, middle = _given_parts(words[:start])
    return first, middle, " ".join(words[start:])


def split_full_name(value: str) -> NameParts:
    """Split a full name into ``(first, middle, last)``; each part is :func:`compact`-ed.

    Handles ``Jan Peeters``, ``Peeters, Jan``, ``PEETERS Jan``, ``Jan van der Berg``,
    ``Dr. Jan Peeters`` and ``Jan Pieter Peeters``; a single word is a last name.
    """
    text = _clean(value)
    if text == "":
        return None, None, None
    parts = _raw_parts(text)
    return tuple(  # type: ignore[return-value]
        compact(part) if part else None for part in parts
    )


def _parts_dict(value: str) -> dict[str, str | None]:
    first, middle, last = split_full_name(value)
    return {"first": first, "middle": middle, "last": last}


def split_full_name_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`split_full_name`: a struct ``{first, middle, last}`` (distinct values)."""
    return via_distinct(parse_into_expr(column), _parts_dict, _PARTS_DTYPE)
