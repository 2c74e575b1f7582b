"""Write the synthetic, messy sample exports in sample_data/ (seeded: identical bytes on every run).

Every person, number and address here is invented. Numbers that should be valid are made valid
(Belgian mod-97 checks), and then damaged the way real exports damage them. Each planted problem
is listed in sample_data/planted.csv with the cell it sits in and the issue code clientmig should
report; sample_data/README.md is generated from it.

Usage: python scripts/make_sample_data.py [OUT_DIR]   (default: sample_data/)
"""

from __future__ import annotations

import csv
import io
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

SEED = 20261122
TODAY = date(2026, 11, 22)

FIRST_NL_M = [
    "Jan",
    "Pieter",
    "Koen",
    "Bart",
    "Wouter",
    "Johannes",
    "Frederik",
    "Dirk",
    "Tom",
    "Stijn",
    "Jeroen",
    "Luc",
    "Marc",
    "Filip",
    "Hendrik",
    "William",
    "Robert",
]
FIRST_NL_F = [
    "An",
    "Katrien",
    "Els",
    "Sofie",
    "Lotte",
    "Marieke",
    "Hilde",
    "Griet",
    "Ine",
    "Nathalie",
    "Elisabeth",
    "Annelies",
    "Veerle",
    "Liesbeth",
]
FIRST_FR_M = ["Frédéric", "Jean", "Pierre", "Étienne", "François", "Olivier", "Benoît", "Luc"]
FIRST_FR_F = ["Céline", "Hélène", "Sophie", "Isabelle", "Aurélie", "Chloé", "Amélie"]
LAST_NL = [
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Van den Berghe",
    "Vandenbroucke",
    "De Clercq",
    "Van Damme",
    "Verhoeven",
    "Declercq",
    "Van der Linden",
    "Dubois",
    "Lambert",
    "Dupont",
]
LAST_FR = [
    "Dubois",
    "Lambert",
    "Dupont",
    "Martin",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Leroy",
    "Renard",
    "Lemaire",
]
NICK = {
    "Johannes": "Hans",
    "William": "Bill",
    "Frédéric": "Fred",
    "Robert": "Bob",
    "Elisabeth": "Liesbeth",
    "Katrien": "Kathy",
}
CITIES = [
    ("9000", "Gent"),
    ("2000", "Antwerpen"),
    ("1000", "Brussel"),
    ("3000", "Leuven"),
    ("8000", "Brugge"),
    ("4000", "Liège"),
    ("5000", "Namur"),
    ("2800", "Mechelen"),
    ("9300", "Aalst"),
    ("3500", "Hasselt"),
    ("1300", "Wavre"),
    ("7000", "Mons"),
]
STREETS = [
    "Kerkstraat",
    "Stationsstraat",
    "Dorpsstraat",
    "Molenstraat",
    "Nieuwstraat",
    "Rue de la Station",
    "Rue de l'Église",
    "Grote Markt",
    "Kouter",
    "Meir",
    "Veldstraat",
]
ORG_WORDS = [
    "Acme",
    "Noordzee",
    "Vlaamse",
    "Bakkerij",
    "Dijle",
    "Schelde",
    "Ardennes",
    "Brabant",
    "Kempen",
    "Leie",
    "Horizon",
    "Delta",
    "Polder",
    "Zenit",
]
ORG_KINDS = [
    "Consult",
    "Bouw",
    "Logistics",
    "Trading",
    "Invest",
    "Services",
    "Advies",
    "Immo",
    "Tech",
    "Design",
]
LEGAL = ["BV", "NV", "SRL", "VZW", "CommV", "SA", "ASBL"]
DOMAINS = ["telenet.be", "skynet.be", "proximus.be", "gmail.com", "hotmail.com", "outlook.com"]


# -- valid identifiers --------------------------------------------------------------------------
def national_number(rng: random.Random, born: date, male: bool) -> str:
    """A valid Belgian rijksregisternummer for this birth date and sex (mod 97, 2000 rule)."""
    counter = rng.randrange(1, 997)
    if counter % 2 != (1 if male else 0):
        counter += 1
    base = f"{born:%y%m%d}{counter:03d}"
    value = int(("2" if born.year >= 2000 else "") + base)
    return f"{base}{97 - value % 97:02d}"


def enterprise_number(rng: random.Random) -> str:
    """A valid Belgian enterprise number (10 digits, first 0 or 1, mod 97)."""
    head = rng.randrange(2_000_000, 9_999_999)
    eight = f"0{head:07d}"
    return f"{eight}{97 - int(eight) % 97:02d}"


def nn_dotted(nn: str) -> str:
    return f"{nn[0:2]}.{nn[2:4]}.{nn[4:6]}-{nn[6:9]}.{nn[9:11]}"


def vat_dotted(number: str) -> str:
    return f"{number[0:4]}.{number[4:7]}.{number[7:10]}"


def mobile(rng: random.Random) -> str:
    return (
        f"+32 4{rng.choice('7789')}{rng.randrange(0, 10)} {rng.randrange(10, 100)} "
        f"{rng.randrange(10, 100)} {rng.randrange(10, 100)}"
    )


