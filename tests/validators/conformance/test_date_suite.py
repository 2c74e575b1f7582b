"""dateutil's parser cases through ``cm.clean`` (``client_since``, each value alone).

dateutil reads month first by default, so the cases run with ``country="US"``: the file's
country decides the order of a lone ambiguous value, as it does for Belgium (day first).
A value parses when it is written as the ISO date dateutil gives (a time part is dropped).
"""

from __future__ import annotations

import re

from tests.validators.conformance import _suite

# Shapes dateutil reads that clientmig does not, on purpose or for now (each with its reason).
STRICTER = {
    "03 25 Sep": "year first, then day, then month name: no export writes this",
    "25 03 Sep": "year first, then day, then month name: no export writes this",
    "0:01:02 on July 4, 1976": "a time before the date in prose",
    "1996.July.10 AD 12:08 PM": "era marker",
    "December.0031.30": "month name, year, day",
    "2016-12-21 04.2h": "fractional hours",
    "950404 122212": "six-digit year-month-day with a time",
    "199709020908": "date and time run together without a separator",
    "19970902090807": "date and time run together without a separator",
}
_ISO = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _verdict(case: dict[str, str], out: _suite.Outcome) -> str:
    parsed = not out.rejected and out.written is not None and _ISO.match(out.written)
    if not parsed:
        return "stricter" if case["input"] in STRICTER else "rejects_valid"
    return "agree" if out.written == case["date"] else "form_differs"


def test_dateutil_parser_cases() -> None:
    cases = _suite.load("dateutil_parser.json")["cases"]
    outs = _suite.run_each("client_since", [c["input"] for c in cases], "US")
    rows = [(c["input"], _verdict(c, o)) for c, o in zip(cases, outs, strict=True)]
    counts = _suite.report("dateutil parser cases", rows)
    assert counts["form_differs"] == 0
    assert counts["rejects_valid"] == 0
    assert counts["stricter"] <= 10  # the bound: at most 10 valid dates rejected
