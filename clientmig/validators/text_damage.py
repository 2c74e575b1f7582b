"""Text damaged by a legacy code page: mojibake (``FranÃ§ois``) and lost characters (``Fran?ois``).

Two kinds of damage, each a warning on the cell:

* ``text_damage.mojibake``: UTF-8 read as Windows-1252 or Latin-1 (``Ã©`` for ``é``, ``â€™``
  for ``’``). It is reversible: the repaired text is the suggestion. ftfy repairs it; where ftfy's
  heuristics hold back (``ÄŒapek``), the whole text is decoded back when it round-trips
  exactly (Windows-1252 bytes that are valid UTF-8).
* ``text_damage.lost``: a ``?`` standing in a word (``Katr?na``, ``M??ller``, ``Caf?``) or the
  replacement character U+FFFD: the character was lost when the file was saved in a code page
  that lacked it. Nothing can bring it back; the row must be fixed at the source.

A regex prefilter (the same pattern for Python's ``re`` and Polars) finds the few candidate
cells; ftfy runs once per distinct candidate.

Examples:

>>> check("JosÃ© Peeters").suggestion
'José Peeters'
>>> check("Jos? Peeters").code
'text_damage.lost'
>>> is_valid("José")
True
"""

from __future__ import annotations

import functools
import re
import sys
from types import ModuleType

import ftfy
import polars as pl

from clientmig import errors
from clientmig._polars import IntoExprColumn, parse_into_expr, via_distinct
from clientmig.issues import Severity
from clientmig.validators import Finding, finding_for

NAME = "text_damage"

CODES: dict[str, tuple[Severity, str]] = {
    "text_damage.mojibake": (
        "warning",
        "This text was garbled by a wrong character encoding; the suggestion is the repaired text.",
    ),
    "text_damage.lost": (
        "warning",
        "A character of this text was lost to a legacy code page ('?' or '\ufffd' inside a "
        "word); it cannot be recovered here: fix it at the source.",
    ),
}

# Fields where people and places are written, and free text (where a '?' is punctuation).
FREE_TEXT = ("description", "notes")
FIELDS = (
    "first_name",
    "middle_name",
    "last_name",
    "full_name",
    "preferred_name",
    "organization_name",
    "legal_name",
    "street",
    "street2",
    "city",
    "address",
    "description",
    "notes",
)

# The lead byte of a UTF-8 sequence (C2-DF, E2) read as Windows-1252/Latin-1, followed by a
# continuation byte (80-BF) read the same way: the fingerprint of mojibake.
_LEADS = "".join(chr(c) for c in range(0xC2, 0xE0)) + "â"
_CONTINUATIONS = (
    "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"  # Windows-1252's 80-9F
    + "".join(chr(c) for c in range(0x80, 0xC0))  # Latin-1's 80-9F controls, A0-BF
)
# A '?' after a letter, before a letter, a space or the end (``Katr?na``, ``Caf? Road``, ``Jos?``):
# in a name or an address, a question mark is never punctuation.
# Letters are spelt out (Latin, Greek, Cyrillic) rather than \w: Python's \w also takes
# numerals such as '¹' and the two engines' Unicode tables differ in version.
_LETTER = "[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u04ff]"
_IN_WORD = _LETTER + r"\?+(?:" + _LETTER + r"|\s|$)"
_LOST = _IN_WORD + r"|\x{fffd}"


def _class(chars: str, *, rust: bool) -> str:
    if rust:
        return "[" + "".join(f"\\x{{{ord(c):x}}}" for c in dict.fromkeys(chars)) + "]"
    return "[" + "".join(f"\\u{ord(c):04x}" for c in dict.fromkeys(chars)) + "]"


_MOJIBAKE_PL = _class(_LEADS, rust=True) + _class(_CONTINUATIONS, rust=True)
_MOJIBAKE_RE = re.compile(_class(_LEADS, rust=False) + _class(_CONTINUATIONS, rust=False))
_LOST_PL = _LOST
_LOST_RE = re.compile(_LOST.replace(r"\x{fffd}", "\ufffd"))
_CANDIDATE_PL = f"{_MOJIBAKE_PL}|{_LOST_PL}"
_FREE_CANDIDATE_PL = f"{_MOJIBAKE_PL}|\\x{{fffd}}"

