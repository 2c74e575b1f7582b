"""National identification numbers: Belgian NN/BIS first, other countries through python-stdnum.

The country comes from ``country=`` (an ISO2 code) or, when it is ``None``, from the number's
shape: the registry countries whose stdnum validator accepts the compacted number. Exactly one
fits -> that country; none fits -> the Belgian reasons are reported (Belgium is the primary
market); several fit -> no guess, a ``national_id.country_ambiguous`` warning.

Belgian numbers are checked in pure Polars (mod 97, the post-2000 rule, BIS months); every other
country runs stdnum once per distinct value.

What a column means comes first: :func:`scheme_for_header` reads the scheme from a header such
as ``Rijksregisternummer``/``INSZ``/``NISS``/``BIS`` (Belgian NN or BIS, whatever the person's
nationality), ``CNP``, ``personas kods``, ``NIR`` or ``BSN``; only a generic header (``National
ID``) leaves the choice to the row's country and the number's shape.

Examples:

>>> compact("85.07.30-033.28")
'85073003328'
>>> format("85073003328")
'85.07.30-033.28'
>>> is_valid("85.07.30-033.28")
True
>>> check("85073003329").code
'national_id.checksum'
"""

from __future__ import annotations

import datetime
import re
import sys
import unicodedata
from types import ModuleType

import polars as pl
from stdnum import exceptions as stdnum_exceptions
from stdnum import util as stdnum_util
from stdnum.au import tfn
from stdnum.be import nn, ssn
from stdnum.ca import sin
from stdnum.de import idnr
from stdnum.dk import cpr
from stdnum.es import dni, nie
from stdnum.fr import nir
from stdnum.it import codicefiscale
from stdnum.lv import pvn
from stdnum.nl import bsn
from stdnum.nz import ird
from stdnum.ro import cnp
from stdnum.us import ssn as us_ssn

from clientmig import errors
from clientmig._polars import IntoExprColumn, parse_into_expr, via_distinct, with_stages
from clientmig._text import SPACE_CHARS, mask, remove_invisible, remove_invisible_expr
from clientmig.issues import Severity
from clientmig.validators import Finding, finding_for
from clientmig.validators._stdnum import ERRORS
from clientmig.validators._stdnum import reason as stdnum_reason

NAME = "national_id"

CODES: dict[str, tuple[Severity, str]] = {
    "national_id.format": ("error", "This is not a national number: unexpected characters."),
    "national_id.length": ("error", "This national number has the wrong number of digits."),
    "national_id.checksum": ("error", "The check digits of this national number do not match."),
    "national_id.component": ("error", "A part of this national number (the month) is invalid."),
    "national_id.country_ambiguous": (
        "warning",
        "This number fits the national numbers of several countries; give the country.",
    ),
    "national_id.fixed": ("info", "Excel damage repaired in this national number."),
    "national_id.organisation": (
        "error",
        "This is an organisation's number (VAT or company number), not a person's national number.",
    ),
    "national_id.excel_digits_lost": (
        "error",
        "Excel wrote this national number in scientific notation and dropped digits; "
        "export the column again formatted as text.",
    ),
    "national_id.birth_date_mismatch": (
        "warning",
        "The birth date in this national number differs from the date of birth.",
    ),
    "national_id.sex_mismatch": (
        "warning",
        "The sex in this national number differs from the gender column.",
    ),
}

# Country registry, in the order countries are tried (ISO2 -> stdnum modules).
REGISTRY: dict[str, tuple[ModuleType, ...]] = {
    "BE": (ssn,),
    "NL": (bsn,),
    "FR": (nir,),
    "RO": (cnp,),
    "DK": (cpr,),
    "LV": (pvn,),
    "DE": (idnr,),
    "ES": (dni, nie),
    "IT": (codicefiscale,),
    "US": (us_ssn,),
    "CA": (sin,),
    "AU": (tfn,),
    "NZ": (ird,),
}


