"""Labelled exports shaped like the real tools' documented formats, made from the rules.

    python benchmarks/tool_exports.py [--seed 11] [--clients 40] [--out DIR] [--json PATH]

Six files a new user might bring (headers from ``clientmig/_data/sources/*.toml`` and
``shared/reference/formats.md``): Google Contacts CSV (``:::`` multi-value cells, ``--MM-DD``
birthdays), Outlook CSV in French and German (cp1252, ``0/0/00`` empty birthdays), Xero contacts,
HubSpot contacts, and a Belgian firm's Dutch workbook with a title row and people and
organisations mixed. Each file holds planted errors AND correct oddities: foreign residents with
BIS numbers, phones written nationally for the row's own country, multi-value e-mail cells,
names with particles, legal forms, addresses with box numbers, foreign VAT numbers.

Every written cell is labelled (correct, or an error with its kind). Each file goes through the
main job as the README runs it (``clientmig export FILE --target karbon``: read, suggested mapping,
clean, validate, links, duplicates, export) and is scored:

* recall: a planted error whose cell gets an error or warning, or is repaired to its one right
  value with the repair recorded (``email.fixed``: ``jan@@x.be`` -> ``jan@x.be``);
* false flags: correct cells that get an error or a warning;
* the kinds missed and the codes that flagged correct cells, to fix at their root.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import random
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import _enterprise, _fmt_enterprise, _nn, _phone

FIRST = ["Jan", "An", "Pieter", "Katrien", "Frédéric", "Hélène", "Els", "Luc", "Sofie", "Marc"]
FIRST += ["Céline", "Koen", "Griet", "Bart", "Ine", "Lotte", "Jean", "Marie", "Sanne", "Emma"]
LAST = ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Dubois", "Lambert"]
LAST += ["Claes", "Goossens", "Wouters", "Dupont", "Martin", "Müller", "Lefèvre", "Schmitz"]
PARTICLES = ["van der Meulen", "Van den Broeck", "de la Fontaine", "von der Heide", "De Backer"]
PARTICLES += ["van Dijk", "Vanden Eynde", "D'Hondt", "du Bois", "de Vries"]
ORG_WORDS = ["Bakkerij", "Atelier", "Garage", "Immo", "Studio", "Transport", "Dakwerken"]
ORG_WORDS += ["Brasserie", "Consult", "Tandartspraktijk", "Schrijnwerkerij", "Boulangerie"]
ORG_NAMES = ["Noord", "Schelde", "Leie", "Meuse", "Horizon", "Delta", "Lotus", "Orion", "Atlas"]
LEGAL = ["BV", "NV", "CommV", "SRL", "SA", "VZW", "bv", "B.V.", "S.R.L."]
DOMAINS = ["telenet.be", "skynet.be", "gmail.com", "hotmail.com", "proximus.be", "outlook.com"]
TYPO = {
    "gmail.com": "gmial.com",
    "hotmail.com": "hotmial.com",
    "telenet.be": "telenet.bee",
    "outlook.com": "outlok.com",
    "skynet.be": "skynet.bbe",
    "proximus.be": "proximus.b",
}
# Valid foreign VAT numbers (python-stdnum's own examples).
FOREIGN_VAT = {"NL": "NL004495445B01", "FR": "FR40303265045", "DE": "DE136695976"}
STREETS = {
    "BE": ["Kerkstraat", "Stationsstraat", "Rue de la Loi", "Chaussée de Waterloo", "Meir"],
    "FR": ["Rue de Rivoli", "Avenue Foch", "Boulevard Haussmann"],
    "NL": ["Herengracht", "Kalverstraat", "Dorpsstraat"],
    "DE": ["Hauptstraße", "Goethestraße", "Schillerstraße"],
}
CITIES = {
    "BE": [("9000", "Gent"), ("2000", "Antwerpen"), ("1000", "Brussel"), ("4000", "Liège")],
    "FR": [("75001", "Paris"), ("59000", "Lille"), ("69002", "Lyon")],
    "NL": [("1012 AB", "Amsterdam"), ("3511 LX", "Utrecht"), ("4811 XJ", "Breda")],
    "DE": [("52062", "Aachen"), ("50667", "Köln"), ("10115", "Berlin")],
}
COUNTRY = {
    "en": {"BE": "Belgium", "FR": "France", "NL": "Netherlands", "DE": "Germany"},
    "nl": {"BE": "België", "FR": "Frankrijk", "NL": "Nederland", "DE": "Duitsland"},
    "fr": {"BE": "Belgique", "FR": "France", "NL": "Pays-Bas", "DE": "Allemagne"},
    "de": {"BE": "Belgien", "FR": "Frankreich", "NL": "Niederlande", "DE": "Deutschland"},
}


@dataclass(frozen=True)
class Cell:
    """One written cell: ``error`` or correct, and what was done to it (``kind``)."""

    kind: str
    error: bool
    fix: str | None = None  # for an error with one right value: that value


@dataclass
class Export:
    """One generated file and its labelled cells by (sheet, row as a spreadsheet shows it,
    header as written)."""

    path: Path
    tool: str
    labels: dict[tuple[str | None, int, str], Cell] = field(default_factory=dict)
    values: dict[tuple[str | None, int, str], str] = field(default_factory=dict)


@dataclass
class _Rows:
    """Rows being built, with their labels; ``first_row`` is the spreadsheet row of row 0."""

    header: list[str]
    first_row: int
    rows: list[dict[str, str]] = field(default_factory=list)
    labels: list[dict[str, Cell]] = field(default_factory=list)
    typed: dict[tuple[int, str], Any] = field(default_factory=dict)  # Excel cells, not text

    def add(self) -> tuple[dict[str, str], dict[str, Cell]]:
        self.rows.append({})
        self.labels.append({})
        return self.rows[-1], self.labels[-1]


def _put(
    row: dict[str, str],
    lab: dict[str, Cell],
    header: str,
    value: str,
    kind: str,
    fix: str | None = None,
) -> None:
    row[header] = value
    lab[header] = Cell(kind, error=kind.startswith("ERR"), fix=fix)


def _ascii(text: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return "".join(c for c in kept if c.isalnum())


class _Maker:
    """Draws people and organisations with their correct oddities and planted errors."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.n = 0

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def person(
        self, countries: tuple[str, ...] = ("BE",) * 6 + ("FR", "NL", "DE")
    ) -> dict[str, Any]:
        rng = self.rng
        self.n += 1
        country = rng.choice(countries)
        first = rng.choice(FIRST)
        last = rng.choice(PARTICLES) if self.chance(0.3) else rng.choice(LAST)
        domain = rng.choice(DOMAINS)
        local = f"{_ascii(first)}.{_ascii(last)}{self.n}"
        born = dt.date(rng.randint(1945, 2004), rng.randint(1, 12), rng.randint(1, 28))
        postcode, city = rng.choice(CITIES[country])
        street = f"{rng.choice(STREETS[country])} {rng.randint(1, 180)}"
        if country == "BE" and self.chance(0.35):
            street += rng.choice([" bus 3", " bus 12", " bte 5", " b2"])
        national, e164 = _phone(rng, country)
        return {
            "country": country,
            "first": first,
            "last": last,
            "email": f"{local}@{domain}",
            "local": local,
            "domain": domain,
            "born": born,
            "street": street,
            "postcode": postcode,
            "city": city,
            "phone": national,
            "e164": e164,
            "nn": _nn(rng, born, bis=country != "BE"),
        }

    def org(self) -> dict[str, Any]:
        rng = self.rng
        self.n += 1
        name = f"{rng.choice(ORG_WORDS)} {rng.choice(ORG_NAMES)} {self.n}"
        legal = rng.choice(LEGAL)
        number = _enterprise(rng)
        postcode, city = rng.choice(CITIES["BE"])
        return {
            "name": f"{name} {legal}",
            "bare": name,
            "number": number,
            "vat": "BE" + number,
            "email": f"info@{_ascii(name)}.be",
            "street": f"{rng.choice(STREETS['BE'])} {rng.randint(1, 180)}",
            "postcode": postcode,
            "city": city,
            "phone": _phone(rng, "BE")[0],
            "website": f"www.{_ascii(name)}.be",
        }

    # -- planted errors ---------------------------------------------------------------------
    def bad_email(self, p: dict[str, Any]) -> tuple[str, str]:
        kind = self.rng.choice(["typo_domain", "double_at", "no_tld", "space_inside"])
        if kind == "typo_domain":
            return f"{p['local']}@{TYPO[p['domain']]}", kind
        if kind == "double_at":
            return f"{p['local']}@@{p['domain']}", kind
        if kind == "no_tld":
            return f"{p['local']}@{p['domain'].split('.')[0]}", kind
        return f"{p['local'][:3]} {p['local'][3:]}@{p['domain']}", kind

    def bad_nn(self, nn: str) -> str:
        return nn[:-2] + f"{(int(nn[-2:]) + 7) % 97:02d}"

    def bad_enterprise(self, number: str) -> str:
        return number[:-2] + f"{(int(number[-2:]) + 3) % 97:02d}"


