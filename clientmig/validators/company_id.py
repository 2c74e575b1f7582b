"""Company and tax identifiers: Belgian enterprise numbers first, others through python-stdnum.

The country that decides a number is, in this order: the value's own prefix (``BE``, ``NL``,
``EL``, ``GB``, the EU OSS ``EU``...), then ``country=`` (cleaning passes the row's country, else
the file's default). Only with neither (``country=None``) is it guessed: a 10-digit number
starting with 0 or 1 is Belgian; otherwise the registry countries whose validators accept the
digits decide (one fits -> fine, several -> a ``company_id.country_ambiguous`` warning with the
candidates, none -> the Belgian reasons).

``compact`` is pure text cleanup (Excel repair, separators, upper case, the prefix, a lost
leading zero restored only when the Belgian checksum proves it) and gives the national form;
``vat`` gives the prefixed VAT form. Placeholders (all one digit, ``123456789``) are errors.
The Belgian path is pure Polars; every other number runs stdnum once per distinct value.

Examples:

>>> compact("BE 0403.170.701")
'0403170701'
>>> format("403170701")
'0403.170.701'
>>> is_valid("0403170702")
False
>>> check("0403170702").code
'company_id.checksum'
"""

from __future__ import annotations

import re
import sys
import unicodedata
from types import ModuleType
from typing import Any

import polars as pl
from stdnum import exceptions as stdnum_exceptions
from stdnum.au import abn, acn
from stdnum.be import vat as be_vat
from stdnum.ca import bn
from stdnum.eu import vat as eu_vat
from stdnum.gb import utr
from stdnum.gb import vat as gb_vat
from stdnum.lv import pvn
from stdnum.nz import ird
from stdnum.ro import cui
from stdnum.us import ein

from clientmig._polars import IntoExprColumn, parse_into_expr, via_distinct
from clientmig.issues import Severity
from clientmig.validators import Finding, finding_for
from clientmig.validators._stdnum import ERRORS
from clientmig.validators._stdnum import reason as stdnum_reason
from clientmig.validators.national_id import (
    char_class,
    excel_repair,
    excel_repair_stages,
    separator_chars,
    staged_expr,
)

NAME = "company_id"

CODES: dict[str, tuple[Severity, str]] = {
    "company_id.format": ("error", "This is not a company number: unexpected characters."),
    "company_id.length": ("error", "This company number has the wrong number of characters."),
    "company_id.checksum": ("error", "The check digits of this company number do not match."),
    "company_id.component": ("error", "A part of this company number (a prefix) is invalid."),
    "company_id.placeholder": ("error", "A placeholder, not a company number."),
    "company_id.excel_digits_lost": (
        "error",
        "Excel wrote this number in scientific notation and dropped digits; "
        "export the column again formatted as text.",
    ),
    "company_id.country_ambiguous": (
        "warning",
        "This number fits the company numbers of several countries; give the country.",
    ),
    "company_id.fixed": (
        "info",
        "Spaces, dots, a BE prefix or a lost leading zero repaired in this company number.",
    ),
}

_GB_COMPANY_RE = re.compile(
    r"^(?:[0-9]{8}|(?:SC|NI|OC|SO|NC|LP|SL|NL|R0|FC|GE|IP|SP|IC|SI|NP|NV|RC|SR|NR|NO|GS|SE|ES"
    r"|SZ|SA|ZC|SF|NA|NZ|CE|SG|PC|RS|AC|FE|GN|IN)[0-9]{6})$"
)


class _GbCompanyNumber:
    """UK Companies House number (8 characters), in stdnum's module shape."""

    @staticmethod
    def compact(number: str) -> str:
        return re.sub(r"[ .\-/]", "", number).upper()

    @staticmethod
    def validate(number: str) -> str:
        number = _GbCompanyNumber.compact(number)
        if len(number) != 8:
            raise stdnum_exceptions.InvalidLength()
        if _GB_COMPANY_RE.match(number) is None:
            raise stdnum_exceptions.InvalidFormat()
        return number

    @staticmethod
    def is_valid(number: str) -> bool:
        return _GB_COMPANY_RE.match(_GbCompanyNumber.compact(number)) is not None


