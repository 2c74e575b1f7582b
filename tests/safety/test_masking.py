"""National numbers are masked by value in everything written for people to read."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clientmig.cli import main
from clientmig.export.privacy import MaskingFilter, mask_frame, mask_text, mask_text_expr

NN = "85073003328"  # a valid Belgian national number (stdnum's own example)
WRITTEN = ("85.07.30-033.28", "850730 033 28", NN)


@pytest.fixture
def people(tmp_path: Path) -> Path:
    path = tmp_path / "nn.csv"
    path.write_text(
        "First Name,Last Name,Email,National Number,Company\n"
        # no last name: Karbon requires one, so this row is rejected (a bad e-mail alone is not)
        f"An {WRITTEN[0]},,not-an-email,{NN},Peeters {WRITTEN[1]}\n"
        "Bo,Smet,bo@example.be,,\n",
        encoding="utf-8",
    )
    return path


def _clear(text: str) -> bool:
    return any(w in text for w in WRITTEN)


def test_reports_issues_summary_and_terminal_hold_no_national_number_in_clear(
    people: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "o"
    argv = ["export", str(people), "--target", "karbon", "--out", str(out), "--strict"]
    assert main(argv) == 1  # a row was rejected
    printed = capsys.readouterr()
    assert not _clear(printed.out + printed.err)
    assert "--mask-rejected" in printed.out
    for name in ("issues.csv", "report.html", "summary.json"):
        assert not _clear((out / name).read_text(encoding="utf-8")), name
    assert "**.**.**-***.28" in (out / "issues.csv").read_text(encoding="utf-8")
    rejected = (out / "karbon_import_rejected.csv").read_text(encoding="utf-8")
    assert _clear(rejected)  # the user's own rows, as the summary says
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert "national numbers included" in summary["export"]["rejected_file_personal_data"]


def test_mask_rejected_masks_the_rejected_file(people: Path, tmp_path: Path) -> None:
    out = tmp_path / "o"
    argv = ["export", str(people), "--target", "karbon", "--out", str(out), "--mask-rejected"]
    assert main([*argv, "--strict"]) == 1
    assert not _clear((out / "karbon_import_rejected.csv").read_text(encoding="utf-8"))
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert "masked" in summary["export"]["rejected_file_personal_data"]


def test_validate_files_and_links_issues_are_masked(
    people: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    issues = tmp_path / "i.csv"
    argv = ["validate", str(people), "--target", "karbon.people", "--issues-out", str(issues)]
    assert main([*argv, "--json"]) == 1
    assert not _clear(issues.read_text(encoding="utf-8") + capsys.readouterr().out)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("NN 85.07.30-033.28.", "NN **.**.**-***.28."),
        ("call +32 475 12 34 56", "call +32 475 12 34 56"),  # a phone number, not an ID
        ("BE 0403.170.701", "BE 0403.170.701"),  # an enterprise number is public
        ("invoice 12345678", "invoice 12345678"),
        ("1985-07-30", "1985-07-30"),
        ("bsn 111222333", "bsn *******33"),  # a Dutch BSN passes the 11-test
        ("bsn 1112.22.333", "bsn ****.**.*33"),
        # Nine-digit phone numbers that happen to pass the 11-test are phone numbers.
        ("tel 02 511 22 35", "tel 02 511 22 35"),
        ("gsm 621 123 456", "gsm 621 123 456"),
    ],
)
def test_mask_text(text: str, masked: str) -> None:
    assert mask_text(text) == masked


@settings(max_examples=60)
@given(
    st.lists(
        st.text(alphabet="0123456789 .-/ab+", max_size=30) | st.sampled_from(WRITTEN) | st.none(),
        max_size=12,
    )
)
def test_the_vectorised_mask_agrees_with_the_scalar_one(values: list[str | None]) -> None:
    got = pl.DataFrame({"x": values}, schema={"x": pl.String}).select(mask_text_expr(pl.col("x")))
    assert got.to_series().to_list() == [None if v is None else mask_text(v) for v in values]


def test_mask_frame_leaves_other_columns(tmp_path: Path) -> None:
    frame = pl.DataFrame({"a": [f"x {NN}"], "n": [1]})
    assert mask_frame(frame).row(0) == ("x *********28", 1)


def test_log_records_are_masked(caplog: pytest.LogCaptureFixture) -> None:
    log = logging.getLogger("clientmig.test_masking")
    log.addFilter(MaskingFilter())
    with caplog.at_level(logging.INFO):
        log.info("row with %s", NN)
    assert NN not in caplog.text
    assert "*********28" in caplog.text
