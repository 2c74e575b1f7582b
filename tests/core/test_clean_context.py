"""The row says its country first; the column's header says an ID's scheme (#19, #20 item 2)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import phonenumbers
import polars as pl
import pytest
from babel import Locale
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.be import ssn
from stdnum.fr import nir
from stdnum.ro import cnp

from clientmig import clean
from clientmig.pipeline import Recipe, prepare
from clientmig.validators import national_id

# Numbers built from the public rules (checked against python-stdnum below).
BIS_FOREIGN = "98472899765"  # 1998-07-28, BIS month + 40
NN_BELGIAN = "85073003328"
NIR_FR = "255081416802538"
CNP_RO = "1850730123450"[:-1] + cnp.calc_check_digit("185073012345")


def _bad(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 3) % 10)


def _flags(frame: pl.DataFrame, columns: dict[str, str], **kw: object) -> pl.DataFrame:
    issues = clean(frame, columns=columns, **kw).issues  # type: ignore[arg-type]
    return issues.filter(pl.col("severity").is_in(["error", "warning"]))


def test_the_numbers_are_what_they_claim() -> None:
    assert ssn.is_valid(BIS_FOREIGN)
    assert ssn.guess_type(BIS_FOREIGN) == "bis"
    assert ssn.is_valid(NN_BELGIAN)
    assert nir.is_valid(NIR_FR)
    assert cnp.is_valid(CNP_RO)


@pytest.mark.parametrize(
    "header", ["Rijksregisternummer", "INSZ", "NISS", "Numéro national", "BIS-nummer"]
)
@pytest.mark.parametrize("nationality", ["Française", "Roemeens", "Lets", "US", "Belg"])
def test_a_belgian_header_holds_belgian_numbers_whatever_the_nationality(
    header: str, nationality: str
) -> None:
    frame = pl.DataFrame(
        {
            "national_id": [BIS_FOREIGN, NN_BELGIAN, _bad(BIS_FOREIGN)],
            "nationality": [nationality] * 3,
            "country": ["France"] * 3,
        }
    )
    flags = _flags(frame, {"national_id": header})
    ids = flags.filter(pl.col("field") == "national_id")
    assert ids["row"].to_list() == [4]
    assert ids["code"].to_list() == ["national_id.checksum"]
    assert ids["message"].item().endswith("(checked as a Belgian national or BIS number).")
    assert ids["column"].item() == header


@pytest.mark.parametrize(
    ("header", "number", "scheme"),
    [("CNP", CNP_RO, "Romanian CNP"), ("NIR", NIR_FR, "French NIR")],
)
def test_scheme_headers_pick_their_scheme(header: str, number: str, scheme: str) -> None:
    frame = pl.DataFrame({"national_id": [number, _bad(number)], "nationality": ["Belg"] * 2})
    ids = _flags(frame, {"national_id": header})
    assert ids["row"].to_list() == [3]
    assert scheme in ids["message"].item()


def test_a_generic_header_uses_the_rows_country_and_says_which_scheme() -> None:
    frame = pl.DataFrame(
        {
            "national_id": [NIR_FR, CNP_RO, NN_BELGIAN, _bad(NIR_FR), _bad(CNP_RO)],
            "country": ["France", "Roumanie", "Belgique", "Frankrijk", "România"],
        }
    )
    ids = _flags(frame, {"national_id": "National ID"})
    assert ids["row"].to_list() == [5, 6]
    messages = ids["message"].to_list()
    assert "French NIR" in messages[0]
    assert "Romanian CNP" in messages[1]


def test_no_error_on_a_valid_number_because_of_the_nationality() -> None:
    """#19 item 10: a Belgian resident of French nationality with a Belgian number."""
    frame = pl.DataFrame(
        {"national_id": [NN_BELGIAN], "nationality": ["Française"], "country": ["Belgique"]}
    )
    assert _flags(frame, {"national_id": "Government ID"}).is_empty()


def test_a_number_valid_only_elsewhere_than_the_rows_countries_is_still_an_error() -> None:
    frame = pl.DataFrame({"national_id": [NIR_FR], "country": ["Belgium"]})
    ids = _flags(frame, {"national_id": "ID number"})
    assert ids["code"].to_list() == ["national_id.length"]


def test_us_state_decides_phones_and_postcodes() -> None:
    frame = pl.DataFrame(
        {
            "phone": ["(415) 555-2671", "(02) 9374 4000", "0412 345 678", "020 7946 0018"],
            "region": ["CA", "NSW", "WA", None],
            "postcode": ["94103", "2000", "6000", "SW1A 1AA"],
        }
    )
    cleaned = clean(frame)
    flags = cleaned.issues.filter(pl.col("severity").is_in(["error", "warning"]))
    assert flags.is_empty(), flags
    assert cleaned.frame["phone"].to_list() == [
        "+14155552671",
        "+61293744000",
        "+61412345678",
        "+442079460018",
    ]


