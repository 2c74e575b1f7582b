"""The country a whole file shows, for the rows that say nothing of their own.

A French or German address book exported without a country column (Outlook leaves
``Pays/Région`` empty for most contacts) is not Belgian because Belgium is the default: its
phone numbers (``06 12 34 56 78``), postcodes (``75008``) and e-mail domains (``.fr``) say
where it is. Per file, among the rows that say nothing themselves (:mod:`.row_country`), the
distinct phone numbers are checked under each neighbouring country, the postcodes matched to
each country's shape and the country domains counted; a file whose evidence is clearly another
country's than the default is read as that country's, and says so in a note. A file that fits
the default, or two countries alike, or has too little to show, keeps the default.
"""

from __future__ import annotations

from collections.abc import Mapping

import phonenumbers
import polars as pl

from clientmig.issues import Severity
from clientmig.lineage import SOURCE

NAME = "country"
CODES: dict[str, tuple[Severity, str]] = {
    "country.from_file": (
        "info",
        "No row of this file says its country, and its phone numbers and postcodes are those "
        "of the country in this line's value: they are read as that country's, not the "
        "default's.",
    ),
}

CANDIDATES = ("BE", "NL", "FR", "DE", "LU")
# Each country's own postcode shape (a Dutch postcode has letters; FR and DE share five digits).
_POSTCODES: Mapping[str, str] = {
    "BE": r"^[1-9][0-9]{3}$",
    "LU": r"^[0-9]{4}$",
    "NL": r"^[1-9][0-9]{3} ?[A-Z]{2}$",
    "FR": r"^[0-9]{5}$",
    "DE": r"^[0-9]{5}$",
}
_PHONE = r"^(?:\+|00)?[0-9][0-9 ./()\-]{6,}$"  # a number alone in its cell
_SAMPLE = 400  # distinct values per file weighed (sorted, so the choice is the same each run)
_ENOUGH = 5  # fewer distinct values than this show nothing
_CLEAR, _FITS_DEFAULT, _MARGIN, _PHONE_MARGIN = 0.8, 0.5, 0.25, 0.05


def _valid_in(number: str, cc: str) -> bool:
    try:
        parsed = phonenumbers.parse(number, cc)
    except phonenumbers.NumberParseException:
        return False
    if number.startswith("+"):  # an international number is its own country's
        return phonenumbers.region_code_for_number(parsed) == cc
    return bool(phonenumbers.is_valid_number(parsed))


def _phone_shares(phones: pl.Series) -> dict[str, float] | None:
    """Share of the distinct phone numbers (national, or international as cleaning writes
    them) that each candidate country's rules accept."""
    numbers = (
        phones.str.replace(r"^00", "+").str.replace_all(r"[^0-9+]", "").unique().sort()
    ).head(_SAMPLE)
    if numbers.len() < _ENOUGH:
        return None
    values = numbers.to_list()
    return {cc: sum(_valid_in(v, cc) for v in values) / len(values) for cc in CANDIDATES}


def _postcode_shares(postcodes: pl.Series) -> dict[str, float] | None:
    """Share of the distinct postcodes in each candidate country's shape."""
    distinct = postcodes.unique().sort().head(_SAMPLE)
    if distinct.len() < _ENOUGH:
        return None
    frame = distinct.to_frame("p")
    return {
        cc: float(frame.select(pl.col("p").str.contains(shape).mean()).item())
        for cc, shape in _POSTCODES.items()
    }


def _mail_shares(emails: pl.Series) -> dict[str, float] | None:
    """Share of the distinct country-domain addresses (``.fr``, ``.de``; not ``.com``) under
    each candidate country's domain."""
    tlds = emails.str.to_lowercase().str.extract(r"@[^@\s]+\.([a-z]{2})$", 1).drop_nulls()
    tlds = tlds.filter(tlds.is_in([c.lower() for c in CANDIDATES]))
    if tlds.len() < _ENOUGH:
        return None
    return {cc: int((tlds == cc.lower()).sum()) / tlds.len() for cc in CANDIDATES}


def _decide(default: str, evidence: list[dict[str, float]], phones: dict[str, float]) -> str | None:
    """The country the evidence clearly shows, if it is not the default. Where two countries
    show alike (French numbers are valid German ones, and both have five-digit postcodes), the
    one more of the phone numbers fit decides, or none."""
    if not evidence:
        return None
    score = {cc: sum(e[cc] for e in evidence) / len(evidence) for cc in CANDIDATES}
    if score.get(default, 0.0) >= _FITS_DEFAULT:
        return None
    clear = sorted((cc for cc in CANDIDATES if score[cc] >= _CLEAR), key=lambda c: -score[c])
    if len(clear) == 1 or (len(clear) > 1 and score[clear[0]] - score[clear[1]] >= _MARGIN):
        return clear[0]
    if len(clear) > 1 and phones:
        first, second = sorted(clear, key=lambda c: -phones[c])[:2]
        if phones[first] - phones[second] >= _PHONE_MARGIN:
            return first
    return None


def file_countries(
    frame: pl.DataFrame, said: pl.Series, default: str, phones: list[str]
) -> dict[str, str]:
    """``{source: country}`` for each file whose rows that say nothing clearly show another
    country than ``default`` (``phones``: the phone columns of ``frame``)."""
    if SOURCE not in frame.columns or (not phones and "postcode" not in frame.columns):
        return {}
    quiet = frame.filter(said.is_null())
    found: dict[str, str] = {}
    for (source,), rows in quiet.group_by(SOURCE, maintain_order=True):
        evidence, phone_shares = [], {}
        if phones:
            values = pl.concat([rows[c].cast(pl.String) for c in phones]).str.strip_chars()
            phone_shares = _phone_shares(values.filter(values.str.contains(_PHONE))) or {}
            if phone_shares:
                evidence.append(phone_shares)
        if "postcode" in rows.columns:
            codes = rows["postcode"].cast(pl.String).str.strip_chars().str.to_uppercase()
            shares = _postcode_shares(codes.filter(codes.is_not_null() & (codes != "")))
            if shares is not None:
                evidence.append(shares)
        if "email" in rows.columns:
            shares = _mail_shares(rows["email"].cast(pl.String).drop_nulls().unique())
            if shares is not None:
                evidence.append(shares)
        country = _decide(default.upper(), evidence, phone_shares)
        if country is not None and source is not None:
            found[str(source)] = country
    return found
