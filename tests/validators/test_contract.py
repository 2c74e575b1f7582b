"""One contract test over every registered validator (python-stdnum's robustness test):
the members exist, junk never raises and is never valid, compact is idempotent, the
vectorised issue agrees with the scalar check, and every code is in DESIGN.md's catalogue."""

from __future__ import annotations

import contextlib
import doctest
import re
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clientmig.errors import InvalidValue
from clientmig.issues import SEVERITIES
from clientmig.validators import VALIDATORS, validator
from clientmig.validators._contract import MEMBERS, Validator

DESIGN = (Path(__file__).resolve().parents[2] / "docs" / "DESIGN.md").read_text(encoding="utf-8")


def _catalogue(text: str) -> set[str]:
    """Codes of DESIGN.md's tables, ``x.format` / `.length``` shorthand spelt out."""
    codes: set[str] = set()
    for line in text.splitlines():
        cell = line.split("|")[1] if line.startswith("| `") else ""
        names = re.findall(r"`([a-z_]*\.[a-z_0-9]+)`", cell)
        if names and not names[0].startswith("."):
            prefix = names[0].split(".")[0]
            codes.update(prefix + n if n.startswith(".") else n for n in names)
    return codes


CATALOGUE = _catalogue(DESIGN)
JUNK = ["", " ", "\u00a0\u200b", "\x00", "-", "?", "n/a", "@@@", "12345678901234567890123", "😴"]
VALUES = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("0123456789 .-/+@abcXYZéß'\u00a0\u200b,;")),
        st.characters(codec="utf-8"),
    ),
    max_size=20,
)


@pytest.mark.parametrize("name", VALIDATORS)
def test_every_registered_validator_is_a_validator(name: str) -> None:
    module = validator(name)
    assert isinstance(module, Validator)
    assert all(hasattr(module, m) for m in MEMBERS)
    assert name == module.NAME


@pytest.mark.parametrize("name", VALIDATORS)
def test_junk_never_raises_and_empty_is_never_valid(name: str) -> None:
    module = validator(name)
    for value in JUNK:
        module.check(value)
        assert isinstance(module.is_valid(value), bool)
        with contextlib.suppress(InvalidValue):
            module.validate(value)
    for value in ("", "   ", None, 12, b"x"):
        assert module.is_valid(value) is False


@pytest.mark.parametrize("name", VALIDATORS)
@settings(max_examples=60, deadline=None)
@given(value=VALUES)
def test_compact_is_idempotent(name: str, value: str) -> None:
    module = validator(name)
    once = module.compact(value)
    assert module.compact(once) == once


@pytest.mark.parametrize("name", VALIDATORS)
@settings(max_examples=30, deadline=None)
@given(values=st.lists(VALUES, min_size=1, max_size=10))
def test_issue_expr_agrees_with_check(name: str, values: list[str]) -> None:
    module = validator(name)
    frame = pl.DataFrame({"v": values}, schema={"v": pl.String})
    got = frame.select(module.issue_expr(pl.col("v")).alias("code"))["code"].to_list()
    found = [module.check(v) for v in values]
    assert got == [None if f is None else f.code for f in found]


@pytest.mark.parametrize("name", VALIDATORS)
def test_codes_are_catalogued(name: str) -> None:
    module = validator(name)
    for code, (severity, message) in module.CODES.items():
        assert code.startswith(f"{name}.")
        assert severity in SEVERITIES
        assert message.endswith(".")
    assert set(module.CODES) <= CATALOGUE, sorted(set(module.CODES) - CATALOGUE)


@pytest.mark.parametrize("name", VALIDATORS)
def test_documented_with_examples_that_pytest_runs(name: str) -> None:
    """Three to five doctest examples per validator; pytest collects them (--doctest-modules)."""
    examples = doctest.DocTestParser().get_examples(validator(name).__doc__ or "")
    assert 3 <= len(examples) <= 5, name
