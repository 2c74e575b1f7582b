"""Tests for clientmig.validators.company_id: real numbers (checked with stdnum) and twins."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.be import vat as be_vat

from clientmig import errors
from clientmig.validators import company_id as cid


def be_enterprise(body: int) -> str:
    """A valid Belgian enterprise number from an 8-digit body (first digit 0 or 1)."""
    return f"{body:08d}{97 - body % 97:02d}"


@pytest.mark.parametrize(
    ("value", "compact", "code", "fixed"),
    [
        ("0403170701", "0403170701", None, False),
        ("0403.170.701", "0403170701", None, True),
        ("BE0403170701", "0403170701", None, True),
        ("BE 0403.170.701", "0403170701", None, True),
        ("be0403170701", "0403170701", None, True),
        ("403170701", "0403170701", None, True),  # lost leading zero
        ("403170701.0", "0403170701", None, True),
        ("4.03170701E+8", "0403170701", None, True),
        ("'0403 170 701\u200b", "0403170701", None, True),
        ("BE(0)403170701", "0403170701", None, True),
        ("0403170702", "0403170702", "company_id.checksum", False),
        ("2403170701", "2403170701", "company_id.component", False),
        ("04031707011", "04031707011", "company_id.length", False),
        ("0403I70701", "0403I70701", "company_id.format", False),
        ("", "", None, False),
    ],
)
def test_belgian_cases(value: str, compact: str, code: str | None, fixed: bool) -> None:
    for country in ("BE", None):
        assert cid.compact(value, country=country) == compact
        found = cid.check(value, country=country)
        assert (found.code if found else None) == code
        assert cid.is_fixed(value, country=country) is fixed
        out = pl.DataFrame({"v": [value]}).select(
            c=cid.compact_expr("v", country=country),
            i=cid.issue_expr("v", country=country),
            f=cid.fixed_expr("v", country=country),
        )
        assert out.row(0) == (compact, code, fixed)


def test_belgian_display_and_vat_forms() -> None:
    assert cid.format("BE0403170701") == "0403.170.701"
    assert cid.vat("0403.170.701") == "BE0403170701"
    assert cid.vat("403170701", country="BE") == "BE0403170701"
    out = pl.DataFrame({"v": ["403170701", "NL004495445B01", None]}).select(cid.vat_expr("v"))
    assert out.to_series().to_list() == ["BE0403170701", "NL004495445B01", None]
    assert cid.vat("004495445B01", country="NL") == "NL004495445B01"


@pytest.mark.parametrize(
    ("country", "value", "compact"),
    [
        ("NL", "NL004495445B01", "004495445B01"),
        ("NL", "004495445B01", "004495445B01"),
        ("FR", "FR 40 303 265 045", "40303265045"),
        ("DE", "DE136695976", "136695976"),
        ("LU", "LU 150 274 42", "15027442"),
        ("GR", "EL094259216", "094259216"),
        ("RO", "185 472 90", "18547290"),
        ("LV", "LV 4000 3521 600", "40003521600"),
        ("GB", "1955839661", "1955839661"),  # UTR
        ("GB", "GB 980 7806 84", "980780684"),  # VAT, prefix removed
        ("GB", "SC123456", "SC123456"),  # Companies House number
        ("AU", "83 914 571 673", "83914571673"),  # ABN
        ("AU", "004 085 616", "004085616"),  # ACN
        ("US", "91-1144442", "911144442"),
        ("CA", "12302 6635", "123026635"),
        ("NZ", "4909185-0", "49091850"),
    ],
)
def test_other_countries_valid(country: str, value: str, compact: str) -> None:
    assert cid.is_valid(value, country=country)
    assert cid.validate(value, country=country) == compact
    out = pl.DataFrame({"v": [value]}).select(
        c=cid.compact_expr("v", country=country), i=cid.issue_expr("v", country=country)
    )
    assert out.row(0) == (compact, None)


@pytest.mark.parametrize(
    ("country", "value", "code"),
    [
        ("NL", "123456789B90", "company_id.checksum"),
        ("DE", "136695978", "company_id.checksum"),
        ("RO", "185 472 91", "company_id.checksum"),
        ("US", "07-1144442", "company_id.component"),
        ("AU", "99 999 999 999", "company_id.placeholder"),  # all nines: a placeholder
        ("AU", "99 999 999 990", "company_id.checksum"),
        ("GB", "ABC", "company_id.format"),
    ],
)
def test_other_countries_invalid(country: str, value: str, code: str) -> None:
    found = cid.check(value, country=country)
    assert found is not None
    assert found.code == code
    assert not cid.is_valid(value, country=country)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("NL004495445B01", None),  # EU VAT prefix decides
        ("FR40303265045", None),
        ("DE136695978", "company_id.checksum"),
        ("83 914 571 673", None),  # only AU fits
        ("91-1144442", "company_id.country_ambiguous"),  # US EIN, CA BN and RO CUI fit
        ("1955839661", "company_id.checksum"),  # Belgian shape wins: give country="GB"
    ],
)
def test_country_guessing(value: str, code: str | None) -> None:
    found = cid.check(value)
    assert (found.code if found else None) == code
    got = pl.DataFrame({"v": [value]}).select(cid.issue_expr("v")).item()
    assert got == code


def test_validate_raises_and_options() -> None:
    with pytest.raises(errors.InvalidChecksum) as info:
        cid.validate("0403.170.702")
    assert info.value.code == "company_id.checksum"
    assert "0403170702" not in str(info.value)
    assert cid.validate("91-1144442") == "911144442"  # a warning does not raise
    with pytest.raises(ValueError, match="no company-number rules"):
        cid.check("0403170701", country="ZZ")
    assert cid.is_valid("0403170701", country="ZZ") is False
    assert cid.is_valid(403170701) is False


# ---------------------------------------------------------------- properties

JUNK = st.text(
    alphabet=st.one_of(
        st.sampled_from("0123456789" * 3 + " .-/:'\u00a0\u200beE+BENL()ATUGRSCXIO"),
        st.characters(exclude_categories=("Cs", "Cn")),
    ),
    max_size=16,
)
BE_VALID = st.integers(2_000_000, 19_999_999).map(be_enterprise)


@st.composite
def damaged(draw: st.DrawFn) -> str:
    number = draw(BE_VALID)
    shape = draw(st.sampled_from(("", "BE", "dots", "int", "float")))
    if shape == "BE":
        return "BE" + number
    if shape == "dots":
        return f"{number[:4]}.{number[4:7]}.{number[7:]}"
    if shape == "int":
        return str(int(number))
    if shape == "float":
        return f"{int(number)}.0"
    return number


# Numbers of other countries with and without their prefix (the prefix decides).
FOREIGN = st.sampled_from(
    [
        "NL004495445B01",
        "ATU 15159209",
        "EU372022452",
        "GB 980 7806 84",
        "980780684",
        "1955839661",
        "DK: 21599336",
        "RO 185 472 90",
        "LV LV 40003754957",
        "BE BE 0220764971",
        "(0)403019261",
        "000000000",
        "123456789",
    ]
)
VALUES = st.lists(st.one_of(JUNK, BE_VALID, damaged(), FOREIGN, st.none()), max_size=20)


@pytest.mark.parametrize("country", [None, "BE", "NL", "US", "GB"])
@settings(max_examples=50, deadline=None)
@given(values=VALUES)
def test_exprs_equal_scalar_oracles(country: str | None, values: list[str | None]) -> None:
    out = pl.DataFrame({"v": values}, schema={"v": pl.String}).select(
        c=cid.compact_expr("v", country=country),
        i=cid.issue_expr("v", country=country),
        f=cid.fixed_expr("v", country=country),
        t=cid.vat_expr("v", country=country),
    )
    for value, (c, i, f, t) in zip(values, out.iter_rows()):
        if value is None:
            assert (c, i, f, t) == (None, None, None, None)
            continue
        found = cid.check(value, country=country)
        assert c == cid.compact(value, country=country), value
        assert i == (found.code if found else None), value
        assert f == cid.is_fixed(value, country=country), value
        assert t == cid.vat(value, country=country), value


@pytest.mark.parametrize("country", [None, "BE", "NL", "GB"])
@settings(max_examples=80, deadline=None)
@given(value=st.one_of(JUNK, damaged()))
def test_compact_is_idempotent(country: str | None, value: str) -> None:
    once = cid.compact(value, country=country)
    assert cid.compact(once, country=country) == once


@settings(max_examples=80, deadline=None)
@given(values=st.lists(st.one_of(JUNK, BE_VALID, damaged()), min_size=1, max_size=20))
def test_vectorised_belgian_check_agrees_with_stdnum(values: list[str]) -> None:
    numbers = [cid.compact(v, country="BE") for v in values]
    out = pl.DataFrame({"v": numbers}).select(cid.issue_expr("v", country="BE"))
    for number, code in zip(numbers, out.to_series().to_list()):
        assert (code is None and number != "") == be_vat.is_valid(number), number


# ---------------------------------------------------------------- through cm.clean


def _clean(field: str, values: list[str], rows: list[str] | None = None) -> Any:
    """Clean one column (Belgium the default), with each row's ``country`` when given."""
    import clientmig as cm

    frame = pl.DataFrame({field: values, **({"country": rows} if rows else {})})
    return cm.clean(frame, options=cm.CleanOptions(country="BE", fields=[field]))


