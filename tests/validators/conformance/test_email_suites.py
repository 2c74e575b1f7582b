"""email-validator's and isemail's suites through ``cm.clean`` (one ``email`` column, BE).

The contract: a valid address is kept exactly as email-validator normalises it (local part
untouched); an invalid one is rejected, or repaired into a valid one with the repair reported.
Deliberate strictness is listed below with its reason.
"""

from __future__ import annotations

import functools
from typing import Any

import pytest
from email_validator import validate_email

from tests.validators.conformance import _suite

# Valid by the RFCs or email-validator, rejected on purpose: an accounting platform cannot
# import these, and a person should look at them.
STRICTER_REASONS = {
    "quoted local part": lambda a: a.startswith('"'),
    "domain literal": lambda a: a.endswith("]"),
    "comment": lambda a: "(" in a,
    "dotless domain": lambda a: "." not in a.rpartition("@")[2],
}
# isemail categories that are valid only by the letter of RFC 5321/5322 (folding white space,
# comments, obsolete syntax, domain literals): email-validator rejects them too.
ISEMAIL_RFC_ONLY = frozenset(
    {"ISEMAIL_RFC5321", "ISEMAIL_CFWS", "ISEMAIL_DEPREC", "ISEMAIL_RFC5322"}
)
ISEMAIL_VALID = frozenset({"ISEMAIL_VALID_CATEGORY", "ISEMAIL_DNSWARN"})


@functools.cache
def _normalized(address: str) -> str | None:
    try:
        return validate_email(address, check_deliverability=False).normalized
    except Exception:
        return None


def _stricter(out: _suite.Outcome) -> bool:
    # A placeholder (test@test.com) is emptied with an info: deliberate for client lists.
    if any(i["code"] == "email.placeholder" for i in out.issues):
        return True
    return any(rule(out.value) for rule in STRICTER_REASONS.values())


def _verdict(valid: bool, normalized: str | None, out: _suite.Outcome, *, rfc_only: bool) -> str:
    if valid:
        if out.rejected or not out.written:
            return "stricter" if _stricter(out) else "rejects_valid"
        return "agree" if out.written == normalized else "form_differs"
    if out.rejected or not out.written:
        return "stricter" if rfc_only else "agree"
    if rfc_only and out.written == normalized:
        return "agree"  # valid by the RFCs' letter and accepted as email-validator accepts it
    if _normalized(out.written) is None:
        return "accepts_invalid"
    reported = any(i["suggestion"] == out.written for i in out.issues)
    return "repaired" if reported else "accepts_invalid"


def _local_rewritten(normalized: str | None, out: _suite.Outcome) -> bool:
    if normalized is None or out.rejected or not out.written:
        return False
    return out.written.rpartition("@")[0] != normalized.rpartition("@")[0]


def _check(name: str, cases: list[dict[str, Any]], verdicts: list[str], outs: list[Any]) -> None:
    counts = _suite.report(name, list(zip([c["input"] for c in cases], verdicts)))
    rewritten = [
        o.value for c, o in zip(cases, outs) if _local_rewritten(_normalized(c["input"]), o)
    ]
    assert rewritten == [], "a valid address lost part of its local part"
    assert counts["accepts_invalid"] == 0
    assert counts["rejects_valid"] == 0
    assert counts["form_differs"] <= 1


def test_email_validator_syntax_suite() -> None:
    cases = _suite.load("email_validator_syntax.json")["cases"]
    outs = _suite.run("email", [c["input"] for c in cases], "BE")
    verdicts = [
        _verdict(c["valid"], c["normalized"], o, rfc_only=False)
        for c, o in zip(cases, outs, strict=True)
    ]
    _check("email-validator test_syntax", cases, verdicts, outs)


def test_isemail_suite() -> None:
    cases = _suite.load("isemail_tests.json")["cases"]
    outs = _suite.run("email", [c["input"] for c in cases], "BE")
    verdicts = []
    for case, out in zip(cases, outs, strict=True):
        normalized = _normalized(case["input"])
        category = case["category"]
        # Valid for isemail but rejected by email-validator itself (dotless or numeric TLDs).
        valid = category in ISEMAIL_VALID and normalized is not None
        rfc_only = category in ISEMAIL_RFC_ONLY or (category in ISEMAIL_VALID and not valid)
        verdicts.append(_verdict(valid, normalized, out, rfc_only=rfc_only))
    _check("isemail tests.xml", cases, verdicts, outs)


@pytest.mark.parametrize(
    "address",
    [
        "user+mailbox/department=shipping@example.tld",
        "!#$%&'*+-/=?^_`.{|}~@example.tld",
        "jeff@臺網中心.tw",
    ],
)
def test_valid_local_part_kept(address: str) -> None:
    out = _suite.run("email", [address], "BE")[0]
    assert not out.rejected
    assert out.written == _normalized(address)