def _write_csv(path: Path, rows: _Rows, *, delimiter: str = ",", encoding: str = "utf-8") -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, rows.header, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    for row in rows.rows:
        writer.writerow({h: row.get(h, "") for h in rows.header})
    path.write_bytes(buf.getvalue().encode(encoding))


def _labels(rows: _Rows, sheet: str | None) -> dict[tuple[str | None, int, str], Cell]:
    out: dict[tuple[str | None, int, str], Cell] = {}
    for i, lab in enumerate(rows.labels):
        for header, cell in lab.items():
            if rows.rows[i].get(header, "") != "":
                out[(sheet, rows.first_row + i, header)] = cell
    return out


def _values(rows: _Rows, sheet: str | None) -> dict[tuple[str | None, int, str], str]:
    return {
        (sheet, rows.first_row + i, h): v for i, row in enumerate(rows.rows) for h, v in row.items()
    }


# -- the six exports ----------------------------------------------------------------------------
GOOGLE = [
    "First Name", "Middle Name", "Last Name", "Phonetic First Name", "Phonetic Middle Name",
    "Phonetic Last Name", "Name Prefix", "Name Suffix", "Nickname", "File As",
    "Organization Name", "Organization Title", "Organization Department", "Birthday", "Notes",
    "Photo", "Labels", "E-mail 1 - Label", "E-mail 1 - Value", "E-mail 2 - Label",
    "E-mail 2 - Value", "Phone 1 - Label", "Phone 1 - Value", "Phone 2 - Label",
    "Phone 2 - Value", "Address 1 - Label", "Address 1 - Formatted", "Address 1 - Street",
    "Address 1 - City", "Address 1 - PO Box", "Address 1 - Region", "Address 1 - Postal Code",
    "Address 1 - Country", "Address 1 - Extended Address",
]  # fmt: skip


