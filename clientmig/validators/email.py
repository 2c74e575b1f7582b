"""E-mail addresses: unwrap, split multi-address cells, find typos, placeholders and X.500 values.

A cell is cleaned in a fixed order that the scalar and Polars forms share exactly: squash spaces,
drop invisible characters, normalise to NFC (as email-validator does) and collapse a doubled
``@``, recognise Outlook X.500 values and placeholders (``n/a``, ``geen``), turn connectors
(`` en ``, `` et ``, `` ::: ``) into ``;``, drop display names before ``<...>``, cut the cell into
tokens, strip wrappers (brackets, double quotes, ``mailto:``, a pair of single quotes around the
whole token) and trailing dots from each token, and lower-case the ASCII letters of the domain.
The local part is otherwise never changed (``/`` and ``'`` are letters of it), and a cell whose
first address is still invalid is kept exactly as the user wrote it. The first address is the
primary one.

Validity is decided by email-validator (offline); the Polars twins accept the plain shape of an
address with a regex and ask the library only about the distinct leftovers.

Examples:

>>> compact(" Jan.Peeters@Telenet.BE ")
'Jan.Peeters@telenet.be'
>>> check("jan@@telenet.be").suggestion
'jan@telenet.be'
>>> check("jan.peeters@gmial.com").suggestion
'jan.peeters@gmail.com'
>>> is_valid("not an email")
False
"""

from __future__ import annotations

import functools
import re
import string
import sys
import unicodedata
from collections.abc import Callable
from types import ModuleType

import polars as pl
from email_validator import validate_email
from rapidfuzz import process
from rapidfuzz.distance import OSA

from clientmig import errors
from clientmig._polars import IntoExprColumn, parse_into_expr, via_distinct
from clientmig._text import squash_spaces, squash_spaces_expr
from clientmig.issues import Severity
from clientmig.validators import Finding, finding_for

NAME = "email"

CODES: dict[str, tuple[Severity, str]] = {
    "email.invalid": ("error", "This is not an e-mail address."),
    "email.missing_tld": ("error", "This e-mail address has no top-level domain (.be, .com)."),
    "email.typo_domain": ("warning", "The domain looks like a misspelt e-mail provider."),
    "email.placeholder": ("info", "A placeholder instead of an e-mail address was emptied."),
    "email.multiple": (
        "info",
        "Several e-mail addresses in one cell: the first is kept, the rest are additional.",
    ),
    "email.exchange_x500": (
        "error",
        "This is an Outlook Exchange (X.500) address, not an e-mail address.",
    ),
    "email.fixed": ("info", "Wrapper, mailto:, quotes or stray characters removed."),
}

# Well-known mailbox providers: second-level label -> the top-level domains they use.
PROVIDERS: dict[str, tuple[str, ...]] = {
    "gmail": ("com",),
    "hotmail": ("com", "be", "fr"),
    "outlook": ("com", "be"),
    "live": ("be",),
    "icloud": ("com",),
    "yahoo": ("com", "fr"),
    "telenet": ("be",),
    "skynet": ("be",),
    "proximus": ("be",),
    "scarlet": ("be",),
    "orange": ("fr",),
    "wanadoo": ("fr",),
    "free": ("fr",),
    "sfr": ("fr",),
    "laposte": ("net",),
    "gmx": ("de",),
    "web": ("de",),
    "t-online": ("de",),
    "ziggo": ("nl",),
    "kpnmail": ("nl",),
    "xs4all": ("nl",),
    "pandora": ("be",),
    "btinternet": ("com",),
    "virginmedia": ("com",),
    "sky": ("com",),
    "aol": ("com",),
    "msn": ("com",),
    "protonmail": ("com",),
}
PROVIDER_DOMAINS = frozenset(f"{label}.{tld}" for label, tlds in PROVIDERS.items() for tld in tlds)
# Misspellings seen in client lists (label -> provider label), decided without fuzzy matching.
KNOWN_TYPOS: dict[str, str] = {
    "gmial": "gmail",
    "gmal": "gmail",
    "gamil": "gmail",
    "gmai": "gmail",
    "gmaill": "gmail",
    "hotmial": "hotmail",
    "hotmal": "hotmail",
    "hotmil": "hotmail",
    "outlok": "outlook",
    "yahooo": "yahoo",
    "yaho": "yahoo",
    "iclod": "icloud",
    "telnet": "telenet",
}
# Misspelt top-level domains -> the intended one.
TLD_TYPOS: dict[str, str] = {
    "con": "com",
    "cm": "com",
    "co": "com",
    "om": "com",
    "comm": "com",
    "cmo": "com",
    "ocm": "com",
    "vom": "com",
    "xom": "com",
    "cpm": "com",
    "coom": "com",
    "bee": "be",
    "b": "be",
    "frr": "fr",
    "nett": "net",
}
# Real generic top-level domains: never taken for a slip of a provider's TLD (every two-letter
# TLD may be a real country's, so those are never taken either).
REAL_GENERIC_TLDS = frozenset(
    {"com", "net", "org", "edu", "gov", "mil", "int", "biz", "info", "name", "pro", "eu"}
)
# Real domains one edit away from a provider: never reported as typos.
NOT_TYPOS = frozenset({"email.com", "ymail.com", "cloud.com", "mail.com", "gmail.co.uk"})
_FUZZY_LABELS = tuple(label for label in PROVIDERS if len(label) >= 5)

