"""Phone numbers: repair Excel damage, normalise to E.164 and check them with phonenumbers.

Every function takes ``region`` (ISO2, default ``"BE"``): the country of national numbers such as
``0475 12 34 56``. Cleaning happens in a fixed order shared by the scalar and Polars forms:
squash spaces and drop invisible characters, recognise placeholders (``-``, ``n/a``, ``000``),
turn Excel numbers back into digits (``32475123456.0``, ``3.2475123456E+10``), and for a cell
that holds only digits and separators drop the separators and read a leading ``00`` as ``+``.
phonenumbers then decides on each distinct normalised text (real columns have few).

``compact`` gives E.164 (``+32475123456``, plus `` ext. 12`` when there is an extension) for a
possible number and the squashed text otherwise, so it is idempotent.

Examples:

>>> compact("0470 12 34 56")
'+32470123456'
>>> format("0470 12 34 56")
'+32 470 12 34 56'
>>> compact("(201) 555-0123", region="US")
'+12015550123'
>>> is_valid("12")
False
"""

from __future__ import annotations

import functools
import re
import string
import sys
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import phonenumbers
import polars as pl

from clientmig import errors
from clientmig._polars import (
    IntoExprColumn,
    on_distinct,
    parse_into_expr,
    via_distinct,
    with_stages,
)
from clientmig._text import squash_spaces, squash_spaces_expr
from clientmig.issues import Severity
from clientmig.validators import Finding, finding_for

NAME = "phone"

CODES: dict[str, tuple[Severity, str]] = {
    "phone.invalid": ("error", "This is not a valid phone number for its country."),
    "phone.excel_digits_lost": (
        "error",
        "Excel wrote this number in scientific notation and dropped digits; "
        "export the column again formatted as text.",
    ),
    "phone.fixed": ("info", "Phone number rewritten in the international E.164 form."),
    "phone.placeholder": ("info", "A placeholder instead of a phone number was emptied."),
    "phone.other_country": (
        "warning",
        "Not a valid number of the row's country, but valid in the country of another of "
        "the row's phones or of the person's nationality; check it and add its country code.",
    ),
}

NUMBER_TYPES: dict[int, str] = {
    phonenumbers.PhoneNumberType.MOBILE: "mobile",
    phonenumbers.PhoneNumberType.FIXED_LINE: "fixed",
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed_or_mobile",
}

# Shared by Python's re and Polars (no \d, \s or flags: both engines read them identically).
_PLACEHOLDER = (
    r"^(?:-+|/+|\?+|\.+|x+|0+|n/?a|n\.a\.?|geen|nvt|n\.v\.t\.?|none|onbekend|unknown|aucun)$"
)
_EXCEL_FLOAT = r"^[0-9]+\.0+$"
# Scientific notation, with a decimal point or comma (Belgian and Dutch Excel write a comma).
_EXCEL_SCI = r"^([0-9])(?:[.,]([0-9]+))?[eE]\+?([0-9]{1,3})$"
_PLAIN_NUMBER = r"^\+?[0-9 .\-/()]+$"
# A word in brackets after the number ("0475 12 34 56 (privé)", "(GSM)", "(werk)").
_LABEL_TAIL = r"[0-9] *\([^()0-9]{2,24}\)$"
_LABEL = r" *\([^()0-9]{2,24}\)$"
_SEPARATORS = r"[ .\-/()]"
_IDD_00 = r"^00([1-9])"
_FOREIGN_MIN_DIGITS = 11
_MIN_INTERNATIONAL_DIGITS = 10

_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_PLACEHOLDER_RE = re.compile(_PLACEHOLDER)
_EXCEL_FLOAT_RE = re.compile(_EXCEL_FLOAT)
_EXCEL_SCI_RE = re.compile(_EXCEL_SCI)
_PLAIN_NUMBER_RE = re.compile(_PLAIN_NUMBER)
_SEPARATORS_RE = re.compile(_SEPARATORS)
_IDD_00_RE = re.compile(_IDD_00)
_LABEL_TAIL_RE = re.compile(_LABEL_TAIL)
_LABEL_RE = re.compile(_LABEL)

_RESULT = pl.Struct({"e164": pl.String, "valid": pl.Boolean, "type": pl.String})


def _module() -> ModuleType:
    return sys.modules[__name__]


def _is_placeholder(cell: str) -> bool:
    return _PLACEHOLDER_RE.search(cell.translate(_ASCII_LOWER)) is not None