def test_prefix_then_row_then_default_decide_the_country() -> None:
    cleaned = _clean(
        "company_id",
        ["1955839661", "1955839661", "NL004495445B01", "0403.019.261", "BE 456.973.432"],
        rows=["GB", "", "GB", "", ""],
    )
    issues = {r["row"]: r["code"] for r in cleaned.issues.iter_rows(named=True)}
    # Row 2: a UK UTR in a British row; row 3: the same digits are a bad Belgian number.
    assert 2 not in issues
    assert issues[3] == "company_id.checksum"
    assert issues[4] == "company_id.fixed"  # the NL prefix beats the row's GB (prefix removed)
    assert issues[5] == "company_id.fixed"
    assert issues[6] == "company_id.checksum"  # old 9-digit form, bad check digits
    assert cleaned.frame["company_id"].to_list()[2:] == [
        "004495445B01",
        "0403019261",
        "456973432",
    ]


@pytest.mark.parametrize(
    ("value", "code", "written"),
    [
        ("BE000000000", "company_id.placeholder", "000000000"),
        ("123456789", "company_id.placeholder", "123456789"),
        ("BE431150351", "company_id.checksum", "431150351"),  # never padded into an invalid one
        ("(0)403019261", "company_id.fixed", "0403019261"),
        ("4.03019261E+08", "company_id.fixed", "0403019261"),
        ("403019261.0", "company_id.fixed", "0403019261"),
        ("4.03E+08", "company_id.excel_digits_lost", "403E+08"),
        ("EU372022452", "company_id.fixed", "372022452"),  # EU OSS number, national form
    ],
)
def test_belgian_cleaning_cases(value: str, code: str, written: str) -> None:
    cleaned = _clean("company_id", [value])
    assert cleaned.issues["code"].to_list() == [code]
    assert cleaned.frame["company_id"].item() == written
    if code.endswith(".fixed"):  # a certain fix suggests exactly the value written
        assert cleaned.issues["suggestion"].item() == written


