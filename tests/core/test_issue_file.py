"""issues.csv lists what needs a person; routine fixes are counted; the change log has them all."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from clientmig.cli import main
from clientmig.issues import ISSUE_SCHEMA, Issue, issues_frame
from clientmig.validation.issue_file import EXAMPLES, change_log, issues_for_people

CODES = {"phone.fixed": "info", "person_name.recased": "info", "email.invalid": "error"}
CODES |= {"email.typo_domain": "warning"}

issue = st.builds(
    lambda code, row, column, value: Issue(
        code=code,
        severity=CODES[code],  # type: ignore[arg-type]
        message=f"sentence of {code}",
        source="a.csv",
        row=row,
        column=column,
        value=value,
        suggestion=value.upper(),
    ),
    st.sampled_from(sorted(CODES)),
    st.one_of(st.none(), st.integers(2, 40)),
    st.sampled_from(["GSM", "Naam"]),
    st.sampled_from(["a", "b", "c", "d", "e"]),
)


@settings(max_examples=60)
@given(st.lists(issue, max_size=40))
def test_every_issue_is_on_a_line_or_counted(issues: list[Issue]) -> None:
    frame = issues_frame(issues)
    table = issues_for_people(frame)
    assert table["count"].sum() == frame.height  # nothing lost
    is_routine = (pl.col("severity") == "info") & pl.col("row").is_not_null()
    routine = frame.filter(is_routine)
    kept = frame.filter(~is_routine)
    # errors, warnings and file-level notes keep their own line, exactly as they were, first
    assert table.head(kept.height).drop("count").equals(kept)
    counted = table.slice(kept.height)
    assert counted["row"].is_null().all()
    assert counted.height == routine.select("column", "code").n_unique()
    for line in counted.iter_rows(named=True):
        shown = line["value"].split(" | ")
        assert len(shown) == len(set(shown)) <= EXAMPLES
        assert line["suggestion"].split(" | ") == [v.upper() for v in shown]
    assert change_log(frame).height == routine.height


def test_a_million_phone_fixes_are_one_line() -> None:
    n = 1_000_000
    frame = pl.DataFrame(
        {
            "source": ["a.csv"] * n,
            "row": range(2, n + 2),
            "column": ["GSM"] * n,
            "code": ["phone.fixed"] * n,
            "severity": ["info"] * n,
            "message": ["rewritten"] * n,
            "value": [f"0475 {i % 1000:06d}" for i in range(n)],
        }
    ).with_columns(pl.col("value").alias("suggestion"))
    frame = frame.select(
        pl.col(c).cast(t) if c in frame.columns else pl.lit(None, t).alias(c)
        for c, t in ISSUE_SCHEMA.items()
    )
    table = issues_for_people(frame)
    assert table.height == 1
    assert table.row(0, named=True)["count"] == n
    assert table.row(0, named=True)["value"] == "0475 000000 | 0475 000001 | 0475 000002"


def _clients(tmp_path: Path) -> Path:
    data = tmp_path / "clients.csv"
    rows = [f"Jan;PEETERS;0475 12 34 {i:02d};jan{i}@telenet.be" for i in range(30)]
    rows.append("An;Maes;0475 99 99 99;an maes@telenet.be")
    data.write_text("Voornaam;Naam;GSM;E-mail\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return data


def test_validate_writes_counted_issues_and_a_parquet_change_log(tmp_path: Path) -> None:
    data = _clients(tmp_path)
    issues, log = tmp_path / "issues.csv", tmp_path / "changes.parquet"
    argv = ["validate", str(data), "--issues-out", str(issues), "--change-log", str(log)]
    assert main([*argv, "--lang", "en"]) == 0  # an invalid e-mail is a warning here
    table = pl.read_csv(issues)
    phones = table.filter(pl.col("code") == "phone.fixed")
    assert phones.height == 1
    assert phones["count"][0] == 31
    assert phones["row"][0] is None
    assert table.filter(pl.col("code") == "email.invalid")["row"].to_list() == [32]
    changes = pl.read_parquet(log)
    assert changes.filter(pl.col("code") == "phone.fixed").height == 31
    assert {"before", "after", "row"} <= set(changes.columns)


def test_export_writes_a_csv_change_log(tmp_path: Path) -> None:
    data, out = _clients(tmp_path), tmp_path / "out"
    log = tmp_path / "changes.csv"
    argv = ["export", str(data), "--target", "karbon", "--out", str(out), "--change-log", str(log)]
    assert main([*argv, "--lang", "en"]) == 0
    changes = pl.read_csv(log)
    assert changes.filter(pl.col("code") == "person_name.recased").height == 30


def test_a_note_without_suggestion_shows_no_empty_examples() -> None:
    notes = [
        Issue(
            code="link.not_imported",
            severity="info",
            message="m",
            source="a.csv",
            row=r,
            column="Bedrijf",
            value=v,
        )
        for r, v in ((2, "Bakkerij"), (3, "Claes NV"))
    ]
    line = issues_for_people(issues_frame(notes)).row(0, named=True)
    assert line["value"] == "Bakkerij | Claes NV"
    assert line["suggestion"] is None
    assert line["count"] == 2
