"""Organisation names: Unicode cleanup, legal forms, and match keys for belongs-to near misses.

Case is left as typed. A legal form is recognised at the end of the name (``Acme B.V.``,
``Acme, Inc.``) or, failing that, at the start (``SIA Tilde``, ``NV Acme``), written with or
without dots, in any case; at least one other word must remain. :func:`match_key` reduces a name
to what identifies it (``"Acme BV"``, ``"ACME B.V."``, ``"Acme BVBA"``, ``"Acme"`` -> ``"acme"``).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable

import polars as pl

from clientmig._polars import IntoExprColumn, parse_into_expr, via_distinct
from clientmig._text import fold_accents, squash_spaces, squash_spaces_expr
from clientmig.issues import Severity
from clientmig.validators import Finding, finding_for
from clientmig.validators.country import _char_class, _python_re, fold_accents_expr

NAME = "organization_name"

CODES: dict[str, tuple[Severity, str]] = {
    "organization_name.suspicious": (
        "warning",
        "This organisation name is an e-mail address, a placeholder or has no letters.",
    ),
    "organization_name.fixed": (
        "info",
        "Invisible characters or extra spaces removed from this organisation name.",
    ),
}

# Written legal forms -> canonical form. Dots and the space after a dot are optional when
# matching (``B.V.``, ``B.V``, ``BV`` and ``b. v.`` are all ``BV``); letters match in any case.
LEGAL_FORMS: dict[str, str] = {
    # Belgium / Netherlands
    "B.V.": "BV",
    "B.V.B.A.": "BVBA",
    "E.B.V.B.A.": "EBVBA",
    "N.V.": "NV",
    "C.V.": "CV",
    "C.V.B.A.": "CVBA",
    "V.O.F.": "VOF",
    "Comm.V.": "CommV",
    "Comm.VA": "CommVA",
    "G.C.V.": "GCV",
    "V.Z.W.": "VZW",
    "I.V.Z.W.": "IVZW",
    "Eenmanszaak": "Eenmanszaak",
    # Belgium / France / Luxembourg / Romania / Italy
    "S.A.": "SA",
    "S.R.L.": "SRL",
    "S.P.R.L.": "SPRL",
    "S.C.": "SC",
    "S.C.R.L.": "SCRL",
    "S.C.S.": "SCS",
    "A.S.B.L.": "ASBL",
    "S.A.R.L.": "SARL",
    "S.A.S.": "SAS",
    "S.A.S.U.": "SASU",
    "E.U.R.L.": "EURL",
    "S.p.A.": "SpA",
    "P.F.A.": "PFA",
    "I.I.": "II",
    # Latvia / Nordics
    "SIA": "SIA",
    "A.S.": "AS",
    # English-speaking countries
    "Ltd.": "Ltd",
    "Limited": "Ltd",
    "Pty. Ltd.": "Pty Ltd",
    "Pty. Limited": "Pty Ltd",
    "Proprietary Limited": "Pty Ltd",
    "P.L.C.": "PLC",
    "L.L.C.": "LLC",
    "L.L.P.": "LLP",
    "Inc.": "Inc",
    "Incorporated": "Inc",
    "Corp.": "Corp",
    "Corporation": "Corp",
    # Germany / Austria
    "GmbH": "GmbH",
    "GmbH & Co. KG": "GmbH & Co. KG",
    "A.G.": "AG",
    "U.G.": "UG",
    "UG (haftungsbeschränkt)": "UG",
    "K.G.": "KG",
}


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


_CANONICAL: dict[str, str] = {
    **{_normal_form(c): c for c in LEGAL_FORMS.values()},
    **{_normal_form(w): c for w, c in LEGAL_FORMS.items()},
}
# Longest first, so the prefix alternation prefers "GmbH & Co. KG" over "GmbH".
_ALTERNATION = "|".join(
    _variant_pattern(w)
    for w in sorted({*LEGAL_FORMS, *LEGAL_FORMS.values()}, key=lambda w: (-len(w), w))
)
_SUFFIX_PATTERN = rf"^(.+?),? ({_ALTERNATION})$"
_PREFIX_PATTERN = rf"^({_ALTERNATION}),? (.+)$"
_SUFFIX_RE = re.compile(_SUFFIX_PATTERN)
_SUFFIX_SEARCH = rf",? (?:{_ALTERNATION})$"
_PREFIX_SEARCH = rf"^(?:{_ALTERNATION}),? ."
_PREFIX_RE = re.compile(_PREFIX_PATTERN)

_PLACEHOLDER_PATTERN = (
    r"^(?:n/?a|n\.a\.?|nvt|n\.v\.t\.?|none|geen|nil|null|tbd|tba|x{2,})$"
    r"|(?:^|[ ,.])(?:test|dummy|xxx+|onbekend|unknown|inconnu|unbekannt)(?:[ ,.]|$)"
)
_EMAIL_PATTERN = r"[^ @]+@[^ @]+\.[^ @]+"
_SUSPICIOUS_RE = re.compile(f"{_EMAIL_PATTERN}|{_PLACEHOLDER_PATTERN}")


def _clean(value: str) -> str:
    return unicodedata.normalize("NFC", squash_spaces(value))


def _clean_expr(expr: pl.Expr) -> pl.Expr:
    return squash_spaces_expr(expr).str.normalize("NFC")


def compact(value: str) -> str:
    """Remove invisible characters, squash spaces, NFC; case is left as typed."""
    return _clean(value)


def compact_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`compact`; null in, null out."""
    return _clean_expr(parse_into_expr(column))


