"""The core helpers behind the review widgets: issue views, field choices and undo."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clientmig.errors import MappingError, OptionError
from clientmig.issues import conform
from clientmig.links import LinkDecisions
from clientmig.mapping import suggest_mapping
from clientmig.mapping.views import OTHER, SEP, field_choices, label_of, main_table, restore_rule
from clientmig.reconciliation import OverwriteChoice
from clientmig.target_schemas import canonical_fields
from clientmig.validation import Fix, Fixes, Report
from clientmig.validation import issue_views as views

CODES = ("email.typo_domain", "phone.invalid", "name.case", "vat.checksum")
SEVERITY = {
    "email.typo_domain": "error",
    "phone.invalid": "warning",
    "name.case": "info",
    "vat.checksum": "error",
}


def issues(n: int, *, codes: tuple[str, ...] = CODES) -> pl.DataFrame:
    """``n`` issues over rows 2.. of two files, codes in turn, each with a suggestion."""
    code = [codes[i % len(codes)] for i in range(n)]
    return conform(
        pl.DataFrame(
            {
                "source": ["a.csv" if i % 2 else "b.xlsx" for i in range(n)],
                "row": [2 + i // 2 for i in range(n)],
                "column": ["E-mail" if c.startswith("email") else "Naam" for c in code],
                "field": ["email"] * n,
                "code": code,
                "severity": [SEVERITY[c] for c in code],
                "message": [f"problem {c}" for c in code],
                "value": [f"person{i}@gmial.com" for i in range(n)],
                "suggestion": [f"person{i}@gmail.com" for i in range(n)],
            }
        )
    )


def test_by_code_lists_errors_first_then_by_count() -> None:
    frame = issues(10)  # codes in turn: 3 typo, 3 phone, 2 case, 2 vat
    groups = views.by_code(frame)
    assert groups["code"].to_list() == [
        "email.typo_domain",
        "vat.checksum",
        "phone.invalid",
        "name.case",
    ]
    assert groups["issues"].to_list() == [3, 2, 3, 2]
    assert groups["severity"].to_list() == ["error", "error", "warning", "info"]
    assert groups["message"].to_list()[0] == "problem email.typo_domain"
    errors = views.by_code(frame, severity="error")
    assert errors["code"].to_list() == ["email.typo_domain", "vat.checksum"]
    assert errors["suggestions"].to_list() == [3, 2]


def test_rows_counts_distinct_places_not_issues() -> None:
    frame = pl.concat([issues(4), issues(4)])
    assert views.by_code(frame)["rows"].to_list() == [1, 1, 1, 1]
    assert views.by_code(frame)["issues"].to_list() == [2, 2, 2, 2]


def test_select_searches_value_message_and_column_case_blind() -> None:
    frame = issues(40)
    assert views.select(frame, text="PERSON17@").height == 1
    assert views.select(frame, text="problem phone").height == 10
    assert views.select(frame, text="naam").height == 30
    assert views.select(frame, text="  ").height == 40
    assert views.select(frame, text="(.*)").height == 0  # literal, never a pattern
    assert views.select(frame, severity="warning", column="Naam").height == 10
    assert views.select(frame, severity=["error", "info"]).height == 30


def test_select_refuses_an_unknown_severity() -> None:
    with pytest.raises(OptionError, match="known: error, warning, info"):
        views.select(issues(4), severity="errors")


@settings(max_examples=40, deadline=None)
@given(n=st.integers(0, 260), size=st.integers(1, 60), number=st.integers(-3, 12))
def test_pages_cover_every_row_once(n: int, size: int, number: int) -> None:
    frame = pl.DataFrame({"i": list(range(n))})
    pages = views.page(frame, 1, size).pages
    assert pages == max(1, -(-n // size))
    seen = [i for p in range(1, pages + 1) for i in views.page(frame, p, size).rows["i"]]
    assert seen == list(range(n))
    clamped = views.page(frame, number, size)
    assert 1 <= clamped.number <= pages
    assert clamped.label == f"page {clamped.number} of {pages} ({n} issues)"


def test_page_size_must_be_positive() -> None:
    with pytest.raises(OptionError):
        views.page(pl.DataFrame({"i": [1]}), 1, 0)


def _fix(row: int, code: str = "email.typo_domain", source: str = "a.csv") -> Fix:
    return Fix(source, None, row, "email", code, f"v{row}", None)


def test_merge_keeps_one_fix_per_cell_and_code() -> None:
    first = Fixes((_fix(2), _fix(3)))
    again = Fixes((Fix("a.csv", None, 2, "email", "email.typo_domain", "new", None),))
    merged = views.merge_fixes(first, again)
    assert len(merged) == 2
    assert [f.value for f in merged.items] == ["new", "v3"]


def test_undo_removes_only_the_fixes_of_the_given_issues() -> None:
    frame = issues(8)
    report = Report.build(pl.DataFrame(), frame, target="canonical")
    fixes = Fixes(
        tuple(
            Fix(r["source"], None, r["row"], "email", r["code"], r["suggestion"], r["value"])
            for r in report.issues.iter_rows(named=True)
        )
    )
    assert views.with_accepted(frame, fixes)["accepted"].all()
    typo = frame.filter(pl.col("code") == "email.typo_domain")
    left = views.undo_fixes(fixes, typo)
    assert len(left) == len(fixes) - typo.height
    assert {f.code for f in left.items} == {"phone.invalid", "name.case", "vat.checksum"}
    marked = views.with_accepted(frame, left)
    assert marked.filter(pl.col("accepted"))["code"].unique().len() == 3
    assert marked.height == frame.height
    assert views.undo_fixes(left, frame.clear()) == left


def test_field_choices_are_grouped_by_table_and_sorted() -> None:
    choices = field_choices("karbon")
    labels = list(choices)
    assert "People › Email" in choices
    assert choices["People › Email"] == "email"
    assert choices["People › Mobile Phone (phone_mobile)"] == "phone_mobile"
    tables = [label.split(SEP)[0] for label in labels]
    assert tables.index("Client Groups") > tables.index("People") > tables.index("Organizations")
    assert tables[-1] == OTHER
    for table in set(tables):
        within = [label for label in labels if label.split(SEP)[0] == table]
        assert within == sorted(within, key=str.casefold)
    assert set(choices.values()) == set(canonical_fields())  # every field can still be chosen
    assert label_of(choices, "email") == "Organizations › Email"
    assert label_of(choices, "email", "People") == "People › Email"
    assert label_of(choices, "city", "People") == "Other › city"
    assert label_of(choices, None) is None
    assert main_table("karbon", ["first_name", "last_name", "email"]) == "People"
    assert main_table("karbon", ["organization_name", "email"]) == "Organizations"
    one_table = field_choices("karbon.people")
    assert not any(label.startswith("Organizations") for label in one_table)


def test_restore_rule_puts_the_suggestion_back() -> None:
    frame = pl.DataFrame({"E-mail": ["a@b.be"], "Opmerking": ["x"]})
    suggested = suggest_mapping(frame, "sitee")
    changed = suggested.with_rule("E-mail", field="notes").with_rule("Opmerking", field="notes")
    back = restore_rule(changed, suggested.rule("E-mail"))
    assert back.rule("E-mail") == suggested.rule("E-mail")
    assert back.rule("Opmerking").field == "notes"
    with pytest.raises(MappingError):
        restore_rule(changed, suggested.rule("E-mail").__class__(column="Nope"))


def test_link_and_overwrite_decisions_undo() -> None:
    links = LinkDecisions().with_decision("ACME", "create").with_decision("Beta", "blank")
    assert list(links.without("ACME").items) == ["Beta"]
    assert links.without("missing") == links
    choice = (
        OverwriteChoice(fields=("email",))
        .with_record("C-1", "email", False)
        .with_record("C-1", "phone", True)
        .with_record("C-2", "email", False)
    )
    undone = choice.without_record("C-1", "email")
    assert undone.overwrites("C-1", "email")  # follows the field chosen for everyone again
    assert undone.overwrites("C-1", "phone")
    assert not undone.overwrites("C-2", "email")
    assert choice.without_record("C-1", "email").without_record("C-1", "phone").records == {
        "C-2": {"email": False}
    }


def test_search_folds_case_beyond_ascii() -> None:
    frame = issues(3).with_columns(
        pl.Series("value", ["ÉLISE@Mail.be", "élise@mail.be", "Elise@mail.be"])
    )
    assert views.select(frame, text="élise").height == 2
    assert views.select(frame, text="ELISE@MAIL").height == 1  # ASCII: É is not E
    assert views.select(frame, text="mail.BE").height == 3