def google(m: _Maker, folder: Path, clients: int) -> Export:
    rows = _Rows(GOOGLE, first_row=2)
    for _ in range(clients):
        p = m.person()
        row, lab = rows.add()
        _put(row, lab, "First Name", p["first"], "ok")
        _put(row, lab, "Last Name", p["last"], "ok_particle" if " " in p["last"] else "ok")
        _put(row, lab, "Labels", "* myContacts", "ok")
        _put(row, lab, "E-mail 1 - Label", "* Home", "ok")
        if m.chance(0.15):
            email, kind = m.bad_email(p)
            _put(row, lab, "E-mail 1 - Value", email, f"ERR_email_{kind}", p["email"])
        elif m.chance(0.2):
            _put(row, lab, "E-mail 1 - Value", f"{p['email']} ::: {p['local']}@work.be", "ok_multi")
        else:
            _put(row, lab, "E-mail 1 - Value", p["email"], "ok")
        _put(row, lab, "Phone 1 - Label", "Mobile", "ok")
        if m.chance(0.08):
            _put(row, lab, "Phone 1 - Value", p["phone"][:5], "ERR_phone_short")
        else:
            _put(row, lab, "Phone 1 - Value", p["phone"], f"ok_phone_{p['country']}")
        if m.chance(0.1):
            _put(row, lab, "Birthday", f"--{p['born']:%m-%d}", "ok_birthday_no_year")
        elif m.chance(0.08):
            _put(row, lab, "Birthday", f"{p['born'].year}-02-30", "ERR_date_impossible")
        else:
            _put(row, lab, "Birthday", p["born"].isoformat(), "ok")
        _put(row, lab, "Address 1 - Label", "Home", "ok")
        _put(row, lab, "Address 1 - Street", p["street"], "ok_box" if " b" in p["street"] else "ok")
        _put(row, lab, "Address 1 - City", p["city"], "ok")
        _put(row, lab, "Address 1 - Postal Code", p["postcode"], "ok")
        _put(row, lab, "Address 1 - Country", COUNTRY["en"][p["country"]], "ok")
        if m.chance(0.3):
            o = m.org()
            _put(row, lab, "Organization Name", o["name"], "ok_legal_form")
            _put(row, lab, "Organization Title", "Zaakvoerder", "ok")
    path = folder / "google_contacts.csv"
    _write_csv(path, rows)
    return Export(path, "google", _labels(rows, None), _values(rows, None))


