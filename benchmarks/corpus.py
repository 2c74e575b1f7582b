"""A labelled corpus of realistic firm exports, generated from the rules (not from sample_data).

Each generated file is a client list as a Belgian firm hands it over: people and organisations
in one sheet, foreign residents with BIS numbers, phones of the country the row names, Dutch,
French or English headers, and damage of the kinds real exports carry. Every damaged or
deliberately tricky cell is labelled: its family (e-mail, national number, ...), whether it is
an error, and the one value to write when exactly one correction is right.

    from benchmarks.corpus import make_corpus
    files = make_corpus(folder, seed=7, clients=300)   # -> list[CorpusFile]
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

import phonenumbers
import polars as pl

FIRST = [
    "Jan",
    "An",
    "Pieter",
    "Katrien",
    "Frédéric",
    "Hélène",
    "Els",
    "Luc",
    "Sofie",
    "Marc",
    "Céline",
    "Koen",
    "Griet",
    "Bart",
    "Ine",
    "Tom",
    "Lotte",
    "Jean",
    "Marie",
    "Ioana",
    "Andris",
    "Sanne",
    "Thomas",
    "Emma",
]
LAST = [
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Dubois",
    "Lambert",
    "Van den Berghe",
    "De Smet",
    "Claes",
    "Goossens",
    "Wouters",
    "Dupont",
    "Martin",
    "Popescu",
    "Bērziņš",
    "de Vries",
    "Müller",
    "Lefèvre",
]
ORG_WORDS = [
    "Bakkerij",
    "Atelier",
    "Garage",
    "Immo",
    "Studio",
    "Transport",
    "Dakwerken",
    "Brasserie",
    "Consult",
    "Tandartspraktijk",
    "Boekhouding",
    "Schrijnwerkerij",
]
ORG_NAMES = [
    "Noord",
    "Zuid",
    "Schelde",
    "Leie",
    "Meuse",
    "Horizon",
    "Delta",
    "Lotus",
    "Orion",
    "Atlas",
    "Cedar",
    "Mistral",
    "Nova",
    "Tilia",
]
LEGAL = ["BV", "NV", "CommV", "SRL", "SA", "VZW"]
DOMAINS = ["telenet.be", "skynet.be", "gmail.com", "hotmail.com", "proximus.be", "outlook.com"]
TYPO = {
    "gmail.com": "gmial.com",
    "hotmail.com": "hotmial.com",
    "telenet.be": "telenet.bee",
    "outlook.com": "outlok.com",
    "skynet.be": "skynet.bbe",
    "proximus.be": "proximus.b",
}
# Residence countries of the clients: most Belgian, some foreign residents and cross-border owners.
COUNTRIES = ["BE"] * 14 + ["FR", "NL", "DE", "GB", "US", "ES"]
COUNTRY_WORDS = {
    "nl": {
        "BE": "België",
        "FR": "Frankrijk",
        "NL": "Nederland",
        "DE": "Duitsland",
        "GB": "Verenigd Koninkrijk",
        "US": "Verenigde Staten",
        "ES": "Spanje",
    },
    "fr": {
        "BE": "Belgique",
        "FR": "France",
        "NL": "Pays-Bas",
        "DE": "Allemagne",
        "GB": "Royaume-Uni",
        "US": "États-Unis",
        "ES": "Espagne",
    },
    "en": {
        "BE": "Belgium",
        "FR": "France",
        "NL": "Netherlands",
        "DE": "Germany",
        "GB": "United Kingdom",
        "US": "United States",
        "ES": "Spain",
    },
}
NATIONALITY_WORDS = {
    "nl": {
        "BE": "Belg",
        "FR": "Frans",
        "NL": "Nederlands",
        "DE": "Duits",
        "GB": "Brits",
        "US": "Amerikaans",
        "ES": "Spaans",
    },
    "fr": {
        "BE": "belge",
        "FR": "française",
        "NL": "néerlandaise",
        "DE": "allemande",
        "GB": "britannique",
        "US": "américaine",
        "ES": "espagnole",
    },
    "en": {
        "BE": "Belgian",
        "FR": "French",
        "NL": "Dutch",
        "DE": "German",
        "GB": "British",
        "US": "American",
        "ES": "Spanish",
    },
}
HEADERS = {
    "nl": {
        "client_id": "Klantnummer",
        "first": "Voornaam",
        "last": "Naam",
        "org": "Bedrijfsnaam",
        "email": "E-mail",
        "phone": "GSM",
        "national_id": "Rijksregisternummer",
        "company_id": "Ondernemingsnummer",
        "birth": "Geboortedatum",
        "country": "Land",
        "nationality": "Nationaliteit",
        "belongs_to": "Behoort tot",
        "fye_day": "Boekjaar einde dag",
        "fye_month": "Boekjaar einde maand",
        "notes": "Opmerkingen",
    },
    "fr": {
        "client_id": "Code client",
        "first": "Prénom",
        "last": "Nom",
        "org": "Société",
        "email": "Adresse e-mail",
        "phone": "Téléphone mobile",
        "national_id": "Numéro national",
        "company_id": "Numéro d'entreprise",
        "birth": "Date de naissance",
        "country": "Pays",
        "nationality": "Nationalité",
        "belongs_to": "Fait partie de",
        "fye_day": "Jour de clôture",
        "fye_month": "Mois de clôture",
        "notes": "Remarques",
    },
    "en": {
        "client_id": "Client ID",
        "first": "First Name",
        "last": "Last Name",
        "org": "Company Name",
        "email": "Email",
        "phone": "Mobile Phone",
        "national_id": "National Register Number",
        "company_id": "Enterprise Number",
        "birth": "Date of Birth",
        "country": "Country",
        "nationality": "Nationality",
        "belongs_to": "Belongs To",
        "fye_day": "Fiscal Year End Day",
        "fye_month": "Fiscal Year End Month",
        "notes": "Notes",
    },
}
# Held-out header sets: other spellings of the same columns, never tuned on (--holdout).
HEADERS_HOLDOUT = {
    "nl": {
        "client_id": "Klantcode",
        "first": "Voornaam",
        "last": "Familienaam",
        "org": "Firma",
        "email": "Emailadres",
        "phone": "Telefoon",
        "national_id": "INSZ",
        "company_id": "BTW-nummer",
        "birth": "Geboren op",
        "country": "Woonland",
        "nationality": "Nationaliteit",
        "belongs_to": "Hoort bij",
        "fye_day": "Afsluitdag boekjaar",
        "fye_month": "Afsluitmaand boekjaar",
        "notes": "Notities",
    },
    "fr": {
        "client_id": "N° client",
        "first": "Prénom",
        "last": "Nom de famille",
        "org": "Entreprise",
        "email": "Courriel",
        "phone": "GSM",
        "national_id": "NISS",
        "company_id": "N° TVA",
        "birth": "Né(e) le",
        "country": "Pays de résidence",
        "nationality": "Nationalité",
        "belongs_to": "Société liée",
        "fye_day": "Jour de clôture de l'exercice",
        "fye_month": "Mois de clôture de l'exercice",
        "notes": "Commentaires",
    },
    "de": {
        "client_id": "Kundennummer",
        "first": "Vorname",
        "last": "Nachname",
        "org": "Firma",
        "email": "E-Mail-Adresse",
        "phone": "Mobiltelefon",
        "national_id": "Nationalregisternummer",
        "company_id": "Unternehmensnummer",
        "birth": "Geburtsdatum",
        "country": "Land",
        "nationality": "Staatsangehörigkeit",
        "belongs_to": "Gehört zu",
        "fye_day": "Geschäftsjahresende Tag",
        "fye_month": "Geschäftsjahresende Monat",
        "notes": "Notizen",
    },
}
COUNTRY_WORDS["de"] = {
    "BE": "Belgien",
    "FR": "Frankreich",
    "NL": "Niederlande",
    "DE": "Deutschland",
    "GB": "Vereinigtes Königreich",
    "US": "Vereinigte Staaten",
    "ES": "Spanien",
}
NATIONALITY_WORDS["de"] = {
    "BE": "belgisch",
    "FR": "französisch",
    "NL": "niederländisch",
    "DE": "deutsch",
    "GB": "britisch",
    "US": "amerikanisch",
    "ES": "spanisch",
}

FAMILY = {
    "email": "email",
    "national_id": "national_id",
    "company_id": "company_id",
    "fye_day": "fiscal_year_end",
    "fye_month": "fiscal_year_end",
    "belongs_to": "belongs_to",
    "phone": "phone",
    "birth": "date",
    "first": "name",
    "last": "name",
    "org": "name",
    "country": "country",
    "nationality": "country",
    "notes": "formula",
    "client_id": "other",
}


@dataclass(frozen=True)
class Label:
    """What one cell holds: ``error`` or not, and ``fix`` when exactly one value is right."""

    key: str  # the column key (HEADERS' keys)
    family: str
    kind: str  # what was done to the cell ("typo_domain", "bis_foreign", "ok", ...)
    error: bool
    fix: str | None = None  # the value to write (for a correct cell: its normal form, if any)


@dataclass
class CorpusFile:
    """One generated export and its labels by (spreadsheet row, header as written)."""

    path: Path
    lang: str
    headers: dict[str, str]
    labels: dict[tuple[int, str], Label] = field(default_factory=dict)
    rows: int = 0


def _nn(rng: random.Random, born: dt.date, *, bis: bool = False) -> str:
    """A valid Belgian national (or BIS) number for a birth date."""
    month = born.month + (40 if bis else 0)
    body = f"{born.year % 100:02d}{month:02d}{born.day:02d}{rng.randint(1, 997):03d}"
    base = int(("2" if born.year >= 2000 else "") + body)
    return f"{body}{97 - base % 97:02d}"


def _enterprise(rng: random.Random, *, leading_zero: bool = True) -> str:
    first8 = (
        rng.randint(2_000_000, 9_999_999) if leading_zero else rng.randint(10_000_000, 19_999_999)
    )
    return f"{first8:08d}"[:8] + f"{97 - first8 % 97:02d}"


def _fmt_enterprise(number: str) -> str:
    return f"{number[:4]}.{number[4:7]}.{number[7:]}"


def _phone(rng: random.Random, region: str) -> tuple[str, str]:
    """(as written nationally, E.164) for a valid mobile number of ``region``."""
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    digits = str(example.national_number)
    for _ in range(50):
        tail = "".join(str(rng.randint(0, 9)) for _ in range(4))
        candidate = phonenumbers.parse("+" + str(example.country_code) + digits[:-4] + tail)
        if phonenumbers.is_valid_number(candidate):
            return (
                phonenumbers.format_number(candidate, phonenumbers.PhoneNumberFormat.NATIONAL),
                phonenumbers.format_number(candidate, phonenumbers.PhoneNumberFormat.E164),
            )
    return (
        phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL),
        phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164),
    )


def _ascii(text: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if not unicodedata.combining(c)).lower().replace(" ", "")


def _person(rng: random.Random, i: int) -> dict[str, object]:
    country = rng.choice(COUNTRIES)
    born = dt.date(rng.randint(1940, 2008), rng.randint(1, 12), rng.randint(1, 28))
    first, last = rng.choice(FIRST), rng.choice(LAST)
    domain = rng.choice(DOMAINS)
    local = f"{_ascii(first)}.{_ascii(last)}{i}"
    return {
        "country": country,
        "born": born,
        "first": first,
        "last": last,
        "email": f"{local}@{domain}",
        "local": local,
        "domain": domain,
    }


def make_file(
    folder: Path, name: str, lang: str, seed: int, clients: int, *, holdout: bool = False
) -> CorpusFile:
    """One labelled export: organisations then people, with damage, as CSV (; for nl/fr/de)."""
    rng = random.Random(seed)
    h = (HEADERS_HOLDOUT if holdout else HEADERS)[lang]
    out = CorpusFile(folder / name, lang, h)
    rows: list[dict[str, str]] = []
    labels: list[dict[str, Label]] = []

    def label(
        cells: dict[str, Label], key: str, kind: str, error: bool, fix: str | None = None
    ) -> None:
        family = {"formula": "formula", "mojibake": "text"}.get(kind, FAMILY[key])
        cells[key] = Label(key, family, kind, error, fix)

    n_orgs = max(4, clients // 5)
    orgs: list[str] = []
    used: set[str] = set()
    for i in range(n_orgs):
        while True:
            org = f"{rng.choice(ORG_WORDS)} {rng.choice(ORG_NAMES)} {rng.choice(LEGAL)}"
            if org not in used:
                used.add(org)
                break
        orgs.append(org)
        row = dict.fromkeys(h, "")
        cells: dict[str, Label] = {}
        row["client_id"] = f"K{1000 + i}"
        row["org"] = org
        number = _enterprise(rng, leading_zero=rng.random() < 0.7)
        row["company_id"] = _fmt_enterprise(number)
        label(cells, "company_id", "ok", False)
        roll = rng.random()
        if roll < 0.08:
            bad = number[:-2] + f"{(int(number[-2:]) + 1) % 100:02d}"
            row["company_id"] = _fmt_enterprise(bad)
            label(cells, "company_id", "checksum", True)
        elif roll < 0.16 and number.startswith("0"):
            row["company_id"] = number[1:]  # Excel dropped the leading zero
            label(cells, "company_id", "lost_zero", True, number)
        elif roll < 0.22:
            row["company_id"] = "BE " + number
            label(cells, "company_id", "be_prefix", False)
        day, month = rng.choice([(31, 12), (30, 6), (31, 3), (30, 9)])
        row["fye_day"], row["fye_month"] = str(day), str(month)
        label(cells, "fye_day", "ok", False)
        if rng.random() < 0.08:
            row["fye_day"], row["fye_month"] = "31", rng.choice(["2", "4", "6", "9", "11"])
            label(cells, "fye_day", "no_such_date", True)
        row["country"] = COUNTRY_WORDS[lang]["BE"]
        label(cells, "country", "ok", False)
        rows.append(row)
        labels.append(cells)

    for i in range(clients - n_orgs):
        p = _person(rng, i)
        row = dict.fromkeys(h, "")
        cells = {}
        row["client_id"] = f"P{2000 + i}"
        row["first"], row["last"] = str(p["first"]), str(p["last"])
        label(cells, "first", "ok", False)
        country = str(p["country"])
        # Residence country, written in the file's language (sometimes as an ISO code).
        row["country"] = country if rng.random() < 0.15 else COUNTRY_WORDS[lang][country]
        label(cells, "country", "ok", False)
        nationality = country if rng.random() < 0.7 else "BE"
        row["nationality"] = NATIONALITY_WORDS[lang][nationality]
        label(cells, "nationality", "ok", False)
        # E-mail
        email = str(p["email"])
        row["email"] = email
        label(cells, "email", "ok", False)
        roll = rng.random()
        if roll < 0.06:
            row["email"] = email.replace("@", "@@")
            label(cells, "email", "double_at", True, email)
        elif roll < 0.12:
            row["email"] = f"{p['local']}@{TYPO[str(p['domain'])]}"
            label(cells, "email", "typo_domain", True, email)
        elif roll < 0.15:
            row["email"] = f"{p['local']}@{str(p['domain']).split('.')[0]}"
            label(cells, "email", "missing_tld", True)
        elif roll < 0.18:
            row["email"] = f"mailto:{email}"
            label(cells, "email", "mailto", True, email)
        elif roll < 0.21:
            row["email"] = f"{p['first']} {p['last']} <{email}>"
            label(cells, "email", "display_name", True, email)
        elif roll < 0.24:
            row["email"] = f"{email}."
            label(cells, "email", "trailing_dot", True, email)
        elif roll < 0.27:
            row["email"] = f"{p['local']} x@{p['domain']}"
            label(cells, "email", "space_inside", True)
        elif roll < 0.30 and holdout:
            row["email"] = f"\u200b{email}\u00a0"
            label(cells, "email", "invisible", True, email)
        elif roll < 0.33 and holdout:
            row["email"] = email.upper()
            label(cells, "email", "upper_case", False)
        # Phone of the residence country, written nationally: valid under that country's rules.
        national, e164 = _phone(rng, country)
        row["phone"] = national
        # A correct cell with the one form to write: any other rewrite is wrong.
        label(cells, "phone", "ok_foreign" if country != "BE" else "ok", False, e164)
        if rng.random() < 0.05:
            row["phone"] = national[:4]
            label(cells, "phone", "truncated", True)
        # National number: Belgian residents an NN, foreign residents a BIS number.
        born = p["born"]
        assert isinstance(born, dt.date)
        bis = country != "BE"
        number = _nn(rng, born, bis=bis)
        row["national_id"] = f"{number[:2]}.{number[2:4]}.{number[4:6]}-{number[6:9]}.{number[9:]}"
        label(cells, "national_id", "bis_foreign" if bis else "ok", False)
        roll = rng.random()
        if roll < 0.07:
            bad = number[:-2] + f"{(int(number[-2:]) + 3) % 100:02d}"
            row["national_id"] = bad
            label(cells, "national_id", "checksum", True)
        elif roll < 0.12 and number.startswith("0"):
            row["national_id"] = number.lstrip("0")
            label(cells, "national_id", "lost_zero", True, number)
        elif roll < 0.17:
            row["national_id"] = number + ".0"
            label(cells, "national_id", "excel_float", True, number)
        row["birth"] = born.strftime("%d/%m/%Y")
        label(cells, "birth", "ok", False)
        if rng.random() < 0.04:
            row["birth"] = f"31/02/{born.year}"
            label(cells, "birth", "impossible", True)
        # Belongs to: an organisation of this file, sometimes misspelt or unknown.
        if rng.random() < 0.6:
            org = rng.choice(orgs)
            row["belongs_to"] = org
            label(cells, "belongs_to", "ok", False)
            roll = rng.random()
            if roll < 0.08:
                row["belongs_to"] = org.upper()
                label(cells, "belongs_to", "case", True, org)
            elif roll < 0.14:
                row["belongs_to"] = org.rsplit(" ", 1)[0]
                label(cells, "belongs_to", "legal_form_missing", True, org)
            elif roll < 0.20:
                word = org.split(" ")[1]
                row["belongs_to"] = org.replace(word, word[:-1] + word[-1] * 2, 1)
                label(cells, "belongs_to", "typo", True, org)
            elif roll < 0.25:
                row["belongs_to"] = f"{rng.choice(ORG_WORDS)} Onbekend {rng.choice(LEGAL)}"
                label(cells, "belongs_to", "orphan", True)
        roll = rng.random()
        if roll < 0.03:  # a formula where a name should be (CSV injection)
            row["last"] = rng.choice(
                ['=HYPERLINK("http://example.invalid/x","klik")', "@SUM(1+1)*cmd|' /C calc'!A0"]
            )
            label(cells, "last", "formula", True)
        elif roll < 0.10 and lang != "en":  # UTF-8 read as cp1252 somewhere upstream
            last = rng.choice(["Müller", "Lefèvre", "Bērziņš", "Dubœuf", "Hélin"])
            broken = last.encode("utf-8").decode("cp1252", errors="replace")
            row["last"] = broken
            label(cells, "last", "mojibake", True, last)
        rows.append(row)
        labels.append(cells)

    frame = pl.DataFrame(
        [{h[k]: r[k] for k in h} for r in rows], schema=dict.fromkeys(h.values(), pl.String)
    )
    separator = "," if lang == "en" else ";"
    out.path.parent.mkdir(parents=True, exist_ok=True)
    frame.write_csv(out.path, separator=separator)
    for i, cells in enumerate(labels):
        for key, lab in cells.items():
            out.labels[(i + 2, h[key])] = lab
    out.rows = len(rows)
    return out


def make_corpus(
    folder: Path, *, seed: int = 7, clients: int = 300, holdout: bool = False
) -> list[CorpusFile]:
    """Three exports of different shapes and languages (``holdout``: other headers and damage)."""
    if holdout:
        return [
            make_file(folder, "klanten_holdout.csv", "nl", seed + 10, clients, holdout=True),
            make_file(folder, "clients_holdout.csv", "fr", seed + 11, clients, holdout=True),
            make_file(folder, "kunden_holdout.csv", "de", seed + 12, clients, holdout=True),
        ]
    return [
        make_file(folder, "dutch_tool.csv", "nl", seed, clients),
        make_file(folder, "outlook_fr.csv", "fr", seed + 1, clients),
        make_file(folder, "client_list_en.csv", "en", seed + 2, clients),
    ]
