"""Every written import file's header row is the platform's documented template header row.

``DOCUMENTED`` holds, per target table, the header row as the platform's published template
spells it (``exact``: seen character for character on the page named in the target's
``template_sources``) and the headers clientmig writes that no stored public source spells
(``inferred``, recorded as such in the TOML). The test writes each platform's import from a
sample export and reads the first row of each file back as bytes/cells: every written header
must be documented, and every documented exact header is spelled exactly so.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from clientmig.pipeline import Recipe, run
from clientmig.target_schemas import platform
from tests.conftest import SAMPLES

DOCUMENTED: dict[str, dict[str, tuple[str, ...]]] = {
    # Xero Central "Import clients to Practice Manager"; workflowmaxhelp 900006651726.
    "xpm.clients": {
        "exact": (
            "Name",
            "Address1",
            "Address2",
            "WebSite",
            "FirstName",
            "LastName",
            "OtherName",
            "DateofBirth",
            "TaxNumber",
            "CompanyNumber",
            "BalanceMonth",
            "BusinessStructure",
            "JobManager",
            "Group",
        ),
        "inferred": (
            "City",
            "Region",
            "PostCode",
            "Country",
            "Phone",
            "Fax",
            "Mobile",
            "Email",
            "ReferralSource",
            "ClientCode",
        ),
    },
    # support.silverfin.com 101000551076 (English, newer version).
    "accounton.clients": {
        "exact": ("person", "First name", "Last name", "Email", "Mobile Number"),
        "inferred": (
            "Language",
            "National Number",
            "Date of Birth",
            "Address",
            "Responsible",
            "Partner National Number",
        ),
    },
}
INPUTS = {
    "xpm": "quickbooks_customers.csv",
    "accounton": "belgian_clients.csv",
    "karbon": "google_contacts.csv",
    "taxdome": "google_contacts.csv",
    "sitee": "outlook_contacts.csv",
    "debitoor": "belgian_clients.csv",
}
# Spellings a template is known not to use (issue #24: XPM's template spells DateofBirth and
# WebSite; Accounton's First name / Last name).
NEVER = {"xpm": {"DateOfBirth", "Website"}, "accounton": {"First Name", "Last Name"}}


def _written_rows(out: Path, name: str) -> dict[str, list[str]]:
    plat = platform(name)
    rows: dict[str, list[str]] = {}
    if plat.format == "xlsx":
        book = load_workbook(out / f"{plat.file}.xlsx", read_only=True)
        for t in plat.tables:
            sheet = book[t.sheet or t.title]
            first = next(sheet.iter_rows(max_row=1, values_only=True))
            rows[t.name] = [str(c) for c in first if c is not None]
        return rows
    for t in plat.tables:
        stem = plat.file if len(plat.tables) == 1 else f"{plat.file}_{t.table}"
        path = sorted(p for p in out.glob(f"{stem}*.csv") if "_rejected" not in p.name)[0]
        text = path.read_bytes().decode("utf-8-sig")
        rows[t.name] = next(csv.reader(io.StringIO(text)))
    return rows


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_the_written_header_row_is_the_documented_one(name: str, tmp_path: Path) -> None:
    plat = platform(name)
    assert plat.options.get("template_sources"), f"{name}.toml records no template source"
    assert plat.options.get("template_evidence") in ("exact", "partial", "inferred")
    run(Recipe(target=name), [SAMPLES / INPUTS[name]], out=tmp_path, force=True)
    for table, written in _written_rows(tmp_path, name).items():
        assert written == list(plat.table(table.split(".")[1]).headers), table
        assert not NEVER.get(name, set()) & set(written), written
        documented = DOCUMENTED.get(table)
        if documented is None:
            continue  # no published template: the TOML says "inferred" and names its sources
        known = set(documented["exact"]) | set(documented["inferred"])
        assert [h for h in written if h not in known] == [], table
        exact_fields = [h for h in documented["exact"] if h in written]
        assert len(exact_fields) == len(documented["exact"]), set(documented["exact"]) - set(
            written
        )


def test_xpm_name_comes_first_and_is_required() -> None:
    t = platform("xpm").table("clients")
    assert t.headers[0] == "Name"
    assert t.field("Name").required
