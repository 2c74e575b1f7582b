"""Write sample_data/three_sources/: one firm's clients in three exports, spelled three ways.

The practice tool's client list (``practice_clients.csv``, Dutch headers, semicolons), the
partner's Outlook contacts (``outlook_contacts.csv``) and the assistant's Google contacts
(``google_contacts.csv``) each hold part of the same clients: a nickname in one, the names
crossed or in capitals in another, a typo, a second e-mail, a phone written three ways, a
birthday without a year. Spouses share an address and phone (own given name, birth date and
e-mail); namesakes share a name and nothing else. Some Outlook contacts still hold the address
a client has since left, or no e-mail. ``truth.csv`` gives every record its client.
Every person, number and address is invented; national numbers pass their check digits.

Usage: python scripts/make_multisource_samples.py [OUT_DIR]   (seeded: identical bytes each run)
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_sample_data import GOOGLE_HEADER, OUTLOOK_HEADER, write_csv

SEED = 20261207
CLIENTS = 120
HOUSEHOLDS = 10
NAMESAKES = 6
FIRST = {
    "Johannes": ["Jan", "Hans"],
    "Elisabeth": ["Els", "Liesbeth"],
    "Wilhelmus": ["Wim"],
    "Catharina": ["Katrien", "Trien"],
    "Frederik": ["Fred"],
    "Margaretha": ["Griet", "Greet"],
    "Petrus": ["Piet", "Peter"],
    "Alexander": ["Alex"],
    "Thomas": ["Tom"],
    "Christophe": ["Chris"],
    "Nathalie": [],
    "Sophie": [],
    "Koen": [],
    "Bart": [],
    "Lieve": [],
    "Hilde": [],
    "Dirk": [],
    "Ann": [],
    "Stijn": [],
    "Veerle": [],
    "Marc": [],
    "Isabelle": [],
    "Luc": [],
    "Sarah": [],
    "Geert": [],
    "Inge": [],
}
LAST = [
    "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
    "Wouters", "De Smet", "Dubois", "Lambert", "Dupont", "Van den Broeck", "Vermeulen",
    "Hermans", "Aerts", "Pauwels", "De Clercq", "Van Damme", "Leroy", "Martens", "Michiels",
    "Declercq", "Verhoeven", "Smets", "Van Acker", "Coppens", "Desmet", "Vandenberghe",
    "Bogaert", "Vanderstraeten", "Cools", "Van de Velde", "Segers", "Lemmens", "Geerts",
]  # fmt: skip
STREETS = ["Kerkstraat", "Stationsstraat", "Dorpstraat", "Molenstraat", "Nieuwstraat", "Kouter"]
PLACES = [("9000", "Gent"), ("2000", "Antwerpen"), ("3000", "Leuven"), ("8000", "Brugge"),
          ("3500", "Hasselt"), ("2800", "Mechelen"), ("9300", "Aalst"), ("1000", "Brussel")]  # fmt: skip
DOMAINS = ["telenet.be", "skynet.be", "proximus.be", "gmail.com", "hotmail.com"]
PRACTICE_HEADER = [
    "Klantnr", "Naam", "Voornaam", "E-mail", "GSM", "Rijksregisternummer", "Straat",
    "Postcode", "Gemeente", "Geboortedatum",
]  # fmt: skip


@dataclass(frozen=True)
class Client:
    """One real person (``client`` is the truth id)."""

    client: int
    first: str
    last: str
    born: date
    email: str
    mobile: str  # 9 digits after the 0: 4xx xx xx xx
    street: str
    postcode: str
    city: str
    national: str


def _national(born: date, rng: random.Random) -> str:
    base = f"{born:%y%m%d}{rng.randrange(1, 998):03d}"
    return base + f"{97 - int(base) % 97:02d}"


def _ascii(text: str) -> str:
    return text.lower().replace(" ", "").replace("'", "")


def _client(rng: random.Random, number: int) -> Client:
    first, last = rng.choice(list(FIRST)), rng.choice(LAST)
    born = date(rng.randrange(1940, 2000), rng.randrange(1, 13), rng.randrange(1, 29))
    postcode, city = rng.choice(PLACES)
    return Client(
        number,
        first,
        last,
        born,
        f"{_ascii(first)}.{_ascii(last)}@{rng.choice(DOMAINS)}",
        f"4{rng.randrange(70, 100)}{rng.randrange(10**6):06d}",
        f"{rng.choice(STREETS)} {rng.randrange(1, 200)}",
        postcode,
        city,
        _national(born, rng),
    )


def _people(rng: random.Random) -> list[Client]:
    people = [_client(rng, i) for i in range(CLIENTS)]
    for k in range(HOUSEHOLDS):  # a spouse at a client's address, with the client's phone
        host = people[k * 7]
        spouse = _client(rng, len(people))
        while spouse.first == host.first:
            spouse = replace(spouse, first=rng.choice(list(FIRST)))
        people.append(
            replace(
                spouse,
                last=host.last,
                street=host.street,
                postcode=host.postcode,
                city=host.city,
                mobile=host.mobile,
                email=f"{_ascii(spouse.first)}.{_ascii(host.last)}@{rng.choice(DOMAINS)}",
            )
        )
    for k in range(NAMESAKES):  # same name as a client, nothing else in common
        other = people[k * 11 + 3]
        namesake = _client(rng, len(people))
        people.append(replace(namesake, first=other.first, last=other.last))
    return people


def _given(rng: random.Random, person: Client) -> str:
    nicks = FIRST[person.first]
    return rng.choice(nicks) if nicks and rng.random() < 0.5 else person.first


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def _sources(rng: random.Random) -> list[str]:
    shares = (("practice", 0.8), ("outlook", 0.5), ("google", 0.4))
    chosen = [s for s, p in shares if rng.random() < p]
    return chosen or [rng.choice(["practice", "outlook", "google"])]


def build(out: Path) -> None:
    """Write the three exports and the truth file."""
    rng = random.Random(SEED)
    practice: list[list[str]] = []
    outlook: list[list[str]] = []
    google: list[list[str]] = []
    truth: list[list[str]] = []
    for person in _people(rng):
        for source in _sources(rng):
            if source == "practice":
                nat = person.national
                if rng.random() < 0.3:
                    nat = f"{nat[:2]}.{nat[2:4]}.{nat[4:6]}-{nat[6:9]}.{nat[9:]}"
                practice.append([
                    f"K{3000 + len(practice)}", person.last, person.first, person.email,
                    "0" + person.mobile, nat if rng.random() < 0.8 else "", person.street,
                    person.postcode, person.city, f"{person.born:%d/%m/%Y}",
                ])  # fmt: skip
                truth.append(["practice_clients.csv", str(len(practice) + 2), str(person.client)])
            elif source == "outlook":
                row = dict.fromkeys(OUTLOOK_HEADER, "")
                last = _typo(rng, person.last) if rng.random() < 0.2 else person.last
                email = person.email.upper() if rng.random() < 0.2 else person.email
                email = "" if rng.random() < 0.1 else email
                if rng.random() < 0.15:  # the address before the client moved
                    postcode, city = rng.choice(PLACES)
                    street = f"{rng.choice(STREETS)} {rng.randrange(1, 200)}"
                    person = replace(person, street=street, postcode=postcode, city=city)
                row.update({
                    "First Name": _given(rng, person), "Last Name": last,
                    "Business Street": person.street, "Business City": person.city,
                    "Business Postal Code": person.postcode, "Business Country/Region": "België",
                    "Mobile Phone": f"+32 {person.mobile[:3]} {person.mobile[3:5]} "
                    f"{person.mobile[5:7]} {person.mobile[7:]}",
                    "E-mail Address": email, "E-mail Type": "SMTP",
                    "Birthday": f"{person.born.month}/{person.born.day}/{person.born.year}"
                    if rng.random() < 0.6 else "0/0/00",
                    "Priority": "Normal", "Private": "False", "Sensitivity": "Normal",
                })  # fmt: skip
                if rng.random() < 0.25:
                    row["E-mail 2 Address"] = f"{_ascii(person.first)}@{_ascii(person.last)}.be"
                outlook.append([row[h] for h in OUTLOOK_HEADER])
                truth.append(["outlook_contacts.csv", str(len(outlook) + 1), str(person.client)])
            else:
                row = dict.fromkeys(GOOGLE_HEADER, "")
                first, last = _given(rng, person), person.last
                if rng.random() < 0.15:
                    first, last = first.upper(), last.upper()
                row.update({
                    "First Name": first, "Last Name": last, "File As": f"{last}, {first}",
                    "Birthday": person.born.isoformat() if rng.random() < 0.5
                    else f"--{person.born:%m-%d}",
                    "Labels": "Clients ::: * myContacts", "E-mail 1 - Label": "* Home",
                    "E-mail 1 - Value": person.email if rng.random() < 0.8 else "",
                    "Phone 1 - Label": "Mobile",
                    "Phone 1 - Value": f"0{person.mobile[:3]} {person.mobile[3:5]} "
                    f"{person.mobile[5:7]} {person.mobile[7:]}",
                    "Address 1 - Label": "Home", "Address 1 - Street": person.street,
                    "Address 1 - City": person.city, "Address 1 - Postal Code": person.postcode,
                    "Address 1 - Country": "BE",
                })  # fmt: skip
                google.append([row[h] for h in GOOGLE_HEADER])
                truth.append(["google_contacts.csv", str(len(google) + 1), str(person.client)])
    out.mkdir(parents=True, exist_ok=True)
    write_csv(
        out / "practice_clients.csv",
        PRACTICE_HEADER,
        practice,
        encoding="cp1252",
        delimiter=";",
        preamble="Klantenlijst export 07/12/2026\n",
    )
    write_csv(out / "outlook_contacts.csv", list(OUTLOOK_HEADER), outlook, encoding="cp1252")
    write_csv(out / "google_contacts.csv", list(GOOGLE_HEADER), google, encoding="utf-8-sig")
    write_csv(out / "truth.csv", ["source", "row", "client"], truth, encoding="utf-8", newline="\n")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("sample_data") / "three_sources")
