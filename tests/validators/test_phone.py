"""Phone validator: real-world cells per region, the vectorised twins against the scalar oracle."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import clientmig as cm
from clientmig import errors
from clientmig.validators import column_findings, phone


@pytest.mark.parametrize(
    ("value", "region", "compact", "code", "kind"),
    [
        ("+32475123456", "BE", "+32475123456", None, "mobile"),
        ("0475 12 34 56", "BE", "+32475123456", "phone.fixed", "mobile"),
        ("0475/12.34.56", "BE", "+32475123456", "phone.fixed", "mobile"),
        ("0475-12-34-56", "BE", "+32475123456", "phone.fixed", "mobile"),
        ("0475\u00a012\u00a034\u00a056", "BE", "+32475123456", "phone.fixed", "mobile"),
        ("\u200b0475 12 34 56", "BE", "+32475123456", "phone.fixed", "mobile"),
        ("+32 (0)475 12 34 56", "BE", "+32475123456", "phone.fixed", "mobile"),
        ("0032 475 12 34 56", "BE", "+32475123456", "phone.fixed", "mobile"),
        ("32475123456.0", "BE", "+32475123456", "phone.fixed", "mobile"),
        ("3.2475123456E+10", "BE", "+32475123456", "phone.fixed", "mobile"),
        ("3,2475123456E+10", "BE", "+32475123456", "phone.fixed", "mobile"),
        # Excel kept six digits: padding with zeros would make +32475100000, a valid number
        ("3.24751E+10", "BE", "3.24751E+10", "phone.excel_digits_lost", None),
        ("4,93012E+12", "BE", "4,93012E+12", "phone.excel_digits_lost", None),
        ("475123456", "BE", "+32475123456", "phone.fixed", "mobile"),
        ("02 511 12 34", "BE", "+3225111234", "phone.fixed", "fixed"),
        ("09 233 45 67", "BE", "+3292334567", "phone.fixed", "fixed"),
        ("0800 12345", "BE", "+3280012345", "phone.fixed", "other"),
        ("0475 12 34 56 ext. 12", "BE", "+32475123456 ext. 12", "phone.fixed", "mobile"),
        ("+32475123456 ext. 12", "BE", "+32475123456 ext. 12", None, "mobile"),
        ("+44 20 7946 0958", "BE", "+442079460958", "phone.fixed", "fixed"),
        ("447911123456", "BE", "+447911123456", "phone.fixed", "mobile"),
        ("+31 20 123 4567", "BE", "+31201234567", "phone.fixed", "fixed"),
        ("020 123 4567", "NL", "+31201234567", "phone.fixed", "fixed"),
        ("06 12 34 56 78", "FR", "+33612345678", "phone.fixed", "mobile"),
        ("612345678", "FR", "+33612345678", "phone.fixed", "mobile"),
        ("(650) 253-0000", "US", "+16502530000", "phone.fixed", "fixed_or_mobile"),
        ("+1 650 253 0000", "BE", "+16502530000", "phone.fixed", "fixed_or_mobile"),
        ("06 12 34 56 78", "BE", "06 12 34 56 78", "phone.invalid", None),
        ("020 123 4567", "BE", "020 123 4567", "phone.invalid", None),
        ("12", "BE", "12", "phone.invalid", None),
        ("bel mij", "BE", "bel mij", "phone.invalid", None),
        ("(650) 253-0000", "BE", "(650) 253-0000", "phone.invalid", None),
        ("-", "BE", "", "phone.placeholder", None),
        ("n/a", "BE", "", "phone.placeholder", None),
        ("0", "BE", "", "phone.placeholder", None),
        ("000", "BE", "", "phone.placeholder", None),
        ("", "BE", "", None, None),
        ("  ", "BE", "", None, None),
    ],
)
def test_real_world_cells(
    value: str, region: str, compact: str, code: str | None, kind: str | None
) -> None:
    found = phone.check(value, region=region)
    assert phone.compact(value, region=region) == compact
    assert (found.code if found else None) == code
    assert phone.number_type(value, region=region) == kind
    if found is not None:
        assert found.severity == phone.CODES[found.code][0]
        suggestions = {"phone.fixed": compact, "phone.placeholder": ""}
        assert found.suggestion == suggestions.get(found.code)


@pytest.mark.parametrize(
    ("value", "region", "display"),
    [
        ("0475123456", "BE", "+32 475 12 34 56"),
        ("3.2475123456E+10", "BE", "+32 475 12 34 56"),
        ("020 123 4567", "NL", "+31 20 123 4567"),
        ("0475 12 34 56 x12", "BE", "+32 475 12 34 56 ext. 12"),
        ("bel mij", "BE", "bel mij"),
        ("n/a", "BE", ""),
    ],
)
def test_format(value: str, region: str, display: str) -> None:
    assert phone.format(value, region=region) == display


def test_validate_and_is_valid() -> None:
    assert phone.validate("0475 12 34 56") == "+32475123456"
    assert phone.validate("020 123 4567", region="nl") == "+31201234567"
    with pytest.raises(errors.InvalidFormat) as info:
        phone.validate("12")
    assert info.value.code == "phone.invalid"
    assert phone.is_valid("+32475123456")
    assert not phone.is_valid("06 12 34 56 78")
    assert phone.is_valid("06 12 34 56 78", region="FR")
    assert not phone.is_valid("-")
    assert not phone.is_valid(None)
    assert not phone.is_valid(32475123456)


def test_codes_and_column_findings() -> None:
    assert phone.NAME == "phone"
    assert set(phone.CODES) == {
        "phone.invalid",
        "phone.excel_digits_lost",
        "phone.fixed",
        "phone.placeholder",
        "phone.other_country",
    }
    values = pl.Series(["0475 12 34 56", "+32475123456", "12", None, "0475 12 34 56"])
    found = column_findings(values, phone, region="BE")
    assert found["code"].to_list() == ["phone.fixed", None, "phone.invalid", None, "phone.fixed"]
    assert found["suggestion"].to_list()[0] == "+32475123456"


def test_type_expr_routes_mobile_and_office_numbers() -> None:
    frame = pl.DataFrame({"v": ["0475 12 34 56", "02 511 12 34", "0800 12345", "12", None]})
    kinds = frame.select(phone.type_expr("v"))["v"].to_list()
    assert kinds == ["mobile", "fixed", "other", None, None]


# ---------------------------------------------------------------- properties

FRAGMENTS = [
    "0", "00", "+", "+32", "32", "0475", "475", "12", "34", "56", " ", ".", "-", "/", "(0)", "(",
    ")", "\u00a0", "\u200b", ".0", "E+10", "e+", "ext. ", "x", "n/a", "\uff10", "٣", "abc",
]  # fmt: skip
DIGITS = st.text(alphabet=st.sampled_from("0123456789 .-/+()"), max_size=16)
CELL = st.one_of(
    st.text(max_size=20),
    DIGITS,
    st.lists(st.sampled_from(FRAGMENTS), max_size=8).map("".join),
    st.from_regex(r"\+?[0-9]{8,12}(\.0)?", fullmatch=True),
    st.from_regex(r"[1-9]\.[0-9]{1,11}E\+[0-9]{1,2}", fullmatch=True),
)
REGIONS = st.sampled_from(["BE", "NL", "FR", "GB", "US"])


def _codes(values: list[str | None], region: str) -> list[str | None]:
    out = []
    for value in values:
        found = None if value is None else phone.check(value, region=region)
        out.append(None if found is None else found.code)
    return out


@settings(max_examples=120, deadline=None)
@given(values=st.lists(st.one_of(CELL, st.none()), max_size=20), region=REGIONS)
def test_exprs_equal_scalar_oracles(values: list[str | None], region: str) -> None:
    frame = pl.DataFrame({"v": values}, schema={"v": pl.String})
    out = frame.select(
        compact=phone.compact_expr("v", region=region),
        issue=phone.issue_expr("v", region=region),
        kind=phone.type_expr("v", region=region),
        judged=phone.judge_expr("v", region=region),
    )
    oracle = [None if v is None else phone.compact(v, region=region) for v in values]
    assert out["compact"].to_list() == oracle
    assert out["issue"].to_list() == _codes(values, region)
    assert out["judged"].struct.field("compact").to_list() == oracle
    assert out["judged"].struct.field("code").to_list() == _codes(values, region)
    kinds = [None if v is None else phone.number_type(v, region=region) for v in values]
    assert out["kind"].to_list() == kinds


@settings(max_examples=200, deadline=None)
@given(value=CELL, region=REGIONS)
def test_compact_is_idempotent_and_never_raises(value: str, region: str) -> None:
    once = phone.compact(value, region=region)
    assert phone.compact(once, region=region) == once
    phone.check(value, region=region)
    phone.format(value, region=region)
    phone.is_valid(value, region=region)


@settings(max_examples=100, deadline=None)
@given(value=CELL)
def test_normalise_expr_equals_normalise(value: str) -> None:
    frame = pl.DataFrame({"v": [value]})
    assert frame.select(phone.normalise_expr(pl.col("v")))["v"][0] == phone.normalise(value)


@settings(max_examples=300, deadline=None)
@given(
    region=st.sampled_from(["BE", "NL", "FR", "GB", "DE"]),
    digits=st.text(alphabet="0123456789", min_size=7, max_size=11),
    form=st.sampled_from(["national", "plus", "spaced"]),
)
def test_fast_path_agrees_with_phonenumbers(region: str, digits: str, form: str) -> None:
    """The pure-Polars fast path for national numbers gives phonenumbers' own answers."""
    import phonenumbers

    cc = phonenumbers.country_code_for_region(region)
    value = {
        "national": "0" + digits,
        "plus": f"+{cc}{digits}",
        "spaced": f"0{digits[:3]} {digits[3:6]} {digits[6:]}",
    }[form]
    frame = pl.DataFrame({"v": [value]})
    out = frame.select(
        c=phone.compact_expr(pl.col("v"), region=region),
        i=phone.issue_expr(pl.col("v"), region=region),
        t=phone.type_expr(pl.col("v"), region=region),
    ).row(0)
    found = phone.check(value, region=region)
    assert out == (
        phone.compact(value, region=region),
        found.code if found else None,
        phone.number_type(value, region=region),
    )