def test_a_french_04_number_is_read_as_french_where_the_row_says_france() -> None:
    frame = pl.DataFrame(
        {"phone": ["04 91 23 45 67", "04 91 23 45 67"], "country": ["Frankrijk", None]}
    )
    assert clean(frame).frame["phone"].to_list() == ["+33491234567", "+32491234567"]


def test_a_misspelt_country_still_says_where_the_row_is() -> None:
    cleaned = clean(pl.DataFrame({"phone": ["04 91 23 45 67"], "country": ["Frankrijck"]}))
    assert cleaned.frame["phone"].item() == "+33491234567"
    assert cleaned.issues.filter(pl.col("severity") == "warning")["code"].to_list() == [
        "country.misspelt"
    ]


def test_a_sibling_phone_prefix_is_a_hint_where_the_default_rejects() -> None:
    frame = pl.DataFrame(
        {
            "phone": ["+33 1 42 68 53 00", "+33 1 42 68 53 00"],
            "phone_mobile": ["06 12 34 56 78", "0475 12 34 56"],
            "postcode": ["75001", "1000"],
        }
    )
    cleaned = clean(frame)
    # A Belgian mobile stays Belgian; a number only France accepts is suggested, not rewritten.
    assert cleaned.frame["phone_mobile"].to_list() == ["06 12 34 56 78", "+32475123456"]
    assert cleaned.frame["postcode"].to_list() == ["75001", "1000"]
    flags = cleaned.issues.filter(pl.col("severity").is_in(["error", "warning"]))
    assert flags.select("field", "code", "suggestion").rows() == [
        ("phone_mobile", "phone.other_country", "+33612345678")
    ]


def test_a_number_valid_in_the_nationalitys_country_is_suggested_not_rewritten() -> None:
    frame = pl.DataFrame({"phone": ["06 12 34 56 78"], "nationality": ["Française"]})
    cleaned = clean(frame)
    assert cleaned.frame["phone"].item() == "06 12 34 56 78"
    issue = cleaned.issues.filter(pl.col("field") == "phone")
    assert issue["code"].item() == "phone.other_country"
    assert issue["severity"].item() == "warning"
    assert issue["suggestion"].item() == "+33612345678"


def test_each_file_keeps_its_own_header() -> None:
    """#19 item 8: several input files, each issue names its own file's header."""
    frame = pl.DataFrame(
        {
            "national_id": [_bad(NN_BELGIAN), _bad(NN_BELGIAN)],
            "_source": ["a.csv", "b.xlsx"],
            "_sheet": [None, "Klanten"],
            "_row": [2, 5],
        },
        schema_overrides={"_sheet": pl.String},
    )
    headers = {"a.csv": {"national_id": "INSZ"}, "b.xlsx": {"national_id": "Rijksregisternr"}}
    issues = _flags(frame, {"national_id": "INSZ"}, headers=headers)
    assert issues.select("source", "column").rows() == [
        ("a.csv", "INSZ"),
        ("b.xlsx", "Rijksregisternr"),
    ]


def _be_number(born: dt.date, counter: int, bis: int) -> str:
    body = f"{born:%y}{born.month + bis:02d}{born:%d}{counter:03d}"
    base = int(body) + (2_000_000_000 if born.year >= 2000 else 0)
    return body + f"{97 - base % 97:02d}"


@settings(max_examples=60, deadline=None)
@given(
    born=st.dates(dt.date(1930, 1, 1), dt.date(2025, 12, 31)),
    counter=st.integers(1, 997),
    bis=st.sampled_from([0, 20, 40]),
    nationality=st.sampled_from(["Frans", "Roumain", "Letton", "Deutsch", "Nederlandse", "USA"]),
    header=st.sampled_from(["Rijksregisternummer", "INSZ", "NISS", "numéro de registre national"]),
)
def test_belgian_headed_numbers_are_judged_by_stdnum_whatever_the_nationality(
    born: dt.date, counter: int, bis: int, nationality: str, header: str
) -> None:
    number = _be_number(born, counter, bis)
    frame = pl.DataFrame({"national_id": [number], "nationality": [nationality]})
    assert _flags(frame, {"national_id": header}).is_empty() == ssn.is_valid(number)
    assert national_id.scheme_for_header(header) == "BE"


