"""A seeded generator of client lists with known duplicates, for tests and benchmarks.

Records carry ``_entity`` (the true client). Duplicates get realistic damage: typos, nicknames,
swapped given and family names, dropped accents, particle spacing (``Van den Berghe`` /
``Vandenberghe``), missing or transposed dates, missing e-mail or phone. Households share an
address, phone and e-mail with a different given name; namesakes share a name and nothing else.
"""

from __future__ import annotations

import random
import string

import polars as pl

FIRST = (
    "Jan",
    "Johannes",
    "Hans",
    "Pieter",
    "Piet",
    "Peter",
    "Marie",
    "Maria",
    "Mieke",
    "Anna",
    "Anne",
    "Els",
    "Elisabeth",
    "Liesbeth",
    "Lies",
    "Frédéric",
    "Fred",
    "Robert",
    "Bob",
    "William",
    "Willem",
    "Wim",
    "Margaretha",
    "Greet",
    "Griet",
    "Alexandru",
    "Alex",
    "Katrien",
    "Catherine",
    "Luc",
    "Lucas",
    "Sofie",
    "Sophie",
    "Marc",
    "Marcel",
    "Céline",
    "Koen",
    "Bart",
    "Ine",
    "Tom",
    "Thomas",
    "Lotte",
    "Charlotte",
    "Hélène",
    "Helena",
    "Jef",
    "Jozef",
    "Joseph",
    "Geert",
    "Gerard",
    "Dirk",
    "Hilde",
    "Inge",
    "Kristof",
    "Christophe",
    "Stijn",
    "Steven",
    "Nathalie",
    "Isabelle",
    "Veerle",
    "Wouter",
    "Pascal",
    "Philippe",
    "Filip",
    "Nicolas",
    "Nico",
    "Klaas",
    "Ilze",
    "Jānis",
    "Andris",
    "Ioana",
    "Mihai",
    "Andrei",
    "Elena",
    "Vasile",
    "Gheorghe",
    "Jürgen",
    "Björn",
    "Sören",
    "Ann",
    "Annick",
    "Dominique",
    "Patrick",
)
NICK = {
    "Johannes": ("Jan", "Hans"),
    "Elisabeth": ("Liesbeth", "Els", "Lies"),
    "Robert": ("Bob",),
    "William": ("Bill", "Will"),
    "Willem": ("Wim",),
    "Margaretha": ("Greet", "Griet"),
    "Alexandru": ("Alex",),
    "Frédéric": ("Fred",),
    "Joseph": ("Jef", "Jos"),
    "Jozef": ("Jef",),
    "Catherine": ("Cathy",),
    "Thomas": ("Tom",),
    "Charlotte": ("Lotte",),
    "Nicolas": ("Nico", "Klaas"),
}
LAST_STEMS = (
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
    "Dubois",
    "Lambert",
    "Dupont",
    "Martin",
    "Simon",
    "Laurent",
    "Leclercq",
    "Hermans",
    "Michiels",
    "Desmet",
    "Vermeulen",
    "Van Damme",
    "Pauwels",
    "Smits",
    "Cools",
    "Segers",
    "Lemmens",
    "Verhoeven",
    "Aerts",
    "Bogaert",
    "Hendrickx",
    "Claessens",
    "Wuyts",
    "Dumont",
    "Denis",
    "Popescu",
    "Ionescu",
    "Ozols",
    "Bērziņš",
    "Kalniņš",
    "Müller",
    "Schmidt",
    "Fischer",
    "Meyer",
    "Meijer",
    "Lefèvre",
    "Mercier",
    "Berghe",
    "Bossche",
    "Broeck",
    "Velde",
    "Heuvel",
    "Linden",
)
PARTICLES = ("Van den ", "Van der ", "Van ", "De ", "Vande", "Ver", "D'", "")
STREETS = (
    "Kerkstraat",
    "Stationsstraat",
    "Dorpsstraat",
    "Molenstraat",
    "Nieuwstraat",
    "Schoolstraat",
    "Rue de la Gare",
    "Rue du Moulin",
    "Avenue Louise",
    "Chaussée de Wavre",
    "Brugstraat",
    "Veldstraat",
    "Beekstraat",
    "Lindelaan",
)
PLACES = (
    ("1000", "Brussel"),
    ("2000", "Antwerpen"),
    ("3000", "Leuven"),
    ("9000", "Gent"),
    ("8000", "Brugge"),
    ("4000", "Liège"),
    ("5000", "Namur"),
    ("3500", "Hasselt"),
    ("2800", "Mechelen"),
    ("1300", "Wavre"),
)
DOMAINS = ("gmail.com", "telenet.be", "skynet.be", "hotmail.com", "proximus.be", "outlook.com")
_ACCENTS = str.maketrans("éèêëáàäöüïçņšžēāīūšāķļ", "eeeeaaaouicnszeaiusakl")