def landline(area: str, a: int, b: int, c: int) -> str:
    """A Belgian landline in a range phonenumbers accepts (zone 16 has 6-digit numbers)."""
    if len(area) == 2:
        return f"+32 {area} {20 + a % 70} {b} {c}"
    return f"+32 {area} {200 + a % 300} {b} {c}"


def fold(text: str) -> str:
    table = str.maketrans("éèêëàâçîïôöûüÉ", "eeeeaaciioouuE")
    return text.translate(table)


def email_for(rng: random.Random, first: str, last: str) -> str:
    local = f"{fold(first)}.{fold(last)}".lower().replace(" ", "")
    return f"{local}@{rng.choice(DOMAINS)}"


# -- records ------------------------------------------------------------------------------------
@dataclass
class Person:
    first: str
    last: str
    born: date
    male: bool
    nn: str
    email: str
    phone: str
    street: str
    postcode: str
    city: str
    org: str | None
    entity: int


@dataclass
class Org:
    name: str
    legal: str
    number: str
    email: str
    phone: str
    street: str
    postcode: str
    city: str
    client_id: str
    fye_day: int
    fye_month: int
    entity: int


def make_people(rng: random.Random, n: int, orgs: list[Org]) -> list[Person]:
    people = []
    for i in range(n):
        male = rng.random() < 0.5
        french = rng.random() < 0.3
        first = rng.choice(
            (FIRST_FR_M if male else FIRST_FR_F) if french else (FIRST_NL_M if male else FIRST_NL_F)
        )
        last = rng.choice(LAST_FR if french else LAST_NL)
        born = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 70))
        postcode, city = rng.choice(CITIES)
        people.append(
            Person(
                first,
                last,
                born,
                male,
                national_number(rng, born, male),
                email_for(rng, first, last),
                mobile(rng),
                f"{rng.choice(STREETS)} {rng.randrange(1, 180)}",
                postcode,
                city,
                rng.choice(orgs).display if orgs and rng.random() < 0.7 else None,
                i,
            )
        )
    return people


def make_orgs(rng: random.Random, n: int) -> list[Org]:
    orgs, seen = [], set()
    while len(orgs) < n:
        name = f"{rng.choice(ORG_WORDS)} {rng.choice(ORG_KINDS)}"
        if name in seen:
            continue
        seen.add(name)
        legal = rng.choice(LEGAL)
        postcode, city = rng.choice(CITIES)
        day, month = rng.choice([(31, 12), (31, 12), (31, 12), (30, 6), (31, 3), (30, 9)])
        orgs.append(
            Org(
                name,
                legal,
                enterprise_number(rng),
                f"info@{fold(name).lower().replace(' ', '')}.be",
                landline(
                    rng.choice(["9", "3", "2", "16"]),
                    rng.randrange(100, 999),
                    rng.randrange(10, 99),
                    rng.randrange(10, 99),
                ),
                f"{rng.choice(STREETS)} {rng.randrange(1, 180)}",
                postcode,
                city,
                f"C{1000 + len(orgs):05d}",
                day,
                month,
                10_000 + len(orgs),
            )
        )
    return orgs


Org.display = property(lambda self: f"{self.name} {self.legal}")  # type: ignore[attr-defined]


# -- planting ----------------------------------------------------------------------------------
class Planted:
    """Collects planted problems: file, sheet, row, column, kind, expected code, suggestion."""

    def __init__(self) -> None:
        self.rows: list[dict[str, str]] = []

    def add(
        self,
        file: str,
        sheet: str,
        row: int,
        column: str,
        kind: str,
        code: str,
        suggestion: str = "",
    ) -> None:
        self.rows.append(
            {
                "file": file,
                "sheet": sheet,
                "row": str(row),
                "column": column,
                "kind": kind,
                "expected_code": code,
                "expected_suggestion": suggestion,
            }
        )


def write_csv(
    path: Path,
    header: list[str],
    rows: list[list[str]],
    *,
    encoding: str,
    delimiter: str = ",",
    newline: str = "\r\n",
    preamble: str = "",
    footer: str = "",
) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes((preamble + buf.getvalue() + footer).encode(encoding))


OUTLOOK_HEADER = (
    "Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,Business Street,"
    "Business Street 2,Business Street 3,Business City,Business State,Business Postal Code,"
    "Business Country/Region,Home Street,Home Street 2,Home Street 3,Home City,Home State,"
    "Home Postal Code,Home Country/Region,Other Street,Other Street 2,Other Street 3,Other City,"
    "Other State,Other Postal Code,Other Country/Region,Assistant's Phone,Business Fax,"
    "Business Phone,Business Phone 2,Callback,Car Phone,Company Main Phone,Home Fax,Home Phone,"
    "Home Phone 2,ISDN,Mobile Phone,Other Fax,Other Phone,Pager,Primary Phone,Radio Phone,"
    "TTY/TDD Phone,Telex,Account,Anniversary,Assistant's Name,Billing Information,Birthday,"
    "Business Address PO Box,Categories,Children,Directory Server,E-mail Address,E-mail Type,"
    "E-mail Display Name,E-mail 2 Address,E-mail 2 Type,E-mail 2 Display Name,E-mail 3 Address,"
    "E-mail 3 Type,E-mail 3 Display Name,Gender,Government ID Number,Hobby,Home Address PO Box,"
    "Initials,Internet Free Busy,Keywords,Language,Location,Manager's Name,Mileage,Notes,"
    "Office Location,Organizational ID Number,Other Address PO Box,Priority,Private,Profession,"
    "Referred By,Sensitivity,Spouse,User 1,User 2,User 3,User 4,Web Page"
).split(",")