# English names of the schemes, for messages ("checked as a Belgian national or BIS number").
SCHEME_NAMES: dict[str, str] = {
    "BE": "a Belgian national or BIS number",
    "NL": "a Dutch BSN",
    "FR": "a French NIR",
    "RO": "a Romanian CNP",
    "DK": "a Danish CPR number",
    "LV": "a Latvian personal code",
    "DE": "a German tax ID (IdNr)",
    "ES": "a Spanish DNI or NIE",
    "IT": "an Italian codice fiscale",
    "US": "a US social security number",
    "CA": "a Canadian SIN",
    "AU": "an Australian tax file number",
    "NZ": "a New Zealand IRD number",
}

# Header words (accents folded, lower case) that name one scheme. "Social security number" and
# "national ID" name none: several countries use those words.
HEADER_SCHEMES: tuple[tuple[str, str], ...] = (
    (
        "BE",
        r"rijksregister|\binsz\b|\bniss\b|\brrn\b|\brr ?nr\b|registre national|"
        r"numero national|nationaal nummer|\bbis\b|bisnummer|numero bis|rijksreg",
    ),
    ("RO", r"\bcnp\b|cod numeric personal"),
    ("LV", r"personas kods|personas identifikators|personal code \(lv\)"),
    ("FR", r"\bnir\b|numero insee|\bnumero de securite sociale francais"),
    ("NL", r"\bbsn\b|burgerservicenummer|sofinummer|sofi nummer"),
    ("DE", r"steuer ?-?id|steueridentifikationsnummer|\bidnr\b"),
    ("DK", r"\bcpr\b"),
    ("ES", r"\bdni\b|\bnie\b"),
    ("IT", r"codice fiscale"),
    ("CA", r"social insurance number|\bsin\b"),
    ("AU", r"tax file number|\btfn\b"),
    ("NZ", r"\bird\b"),
)
_HEADER_SCHEMES_RE = tuple((cc, re.compile(pattern)) for cc, pattern in HEADER_SCHEMES)


def scheme_for_header(header: str | None) -> str | None:
    """The country whose scheme a column header names (``"INSZ"`` -> ``"BE"``), else None.

    A header joined from several source columns (``"BSN + CNP"``) naming different schemes
    names none.
    """
    if not header:
        return None
    text = unicodedata.normalize("NFKD", header)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[_.\-/]+", " ", text)
    found = {cc for cc, pattern in _HEADER_SCHEMES_RE if pattern.search(text)}
    return found.pop() if len(found) == 1 else None


# Python's str.isspace() characters missing from SPACE_CHARS (stdnum strips them too).
_EXTRA_SPACES = "\x1c\x1d\x1e\x1f\x85"
EDGE_CHARS = SPACE_CHARS + _EXTRA_SPACES
_MAX_EXPONENT = 30
_FLOAT_RE = re.compile(r"^([0-9]+)\.0+$")
# Scientific notation with a decimal point or comma (Belgian and Dutch Excel write a comma).
_SCI = r"^([1-9])(?:[.,]([0-9]+))?[eE]\+?([0-9]+)$"
_SCI_RE = re.compile(_SCI)
_DIGITS_RE = re.compile(r"^[0-9]+$")
_COMPACT_ROUNDS = 8


def separator_chars(ascii_separators: str) -> str:
    """Spaces plus every character stdnum cleans into one of ``ascii_separators``."""
    char_map: dict[str, str] = getattr(stdnum_util, "_char_map", {})
    mapped = "".join(k for k, v in char_map.items() if v in ascii_separators)
    return "".join(dict.fromkeys(EDGE_CHARS + ascii_separators + mapped))


def char_class(chars: str) -> tuple[re.Pattern[str], str]:
    """A Python regex and the equal Polars (Rust) regex class matching any of ``chars``."""
    rust = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in chars) + "]"
    return re.compile("[" + re.escape(chars) + "]"), rust


_BE_SEPARATORS_RE, _PL_BE_SEPARATORS = char_class(separator_chars(" -."))


def _country(country: str | None) -> str | None:
    if country is None:
        return None
    code = country.strip().upper()
    if code not in REGISTRY:
        msg = f"no national-number rules for country {country!r}"
        raise ValueError(msg)
    return code


