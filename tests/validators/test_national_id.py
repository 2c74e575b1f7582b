"""Tests for clientmig.validators.national_id: real cases, Excel damage, twins vs oracles."""

from __future__ import annotations

import datetime

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.be import ssn

from clientmig import errors
from clientmig.validators import column_findings
from clientmig.validators import national_id as nid
from tests.conftest import FROZEN_TODAY

THIS_YEAR = FROZEN_TODAY.year


def be_number(yy: int, mm: int, dd: int, counter: int, *, born_2000s: bool = False) -> str:
    """Build a Belgian NN/BIS number with the mod-97 rule (``'2'`` prefixed after 2000)."""
    body = f"{yy:02d}{mm:02d}{dd:02d}{counter:03d}"
    base = int(("2" if born_2000s else "") + body)
    return body + f"{97 - base % 97:02d}"


NN_1985 = "85073003328"  # 1985-07-30, male (odd counter 033)
NN_2017 = be_number(17, 7, 30, 33, born_2000s=True)  # 17073003384
NN_2003 = be_number(3, 5, 14, 122, born_2000s=True)  # starts with 0: Excel drops it
BIS_20 = be_number(85, 27, 30, 33)  # BIS, sex unknown at assignment (+20)
BIS_40 = "98472899765"  # BIS, male (+40), stdnum's example 98.47.28-997.65


def test_built_numbers_are_what_stdnum_accepts() -> None:
    assert be_number(85, 7, 30, 33) == NN_1985
    assert NN_2017 == "17073003384"
    assert NN_2003.startswith("0")
    for number in (NN_1985, NN_2017, NN_2003, BIS_20, BIS_40):
        assert ssn.is_valid(number), number
    assert ssn.guess_type(BIS_20) == "bis"


@pytest.mark.parametrize(
    ("value", "compact", "code"),
    [
        (NN_1985, NN_1985, None),
        ("85.07.30-033.28", NN_1985, None),
        ("85 07 30 033 28", NN_1985, None),
        (NN_2017, NN_2017, None),
        (NN_2003, NN_2003, None),
        (BIS_20, BIS_20, None),
        (BIS_40, BIS_40, None),
        ("85073003328.0", NN_1985, None),
        ("8.5073003328E+10", NN_1985, None),
        ("8,5073003328E+10", NN_1985, None),
        # Excel kept six digits: left as written (and reported), never padded with zeros
        ("8,50730E+10", "8,50730E+10", "national_id.excel_digits_lost"),
        ("8.5073E+10", "8.5073E+10", "national_id.excel_digits_lost"),
        ("'85.07.30-033.28", NN_1985, None),
        ("85073003328\u200b", NN_1985, None),
        ("\ufeff85073003328", NN_1985, None),
        ("85\u00a007\u00a030\u00a0033\u00a028", NN_1985, None),
        ("85\u201307\u201330\u2013033\u201328", NN_1985, None),
        ("\uff18\uff15\uff10\uff17\uff13\uff10\uff10\uff13\uff13\uff12\uff18", NN_1985, None),
        (NN_2003[1:], NN_2003, None),  # lost leading zero, 10-digit int
        (NN_2003[1:] + ".0", NN_2003, None),
        ("85073003329", "85073003329", "national_id.checksum"),
        ("8507300332", "8507300332", "national_id.length"),
        ("850730033281", "850730033281", "national_id.length"),
        ("85O73OO3328", "85O73OO3328", "national_id.format"),
        ("85/07/30/033/28", "85/07/30/033/28", "national_id.format"),
        ("00000000000", "00000000000", "national_id.format"),
        (be_number(85, 13, 1, 1), be_number(85, 13, 1, 1), "national_id.component"),
        (be_number(85, 35, 1, 1), be_number(85, 35, 1, 1), "national_id.component"),
        ("", "", None),
        ("  ", "", None),
    ],
)
def test_belgian_cases(value: str, compact: str, code: str | None) -> None:
    assert nid.compact(value, country="BE") == compact
    found = nid.check(value, country="BE")
    assert (found.code if found else None) == code
    frame = pl.DataFrame({"v": [value]})
    out = frame.select(
        c=nid.compact_expr("v", country="BE"), i=nid.issue_expr("v", country="BE")
    ).row(0)
    assert out == (compact, code)