OUTLOOK_FR = [
    "Titre", "Prénom", "Deuxième prénom", "Nom", "Suffixe", "Société", "Service",
    "Rue (bureau)", "Rue (bureau) 2", "Ville (bureau)", "Dép/Région (bureau)",
    "Code postal (bureau)", "Pays/Région (bureau)", "Rue (domicile)", "Ville (domicile)",
    "Code postal (domicile)", "Télécopie (bureau)", "Téléphone (bureau)", "Téléphone (domicile)",
    "Tél. mobile", "Adresse de messagerie", "Type de messagerie",
    "Nom complet de l'adresse de messagerie", "Adresse de messagerie 2", "Anniversaire",
    "Catégories", "Notes", "Page Web",
]  # fmt: skip
OUTLOOK_DE = [
    "Anrede", "Vorname", "Weitere Vornamen", "Nachname", "Suffix", "Firma", "Abteilung",
    "Position", "Straße geschäftlich", "Straße geschäftlich 2", "Ort geschäftlich",
    "Region geschäftlich", "Postleitzahl geschäftlich", "Land/Region geschäftlich",
    "Straße privat", "Ort privat", "Postleitzahl privat", "Fax geschäftlich",
    "Telefon geschäftlich", "Telefon privat", "Mobiltelefon", "E-Mail-Adresse", "E-Mail-Typ",
    "E-Mail: Angezeigter Name", "E-Mail 2: Adresse", "Geburtstag", "Kategorien", "Notizen",
    "Webseite",
]  # fmt: skip
_OUTLOOK_KEYS = {
    "fr": {
        "title": "Titre", "first": "Prénom", "last": "Nom", "org": "Société", "street": "Rue (bureau)",
        "city": "Ville (bureau)", "postcode": "Code postal (bureau)", "country": "Pays/Région (bureau)",
        "office": "Téléphone (bureau)", "mobile": "Tél. mobile", "email": "Adresse de messagerie",
        "email_type": "Type de messagerie", "display": "Nom complet de l'adresse de messagerie",
        "birthday": "Anniversaire", "categories": "Catégories", "web": "Page Web",
    },
    "de": {
        "title": "Anrede", "first": "Vorname", "last": "Nachname", "org": "Firma",
        "street": "Straße geschäftlich", "city": "Ort geschäftlich",
        "postcode": "Postleitzahl geschäftlich", "country": "Land/Region geschäftlich",
        "office": "Telefon geschäftlich", "mobile": "Mobiltelefon", "email": "E-Mail-Adresse",
        "email_type": "E-Mail-Typ", "display": "E-Mail: Angezeigter Name", "birthday": "Geburtstag",
        "categories": "Kategorien", "web": "Webseite",
    },
}  # fmt: skip


def outlook(m: _Maker, folder: Path, clients: int, lang: str) -> Export:
    k = _OUTLOOK_KEYS[lang]
    rows = _Rows(OUTLOOK_FR if lang == "fr" else OUTLOOK_DE, first_row=2)
    home = "FR" if lang == "fr" else "DE"
    countries = (home, home, home, "BE", "BE", "NL")
    for _ in range(clients):
        p = m.person(countries)
        row, lab = rows.add()
        _put(row, lab, k["title"], {"fr": "M.", "de": "Herr"}[lang], "ok")
        _put(row, lab, k["first"], p["first"], "ok")
        _put(row, lab, k["last"], p["last"], "ok_particle" if " " in p["last"] else "ok")
        _put(row, lab, k["street"], p["street"], "ok_box" if " b" in p["street"] else "ok")
        _put(row, lab, k["city"], p["city"], "ok")
        _put(row, lab, k["postcode"], p["postcode"], "ok")
        _put(row, lab, k["country"], COUNTRY[lang][p["country"]], "ok")
        if m.chance(0.1):
            _put(row, lab, k["mobile"], p["phone"] + "99", "ERR_phone_long")
        else:
            _put(row, lab, k["mobile"], p["phone"], f"ok_phone_{p['country']}")
        if m.chance(0.15):
            email, kind = m.bad_email(p)
            _put(row, lab, k["email"], email, f"ERR_email_{kind}", p["email"])
        else:
            _put(row, lab, k["email"], p["email"], "ok")
        _put(row, lab, k["email_type"], "SMTP", "ok")
        _put(row, lab, k["display"], f"{p['first']} {p['last']} ({p['email']})", "ok")
        sep = "/" if lang == "fr" else "."
        if m.chance(0.3):
            _put(row, lab, k["birthday"], f"0{sep}0{sep}00", "ok_outlook_empty_birthday")
        elif m.chance(0.08):
            _put(row, lab, k["birthday"], f"31{sep}02{sep}{p['born'].year}", "ERR_date_impossible")
        else:
            b = p["born"]
            _put(row, lab, k["birthday"], f"{b.day:02d}{sep}{b.month:02d}{sep}{b.year}", "ok")
        _put(row, lab, k["categories"], "Clients", "ok")
        if m.chance(0.3):
            o = m.org()
            _put(row, lab, k["org"], o["name"], "ok_legal_form")
            _put(row, lab, k["office"], o["phone"], "ok_phone_BE")
            _put(row, lab, k["web"], o["website"], "ok")
    path = folder / f"outlook_{lang}.csv"
    _write_csv(path, rows, delimiter=";" if lang == "fr" else ",", encoding="cp1252")
    return Export(path, f"outlook_{lang}", _labels(rows, None), _values(rows, None))