def outlook(out: Path, people: list[Person], planted: Planted) -> None:
    name = "outlook_contacts.csv"
    rows = []
    for i, p in enumerate(people[:40]):
        row = dict.fromkeys(OUTLOOK_HEADER, "")
        row.update(
            {
                "First Name": p.first,
                "Last Name": p.last,
                "Company": p.org or "",
                "Business Street": p.street,
                "Business City": p.city,
                "Business Postal Code": p.postcode,
                "Business Country/Region": "België",
                "Mobile Phone": p.phone,
                "E-mail Address": p.email,
                "E-mail Type": "SMTP",
                "E-mail Display Name": f"{p.first} {p.last} ({p.email})",
                "Birthday": f"{p.born.month}/{p.born.day}/{p.born.year}",
                "Anniversary": "0/0/00",
                "Gender": "Male" if p.male else "Female",
                "Government ID Number": p.nn,
                "Priority": "Normal",
                "Private": "False",
                "Sensitivity": "Normal",
            }
        )
        r = i + 2
        if i == 3:
            row["E-mail Address"] = p.email.replace("@", "@").split("@")[0] + "@gmial.com"
            planted.add(
                name,
                "",
                r,
                "E-mail Address",
                "typo in provider domain",
                "email.typo_domain",
                row["E-mail Address"].replace("gmial", "gmail"),
            )
        if i == 5:
            row["E-mail Type"] = "EX"
            row["E-mail Address"] = (
                "/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP "
                f"(FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN={p.last.upper()}"
            )
            planted.add(
                name, "", r, "E-mail Address", "Exchange X.500 address", "email.exchange_x500"
            )
        if i == 7:
            row["Government ID Number"] = p.nn[:-1] + str((int(p.nn[-1]) + 1) % 10)
            planted.add(
                name,
                "",
                r,
                "Government ID Number",
                "national number check digits",
                "national_id.checksum",
            )
        if i == 8:
            row["First Name"], row["Last Name"] = p.first.upper(), p.last.upper()
            planted.add(name, "", r, "First Name", "name in capitals", "person_name.recased")
        if i == 10:
            row["Mobile Phone"] = '=HYPERLINK("http://example.invalid","call me")'
            planted.add(
                name, "", r, "Mobile Phone", "formula-like cell", "export.formula_neutralised"
            )
        if i == 12:
            row["Birthday"] = "0/0/00"
            planted.add(name, "", r, "Birthday", "Outlook's empty date", "date.placeholder")
        if i == 14:
            row["E-mail Address"] = f"{p.email}; {p.first.lower()}@work.example.be"
            planted.add(
                name, "", r, "E-mail Address", "two addresses in one cell", "email.multiple"
            )
        rows.append([row[h] for h in OUTLOOK_HEADER])
    # Characters cp1252 cannot hold become "?" in real Outlook exports; keep the file encodable.
    rows = [[c.encode("cp1252", "replace").decode("cp1252") for c in r] for r in rows]
    write_csv(out / name, OUTLOOK_HEADER, rows, encoding="cp1252")


GOOGLE_HEADER = [
    "First Name",
    "Middle Name",
    "Last Name",
    "Phonetic First Name",
    "Phonetic Middle Name",
    "Phonetic Last Name",
    "Name Prefix",
    "Name Suffix",
    "Nickname",
    "File As",
    "Organization Name",
    "Organization Title",
    "Organization Department",
    "Birthday",
    "Notes",
    "Photo",
    "Labels",
    "E-mail 1 - Label",
    "E-mail 1 - Value",
    "E-mail 2 - Label",
    "E-mail 2 - Value",
    "Phone 1 - Label",
    "Phone 1 - Value",
    "Address 1 - Label",
    "Address 1 - Formatted",
    "Address 1 - Street",
    "Address 1 - City",
    "Address 1 - PO Box",
    "Address 1 - Region",
    "Address 1 - Postal Code",
    "Address 1 - Country",
    "Address 1 - Extended Address",
    "Website 1 - Label",
    "Website 1 - Value",
]