# Shared regexes: the same text is used by Python's re and Polars (Rust regex), so they use no
# \s, \w, \d, case-insensitive flags or multi-line anchors (after squashing there is no newline).
_X500 = r"^(?:[eE][xX]:|/[oO]=)"
_CONNECTOR = r" (?:[eE][nN]|[eE][tT]|[aA][nN][dD]|:::) "
_DISPLAY_NAME = r"(^|[;,])(?:[^;,<>@\"]|\"[^\"]*\")*<([^<>]*)>"
# An address token: a local part that may hold "/" (not as its first character, where "/" is a
# separator) and an "@" domain that stops at any separator; or a word without "@".
_TOKEN = r"(?:[^;,/ @][^;, @]*)?(?: [^;,/ @][^;, @]*)*@[^;,/ ]*|[^;,/ ]+"
# Wrappers: single quotes are atext, so only a pair around the whole token is a wrapper.
# A label before an address ("privé: ", "werk: ") is a wrapper too: ":" is not in an address.
_LEAD = r"^(?:[ \"<>()\[\]]|[mM][aA][iI][lL][tT][oO]:|[^ @:;,<>\"]+: )+"
_WRAP_TRAIL = r"[ \"<>()\[\].,;:]+$"
_QUOTED = r"^'(.+)'$"
_TRAIL = r"[ \"'<>()\[\].,;:]+$"
_DOUBLE_AT = r"@{2,}"
_PLACEHOLDER = (
    r"^(?:n/?a|n\.a\.?|na|geen|geen e-?mail|none|nvt|n\.v\.t\.?|-+|/+|\?+|x+|\.+|0|onbekend"
    r"|unknown|aucun|aucune|pas d'e-?mail|pas de e-?mail|no e-?mail|null|nil|nee|non|no"
    r"|(?:no|nomail|noemail|geen|geenemail|none|nvt|onbekend|unknown|aucun)(?:[._-]?e?mail)?@.*"
    r"|(?:test|x+|no)@(?:test|x+|e?mail|none)(?:\..*)?)$"
)
# The plain shape email-validator always accepts (checked by the tests): a dot-atom local part
# of ASCII and Latin-1 letters (é, ö: letters are allowed with SMTPUTF8, and precomposed ones are
# already NFC), lower-case LDH labels without "--", an alphabetic TLD that is not special-use,
# and short enough that no length limit applies (64 characters are at most 128 UTF-8 bytes).
_LATIN1_LETTERS = "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff"
_ATOM = f"[A-Za-z0-9{_LATIN1_LETTERS}!#$%&'*+=?^_`{{|}}~-]+"
_FAST_VALID = (
    rf"^{_ATOM}(?:\.{_ATOM})*"
    r"@(?:[a-z0-9]+(?:-[a-z0-9]+)*\.)+(?:[a-z]{2,24})$"
)
_SPECIAL_USE = r"\.(?:arpa|invalid|local|localhost|onion|test)$"
_FAST_MAX_LEN = 64

_UPPER = list(string.ascii_uppercase)
_LOWER = list(string.ascii_lowercase)
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)

