"""A file that says nothing of its country is read as the country its phones, postcodes and
e-mail domains show (validators.file_country), never as the default against its own evidence."""

from __future__ import annotations

import random

import polars as pl

import clientmig as cm
from clientmig.validators import file_country


def _pairs(rng: random.Random, n: int = 4) -> str:
    return " ".join(f"{rng.randrange(10, 100)}" for _ in range(n))


def _french(n: int = 30) -> pl.DataFrame:
    rng = random.Random(5)
    return pl.DataFrame(
        {
            "Prénom": ["Jean", "Marie", "Luc"] * (n // 3),
            "Nom": [f"Durand-{chr(97 + i % 26)}{chr(97 + i // 26)}" for i in range(n)],
            "Adresse de messagerie": [f"client{i}@orange.fr" for i in range(n)],
            # 06 10 to 06 68: 0669 and up belong to the overseas departments
            "Téléphone mobile": [f"06 {rng.randrange(10, 69)} {_pairs(rng, 3)}" for _ in range(n)],
            "Code postal (bureau)": [["75008", "69002", "13001", "33000"][i % 4] for i in range(n)],
            "Ville (bureau)": ["Paris"] * n,
            "Pays/Région (bureau)": [""] * n,
        }
    )


def _cleaned(frame: pl.DataFrame, source: str = "contacts.csv") -> cm.Cleaned:
    framed = frame.with_columns(
        pl.lit(source).alias("_source"),
        pl.lit(None, pl.String).alias("_sheet"),
        pl.int_range(2, frame.height + 2).alias("_row"),
    )
    mapping = cm.suggest_mapping(framed, "karbon")
    return cm.clean(mapping.apply(framed), None, columns=mapping.column_of())


def test_a_french_address_book_without_countries_is_read_as_french() -> None:
    cleaned = _cleaned(_french())
    issues = cleaned.issues
    assert issues.filter(pl.col("code").is_in(["phone.invalid", "postcode.invalid"])).is_empty()
    assert cleaned.frame["phone_mobile"].str.starts_with("+336").all()
    note = issues.filter(pl.col("code") == "country.from_file")
    assert note.select("source", "value", "severity").rows() == [("contacts.csv", "FR", "info")]


def test_validating_the_cleaned_rows_finds_the_same_country() -> None:
    cleaned = _cleaned(_french())
    report = cm.validate(cleaned.frame, "karbon", issues=cleaned.issues)
    found = report.issues.filter(pl.col("code").is_in(["phone.invalid", "postcode.invalid"]))
    assert found.is_empty()
    assert report.summary["rejected"] == 0


def test_a_german_file_is_read_as_german() -> None:
    rng = random.Random(6)
    frame = pl.DataFrame(
        {
            "Vorname": ["Hans", "Anna"] * 10,
            "Nachname": [f"Schmidt-{chr(97 + i)}" for i in range(20)],
            "E-Mail-Adresse": [f"k{i}@gmail.com" for i in range(20)],
            "Mobiltelefon": [f"0151 {rng.randrange(1000000, 9999999)}0" for _ in range(20)],
            "Postleitzahl geschäftlich": ["10115", "80331", "50667", "20095"] * 5,
        }
    )
    cleaned = _cleaned(frame, "kontakte.csv")
    note = cleaned.issues.filter(pl.col("code") == "country.from_file")
    assert note["value"].to_list() == ["DE"]
    assert cleaned.frame["phone_mobile"].str.starts_with("+49").all()


def test_a_belgian_list_with_one_french_client_keeps_belgium() -> None:
    rng = random.Random(7)
    belgian = pl.DataFrame(
        {
            "Voornaam": ["Jan", "Els"] * 10,
            "Naam": [f"Peeters-{chr(97 + i)}" for i in range(20)],
            "GSM": [f"0475 {_pairs(rng, 3)}" for _ in range(20)],
            "Postcode": ["9000", "2000", "1000", "3000"] * 5,
        }
    )
    one_french = pl.concat(
        [
            belgian,
            pl.DataFrame(
                {
                    "Voornaam": ["Marie"],
                    "Naam": ["Dubois"],
                    "GSM": ["06 12 34 56 78"],
                    "Postcode": ["75008"],
                }
            ),
        ]
    )
    cleaned = _cleaned(one_french, "klanten.csv")
    assert cleaned.issues.filter(pl.col("code") == "country.from_file").is_empty()
    assert cleaned.frame["phone_mobile"].head(20).str.starts_with("+32").all()
    flagged = cleaned.issues.filter(pl.col("code") == "phone.invalid")["value"].to_list()
    assert flagged == ["06 12 34 56 78"]  # one French number in a Belgian list: still said


def test_rows_that_say_their_country_are_not_guessed_for() -> None:
    frame = _french().with_columns(pl.lit("Belgique").alias("Pays/Région (bureau)"))
    cleaned = _cleaned(frame)
    assert cleaned.issues.filter(pl.col("code") == "country.from_file").is_empty()


def test_too_little_or_mixed_evidence_keeps_the_default() -> None:
    assert file_country._decide("BE", [], {}) is None
    shares = {"BE": 0.1, "NL": 0.9, "FR": 0.9, "DE": 0.9, "LU": 0.0}
    assert file_country._decide("BE", [shares], shares) is None  # three countries alike
    fits = {"BE": 0.6, "NL": 0.0, "FR": 1.0, "DE": 0.9, "LU": 0.0}
    assert file_country._decide("BE", [fits], fits) is None  # the default fits well enough