def google(out: Path, people: list[Person], planted: Planted) -> None:
    name = "google_contacts.csv"
    rows = []
    for i, p in enumerate(people[40:80]):
        birthday = p.born.isoformat() if i % 4 else f"--{p.born:%m-%d}"
        row = dict.fromkeys(GOOGLE_HEADER, "")
        row.update(
            {
                "First Name": p.first,
                "Last Name": p.last,
                "File As": f"{p.last}, {p.first}",
                "Organization Name": p.org or "",
                "Birthday": birthday,
                "Labels": "Clients ::: * myContacts",
                "E-mail 1 - Label": "* Home",
                "E-mail 1 - Value": p.email,
                "Phone 1 - Label": "Mobile",
                "Phone 1 - Value": p.phone.replace("+32 ", "0"),
                "Address 1 - Label": "Home",
                "Address 1 - Street": p.street,
                "Address 1 - City": p.city,
                "Address 1 - Postal Code": p.postcode,
                "Address 1 - Country": "BE",
            }
        )
        r = i + 2
        if i % 4 == 0:
            planted.add(name, "", r, "Birthday", "birthday without a year", "date.no_year")
        if i == 2:
            row["Notes"] = "Klant sinds 2019.\nBelt liever dan te mailen.\nBoekjaar 31/12."
        if i == 6:
            row["E-mail 1 - Value"] = f"{p.email} ::: {p.first.lower()}@gmail.com"
            planted.add(
                name, "", r, "E-mail 1 - Value", "Google multi-value cell", "email.multiple"
            )
        if i == 9:
            row["E-mail 1 - Value"] = (
                p.email.replace("telenet.be", "telenet.bee")
                .replace("gmail.com", "gmail.con")
                .replace("skynet.be", "skynet.bee")
                .replace("hotmail.com", "hotmial.com")
                .replace("outlook.com", "outlok.com")
                .replace("proximus.be", "proximus.b")
            )
            planted.add(
                name,
                "",
                r,
                "E-mail 1 - Value",
                "typo in provider domain",
                "email.typo_domain",
                p.email,
            )
        if i == 11:
            row["E-mail 1 - Value"] = "n/a"
            planted.add(name, "", r, "E-mail 1 - Value", "placeholder address", "email.placeholder")
        if i == 13:
            row["First Name"] = p.first + "\u00a0"
            row["Last Name"] = "\u200b" + p.last
            planted.add(
                name, "", r, "Last Name", "invisible characters in a name", "person_name.fixed"
            )
        rows.append([row[h] for h in GOOGLE_HEADER])
    write_csv(out / name, GOOGLE_HEADER, rows, encoding="utf-8-sig")


BE_HEADER = [
    "Klantnr",
    "Naam",
    "Voornaam",
    "Bedrijf",
    "E-mail",
    "GSM",
    "Rijksregisternummer",
    "Ondernemingsnummer",
    "Straat",
    "Postcode",
    "Gemeente",
    "Land",
    "Taal",
    "Boekjaar einde",
    "Geboortedatum",
]


def belgian(
    out: Path, rng: random.Random, people: list[Person], orgs: list[Org], planted: Planted
) -> None:
    name = "belgian_clients.csv"
    rows = []
    fye_cases = [
        ("31/12", None),
        ("december", None),
        ("décembre", None),
        ("31 dec", None),
        ("30/06", None),
        ("31/02", "fiscal_year_end.no_such_date"),
        ("31/04", "fiscal_year_end.no_such_date"),
        ("29/02", "fiscal_year_end.feb29"),
        ("13", "fiscal_year_end.month_range"),
        ("Q4", "fiscal_year_end.unparseable"),
    ]
    for i, p in enumerate(people[80:130]):
        org = orgs[i % len(orgs)]
        layout = i % 5
        nn = [p.nn, nn_dotted(p.nn), f"{p.nn[:6]} {p.nn[6:9]} {p.nn[9:]}", p.nn, nn_dotted(p.nn)][
            layout
        ]
        fye, code = fye_cases[i % len(fye_cases)]
        row = [
            f"K{2000 + i}",
            p.last,
            p.first,
            org.display,
            p.email,
            p.phone.replace("+32 ", "0").replace(" ", ""),
            nn,
            vat_dotted(org.number),
            p.street,
            p.postcode,
            p.city,
            "België",
            rng.choice(["NL", "Nederlands", "FR"]),
            fye,
            p.born.strftime("%d/%m/%Y"),
        ]
        r = i + 3  # "sep=;" is row 1, the header row 2
        if code:
            planted.add(name, "", r, "Boekjaar einde", f"fiscal year end {fye}", code)
        if i == 4:
            row[6] = "'" + p.nn
            planted.add(
                name, "", r, "Rijksregisternummer", "leading apostrophe", "national_id.fixed", p.nn
            )
        if i == 7:
            body = p.nn[:2] + "13" + p.nn[4:9]  # check digits recomputed: only the month is wrong
            century = 2_000_000_000 if p.born.year >= 2000 else 0
            row[6] = body + f"{97 - (int(body) + century) % 97:02d}"
            planted.add(name, "", r, "Rijksregisternummer", "month 13", "national_id.component")
        if i == 11:
            row[7] = vat_dotted(org.number)[:-1] + str((int(org.number[-1]) + 3) % 10)
            planted.add(
                name,
                "",
                r,
                "Ondernemingsnummer",
                "enterprise number check digits",
                "company_id.checksum",
            )
        if i == 15:
            row[4] = f'"{p.first} {p.last}" <{p.email}>'
            planted.add(name, "", r, "E-mail", "display-name wrapper", "email.fixed", p.email)
        if i == 17:
            row[4] = p.email.split("@")[0] + "@telenet"
            planted.add(name, "", r, "E-mail", "missing top-level domain", "email.missing_tld")
        if i == 19:
            row[1] = "+cmd|' /C calc'!A0"
            planted.add(name, "", r, "Naam", "formula-like cell", "export.formula_neutralised")
        if i == 21:
            row[14] = "31/02/1980"
            planted.add(name, "", r, "Geboortedatum", "impossible date", "date.invalid")
        if i == 23:
            row[4] = "geen"
            planted.add(name, "", r, "E-mail", "placeholder address", "email.placeholder")
        rows.append(row)
    write_csv(out / name, BE_HEADER, rows, encoding="cp1252", delimiter=";", preamble="sep=;\r\n")