# Country registry (ISO2 -> validators), tried in this order; EU VAT countries come on top.
REGISTRY: dict[str, tuple[Any, ...]] = {
    "BE": (be_vat,),
    "GB": (utr, gb_vat, _GbCompanyNumber),
    "AU": (abn, acn),
    "US": (ein,),
    "CA": (bn,),
    "NZ": (ird,),
    "RO": (cui,),
    "LV": (pvn,),
}
EU_PREFIXES = frozenset(cc.upper() for cc in eu_vat.MEMBER_STATES) | {"EL"}
# Prefixes a number can carry that decide its country: EU VAT, UK VAT, EU OSS (EU), Isle of Man.
PREFIXES = EU_PREFIXES | {"GB", "EU", "IM"}
# Numbers people type for "unknown": never a company's number, whatever a checksum says.
PLACEHOLDERS = frozenset({"123456789", "0123456789", "1234567890", "987654321", "9876543210"})
FORMS = ("national", "vat")

_SEPARATORS_RE, _PL_SEPARATORS = char_class(separator_chars(" -./:"))
_PREFIX = r"^([A-Z]{2})[0-9A-Z(]"
_PREFIX_RE = re.compile(_PREFIX)
# Scientific notation that excel_repair could not undo: Excel dropped digits (4.03E+08).
_SCI = r"^[1-9](?:[.,][0-9]+)?[eE]\+?[0-9]+$"
_SCI_RE = re.compile(_SCI)
_OLD_ZERO_RE = re.compile(r"^\(0\)[0-9]{9}$")  # Belgian "(0)403019261"
_PL_PLACEHOLDER = r"^(?:0+|1+|2+|3+|4+|5+|6+|7+|8+|9+|" + "|".join(sorted(PLACEHOLDERS)) + ")$"
_PLACEHOLDER_RE = re.compile(_PL_PLACEHOLDER)
_DIGITS_RE = re.compile(r"^[0-9]+$")
_BE_SHAPE_RE = re.compile(r"^[01][0-9]{9}$")


def has_rules(country: str | None) -> bool:
    """Whether ``country`` (ISO2) has company-number rules here (else a number is guessed)."""
    if country is None:
        return False
    code = country.strip().upper()
    return code in REGISTRY or code in PREFIXES or code == "GR"


def _country(country: str | None) -> str | None:
    if country is None or country == "":
        return None
    code = country.strip().upper()
    code = "EL" if code == "GR" else code
    if code not in REGISTRY and code not in PREFIXES:
        msg = f"no company-number rules for country {country!r}"
        raise ValueError(msg)
    return code


# Words in a column's header that name one country's company or tax number.
HEADER_WORDS: dict[str, str] = {
    "ondernemingsnummer": "BE",
    "kbo": "BE",
    "bce": "BE",
    "kvk": "NL",
    "rsin": "NL",
    "siren": "FR",
    "siret": "FR",
    "abn": "AU",
    "acn": "AU",
    "utr": "GB",
    "ein": "US",
    "ird": "NZ",
    "cui": "RO",
    "cif": "RO",
    "pvn": "LV",
}
_WORD_RE = re.compile(r"[a-z]+")


def header_country(header: str | None) -> str | None:
    """The country a column's header names (``ABN`` -> AU, ``KBO-nummer`` -> BE), if exactly
    one; the header decides after the row's country and before the file's default."""
    if not header:
        return None
    folded = unicodedata.normalize("NFKD", header.casefold())
    found = {HEADER_WORDS[w] for w in _WORD_RE.findall(folded) if w in HEADER_WORDS}
    return found.pop() if len(found) == 1 else None


def _be_valid(number: str) -> bool:
    return _be_reason(number) is None


def _be_reason(number: str) -> str | None:
    """stdnum.be.vat's reason for a compact number (non-ASCII-digit text is a format error)."""
    if _DIGITS_RE.match(number) is None:
        return "format"
    try:
        be_vat.validate(number)
    except stdnum_exceptions.ValidationError as exc:
        return stdnum_reason(exc)
    return None


def _cleanup(value: str) -> str:
    """Excel repair, separators removed and upper case (only when the result is ASCII)."""
    text = excel_repair(value)
    bare = _SEPARATORS_RE.sub("", text)
    return bare.upper() if bare.isascii() else text


def _prefix(text: str) -> str | None:
    """The country prefix a cleaned number starts with (``BE0403...``, ``EL(0)...``), if any."""
    m = _PREFIX_RE.match(text)
    return m.group(1) if m is not None and m.group(1) in PREFIXES else None


def _decide(text: str, cc: str | None) -> tuple[str | None, bool]:
    """The deciding country of a cleaned number and whether it came from its prefix.

    The prefix wins, unless the number as written is valid in ``cc`` (a UK company number
    ``NL123456`` in a British row is not Dutch).
    """
    prefix = _prefix(text)
    if prefix is None or prefix == cc:
        return (cc, prefix is not None) if prefix is not None else (cc, False)
    if cc in REGISTRY and cc != "BE" and _libraryreason(text, REGISTRY[cc]) is None:
        return cc, False
    return prefix, True