def key_exact(value: str) -> str:
    """Whitespace-only normalisation (NBSP, invisible characters, runs of spaces, NFC)."""
    return _clean(value)


def key_exact_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`key_exact`."""
    return _clean_expr(parse_into_expr(column))


# ------------------------------------------------------------------ legal forms


def legal_form(value: str) -> str | None:
    """Canonical legal form of the name (``"Acme b.v."`` -> ``"BV"``), or None."""
    text = _clean(value)
    if (m := _SUFFIX_RE.match(text)) is not None:
        return _CANONICAL.get(_normal_form(m.group(2)))
    if (m := _PREFIX_RE.match(text)) is not None:
        return _CANONICAL.get(_normal_form(m.group(1)))
    return None


def _normal_form_expr(expr: pl.Expr) -> pl.Expr:
    return expr.str.to_lowercase().str.replace_all(r"[. ]", "")


def legal_form_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`legal_form`."""
    text = _clean_expr(parse_into_expr(column))
    written = pl.coalesce(
        text.str.extract(_SUFFIX_PATTERN, 2), text.str.extract(_PREFIX_PATTERN, 1)
    )
    return canonical_form_expr(written)


def canonical_form_expr(column: IntoExprColumn) -> pl.Expr:
    """The canonical legal form a cell holding only a legal form names (``b.v.`` -> ``BV``),
    else null: for a legal-form column rather than a name."""
    return _normal_form_expr(parse_into_expr(column)).replace_strict(
        list(_CANONICAL), list(_CANONICAL.values()), default=None, return_dtype=pl.String
    )


def strip_legal_form(value: str) -> str:
    """The cleaned name without its legal forms, at the end and then at the start.

    ``"Acme, Inc."`` -> ``"Acme"``; ``"SC Firma SRL"`` -> ``"Firma"``.
    """
    text = _clean(value)
    if (m := _SUFFIX_RE.match(text)) is not None:
        text = m.group(1)
    if (m := _PREFIX_RE.match(text)) is not None:
        text = m.group(2)
    return text