def _excel_repair(cell: str) -> str:
    """``32475123456.0`` -> ``32475123456``; ``3.2475123456E+10`` -> ``32475123456``.

    Scientific notation is undone only when it holds every digit: ``3.24751E+10`` lost five,
    and padding them with zeros would make another, possibly valid, number.
    """
    if _EXCEL_FLOAT_RE.search(cell):
        return cell.partition(".")[0]
    sci = _EXCEL_SCI_RE.search(cell)
    if sci is not None and len(sci.group(2) or "") == int(sci.group(3)):
        return sci.group(1) + (sci.group(2) or "")
    return cell


def _digits_lost(cell: str) -> bool:
    """Scientific notation with fewer digits than its exponent (``3.24751E+10``)."""
    sci = _EXCEL_SCI_RE.search(cell)
    return sci is not None and len(sci.group(2) or "") < int(sci.group(3))


def normalise(cell: str) -> str:
    """Return the text phonenumbers reads: Excel repaired, a label in brackets after the number
    dropped (``(privé)``), separators and ``00`` resolved."""
    text = _LABEL_RE.sub("", cell) if _LABEL_TAIL_RE.search(cell) else cell
    text = _excel_repair(text)
    if _PLAIN_NUMBER_RE.search(text):
        text = _IDD_00_RE.sub(r"+\1", _SEPARATORS_RE.sub("", text))
    return text


