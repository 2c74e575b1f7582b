"""python-stdnum's Belgian and foreign company/VAT id cases through ``cm.clean``.

The contract: a number stdnum calls valid is accepted and written in the field's convention
(``company_id``: the national compact form stdnum's module gives; ``vat_number``: the EU VAT
form with its country prefix); a number stdnum calls invalid is an error, never "fixed".
"""

from __future__ import annotations

from typing import Any

from stdnum.eu import vat as eu_vat

from tests.validators.conformance import _suite

# Deliberately stricter than stdnum: none so far. (A case listed here would need a reason.)
STRICTER: dict[str, str] = {}
# Invalid for stdnum, repaired on purpose (a .fixed info suggests exactly the value written).
REPAIRS: dict[str, str] = {
    "BE BE 0220764971": "a doubled country prefix",
    "LV LV 40003754957": "a doubled country prefix",
    "RO RO 16621241": "a doubled country prefix",
    "911-14-4442": "hyphens in other places: the digits are a valid EIN",
}


def _verdict(case: dict[str, Any], out: _suite.Outcome, expected: str | None) -> str:
    if case["valid"]:
        if out.rejected:
            return "stricter" if case["input"] in STRICTER else "rejects_valid"
        return "agree" if out.written == expected else "form_differs"
    if out.rejected:
        return "agree"
    reported = any(
        i["code"] == "company_id.fixed" and i["suggestion"] == out.written for i in out.issues
    )
    return "repaired" if case["input"] in REPAIRS and reported else "accepts_invalid"


def _check(name: str, rows: list[tuple[str, str]]) -> None:
    counts = _suite.report(name, rows)
    assert counts["accepts_invalid"] == 0
    assert counts["rejects_valid"] == 0
    assert counts["form_differs"] == 0


def _run_by_country(field: str, cases: list[dict[str, Any]], vat_form: bool) -> list[str]:
    verdicts = []
    for case in cases:
        country = case["country"] or "BE"
        out = _suite.run(field, [case["input"]], country)[0]
        expected = case["compact"]
        if expected is not None and vat_form and case["module"] == "be.vat":
            expected = "BE" + expected
        verdicts.append(_verdict(case, out, expected))
    return verdicts


def test_stdnum_belgian_enterprise_numbers() -> None:
    cases = _suite.load("stdnum_be_vat.json")["cases"]
    for field, vat_form in (("company_id", False), ("vat_number", True)):
        verdicts = _run_by_country(field, cases, vat_form)
        _check(f"stdnum be.vat as {field}", [(c["input"], v) for c, v in zip(cases, verdicts)])


def test_stdnum_foreign_company_ids() -> None:
    cases = _suite.load("stdnum_company_ids.json")["cases"]
    national = [c for c in cases if c["country"] is not None]
    european = [c for c in cases if c["country"] is None]
    rows = []
    # National modules: one column per country, that country as the default.
    for country in sorted({c["country"] for c in national}):
        group = [c for c in national if c["country"] == country]
        outs = _suite.run("company_id", [c["input"] for c in group], country)
        for case, out in zip(group, outs, strict=True):
            module = __import__(f"stdnum.{case['module']}", fromlist=["compact"])
            expected = module.compact(case["input"]) if case["valid"] else None
            rows.append((case["input"], _verdict(case, out, expected)))
    # EU VAT and OSS numbers carry their country: one vat_number column, Belgium the default.
    outs = _suite.run("vat_number", [c["input"] for c in european], "BE")
    for case, out in zip(european, outs, strict=True):
        expected = eu_vat.compact(case["input"]) if case["valid"] else None
        rows.append((case["input"], _verdict(case, out, expected)))
    _check("stdnum foreign company/VAT ids", rows)