KARBON_ORG_HEADER = [
    "Organization Name",
    "Client ID",
    "Email",
    "Office Phone",
    "Website",
    "Fiscal Year End Day",
    "Fiscal Year End Month",
    "Address",
    "Legal Name",
    "Business Number",
]
KARBON_PEOPLE_HEADER = [
    "First Name",
    "Last Name",
    "Preferred Name",
    "Email",
    "Mobile Phone",
    "Date of Birth",
    "Belongs To",
    "Role",
    "Client ID",
]


def karbon(
    out: Path, rng: random.Random, people: list[Person], orgs: list[Org], planted: Planted
) -> None:
    name = "karbon_messy.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "Organizations"
    ws["A1"] = "Client list for Karbon import"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = f"Exported {TODAY:%d/%m/%Y} from the old practice tool"
    ws["A3"] = "Organisation"
    ws["F3"] = "Fiscal year end"
    ws.merge_cells("A3:E3")
    ws.merge_cells("F3:G3")
    ws["A3"].alignment = Alignment(horizontal="center")
    ws.append(KARBON_ORG_HEADER)
    header_row = 4
    for i, o in enumerate(orgs):
        row: list[object] = [
            o.display,
            o.client_id,
            o.email,
            o.phone,
            f"www.{fold(o.name).lower().replace(' ', '')}.be",
            o.fye_day,
            o.fye_month,
            f"{o.street}, {o.postcode} {o.city}, Belgium",
            o.display,
            vat_dotted(o.number),
        ]
        r = header_row + 1 + i
        if i == 1:
            row[5], row[6] = 31, 2
            planted.add(
                name,
                "Organizations",
                r,
                "Fiscal Year End Day",
                "31 February",
                "fiscal_year_end.no_such_date",
            )
        if i == 2:
            row[6] = 13
            planted.add(
                name,
                "Organizations",
                r,
                "Fiscal Year End Month",
                "month 13",
                "fiscal_year_end.month_range",
            )
        if i == 3:
            row[1] = orgs[0].client_id
            planted.add(
                name, "Organizations", r, "Client ID", "client ID used twice", "schema.unique"
            )
        if i == 4:
            row[9] = int(o.number)  # stored as a number: the leading zero is gone
            planted.add(
                name,
                "Organizations",
                r,
                "Business Number",
                "enterprise number stored as a number",
                "company_id.fixed",
                o.number,
            )
        if i == 5:
            row[5], row[6] = 29, 2
            planted.add(
                name,
                "Organizations",
                r,
                "Fiscal Year End Day",
                "29 February",
                "fiscal_year_end.feb29",
            )
        if i == 6:
            row[0] = "@SUM(1+1)*cmd|' /C calc'!A0"
            planted.add(
                name,
                "Organizations",
                r,
                "Organization Name",
                "formula-like cell",
                "export.formula_neutralised",
            )
        if i == 7:
            row[2] = "info@" + "bakkerij.be"
            row[0] = orgs[8].display  # two organisations with one name
            for dup_row in (r, r + 1):
                planted.add(
                    name,
                    "Organizations",
                    dup_row,
                    "Organization Name",
                    "organisation name not unique",
                    "link.org_not_unique",
                )
        ws.append(row)
    ps = wb.create_sheet("People")
    ps["A1"] = "Contacts"
    ps.append([])
    ps.append(KARBON_PEOPLE_HEADER)
    header_row = 3
    near = {  # person index -> (belongs-to as written, kind, expected code, suggestion)
        0: (lambda o: o + " ", "trailing space", "link.near_miss"),
        1: (lambda o: o.replace(" ", "\u00a0", 1), "NBSP instead of space", "link.near_miss"),
        2: (lambda o: o.upper(), "different case", "link.near_miss"),
        3: (
            lambda o: o.replace(" BV", " B.V.").replace(" NV", " N.V.").replace(" SA", " S.A."),
            "legal form punctuation",
            "link.near_miss",
        ),
        4: (lambda o: o.rsplit(" ", 1)[0], "legal form missing", "link.near_miss"),
        5: (lambda o: o[:3] + o[4:], "typo", "link.near_miss"),
    }
    for i, p in enumerate(people[130:190]):
        # Organisations 6 and 7 carry planted damage (a formula, a borrowed name): skip them.
        linkable = [o for k, o in enumerate(orgs) if k not in (6, 7)]
        org = orgs[i % 6] if i < 6 else linkable[i % len(linkable)]
        belongs = org.display
        r = header_row + 1 + i
        if i in near:
            fn, kind, code = near[i]
            written = fn(org.display)
            if written == org.display:
                written = org.display + "  "
            belongs = written
            planted.add(name, "People", r, "Belongs To", kind, code, org.display)
        if i == 6:
            belongs = "Nergens Te Vinden BV"
            planted.add(name, "People", r, "Belongs To", "no such organisation", "link.orphan")
        if i == 7:
            belongs = f"{orgs[9].display}; {orgs[10].display}"
        prefer = NICK.get(p.first, "")
        row2: list[object] = [
            p.first,
            p.last,
            prefer,
            p.email,
            p.phone,
            p.born,
            belongs,
            rng.choice(["Director", "Accountant", "Owner", "Bookkeeper", ""]),
            "",
        ]
        if i == 8:
            row2[5] = p.born.replace(year=TODAY.year + 3)
            planted.add(
                name, "People", r, "Date of Birth", "birth date in the future", "date.future"
            )
        ps.append(row2)
    for row in ps.iter_rows(min_row=4, min_col=6, max_col=6):
        row[0].number_format = "dd/mm/yyyy"
    wb.properties.creator = "clientmig sample generator"
    wb.properties.created = wb.properties.modified = _fixed_time()
    wb.save(out / name)