def _surname(rng: random.Random) -> str:
    stem = rng.choice(LAST_STEMS) + rng.choice(("", "", "", "s", "e", "x", "ens", "aert", "man"))
    particle = rng.choice(PARTICLES) if rng.random() < 0.25 else ""
    return particle + (stem.lower() if particle.endswith(("de", "Ver")) else stem)


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.randrange(4)
    letter = rng.choice(string.ascii_lowercase)
    if kind == 0:
        return text[:i] + letter + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i + 1 :]
    if kind == 2:
        return text[:i] + letter + text[i:]
    return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]


def _national_id(rng: random.Random, dob: str, issued: set[str]) -> str | None:
    """A national number no one else holds: the register gives each birthday's serials once
    (None when a birthday's 997 serials seem used up, past tens of millions of clients)."""
    for _ in range(10_000):
        base = dob[2:4] + dob[5:7] + dob[8:10] + f"{rng.randrange(1, 998):03d}"
        if base not in issued:
            issued.add(base)
            return base + f"{97 - int(base) % 97:02d}"
    return None


def _client(rng: random.Random, entity: int, issued: set[str]) -> dict[str, str | int | None]:
    first, last = rng.choice(FIRST), _surname(rng)
    dob = f"{rng.randrange(1935, 2005)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
    postcode, city = rng.choice(PLACES)
    if rng.random() < 0.9:  # Belgium has about 1,150 postcodes; most clients live elsewhere
        number = rng.randrange(100, 1000)
        postcode, city = f"{number * 10 - rng.randrange(10) + 10}", f"{city}-{number}"
    local = f"{first}.{last}".lower().replace(" ", "").replace("'", "").translate(_ACCENTS)
    return {
        "_entity": entity,
        "first_name": first,
        "last_name": last,
        "date_of_birth": dob,
        "email": f"{local}{rng.randrange(100)}@{rng.choice(DOMAINS)}",
        "phone": f"+324{rng.randrange(70, 100)}{rng.randrange(10**6):06d}",
        "national_id": _national_id(rng, dob, issued),
        "street": f"{rng.choice(STREETS)} {rng.randrange(1, 200)}",
        "postcode": postcode,
        "city": city,
    }


def _damage(rng: random.Random, record: dict[str, str | int | None]) -> dict[str, str | int | None]:
    out = dict(record)
    first, last = str(out["first_name"]), str(out["last_name"])
    if first in NICK and rng.random() < 0.5:
        first = rng.choice(NICK[first])
    elif rng.random() < 0.2:
        first = _typo(rng, first)
    if rng.random() < 0.25:
        last = _typo(rng, last)
    if rng.random() < 0.15:
        last = last.replace(" ", "") if " " in last else last
    if rng.random() < 0.2:
        first, last = first.translate(_ACCENTS), last.translate(_ACCENTS)
    if rng.random() < 0.08:
        first, last = last, first
    if rng.random() < 0.1:
        first, last = first.upper(), last.upper()
    out["first_name"], out["last_name"] = first, last
    for name, chance in (("email", 0.35), ("phone", 0.35), ("date_of_birth", 0.3)):
        if rng.random() < chance:
            out[name] = None
    if rng.random() < 0.6:
        out["national_id"] = None
    dob = out["date_of_birth"]
    if isinstance(dob, str) and rng.random() < 0.05 and int(dob[8:10]) <= 12:
        out["date_of_birth"] = f"{dob[:4]}-{dob[8:10]}-{dob[5:7]}"
    if rng.random() < 0.2:
        out["street"] = _typo(rng, str(out["street"]))
    return out


Record = dict[str, str | int | None]


def _household(rng: random.Random, record: Record, entity: int, issued: set[str]) -> Record:
    partner = _client(rng, entity, issued)
    while partner["first_name"] == record["first_name"]:
        partner["first_name"] = rng.choice(FIRST)
    for shared in ("last_name", "street", "postcode", "city", "phone", "email"):
        if shared != "email" or rng.random() < 0.5:
            partner[shared] = record[shared]
    return partner


def client_list(size: int, *, seed: int = 0, duplicate_rate: float = 0.25) -> pl.DataFrame:
    """Return about ``size`` person records with lineage and the true ``_entity``."""
    rng = random.Random(seed)
    rows: list[dict[str, str | int | None]] = []
    entity = 0
    issued: set[str] = set()
    while len(rows) < size:
        record = _client(rng, entity, issued)
        roll = rng.random()
        if roll < 0.08 and rows:
            record = _household(rng, rows[-1], entity, issued)
        elif roll < 0.10 and rows:
            namesake = rng.choice(rows)
            record["first_name"] = namesake["first_name"]
            record["last_name"] = namesake["last_name"]
        rows.append(record)
        if rng.random() < duplicate_rate:
            rows.extend(_damage(rng, record) for _ in range(rng.choice((1, 1, 1, 2, 3))))
        entity += 1
    rng.shuffle(rows)
    frame = pl.DataFrame(rows[:size], infer_schema_length=None)
    return frame.with_columns(
        pl.col("_entity").cast(pl.Int64),
        _source=pl.lit("synthetic.csv"),
        _sheet=pl.lit(None, pl.String),
        _row=pl.int_range(pl.len(), dtype=pl.Int64) + 2,
    )
