"""``Report.accept(rows=...)`` names one row: with two files, a bare row number is refused
and ``(source, row)`` or ``source=`` picks the row of one file only."""

from __future__ import annotations

import polars as pl
import pytest

from clientmig.errors import OptionError
from clientmig.issues import conform
from clientmig.validation import Report

_SOURCES = ["a.csv", "a.csv", "b.xlsx", "b.xlsx"]
_SHEETS = [None, None, "Klanten", "Klanten"]


def _report(
    sources: list[str] = _SOURCES, sheets: list[str | None] = _SHEETS, rows: list[int] | None = None
) -> Report:
    """Row 5 exists in both files, each with a misspelt provider."""
    emails = ["a@gmial.com", "b@x.be", "c@gmial.com", "d@x.be"]
    rows = rows or [5, 6, 5, 6]
    frame = pl.DataFrame(
        {"email": emails, "_source": sources, "_sheet": sheets, "_row": rows},
        schema_overrides={"_sheet": pl.String},
    )
    issues = conform(
        pl.DataFrame(
            {
                "source": [sources[0], sources[2]],
                "sheet": [sheets[0], sheets[2]],
                "row": [rows[0], rows[2]],
                "column": ["Mail", "Mail"],
                "field": ["email", "email"],
                "code": ["email.typo_domain"] * 2,
                "severity": ["warning"] * 2,
                "message": ["typo"] * 2,
                "value": ["a@gmial.com", "c@gmial.com"],
                "suggestion": ["a@gmail.com", "c@gmail.com"],
            },
            schema_overrides={"sheet": pl.String},
        )
    )
    return Report.build(frame, issues, target="canonical")


def test_bare_row_with_two_files_is_refused_naming_them() -> None:
    report = _report()
    with pytest.raises(OptionError, match=r"Row 5 is ambiguous.*a\.csv, b\.xlsx \[Klanten\]"):
        report.accept(rows=[5])
    with pytest.raises(OptionError, match="ambiguous"):
        report.decline(rows=[5])
    assert not report.fixes.items  # nothing was accepted by the refused call


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ({"rows": [("a.csv", 5)]}, ["a@gmail.com", "b@x.be", "c@gmial.com", "d@x.be"]),
        ({"rows": [("b.xlsx", "Klanten", 5)]}, ["a@gmial.com", "b@x.be", "c@gmail.com", "d@x.be"]),
        ({"rows": [5], "source": "b.xlsx"}, ["a@gmial.com", "b@x.be", "c@gmail.com", "d@x.be"]),
        ({"rows": [("a.csv", None, 5)]}, ["a@gmail.com", "b@x.be", "c@gmial.com", "d@x.be"]),
        ({"source": "a.csv"}, ["a@gmail.com", "b@x.be", "c@gmial.com", "d@x.be"]),
    ],
)
def test_a_named_file_picks_its_row_only(how: dict[str, object], expected: list[str]) -> None:
    report = _report()
    fixed, fixes = report.accept(**how)  # type: ignore[arg-type]
    assert fixed["email"].to_list() == expected
    assert len(fixes) == 1


def test_unknown_source_is_one_sentence() -> None:
    with pytest.raises(OptionError, match=r"No file 'c\.csv' in this report"):
        _report().accept(rows=[5], source="c.csv")


def test_single_file_keeps_bare_row_numbers() -> None:
    report = _report(sources=["a.csv"] * 4, sheets=[None] * 4, rows=[5, 6, 7, 8])
    fixed, fixes = report.accept(rows=[7])
    assert fixed["email"].to_list() == ["a@gmial.com", "b@x.be", "c@gmail.com", "d@x.be"]
    assert len(fixes) == 1


def test_a_fix_that_no_longer_applies_is_said_in_the_users_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from clientmig.validation import Fix, Fixes, apply_fixes

    monkeypatch.setenv("CLIENTMIG_LANG", "nl")
    frame = pl.DataFrame(
        {"email": ["a@x.be"], "_source": ["a.csv"], "_sheet": [None], "_row": [9]},
        schema_overrides={"_sheet": pl.String},
    )
    fix = Fix("a.csv", None, 2, "email", "email.typo_domain", "b@gmail.com", before="b@gmial.com")
    _, problems = apply_fixes(frame, Fixes((fix,)))
    assert problems == ["correctie voor email op rij 2: die rij bestaat niet"]
