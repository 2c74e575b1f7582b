"""clientmig.keys: the golden table of match-key semantics, scalar == expression, and the
stages (links, dedupe, reconcile) agreeing on every golden pair."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clientmig import keys
from clientmig.dedupe.compare import FieldSpec, prepare
from clientmig.links import check_links
from clientmig.reconciliation import reconcile

# ------------------------------------------------------------------ golden tables

ORGANIZATION_KEYS = [
    ("Acme BV", "acme"),
    ("ACME B.V.", "acme"),
    ("  acme\u00a0 b. v. ", "acme"),
    ("Acme, Inc.", "acme"),
    ("Acme Pty Ltd", "acme"),
    ("Acme Pty", "acme"),
    ("Jans & Co", "jans co"),  # "Co" is not a legal form
    ("Comm. V. Peeters", "peeters"),
    ("Peeters CommV", "peeters"),
    ("Studio V", "studio v"),  # single letters are not legal forms
    ("De Vennootschap Peeters", "de vennootschap peeters"),  # never mid-name
    ("Oud Dossier 1 BV", "oud dossier 1"),  # digits kept
    ("Oud Dossier 2 BV", "oud dossier 2"),
    ("D'Hondt Partners", "dhondt partners"),  # apostrophes dropped without a space
    ("B.V.B.A. Boulangerie Frédéric", "boulangerie frederic"),
    ("Société Générale S.A.", "societe generale"),
    ("Straße GmbH", "strasse"),
    ("Peeters & Zonen NV", "peeters zonen"),
    ("Boekhouding-Peeters", "boekhouding peeters"),
    ("Vzw De Nieuwe BV Groep", "de nieuwe bv groep"),
    ("SC Firma SRL", "firma"),
    ("Müller GmbH & Co. KG", "muller"),
    ("NV BV", "nv"),  # one word always remains
    ("Sa", "sa"),
]
PERSON_KEYS = [
    ("Jan Peeters", "jan peeters"),
    ("PEETERS Jan", "jan peeters"),
    ("Peeters, Jan", "jan peeters"),
    ("Frédéric  Dubois", "dubois frederic"),
    ("Jean-Pierre O'Brien", "jean obrien pierre"),
    ("O'Brien Seán", "obrien sean"),
    ("Hélène\u00a0Maes", "helene maes"),
    ("Straße", "strasse"),
    ("  ", ""),
    ("", ""),
]
IDENTIFIER_KEYS = [
    ("85.07.30-033.28", "85073003328"),
    (" be 0403 019 261 ", "BE0403019261"),
    ("12/34", "1234"),
    ("", ""),
]
LEGAL_FORMS = [
    ("Acme b.v.", "BV"),
    ("Comm. V. Peeters", "CommV"),
    ("Acme Pty. Ltd.", "Pty Ltd"),
    ("Müller GmbH & Co. KG", "GmbH & Co. KG"),
    ("Verein Freunde e.V.", "eV"),
    ("SIA Tilde", "SIA"),
    ("Jans & Co", None),
    ("Studio V", None),
    ("BV", None),
]
HEADERS = [
    ("PostCode", "post code"),
    ("Post-code", "post code"),
    ("  Prénom ", "prenom"),
    ("E-mail_Address", "e mail address"),
    ("DateofBirth", "dateof birth"),
]
# (a, b, same organisation?): links, dedupe and reconcile must all give the same answer.
ORGANIZATION_PAIRS = [
    ("Jans & Co", "Jans", False),
    ("Comm. V. Peeters", "Peeters CommV", True),
    ("Oud Dossier 1 BV", "Oud Dossier 2 BV", False),
    ("Acme Pty Ltd", "Acme", True),
    ("Studio V", "Studio", False),
    ("De Vennootschap Peeters", "De Peeters", False),
    ("Société Générale S.A.", "Societe Generale", True),
    ("ACME B.V.", "Acme BV", True),
    ("  Acme\u00a0 BV ", "Acme BV", True),
    ("D'Hondt Partners", "DHondt Partners", True),
    ("B.V.B.A. Boulangerie Frédéric", "Boulangerie Frederic BVBA", True),
    ("Peeters & Zonen NV", "Peeters Zonen", True),
    ("De Smet & Co CommV", "De Smet en Co CommV", True),
    ("Dubois et Fils SRL", "Dubois & Fils", True),
    ("En Route BV", "Route BV", False),
    ("Acme", "Acne", False),
    ("Bakkerij Jans", "Jans Bakkerij", False),
]


@pytest.mark.parametrize(("name", "key"), ORGANIZATION_KEYS)
def test_organization_key(name: str, key: str) -> None:
    assert keys.organization_key(name) == key
    assert pl.select(keys.organization_key_expr(pl.lit(name))).item() == key


@pytest.mark.parametrize(("name", "key"), PERSON_KEYS)
def test_person_key(name: str, key: str) -> None:
    assert keys.person_key(name) == key
    assert pl.select(keys.person_key_expr(pl.lit(name))).item() == key


@pytest.mark.parametrize(("value", "key"), IDENTIFIER_KEYS)
def test_identifier_key(value: str, key: str) -> None:
    assert keys.identifier_key(value) == key
    assert pl.select(keys.identifier_key_expr(pl.lit(value))).item() == key


@pytest.mark.parametrize(("name", "form"), LEGAL_FORMS)
def test_legal_form(name: str, form: str | None) -> None:
    assert keys.legal_form(name) == form
    assert pl.select(keys.legal_form_expr(pl.lit(name))).item() == form


@pytest.mark.parametrize(("header", "key"), HEADERS)
def test_header_key(header: str, key: str) -> None:
    assert keys.header_key(header) == key


def test_sorted_words() -> None:
    assert keys.sorted_words("jans bakkerij") == "bakkerij jans"
    assert pl.select(keys.sorted_words_expr(pl.lit("jans  bakkerij"))).item() == "bakkerij jans"


def test_legal_forms_are_one_data_file() -> None:
    table = keys.legal_forms()
    assert table["B.V."] == "BV"
    assert "Co." not in table
    assert all(len(re.sub(r"[^A-Za-z]", "", w)) > 1 for w in table)
    package = Path(keys.__file__).parent
    listed = [
        p.relative_to(package).as_posix()
        for p in package.rglob("*.py")
        if re.search(r"\"(?:bvba|B\.V\.B\.A\.)\"", p.read_text("utf-8"))
    ]
    assert listed == []


def test_keys_pass_nulls() -> None:
    values = pl.Series("v", [None, "Jan"], dtype=pl.String).to_frame()
    exprs: list[Callable[[Any], pl.Expr]] = [
        keys.person_key_expr,
        keys.organization_key_expr,
        keys.identifier_key_expr,
        keys.legal_form_expr,
        keys.strip_legal_form_expr,
    ]
    for make in exprs:
        assert values.select(make("v"))["v"][0] is None


# ------------------------------------------------------------------ scalar == expression

PIECES = st.one_of(
    st.sampled_from([*"abcXYZ019 .,'-&/\t\u00a0éÉßøİﬁ’\u200b", " BV", " b.v.", "NV ", " Co"]),
    st.characters(codec="utf-8"),
)
TEXT = st.lists(PIECES, max_size=12).map("".join)
SCALAR_AND_EXPR: list[tuple[Callable[[str], Any], Callable[[Any], pl.Expr]]] = [
    (keys.person_key, keys.person_key_expr),
    (keys.organization_key, keys.organization_key_expr),
    (keys.identifier_key, keys.identifier_key_expr),
    (keys.legal_form, keys.legal_form_expr),
    (keys.strip_legal_form, keys.strip_legal_form_expr),
    (keys.sorted_words, lambda c: keys.sorted_words_expr(pl.col(c))),
]


@pytest.mark.parametrize(
    ("scalar", "vectorised"), SCALAR_AND_EXPR, ids=[s.__name__ for s, _ in SCALAR_AND_EXPR]
)
@settings(max_examples=40, deadline=None)
@given(values=st.lists(TEXT, min_size=1, max_size=15))
def test_expr_agrees_with_scalar(
    scalar: Callable[[str], Any], vectorised: Callable[[Any], pl.Expr], values: list[str]
) -> None:
    got = pl.DataFrame({"v": values}, schema={"v": pl.String}).select(vectorised("v"))["v"]
    assert got.to_list() == [scalar(v) for v in values]


@settings(max_examples=40, deadline=None)
@given(pairs=st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=10))
def test_difference_kind_expr_agrees_with_scalar(pairs: list[tuple[str, str]]) -> None:
    frame = pl.DataFrame(
        {"a": [a for a, _ in pairs], "b": [b for _, b in pairs]},
        schema={"a": pl.String, "b": pl.String},
    )
    got = frame.select(keys.difference_kind_expr("a", "b").alias("k"))["k"].to_list()
    assert got == [keys.difference_kind(a, b) for a, b in pairs]


@pytest.mark.parametrize("scalar", [keys.person_key, keys.identifier_key, keys.header_key])
@settings(max_examples=40, deadline=None)
@given(value=TEXT)
def test_keys_are_idempotent(scalar: Callable[[str], str], value: str) -> None:
    assert scalar(scalar(value)) == scalar(value)


# ------------------------------------------------------------------ the stages agree


def _links_same(a: str, b: str) -> bool:
    people = pl.DataFrame({"belongs_to": [a]})
    orgs = pl.DataFrame({"organization_name": [b]})
    row = check_links(people, orgs).links.row(0, named=True)
    # A certain near miss is one organisation with the same key; typos and word order are
    # only likely.
    return row["status"] == "exact" or (row["status"] == "near_miss" and bool(row["certain"]))


def _dedupe_same(a: str, b: str) -> bool:
    frame = pl.DataFrame({"organization_name": [a, b]})
    prepared = prepare(frame, [FieldSpec("organization_name", "org_name")])
    left, right = prepared["organization_name"].to_list()
    return left is not None and left == right


def _reconcile_same(a: str, b: str) -> bool:
    incoming = pl.DataFrame({"organization_name": [a]})
    existing = pl.DataFrame({"organization_name": [b]})
    return reconcile(incoming, existing, keys=("name",), fuzzy=False).matched.height == 1


@pytest.mark.parametrize(("a", "b", "same"), ORGANIZATION_PAIRS)
def test_links_dedupe_and_reconcile_agree(a: str, b: str, same: bool) -> None:
    assert (_links_same(a, b), _reconcile_same(a, b)) == (same, same)
    # Dedupe alone ignores word order (its combinator), so a swapped name is one there.
    swapped = sorted(a.split()) == sorted(b.split())
    assert _dedupe_same(a, b) == (same or swapped)