def test_one_convention_per_field() -> None:
    values = ["0403.019.261", "BE0403019261", "NL 004495445B01", "EU372022452"]
    vat = _clean("vat_number", values).frame["vat_number"].to_list()
    national = _clean("company_id", values).frame["company_id"].to_list()
    assert vat == ["BE0403019261", "BE0403019261", "NL004495445B01", "EU372022452"]
    assert national == ["0403019261", "0403019261", "004495445B01", "372022452"]


@pytest.mark.parametrize(
    ("header", "country"),
    [("ABN", "AU"), ("KBO-nummer", "BE"), ("UTR", "GB"), ("N° SIREN", "FR"), ("Company", None)],
)
def test_header_country(header: str, country: str | None) -> None:
    assert cid.header_country(header) == country


def test_the_header_decides_after_the_row() -> None:
    import clientmig as cm

    frame = pl.DataFrame({"tax_id": ["1955839661", "1955839661"], "country": ["", "BE"]})
    cleaned = cm.clean(frame, columns={"tax_id": "UTR"}, options=cm.CleanOptions(country="BE"))
    issues = cleaned.issues.filter(pl.col("field") == "tax_id")
    codes = {r["row"]: r["code"] for r in issues.iter_rows(named=True)}
    assert codes == {3: "company_id.checksum"}  # row 2: the header's GB; row 3: the row's BE


def test_candidates_only_when_nothing_decides() -> None:
    import clientmig as cm

    frame = pl.DataFrame({"company_id": ["91-1144442", "91-1144442"], "country": ["CH", "US"]})
    cleaned = cm.clean(frame, options=cm.CleanOptions(country="CH", fields=["company_id"]))
    issues = cleaned.issues.filter(pl.col("field") == "company_id")
    assert issues.select("row", "code", "suggestion").rows() == [
        (2, "company_id.country_ambiguous", "US, CA, RO"),  # no rules for CH: guessed
        (2, "company_id.fixed", "911144442"),
        (3, "company_id.fixed", "911144442"),  # the row's US decides
    ]


@pytest.mark.parametrize(
    ("value", "country"),
    [
        ("BE'", None),
        ("BE'0403170701", None),
        ("NL'", None),
        ("EEbe16", "BE"),
        ("'GbbeO2566", "NL"),
        ("ESEEE)746248-6", None),
        ("ELIT9G092/\u00a0T", "GB"),
        ("bEEUT08E6L", "US"),
        ("8\u00a0E 0", "FR"),
        (":eeGb4", "DE"),
    ],
)
def test_compact_is_idempotent_when_a_prefix_hides_another(value: str, country: str | None) -> None:
    """Hypothesis found "BE'" -> "'" -> "" and a fuzz run the others: one pass removed one
    prefix (or Excel's text marker) and left the next for the second call."""
    once = cid.compact(value, country=country)
    assert cid.compact(once, country=country) == once
