"""Cells of report-style exports (QuickBooks) that hold more than one field, taken apart.

* ``Phone:(410) 415-7406 Mobile:(410) 555-1234``: each labelled number goes to its own field
  (office phone, mobile, fax, home); a label the target has no field for stays in the cell, so
  the phone check reports it rather than it being dropped.
* ``Acme BV:Jan Peeters`` (QuickBooks' sub-customer): the customer is ``Jan Peeters`` and
  belongs to ``Acme BV``.
* A customer (the account) that is not its contact person is a company: its name becomes the
  organisation name, and the contact person belongs to it; a customer that is the contact
  person (``Claes, Marieke`` / ``Marieke Claes``) is that person.

Everything is one vectorised pass over the canonical frame (no per-row Python).

>>> frame = pl.DataFrame({"phone": ["Phone:03 123 45 67 Mobile:0475 12 34 56"]})
>>> split_cells(frame, {"phone", "phone_mobile"}).row(0, named=True)
{'phone': '03 123 45 67', 'phone_mobile': '0475 12 34 56'}
"""

from __future__ import annotations

from collections.abc import Collection

import polars as pl

from clientmig._polars import expr_via_distinct
from clientmig.validators import get

# Label words -> field, in the order a cell is taken apart.
_LABELS: tuple[tuple[str, str], ...] = (
    ("phone_mobile", r"mobile|mobiel|cell|gsm|portable|handy|mob"),
    ("phone_fax", r"fax|telecopie"),
    ("phone_home", r"home|thuis|domicile|privat"),
    ("phone", r"phone|tel|telephone|telefoon|telefon|work|office|main|bureau|werk"),
)
_NUMBER = r"([+(]?\d[\d\s()./-]*\d)"
_ANY_LABEL = "|".join(words for _, words in _LABELS)
_LABELLED = rf"(?i)(?:^|[\s,;/])(?:{_ANY_LABEL})\s*:"
_PHONE_FIELDS = ("phone", "phone_office", "phone_mobile", "phone_home", "phone_fax")
# "Parent:Child" (QuickBooks sub-customer); not a URL, a time or a "Label: value" phone.
_SUB_CUSTOMER = r"^[^:/\d][^:/]*:[^:/]*[^\s:/][^:/]*$"


# Google writes several values of one field into one cell joined by " ::: ": the first stays,
# the others go to the field that takes more of the kind.
_GOOGLE_SEP = r"\s*:::\s*"
_MORE = {"email": "email_additional", "phone": "phone_office"}


def split_cells(
    frame: pl.DataFrame, allowed: Collection[str], exported: Collection[str] | None = None
) -> pl.DataFrame:
    """Take Google's ``:::`` cells, labelled phone cells, sub-customers and company customers
    apart (see module). ``allowed``: the fields the target's mapping takes (names that feed
    others included); ``exported``: the fields its files hold (default ``allowed``), the only
    ones an extra e-mail or phone may go to, so none ends in a column no file writes."""
    written = allowed if exported is None else exported
    frame = _split_google(frame, written)
    frame = _split_phones(frame, written)
    frame = _two_numbers(frame)
    frame = _postcode_with_city(frame, allowed)
    if "account_name" in frame.columns:
        frame = _split_accounts(frame, allowed)
    return frame


# A postcode cell that holds its city too: "1000 Brussel", "B-1000 Bruxelles", "75008 Paris".
_POSTCODE_CITY = r"^\s*((?:[A-Za-z]{1,2}\s?-\s?)?[0-9]{4,5})\s+([^0-9\s][^0-9]*?)\s*$"


def _postcode_with_city(frame: pl.DataFrame, allowed: Collection[str]) -> pl.DataFrame:
    """A postcode cell holding its city keeps the postcode; the city goes to the city column
    where that is empty (or already says it). A different city there keeps the cell whole, for
    the postcode check to report."""
    if "postcode" not in frame.columns or ("city" not in frame.columns and "city" not in allowed):
        return frame
    parts = pl.col("postcode").cast(pl.String).str.extract_groups(_POSTCODE_CITY)
    code, town = parts.struct.field("1"), parts.struct.field("2")
    city = pl.col("city").cast(pl.String) if "city" in frame.columns else pl.lit(None, pl.String)
    empty = city.is_null() | (city.str.strip_chars() == "")
    same = city.str.to_lowercase().str.strip_chars() == town.str.to_lowercase()
    split = (code.is_not_null() & (empty | same)).fill_null(value=False)
    if not frame.select(split.any()).item():
        return frame
    return frame.with_columns(
        pl.when(split).then(code).otherwise(pl.col("postcode")).alias("postcode"),
        pl.when(split & empty).then(town).otherwise(city).alias("city"),
    )