AP_HEADER = [
    "Status",
    "Type",
    "Naam",
    "Voornaam",
    "Klantcode",
    "Nr. boekhouding",
    "Rechtsvorm",
    "Ondernemingsnummer",
    "BTW-nummer",
    "Rijksregisternummer",
    "Oprichtingsdatum",
    "Startdatum",
    "Geboorteland",
    "Nationaliteit",
    "E-mail",
    "E-mail factuur",
    "Taal",
]


def adminpulse(
    out: Path, rng: random.Random, people: list[Person], orgs: list[Org], planted: Planted
) -> None:
    name = "adminpulse_relaties.xlsx"
    wb = Workbook()
    ins = wb.active
    ins.title = "Instructies"
    ins["A1"] = "Vul het tabblad Relaties in: één relatie per rij."
    ins["A2"] = "Ondernemingsnummer: let op de voorloopnul."
    rel = wb.create_sheet("Relaties")
    rel.append(AP_HEADER)
    for i, p in enumerate(people[190:230]):
        layout = i % 6
        nn: object = [
            p.nn,
            nn_dotted(p.nn),
            int(p.nn),
            f"{p.nn}.0",
            f"{p.nn[:2]}-{p.nn[2:4]}-{p.nn[4:6]}-{p.nn[6:9]}-{p.nn[9:]}",
            p.nn + "\u200b",
        ][layout]
        r = i + 2
        if layout in (3, 5):  # a number cell (layout 2) reads back as its digits: no damage
            planted.add(
                name,
                "Relaties",
                r,
                "Rijksregisternummer",
                "Excel float text" if layout == 3 else "zero-width space",
                "national_id.fixed",
                p.nn,
            )
        if i == 13:  # born in 2003: leading zero lost when stored as a number
            born = date(2003, 5, 14)
            valid = national_number(rng, born, p.male)
            nn = int(valid)
            planted.add(
                name,
                "Relaties",
                r,
                "Rijksregisternummer",
                "leading zero lost (born after 2000)",
                "national_id.fixed",
                valid,
            )
        rel.append(
            [
                "Klant",
                "Persoon",
                p.last,
                p.first,
                f"AP{300 + i}",
                f"{400 + i}",
                "",
                "",
                "",
                nn,
                "",
                f"{2015 + i % 10}-01-01",
                "België",
                "Belg",
                p.email,
                "",
                rng.choice(["NL", "FR"]),
            ]
        )
    start = rel.max_row + 1
    for j, o in enumerate(orgs[:12]):
        rel.append(
            [
                "Klant",
                "Bedrijf",
                o.name,
                "",
                f"AP{500 + j}",
                f"{600 + j}",
                o.legal,
                o.number if j % 3 else int(o.number),
                f"BE{o.number}",
                "",
                "2010-03-01",
                "2018-01-01",
                "",
                "",
                o.email,
                "",
                "NL",
            ]
        )
    rel.merge_cells(start_row=start, start_column=1, end_row=start + 2, end_column=1)
    for k in (1, 2):
        planted.add(
            name, "Relaties", start + k, "Status", "vertically merged cell", "read.merged_cell"
        )
    links = wb.create_sheet("Gelinkte Relaties")
    links.append(["Klantcode", "Gelinkte klantcode", "Relatie"])
    for j in range(6):
        links.append([f"AP{300 + j}", f"AP{500 + j}", "Bestuurder"])
    wb.properties.creator = "clientmig sample generator"
    wb.properties.created = wb.properties.modified = _fixed_time()
    wb.save(out / name)