_X500_RE = re.compile(_X500)
_CONNECTOR_RE = re.compile(_CONNECTOR)
_DISPLAY_NAME_RE = re.compile(_DISPLAY_NAME)
_TOKEN_RE = re.compile(_TOKEN)
_LEAD_RE = re.compile(_LEAD)
_TRAIL_RE = re.compile(_TRAIL)
_WRAP_TRAIL_RE = re.compile(_WRAP_TRAIL)
_QUOTED_RE = re.compile(_QUOTED)
_DOUBLE_AT_RE = re.compile(_DOUBLE_AT)
_ERRORS = frozenset({f"{NAME}.invalid", f"{NAME}.missing_tld", f"{NAME}.exchange_x500"})
_PLACEHOLDER_RE = re.compile(_PLACEHOLDER)


def _module() -> ModuleType:
    return sys.modules[__name__]


def _is_placeholder(text: str) -> bool:
    return _PLACEHOLDER_RE.search(text.translate(_ASCII_LOWER)) is not None


def _prepare(value: str) -> str:
    """Squashed spaces, no invisible characters, NFC, one ``@`` where there were several."""
    return _DOUBLE_AT_RE.sub("@", unicodedata.normalize("NFC", squash_spaces(value)))


def _clean_token(token: str) -> str:
    token = _QUOTED_RE.sub(r"\1", _WRAP_TRAIL_RE.sub("", _LEAD_RE.sub("", token)))
    token = _TRAIL_RE.sub("", token)
    local, at, domain = token.rpartition("@")
    return local + at + domain.translate(_ASCII_LOWER) if at else token


def split(value: str) -> list[str]:
    """Return every address in a cell, cleaned, in order; ``[]`` for an empty or placeholder cell.

    An X.500 value is returned whole; words without ``@`` next to addresses are dropped.
    """
    cell = _prepare(value)
    if cell == "" or _is_placeholder(cell):
        return []
    if _X500_RE.search(cell):
        return [cell]
    text = _DISPLAY_NAME_RE.sub(r"\g<1>\g<2>", _CONNECTOR_RE.sub(";", cell))
    tokens = [_clean_token(t) for t in _TOKEN_RE.findall(text)]
    has_at = "@" in text
    return [t for t in tokens if t and not _is_placeholder(t) and ("@" in t or not has_at)]


def compact(value: str) -> str:
    """Return the first address of the cell, cleaned; ``""`` for placeholders; the cell as the
    user wrote it when that address is invalid (nothing is guessed); never raises."""
    found = _analyse(value)
    if found is not None and found[0] in _ERRORS:
        return value
    addresses = split(value)
    return addresses[0] if addresses else ""


def additional(value: str) -> str | None:
    """Return every address but the first, joined by ``"; "``; None when there are none (or when
    the first is invalid: the cell is then kept whole)."""
    found = _analyse(value)
    rest = [] if found is not None and found[0] in _ERRORS else split(value)[1:]
    return "; ".join(rest) if rest else None


@functools.lru_cache(maxsize=1 << 18)
def _library_accepts(address: str) -> bool:
    try:
        validate_email(address, check_deliverability=False)
    except Exception:
        return False
    return True


def _validity_code(address: str) -> str | None:
    """``email.invalid`` / ``email.missing_tld`` for one cleaned address (email-validator)."""
    if _library_accepts(address):
        return None
    domain = address.rpartition("@")[2]
    if "@" in address and domain and "." not in domain and _library_accepts(address + ".com"):
        return f"{NAME}.missing_tld"
    return f"{NAME}.invalid"


def _missing_tld_suggestion(address: str) -> str | None:
    domain = address.rpartition("@")[2].translate(_ASCII_LOWER)
    tlds = PROVIDERS.get(domain)
    return f"{address}.{tlds[0]}" if tlds else None


def _fix_tld(label: str, tld: str) -> str | None:
    """Return the provider domain for ``label`` with a misspelt or foreign TLD, if certain."""
    known = PROVIDERS[label]
    if tld in known:
        return f"{label}.{tld}"
    if tld in TLD_TYPOS:
        intended = TLD_TYPOS[tld]
        return f"{label}.{intended if intended in known else known[0]}"
    if len(tld) > 2 and tld not in REAL_GENERIC_TLDS:  # a slip: skynet.bbe, orange.ffr
        match = process.extractOne(tld, known, scorer=OSA.distance, score_cutoff=1)
        if match is not None:
            return f"{label}.{match[0]}"
    return None