def excel_repair(value: str) -> str:
    """Undo Excel damage: invisible characters, NFKC, leading apostrophe, ``.0``, ``E+``.

    Scientific notation is undone only when it holds every digit (``8.5073003328E+10``);
    ``8.50730E+10`` lost digits and is left as it is, so it is reported, not padded with zeros.
    """
    text = unicodedata.normalize("NFKC", remove_invisible(value))
    text = text.lstrip(EDGE_CHARS + "'").rstrip(EDGE_CHARS)
    if (m := _FLOAT_RE.match(text)) is not None:
        return m.group(1)
    if (m := _SCI_RE.match(text)) is not None:
        lead, fraction, exponent = m.group(1), m.group(2) or "", int(m.group(3))
        if len(fraction) == exponent <= _MAX_EXPONENT:
            return lead + fraction
    return text


def _be_reason(number: str) -> str | None:
    """Belgian NN-or-BIS reason for a compact number (stdnum.be.nn/bis as the oracle)."""
    if _DIGITS_RE.match(number) is None:
        return "format"
    if ssn.is_valid(number):
        return None
    try:
        nn.validate(number)
    except stdnum_exceptions.ValidationError as exc:
        return stdnum_reason(exc)
    return None  # pragma: no cover - nn valid implies ssn valid


def compact(value: str, *, country: str | None = None) -> str:
    """Return the number without separators and Excel damage; idempotent, never raises.

    Belgian (or shape-guessed digit) numbers keep digits only; with ``country="BE"`` a number of
    up to 10 digits is left-padded to 11 when the padded number is valid (Excel drops leading
    zeros of people born in 2000 or later).
    """
    cc = _country(country)
    text = excel_repair(value)
    if cc is None or cc == "BE":
        digits = _BE_SEPARATORS_RE.sub("", text)
        if _DIGITS_RE.match(digits) is not None:
            text = digits
            if cc == "BE" and len(text) < 11 and ssn.is_valid(text.zfill(11)):
                text = text.zfill(11)
        return text
    return _library_compact(value, REGISTRY[cc][0])


def _library_compact(value: str, module: ModuleType) -> str:
    """Repair, then the library's compact, repeated until stable (so compact is idempotent)."""
    text = value
    for _ in range(_COMPACT_ROUNDS):
        try:
            cleaned = str(module.compact(excel_repair(text)))
        except Exception:
            cleaned = excel_repair(text)
        if cleaned == text:
            break
        text = cleaned
    return text


# Schemes whose stdnum module also accepts organisations' numbers: a person's number there must
# match this (Latvia: lv.pvn takes legal entities' VAT numbers, which start with 4-9; a personas
# kods starts with its birth day, 0-3, or with 32 for the new codes).
PERSON_SHAPES: dict[str, re.Pattern[str]] = {"LV": re.compile(r"^[0-3]")}


def _fits(cc: str, number: str) -> bool:
    shape = PERSON_SHAPES.get(cc)
    return shape is None or shape.match(number) is not None


def guess_country(value: str) -> list[str]:
    """Return the registry countries whose validator accepts the number (in registry order)."""
    text = compact(value)
    return [
        cc
        for cc, mods in REGISTRY.items()
        if _fits(cc, text) and any(m.is_valid(text) for m in mods)
    ]


def digits_lost(value: str) -> bool:
    """Scientific notation holding fewer digits than its exponent (``8.5073E+10``)."""
    m = _SCI_RE.match(excel_repair(value))
    return m is not None and len(m.group(2) or "") < int(m.group(3))


def _code(value: str, country: str | None) -> str | None:
    cc = _country(country)
    number = compact(value, country=cc)
    if number == "":
        return None
    if digits_lost(value):
        return f"{NAME}.excel_digits_lost"
    if cc is None:
        fits = guess_country(number)
        if len(fits) > 1:
            return "national_id.country_ambiguous"
        if len(fits) == 1:
            return None
        cc = "BE"
    if cc == "BE":
        reason = _be_reason(number)
    elif not _fits(cc, number):
        return f"{NAME}.organisation"
    else:
        reason = None
        for module in REGISTRY[cc]:
            try:
                module.validate(number)
            except stdnum_exceptions.ValidationError as exc:
                reason = reason or stdnum_reason(exc)
            else:
                return None
    return None if reason is None else f"{NAME}.{reason}"