def platform_export(out: Path, orgs: list[Org]) -> None:
    """What Karbon already holds: some organisations equal, some changed, some only here."""
    name = "platform_export.csv"
    header = ["Organization Name", "Client ID", "Email", "Office Phone", "Address"]
    rows = []
    for i, o in enumerate(orgs):
        if i % 5 == 4:
            continue  # only in the import: new clients
        email = o.email if i % 3 else o.email.replace("info@", "admin@")
        rows.append(
            [o.display, o.client_id, email, o.phone, f"{o.street}, {o.postcode} {o.city}, Belgium"]
        )
    for k in range(4):  # only in the platform: perhaps no longer clients
        rows.append([f"Oud Dossier {k + 1} BV", f"C9{k:04d}", f"oud{k}@example.be", "", ""])
    write_csv(out / name, header, rows, encoding="utf-8")


def quickbooks(out: Path, people: list[Person]) -> None:
    name = "quickbooks_customers.csv"
    header = [
        "Customer full name",
        "Phone numbers",
        "Email",
        "Full name",
        "Billing address",
        "Shipping address",
    ]
    rows = []
    for p in people[230:250]:
        rows.append(
            [
                f"{p.last}, {p.first}",
                f"Mobile:{p.phone}",
                p.email,
                f"{p.first} {p.last}",
                f"{p.street} {p.postcode} {p.city} Belgium",
                "",
            ]
        )
    preamble = "Customer Contact List\r\nSample Practice BV\r\n\r\n"
    footer = '\r\nTOTAL,,,,,\r\n\r\n"Sunday, November 22, 2026 09:00 AM GMTZ"\r\n'
    write_csv(out / name, header, rows, encoding="utf-8", preamble=preamble, footer=footer)


def _fixed_time() -> object:
    from datetime import datetime

    return datetime(2026, 11, 22, 9, 0, 0)


def _normalise_xlsx(path: Path) -> None:
    """Rewrite the workbook zip with fixed timestamps so re-runs give identical bytes."""
    import zipfile

    data = path.read_bytes()
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 11, 22, 9, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                    rb"\g<1>2026-11-22T09:00:00Z",
                    content,
                )
            dst.writestr(fixed, content)
    path.write_bytes(buf.getvalue())


def readme(out: Path, planted: Planted) -> None:
    kinds = Counter((r["expected_code"], r["kind"]) for r in planted.rows)
    lines = [
        "# sample_data: synthetic, messy client exports",
        "",
        "Made by `python scripts/make_sample_data.py` (seeded; re-running gives identical bytes).",
        "Every name, number and address is invented; identifiers that should be valid pass their",
        "check digits, then some are damaged as real exports damage them.",
        "",
        "| file | what it imitates | quirks |",
        "|---|---|---|",
        "| `outlook_contacts.csv` | Outlook contacts export | cp1252, CRLF, the 92-column header, "
        "`0/0/00` dates, an Exchange X.500 address |",
        "| `google_contacts.csv` | Google Contacts (current format) | UTF-8 with BOM, ` ::: ` "
        "multi-values, a multi-line Notes cell, `--MM-DD` birthdays |",
        "| `belgian_clients.csv` | a Belgian practice spreadsheet | `sep=;` first line, "
        "semicolons, cp1252, Dutch headers, national numbers in several layouts, fiscal year "
        "ends as text |",
        "| `karbon_messy.xlsx` | a Karbon import workbook filled by hand | Organizations sheet "
        "with two title rows and a merged group header above the header (header on row 4); "
        "People sheet with its header on row 3; Belongs To near misses, a numeric enterprise "
        "number, dates as Excel dates |",
        "| `adminpulse_relaties.xlsx` | AdminPulse's migration template | Instructies, Relaties "
        "and Gelinkte Relaties sheets; rijksregisternummers as text, numbers, `.0` floats, with "
        "dashes and zero-width spaces; a vertically merged Status cell |",
        "| `platform_export.csv` | what Karbon already holds (for reconcile) | some organisations "
        "equal, some with another e-mail, some missing, four only in the platform |",
        "| `quickbooks_customers.csv` | QuickBooks Online customer contact list | report title "
        "lines above the header, `Customer full name`, a TOTAL line and a timestamp footer |",
        "| `crm_contacts.csv` | a second system's contacts (for duplicates) | 36 clients of "
        "`belgian_clients.csv` typed in again (nickname, swapped names, typo, capitals, no "
        "e-mail), 8 spouses sharing a client's address and phone, 6 namesakes born elsewhere, "
        "10 new people; `crm_truth.csv` gives every record its real person |",
        "| `karbon_recipe.json` | the main job's recipe | both sheets of `karbon_messy.xlsx` "
        "onto Karbon, Belgian defaults (README command 1) |",
        "",
        "## Planted problems",
        "",
        "`planted.csv` lists each one: file, sheet, row (as a spreadsheet shows it), column "
        "(header as written), kind, the issue code clientmig should report and, where safe, the "
        "suggestion.",
        "",
        "| expected code | kind | count |",
        "|---|---|---|",
    ]
    for (code, kind), n in sorted(kinds.items()):
        lines.append(f"| `{code}` | {kind} | {n} |")
    lines.append("")
    (out / "README.md").write_text("\n".join(lines), encoding="utf-8")