# A box written alone ("3", "b5", "bus 12", "bte 4") after a house number of its own column.
_BOX_ALONE = r"(?i)^(?:(bus|bte|boite|boîte|box|b)\.?\s*)?(\d{1,4}\s?[a-z]?)$"
_BOX_WORDS = {"boite": "bte", "boîte": "bte", "bte": "bte", "box": "box"}


def join_house_number(frame: pl.DataFrame, *, box_header: str | None = None) -> pl.DataFrame:
    """A Belgian address in columns (``Straat``, ``Huisnummer``, ``Bus``) as one street:
    ``Kerkstraat 12 bus 3``. The number joins its street (unless the street already ends with
    it) and a box written alone joins them, in the word of its own header (``Boîte`` -> ``bte``,
    else ``bus``); without a house number column nothing changes.

    >>> f = pl.DataFrame({"street": ["Kerkstraat"], "house_number": ["12"], "street2": ["3"]})
    >>> join_house_number(f, box_header="Bus").to_dicts()
    [{'street': 'Kerkstraat 12 bus 3', 'street2': None}]
    """
    if "house_number" not in frame.columns:
        return frame
    number = pl.col("house_number").str.strip_chars()
    number = pl.when(number != "").then(number)
    street = pl.col("street").str.strip_chars() if "street" in frame.columns else pl.lit(None)
    written = street.str.ends_with(number).fill_null(value=False)
    both = pl.concat_str([street, number], separator=" ", ignore_nulls=True)
    joined = pl.when(written | number.is_null()).then(street).otherwise(both)
    out = frame.with_columns(joined.cast(pl.String).alias("street"))
    if "street2" in frame.columns:
        word = _BOX_WORDS.get((box_header or "").strip().lower().rstrip("."), "bus")
        box = pl.col("street2").str.strip_chars().str.extract_groups(_BOX_ALONE)
        alone = box.struct.field("2").is_not_null() & number.is_not_null()
        as_written = pl.col("street2").str.strip_chars()
        said = pl.when(box.struct.field("1").is_null()).then(
            pl.concat_str([pl.lit(word), box.struct.field("2")], separator=" ")
        )
        with_box = pl.concat_str([pl.col("street"), pl.coalesce(said, as_written)], separator=" ")
        out = out.with_columns(
            pl.when(alone).then(with_box).otherwise(pl.col("street")).alias("street"),
            pl.when(alone).then(None).otherwise(pl.col("street2")).alias("street2"),
        )
    return out.drop("house_number")


def _split_google(frame: pl.DataFrame, allowed: Collection[str]) -> pl.DataFrame:
    """``a ::: b`` in a single-valued e-mail or phone: ``a`` stays, ``b`` goes to the additional
    e-mails (the e-mail check moves and reports them), the office phone when free, else the
    notes. With nowhere to go the cell is left whole, and the checks report every value."""
    for source, more in _MORE.items():
        if source not in frame.columns or (more not in allowed and "notes" not in allowed):
            continue
        cell = pl.col(source)
        multi = cell.str.contains(_GOOGLE_SEP).fill_null(value=False)
        if not frame.select(multi.any()).item():
            continue
        if more == "email_additional" and more in allowed:
            # The e-mail check splits the cell itself, reports it (email.multiple) and moves
            # the others to the additional e-mails: give it the column to move them to.
            if more not in frame.columns:
                frame = frame.with_columns(pl.lit(None, pl.String).alias(more))
            continue
        first = cell.str.replace(rf"{_GOOGLE_SEP}.*$", "")
        rest = cell.str.replace(rf"^.*?{_GOOGLE_SEP}", "").str.replace_all(_GOOGLE_SEP, "; ")
        multiple = more in allowed and (more == "email_additional")
        target = more if more in allowed else "notes"
        current = pl.col(target) if target in frame.columns else pl.lit(None, pl.String)
        if target == more and not multiple:
            # a single-valued overflow (office phone): only where it is still empty
            target_value = pl.when(multi & current.is_null()).then(rest).otherwise(current)
            spill: pl.Expr = pl.when(multi & current.is_not_null()).then(rest)
        else:
            joined = pl.concat_str([current, rest], separator="; ", ignore_nulls=True)
            target_value = pl.when(multi).then(joined).otherwise(current)
            spill = pl.lit(None, pl.String)
        updates = {source: pl.when(multi).then(first).otherwise(cell), target: target_value}
        if "notes" in allowed and target != "notes":
            notes = pl.col("notes") if "notes" in frame.columns else pl.lit(None, pl.String)
            noted = pl.concat_str([notes, spill], separator="; ", ignore_nulls=True)
            updates["notes"] = pl.when(noted != "").then(noted)
        elif target != "notes":
            # no notes: a phone that finds no room stays in its cell, reported by the check
            updates[source] = (
                pl.when(multi & spill.is_not_null()).then(cell).otherwise(updates[source])
            )
        frame = frame.with_columns(expr.alias(name) for name, expr in updates.items())
    return frame