def typo_domain(domain: str) -> str | None:
    """Return the provider domain ``domain`` misspells (``gmial.com`` -> ``gmail.com``), or None."""
    domain = domain.translate(_ASCII_LOWER)
    if domain in PROVIDER_DOMAINS or domain in NOT_TYPOS:
        return None
    label, dot, tld = domain.rpartition(".")
    if not dot or not label or "." in label:
        return None
    if label in PROVIDERS:
        return _fix_tld(label, tld)
    if label in KNOWN_TYPOS:
        return _fix_tld(KNOWN_TYPOS[label], tld)
    match = process.extractOne(label, _FUZZY_LABELS, scorer=OSA.distance, score_cutoff=2)
    if match is None:
        return None
    provider, distance = match[0], match[1]
    if distance > (2 if len(provider) >= 7 else 1):
        return None
    return _fix_tld(provider, tld)


def _typo_suggestion(address: str) -> str | None:
    local, _, domain = address.rpartition("@")
    fixed = typo_domain(domain)
    return None if fixed is None else f"{local}@{fixed}"


@functools.lru_cache(maxsize=1 << 18)
def _analyse(value: str) -> tuple[str, str | None] | None:
    """Return ``(code, suggestion)`` for the most severe finding, or None."""
    cell = _prepare(value)
    if cell == "":
        return None
    if _X500_RE.search(cell):
        return f"{NAME}.exchange_x500", None
    addresses = split(value)
    if not addresses:
        return f"{NAME}.placeholder", ""
    first = addresses[0]
    code = _validity_code(first)
    if code is not None:
        suggestion = _missing_tld_suggestion(first) if code.endswith("missing_tld") else None
        return code, suggestion
    typo = _typo_suggestion(first)
    if typo is not None:
        return f"{NAME}.typo_domain", typo
    if len(addresses) > 1:
        return f"{NAME}.multiple", first
    if first != value:
        return f"{NAME}.fixed", first
    return None


def check(value: str) -> Finding | None:
    """Return the most severe finding for one cell, or None when it is a clean address or empty."""
    found = _analyse(value)
    if found is None:
        return None
    return finding_for(_module(), found[0], suggestion=found[1])


def validate(value: str) -> str:
    """Return the compact address, or raise ``InvalidFormat`` for an error finding."""
    found = check(value)
    if found is not None and found.severity == "error":
        raise errors.InvalidFormat(
            f"{found.message} ({value.strip()})", suggestion=found.suggestion, code=found.code
        )
    return compact(value)


def is_valid(value: object) -> bool:
    """Return whether ``value`` holds a usable e-mail address (warnings allowed); never raises."""
    if not isinstance(value, str) or compact(value) == "":
        return False
    found = check(value)
    return found is None or found.severity != "error"


def format(value: str) -> str:
    """Return the display form: the compact address."""
    return compact(value)


# ---------------------------------------------------------------- vectorised twins

#
# Each twin runs one lazy pipeline over the whole column inside ``map_batches`` so that the
# shared steps (squash, split, first address) are computed once, column-wise, in Polars.

_ADDRESSES = pl.List(pl.String)


def _is_placeholder_expr(text: pl.Expr) -> pl.Expr:
    return text.str.replace_many(_UPPER, _LOWER).str.contains(_PLACEHOLDER)


def _clean_token_expr(token: pl.Expr) -> pl.Expr:
    token = token.str.replace(_LEAD, "").str.replace(_WRAP_TRAIL, "")
    token = token.str.replace(_QUOTED, "${1}").str.replace(_TRAIL, "")
    head = token.str.extract(r"^(.*@)", 1)
    domain = token.str.extract(r"@([^@]*)$", 1).str.replace_many(_UPPER, _LOWER)
    return pl.when(token.str.contains("@")).then(pl.concat_str(head, domain)).otherwise(token)