def _parse_one(text: str, region: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(text, region)
    except Exception:
        return None
    return number if phonenumbers.is_possible_number(number) else None


def _parse(text: str, region: str) -> tuple[phonenumbers.PhoneNumber | None, bool]:
    """Return the best reading of a normalised text and whether it is a valid number.

    A bare digit string of international length may have lost its ``+`` in Excel; that reading
    is used only when it is valid, the national one is not, and its country code is the
    region's own or the string has the 11+ digits of a full international number
    (``(201) 555-0123`` is an American number, never Egypt's +20 1555 0123).
    """
    national = _parse_one(text, region)
    if national is not None and phonenumbers.is_valid_number(national):
        return national, True
    if text.isascii() and text.isdigit() and len(text) >= _MIN_INTERNATIONAL_DIGITS:
        plus = _parse_one("+" + text, region)
        own_code = phonenumbers.country_code_for_region(region)
        # Another country's number: only at the length a full international number has.
        long_enough = plus is not None and (
            plus.country_code == own_code or len(text) >= _FOREIGN_MIN_DIGITS
        )
        if plus is not None and long_enough and phonenumbers.is_valid_number(plus):
            return plus, True
    return national, False


def _e164(number: phonenumbers.PhoneNumber) -> str:
    text = str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    return f"{text} ext. {number.extension}" if number.extension else text


def _region(region: str) -> str:
    return region.strip().upper()


@functools.lru_cache(maxsize=1 << 18)
def _result(text: str, region: str) -> dict[str, Any]:
    """E.164, validity and number type of one normalised text (run once per distinct text)."""
    number, valid = _parse(text, region)
    kind = None
    if number is not None and valid:
        kind = NUMBER_TYPES.get(phonenumbers.number_type(number), "other")
    # Only a valid number is rewritten: E.164 of a merely possible number does not always read
    # back to itself, and a person should see what was typed.
    e164 = _e164(number) if number is not None and valid else None
    return {"e164": e164, "valid": valid, "type": kind}


def _analyse(value: str, region: str) -> tuple[str, dict[str, Any]]:
    """Return the squashed cell and its result (``e164`` None for empty or placeholder cells)."""
    cell = squash_spaces(value)
    if cell == "" or _is_placeholder(cell) or _digits_lost(cell):
        return cell, {"e164": None, "valid": False, "type": None}
    return cell, _result(normalise(cell), _region(region))


def compact(value: str, *, region: str = "BE") -> str:
    """Return E.164 for a possible number, ``""`` for a placeholder, else the squashed text."""
    cell, result = _analyse(value, region)
    if cell == "" or _is_placeholder(cell):
        return ""
    return str(result["e164"] or cell)


def check(value: str, *, region: str = "BE") -> Finding | None:
    """Return ``phone.placeholder``, ``phone.invalid`` or ``phone.fixed``, or None."""
    cell, result = _analyse(value, region)
    if cell == "":
        return None
    if _is_placeholder(cell):
        return finding_for(_module(), f"{NAME}.placeholder", suggestion="")
    if _digits_lost(cell):
        return finding_for(_module(), f"{NAME}.excel_digits_lost")
    if not result["valid"]:
        return finding_for(_module(), f"{NAME}.invalid")
    fixed = compact(value, region=region)
    if fixed != value:
        return finding_for(_module(), f"{NAME}.fixed", suggestion=fixed)
    return None


def validate(value: str, *, region: str = "BE") -> str:
    """Return the E.164 number, or raise ``InvalidFormat`` (code ``phone.invalid``)."""
    found = check(value, region=region)
    if found is not None and found.severity == "error":
        raise errors.InvalidFormat(f"{found.message} ({value.strip()})", code=found.code)
    return compact(value, region=region)


def is_valid(value: object, *, region: str = "BE") -> bool:
    """Return whether ``value`` is a valid phone number for ``region``; never raises."""
    if not isinstance(value, str):
        return False
    cell, result = _analyse(value, region)
    return bool(result["valid"]) and cell != ""


def foreign_reading(value: str, region: str) -> str | None:
    """E.164 of ``value`` read as a national number of ``region`` when it is valid there
    (the suggestion for a number written without the country code of another country)."""
    cell, result = _analyse(value, region)
    if cell == "" or not result["valid"]:
        return None
    return str(result["e164"])


def number_type(value: str, *, region: str = "BE") -> str | None:
    """``"mobile"``, ``"fixed"``, ``"fixed_or_mobile"``, ``"other"``; None when not valid."""
    kind = _analyse(value, region)[1]["type"]
    return None if kind is None else str(kind)


def format(value: str, *, region: str = "BE") -> str:
    """Return the international display form (``+32 475 12 34 56``), else the compact text."""
    number, _ = _parse(normalise(squash_spaces(value)), _region(region))
    if number is None or _is_placeholder(squash_spaces(value)):
        return compact(value, region=region)
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


# ---------------------------------------------------------------- vectorised twins


def _sci_parts(cell: pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    sci = cell.str.extract_groups(_EXCEL_SCI)
    return sci.struct[0], sci.struct[1].fill_null(""), sci.struct[2].cast(pl.Int64, strict=False)


def _excel_repair_expr(cell: pl.Expr) -> pl.Expr:
    lead, fraction, exponent = _sci_parts(cell)
    complete = (fraction.str.len_chars() == exponent).fill_null(False)
    return (
        pl.when(cell.str.contains(_EXCEL_FLOAT))
        .then(cell.str.replace(r"\..*$", ""))
        .when(complete)
        .then(pl.concat_str(lead, fraction))
        .otherwise(cell)
    )


def _digits_lost_expr(cell: pl.Expr) -> pl.Expr:
    _, fraction, exponent = _sci_parts(cell)
    return (fraction.str.len_chars() < exponent).fill_null(False)


def normalise_expr(cell: pl.Expr) -> pl.Expr:
    """Vectorised :func:`normalise` (on a squashed cell)."""
    unlabelled = pl.when(cell.str.contains(_LABEL_TAIL))
    text = _excel_repair_expr(unlabelled.then(cell.str.replace(_LABEL, "")).otherwise(cell))
    plain = text.str.replace_all(_SEPARATORS, "").str.replace(_IDD_00, "+${1}")
    return pl.when(text.str.contains(_PLAIN_NUMBER)).then(plain).otherwise(text)


_OTHER_TYPES = (
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
)


def _desc_expr(nsn: pl.Expr, desc: Any) -> pl.Expr:
    """Whether a national significant number matches one phonenumbers number description."""
    if desc is None or not desc.national_number_pattern:
        return pl.lit(False)
    hit = nsn.str.contains(f"^(?:{desc.national_number_pattern})$")
    if desc.possible_length:
        hit = hit & nsn.str.len_chars().is_in(list(desc.possible_length))
    return hit


@functools.lru_cache(maxsize=64)
def _fast_path(region: str) -> tuple[str, str, str] | None:
    """The region's country code, national prefix and a check that its metadata is usable."""
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if meta is None or meta.national_prefix != "0" or meta.general_desc is None:
        return None
    return str(meta.country_code), "0", region


def _fast_stages(text: pl.Expr, region: str) -> list[dict[str, pl.Expr]]:
    """Stages adding ``fast``: E.164, validity and type in pure Polars where the region's
    metadata settles them.

    Only national numbers (``0...``) and same-country international ones (``+32...``) whose
    national number matches exactly the fixed-line and/or mobile description, and no other
    type, are settled here; everything else is left null for phonenumbers. The result equals
    phonenumbers' own for those numbers (a property test holds them together). Each step is a
    named column so that every pattern runs once.
    """
    fast = _fast_path(region)
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if fast is None or meta is None:
        return [{"fast": pl.lit(None, _RESULT)}]
    cc, prefix, _ = fast
    nsn = pl.col("_nsn")
    other = pl.lit(False)
    for name in _OTHER_TYPES:
        other = other | _desc_expr(nsn, getattr(meta, name, None))
    fixed, mobile = pl.col("_fixed"), pl.col("_mobile")
    same = bool(getattr(meta, "same_mobile_and_fixed_line_pattern", False))
    kind = (
        pl.when(fixed & (mobile | pl.lit(same)))
        .then(pl.lit("fixed_or_mobile"))
        .when(fixed)
        .then(pl.lit("fixed"))
        .when(mobile)
        .then(pl.lit("mobile"))
    )
    settled = nsn.is_not_null() & pl.col("_general") & ~pl.col("_other") & (fixed | mobile)
    result = pl.struct(
        pl.concat_str(pl.lit("+" + cc), nsn).alias("e164"),
        pl.lit(True).alias("valid"),
        kind.alias("type"),
    )
    return [
        {
            "_nsn": pl.when(text.str.contains(f"^{prefix}[1-9][0-9]+$"))
            .then(text.str.slice(1))
            .when(text.str.contains(f"^\\+{cc}[1-9][0-9]+$"))
            .then(text.str.slice(len(cc) + 1))
        },
        {
            "_general": _desc_expr(nsn, meta.general_desc),
            "_fixed": _desc_expr(nsn, meta.fixed_line),
            "_mobile": _desc_expr(nsn, meta.mobile),
            "_other": other,
        },
        {"fast": pl.when(settled.fill_null(False)).then(result).otherwise(pl.lit(None, _RESULT))},
    ]


def _frame(values: pl.Series, region: str) -> pl.LazyFrame:
    """Columns ``v, cell, empty, placeholder, result``: the shared column-wise steps."""
    code = _region(region)
    cell = pl.col("cell")
    frame = (
        values.rename("v")
        .to_frame()
        .lazy()
        .with_columns(cell=squash_spaces_expr(pl.col("v")))
        .with_columns(
            empty=cell == "",
            placeholder=cell.str.replace_many(
                list(string.ascii_uppercase), list(string.ascii_lowercase)
            ).str.contains(_PLACEHOLDER),
        )
        .with_columns(
            text=pl.when(~pl.col("empty") & ~pl.col("placeholder") & ~_digits_lost_expr(cell)).then(
                normalise_expr(cell)
            )
        )
    )
    return with_stages(frame, _fast_stages(pl.col("text"), code)).with_columns(
        result=pl.coalesce(
            pl.col("fast"),
            via_distinct(
                pl.when(pl.col("fast").is_null()).then(pl.col("text")),
                lambda text: _result(text, code),
                _RESULT,
            ),
        )
    )


def _compact_column() -> pl.Expr:
    return (
        pl.when(pl.col("v").is_null())
        .then(pl.lit(None, pl.String))
        .when(pl.col("empty") | pl.col("placeholder"))
        .then(pl.lit(""))
        .otherwise(pl.coalesce(pl.col("result").struct["e164"], pl.col("cell")))
    )


def _batch(
    column: IntoExprColumn, region: str, output: pl.Expr, dtype: pl.DataType | None = None
) -> pl.Expr:
    def run(values: pl.Series) -> pl.Series:
        return _frame(values, region).select(output).collect().to_series()

    return parse_into_expr(column).map_batches(
        run, return_dtype=dtype or pl.String(), is_elementwise=True
    )


def compact_expr(column: IntoExprColumn, *, region: str = "BE") -> pl.Expr:
    """Vectorised :func:`compact`; null in, null out."""
    return _batch(column, region, _compact_column())


def _issue_column() -> pl.Expr:
    return (
        pl.when(pl.col("v").is_null() | pl.col("empty"))
        .then(pl.lit(None, pl.String))
        .when(pl.col("placeholder"))
        .then(pl.lit(f"{NAME}.placeholder"))
        .when(_digits_lost_expr(pl.col("cell")))
        .then(pl.lit(f"{NAME}.excel_digits_lost"))
        .when(~pl.col("result").struct["valid"])
        .then(pl.lit(f"{NAME}.invalid"))
        .when(_compact_column() != pl.col("v"))
        .then(pl.lit(f"{NAME}.fixed"))
        .otherwise(pl.lit(None, pl.String))
    )


def issue_expr(column: IntoExprColumn, *, region: str = "BE") -> pl.Expr:
    """Vectorised ``check(value).code``; phonenumbers runs once per distinct normalised text."""
    return _batch(column, region, _issue_column())


_JUDGED = pl.Struct({"compact": pl.String, "code": pl.String})


def judge_expr(column: IntoExprColumn, *, region: str = "BE") -> pl.Expr:
    """:func:`compact_expr` and :func:`issue_expr` in one pass (a struct of ``compact`` and
    ``code``): each cell is normalised and looked up once for both."""
    output = pl.struct(compact=_compact_column(), code=_issue_column())
    return _batch(column, region, output, _JUDGED)


def type_expr(column: IntoExprColumn, *, region: str = "BE") -> pl.Expr:
    """Vectorised :func:`number_type`: mobile / fixed / fixed_or_mobile / other, else null."""
    return _batch(column, region, pl.col("result").struct["type"])


# ---------------------------------------------------------------- the display form, vectorised

_E164 = r"^\+[1-9][0-9]{3,16}$"
_CODE_LENGTHS = (1, 2, 3)  # country calling codes are prefix-free: at most one length fits


@dataclass(frozen=True)
class _Layout:
    """A country code's rules for the international form, from phonenumbers' own metadata."""

    strip: str | None  # the national prefix parsing would strip (phonenumbers decides those)
    lengths: tuple[int, ...]  # possible lengths of a national number
    rules: tuple[tuple[str, str, str], ...]  # (leading digits, pattern, replacement), in order

    @staticmethod
    @functools.lru_cache(maxsize=512)
    def of(code: int) -> _Layout | None:
        region = phonenumbers.region_code_for_country_code(code)
        meta = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(code, region)
        if meta is None or region in ("ZZ", "001") or meta.general_desc is None:
            return None
        rules = tuple(
            (
                f"^(?:{nf.leading_digits_pattern[-1]})" if nf.leading_digits_pattern else "^",
                str(nf.pattern),
                re.sub(r"\\(\d)", r"${\1}", str(nf.format)),
            )
            for nf in meta.intl_number_format or meta.number_format
        )
        strip = meta.national_prefix_for_parsing or meta.national_prefix
        return _Layout(strip, tuple(meta.general_desc.possible_length or ()), rules)

    def display(self, code: str, frame: pl.DataFrame) -> pl.Series:
        """The international form of the E.164 numbers ``v`` of this code; null where
        phonenumbers has to decide (a prefix it would strip, a length it finds impossible)."""
        nsn = pl.col("v").str.slice(1 + len(code))
        settled = nsn.str.len_chars().is_in(list(self.lengths))
        if self.strip:
            settled = settled & ~nsn.str.contains(f"^(?:{self.strip})")
        body: Any = None
        for lead, pattern, replacement in self.rules:  # the first format that fits, as there
            hit = nsn.str.contains(lead) & nsn.str.contains(f"^(?:{pattern})$")
            done = nsn.str.replace_all(pattern, replacement)
            body = pl.when(hit).then(done) if body is None else body.when(hit).then(done)
        display = nsn if body is None else body.otherwise(nsn)
        return frame.select(pl.when(settled).then(pl.lit(f"+{code} ") + display).alias("out"))[
            "out"
        ]


def _display_distinct(values: pl.Series, region: str) -> pl.Series:
    """:func:`format` of distinct values: E.164 numbers per country code in Polars, the rest
    (and what the metadata does not settle) by phonenumbers, once each."""
    frame = values.rename("v").to_frame().with_row_index("i")
    v = pl.col("v")
    code: Any = None
    for n in _CODE_LENGTHS:
        known = [str(c) for c in phonenumbers.COUNTRY_CODE_TO_REGION_CODE if len(str(c)) == n]
        head = v.str.slice(1, n)
        code = (pl.when if code is None else code.when)(head.is_in(known)).then(head)
    numbers = frame.filter(v.str.contains(_E164)).with_columns(code=code).drop_nulls("code")
    parts = []
    for key, part in numbers.partition_by("code", as_dict=True).items():
        layout = _Layout.of(int(str(key[0])))
        if layout is not None and layout.lengths:
            parts.append(part.select("i", out=layout.display(str(key[0]), part)))
    done = pl.concat(parts) if parts else pl.DataFrame(schema={"i": pl.UInt32, "out": pl.String})
    out = frame.join(done, on="i", how="left").sort("i")["out"]
    rest = out.is_null().arg_true()
    slow = [format(t, region=region) for t in values.gather(rest).to_list()]
    return out.scatter(rest, pl.Series(slow, dtype=pl.String)).rename(values.name)


def format_expr(column: IntoExprColumn, *, region: str = "BE") -> pl.Expr:
    """Vectorised :func:`format`, the same text for every value: E.164 numbers are laid out
    with phonenumbers' own format rules in Polars, grouped by country code; other text goes to
    :func:`format` once per distinct value."""
    code = _region(region)
    return on_distinct(
        parse_into_expr(column), lambda distinct: _display_distinct(distinct, code), pl.String
    )