# Two numbers in one phone cell: "0475 12 34 56 / 0476 98 76 54", "... of ...", "...; ...".
_ONE = r"(\+?\(?[0-9][0-9 ().-]*[0-9])"
_TWO = rf"^\s*{_ONE}\s*(?:\s/\s|;|,|\s(?:of|ou|oder|or|en|et|und|and|&)\s)\s*{_ONE}\s*$"
_MIN_DIGITS = 9  # each part a whole number, not "0475 / 12 34 56" written with a spaced slash
ADDITIONAL_PHONE = "phone_additional"
# Fields a split fills from other fields' cells: issues about them name those cells' headers.
FILLED_FROM: dict[str, tuple[str, ...]] = {ADDITIONAL_PHONE: _PHONE_FIELDS}


def _two_numbers(frame: pl.DataFrame) -> pl.DataFrame:
    """A phone cell holding two whole numbers keeps the first; the second goes to the
    additional phones, which a platform without them reports (``export.not_carried``) rather
    than losing both numbers to one invalid cell."""
    for source in [c for c in _PHONE_FIELDS if c in frame.columns]:
        parts = pl.col(source).str.extract_groups(_TWO)
        first, second = parts.struct.field("1"), parts.struct.field("2")
        whole = (first.str.count_matches(r"[0-9]") >= _MIN_DIGITS) & (
            second.str.count_matches(r"[0-9]") >= _MIN_DIGITS
        )
        two = whole.fill_null(value=False)
        if not frame.select(two.any()).item():
            continue
        more = pl.col(ADDITIONAL_PHONE) if ADDITIONAL_PHONE in frame.columns else pl.lit(None)
        joined = pl.concat_str([more, second], separator="; ", ignore_nulls=True)
        frame = frame.with_columns(
            pl.when(two).then(first).otherwise(pl.col(source)).alias(source),
            pl.when(two).then(joined).otherwise(more).cast(pl.String).alias(ADDITIONAL_PHONE),
        )
    return frame


def _split_phones(frame: pl.DataFrame, allowed: Collection[str]) -> pl.DataFrame:
    for source in [c for c in _PHONE_FIELDS if c in frame.columns]:
        cell = pl.col(source)
        labelled = cell.str.contains(_LABELLED).fill_null(value=False)
        if not frame.select(labelled.any()).item():
            continue  # the common case: one scan, nothing to take apart
        tagged = frame.filter(labelled).get_column(source)
        present = {
            name: bool(tagged.str.contains(rf"(?i)(?:^|[\s,;/])(?:{words})\s*:").any())
            for name, words in _LABELS
        }
        rest = cell
        updates: dict[str, pl.Expr] = {}
        skipped = False
        for name, words in _LABELS:
            if not present[name] or (name != source and name not in allowed):
                skipped = skipped or present[name]
                continue  # no such label, or no field for it: the number stays in the cell
            pattern = rf"(?i)(?:^|[\s,;/])(?:{words})\s*:\s*{_NUMBER}"
            found = cell.str.extract(pattern, 1)
            rest = rest.str.replace(pattern, "")
            current = pl.col(name) if name in frame.columns else pl.lit(None, pl.String)
            if name == source:
                updates[name] = found
            else:
                filled = pl.coalesce(current, found)
                updates[name] = pl.when(labelled).then(filled).otherwise(current)
        left = rest.str.strip_chars(" ,;/")
        leftover: pl.Expr = pl.when(labelled & (left != "")).then(left)
        own = updates.get(source, pl.lit(None, pl.String))
        if skipped and "notes" in allowed:
            # A labelled number the target has no field for is kept in the notes.
            notes = pl.col("notes") if "notes" in frame.columns else pl.lit(None, pl.String)
            noted = pl.concat_str([notes, leftover], separator="; ", ignore_nulls=True)
            updates["notes"] = pl.when(noted != "").then(noted)
            leftover = pl.lit(None, pl.String)
        joined = pl.concat_str([own, leftover], separator=" ", ignore_nulls=True)
        updates[source] = pl.when(labelled).then(pl.when(joined != "").then(joined)).otherwise(cell)
        frame = frame.with_columns(expr.alias(name) for name, expr in updates.items())
    return frame


