"""phone.format_expr lays numbers out exactly as phone.format (phonenumbers) does."""

from __future__ import annotations

import random

import phonenumbers
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from phonenumbers import PhoneNumberType

from clientmig.validators import phone

_TYPES = (
    PhoneNumberType.FIXED_LINE,
    PhoneNumberType.MOBILE,
    PhoneNumberType.TOLL_FREE,
    PhoneNumberType.PREMIUM_RATE,
    PhoneNumberType.VOIP,
    PhoneNumberType.UAN,
)


def _vectorised(values: list[str | None], region: str = "BE") -> list[str | None]:
    frame = pl.DataFrame({"p": values}, schema={"p": pl.String})
    return frame.select(phone.format_expr("p", region=region))["p"].to_list()


def _sweep() -> list[str]:
    """Every region's example numbers and near variants (digits changed, one more or fewer)."""
    rng = random.Random(5)
    values: set[str] = set()
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in _TYPES:
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            digits = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)[1:]
            values.add("+" + digits)
            for _ in range(4):
                k = rng.randrange(1, min(6, len(digits)))
                extra = k + rng.choice((-1, 0, 1))
                tail = "".join(rng.choice("0123456789") for _ in range(extra))
                values.add("+" + digits[:-k] + tail)
    for code in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS):
        values.add(f"+{code}{rng.randrange(10**7, 10**9)}")
    return sorted(values)


def test_every_region_is_laid_out_as_phonenumbers_does() -> None:
    values = _sweep()
    assert len(values) > 2000
    expected = [phone.format(v) for v in values]
    got = _vectorised(values)
    wrong = [(v, g, e) for v, g, e in zip(values, got, expected, strict=True) if g != e]
    assert wrong == []


def test_text_that_is_no_e164_number_goes_to_phonenumbers() -> None:
    values = ["0475 12 34 56", "+320475123456", "+32475123456 ext. 12", "", "n/a", None, "+32 475"]
    got = _vectorised(values)
    assert got == [None if v is None else phone.format(v) for v in values]
    assert got[:2] == ["+32 475 12 34 56", "+32 475 12 34 56"]


def test_the_region_reads_national_numbers() -> None:
    assert _vectorised(["06 12 34 56 78"], region="FR") == ["+33 6 12 34 56 78"]


@settings(max_examples=300)
@given(
    st.lists(
        st.builds(
            lambda code, rest: f"+{code}{rest}",
            st.sampled_from(sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE)),
            st.text(alphabet="0123456789", min_size=2, max_size=14),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_any_country_code_and_digits(values: list[str]) -> None:
    assert _vectorised(list(values)) == [phone.format(v) for v in values]