XERO = [
    "ContactName", "AccountNumber", "EmailAddress", "FirstName", "LastName", "POAttentionTo",
    "POAddressLine1", "POAddressLine2", "POAddressLine3", "POAddressLine4", "POCity",
    "PORegion", "POPostalCode", "POCountry", "SAAttentionTo", "SAAddressLine1",
    "SAAddressLine2", "SAAddressLine3", "SAAddressLine4", "SACity", "SARegion",
    "SAPostalCode", "SACountry", "PhoneNumber", "FaxNumber", "MobileNumber", "DDINumber",
    "SkypeName", "BankAccountName", "BankAccountNumber", "BankAccountParticulars",
    "TaxNumberName", "TaxNumber", "AccountsReceivableTaxCodeName",
    "AccountsPayableTaxCodeName", "Website", "LegalName", "Discount", "CompanyNumber",
]  # fmt: skip


def xero(m: _Maker, folder: Path, clients: int) -> Export:
    rows = _Rows(XERO, first_row=2)
    for i in range(clients):
        row, lab = rows.add()
        _put(row, lab, "AccountNumber", f"C{1000 + i}", "ok")
        if m.chance(0.6):  # an organisation
            o = m.org()
            foreign = m.chance(0.15)
            _put(row, lab, "ContactName", o["name"], "ok_legal_form")
            _put(row, lab, "EmailAddress", o["email"], "ok")
            _put(row, lab, "POAddressLine1", o["street"], "ok")
            _put(row, lab, "POCity", o["city"], "ok")
            _put(row, lab, "POPostalCode", o["postcode"], "ok")
            _put(row, lab, "POCountry", "Belgium", "ok")
            _put(row, lab, "PhoneNumber", o["phone"], "ok_phone_BE")
            if foreign:
                country = m.rng.choice(sorted(FOREIGN_VAT))
                row["POCountry"] = COUNTRY["en"][country]
                row["POPostalCode"], row["POCity"] = m.rng.choice(CITIES[country])
                row["PhoneNumber"] = _phone(m.rng, country)[0]
                lab["PhoneNumber"] = Cell(f"ok_phone_{country}", error=False)
                _put(row, lab, "TaxNumber", FOREIGN_VAT[country], "ok_foreign_vat")
            elif m.chance(0.12):
                _put(row, lab, "TaxNumber", "BE" + m.bad_enterprise(o["number"]), "ERR_vat_check")
            else:
                _put(row, lab, "TaxNumber", f"BE {_fmt_enterprise(o['number'])}", "ok")
            _put(row, lab, "Website", o["website"], "ok")
            _put(row, lab, "LegalName", o["name"], "ok_legal_form")
        else:
            p = m.person()
            _put(row, lab, "ContactName", f"{p['first']} {p['last']}", "ok_display")
            _put(row, lab, "FirstName", p["first"], "ok")
            _put(row, lab, "LastName", p["last"], "ok_particle" if " " in p["last"] else "ok")
            if m.chance(0.15):
                email, kind = m.bad_email(p)
                _put(row, lab, "EmailAddress", email, f"ERR_email_{kind}", p["email"])
            else:
                _put(row, lab, "EmailAddress", p["email"], "ok")
            _put(row, lab, "POAddressLine1", p["street"], "ok")
            _put(row, lab, "POCity", p["city"], "ok")
            _put(row, lab, "POPostalCode", p["postcode"], "ok")
            _put(row, lab, "POCountry", COUNTRY["en"][p["country"]], "ok")
            _put(row, lab, "MobileNumber", p["phone"], f"ok_phone_{p['country']}")
    path = folder / "xero_contacts.csv"
    _write_csv(path, rows)
    return Export(path, "xero", _labels(rows, None), _values(rows, None))


HUBSPOT = [
    "Record ID", "First Name", "Last Name", "Email", "Phone Number", "Mobile Phone Number",
    "Job Title", "Company Name", "Associated Company", "Contact owner", "Lifecycle Stage",
    "Lead Status", "Create Date", "Last Activity Date", "Street Address", "City",
    "State/Region", "Postal Code", "Country/Region", "Website URL",
]  # fmt: skip