def _split_accounts(frame: pl.DataFrame, allowed: Collection[str]) -> pl.DataFrame:
    """``Parent:Child``: the child belongs to the parent. A target with no belongs-to (TaxDome,
    one contact per row) keeps the parent as the account and the child as its contact."""
    account = pl.col("account_name").str.strip_chars()
    sub = (account.str.contains(_SUB_CUSTOMER) & ~account.str.contains(r"\d:\d")).fill_null(
        value=False
    )
    parent = account.str.replace(r"\s*:[^:]*$", "").str.strip_chars()
    child = account.str.replace(r"^.*:\s*", "").str.strip_chars()
    cols = frame.columns
    full = pl.col("full_name") if "full_name" in cols else pl.lit(None, pl.String)
    updates: dict[str, pl.Expr] = {}
    if "belongs_to" in allowed:
        current = pl.col("belongs_to") if "belongs_to" in cols else pl.lit(None, pl.String)
        updates["account_name"] = pl.when(sub).then(child).otherwise(account)
        updates["belongs_to"] = pl.when(sub).then(pl.coalesce(current, parent)).otherwise(current)
    elif "full_name" in allowed:
        updates["account_name"] = pl.when(sub).then(parent).otherwise(account)
        updates["full_name"] = pl.when(sub).then(pl.coalesce(full, child)).otherwise(full)
    if not updates or not frame.select(sub.any()).item():
        return _company_customers(frame, allowed)
    frame = frame.with_columns(expr.alias(name) for name, expr in updates.items())
    return _company_customers(frame, allowed, sub_customer=sub)


def _folded(expr: pl.Expr) -> pl.Expr:
    """Lower case, punctuation and spacing ignored."""
    return expr.str.to_lowercase().str.replace_all(r"[^\p{L}\p{N}]+", " ").str.strip_chars()


def _company_customers(
    frame: pl.DataFrame, allowed: Collection[str], *, sub_customer: pl.Expr | None = None
) -> pl.DataFrame:
    """Plain string comparisons over the rows; the legal-form check only on the distinct
    customers that have no contact person to compare with."""
    cols = frame.columns
    names = [c for c in ("first_name", "middle_name", "last_name") if c in cols]
    person = pl.col("full_name") if "full_name" in cols else pl.lit(None, pl.String)
    if names:
        parts = pl.concat_str([pl.col(c) for c in names], separator=" ", ignore_nulls=True)
        person = pl.coalesce(person, parts)
    person = pl.when(person.str.strip_chars() != "").then(person)
    account = pl.col("account_name")
    # "Claes, Marieke" is "Marieke Claes": the same words, or "Last, First" turned round.
    swapped = account.str.replace(r"^\s*(.*?)\s*,\s*(.*?)\s*$", "$2 $1")
    same = (_folded(account) == _folded(person)) | (_folded(swapped) == _folded(person))
    lonely = pl.when(person.is_null()).then(account)
    legal_form = get("organization_name").legal_form_expr
    legal = expr_via_distinct(lonely, legal_form, pl.String).is_not_null()
    sub = pl.lit(value=False)
    if sub_customer is not None and "belongs_to" not in allowed:
        sub = sub_customer  # the parent kept as the account is the company
    company = account.is_not_null() & (pl.when(person.is_null()).then(legal).otherwise(~same) | sub)
    updates: dict[str, pl.Expr] = {}
    if "organization_name" in allowed:
        org = pl.col("organization_name") if "organization_name" in cols else pl.lit(None)
        updates["organization_name"] = pl.coalesce(
            org.cast(pl.String), pl.when(company).then(account)
        )
    if "full_name" in allowed:
        # A person customer with no contact name column: the customer's name is the person's.
        full = pl.col("full_name") if "full_name" in cols else pl.lit(None, pl.String)
        alone = account.is_not_null() & person.is_null() & ~legal & ~sub
        updates["full_name"] = pl.coalesce(full, pl.when(alone).then(account))
    return frame.with_columns(expr.alias(name) for name, expr in updates.items())