def check(value: str, *, country: str | None = None) -> Finding | None:
    """Return the most severe finding for one number, or None when it is valid or empty."""
    code = _code(value, country)
    if code is None:
        return None
    suggestion = None
    if code == "national_id.country_ambiguous":
        suggestion = ", ".join(guess_country(value))
    return finding_for(_module(), code, suggestion=suggestion)


def _module() -> ModuleType:
    return sys.modules[__name__]


def validate(value: str, *, country: str | None = None) -> str:
    """Return the compact number, or raise an ``InvalidValue`` subclass (errors only)."""
    found = check(value, country=country)
    if found is not None and found.severity == "error":
        reason = found.code.split(".", 1)[1]
        masked = mask(compact(value, country=country))
        error = ERRORS.get(reason, errors.InvalidFormat)  # excel_digits_lost: a format
        raise error(f"{found.message} ({masked})", code=found.code)
    return compact(value, country=country)


def is_valid(value: object, *, country: str | None = None) -> bool:
    """Return whether ``value`` is a valid national number; never raises."""
    if not isinstance(value, str):
        return False
    try:
        return compact(value, country=country) != "" and check(value, country=country) is None
    except ValueError:
        return False


def _plain(value: str) -> str:
    """The value with only ASCII separators removed, upper-cased (what needs no repair)."""
    return value.replace(" ", "").replace("-", "").replace(".", "").upper()


def is_fixed(value: str, *, country: str | None = None) -> bool:
    """Return whether compacting repaired Excel damage in a valid (or ambiguous) number."""
    number = compact(value, country=country)
    if number == "" or number == _plain(value):
        return False
    found = check(value, country=country)
    return found is None or found.code == f"{NAME}.country_ambiguous"


def format(value: str, *, country: str | None = None) -> str:
    """Return the national display form (BE ``85.07.30-033.28``; else stdnum's, if any).

    Without ``country``, a number Belgium's rules accept is shown the Belgian way even where
    another scheme accepts it too (about one in sixty also passes the Italian or German
    check); another number takes the form of the one scheme that accepts it.

    >>> format("85073003328"), format("85.07.30-033.28", country="BE")
    ('85.07.30-033.28', '85.07.30-033.28')
    """
    cc = _country(country)
    number = compact(value, country=cc)
    if cc is None:
        fits = guess_country(number)
        cc = fits[0] if len(fits) == 1 or fits[:1] == ["BE"] else None
    if cc == "BE" and len(number) == 11 and number.isdigit():
        return str(nn.format(number))
    if cc is not None:
        formatter = getattr(REGISTRY[cc][0], "format", None)
        if formatter is not None:
            try:
                return str(formatter(number))
            except Exception:
                return number
    return number


# ---------------------------------------------------------------- vectorised twins


def excel_repair_stages(column: str) -> list[dict[str, pl.Expr]]:
    """Stages (each refers to earlier columns by name) that add ``repaired`` to a frame.

    Building Polars expressions by nesting repeats subtrees exponentially; named stages keep
    every step computed once.
    """
    edge = "".join(dict.fromkeys(EDGE_CHARS))
    text = pl.col("_text")
    lead, fraction = pl.col("_sci").struct[0], pl.col("_sci").struct[1].fill_null("")
    exponent = pl.col("_sci").struct[2].cast(pl.Int64, strict=False)
    return [
        {
            "_text": remove_invisible_expr(pl.col(column))
            .str.normalize("NFKC")
            .str.strip_chars_start(edge + "'")
            .str.strip_chars_end(edge)
        },
        {"_sci": text.str.extract_groups(_SCI)},
        {
            "repaired": pl.when(text.str.contains(r"^[0-9]+\.0+$"))
            .then(text.str.replace(r"\.0+$", ""))
            .when(
                lead.is_not_null()
                & (exponent == fraction.str.len_chars())
                & (exponent <= _MAX_EXPONENT)
            )
            .then(pl.concat_str(lead, fraction))
            .otherwise(text)
        },
    ]