def _national(text: str, cc: str | None, prefixed: bool) -> str:
    if cc == "BE" or (cc is None and (text.startswith("BE") or _OLD_ZERO_RE.match(text))):
        text = re.sub(r"^(?:BE)+", "", text)
        text = "0" + text[3:] if text.startswith("(0)") else text
    elif prefixed and cc is not None:
        text = text[len(cc) :]
        if cc not in REGISTRY:
            text = _eu_compact(cc, text)
    if text != "" and text[0] == "'":
        # What followed a prefix is what Excel's text marker would be read as next time
        # ("BE'" -> "'"): dropped now, so compact stays idempotent.
        text = excel_repair(text)
    if cc in REGISTRY and cc != "BE":
        text = _registry_compact(text, REGISTRY[cc])
    # A lost leading zero comes back only when the checksum proves it.
    lost_zero = _DIGITS_RE.match(text) is not None and len(text) == 9
    if lost_zero and cc in ("BE", None) and _be_valid("0" + text):
        text = "0" + text
    return text


def _registry_compact(number: str, modules: tuple[Any, ...]) -> str:
    """The compact form of the first of ``modules`` that accepts ``number`` (``NZ 49-098-576``
    -> ``49098576``); else the number as it is."""
    for module in modules:
        try:
            return str(module.validate(number))
        except Exception:  # stdnum raises its own errors, and ValueError on odd input
            continue
    return number


def _eu_compact(cc: str, number: str) -> str:
    """stdnum's compact form of an EU VAT number without its prefix (``NL4495445B01`` ->
    ``004495445B01``), where stdnum accepts it; else the number as it is."""
    try:
        return str(eu_vat.compact(cc + number))[2:] if eu_vat.is_valid(cc + number) else number
    except stdnum_exceptions.ValidationError:
        return number


def compact(value: str, *, country: str | None = None) -> str:
    """Return the national number without separators or Excel damage; idempotent, never raises.

    A prefix decides the country and is removed (``BE``, ``NL``...); Belgian numbers get back a
    lost leading zero when the checksum proves it (``403170701`` -> ``0403170701``); with
    ``country=None`` and no known prefix the text stays as it is.
    """
    cc = _country(country)
    text = value
    # One pass removes one prefix; junk such as "EEbe16" hides another behind it. Passes repeat
    # until nothing changes, so compact(compact(x)) == compact(x) for any text.
    for _ in range(_MAX_PASSES):
        cleaned = _cleanup(text)
        once = _national(cleaned, *_decide(cleaned, cc))
        if once == text:
            break
        text = once
    return text


_MAX_PASSES = 8


def vat(value: str, *, country: str | None = None) -> str:
    """Return the VAT form: ``BE0403170701``; EU, UK, OSS numbers with their prefix; else
    compact (countries whose numbers carry no prefix: AU, CA, NZ, US)."""
    text = _cleanup(value)
    cc, prefixed = _decide(text, _country(country))
    number = _national(text, cc, prefixed)
    if number == "":
        return number
    if (cc is None and _BE_SHAPE_RE.match(number)) or cc == "BE":
        return "BE" + number
    if cc in PREFIXES:
        return f"{cc}{number}"
    return number


def written(value: str, *, country: str | None = None, form: str = "national") -> str:
    """The value a field of the given ``form`` takes: :func:`compact` or :func:`vat`."""
    return vat(value, country=country) if form == "vat" else compact(value, country=country)


def _libraryreason(number: str, modules: tuple[Any, ...]) -> str | None:
    reason = None
    for module in modules:
        try:
            module.validate(number)
        except stdnum_exceptions.ValidationError as exc:
            reason = reason or stdnum_reason(exc)
        except Exception:
            reason = reason or "format"
        else:
            return None
    return reason


def guess_country(value: str) -> list[str]:
    """Return the registry countries whose validators accept the number (in registry order)."""
    number = compact(value)
    return [cc for cc, mods in REGISTRY.items() if _libraryreason(number, mods) is None]