def test_a_formatted_foreign_number_is_not_read_as_another_country_without_its_plus() -> None:
    """(201) 555-0123 is American: without a country it is invalid for BE, never Egypt's +20."""
    frame = pl.DataFrame({"phone": ["(201) 555-0123", "447911123456", "3225551234"]})
    cleaned = cm.clean(frame, columns={"phone": "phone"})
    assert cleaned.frame["phone"].to_list() == ["(201) 555-0123", "+447911123456", "+3225551234"]
    assert cleaned.issues["code"].to_list() == ["phone.invalid", "phone.fixed", "phone.fixed"]


@pytest.mark.parametrize(
    ("value", "region", "e164"),
    [
        ("0475 12 34 56 (privé)", "BE", "+32475123456"),
        ("02 511 22 33 (werk)", "BE", "+3225112233"),
        ("06 12 34 56 78 (portable)", "FR", "+33612345678"),
        ("0171 2345678 (Handy)", "DE", "+491712345678"),
    ],
)
def test_a_label_in_brackets_after_the_number_is_no_error(
    value: str, region: str, e164: str
) -> None:
    """People type what a number is after it; the number is right, so it is rewritten (an
    info with the value as typed), never rejected, and the vectorised twin agrees."""
    finding = phone.check(value, region=region)
    assert finding is not None
    assert (finding.code, finding.suggestion) == ("phone.fixed", e164)
    got = pl.select(phone.compact_expr(pl.lit(value), region=region)).item()
    assert got == phone.compact(value, region=region) == e164
