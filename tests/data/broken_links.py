"""A seeded generator of client lists with broken belongs-to links, labelled cell by cell.

Made up here from word lists (no third-party data): organisations with the legal forms of the
countries clientmig serves (BE, NL, FR, DE, LV, RO, UK), accents in some names, and people who
belong to them. Each person's Belongs To is exact, empty, or broken in one way: case,
whitespace (NBSP, doubled, trailing), punctuation, legal-form spelling (dotted, dropped, the
other form), accents stripped, a typo (a letter substituted, dropped, doubled or two swapped),
word order, an orphan (an organisation the list does not hold), or a blank left by a merged cell
(the top cell of the range holds the name). Depends only on Polars, so a harness can score any
version of the code with it.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

import polars as pl

FIRST = ["Jan", "Marie", "Luc", "Sofie", "Hélène", "Jürgen", "Ilze", "Andrei", "Chloé", "Pieter"]
LAST = ["Peeters", "Dubois", "Janssens", "Müller", "Bērziņš", "Popescu", "Lefèvre", "De Smet"]
WORDS = [
    "Bakkerij", "Boulangerie", "Brasserie", "Café", "Garage", "Immo", "Consult", "Bouw",
    "Logistics", "Advies", "Studio", "Atelier", "Délices", "Zorg", "Techniek", "Transport",
    "Médical", "Groene", "Noordzee", "Ardennes", "Kempen", "Leie", "Schelde", "Dijle", "Rīga",
    "Ştefan", "Horizon", "Zenit", "Delta", "Acme", "Renée", "Frédéric", "Österreich", "Baltic",
]  # fmt: skip
FORMS = ["BV", "NV", "BVBA", "CommV", "VZW", "SRL", "SA", "SPRL", "ASBL", "GmbH", "SIA", "Ltd"]
DOTTED = {
    "BV": "B.V.", "NV": "N.V.", "BVBA": "B.V.B.A.", "CommV": "Comm.V.", "VZW": "V.Z.W.",
    "SRL": "S.R.L.", "SA": "S.A.", "SPRL": "S.P.R.L.", "ASBL": "A.S.B.L.", "Ltd": "Ltd.",
    "GmbH": "G.m.b.H.", "SIA": "S.I.A.",
}  # fmt: skip
OTHER_FORM = {"BV": "BVBA", "BVBA": "BV", "SRL": "SPRL", "SPRL": "SRL", "NV": "SA", "SA": "NV"}
BREAKS = (
    "case", "whitespace", "punctuation", "legal_form", "accents", "typo", "word_order",
    "orphan", "merged",
)  # fmt: skip


@dataclass(frozen=True)
class Corpus:
    """People and organisations, the read issues of the merged cells, and the labels.

    ``labels``: one row per person (``_row``): ``broken`` (how, or null), ``expected`` (the
    exact organisation name a fix should write, null for an orphan or an exact link).
    """

    people: pl.DataFrame
    organisations: pl.DataFrame
    merged: pl.DataFrame
    labels: pl.DataFrame

    def flat(self, *, type_column: bool) -> pl.DataFrame:
        """One table holding both (organisations first), with or without a type column."""
        orgs = self.organisations.with_columns(
            pl.lit(None, pl.String).alias(c) for c in ("first_name", "last_name", "belongs_to")
        )
        people = self.people.with_columns(pl.lit(None, pl.String).alias("organization_name"))
        both = pl.concat([orgs, people.select(orgs.columns)])
        if type_column:
            kind = pl.when(pl.col("first_name").is_null()).then(pl.lit("Bedrijf"))
            both = both.with_columns(kind.otherwise(pl.lit("Persoon")).alias("record_type"))
        return both


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _typo(rng: random.Random, text: str) -> str:
    spots = [i for i, c in enumerate(text) if c.isalpha() and i > 0]
    i = rng.choice(spots)
    how = rng.choice(["substitute", "drop", "double", "swap"])
    if how == "substitute":
        letter = rng.choice([c for c in "aeiounrst" if c != text[i].lower()])
        return text[:i] + letter + text[i + 1 :]
    if how == "drop":
        return text[:i] + text[i + 1 :]
    if how == "double":
        return text[:i] + text[i] + text[i:]
    j = i + 1 if i + 1 < len(text) and text[i + 1].isalpha() else i - 1
    a, b = sorted((i, j))
    return text[:a] + text[b] + text[a] + text[b + 1 :]


def _organisations(rng: random.Random, count: int) -> list[tuple[str, str, str]]:
    """``(name, words, form)`` with distinct words (so every key is unique)."""
    seen: set[str] = set()
    out: list[tuple[str, str, str]] = []
    while len(out) < count:
        words = " ".join(rng.sample(WORDS, 2))
        key = _strip_accents(words).lower()
        if key in seen:
            continue
        seen.add(key)
        form = rng.choice(FORMS)
        out.append((f"{words} {form}", words, form))
    return out


def _broken(rng: random.Random, kind: str, org: tuple[str, str, str]) -> str:
    name, words, form = org
    if kind == "case":
        return name.upper() if rng.random() < 0.5 else name.lower()
    if kind == "whitespace":
        return rng.choice([f"{words}\u00a0{form}", f"{words}  {form}", f"{name} ", f" {name}"])
    if kind == "punctuation":
        return f"{words} {DOTTED[form]}" if rng.random() < 0.7 else f"{words}, {form}"
    if kind == "legal_form":
        choice = rng.random()
        if choice < 0.4:
            return words
        if choice < 0.7 and form in OTHER_FORM:
            return f"{words} {OTHER_FORM[form]}"
        return f"{form} {words}"
    if kind == "accents":
        return _strip_accents(name) if _strip_accents(name) != name else name.upper()
    if kind == "typo":
        first, second = words.split(" ")
        return f"{_typo(rng, first)} {second} {form}"
    if kind == "word_order":
        first, second = words.split(" ")
        return f"{second} {first} {form}"
    raise ValueError(kind)


def generate(seed: int, *, organisations: int = 40, people: int = 240) -> Corpus:
    """One labelled corpus; about half of the people's links are exact or empty."""
    rng = random.Random(seed)
    orgs = _organisations(rng, organisations + 15)
    known, unknown = orgs[:organisations], orgs[organisations:]
    rows: list[dict[str, object]] = []
    merged_rows: list[int] = []
    row = 2 + organisations  # organisations come first in the flat table
    while len(rows) < people:
        org = rng.choice(known)
        roll = rng.random()
        kind = None if roll < 0.4 else "empty" if roll < 0.5 else rng.choice(BREAKS)
        value: str | None = org[0]
        expected: str | None = None
        run: list[int] = []
        if kind == "empty":
            value, kind = None, None
        elif kind == "orphan":
            value = rng.choice(unknown)[0]
        elif kind == "merged":
            # This row holds the name; the one to three below it were merged with it.
            kind = None
            run = list(range(row + 1, row + 1 + rng.randint(1, 3)))
        elif kind is not None:
            value = _broken(rng, kind, org)
            if value == org[0]:
                kind = None
            else:
                expected = org[0]
        cells = [(row, value, kind, expected)] + [(r, None, "merged", org[0]) for r in run]
        for r, v, k, e in cells:
            rows.append(
                {
                    "first_name": rng.choice(FIRST),
                    "last_name": rng.choice(LAST),
                    "belongs_to": v,
                    "_source": "clients.xlsx",
                    "_sheet": "Clients",
                    "_row": r,
                    "broken": k,
                    "expected": e,
                }
            )
        merged_rows.extend(run)
        row += 1 + len(run)
    frame = pl.DataFrame(rows, schema_overrides={"belongs_to": pl.String, "_row": pl.Int64})
    lineage = ["_source", "_sheet", "_row"]
    org_frame = pl.DataFrame(
        {
            "organization_name": [o[0] for o in known],
            "_source": ["clients.xlsx"] * len(known),
            "_sheet": ["Clients"] * len(known),
            "_row": list(range(2, 2 + len(known))),
        },
        schema_overrides={"_row": pl.Int64},
    )
    merged = pl.DataFrame(
        {
            "source": ["clients.xlsx"] * len(merged_rows),
            "sheet": ["Clients"] * len(merged_rows),
            "row": merged_rows,
            "column": ["belongs_to"] * len(merged_rows),
            "code": ["read.merged_cell"] * len(merged_rows),
        },
        schema_overrides={"row": pl.Int64},
    )
    return Corpus(
        people=frame.select("first_name", "last_name", "belongs_to", *lineage),
        organisations=org_frame,
        merged=merged,
        labels=frame.select("_row", "broken", "expected"),
    )


def score(labels: pl.DataFrame, issues: pl.DataFrame) -> dict[str, float]:
    """Recall and precision of the flagged link cells, and the share of broken cells with a
    known fix whose suggestion is exactly that fix."""
    flagged = (
        issues.filter(pl.col("field") == "belongs_to")
        .group_by("row")
        .agg(pl.col("suggestion").first())
    )
    joined = labels.join(flagged.rename({"row": "_row"}), on="_row", how="left")
    hit = pl.col("suggestion").is_not_null() | pl.col("_row").is_in(flagged["row"].implode())
    counts = joined.select(
        broken=pl.col("broken").is_not_null().sum(),
        found=(pl.col("broken").is_not_null() & hit).sum(),
        flagged=hit.sum(),
        fixable=pl.col("expected").is_not_null().sum(),
        fixed=(pl.col("suggestion") == pl.col("expected")).sum(),
    ).row(0, named=True)
    return {
        "recall": counts["found"] / max(counts["broken"], 1),
        "precision": counts["found"] / max(counts["flagged"], 1),
        "exact_fix": counts["fixed"] / max(counts["fixable"], 1),
    }