def _code(value: str, country: str | None) -> str | None:
    text = _cleanup(value)
    cc, prefixed = _decide(text, _country(country))
    number = _national(text, cc, prefixed)
    if number == "":
        return None
    if _SCI_RE.match(excel_repair(value)):  # 4.03E+08: the digits are gone
        return f"{NAME}.excel_digits_lost"
    if _PLACEHOLDER_RE.match(number):
        return f"{NAME}.placeholder"
    if cc is None:
        return _guessed_code(number)
    if cc == "BE":
        reason = _be_reason(number)
    elif cc in REGISTRY:
        reason = _libraryreason(number, REGISTRY[cc])
        if reason is not None and prefixed and cc in EU_PREFIXES:  # RO VAT: CUI or CNP
            reason = _libraryreason(cc + number, (eu_vat,))
    else:
        reason = _libraryreason(cc + number, (eu_vat,))
    return None if reason is None else f"{NAME}.{reason}"


def _guessed_code(number: str) -> str | None:
    prefix = number[:2]
    if _BE_SHAPE_RE.match(number):
        reason = _be_reason(number)
    elif prefix in EU_PREFIXES:
        reason = _libraryreason(number, (eu_vat,))
    elif prefix == "GB":
        reason = _libraryreason(number, (gb_vat,))
    else:
        fits = [cc for cc in REGISTRY if _libraryreason(number, REGISTRY[cc]) is None]
        if len(fits) > 1:
            return f"{NAME}.country_ambiguous"
        reason = None if fits else _be_reason(number)
    return None if reason is None else f"{NAME}.{reason}"


def _module() -> ModuleType:
    return sys.modules[__name__]


def check(
    value: str,
    *,
    country: str | None = None,
    form: str = "national",  # noqa: ARG001
) -> Finding | None:
    """Return the most severe finding for one number, or None when it is valid or empty
    (``form`` does not change the verdict; cleaning passes it to every check alike)."""
    code = _code(value, country)
    if code is None:
        return None
    suggestion = None
    if code == f"{NAME}.country_ambiguous":
        suggestion = ", ".join(guess_country(value))
    return finding_for(_module(), code, suggestion=suggestion)


def validate(value: str, *, country: str | None = None) -> str:
    """Return the compact number, or raise an ``InvalidValue`` subclass (errors only)."""
    found = check(value, country=country)
    if found is not None and found.severity == "error":
        reason = found.code.split(".", 1)[1]
        raise ERRORS.get(reason, ERRORS["format"])(found.message, code=found.code)
    return compact(value, country=country)


def is_valid(value: object, *, country: str | None = None) -> bool:
    """Return whether ``value`` is a valid company number; never raises."""
    if not isinstance(value, str):
        return False
    try:
        return compact(value, country=country) != "" and check(value, country=country) is None
    except ValueError:
        return False


def is_fixed(value: str, *, country: str | None = None, form: str = "national") -> bool:
    """Return whether writing the field's ``form`` repaired a valid (or ambiguous) number
    (dots, a prefix, a lost zero...)."""
    number = written(value, country=country, form=form)
    if number in ("", value):
        return False
    found = check(value, country=country)
    return found is None or found.code == f"{NAME}.country_ambiguous"


def format(value: str, *, country: str | None = None) -> str:
    """Return the display form (BE ``0403.170.701``; else stdnum's, if any; else compact)."""
    cc = _country(country)
    number = compact(value, country=cc)
    if (cc in (None, "BE")) and _BE_SHAPE_RE.match(number):
        return f"{number[:4]}.{number[4:7]}.{number[7:]}"
    for module in REGISTRY.get(cc or "", ()):
        formatter = getattr(module, "format", None)
        if formatter is not None and module.is_valid(number):
            return str(formatter(number))
    return number


# ---------------------------------------------------------------- vectorised twins
#
# The Polars fast path settles the numbers whose deciding country is Belgium (its prefix, or no
# prefix and ``country="BE"``, or with ``country=None`` a 10-digit number starting 0 or 1); the
# scalar functions run once per distinct remaining value.


def be_checksum_ok_expr(column: IntoExprColumn) -> pl.Expr:
    """Whether each compact value (digits only) is a valid Belgian enterprise number."""
    number = parse_into_expr(column)
    return (number.str.len_chars() > 0) & _be_code(number).is_null()


def _be_code(number: pl.Expr) -> pl.Expr:
    """stdnum.be.vat's code for a compact number (placeholders first), in pure Polars."""
    padded = pl.when(number.str.len_chars() == 9).then("0" + number).otherwise(number)
    head = padded.str.slice(0, 8).cast(pl.Int64, strict=False)
    tail = padded.str.slice(8, 2).cast(pl.Int64, strict=False)
    return (
        pl.when(number.is_null() | (number == ""))
        .then(pl.lit(None, pl.String))
        .when(number.str.contains(_PL_PLACEHOLDER))
        .then(pl.lit(f"{NAME}.placeholder"))
        .when(~number.str.contains(r"^[0-9]+$"))
        .then(pl.lit(f"{NAME}.format"))
        .when(padded.str.len_chars() != 10)
        .then(pl.lit(f"{NAME}.length"))
        .when(~padded.str.contains(r"^[01]"))
        .then(pl.lit(f"{NAME}.component"))
        .when((head + tail) % 97 != 0)
        .then(pl.lit(f"{NAME}.checksum"))
        .otherwise(pl.lit(None, pl.String))
    )


