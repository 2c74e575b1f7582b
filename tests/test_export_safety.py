"""Formula neutralising, folder confinement, CSV parts under limits and formula-free XLSX."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from clientmig.errors import ExportError
from clientmig.export.files import OutputFolder
from clientmig.export.safety import formula_like_expr, is_formula_like
from clientmig.export.writers import (
    explode_multi,
    one_line_address,
    write_csv_parts,
    write_workbook,
)

DANGEROUS = [
    '=HYPERLINK("http://x")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|x",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "=1+1",
    "-abc",
]
LEGIT = [
    "+32 475 12 34 56",
    "-1.234,50",
    "-12.5",
    "+1 (555) 010-9999",
    "Jan",
    "",
    "a=b",
    "jan@x.be",
    "0475/12.34.56",
]


@pytest.mark.parametrize("value", DANGEROUS)
def test_formula_like_values_are_recognised(value: str) -> None:
    assert is_formula_like(value)


@pytest.mark.parametrize("value", LEGIT)
def test_legitimate_values_are_left_alone(value: str) -> None:
    assert not is_formula_like(value)


@given(st.lists(st.text(max_size=12) | st.none(), max_size=30))
def test_vectorised_rule_agrees_with_the_scalar_one(values: list[str | None]) -> None:
    got = pl.DataFrame({"x": values}, schema={"x": pl.String}).select(
        formula_like_expr(pl.col("x"))
    )
    assert got.to_series().to_list() == [is_formula_like(v) for v in values]


def test_csv_cells_are_neutralised_and_legit_values_kept(tmp_path: Path) -> None:
    frame = pl.DataFrame({"name": [*DANGEROUS, *LEGIT]})
    [path], n = write_csv_parts(frame, tmp_path, "out", force=False)
    assert n == len(DANGEROUS)
    rows = [r[0] for r in csv.reader(path.read_text(encoding="utf-8").splitlines()[1:])]
    for value in rows[: len(DANGEROUS)]:
        assert value.startswith("'")
    assert rows[len(DANGEROUS) :][:4] == LEGIT[:4]


def test_nothing_is_written_outside_the_folder_or_over_a_file(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="outside"):
        OutputFolder(tmp_path, force=True).path("../evil.csv")
    with pytest.raises(ExportError, match="outside"):
        OutputFolder(tmp_path, force=True).path("/etc/passwd")
    (tmp_path / "a.csv").write_text("x")
    with pytest.raises(ExportError, match="--force"):
        OutputFolder(tmp_path, force=False).path("a.csv")
    assert OutputFolder(tmp_path, force=True).path("a.csv") == (tmp_path / "a.csv").resolve()


def test_csv_parts_respect_row_and_byte_limits(tmp_path: Path) -> None:
    frame = pl.DataFrame({"n": [str(i) for i in range(1200)], "t": ["x" * 50] * 1200})
    paths, _ = write_csv_parts(frame, tmp_path, "rows", force=False, max_rows=500)
    assert [p.name for p in paths] == ["rows_part1.csv", "rows_part2.csv", "rows_part3.csv"]
    assert sum(len(p.read_text().splitlines()) - 1 for p in paths) == 1200
    paths, _ = write_csv_parts(frame, tmp_path, "bytes", force=False, max_bytes=10_000)
    assert all(p.stat().st_size <= 10_000 for p in paths)
    back = pl.concat([pl.read_csv(p, infer_schema=False) for p in paths])
    assert back["n"].to_list() == frame["n"].to_list()


def test_workbook_never_holds_a_formula(tmp_path: Path) -> None:
    frame = pl.DataFrame({"Name": ["=1+1", "Acme BV"], "Day": [31, 30]})
    path = tmp_path / "book.xlsx"
    n = write_workbook({"Organizations": frame}, path, integer_columns={"Organizations": {"Day"}})
    assert n == 1
    ws = load_workbook(path)["Organizations"]
    assert ws["A2"].value == "=1+1"
    assert ws["A2"].data_type == "s"
    assert ws["A2"].quotePrefix
    assert ws["B2"].value == 31


def test_one_row_per_link_and_per_extra_email() -> None:
    people = pl.DataFrame(
        {
            "first_name": ["Jan", "An"],
            "email": ["jan@x.be", "an@x.be"],
            "email_additional": ["jan@y.be; j@z.be", None],
            "belongs_to": ["Acme BV; Beta NV", "Acme BV"],
            "_row": [2, 3],
        }
    )
    out = explode_multi(people, ["belongs_to"], into={"email_additional": "email"})
    assert out.filter(pl.col("first_name") == "Jan").height == 2 + 4
    assert set(out["email"]) == {"jan@x.be", "jan@y.be", "j@z.be", "an@x.be"}


def test_one_line_address_skips_empty_parts() -> None:
    frame = pl.DataFrame(
        {
            "street": ["Kerkstraat 1", None],
            "city": ["Gent", "Namur"],
            "postcode": ["9000", " "],
            "country": ["Belgium", "Belgium"],
        }
    )
    got = frame.select(one_line_address(frame)).to_series().to_list()
    assert got == ["Kerkstraat 1, Gent, 9000, Belgium", "Namur, Belgium"]