def hubspot(m: _Maker, folder: Path, clients: int) -> Export:
    rows = _Rows(HUBSPOT, first_row=2)
    firms = [m.org() for _ in range(4)]
    for i in range(clients):
        p = m.person()
        row, lab = rows.add()
        _put(row, lab, "Record ID", str(51000 + i * 7), "ok")
        _put(row, lab, "First Name", p["first"], "ok")
        _put(row, lab, "Last Name", p["last"], "ok_particle" if " " in p["last"] else "ok")
        if m.chance(0.15):
            email, kind = m.bad_email(p)
            _put(row, lab, "Email", email, f"ERR_email_{kind}", p["email"])
        else:
            _put(row, lab, "Email", p["email"], "ok")
        if m.chance(0.08):
            _put(row, lab, "Mobile Phone Number", "tel: ask reception", "ERR_phone_text")
        else:
            _put(row, lab, "Mobile Phone Number", p["e164"], f"ok_phone_{p['country']}")
        firm = m.rng.choice(firms)
        _put(row, lab, "Company Name", firm["name"], "ok_legal_form")
        _put(row, lab, "Contact owner", "els@kantoor.be", "ok")
        _put(row, lab, "Lifecycle Stage", "Customer", "ok")
        _put(row, lab, "Create Date", f"2024-0{1 + i % 9}-1{i % 10} 10:2{i % 10}", "ok")
        _put(row, lab, "Street Address", p["street"], "ok_box" if " b" in p["street"] else "ok")
        _put(row, lab, "City", p["city"], "ok")
        _put(row, lab, "Postal Code", p["postcode"], "ok")
        _put(row, lab, "Country/Region", COUNTRY["en"][p["country"]], "ok")
    path = folder / "hubspot_contacts.csv"
    _write_csv(path, rows)
    return Export(path, "hubspot", _labels(rows, None), _values(rows, None))


BELGIAN = [
    "Klantnr", "Type", "Naam", "Voornaam", "Rechtsvorm", "Ondernemingsnummer",
    "Rijksregisternummer", "Straat", "Huisnummer", "Bus", "Postcode", "Gemeente", "Land",
    "GSM", "Telefoon",
    "E-mail", "Geboortedatum", "Behoort tot",
]  # fmt: skip
_TITLE_ROWS = 2  # a title line and a blank line above the header


def _address_columns(row: dict[str, str], lab: dict[str, Cell], street: str) -> None:
    """``Kerkstraat 12 bus 3`` in the three columns a Belgian relation list uses."""
    import re

    found = re.match(r"^(.*?) (\d+)(?: (?:bus|bte|b) ?(\w+))?$", street)
    assert found is not None, street
    _put(row, lab, "Straat", found[1], "ok")
    _put(row, lab, "Huisnummer", found[2], "ok_house_number")
    if found[3]:
        _put(row, lab, "Bus", found[3], "ok_box")


