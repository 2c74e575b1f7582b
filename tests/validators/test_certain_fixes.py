"""A certain fix is the value written: its suggestion equals the cleaned cell, so accepting it
from the report changes nothing, and the accepted value passes the validator again."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

import clientmig as cm

CERTAIN = ("email.fixed", "email.multiple", "company_id.fixed", "date.time_dropped")
LIKELY = ("email.typo_domain", "email.missing_tld", "date.other_order")

EMAILS = [
    "  jan@x.be\t",
    "jan@@x.be",
    "jan@x.be.",
    "jan@x.be\u200b",
    '"jan@x.be"',
    "mailto:jan@x.be",
    "Jan Peeters <jan@x.be>",
    "jose\u0301@exemple.fr",
    "a@x.be; b@y.be",
    "an@gmial.com",
    "an@telenet",
]
IDS = ["0403.019.261", "BE0403019261", "403019261", "403019261.0", "4.03019261E+08", "(0)403019261"]
DATES = ["2003-09-25 10:49:41,502", "20030925T104941", "25/09/2003", "09/26/2003"]


def _frame(emails: list[str], ids: list[str], dates: list[str]) -> pl.DataFrame:
    n = max(len(emails), len(ids), len(dates))
    pad = lambda xs: xs + [None] * (n - len(xs))  # noqa: E731
    return pl.DataFrame(
        {"email": pad(emails), "company_id": pad(ids), "client_since": pad(dates)},
        schema={"email": pl.String, "company_id": pl.String, "client_since": pl.String},
    )


def _check(frame: pl.DataFrame) -> None:
    cleaned = cm.clean(frame, options=cm.CleanOptions(country="BE"))
    rows = cleaned.frame["_row"].to_list()
    certain = cleaned.issues.filter(pl.col("code").is_in(CERTAIN))
    for issue in certain.iter_rows(named=True):
        written = cleaned.frame[issue["field"]][rows.index(issue["row"])]
        assert issue["suggestion"] == written, issue
    report = cm.validate(cleaned.frame, issues=cleaned.issues)
    accepted, _ = report.accept(code=list(CERTAIN))
    # What validation leaves out (an invalid optional value) is out either way, for a reason
    # the report gives; every other cell is exactly as cleaning wrote it.
    flagged = report.issues.filter(pl.col("severity").is_in(["error", "warning"]))
    for field in ("email", "company_id", "client_since"):
        for row, got, was in zip(rows, accepted[field].to_list(), cleaned.frame[field].to_list()):
            assert got in (was, None), (field, got, was)
            if got is None and was is not None:
                why = flagged.filter((pl.col("row") == row) & (pl.col("field") == field))
                assert why.height, (field, row, was)
    # A likely fix is a value the validator takes as it is.
    likely = cleaned.issues.filter(
        pl.col("code").is_in(LIKELY) & pl.col("suggestion").is_not_null()
    )
    for field, group in likely.group_by("field"):
        again = cm.clean(pl.DataFrame({str(field[0]): group["suggestion"]}))
        assert again.issues.is_empty(), again.issues


def test_the_briefs_repairs() -> None:
    _check(_frame(EMAILS, IDS, DATES))


_LOCAL = st.from_regex(r"[a-z0-9][a-z0-9._+/-]{0,8}[a-z0-9]", fullmatch=True).filter(
    lambda s: ".." not in s
)
_WRAPPED = st.builds(
    lambda local, domain, wrap: wrap.format(f"{local}@{domain}"),
    _LOCAL,
    st.sampled_from(["x.be", "telenet.be", "Example.COM", "gmial.com"]),
    st.sampled_from(["{}", " {} ", "{}.", "<{}>", "mailto:{}", '"{}"', "Jan <{}>", "{}\u200b"]),
)


@settings(max_examples=30, deadline=None)
@given(emails=st.lists(_WRAPPED, min_size=1, max_size=6))
def test_wrapped_addresses(emails: list[str]) -> None:
    _check(_frame(emails, [], []))