@pytest.mark.parametrize(
    ("value", "fixed"),
    [
        (NN_1985, False),
        ("85.07.30-033.28", False),
        ("85 07 30 033 28", False),
        ("85073003328.0", True),
        ("8.5073003328E+10", True),
        ("'85073003328", True),
        ("85073003328\u200b", True),
        ("85\u00a007\u00a030\u00a0033\u00a028", True),
        (NN_2003[1:], True),
        ("85073003329.0", False),  # damage repaired but still invalid
        ("", False),
    ],
)
def test_is_fixed_belgian(value: str, fixed: bool) -> None:
    assert nid.is_fixed(value, country="BE") is fixed
    got = pl.DataFrame({"v": [value]}).select(nid.fixed_expr("v", country="BE")).item()
    assert got is fixed


def test_fixed_for_other_countries_and_ambiguity() -> None:
    assert nid.is_fixed("111222333.0", country="NL")
    assert not nid.is_fixed("111222333", country="NL")
    assert nid.is_fixed("'111222333")  # NL and US both fit: ambiguous still counts
    frame = pl.DataFrame({"v": ["111222333.0", "111222333", None]})
    got = frame.select(nid.fixed_expr("v", country="NL")).to_series().to_list()
    assert got == [True, False, None]


@pytest.mark.parametrize(
    ("country", "value", "compact"),
    [
        ("NL", "111222333", "111222333"),
        ("NL", "1112.22.333", "111222333"),
        ("FR", "2 95 10 99 126 111 93", "295109912611193"),
        ("RO", "1630615123457", "1630615123457"),
        ("DK", "211062-5629", "2110625629"),
        ("LV", "161175-19997", "16117519997"),
        ("DE", "36 574 261 809", "36574261809"),
        ("ES", "54362315-K", "54362315K"),
        ("ES", "x-2482300w", "X2482300W"),
        ("IT", "RCCMNL83S18D969H", "RCCMNL83S18D969H"),
        ("US", "536-90-4399", "536904399"),
        ("CA", "123-456-782", "123456782"),
        ("AU", "123 456 782", "123456782"),
        ("NZ", "4909185-0", "49091850"),
        ("nl", "111222333.0", "111222333"),
    ],
)
def test_other_countries_valid(country: str, value: str, compact: str) -> None:
    assert nid.is_valid(value, country=country)
    assert nid.validate(value, country=country) == compact
    frame = pl.DataFrame({"v": [value]})
    got = frame.select(
        c=nid.compact_expr("v", country=country), i=nid.issue_expr("v", country=country)
    ).row(0)
    assert got == (compact, None)


@pytest.mark.parametrize(
    ("country", "value", "code"),
    [
        ("NL", "111222334", "national_id.checksum"),
        ("FR", "295109912611199", "national_id.checksum"),
        ("DK", "511062-5629", "national_id.component"),
        ("DE", "36574261890", "national_id.checksum"),
        ("ES", "54362315Z", "national_id.checksum"),
        ("IT", "RCCMNL83S18D969", "national_id.length"),
        ("US", "078-05-1120", "national_id.component"),
        ("CA", "999-999-999", "national_id.checksum"),
        ("NL", "abc", "national_id.format"),
    ],
)
def test_other_countries_invalid(country: str, value: str, code: str) -> None:
    found = nid.check(value, country=country)
    assert found is not None
    assert found.code == code
    assert not nid.is_valid(value, country=country)


@pytest.mark.parametrize(
    ("value", "guess", "code"),
    [
        (NN_1985, ["BE"], None),
        ("295109912611193", ["FR"], None),
        ("1630615123457", ["RO"], None),
        ("211062-5629", ["DK"], None),
        ("RCCMNL83S18D969H", ["IT"], None),
        ("X2482300W", ["ES"], None),
        ("111222333", ["NL", "US"], "national_id.country_ambiguous"),
        ("85073003329", [], "national_id.checksum"),  # nothing fits: Belgian reasons
        ("8507300332", [], "national_id.length"),
    ],
)
def test_shape_guessing(value: str, guess: list[str], code: str | None) -> None:
    assert nid.guess_country(value) == guess
    found = nid.check(value)
    assert (found.code if found else None) == code
    if code == "national_id.country_ambiguous":
        assert found is not None
        assert found.severity == "warning"
        assert found.suggestion == "NL, US"
        assert nid.validate(value) == value  # warnings do not raise


def test_unknown_country_is_a_programmer_error_but_is_valid_never_raises() -> None:
    with pytest.raises(ValueError, match="no national-number rules"):
        nid.check(NN_1985, country="XX")
    assert nid.is_valid(NN_1985, country="XX") is False
    assert nid.is_valid(None) is False
    assert nid.is_valid(85073003328) is False


