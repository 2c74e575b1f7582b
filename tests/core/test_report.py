"""Report files: issues CSV, rejected rows, annotated workbook, HTML; the fix loop."""

from __future__ import annotations

import zipfile
from pathlib import Path

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

import clientmig as cm
from clientmig.issues import conform
from clientmig.pipeline import Recipe, run
from clientmig.validation import Fixes, Report, apply_fixes
from tests.conftest import SAMPLES


def _karbon_report(tmp_path: Path) -> Report:
    return run(
        Recipe.load(SAMPLES / "karbon_recipe.json"), [SAMPLES / "karbon_messy.xlsx"], out=tmp_path
    ).report


def test_annotated_workbook_marks_problem_cells_and_reads_back(tmp_path: Path) -> None:
    report = _karbon_report(tmp_path / "o")
    out = report.annotate_workbook(SAMPLES / "karbon_messy.xlsx", tmp_path / "annotated.xlsx")
    ws = load_workbook(out)["Organizations"]
    # Row 7: month 13 in the "Fiscal Year End Month" column (G).
    cell = ws["G7"]
    assert cell.comment is not None
    assert "month" in cell.comment.text.lower()
    # An optional fiscal year end no longer rejects the organisation (#20): it is left out of
    # the import with a warning, so the cell has the warning colour (it had the error colour).
    assert cell.fill.fgColor.rgb.endswith("E68A")
    assert "left out of the import" in cell.comment.text.lower()
    again = cm.read(out, sheet="Organizations")
    original = cm.read(SAMPLES / "karbon_messy.xlsx", sheet="Organizations")
    assert again["_row"].to_list() == original["_row"].to_list()


def test_rejected_zip_and_issue_csv(tmp_path: Path) -> None:
    report = _karbon_report(tmp_path / "o")
    zipped = report.write_rejected(tmp_path / "rejected.zip")
    with zipfile.ZipFile(zipped) as zf:
        text = zf.read("rejected.csv").decode("utf-8")
    assert text.splitlines()[0].startswith("source,sheet,row,")
    assert len(text.splitlines()) == report.rejected.height + 1
    html = report._repr_html_()
    assert "rejected" in html
    assert "<table>" in html


def test_accept_by_code_column_and_row_records_decisions() -> None:
    frame = pl.DataFrame(
        {
            "email": ["a@gmial.com", "b@gmial.com", "c@x.be"],
            "_source": ["f.csv"] * 3,
            "_sheet": [None] * 3,
            "_row": [2, 3, 4],
        },
        schema_overrides={"_sheet": pl.String},
    )
    issues = conform(
        pl.DataFrame(
            {
                "source": ["f.csv"] * 2,
                "row": [2, 3],
                "column": ["Mail"] * 2,
                "field": ["email"] * 2,
                "code": ["email.typo_domain"] * 2,
                "severity": ["warning"] * 2,
                "message": ["typo"] * 2,
                "value": ["a@gmial.com", "b@gmial.com"],
                "suggestion": ["a@gmail.com", "b@gmail.com"],
            }
        )
    )
    report = Report.build(frame, issues, target="canonical")
    fixed, fixes = report.accept(rows=[3])
    assert fixed["email"].to_list() == ["a@gmial.com", "b@gmail.com", "c@x.be"]
    fixed, fixes = report.accept(column="Mail")
    assert len(fixes) == 2
    replay, problems = apply_fixes(frame, Fixes.from_dict(fixes.to_dict()))
    assert replay.equals(fixed)
    assert problems == []


@settings(max_examples=60, deadline=None)
@given(
    errors=st.lists(st.integers(min_value=0, max_value=19), max_size=30),
    warnings=st.lists(st.integers(min_value=0, max_value=19), max_size=30),
)
def test_each_row_is_valid_or_rejected_exactly_once(errors: list[int], warnings: list[int]) -> None:
    frame = pl.DataFrame(
        {
            "x": [str(i) for i in range(20)],
            "_source": ["f.csv"] * 20,
            "_sheet": [None] * 20,
            "_row": list(range(2, 22)),
        },
        schema_overrides={"_sheet": pl.String},
    )
    rows = [(r, "error") for r in errors] + [(r, "warning") for r in warnings]
    issues = conform(
        pl.DataFrame(
            {
                "source": ["f.csv"] * len(rows),
                "row": [r + 2 for r, _ in rows],
                "field": ["x"] * len(rows),
                "code": ["c"] * len(rows),
                "severity": [s for _, s in rows],
                "message": ["m"] * len(rows),
            },
            schema={
                "source": pl.String,
                "row": pl.Int64,
                "field": pl.String,
                "code": pl.String,
                "severity": pl.String,
                "message": pl.String,
            },
        )
    )
    report = Report.build(frame, issues, target="canonical")
    assert report.valid.height + report.rejected.height == 20
    assert set(report.rejected["_row"].to_list()) == {r + 2 for r in errors}
    keys = ["_source", "_sheet", "_row"]
    assert report.valid.join(report.rejected, on=keys, nulls_equal=True).is_empty()