def run_stages(values: pl.Series, stages: list[dict[str, pl.Expr]], output: str) -> pl.Series:
    """Evaluate named stages over one Series and return the ``output`` column."""
    frame = with_stages(values.rename("value").to_frame().lazy(), stages)
    return frame.select(output).collect()[output].rename(values.name)


def staged_expr(
    column: IntoExprColumn, stages: list[dict[str, pl.Expr]], output: str, dtype: pl.DataType
) -> pl.Expr:
    """An elementwise expression running Polars ``stages`` on each batch (vectorised)."""
    return parse_into_expr(column).map_batches(
        lambda s: run_stages(s, stages, output), return_dtype=dtype, is_elementwise=True
    )


def be_checksum_ok_expr(column: IntoExprColumn) -> pl.Expr:
    """Whether each compact value (digits only) is a valid Belgian national or BIS number."""
    number = parse_into_expr(column)
    return (number.str.len_chars() > 0) & _be_code(number).is_null()


def _be_code(number: pl.Expr) -> pl.Expr:
    """Belgian NN/BIS code of a compact number in pure Polars (agrees with stdnum.be.ssn)."""
    body = number.str.slice(0, 9).cast(pl.Int64, strict=False)
    check_digits = number.str.slice(9, 2).cast(pl.Int64, strict=False)
    yy = number.str.slice(0, 2).cast(pl.Int64, strict=False)
    mm = number.str.slice(2, 2).cast(pl.Int64, strict=False)
    sum_1900 = (97 - body % 97) == check_digits
    this_year = datetime.date.today().year
    sum_2000 = ((yy + 2000) <= this_year) & ((97 - (body + 2_000_000_000) % 97) == check_digits)
    month_ok = mm.is_between(0, 12) | mm.is_between(20, 32) | mm.is_between(40, 52)
    return (
        pl.when(number.is_null() | (number == ""))
        .then(pl.lit(None, pl.String))
        .when(~number.str.contains(r"^[0-9]+$") | ~number.str.contains(r"[1-9]"))
        .then(pl.lit(f"{NAME}.format"))
        .when(number.str.len_chars() != 11)
        .then(pl.lit(f"{NAME}.length"))
        .when(~(sum_1900 | sum_2000))
        .then(pl.lit(f"{NAME}.checksum"))
        .when(~month_ok)
        .then(pl.lit(f"{NAME}.component"))
        .otherwise(pl.lit(None, pl.String))
    )


def _be_stages(*, pad: bool) -> list[dict[str, pl.Expr]]:
    """Stages adding ``number`` (compact), ``code`` and ``fixed`` for Belgian numbers."""
    repaired = pl.col("repaired")
    digits = repaired.str.replace_all(_PL_BE_SEPARATORS, "")
    stages = [
        *excel_repair_stages("value"),
        {"number": pl.when(digits.str.contains(r"^[0-9]+$")).then(digits).otherwise(repaired)},
    ]
    if pad:
        short = pl.col("number").str.contains(r"^[0-9]{1,10}$")
        stages += [
            {"_padded": pl.col("number").str.zfill(11)},
            {"_pad_code": _be_code(pl.col("_padded"))},
            {
                "number": pl.when(short & pl.col("_pad_code").is_null())
                .then(pl.col("_padded"))
                .otherwise(pl.col("number"))
            },
        ]
    plain = pl.col("value").str.replace_all(r"[ .\-]", "").str.to_uppercase()
    number = pl.col("number")
    sci = pl.col("repaired").str.extract_groups(_SCI)
    lost = sci.struct[1].fill_null("").str.len_chars() < sci.struct[2].cast(pl.Int64, strict=False)
    stages += [
        {
            "code": pl.when(lost.fill_null(False) & (number != ""))
            .then(pl.lit(f"{NAME}.excel_digits_lost"))
            .otherwise(_be_code(number))
        },
        {"fixed": (number != "") & (number != plain) & pl.col("code").is_null()},
        {"valid": pl.col("code").is_null() & number.str.contains(r"^[0-9]{11}$")},
    ]
    return stages