def belgian(m: _Maker, folder: Path, clients: int) -> Export:
    import xlsxwriter

    rows = _Rows(BELGIAN, first_row=_TITLE_ROWS + 2)
    firms: list[dict[str, Any]] = []
    for i in range(max(4, clients // 4)):
        o = m.org()
        firms.append(o)
        row, lab = rows.add()
        _put(row, lab, "Klantnr", f"K{200 + i:04d}", "ok")
        _put(row, lab, "Type", "Vennootschap", "ok")
        legal = o["name"].rsplit(" ", 1)[1]
        _put(row, lab, "Naam", o["bare"], "ok")
        _put(row, lab, "Rechtsvorm", legal, "ok_legal_form")
        if m.chance(0.12):
            _put(row, lab, "Ondernemingsnummer", m.bad_enterprise(o["number"]), "ERR_kbo_check")
        elif m.chance(0.25):  # typed as a number in Excel: the leading zero is gone
            shown = str(int(o["number"]))
            kind = "ERR_kbo_excel_zero" if shown != o["number"] else "ok_excel_number"
            _put(row, lab, "Ondernemingsnummer", shown, kind, o["number"])
            rows.typed[(len(rows.rows) - 1, "Ondernemingsnummer")] = int(o["number"])
        else:
            _put(row, lab, "Ondernemingsnummer", _fmt_enterprise(o["number"]), "ok")
        _address_columns(row, lab, o["street"])
        _put(row, lab, "Postcode", o["postcode"], "ok")
        _put(row, lab, "Gemeente", o["city"], "ok")
        _put(row, lab, "Land", "België", "ok")
        _put(row, lab, "Telefoon", o["phone"], "ok_phone_BE")
        if m.chance(0.25):
            other = f"boekhouding@{o['email'].split('@')[1]}"
            _put(row, lab, "E-mail", f"{o['email']}; {other}", "ok_multi")
        else:
            _put(row, lab, "E-mail", o["email"], "ok")
    for i in range(clients):
        p = m.person(("BE",) * 5 + ("FR", "NL"))
        row, lab = rows.add()
        _put(row, lab, "Klantnr", f"K{500 + i:04d}", "ok")
        _put(row, lab, "Type", "Persoon", "ok")
        if m.chance(0.1):
            _put(row, lab, "Naam", p["last"].upper(), "ok_caps")
        else:
            _put(row, lab, "Naam", p["last"], "ok_particle" if " " in p["last"] else "ok")
        _put(row, lab, "Voornaam", p["first"], "ok")
        bis = p["country"] != "BE"
        if m.chance(0.1):
            _put(row, lab, "Rijksregisternummer", m.bad_nn(p["nn"]), "ERR_nn_check")
        elif m.chance(0.2):  # typed as a number in Excel
            shown = str(int(p["nn"]))
            kind = "ERR_nn_excel_zero" if shown != p["nn"] else "ok_excel_number"
            _put(row, lab, "Rijksregisternummer", shown, kind, p["nn"])
            rows.typed[(len(rows.rows) - 1, "Rijksregisternummer")] = int(p["nn"])
        else:
            _put(row, lab, "Rijksregisternummer", p["nn"], "ok_bis" if bis else "ok")
        _address_columns(row, lab, p["street"])
        _put(row, lab, "Postcode", p["postcode"], "ok")
        _put(row, lab, "Gemeente", p["city"], "ok")
        _put(row, lab, "Land", COUNTRY["nl"][p["country"]], "ok")
        if m.chance(0.15):  # a label in brackets after the number, as people type it
            _put(row, lab, "GSM", f"{p['phone']} (privé)", f"ok_phone_{p['country']}_label")
        elif m.chance(0.1):  # two numbers in one cell
            other = _phone(m.rng, p["country"])[0]
            _put(row, lab, "GSM", f"{p['phone']} / {other}", f"ok_phone_{p['country']}_two")
        else:
            _put(row, lab, "GSM", p["phone"], f"ok_phone_{p['country']}")
        if m.chance(0.12):
            email, kind = m.bad_email(p)
            _put(row, lab, "E-mail", email, f"ERR_email_{kind}", p["email"])
        elif m.chance(0.15):
            _put(row, lab, "E-mail", f"{p['email']}; {p['local']}@kantoor.be", "ok_multi")
        else:
            _put(row, lab, "E-mail", p["email"], "ok")
        b = p["born"]
        if m.chance(0.06):
            _put(row, lab, "Geboortedatum", f"30/02/{b.year}", "ERR_date_impossible")
        elif m.chance(0.3):  # a real date cell
            _put(row, lab, "Geboortedatum", b.isoformat(), "ok_excel_date")
            rows.typed[(len(rows.rows) - 1, "Geboortedatum")] = b
        else:
            _put(row, lab, "Geboortedatum", f"{b.day:02d}/{b.month:02d}/{b.year}", "ok")
        if m.chance(0.4):
            firm = m.rng.choice(firms)
            if m.chance(0.2):
                _put(row, lab, "Behoort tot", firm["bare"][:-1] + "x", "ERR_link_unknown")
            else:
                _put(row, lab, "Behoort tot", firm["bare"], "ok_link")
    path = folder / "kantoor_klanten.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Klanten")
    sheet.write(0, 0, "Klantenlijst Kantoor Peeters - export 15/06/2026")
    sheet.write_row(_TITLE_ROWS, 0, BELGIAN)
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    for i, row in enumerate(rows.rows):
        for c, h in enumerate(BELGIAN):
            typed = rows.typed.get((i, h))
            if isinstance(typed, dt.date):
                sheet.write_datetime(_TITLE_ROWS + 1 + i, c, typed, dates)
            elif typed is not None:
                sheet.write_number(_TITLE_ROWS + 1 + i, c, typed)
            else:
                sheet.write(_TITLE_ROWS + 1 + i, c, row.get(h, ""))
    book.close()
    return Export(path, "belgian_xlsx", _labels(rows, "Klanten"), _values(rows, "Klanten"))


def make_exports(folder: Path, *, seed: int = 11, clients: int = 40) -> list[Export]:
    """The six labelled exports, written into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    m = _Maker(seed)
    return [
        google(m, folder, clients),
        outlook(m, folder, clients, "fr"),
        outlook(m, folder, clients, "de"),
        xero(m, folder, clients),
        hubspot(m, folder, clients),
        belgian(m, folder, clients),
    ]


# -- scoring ------------------------------------------------------------------------------------
def score(exports: list[Export], out: Path, *, target: str = "karbon") -> dict[str, Any]:
    """Run each export through the main job (as ``clientmig export``) and score its labels."""
    import clientmig as cm
    from clientmig._text import mask

    flagged_ok: dict[str, int] = defaultdict(int)
    missed: dict[str, int] = defaultdict(int)
    per_tool: dict[str, dict[str, int]] = {}
    found = errors = false = correct = 0
    dropped: dict[str, int] = defaultdict(int)
    for export in exports:
        result = cm.run(cm.Recipe(target=target), [export.path], out=out / export.tool, force=True)
        issues = result.report.issues.filter(pl.col("row").is_not_null())
        at: dict[tuple[str | None, int, str], list[str]] = defaultdict(list)
        fixed: dict[tuple[str | None, int, str], set[str]] = defaultdict(set)
        for sheet, row, column, code, severity, suggestion in issues.select(
            "sheet", "row", "column", "code", "severity", "suggestion"
        ).iter_rows():
            if column is None:
                continue
            if severity in ("error", "warning"):
                at[(sheet, int(row), str(column))].append(str(code))
            elif suggestion is not None:  # a routine repair, recorded with its value
                fixed[(sheet, int(row), str(column))].add(str(suggestion))
        counts = {"errors": 0, "found": 0, "correct": 0, "flagged": 0}
        for key, cell in export.labels.items():
            codes = at.get(key, [])
            if cell.error:
                counts["errors"] += 1
                repaired = fixed.get(key, set())
                if codes or (cell.fix is not None and {cell.fix, mask(cell.fix)} & repaired):
                    counts["found"] += 1
                else:
                    missed[f"{export.tool}:{cell.kind}"] += 1
            else:
                counts["correct"] += 1
                if codes:
                    counts["flagged"] += 1
                    for code in sorted(set(codes)):
                        flagged_ok[f"{export.tool}:{key[2]}:{cell.kind}:{code}"] += 1
        dropped.update(_dropped(export, out / export.tool, issues))
        per_tool[export.tool] = counts
        found += counts["found"]
        errors += counts["errors"]
        false += counts["flagged"]
        correct += counts["correct"]
    return {
        "files": [e.path.name for e in exports],
        "planted_errors": errors,
        "recall": round(found / errors, 3) if errors else None,
        "correct_cells": correct,
        "false_flag_rate": round(false / correct, 4) if correct else None,
        "per_tool": per_tool,
        "missed": dict(sorted(missed.items())),
        "flagged_correct": dict(sorted(flagged_ok.items())),
        "dropped_without_a_word": dict(sorted(dropped.items())),
    }


# Kinds written in another form on import (phones in E.164, dates in ISO, IDs compacted), and
# columns an export carries for its own use (labels, e-mail types and display names).
_REWRITTEN = ("ok_display", "ok_phone_", "ok_birthday", "ok_outlook", "ok_bis", "ok_multi")
_OWN_USE = {"Labels", "E-mail 1 - Label", "Phone 1 - Label", "Address 1 - Label", "Type"}
_OWN_USE |= {"Type de messagerie", "Nom complet de l'adresse de messagerie", "Titre", "Anrede"}
_OWN_USE |= {"E-Mail-Typ", "E-Mail: Angezeigter Name", "Record ID", "Lifecycle Stage"}
_OWN_USE |= {"Create Date", "Contact owner", "Catégories", "Kategorien", "Birthday"}
_OWN_USE |= {"Anniversaire", "Geburtstag", "Geboortedatum", "Rijksregisternummer"}


def _norm(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def _dropped(export: Export, out: Path, issues: pl.DataFrame) -> dict[str, int]:
    """Correct text cells whose value is neither in the import files nor in any issue."""
    written: list[str] = []
    for path in out.glob("*_import*"):
        if path.suffix == ".xlsx":
            for frame in pl.read_excel(path, sheet_id=0, infer_schema_length=0).values():
                written.extend(str(v) for col in frame.iter_columns() for v in col if v)
        elif path.suffix == ".csv":
            frame = pl.read_csv(path, infer_schema=False)
            written.extend(str(v) for col in frame.iter_columns() for v in col if v)
    said = issues.select(pl.col("value").drop_nulls()).to_series().to_list()
    haystack = "|".join(_norm(v) for v in [*written, *said])
    lost: dict[str, int] = defaultdict(int)
    for (sheet, row, header), cell in export.labels.items():
        if cell.error or cell.kind.startswith(_REWRITTEN) or header in _OWN_USE:
            continue
        value = export_value(export, sheet, row, header)
        if cell.kind == "ok_house_number":  # the number must stand with its own street
            value = f"{export_value(export, sheet, row, 'Straat')} {value}"
        if value and _norm(value) not in haystack:
            lost[f"{export.tool}:{header}:{cell.kind}"] += 1
    return lost


def export_value(export: Export, sheet: str | None, row: int, header: str) -> str | None:
    """The value written in the export's cell (kept when the file is made)."""
    return export.values.get((sheet, row, header))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--out", help="keep the exports and the job's files here")
    parser.add_argument("--json", help="write the scores here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.out) if args.out else Path(tmp)
        exports = make_exports(folder / "exports", seed=args.seed, clients=args.clients)
        result = score(exports, folder / "out")
    text = json.dumps(result, indent=2, ensure_ascii=False)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
