"""No written cell starts a formula: hostile cells through every output path (Hypothesis for the
writers, a fixed hostile corpus through every command that writes a table)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from clientmig.cli import main
from clientmig.export.files import csv_text
from clientmig.export.safety import is_formula_like
from clientmig.export.writers import write_workbook
from clientmig.io import read_table
from clientmig.validation import Report, validate

LEADS = ["", " ", "  ", "\n", "\u00a0", "\u200b", "\u3000", "\t", "\r", " \u200b\n"]
TRIGGERS = ["=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20"]
PAYLOADS = ['HYPERLINK("http://x","y")', "1+1", "cmd|' /C calc'!A0", "SUM(A1:A2)", "A1", ""]
hostile = st.builds(
    lambda lead, trig, body: lead + trig + body,
    st.sampled_from(LEADS),
    st.sampled_from(TRIGGERS),
    st.sampled_from(PAYLOADS) | st.text(max_size=6),
)
cells = hostile | st.text(max_size=10) | st.sampled_from(["+32 475 12 34 56", "-1.234,50"])


def _unsafe_csv_cells(text: str) -> list[str]:
    """Cells a spreadsheet program would run: formula-like and not apostrophe-protected."""
    return [
        c
        for row in csv.reader(io.StringIO(text))
        for c in row
        if is_formula_like(c) and c[:1] != "'"
    ]


def _unsafe_xlsx_cells(path: Path) -> list[str]:
    book = load_workbook(path)
    bad = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    bad.append(str(c.value))
                elif isinstance(c.value, str) and is_formula_like(c.value) and not c.quotePrefix:
                    bad.append(c.value)
    return bad


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(cells, cells), min_size=1, max_size=8), hostile)
def test_csv_writer_neutralises_every_cell_and_header(
    rows: list[tuple[str, str]], header: str
) -> None:
    frame = pl.DataFrame(rows, schema={header or "h": pl.String, "b": pl.String}, orient="row")
    assert _unsafe_csv_cells(csv_text(frame)) == []


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(cells, min_size=1, max_size=8))
def test_workbook_writer_never_holds_a_formula(values: list[str], tmp_path: Path) -> None:
    path = tmp_path / "b.xlsx"
    path.unlink(missing_ok=True)
    write_workbook({"S": pl.DataFrame({"v": values})}, path, integer_columns={})
    assert _unsafe_xlsx_cells(path) == []


HOSTILE_ROWS = [
    ('=HYPERLINK("http://evil","x")', "Peeters", "an@example.be", "@SUM(1)", "Acme BV"),
    (" =1+1", "\uff1dcmd", "bo@example.be", "\u00a0=2", "=Evil Org"),
    ("\u200b@x", "+cmd|' /C calc'!A0", "not-an-email", "-abc", "\n=3"),
    ("Dirk", "\tTab", "=bad@example.be", "\r=4", "Acme BV"),
]


@pytest.fixture
def hostile_csv(tmp_path: Path) -> Path:
    path = tmp_path / "=evil.csv"
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["First Name", "Last Name", "Email", "=Notes", "Organization"])
    writer.writerows(HOSTILE_ROWS)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _scan(folder: Path) -> list[tuple[str, str]]:
    bad = []
    for p in folder.rglob("*"):
        if p.suffix == ".csv":
            bad += [(p.name, c) for c in _unsafe_csv_cells(p.read_text(encoding="utf-8"))]
        elif p.suffix == ".xlsx":
            bad += [(p.name, c) for c in _unsafe_xlsx_cells(p)]
    return bad


@pytest.mark.parametrize("target", ["karbon", "taxdome", "xpm", "canonical", "accounton"])
def test_every_import_file_and_report_is_formula_free(
    target: str, hostile_csv: Path, tmp_path: Path
) -> None:
    out = tmp_path / "o"
    assert main(["export", str(hostile_csv), "--target", target, "--out", str(out)]) in (0, 1)
    assert list(out.glob("*.csv")) or list(out.glob("*.xlsx"))
    assert _scan(out) == []


def test_every_other_command_writes_formula_free_tables(hostile_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "o"
    src = str(hostile_csv)
    commands = [
        ["validate", src, "--issues-out", f"{out}/v_issues.csv", "--rejected-out", f"{out}/r.csv"],
        ["links", src, src, "--issues-out", f"{out}/links.csv"],
        ["dedupe", src, "--out", f"{out}/clusters.csv"],
        ["reconcile", src, src, "--out", f"{out}/rec"],
    ]
    for argv in commands:
        assert main(argv) in (0, 1), argv
    written = {p.name for p in out.rglob("*.csv")}
    assert {"v_issues.csv", "r.csv", "links.csv", "clusters.csv", "differences.csv"} <= written
    assert _scan(out) == []


def test_the_annotated_workbook_runs_nothing(tmp_path: Path) -> None:
    source = tmp_path / "src.xlsx"
    frame = pl.DataFrame(
        {"First Name": [r[0] for r in HOSTILE_ROWS], "Email": [r[2] for r in HOSTILE_ROWS]}
    )
    frame.write_excel(source)
    book = load_workbook(source)
    book.active["C2"] = "=1+1"  # a real formula in the user's workbook
    book.save(source)
    table = read_table(source)
    report: Report = validate(
        table.frame.rename({"First Name": "first_name", "Email": "email"}), "canonical"
    )
    out = report.annotate_workbook(source, tmp_path / "annotated.xlsx")
    assert _unsafe_xlsx_cells(out) == []