def _strip_suffix(text: str) -> str:
    m = _SUFFIX_RE.match(text)
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
    frame = (
        values.rename("v")
        .to_frame()
        .lazy()
        .with_columns(text=_clean_expr(c("v")))
        .with_columns(
            length=c("text").str.len_chars(), suffix=c("text").str.extract(_SUFFIX_SEARCH, 0)
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
        .with_columns(prefix=c("head").str.extract(_PREFIX_SEARCH, 0))
        .select(
            pl.when(c("prefix").is_null())
            .then(c("head"))
            .otherwise(c("head").str.slice(c("prefix").str.len_chars() - 1))
        )
    )
    return frame.collect().to_series().rename(values.name)


# ------------------------------------------------------------------ match keys

_DROPPED = r"[.'’`´]"


def _punctuation_free(text: str) -> str:
    return squash_spaces(_python_re("ps").sub(" ", re.sub(_DROPPED, "", text)))


def _punctuation_free_expr(text: pl.Expr) -> pl.Expr:
    return squash_spaces_expr(
        text.str.replace_all(_DROPPED, "").str.replace_all(_char_class("ps", "polars"), " ")
    )


def _loose(text: str) -> str:
    return fold_accents(text).lower().replace("ß", "ss")


def _loose_expr(text: pl.Expr) -> pl.Expr:
    return fold_accents_expr(text).str.to_lowercase().str.replace_all("ß", "ss", literal=True)


def match_key(value: str) -> str:
    """Key for near-miss matching: no legal form, accents, case, punctuation or extra spaces."""
    return _punctuation_free(_loose(strip_legal_form(value)))


def match_key_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`match_key`."""
    return _punctuation_free_expr(_loose_expr(strip_legal_form_expr(column)))


def difference_kind(a: str, b: str) -> str:
    """How two names differ, the first test that makes them equal, in this order.

    ``"whitespace"``, ``"case"``, ``"punctuation"``, ``"accents"``, ``"legal_form"``, else
    ``"other"`` (for names whose match keys differ too).
    """
    steps = (
        ("whitespace", _clean),
        ("case", lambda v: _clean(v).lower()),
        ("punctuation", lambda v: _punctuation_free(_clean(v).lower())),
        ("accents", lambda v: _punctuation_free(_loose(_clean(v)))),
        ("legal_form", match_key),
    )
    for kind, normalise in steps:
        if normalise(a) == normalise(b):
            return kind
    return "other"


def difference_kind_expr(
    a: IntoExprColumn, b: IntoExprColumn, *, same_key: bool = False
) -> pl.Expr:
    """Vectorised :func:`difference_kind` of two columns.

    ``same_key``: the caller knows the two match keys are equal (a join on them), so the last
    and most expensive comparison is skipped: what no earlier step explains is a legal form.
    """
    left, right = parse_into_expr(a), parse_into_expr(b)
    steps: list[tuple[str, Callable[[pl.Expr], pl.Expr]]] = [
        ("whitespace", _clean_expr),
        ("case", lambda e: _clean_expr(e).str.to_lowercase()),
        ("punctuation", lambda e: _punctuation_free_expr(_clean_expr(e).str.to_lowercase())),
        ("accents", lambda e: _punctuation_free_expr(_loose_expr(_clean_expr(e)))),
    ]
    out: pl.Expr = pl.lit("legal_form")
    if not same_key:
        out = (
            pl.when(match_key_expr(left) == match_key_expr(right))
            .then(out)
            .otherwise(pl.lit("other"))
        )
    for kind, normalise in reversed(steps):
        out = pl.when(normalise(left) == normalise(right)).then(pl.lit(kind)).otherwise(out)
    return out


# ------------------------------------------------------------------ the validator contract


def _code(value: str) -> str | None:
    text = _clean(value)
    if text == "":
        return None
    if _SUSPICIOUS_RE.search(text.lower()) or not any(c.isalpha() for c in text):
        return f"{NAME}.suspicious"
    return f"{NAME}.fixed" if text != value else None


def check(value: str) -> Finding | None:
    """``suspicious`` (warning), ``fixed`` (info) or None."""
    code = _code(value)
    if code is None:
        return None
    suggestion = compact(value) if code == f"{NAME}.fixed" else None
    return finding_for(sys.modules[__name__], code, suggestion=suggestion)


def validate(value: str) -> str:
    """Return :func:`compact`; this validator has no error findings, so it never raises."""
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


def issue_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised ``check(value).code``."""
    expr = parse_into_expr(column)
    text = _clean_expr(expr)
    suspicious = text.str.to_lowercase().str.contains(
        f"{_EMAIL_PATTERN}|{_PLACEHOLDER_PATTERN}"
    ) | ~text.str.contains(r"\p{L}")
    return (
        pl.when(expr.is_null() | (text == ""))
        .then(pl.lit(None, pl.String))
        .when(suspicious)
        .then(pl.lit(f"{NAME}.suspicious"))
        .when(text != expr)
        .then(pl.lit(f"{NAME}.fixed"))
        .otherwise(pl.lit(None, pl.String))
    )
