"""Shared text cleanup with scalar and Polars twins that agree exactly (not public API).

One explicit character set for both engines: Python's ``str.split()`` and Polars' ``\\s`` disagree
on some control characters, and the scalar and vectorised validators must agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache

import polars as pl

# Zero-width and bidirectional format characters, the BOM and the soft hyphen: never meaningful
# in a client list, often pasted in from web pages and e-mail signatures.
INVISIBLE = (
    "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
INVISIBLE_CLASS = "[" + INVISIBLE + "]"
# Spaces: ASCII whitespace plus NBSP and the other Unicode spaces.
SPACE_CHARS = (
    " \t\n\r\x0b\x0c\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
SPACE_CLASS = "[" + re.escape(SPACE_CHARS) + "]"
_SPACE_RUN_RE = re.compile(SPACE_CLASS + "+")
_INVISIBLE_RE = re.compile(INVISIBLE_CLASS)
# Polars (Rust regex) takes the same classes written with \u escapes.
_PL_SPACE_CLASS = "[" + "".join(f"\\x{{{ord(c):04x}}}" for c in SPACE_CHARS) + "]"
_PL_INVISIBLE_CLASS = "[" + "".join(f"\\x{{{ord(c):04x}}}" for c in INVISIBLE) + "]"


def remove_invisible(text: str) -> str:
    """Remove zero-width, bidirectional-control and BOM characters."""
    return _INVISIBLE_RE.sub("", text)


def squash_spaces(text: str) -> str:
    """Remove invisible characters, turn every run of spaces into one space, trim the ends."""
    return _SPACE_RUN_RE.sub(" ", remove_invisible(text)).strip(" ")


def remove_invisible_expr(expr: pl.Expr) -> pl.Expr:
    """Vectorised :func:`remove_invisible`."""
    return expr.str.replace_all(_PL_INVISIBLE_CLASS, "")


def squash_spaces_expr(expr: pl.Expr) -> pl.Expr:
    """Vectorised :func:`squash_spaces`."""
    return (
        remove_invisible_expr(expr).str.replace_all(_PL_SPACE_CLASS + "+", " ").str.strip_chars(" ")
    )


def remove_spaces(text: str) -> str:
    """Remove every space and invisible character."""
    return _SPACE_RUN_RE.sub("", remove_invisible(text))


def remove_spaces_expr(expr: pl.Expr) -> pl.Expr:
    """Vectorised :func:`remove_spaces`."""
    return remove_invisible_expr(expr).str.replace_all(_PL_SPACE_CLASS + "+", "")


def fold_accents(text: str) -> str:
    """Return the text without diacritics (``Frédéric`` -> ``Frederic``); other letters kept.

    The one accent fold of the package: NFKD, then every combining mark dropped.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_accents_expr(expr: pl.Expr) -> pl.Expr:
    """Vectorised :func:`fold_accents` (the same marks: the class is built from
    ``unicodedata.combining``)."""
    return expr.str.normalize("NFKD").str.replace_all(char_class("combining", "polars"), "")


# Dropped without leaving a space by the lookup and match keys (``U.S.A.``, ``O'Brien``).
DOTS = ".'’`´"


def _ranges(codepoints: Iterator[int]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for cp in codepoints:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    return ranges


def _escape(codepoint: int, engine: str) -> str:
    return f"\\x{{{codepoint:x}}}" if engine == "polars" else f"\\U{codepoint:08x}"


@cache
def char_class(kind: str, engine: str) -> str:
    """A regex class of combining marks (``"combining"``) or punctuation and symbols other
    than :data:`DOTS` (``"ps"``), for ``engine`` ``"polars"`` or ``"python"``.

    Built from Python's ``unicodedata`` so that both regex engines agree exactly.
    """
    if kind == "combining":
        cps = (cp for cp in range(0x30000) if unicodedata.combining(chr(cp)))
    else:
        cps = (
            cp
            for cp in range(0x30000)
            if unicodedata.category(chr(cp))[0] in "PS" and chr(cp) not in DOTS
        )
    return (
        "[" + "".join(f"{_escape(a, engine)}-{_escape(b, engine)}" for a, b in _ranges(cps)) + "]"
    )


@cache
def python_re(kind: str) -> re.Pattern[str]:
    """:func:`char_class` compiled for Python's ``re``."""
    return re.compile(char_class(kind, "python"))


def mask(value: str | None, *, keep: int = 2) -> str | None:
    """Mask an identifier for reports and logs: every letter or digit but the last ``keep``.

    >>> mask("85.07.30-033.28")
    '**.**.**-***.28'
    """
    if value is None:
        return None
    total = sum(c.isalnum() for c in value)
    seen = 0
    out = []
    for c in value:
        if c.isalnum():
            seen += 1
            out.append(c if seen > total - keep else "*")
        else:
            out.append(c)
    return "".join(out)