def _be_expr(column: IntoExprColumn, output: str, dtype: pl.DataType) -> pl.Expr:
    return staged_expr(column, _be_stages(pad=True), output, dtype)


def compact_expr(column: IntoExprColumn, *, country: str | None = None) -> pl.Expr:
    """Vectorised :func:`compact`; null in, null out."""
    cc = _country(country)
    if cc is None:
        return staged_expr(column, _be_stages(pad=False), "number", pl.String())
    if cc == "BE":
        return _be_expr(column, "number", pl.String())
    return via_distinct(parse_into_expr(column), lambda v: compact(v, country=cc), pl.String)


def issue_expr(column: IntoExprColumn, *, country: str | None = None) -> pl.Expr:
    """Vectorised ``check(value).code``: pure Polars for Belgium, stdnum on distinct values else."""
    cc = _country(country)
    if cc == "BE":
        return _be_expr(column, "code", pl.String())
    return via_distinct(parse_into_expr(column), lambda v: _code(v, cc), pl.String)


def fixed_expr(column: IntoExprColumn, *, country: str | None = None) -> pl.Expr:
    """Vectorised :func:`is_fixed`: pure Polars for Belgium, the scalar on distinct values else."""
    cc = _country(country)
    if cc == "BE":
        return _be_expr(column, "fixed", pl.Boolean())
    return via_distinct(parse_into_expr(column), lambda v: is_fixed(v, country=cc), pl.Boolean)


_JUDGED = pl.Struct({"compact": pl.String, "code": pl.String, "fixed": pl.Boolean})


def judge_expr(column: IntoExprColumn, *, country: str | None = None) -> pl.Expr:
    """:func:`compact_expr`, :func:`issue_expr` and :func:`fixed_expr` in one pass: a struct of
    ``compact``, ``code`` and ``fixed`` (Belgian numbers are repaired and checked once)."""
    if _country(country) == "BE":
        judged = pl.struct(compact="number", code="code", fixed="fixed")
        return staged_expr(column, [*_be_stages(pad=True), {"judged": judged}], "judged", _JUDGED)
    return pl.struct(
        compact=compact_expr(column, country=country),
        code=issue_expr(column, country=country),
        fixed=fixed_expr(column, country=country),
    )


def _birth_stages() -> list[dict[str, pl.Expr]]:
    number = pl.col("number")
    body = number.str.slice(0, 9).cast(pl.Int64, strict=False)
    check_digits = number.str.slice(9, 2).cast(pl.Int64, strict=False)
    century = pl.when((97 - body % 97) == check_digits).then(1900).otherwise(2000)
    year = number.str.slice(0, 2).cast(pl.Int32, strict=False) + century
    mm = number.str.slice(2, 2).cast(pl.Int32, strict=False)
    day = number.str.slice(4, 2).cast(pl.Int32, strict=False)
    counter = number.str.slice(6, 3).cast(pl.Int32, strict=False)
    valid = pl.col("valid")
    return [
        *_be_stages(pad=True),
        {"_month": mm % 20, "_day": day},
        {
            "_first": pl.date(year, pl.col("_month").clip(1, 12), 1),
            "_known": valid & pl.col("_month").is_between(1, 12) & day.is_between(1, 31),
        },
        {"_date": pl.col("_first") + pl.duration(days=pl.col("_day").clip(1, 31) - 1)},
        {
            "birth_date": pl.when(
                pl.col("_known") & (pl.col("_date").dt.month() == pl.col("_month"))
            ).then(pl.col("_date"))
        },
        {
            "sex": pl.when(valid & ~mm.is_between(20, 32))
            .then(pl.when(counter % 2 == 1).then(pl.lit("M")).otherwise(pl.lit("F")))
            .otherwise(pl.lit(None, pl.String))
        },
    ]


