"""Report-style exports (QuickBooks): title lines above the header and footers below the data
are recognised by their shape, not by position: a last client named "Total ..." stays."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from clientmig.io import read_table

HEAD = (
    "Customer Contact List\nSample Practice BV\n\n"
    "Customer full name,Phone numbers,Email,Full name,Billing address,Shipping address\n"
)
ROWS = (
    '"Claes, Marieke",Mobile:+32 486 56 43 71,marieke@example.be,Marieke Claes,Dorpsstraat 15,\n'
    "Acme BV,Phone:+32 3 123 45 67,info@acme.example,Jan Acme,Kerkstraat 1,\n"
)


def _read(tmp_path: Path, text: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    path = tmp_path / "qbo.csv"
    path.write_text(text, encoding="utf-8")
    result = read_table(path)
    return result.frame, result.issues


def test_title_lines_totals_and_timestamp_are_not_clients(tmp_path: Path) -> None:
    text = HEAD + ROWS + "\nTOTAL,,,,,\n\n" + '"Friday, June 12, 2026 07:33 AM GMTZ"\n'
    frame, issues = _read(tmp_path, text)
    assert frame["Customer full name"].to_list() == ["Claes, Marieke", "Acme BV"]
    assert frame["_row"].to_list() == [5, 6]  # the row numbers Excel shows
    footer = issues.filter(pl.col("code") == "read.footer_row")
    assert footer["row"].to_list() == [8]


@pytest.mark.parametrize(
    "last",
    [
        "Total Energies Belgium,,,,,",
        "Total Energies Belgium,+32 2 288 00 00,info@total.example,,Rue de la Loi 1,",
        "Totalement Zen BV,,,,,",
    ],
)
def test_a_real_last_client_named_total_stays(tmp_path: Path, last: str) -> None:
    frame, issues = _read(tmp_path, HEAD + ROWS + last + "\n")
    assert frame.height == 3
    assert frame["Customer full name"][-1].startswith("Total")
    assert issues.filter(pl.col("code") == "read.footer_row").is_empty()


def test_a_totals_row_with_figures_in_other_cells_is_a_footer(tmp_path: Path) -> None:
    text = "Name,Email,Phone,Balance\nAcme,a@acme.example,+32 3 123 45 67,100\n"
    text += 'Vos BV,vos@example.be,,50\nTotal,,,"1.150,00"\n'
    frame, issues = _read(tmp_path, text)
    assert frame["Name"].to_list() == ["Acme", "Vos BV"]
    assert issues.filter(pl.col("code") == "read.footer_row").height == 1


def test_nothing_is_lost_rows_in_equal_rows_out_plus_footers(tmp_path: Path) -> None:
    body = "".join(f"Client {i},+32 3 000 00 {i:02d},c{i}@example.be,,,\n" for i in range(40))
    text = HEAD + body + "Total Energies Belgium,,,,,\nTOTAL,,,,,\n"
    frame, _ = _read(tmp_path, text)
    assert frame.height == 41
