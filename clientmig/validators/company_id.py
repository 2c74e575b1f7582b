"""Company and tax identifiers: Belgian enterprise numbers first, others through python-stdnum.

The country comes from ``country=`` (an ISO2 code) or, when it is ``None``, from the value: a
``BE`` prefix or a 10-digit number starting with 0 or 1 is Belgian (the primary market); another
EU VAT prefix (``NL``, ``FR``, ``EL``...) is checked with ``stdnum.eu.vat``; otherwise the registry
countries whose validators accept the digits decide (one fits -> fine, several -> a
``company_id.country_ambiguous`` warning, none -> the Belgian reasons).

``compact`` is pure text cleanup (Excel repair, separators, upper case, the ``BE`` prefix, the
lost leading zero) and runs vectorised; the Belgian check is pure Polars; every other country
runs stdnum once per distinct value.
"""

from __future__ import annotations

import re
import sys
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
    run_stages,
    separator_chars,
)

NAME = "company_id"

CODES: dict[str, tuple[Severity, str]] = {
    "company_id.format": ("error", "This is not a company number: unexpected characters."),
    "company_id.length": ("error", "This company number has the wrong number of characters."),
    "company_id.checksum": ("error", "The check digits of this company number do not match."),
    "company_id.component": ("error", "A part of this company number (a prefix) is invalid."),
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

_SEPARATORS_RE, _PL_SEPARATORS = char_class(separator_chars(" -./"))
_DIGITS_RE = re.compile(r"^[0-9]+$")
_BE_SHAPE_RE = re.compile(r"^[01][0-9]{9}$")


def _country(country: str | None) -> str | None:
    if country is None:
        return None
    code = country.strip().upper()
    code = "EL" if code == "GR" else code
    if code not in REGISTRY and code not in EU_PREFIXES:
        msg = f"no company-number rules for country {country!r}"
        raise ValueError(msg)
    return code


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


def compact(value: str, *, country: str | None = None) -> str:
    """Return the national number without separators or Excel damage; idempotent, never raises.

    Belgian numbers lose the ``BE`` prefix and get back a lost leading zero (``0403170701``);
    with a ``country`` its VAT prefix is removed; with ``country=None`` other prefixes stay.
    """
    cc = _country(country)
    text = _cleanup(value)
    if cc == "BE" or (cc is None and text.startswith("BE")):
        text = re.sub(r"^(?:BE)+", "", text)
        text = "0" + text[3:] if text.startswith("(0)") else text
    elif cc is not None and text.startswith(cc):
        text = text[len(cc) :]
    lost_zero = _DIGITS_RE.match(text) is not None and len(text) == 9
    if lost_zero and (cc == "BE" or (cc is None and _be_valid("0" + text))):
        text = "0" + text
    return text


def vat(value: str, *, country: str | None = None) -> str:
    """Return the VAT form: ``BE0403170701``; other EU countries with their prefix; else compact."""
    cc = _country(country)
    number = compact(value, country=cc)
    if (cc is None and _BE_SHAPE_RE.match(number)) or (cc == "BE" and number != ""):
        return "BE" + number
    if cc in EU_PREFIXES and number != "":
        return f"{cc}{number}"
    return number


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
    cc = _country(country)
    number = compact(value, country=cc)
    if number == "":
        return None
    if cc is None:
        return _guessed_code(number)
    if cc == "BE":
        reason = _be_reason(number)
    elif cc in REGISTRY:
        reason = _libraryreason(number, REGISTRY[cc])
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


def check(value: str, *, country: str | None = None) -> Finding | None:
    """Return the most severe finding for one number, or None when it is valid or empty."""
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
        raise ERRORS[reason](found.message, code=found.code)
    return compact(value, country=country)


def is_valid(value: object, *, country: str | None = None) -> bool:
    """Return whether ``value`` is a valid company number; never raises."""
    if not isinstance(value, str):
        return False
    try:
        return compact(value, country=country) != "" and check(value, country=country) is None
    except ValueError:
        return False


def is_fixed(value: str, *, country: str | None = None) -> bool:
    """Return whether compacting repaired a valid (or ambiguous) number (dots, BE, zero...)."""
    number = compact(value, country=country)
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


def be_checksum_ok_expr(column: IntoExprColumn) -> pl.Expr:
    """Whether each compact value (digits only) is a valid Belgian enterprise number."""
    number = parse_into_expr(column)
    return (number.str.len_chars() > 0) & _be_code(number).is_null()


def _be_code(number: pl.Expr) -> pl.Expr:
    """stdnum.be.vat's code for a compact number, in pure Polars."""
    padded = pl.when(number.str.len_chars() == 9).then("0" + number).otherwise(number)
    head = padded.str.slice(0, 8).cast(pl.Int64, strict=False)
    tail = padded.str.slice(8, 2).cast(pl.Int64, strict=False)
    return (
        pl.when(number.is_null() | (number == ""))
        .then(pl.lit(None, pl.String))
        .when(~number.str.contains(r"^[0-9]+$") | ~number.str.contains(r"[1-9]"))
        .then(pl.lit(f"{NAME}.format"))
        .when(padded.str.len_chars() != 10)
        .then(pl.lit(f"{NAME}.length"))
        .when(~padded.str.contains(r"^[01]"))
        .then(pl.lit(f"{NAME}.component"))
        .when((head + tail) % 97 != 0)
        .then(pl.lit(f"{NAME}.checksum"))
        .otherwise(pl.lit(None, pl.String))
    )


def _stages(cc: str | None) -> list[dict[str, pl.Expr]]:
    """Stages adding ``number`` (compact), ``be_shape``, ``be_code`` and ``fixed`` columns."""
    repaired, text, number = pl.col("repaired"), pl.col("text"), pl.col("number")
    bare = repaired.str.replace_all(_PL_SEPARATORS, "")
    stages = [
        *excel_repair_stages("value"),
        {
            "text": pl.when(bare.str.contains(r"^[\x00-\x7f]*$"))
            .then(bare.str.to_uppercase())
            .otherwise(repaired)
        },
    ]
    if cc == "BE" or cc is None:
        debe = text.str.replace(r"^(?:BE)+", "")
        debe = pl.when(debe.str.starts_with("(0)")).then("0" + debe.str.slice(3)).otherwise(debe)
        belgian = text.str.starts_with("BE") if cc is None else pl.lit(True)
        stages.append({"number": pl.when(belgian).then(debe).otherwise(text)})
    elif cc is not None:
        stripped = text.str.slice(len(cc))
        stages.append({"number": pl.when(text.str.starts_with(cc)).then(stripped).otherwise(text)})
    nine = number.str.contains(r"^[0-9]{9}$")
    pad_ok = pl.lit(cc == "BE") if cc is not None else pl.col("_pad_code").is_null()
    stages += [
        {"_pad_code": _be_code("0" + number)},
        {"number": pl.when(nine & pad_ok).then("0" + number).otherwise(number)},
        {"be_shape": number.str.contains(r"^[01][0-9]{9}$"), "be_code": _be_code(number)},
        {"fixed": (number != "") & (number != pl.col("value")) & pl.col("be_code").is_null()},
    ]
    return stages


def _staged(column: IntoExprColumn, cc: str | None, output: str, dtype: pl.DataType) -> pl.Expr:
    stages = _stages(cc)
    return parse_into_expr(column).map_batches(
        lambda s: run_stages(s, stages, output), return_dtype=dtype, is_elementwise=True
    )


def compact_expr(column: IntoExprColumn, *, country: str | None = None) -> pl.Expr:
    """Vectorised :func:`compact` (pure Polars); null in, null out."""
    return _staged(column, _country(country), "number", pl.String())


def vat_expr(column: IntoExprColumn, *, country: str | None = None) -> pl.Expr:
    """Vectorised :func:`vat` (pure Polars)."""
    cc = _country(country)
    number = compact_expr(column, country=cc)
    if cc is None:
        be_shape = _staged(column, cc, "be_shape", pl.Boolean())
        return pl.when(be_shape).then("BE" + number).otherwise(number)
    if cc == "BE" or cc in EU_PREFIXES:
        return pl.when(number != "").then(cc + number).otherwise(number)
    return number


def _library_expr(column: IntoExprColumn, cc: str | None, fn: Any, dtype: Any) -> pl.Expr:
    """The scalar ``fn`` on distinct values, skipping rows the Belgian fast path settled."""
    expr = parse_into_expr(column)
    if cc is not None:
        return via_distinct(expr, fn, dtype)
    be_shape = _staged(expr, cc, "be_shape", pl.Boolean())
    return via_distinct(pl.when(~be_shape).then(expr), fn, dtype)


def issue_expr(column: IntoExprColumn, *, country: str | None = None) -> pl.Expr:
    """Vectorised ``check(value).code``: pure Polars for Belgium, stdnum on distinct values else."""
    cc = _country(country)
    if cc == "BE":
        return _staged(column, cc, "be_code", pl.String())
    library = _library_expr(column, cc, lambda v: _code(v, cc), pl.String)
    if cc is not None:
        return library
    be_shape = _staged(column, cc, "be_shape", pl.Boolean())
    return pl.when(be_shape).then(_staged(column, cc, "be_code", pl.String())).otherwise(library)


def fixed_expr(column: IntoExprColumn, *, country: str | None = None) -> pl.Expr:
    """Vectorised :func:`is_fixed`: pure Polars for Belgium, the scalar on distinct values else."""
    cc = _country(country)
    if cc == "BE":
        return _staged(column, cc, "fixed", pl.Boolean())
    library = _library_expr(column, cc, lambda v: is_fixed(v, country=cc), pl.Boolean)
    if cc is not None:
        return library
    be_shape = _staged(column, cc, "be_shape", pl.Boolean())
    return pl.when(be_shape).then(_staged(column, cc, "fixed", pl.Boolean())).otherwise(library)