def _split_frame(values: pl.Series) -> pl.LazyFrame:
    """Columns ``v, cell, x500, addresses, first``: vectorised :func:`split` step by step.

    A cell that already is one plain address (:data:`_FAST_VALID`, nothing to unwrap, not a
    placeholder) splits into itself, so only the other cells go through the token steps.
    """
    frame = values.rename("v").to_frame().with_row_index("_at")
    v = pl.col("v")
    plain = (_fast_valid_expr(v) & ~_is_placeholder_expr(v)).fill_null(value=False)
    frame = frame.with_columns(_plain=plain)
    simple = frame.filter("_plain").select(
        "_at",
        "v",
        cell=v,
        x500=pl.lit(value=False),
        addresses=pl.concat_list(v),
        first=v,
    )
    rest = _token_steps(frame.filter(~pl.col("_plain")).lazy()).select(simple.columns).collect()
    return pl.concat([simple, rest]).sort("_at").drop("_at").lazy()


def _token_steps(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Squash, unwrap and split the cells ``v`` into their addresses, step by step."""
    v, cell, text, kept = pl.col("v"), pl.col("cell"), pl.col("text"), pl.col("kept")
    element = pl.element()
    return (
        frame.with_columns(
            cell=squash_spaces_expr(v).str.normalize("NFC").str.replace_all(_DOUBLE_AT, "@")
        )
        .with_columns(
            text=cell.str.replace_all(_CONNECTOR, ";").str.replace_all(_DISPLAY_NAME, "${1}${2}"),
            x500=cell.str.contains(_X500),
            nothing=(cell == "") | _is_placeholder_expr(cell),
        )
        .with_columns(
            kept=text.str.extract_all(_TOKEN)
            .list.eval(_clean_token_expr(element))
            .list.eval(element.filter((element != "") & ~_is_placeholder_expr(element)))
        )
        .with_columns(
            addresses=pl.when(pl.col("nothing"))
            .then(kept.list.head(0))
            .when(pl.col("x500"))
            .then(pl.concat_list(cell))
            .when(text.str.contains("@"))
            .then(kept.list.eval(element.filter(element.str.contains("@"))))
            .otherwise(kept)
        )
        .with_columns(first=pl.col("addresses").list.first())
    )


def _batch(
    column: IntoExprColumn, steps: Callable[[pl.Series], pl.Series], dtype: pl.DataType
) -> pl.Expr:
    return parse_into_expr(column).map_batches(steps, return_dtype=dtype, is_elementwise=True)


def split_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`split` (``List[String]``); null in, null out."""
    return _batch(column, lambda s: _split_frame(s).collect()["addresses"], _ADDRESSES)


def _first_out() -> pl.Expr:
    return pl.when(pl.col("v").is_null()).then(None).otherwise(pl.col("first").fill_null(""))


def _rejected() -> pl.Expr:
    return pl.col("code").is_in(sorted(_ERRORS)).fill_null(False)


def _compact_out() -> pl.Expr:
    """The first address; the cell itself where that is an error (columns of _issue_frame)."""
    return pl.when(_rejected()).then(pl.col("v")).otherwise(_first_out())


def _additional_out() -> pl.Expr:
    addresses = pl.col("addresses")
    rest = addresses.list.slice(1).list.join("; ")
    return pl.when((addresses.list.len() > 1) & ~_rejected()).then(rest)


def _compact_series(values: pl.Series) -> pl.Series:
    return _issue_frame(values).select(_compact_out()).collect().to_series()


def compact_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`compact`; null in, null out."""
    return _batch(column, _compact_series, pl.String())


def _additional_series(values: pl.Series) -> pl.Series:
    return _issue_frame(values).select(_additional_out()).collect().to_series()


def additional_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised :func:`additional`: all addresses but the first joined by ``"; "``, else null."""
    return _batch(column, _additional_series, pl.String())


def _fast_valid_expr(address: pl.Expr) -> pl.Expr:
    return (
        address.str.contains(_FAST_VALID)
        & ~address.str.contains(_SPECIAL_USE)
        & (address.str.len_chars() <= _FAST_MAX_LEN)
    )


def _issue_frame(values: pl.Series) -> pl.LazyFrame:
    """:func:`_split_frame` plus ``code``, the vectorised ``check(value).code``."""
    first, addresses, cell = pl.col("first"), pl.col("addresses"), pl.col("cell")
    domain = first.str.extract(r"@([^@]*)$", 1)
    settled_domain = domain.is_in(sorted(PROVIDER_DOMAINS)) | ~domain.str.contains(r"\.")
    code = (
        pl.when(pl.col("v").is_null() | (cell == ""))
        .then(pl.lit(None, pl.String))
        .when(pl.col("x500"))
        .then(pl.lit(f"{NAME}.exchange_x500"))
        .when(addresses.list.len() == 0)
        .then(pl.lit(f"{NAME}.placeholder"))
        .when(pl.col("validity").is_not_null())
        .then(pl.col("validity"))
        .when(pl.col("typo").is_not_null())
        .then(pl.lit(f"{NAME}.typo_domain"))
        .when(addresses.list.len() > 1)
        .then(pl.lit(f"{NAME}.multiple"))
        .when(first != pl.col("v"))
        .then(pl.lit(f"{NAME}.fixed"))
        .otherwise(pl.lit(None, pl.String))
    )
    return (
        _split_frame(values)
        .with_columns(leftover=pl.when(~pl.col("x500") & ~_fast_valid_expr(first)).then(first))
        .with_columns(validity=via_distinct(pl.col("leftover"), _validity_code, pl.String))
        .with_columns(typo=pl.when(pl.col("validity").is_null() & ~settled_domain).then(domain))
        .with_columns(typo=via_distinct(pl.col("typo"), typo_domain, pl.String))
        .with_columns(code=code)
    )


def _issue_series(values: pl.Series) -> pl.Series:
    return _issue_frame(values).select("code").collect().to_series()


def issue_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised ``check(value).code``; the libraries see distinct leftover values only."""
    return _batch(column, _issue_series, pl.String())


def _provider_tld(domain: str) -> str | None:
    tlds = PROVIDERS.get(domain.translate(_ASCII_LOWER))
    return tlds[0] if tlds else None


def _suggestion_out() -> pl.Expr:
    """``check(value).suggestion`` over the columns of :func:`_issue_frame`."""
    code, first = pl.col("code"), _first_out()
    domain = first.str.extract(r"@([^@]*)$", 1)
    local = first.str.replace(r"@[^@]*$", "")
    typo, missing_tld = code == f"{NAME}.typo_domain", code == f"{NAME}.missing_tld"
    fixed_domain = via_distinct(pl.when(typo).then(domain), typo_domain, pl.String)
    tld = via_distinct(pl.when(missing_tld).then(domain), _provider_tld, pl.String)
    return (
        pl.when(typo)
        .then(pl.concat_str(local, pl.lit("@"), fixed_domain))
        .when(missing_tld)
        .then(pl.concat_str(first, pl.lit("."), tld))
        .when(code.is_in([f"{NAME}.multiple", f"{NAME}.fixed"]))
        .then(first)
        .when(code == f"{NAME}.placeholder")
        .then(pl.lit(""))
        .otherwise(pl.lit(None, pl.String))
    )


def _suggestion_series(values: pl.Series) -> pl.Series:
    return _issue_frame(values).select(_suggestion_out()).collect().to_series()


def suggestion_expr(column: IntoExprColumn) -> pl.Expr:
    """Vectorised ``check(value).suggestion``: typo and TLD fixes are looked up per distinct
    domain (a handful), so no per-address library call is needed."""
    return _batch(column, _suggestion_series, pl.String())


_JUDGED = pl.Struct(
    {"compact": pl.String, "code": pl.String, "additional": pl.String, "suggestion": pl.String}
)


def _judge_series(values: pl.Series) -> pl.Series:
    judged = pl.struct(
        compact=_compact_out(),
        code=pl.col("code"),
        additional=_additional_out(),
        suggestion=_suggestion_out(),
    )
    return _issue_frame(values).select(judged).collect().to_series()


def judge_expr(column: IntoExprColumn) -> pl.Expr:
    """:func:`compact_expr`, :func:`issue_expr`, :func:`additional_expr` and
    :func:`suggestion_expr` in one pass: a struct of ``compact``, ``code``, ``additional`` and
    ``suggestion`` (the cell is split once for all four)."""
    return _batch(column, _judge_series, _JUDGED)