def _stages(cc: str | None, form: str) -> list[dict[str, pl.Expr]]:
    """Stages adding ``fast`` (Belgium decides), ``number``, ``written``, ``be_code`` and
    ``fixed``; the last four hold for the ``fast`` rows only."""
    repaired, text, number = pl.col("repaired"), pl.col("text"), pl.col("number")
    bare = repaired.str.replace_all(_PL_SEPARATORS, "")
    prefix = text.str.extract(_PREFIX, 1)
    prefixed = prefix.is_in(sorted(PREFIXES)).fill_null(False)
    debe = text.str.replace(r"^(?:BE)+", "")
    debe = pl.when(debe.str.starts_with("(0)")).then("0" + debe.str.slice(3)).otherwise(debe)
    if cc == "BE":
        fast = ~prefixed | (prefix == "BE")
    elif cc is None:
        guessed_be = text.str.contains(r"^(?:[01][0-9]{9}|\(0\)[0-9]{9})$")
        fast = (prefix == "BE").fill_null(False) | (~prefixed & guessed_be)
    else:
        fast = (prefix == "BE").fill_null(False)
    nine = number.str.contains(r"^[0-9]{9}$")
    out = ("BE" + number) if form == "vat" else number
    return [
        *excel_repair_stages("value"),
        {
            "text": pl.when(bare.str.contains(r"^[\x00-\x7f]*$"))
            .then(bare.str.to_uppercase())
            .otherwise(repaired)
        },
        {"fast": fast, "number": debe},
        {"_pad_code": _be_code("0" + number)},
        {
            "number": pl.when(nine & pl.col("_pad_code").is_null())
            .then("0" + number)
            .otherwise(number)
        },
        {
            "be_code": pl.when(repaired.str.contains(_SCI) & (number != ""))
            .then(pl.lit(f"{NAME}.excel_digits_lost"))
            .otherwise(_be_code(number)),
            "written": pl.when(number != "").then(out).otherwise(number),
        },
        {
            "fixed": (pl.col("written") != "")
            & (pl.col("written") != pl.col("value"))
            & pl.col("be_code").is_null()
        },
    ]


def _fast_or_library(
    column: IntoExprColumn, cc: str | None, form: str, output: str, fn: Any, dtype: Any
) -> pl.Expr:
    """The Polars ``output`` column for the rows Belgium decides, ``fn`` on distinct others."""
    stages = _stages(cc, form)
    expr = parse_into_expr(column)
    fast = staged_expr(expr, stages, "fast", pl.Boolean())
    quick = staged_expr(expr, stages, output, dtype)
    library = via_distinct(pl.when(~fast).then(expr), fn, dtype)
    return pl.when(fast).then(quick).otherwise(library)


def compact_expr(
    column: IntoExprColumn, *, country: str | None = None, form: str = "national"
) -> pl.Expr:
    """Vectorised :func:`written` (:func:`compact` by default); null in, null out."""
    cc = _country(country)
    fn = lambda v: written(v, country=cc, form=form)  # noqa: E731
    return _fast_or_library(column, cc, form, "written", fn, pl.String())


def vat_expr(column: IntoExprColumn, *, country: str | None = None) -> pl.Expr:
    """Vectorised :func:`vat`."""
    return compact_expr(column, country=country, form="vat")


def issue_expr(
    column: IntoExprColumn, *, country: str | None = None, form: str = "national"
) -> pl.Expr:
    """Vectorised ``check(value).code``: pure Polars for Belgium, stdnum on distinct values else."""
    cc = _country(country)
    return _fast_or_library(column, cc, form, "be_code", lambda v: _code(v, cc), pl.String())


def fixed_expr(
    column: IntoExprColumn, *, country: str | None = None, form: str = "national"
) -> pl.Expr:
    """Vectorised :func:`is_fixed`: pure Polars for Belgium, the scalar on distinct values else."""
    cc = _country(country)
    fn = lambda v: is_fixed(v, country=cc, form=form)  # noqa: E731
    return _fast_or_library(column, cc, form, "fixed", fn, pl.Boolean())