@pytest.mark.parametrize(
    ("value", "error", "code"),
    [
        ("85073003329", errors.InvalidChecksum, "national_id.checksum"),
        ("8507300332", errors.InvalidLength, "national_id.length"),
        ("85-07-30-O33-28", errors.InvalidFormat, "national_id.format"),
        (be_number(85, 13, 1, 1), errors.InvalidComponent, "national_id.component"),
    ],
)
def test_validate_raises_with_a_masked_message(
    value: str, error: type[errors.InvalidValue], code: str
) -> None:
    with pytest.raises(error) as info:
        nid.validate(value, country="BE")
    assert info.value.code == code
    digits = "".join(c for c in value if c.isdigit())
    assert digits not in str(info.value)
    assert value not in str(info.value)
    assert "*" in str(info.value)


def test_messages_never_hold_the_number() -> None:
    values = ["85073003329", "8507300332", NN_1985, "111222333", "85O73003328"]
    for country in (None, "BE"):
        out = column_findings(pl.Series(values), nid, country=country)
        for value, message, suggestion in zip(
            values, out["message"].to_list(), out["suggestion"].to_list()
        ):
            for text in (message, suggestion):
                assert text is None or value not in text


@pytest.mark.parametrize(
    ("value", "display"),
    [
        (NN_1985, "85.07.30-033.28"),
        ("85073003328.0", "85.07.30-033.28"),
        ("295109912611193", "2 95 10 99 126 111 93"),
        ("111222333", "111222333"),  # ambiguous: compact form
    ],
)
def test_format(value: str, display: str) -> None:
    assert nid.format(value) == display


def test_birth_date_and_sex_table() -> None:
    values = [
        NN_1985,
        NN_2017,
        NN_2003[1:],
        BIS_20,
        BIS_40,
        be_number(85, 0, 0, 1),  # month unknown
        be_number(85, 2, 31, 2),  # day unknown (31 February)
        "85073003329",
        None,
    ]
    out = pl.DataFrame({"v": values}).select(d=nid.birth_date_expr("v"), s=nid.sex_expr("v"))
    assert out["d"].to_list() == [
        datetime.date(1985, 7, 30),
        datetime.date(2017, 7, 30),
        datetime.date(2003, 5, 14),
        datetime.date(1985, 7, 30),
        datetime.date(1998, 7, 28),
        None,
        None,
        None,
        None,
    ]
    assert out["s"].to_list() == ["M", "M", "F", None, "M", "M", "F", None, None]


def test_birth_issues() -> None:
    frame = pl.DataFrame(
        {
            "nn": [NN_1985, NN_1985, NN_2003, "85073003329", BIS_20, NN_1985],
            "dob": ["1985-07-30", "1985-07-31", "2003-05-14", "1990-01-01", "1985-07-30", None],
            "gender": ["M", "vrouw", "Female", "F", "F", "Madame"],
        }
    )
    out = nid.birth_issues(frame, "nn", birth_date="dob", sex="gender")
    assert out.schema == pl.Schema({"row_index": pl.UInt32, "code": pl.String})
    assert out.rows() == [
        (1, "national_id.birth_date_mismatch"),
        (1, "national_id.sex_mismatch"),
    ]
    dates = frame.with_columns(pl.col("dob").str.to_date())
    assert nid.birth_issues(dates, "nn", birth_date="dob")["row_index"].to_list() == [1]
    assert nid.birth_issues(frame, "nn").is_empty()


# ---------------------------------------------------------------- properties

SEPARATORS = " .-'\u00a0\u200b/"
JUNK = st.text(
    alphabet=st.one_of(
        st.sampled_from("0123456789" * 3 + SEPARATORS + "eE+,xBE\uff10\u2013"),
        st.characters(exclude_categories=("Cs", "Cn")),
    ),
    max_size=18,
)
DIGITS = st.text(alphabet=st.sampled_from("0123456789" * 4 + " .-"), min_size=1, max_size=14)


@st.composite
def valid_be(draw: st.DrawFn) -> str:
    """A valid Belgian NN or BIS number built with the mod-97 rule, incl. the 2000 rule."""
    born_2000s = draw(st.booleans())
    yy = draw(st.integers(0, THIS_YEAR - 2000 if born_2000s else 99))
    mm = draw(st.integers(0, 12)) + draw(st.sampled_from((0, 20, 40)))
    dd = draw(st.integers(0, 31))
    counter = draw(st.integers(0, 999))
    return be_number(yy, mm, dd, counter, born_2000s=born_2000s)