# Nicknames a CRM user types instead of the registered first name.
CRM_NICK = {
    "Johannes": "Hans",
    "Jan": "Johan",
    "Pieter": "Piet",
    "Frederik": "Freek",
    "William": "Bill",
    "Robert": "Bob",
    "Elisabeth": "Liesbeth",
    "Katrien": "Catherine",
    "Annelies": "Anneke",
    "Hendrik": "Rik",
    "Marieke": "Marie",
    "Nathalie": "Nath",
    "Filip": "Philippe",
}


def crm(out: Path, people: list[Person]) -> None:
    """A second system's contact list: re-entered clients, households, namesakes, new people.

    ``crm_truth.csv`` gives each record (here and in belgian_clients.csv) its real person, so
    duplicate detection is measured on it: re-entries are the same person; a spouse at the same
    address and phone, and a namesake born elsewhere, are not.
    """
    rng = random.Random(SEED + 7)
    header = [
        "Naam",
        "Voornaam",
        "E-mail",
        "Telefoon",
        "Geboortedatum",
        "Rijksregisternummer",
        "Adres",
        "Postcode",
        "Gemeente",
    ]
    rows: list[list[str]] = []
    truth: list[tuple[str, int, str]] = []
    for i in range(50):  # belgian_clients.csv holds people 80..129 from row 3
        truth.append(("belgian_clients.csv", i + 3, f"P{80 + i}"))

    def add(row: list[str], person: str) -> None:
        rows.append(row)
        truth.append(("crm_contacts.csv", len(rows) + 1, person))

    national = p_phone = ""
    for k, p in enumerate(people[80:116]):
        first, last, email = p.first, p.last, p.email
        p_phone = p.phone.replace("+32 ", "0")
        national = p.nn if k % 3 == 0 else ""
        kind = k % 6
        if kind == 0:
            first = CRM_NICK.get(p.first, p.first)
        elif kind == 1:
            first, last = last, first  # typed into the wrong fields
        elif kind == 2:
            last = last[:-2] + last[-1] if len(last) > 4 else last + "s"  # a typo
        elif kind == 3:
            email = email.upper()
            p_phone = p.phone
        elif kind == 4:
            first, last = fold(first).upper(), fold(last).upper()
        else:
            email = ""
        add(
            [
                last,
                first,
                email,
                p_phone,
                p.born.strftime("%d/%m/%Y"),
                national,
                p.street,
                p.postcode,
                p.city,
            ],
            f"P{80 + (k % 50)}",
        )
    for k, p in enumerate(people[116:124]):  # spouses: same address and phone, another person
        spouse = rng.choice(FIRST_NL_F if p.male else FIRST_NL_M)
        born = p.born + timedelta(days=rng.randrange(200, 2000))
        add(
            [
                p.last,
                spouse,
                "",
                p.phone.replace("+32 ", "0"),
                born.strftime("%d/%m/%Y"),
                "",
                p.street,
                p.postcode,
                p.city,
            ],
            f"S{k}",
        )
    for k, p in enumerate(people[124:130]):  # namesakes: same name, another birth date and town
        born = p.born - timedelta(days=rng.randrange(3000, 9000))
        postcode, city = rng.choice([c for c in CITIES if c[1] != p.city])
        add(
            [
                p.last,
                p.first,
                "",
                "",
                born.strftime("%d/%m/%Y"),
                national_number(rng, born, p.male),
                f"{rng.choice(STREETS)} {rng.randrange(1, 90)}",
                postcode,
                city,
            ],
            f"N{k}",
        )
    for k, p in enumerate(people[230:240]):  # new clients only the CRM knows
        add(
            [
                p.last,
                p.first,
                p.email,
                p.phone.replace("+32 ", "0"),
                p.born.strftime("%d/%m/%Y"),
                "",
                p.street,
                p.postcode,
                p.city,
            ],
            f"P{230 + k}",
        )
    with (out / "crm_contacts.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    with (out / "crm_truth.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["file", "row", "person"])
        writer.writerows(truth)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else Path(__file__).resolve().parents[1] / "sample_data"
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    orgs = make_orgs(rng, 24)
    people = make_people(rng, 250, orgs)
    planted = Planted()
    outlook(out, people, planted)
    google(out, people, planted)
    belgian(out, rng, people, orgs, planted)
    karbon(out, rng, people, orgs, planted)
    adminpulse(out, rng, people, orgs, planted)
    platform_export(out, orgs)
    quickbooks(out, people)
    crm(out, people)
    for book in ("karbon_messy.xlsx", "adminpulse_relaties.xlsx"):
        _normalise_xlsx(out / book)
    with (out / "planted.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(planted.rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(planted.rows)
    readme(out, planted)
    (out / "karbon_recipe.json").write_text(KARBON_RECIPE, encoding="utf-8")
    return 0


# The main job's recipe: the Karbon workbook's two sheets onto Karbon, Belgian defaults.
KARBON_RECIPE = """{
  "clientmig_recipe": 1,
  "target": "karbon",
  "inputs": [
    {"table": "organizations", "slot": 0, "sheet": "Organizations"},
    {"table": "people", "slot": 0, "sheet": "People"}
  ],
  "options": {"clean": {"country": "BE"}},
  "decisions": {}
}
"""


if __name__ == "__main__":
    raise SystemExit(main())
