"""Vendor the field's reference test suites into tests/validators/conformance/data (run once).

Reads the suites from git mirrors (``fetch`` of the public repositories) and writes small JSON
files: every case with its input and the verdict of the library that owns the suite (run here,
offline, with its defaults), so the tests need neither the mirrors nor the network.

    python scripts/vendor_conformance.py /work/.mirror
"""

from __future__ import annotations

import ast
import datetime
import doctest
import importlib
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests/validators/conformance/data"


def _git(mirror: Path, repo: str, path: str) -> tuple[str, str]:
    git = mirror / repo / "repo"
    text = subprocess.run(
        ["git", "-C", str(git), "show", f"HEAD:{path}"], capture_output=True, text=True, check=True
    ).stdout
    commit = subprocess.run(
        ["git", "-C", str(git), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    return text, commit


def _email_verdict(address: str) -> dict[str, object]:
    from email_validator import validate_email

    try:
        result = validate_email(address, check_deliverability=False)
    except Exception as exc:
        return {"valid": False, "normalized": None, "reason": str(exc)[:120]}
    return {"valid": True, "normalized": result.normalized, "reason": None}


def email_validator_suite(mirror: Path) -> dict[str, object]:
    text, commit = _git(mirror, "JoshData+python-email-validator", "tests/test_syntax.py")
    tree = ast.parse(text)
    inputs: list[tuple[str, str]] = []
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        for deco in node.decorator_list:
            if isinstance(deco, ast.Call) and getattr(deco.func, "attr", "") == "parametrize":
                for case in deco.args[1].elts:  # type: ignore[attr-defined]
                    first = case.elts[0] if isinstance(case, (ast.Tuple, ast.List)) else case
                    inputs.append((node.name, ast.literal_eval(first)))
    cases = [{"group": group, "input": value, **_email_verdict(value)} for group, value in inputs]
    return {
        "source": "https://github.com/JoshData/python-email-validator tests/test_syntax.py",
        "commit": commit,
        "licence": "Unlicense (public domain)",
        "oracle": "email_validator.validate_email(check_deliverability=False), defaults",
        "cases": cases,
    }


def isemail_suite(mirror: Path) -> dict[str, object]:
    text, commit = _git(mirror, "dominicsayers+isemail", "test/tests.xml")
    root = ET.fromstring(text)
    cases = []
    for test in root.iter("test"):
        address = test.findtext("address") or ""
        # Control characters are written as U+2400 + code point (the file's note 1).
        address = "".join(chr(ord(c) - 0x2400) if 0x2400 <= ord(c) < 0x2420 else c for c in address)
        cases.append(
            {
                "id": test.get("id"),
                "input": address,
                "category": test.findtext("category"),
                "diagnosis": test.findtext("diagnosis"),
            }
        )
    return {
        "source": "https://github.com/dominicsayers/isemail test/tests.xml",
        "commit": commit,
        "licence": "BSD-3-Clause (c) 2016 Dominic Sayers",
        "oracle": "the file's category: VALID and DNSWARN valid, ERR invalid, others RFC-only",
        "cases": cases,
    }


_STDNUM_MODULES = {
    "be.vat": "BE",
    "gb.utr": "GB",
    "gb.vat": "GB",
    "au.abn": "AU",
    "au.acn": "AU",
    "ca.bn": "CA",
    "nz.ird": "NZ",
    "us.ein": "US",
    "ro.cui": "RO",
    "lv.pvn": "LV",
    "eu.vat": None,
    "eu.oss": None,
}
_LITERAL = re.compile(r"""(?<![\w.])(?:\w+\.)?(?:validate|is_valid|compact)\(\s*(['"])(.*?)\1""")


def _stdnum_values(source: str) -> list[str]:
    values: list[str] = []
    for example in doctest.DocTestParser().get_examples(source):
        code = example.source
        block = re.match(r"numbers\s*=\s*'''(.*)'''", code, re.S)
        if block:
            values += [line.strip() for line in block.group(1).splitlines() if line.strip()]
        values += [m.group(2) for m in _LITERAL.finditer(code)]
    return list(dict.fromkeys(values))


def stdnum_suite(mirror: Path, belgian: bool) -> dict[str, object]:
    cases = []
    commit = ""
    for name, country in _STDNUM_MODULES.items():
        if (name == "be.vat") != belgian:
            continue
        module = importlib.import_module(f"stdnum.{name}")
        sources = []
        for path in (
            f"tests/test_{name.replace('.', '_')}.doctest",
            f"stdnum/{name.replace('.', '/')}.py",
        ):
            try:
                text, commit = _git(mirror, "arthurdejong+python-stdnum", path)
            except subprocess.CalledProcessError:
                continue
            sources.append(
                text if path.endswith(".doctest") else (ast.get_docstring(ast.parse(text)) or "")
            )
        values = _stdnum_values("\n".join(sources))
        if name == "eu.vat":  # Belgian numbers of the EU list belong to the Belgian suite
            values = [v for v in values if not v.upper().startswith("BE")]
        if name == "be.vat":
            text, _ = _git(mirror, "arthurdejong+python-stdnum", "tests/test_eu_vat.doctest")
            values += [v for v in _stdnum_values(text) if v.upper().startswith("BE")]
        for value in values:
            try:
                compact = module.validate(value)
                valid = True
            except Exception:
                compact, valid = None, False
            cases.append(
                {
                    "module": name,
                    "country": country,
                    "input": value,
                    "valid": valid,
                    "compact": compact,
                }
            )
    import stdnum

    return {
        "source": "https://github.com/arthurdejong/python-stdnum tests/test_*.doctest + module doctests",
        "commit": commit,
        "licence": "LGPL-2.1-or-later (c) Arthur de Jong; numbers are facts, listed as test data",
        "oracle": f"stdnum {stdnum.__version__} <module>.validate (installed)",
        "cases": cases,
    }


def dateutil_suite(mirror: Path) -> dict[str, object]:
    text, commit = _git(mirror, "dateutil+dateutil", "tests/test_parser.py")
    tree = ast.parse(text)
    cases = []
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and getattr(node.targets[0], "id", "") == "PARSER_TEST_CASES"
        ):
            for case in node.value.elts:  # type: ignore[attr-defined]
                value = ast.literal_eval(case.elts[0])
                args = [ast.literal_eval(a) for a in case.elts[1].args]
                expected = datetime.datetime(*args)
                cases.append(
                    {
                        "input": value,
                        "date": expected.date().isoformat(),
                        "has_time": expected.time() != datetime.time(0),
                        "note": ast.literal_eval(case.elts[2]),
                    }
                )
    return {
        "source": "https://github.com/dateutil/dateutil tests/test_parser.py PARSER_TEST_CASES",
        "commit": commit,
        "licence": "Apache-2.0 / BSD-3-Clause (dual, see dateutil LICENSE)",
        "oracle": "dateutil.parser.parse defaults (month first)",
        "cases": cases,
    }


def main() -> None:
    mirror = Path(sys.argv[1])
    OUT.mkdir(parents=True, exist_ok=True)
    suites = {
        "email_validator_syntax.json": email_validator_suite(mirror),
        "isemail_tests.json": isemail_suite(mirror),
        "stdnum_be_vat.json": stdnum_suite(mirror, belgian=True),
        "stdnum_company_ids.json": stdnum_suite(mirror, belgian=False),
        "dateutil_parser.json": dateutil_suite(mirror),
    }
    for name, suite in suites.items():
        (OUT / name).write_text(
            json.dumps(suite, ensure_ascii=True, indent=0) + "\n", encoding="utf-8"
        )
        print(name, len(suite["cases"]))  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