_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,
    remove_terminal_escapes=False,
    normalization="NFC",
    explain=False,
)


def _module() -> ModuleType:
    return sys.modules[__name__]


@functools.lru_cache(maxsize=1 << 14)
def repair(value: str) -> str | None:
    """The text mojibake hid (``FranÃ§ois`` -> ``François``), or None when there is none to
    undo or it cannot be undone exactly."""
    if _MOJIBAKE_RE.search(value) is None:
        return None
    fixed = ftfy.fix_text(value, _FTFY)
    if fixed != value and _MOJIBAKE_RE.search(fixed) is None:
        return fixed
    for codepage in ("cp1252", "latin-1"):
        try:
            decoded = value.encode(codepage).decode("utf-8")
        except UnicodeError:
            continue
        if decoded != value and _MOJIBAKE_RE.search(decoded) is None:
            return decoded
    return None


def _code(value: str, free_text: bool = False) -> str | None:
    if repair(value) is not None:
        return f"{NAME}.mojibake"
    if "\ufffd" in value or (not free_text and _LOST_RE.search(value) is not None):
        return f"{NAME}.lost"
    return None


def check(value: str, *, free_text: bool = False) -> Finding | None:
    """``text_damage.mojibake`` (with the repaired text) or ``text_damage.lost``, else None.

    ``free_text`` (notes): a ``?`` inside a word may be punctuation (``a?b=1`` in a link), so
    only U+FFFD counts as a lost character there."""
    code = _code(value, free_text)
    if code is None:
        return None
    return finding_for(_module(), code, suggestion=repair(value))


def compact(value: str) -> str:
    """The repaired text where mojibake can be undone exactly, else the value unchanged."""
    return repair(value) or value


def validate(value: str) -> str:
    """Return :func:`compact`, or raise ``InvalidFormat`` when a character was lost."""
    found = check(value)
    if found is not None and found.code == f"{NAME}.lost":
        raise errors.InvalidFormat(f"{found.message} ({value})", code=found.code)
    return compact(value)


def is_valid(value: object) -> bool:
    """Whether ``value`` is non-empty text without code-page damage; never raises."""
    return isinstance(value, str) and value.strip() != "" and _code(value) is None


def format(value: str) -> str:
    """Display form: :func:`compact`."""
    return compact(value)


# Every candidate holds one of these characters: a cheap first pass over a whole column.
_QUICK_PL = _class("?\ufffd" + _LEADS, rust=True)


def quick_expr(column: IntoExprColumn) -> pl.Expr:
    """A cheaper superset of :func:`candidate_expr` (one small character class), to run first."""
    return parse_into_expr(column).str.contains(_QUICK_PL)


def candidate_expr(column: IntoExprColumn, *, free_text: bool = False) -> pl.Expr:
    """The prefilter: whether a cell may be damaged (one regex; the library settles it)."""
    return parse_into_expr(column).str.contains(_FREE_CANDIDATE_PL if free_text else _CANDIDATE_PL)


def _candidates(expr: pl.Expr, free_text: bool = False) -> pl.Expr:
    """The cells the prefilter picks (others null): the library runs on these only."""
    return pl.when(candidate_expr(expr, free_text=free_text)).then(expr)


def compact_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`compact`; null in, null out."""
    expr = parse_into_expr(column)
    return pl.coalesce(via_distinct(_candidates(expr), repair, pl.String), expr)


def issue_expr(column: IntoExprColumn, *, free_text: bool = False) -> pl.Expr:
    """Vectorised ``check(value).code``: ftfy once per distinct candidate cell."""
    expr = _candidates(parse_into_expr(column), free_text)
    return via_distinct(expr, lambda v: _code(v, free_text), pl.String)


def suggestion_expr(column: IntoExprColumn) -> pl.Expr:
    """The repaired text of each damaged cell where it can be repaired (for the findings)."""
    return via_distinct(_candidates(parse_into_expr(column)), repair, pl.String)