@st.composite
def damaged_be(draw: st.DrawFn) -> str:
    """A valid Belgian number with Excel damage or separators applied."""
    number = draw(valid_be())
    damage = draw(st.sampled_from(("none", "float", "sci", "int", "apostrophe", "zwsp", "dots")))
    if damage == "float":
        return str(int(number)) + ".0"
    if damage == "sci":
        return f"{int(number):.10E}" if int(number) >= 10**10 else number
    if damage == "int":
        return str(int(number))
    if damage == "apostrophe":
        return "'" + number
    if damage == "zwsp":
        return "\u200b" + number + "\u00a0"
    if damage == "dots":
        return nid.format(number, country="BE")
    return number


VALUES = st.lists(st.one_of(JUNK, DIGITS, valid_be(), damaged_be(), st.none()), max_size=25)


def _twins(values: list[str | None], country: str | None) -> pl.DataFrame:
    return pl.DataFrame({"v": values}, schema={"v": pl.String}).select(
        c=nid.compact_expr("v", country=country),
        i=nid.issue_expr("v", country=country),
        f=nid.fixed_expr("v", country=country),
    )


@pytest.mark.parametrize("country", [None, "BE", "NL"])
@settings(max_examples=30, deadline=None)
@given(values=VALUES)
def test_judge_expr_equals_the_three_twins(country: str | None, values: list[str | None]) -> None:
    frame = pl.DataFrame({"v": values}, schema={"v": pl.String})
    judged = frame.select(nid.judge_expr("v", country=country).struct.unnest())
    twins = _twins(values, country).rename({"c": "compact", "i": "code", "f": "fixed"})
    assert judged.equals(twins)


@pytest.mark.parametrize("country", [None, "BE", "NL"])
@settings(max_examples=60, deadline=None)
@given(values=VALUES)
def test_exprs_equal_scalar_oracles(country: str | None, values: list[str | None]) -> None:
    out = _twins(values, country)
    for value, (c, i, f) in zip(values, out.iter_rows()):
        if value is None:
            assert (c, i, f) == (None, None, None)
            continue
        found = nid.check(value, country=country)
        assert c == nid.compact(value, country=country), value
        assert i == (found.code if found else None), value
        assert f == nid.is_fixed(value, country=country), value


@pytest.mark.parametrize("country", [None, "BE", "NL", "FR", "IT"])
@settings(max_examples=80, deadline=None)
@given(value=st.one_of(JUNK, DIGITS, damaged_be()))
def test_compact_is_idempotent(country: str | None, value: str) -> None:
    once = nid.compact(value, country=country)
    assert nid.compact(once, country=country) == once


@settings(max_examples=80, deadline=None)
@given(values=st.lists(st.one_of(JUNK, DIGITS, valid_be()), min_size=1, max_size=25))
def test_vectorised_mod97_agrees_with_stdnum(values: list[str]) -> None:
    numbers = [nid.compact(v, country="BE") for v in values]
    out = pl.DataFrame({"v": numbers}, schema={"v": pl.String}).select(
        nid.issue_expr("v", country="BE")
    )
    for number, code in zip(numbers, out.to_series().to_list()):
        assert (code is None and number != "") == ssn.is_valid(number), number
    raw = pl.DataFrame({"v": values}).select(nid.issue_expr("v", country="BE"))
    for value, code in zip(values, raw.to_series().to_list()):
        if value.isascii() and value.isdigit() and len(value) == 11:
            assert (code is None) == ssn.is_valid(value), value


@settings(max_examples=60, deadline=None)
@given(values=st.lists(damaged_be(), min_size=1, max_size=20))
def test_damaged_belgian_numbers_are_valid_and_dates_match_stdnum(values: list[str]) -> None:
    out = pl.DataFrame({"v": values}).select(
        c=nid.compact_expr("v", country="BE"),
        i=nid.issue_expr("v", country="BE"),
        d=nid.birth_date_expr("v"),
        s=nid.sex_expr("v"),
    )
    for c, i, d, s in out.iter_rows():
        assert i is None
        assert ssn.is_valid(c)
        assert d == ssn.get_birth_date(c)
        assert s == ssn.get_gender(c)


def test_a_latvian_organisations_number_is_not_a_personas_kods() -> None:
    """lv.pvn accepts legal entities' VAT numbers too; a person's code starts with 0-3."""
    from stdnum.lv import pvn

    assert pvn.is_valid("40003032065")
    found = nid.check("40003032065", country="LV")
    assert found is not None
    assert found.code == "national_id.organisation"
    assert "LV" not in nid.guess_country("40003032065")
    assert nid.is_valid("161175-19997", country="LV")