def birth_date_expr(column: IntoExprColumn) -> pl.Expr:
    """Birth date encoded in a valid Belgian number (``pl.Date``); null when unknown or invalid."""
    return staged_expr(column, _birth_stages(), "birth_date", pl.Date())


def sex_expr(column: IntoExprColumn) -> pl.Expr:
    """Sex encoded in a valid Belgian number: ``"M"`` (odd counter), ``"F"``; null for BIS+20."""
    return staged_expr(column, _birth_stages(), "sex", pl.String())


# Gender-column words (EN/NL/FR/DE) and letters, lower-cased, to the sex a number encodes.
_SEX_WORDS: dict[str, str] = {
    **dict.fromkeys(("m", "h", "male", "man", "homme", "masculin", "mannelijk", "männlich"), "M"),
    **dict.fromkeys(
        ("f", "v", "w", "female", "woman", "vrouw", "femme", "féminin", "vrouwelijk", "weiblich"),
        "F",
    ),
}


def _given_date(frame: pl.DataFrame, column: str) -> pl.Expr:
    dtype = frame.schema[column]
    if dtype == pl.Date:
        return pl.col(column)
    if isinstance(dtype, pl.Datetime):
        return pl.col(column).dt.date()
    return pl.col(column).cast(pl.String).str.strip_chars().str.to_date("%Y-%m-%d", strict=False)


def birth_issues(
    frame: pl.DataFrame,
    id_column: str,
    *,
    birth_date: str | None = None,
    sex: str | None = None,
) -> pl.DataFrame:
    """Return ``row_index, code`` rows where the number disagrees with the birth date or sex.

    ``birth_date`` is a ``pl.Date``/``pl.Datetime`` or ISO ``YYYY-MM-DD`` column; ``sex`` holds
    M/F/V/W/H or the words (male, vrouw, femme, ...). Only valid Belgian numbers with a known
    date or sex are compared.
    """
    checks: list[pl.Expr] = []
    if birth_date is not None:
        given = _given_date(frame, birth_date)
        encoded = birth_date_expr(id_column)
        bad = encoded.is_not_null() & given.is_not_null() & (encoded != given)
        checks.append(pl.when(bad).then(pl.lit(f"{NAME}.birth_date_mismatch")))
    if sex is not None:
        word = pl.col(sex).cast(pl.String).str.strip_chars().str.to_lowercase()
        given_sex = word.replace_strict(_SEX_WORDS, default=None, return_dtype=pl.String)
        encoded_sex = sex_expr(id_column)
        bad = encoded_sex.is_not_null() & given_sex.is_not_null() & (encoded_sex != given_sex)
        checks.append(pl.when(bad).then(pl.lit(f"{NAME}.sex_mismatch")))
    schema = {"row_index": pl.UInt32, "code": pl.String}
    if not checks:
        return pl.DataFrame(schema=schema)
    return (
        frame.with_row_index("row_index")
        .select("row_index", pl.concat_list(checks).alias("code"))
        .explode("code")
        .drop_nulls("code")
        .cast(schema)  # type: ignore[arg-type]
    )


def format_expr(column: IntoExprColumn, *, country: str | None = None) -> pl.Expr:
    """Vectorised :func:`format`: a valid Belgian number is laid out in Polars, anything else
    goes to :func:`format` once per distinct value."""
    cc = _country(country)
    if cc not in (None, "BE"):
        return via_distinct(parse_into_expr(column), lambda v: format(v, country=cc), pl.String)
    number = pl.col("number")
    shown = pl.concat_str(
        number.str.slice(0, 2), pl.lit("."), number.str.slice(2, 2), pl.lit("."),
        number.str.slice(4, 2), pl.lit("-"), number.str.slice(6, 3), pl.lit("."),
        number.str.slice(9, 2),
    )  # fmt: skip
    slow = via_distinct(
        pl.when(~pl.col("valid")).then(pl.col("value")),
        lambda v: format(v, country=cc),
        pl.String,
    )
    stages = [*_be_stages(pad=cc == "BE"), {"shown": pl.when("valid").then(shown).otherwise(slow)}]
    return staged_expr(column, stages, "shown", pl.String())