def test_prepare_names_each_files_own_header(tmp_path: Path) -> None:
    """#19 item 8 end to end: two exports whose national-number columns are headed differently."""
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(f"Voornaam;Naam;Rijksregisternummer\nJan;Peeters;{_bad(NN_BELGIAN)}\n")
    second.write_text(f"First Name,Last Name,INSZ\nAn,Maes,{_bad(NN_BELGIAN)}\n")
    prepared = prepare(Recipe(target="karbon"), [first, second])
    ids = prepared.issues.filter(pl.col("code") == "national_id.checksum")
    assert sorted(ids.select("source", "column").rows()) == [
        ("first.csv", "Rijksregisternummer"),
        ("second.csv", "INSZ"),
    ]


def test_numbers_excel_made_are_noted_and_repaired() -> None:
    """#19 item 4: a float, a dropped leading zero (proved by the checksum), lost digits."""
    born_2003 = _be_number(dt.date(2003, 2, 14), 123, 0)
    frame = pl.DataFrame(
        {
            "national_id": [born_2003.lstrip("0") + ".0", "8.5073E+10", NN_BELGIAN + ".0"],
            "postcode": ["1000.0", "8000", "75001"],
            "country": ["Belgique", "France", "France"],
        }
    )
    cleaned = clean(frame, columns={"national_id": "INSZ"})
    assert cleaned.frame["national_id"].to_list() == [born_2003, "8.5073E+10", NN_BELGIAN]
    assert cleaned.frame["postcode"].to_list() == ["1000", "08000", "75001"]
    found = cleaned.issues.filter(pl.col("field") != "country").sort("field", "row")
    found = found.select("field", "row", "code", "severity")
    assert found.rows() == [
        ("national_id", 2, "national_id.fixed", "info"),
        ("national_id", 3, "national_id.excel_digits_lost", "error"),
        ("national_id", 4, "national_id.fixed", "info"),
        ("postcode", 2, "postcode.fixed", "info"),
        ("postcode", 3, "postcode.fixed", "info"),
    ]
    fixed = cleaned.issues.filter(pl.col("code") == "postcode.fixed")
    assert fixed["suggestion"].to_list() == ["1000", "08000"]


def _valid_phone(region: str, tail: int) -> str | None:
    kind = phonenumbers.PhoneNumberType.MOBILE
    nsn = str(phonenumbers.example_number_for_type(region, kind).national_number)
    number = phonenumbers.parse(nsn[:-4] + f"{tail:04d}", region)
    if not phonenumbers.is_valid_number(number):
        return None
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL))


@settings(max_examples=60, deadline=None)
@given(
    region=st.sampled_from(["US", "GB", "AU", "ES", "FR", "NL", "DE", "CA", "RO", "LV"]),
    locale=st.sampled_from(["en", "nl", "fr", "de"]),
    tail=st.integers(0, 9999),
    upper=st.booleans(),
)
def test_a_phone_is_read_under_the_country_the_row_names_in_any_language(
    region: str, locale: str, tail: int, upper: bool
) -> None:
    national = _valid_phone(region, tail)
    if national is None:
        return
    name = Locale.parse(locale).territories[region]
    frame = pl.DataFrame({"phone": [national], "country": [name.upper() if upper else name]})
    cleaned = clean(frame)
    expected = phonenumbers.format_number(
        phonenumbers.parse(national, region), phonenumbers.PhoneNumberFormat.E164
    )
    assert cleaned.frame["phone"].item() == expected
    assert cleaned.issues.filter(pl.col("severity").is_in(["error", "warning"])).is_empty()


def test_each_file_proves_its_own_date_order() -> None:
    """A Belgian list (day first) beside an Outlook export (month first): each file's column
    decides for its own rows, so 7/5/1948 is 7 May in one and July 5 in the other."""
    belgian = pl.DataFrame(
        {"date_of_birth": ["25/12/1970", "7/5/1948"], "_source": "lijst.csv", "_row": [2, 3]}
    )
    outlook = pl.DataFrame(
        {"date_of_birth": ["5/14/1953", "7/5/1948"], "_source": "outlook.csv", "_row": [2, 3]}
    )
    frame = pl.concat([belgian, outlook]).with_columns(pl.lit(None, pl.String).alias("_sheet"))
    cleaned = clean(frame)
    assert cleaned.frame.get_column("date_of_birth").to_list() == [
        "1970-12-25",
        "1948-05-07",
        "1953-05-14",
        "1948-07-05",
    ]
    assert "date.ambiguous" not in cleaned.issues.get_column("code").to_list()
