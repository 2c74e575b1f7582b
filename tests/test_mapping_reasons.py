"""Mapping reasons read in the user's language; the saved reason stays English data."""

from __future__ import annotations

import polars as pl
import pytest

import clientmig as cm
from clientmig._messages import texts
from clientmig.mapping import suggest_mapping
from clientmig.mapping.reasons import reason_text
from tests.conftest import SAMPLES

FILES = [
    "belgian_clients.csv",
    "outlook_contacts.csv",
    "google_contacts.csv",
    "quickbooks_customers.csv",
    "crm_contacts.csv",
    "adminpulse_relaties.xlsx",
]
EXTRA = pl.DataFrame(
    {
        "Kolom 1": [f"jan{i}@x.be" for i in range(20)],  # a generic header: the values decide
        "Kolom 2": [f"+32 475 12 34 {i:02d}" for i in range(20)],
        "Website": [f"https://linkedin.com/in/jan{i}" for i in range(20)],
        "E-mial": ["a@b.be"] * 20,  # a typo: fuzzy
        "Naam klant": ["A"] * 20,  # words reordered
        "Hobby": ["golf"] * 20,  # known, nothing to map to
        "Xyzzy": ["1"] * 20,
    }
)


def _reasons() -> set[str]:
    found: set[str] = set()
    for name in FILES:
        frame = cm.read(SAMPLES / name)
        for target in ("karbon", "taxdome", "canonical"):
            found |= {r.reason for r in suggest_mapping(frame, target).rules if r.reason}
    for target in ("karbon", "canonical"):
        found |= {r.reason for r in suggest_mapping(EXTRA, target).rules if r.reason}
    return found


REASONS = sorted(_reasons())


def test_the_samples_give_many_kinds_of_reason() -> None:
    assert len(REASONS) > 40
    kinds = {"synonym", "fuzzy", "values look like", "no matching", "means", "reordered"}
    assert all(any(k in r for r in REASONS) for k in kinds)


@pytest.mark.parametrize("reason", REASONS)
def test_english_reads_as_written_and_every_part_is_recognised(reason: str) -> None:
    assert reason_text(reason, "en") == reason
    for lang in ("nl", "fr", "de"):
        translated = reason_text(reason, lang)
        for part, other in zip(reason.split("; "), translated.split("; "), strict=True):
            assert other != part, (lang, part)  # recognised: a part not recognised stays as is


def test_a_reason_typed_by_hand_is_shown_as_it_is() -> None:
    assert reason_text("because Marie said so", "nl") == "because Marie said so"


def test_every_reason_key_is_in_the_catalogue() -> None:
    assert {k for k in texts("en") if k.startswith("cli.reasons.")} <= set(texts("nl"))


def test_mapping_problems_read_in_the_chosen_language() -> None:
    from clientmig.mapping.reasons import problem_text

    mapping = suggest_mapping(EXTRA, "karbon")
    problems = mapping.problems()
    assert problems
    for problem in problems:
        assert problem_text(problem, "en") == problem
        assert problem_text(problem, "nl") != problem
    assert problem_text("required field 'last_name' is not mapped", "nl") == (
        "verplicht veld 'last_name' is niet gekoppeld"
    )
