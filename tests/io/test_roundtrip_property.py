"""Hypothesis: random tables through random dialects and encodings read back cell for cell."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import clientmig as cm

# Cells: printable text with quotes, delimiters, line breaks and accents; never only spaces
# (a spreadsheet shows such a row as blank) and never starting with "_" in the header.
CELL = st.text(
    alphabet=st.characters(
        codec="utf-8", categories=("L", "N", "P", "Zs"), include_characters='",;|\t\n'
    ),
    max_size=12,
).map(lambda s: s.replace("\r", ""))
# A header's runs of white space read as one space (io._clean_headers), so none are drawn.
HEADER = st.from_regex(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ0-9 .\-]{0,10}[A-Za-z0-9]", fullmatch=True).filter(
    lambda h: "  " not in h
)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    width = draw(st.integers(1, 5))
    header = draw(st.lists(HEADER, min_size=width, max_size=width, unique_by=str.casefold))
    rows = draw(st.lists(st.lists(CELL, min_size=width, max_size=width), min_size=1, max_size=8))
    rows = [r for r in rows if any(c.strip() for c in r)] or [["x"] * width]
    return header, rows


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    table=tables(),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    eol=st.sampled_from(["\n", "\r\n"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
)
def test_random_tables_round_trip(
    table: tuple[list[str], list[list[str]]], delimiter: str, eol: str, encoding: str
) -> None:
    header, rows = table
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=eol, quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    writer.writerows(rows)
    text = buf.getvalue()
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    frame = cm.read(data, delimiter=delimiter, header_row=1)
    assert frame.columns[: len(header)] == [h.strip() for h in header]
    got = [
        [c if c is not None else "" for c in r]
        for r in frame.select(frame.columns[: len(header)]).rows()
    ]
    # Line breaks inside cells come back as "\n" (CR LF and lone CR are normalised).
    assert got == rows
    assert frame["_row"].to_list() == list(range(2, 2 + len(rows)))


@settings(max_examples=60, deadline=None)
@given(table=tables(), delimiter=st.sampled_from([",", ";", "\t", "|"]))
def test_delimiter_and_header_are_detected_without_options(
    table: tuple[list[str], list[list[str]]], delimiter: str
) -> None:
    header, rows = table
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(
        [header, *rows]
    )
    result = cm.read_table(buf.getvalue().encode())
    if len(header) > 1:
        assert result.delimiter == delimiter
    assert result.frame.height == len(rows)
