"""A seeded, labelled corpus of client-list cells for the context-dependent validators.

    python benchmarks/validity_corpus.py [--rows N] [--seed S]

Each generated file is a frame with its own headers (as a firm's export writes them), the
``columns`` mapping back to canonical fields, and a label per cell: ``ok`` (a correct value,
which must not get an error or warning) or ``bad`` (a planted error, which must). Correct values
are built from the public rules (the Belgian NN/BIS checksum, INSEE's NIR key, the Romanian CNP,
the Latvian personas kods, the Dutch eleven test, phonenumbers' own metadata) and checked with
python-stdnum / phonenumbers before use; nothing comes from a sample file.

Files: a Dutch-headed Belgian client list with foreign residents (BIS numbers in the
Rijksregisternummer column, French phones and postcodes on French addresses, nationalities as
adjectives in nl/fr/de/en); an English US/UK/AU/ES contact list with State and Country columns;
a generic "National ID" list where the row's country picks the scheme; and names and streets
with legitimate accents beside mojibake and lost characters.

The script cleans every file (``clientmig.clean``) and prints recall of the planted errors and
the rate of correct cells flagged (error or warning), overall and per field.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import phonenumbers
import polars as pl
from stdnum.be import ssn
from stdnum.fr import nir
from stdnum.lv import pvn
from stdnum.nl import bsn
from stdnum.ro import cnp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

Label = dict[str, str]


@dataclass
class CorpusFile:
    """One export: its rows (header -> text), canonical mapping and per-cell labels."""

    name: str
    headers: dict[str, str]  # canonical field -> header as written
    rows: list[dict[str, str | None]]  # canonical field -> value
    labels: list[Label]  # canonical field -> "ok" | "bad"
    expected: list[dict[str, str]] | None = None  # field -> the right cleaned value (phones)

    def frame(self) -> pl.DataFrame:
        """Canonical frame with lineage (``_source`` is the file name)."""
        fields = list(self.headers)
        data = {f: [r.get(f) for r in self.rows] for f in fields}
        frame = pl.DataFrame(data, schema=dict.fromkeys(fields, pl.String))
        return frame.with_columns(
            pl.lit(self.name).alias("_source"),
            pl.lit(None, pl.String).alias("_sheet"),
            (pl.int_range(pl.len(), dtype=pl.Int64) + 2).alias("_row"),
        )


# ---------------------------------------------------------------- numbers from the rules
TODAY = datetime.date(2026, 6, 15)


def _birth(rng: random.Random) -> datetime.date:
    start = datetime.date(1940, 1, 1)
    return start + datetime.timedelta(
        days=rng.randrange((datetime.date(2009, 12, 31) - start).days)
    )


def be_number(rng: random.Random, born: datetime.date, *, bis: int = 0) -> str:
    """A Belgian NN (``bis=0``) or BIS (month + 20 or + 40) number for ``born``."""
    body = f"{born:%y}{born.month + bis:02d}{born:%d}{rng.randrange(1, 998):03d}"
    base = int(body) + (2_000_000_000 if born.year >= 2000 else 0)
    number = body + f"{97 - base % 97:02d}"
    assert ssn.is_valid(number), number
    return number


def fr_nir(rng: random.Random, born: datetime.date) -> str:
    body = (
        f"{rng.choice('12')}{born:%y}{born:%m}{rng.randrange(1, 96):02d}{rng.randrange(1, 990):03d}"
    )
    body += f"{rng.randrange(1, 999):03d}"
    number = body + nir.calc_check_digits(body)
    assert nir.is_valid(number), number
    return number


def ro_cnp(rng: random.Random, born: datetime.date) -> str:
    sex = rng.choice("12") if born.year < 2000 else rng.choice("56")
    body = f"{sex}{born:%y%m%d}{rng.randrange(1, 47):02d}{rng.randrange(1, 999):03d}"
    number = body + cnp.calc_check_digit(body)
    assert cnp.is_valid(number), number
    return number


def lv_code(rng: random.Random, born: datetime.date) -> str:
    century = {18: "0", 19: "1", 20: "2"}[born.year // 100]
    body = f"{born:%d%m%y}{century}{rng.randrange(0, 999):03d}"
    number = body + pvn.calc_check_digit_pers(body)
    assert pvn.is_valid(number), number
    return f"{number[:6]}-{number[6:]}"


def nl_bsn(rng: random.Random) -> str:
    while True:
        digits = f"{rng.randrange(10_000_000, 99_999_999):08d}"
        total = sum((9 - i) * int(d) for i, d in enumerate(digits))
        last = total % 11
        if last < 10 and bsn.is_valid(digits + str(last)):
            return digits + str(last)


def phone(rng: random.Random, region: str, *, mobile: bool = True) -> str:
    """A valid national-format phone number of ``region``."""
    kind = (
        phonenumbers.PhoneNumberType.MOBILE if mobile else phonenumbers.PhoneNumberType.FIXED_LINE
    )
    example = phonenumbers.example_number_for_type(region, kind)
    nsn = str(example.national_number)
    while True:
        candidate = nsn[:-4] + f"{rng.randrange(10_000):04d}"
        if region in ("US", "CA"):
            candidate = nsn[:3] + f"{rng.randrange(2, 10)}" + f"{rng.randrange(1_000_000):06d}"
        number = phonenumbers.parse(candidate, region)
        if phonenumbers.is_valid_number(number):
            return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL))


def damage_checksum(number: str) -> str:
    """The same number with its last digit changed (an invalid checksum)."""
    return number[:-1] + str((int(number[-1]) + 3) % 10)


# ---------------------------------------------------------------- the files
FIRST = ["Jan", "Katrien", "Frédéric", "Hélène", "Zoë", "José", "Ana", "Jānis", "Ioana", "Björn"]
LAST = ["Peeters", "Müller", "Dvořák", "Ozoliņš", "Popescu", "Dubois", "Van den Berghe", "Núñez"]
STREETS = ["Rue de l'Église 5", "Kerkstraat 12", "Straße des 17. Juni 3", "Brīvības iela 40"]
BE_NATIONALITY = ["Belg", "Belgische", "belge", "BELG", "Belgian", "Belgisch", "BE", "BEL"]
FOREIGN = {
    "FR": ["Frans", "Française", "français", "Französisch", "French", "FRA"],
    "RO": ["Roemeens", "Roumain", "roumaine", "Rumänisch", "Romanian", "ROU"],
    "LV": ["Lets", "Letton", "lettone", "Lettisch", "Latvian", "LVA"],
    "NL": ["Nederlands", "Néerlandais", "Niederländisch", "Dutch", "NLD"],
    "DE": ["Duits", "Allemand", "Deutsch", "German", "DEU", "deutsche"],
}
COUNTRY_NAMES = {
    "BE": ["België", "Belgique", "Belgium", "BELGIE", "BE"],
    "FR": ["Frankrijk", "France", "Frankreich", "FR"],
    "US": ["USA", "United States", "Verenigde Staten", "US"],
    "GB": ["United Kingdom", "UK", "Royaume-Uni", "Verenigd Koninkrijk"],
    "AU": ["Australia", "Australië", "AUS"],
    "ES": ["Spain", "España", "Spanje", "Espagne"],
}
MOJIBAKE = {"François": "FranÃ§ois", "Müller": "MÃ¼ller", "Hélène": "HÃ©lÃ¨ne"}
LOST = ["Katr?na", "M?ller", "Fran?ois", "Dvo\ufffd\ufffdk", "Jos\ufffd"]


def belgian_list(rng: random.Random, n: int) -> CorpusFile:
    headers = {
        "first_name": "Voornaam",
        "last_name": "Naam",
        "nationality": "Nationaliteit",
        "country": "Land",
        "national_id": "Rijksregisternummer",
        "phone_mobile": "GSM",
        "postcode": "Postcode",
        "street": "Straat",
    }
    rows, labels = [], []
    for i in range(n):
        born = _birth(rng)
        foreign = rng.random() < 0.35
        nat_cc = rng.choice(list(FOREIGN)) if foreign else "BE"
        lives_fr = foreign and rng.random() < 0.4
        row: dict[str, str | None] = {
            "first_name": rng.choice(FIRST),
            "last_name": rng.choice(LAST),
            "nationality": rng.choice(FOREIGN[nat_cc] if foreign else BE_NATIONALITY),
            "country": rng.choice(COUNTRY_NAMES["FR" if lives_fr else "BE"]),
            "national_id": be_number(rng, born, bis=rng.choice((20, 40)) if foreign else 0),
            "phone_mobile": phone(rng, "FR" if lives_fr else "BE"),
            "postcode": f"{rng.randrange(10, 96):02d}{rng.randrange(1000):03d}"
            if lives_fr
            else str(rng.randrange(1000, 9999)),
            "street": rng.choice(STREETS),
        }
        label = dict.fromkeys(row, "ok")
        roll = rng.random()
        number = row["national_id"] or ""
        if roll < 0.06:
            row["national_id"], label["national_id"] = damage_checksum(number), "bad"
        elif roll < 0.10:
            row["national_id"] = number.lstrip("0") + ".0"  # Excel float: repaired, not an error
        elif roll < 0.13:
            row["phone_mobile"], label["phone_mobile"] = "0475 12 34", "bad"
        elif roll < 0.16:
            # Invalid in the row's own country ("10000" is a valid French postcode).
            wrong = ["750012", "F-12", "ABC"] if lives_fr else ["10000", "B-12", "ABC"]
            row["postcode"], label["postcode"] = rng.choice(wrong), "bad"
        elif roll < 0.20:
            bad = rng.choice(list(MOJIBAKE.values()) + LOST)
            row["first_name"], label["first_name"] = bad, "bad"
        if i % 25 == 0:
            row["nationality"], label["nationality"] = "Qwerty", "bad"
        rows.append(row)
        labels.append(label)
    return CorpusFile("belgian_clients.csv", headers, rows, labels)


US_STATES = ["CA", "NY", "TX", "Florida", "Washington", "IL"]
AU_STATES = ["NSW", "VIC", "Queensland", "WA"]


def english_list(rng: random.Random, n: int) -> CorpusFile:
    headers = {
        "first_name": "First Name",
        "last_name": "Last Name",
        "street": "Business Street",
        "region": "Business State",
        "country": "Business Country/Region",
        "postcode": "Business Postal Code",
        "phone": "Business Phone",
        "phone_mobile": "Mobile Phone",
    }
    rows, labels = [], []
    for _ in range(n):
        cc = rng.choice(["US", "US", "GB", "AU", "ES", "FR"])
        region = {"US": rng.choice(US_STATES), "AU": rng.choice(AU_STATES)}.get(cc)
        # A state alone says the country: US/AU rows often leave Country blank.
        country = None if region and rng.random() < 0.5 else rng.choice(COUNTRY_NAMES[cc])
        postcode = {
            "US": f"{rng.randrange(10_000, 99_999)}",
            "GB": rng.choice(["SW1A 1AA", "EC1A 1BB", "M1 1AE", "B33 8TH", "CR2 6XH"]),
            "AU": f"{rng.randrange(2000, 7999)}",
            "ES": f"{rng.randrange(1, 52):02d}{rng.randrange(1000):03d}",
            "FR": f"{rng.randrange(10, 96):02d}{rng.randrange(1000):03d}",
        }[cc]
        row: dict[str, str | None] = {
            "first_name": rng.choice(FIRST),
            "last_name": rng.choice(LAST),
            "street": rng.choice(STREETS),
            "region": region,
            "country": country,
            "postcode": postcode,
            "phone": phone(rng, cc, mobile=False),
            "phone_mobile": phone(rng, cc),
        }
        label = {k: "ok" for k, v in row.items() if v is not None}
        roll = rng.random()
        if roll < 0.06:
            row["phone"], label["phone"] = "12345", "bad"
        elif roll < 0.10:
            row["street"], label["street"] = rng.choice(["CafÃ© Street 1", "Caf? Road 2"]), "bad"
        rows.append(row)
        labels.append(label)
    return CorpusFile("contacts_en.csv", headers, rows, labels)


def generic_ids(rng: random.Random, n: int) -> CorpusFile:
    headers = {
        "first_name": "Prénom",
        "last_name": "Nom",
        "country": "Pays",
        "national_id": "National ID",
        "date_of_birth": "Date de naissance",
    }
    makers: dict[str, Callable[[datetime.date], str]] = {
        "BE": lambda b: be_number(rng, b),
        "FR": lambda b: fr_nir(rng, b),
        "RO": lambda b: ro_cnp(rng, b),
        "LV": lambda b: lv_code(rng, b),
        "NL": lambda b: nl_bsn(rng),
    }
    names = {"BE": "Belgique", "FR": "France", "RO": "Roumanie", "LV": "Lettonie", "NL": "Pays-Bas"}
    rows, labels = [], []
    for _ in range(n):
        cc = rng.choice(list(makers))
        born = _birth(rng)
        number = makers[cc](born)
        row: dict[str, str | None] = {
            "first_name": rng.choice(FIRST),
            "last_name": rng.choice(LAST),
            "country": names[cc],
            "national_id": number,
            "date_of_birth": born.isoformat(),
        }
        label = dict.fromkeys(row, "ok")
        if rng.random() < 0.08:
            digits = number.replace("-", "")
            row["national_id"], label["national_id"] = damage_checksum(digits), "bad"
        rows.append(row)
        labels.append(label)
    return CorpusFile("identities_fr.xlsx", headers, rows, labels)


def e164(number: str, region: str) -> str:
    parsed = phonenumbers.parse(number, region)
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def residents_without_country(rng: random.Random, n: int) -> CorpusFile:
    """A Belgian list with no country column: foreign nationals living in Belgium (Belgian
    phones, which their nationality must not re-read), BIS numbers under a generic header,
    numbers Excel made numbers, and a few foreign phones written with their prefix."""
    headers = {
        "first_name": "Voornaam",
        "last_name": "Achternaam",
        "nationality": "Nationaliteit",
        "national_id": "ID nummer",
        "phone_mobile": "GSM",
        "phone": "Telefoon",
        "postcode": "Postcode",
        "notes": "Opmerkingen",
    }
    rows, labels, expected = [], [], []
    for _ in range(n):
        born = _birth(rng)
        nat = rng.choice(["BE", "FR", "FR", "RO", "LV", "NL", "DE"])
        number = be_number(rng, born, bis=0 if nat == "BE" else rng.choice((20, 40)))
        mobile = phone(rng, "BE")
        fixed_line = phone(rng, "BE", mobile=False)
        foreign_prefix = rng.random() < 0.15
        if foreign_prefix:  # a French number written with its prefix, on a Belgian client
            fixed_line = "+33 " + phone(rng, "FR", mobile=False)[1:]
        row: dict[str, str | None] = {
            "first_name": rng.choice(FIRST),
            "last_name": rng.choice(LAST),
            "nationality": rng.choice(FOREIGN.get(nat, BE_NATIONALITY)),
            "national_id": number,
            "phone_mobile": mobile,
            "phone": fixed_line,
            "postcode": str(rng.randrange(1000, 9999)),
            "notes": rng.choice(["Klant sinds 2019?", "zie https://x.be/p?id=4", None, "VIP"]),
        }
        want = {
            "phone_mobile": e164(mobile, "BE"),
            "phone": e164(fixed_line, "FR" if foreign_prefix else "BE"),
        }
        label = {k: "ok" for k, v in row.items() if v is not None}
        roll = rng.random()
        if roll < 0.05:
            row["phone_mobile"] = e164(mobile, "BE")[1:] + ".0"  # Excel number: repaired
        elif roll < 0.10:
            row["national_id"], label["national_id"] = damage_checksum(number), "bad"
        elif roll < 0.14:
            row["last_name"], label["last_name"] = rng.choice(LOST + list(MOJIBAKE.values())), "bad"
        rows.append(row)
        labels.append(label)
        expected.append(want)
    return CorpusFile("klanten_zonder_land.csv", headers, rows, labels, expected)


def corpus(rows: int = 400, seed: int = 19) -> list[CorpusFile]:
    """The corpus: four files of ``rows`` rows each."""
    rng = random.Random(seed)
    return [
        belgian_list(rng, rows),
        english_list(rng, rows),
        generic_ids(rng, rows),
        residents_without_country(rng, rows),
    ]


# ---------------------------------------------------------------- scoring
def score(files: list[CorpusFile]) -> dict[str, Any]:
    """Clean each file and count flagged cells (error or warning) against the labels."""
    from clientmig import clean

    per_field: dict[str, dict[str, int]] = {}
    rewrites = {"checked": 0, "wrong": 0}
    for f in files:
        cleaned = clean(f.frame(), columns=f.headers)
        for i, want in enumerate(f.expected or []):
            for fld, value in want.items():
                rewrites["checked"] += 1
                rewrites["wrong"] += cleaned.frame[fld][i] != value
        flagged = cleaned.issues.filter(pl.col("severity").is_in(["error", "warning"]))
        hits = {(int(r), fld) for r, fld in flagged.select("row", "field").iter_rows()}
        for i, label in enumerate(f.labels):
            for fld, kind in label.items():
                counts = per_field.setdefault(fld, {"ok": 0, "bad": 0, "false": 0, "caught": 0})
                counts[kind] += 1
                if (i + 2, fld) in hits:
                    counts["caught" if kind == "bad" else "false"] += 1
    ok = sum(c["ok"] for c in per_field.values())
    bad = sum(c["bad"] for c in per_field.values())
    return {
        "cells_ok": ok,
        "cells_bad": bad,
        "false_rate": sum(c["false"] for c in per_field.values()) / ok,
        "recall": sum(c["caught"] for c in per_field.values()) / bad,
        "per_field": per_field,
        "phones_checked": rewrites["checked"],
        "phones_wrong": rewrites["wrong"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=400)
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args(argv)
    result = score(corpus(args.rows, args.seed))
    print(
        f"cells ok {result['cells_ok']}, bad {result['cells_bad']}: "
        f"false-flag rate {result['false_rate']:.2%}, recall {result['recall']:.2%}; "
        f"phones cleaned to another number: {result['phones_wrong']}/{result['phones_checked']}"
    )
    for fld, c in sorted(result["per_field"].items()):
        print(
            f"  {fld:15} ok {c['ok']:5} false {c['false']:4}   bad {c['bad']:4} caught {c['caught']:4}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
