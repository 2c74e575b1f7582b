"""Known exports are recognised by their headers; unknown ones are not forced into a format."""

from __future__ import annotations

import pytest

from clientmig.io import detect_source, read_table
from tests.conftest import SAMPLES

OUTLOOK = (SAMPLES / "outlook_contacts.csv").read_bytes().split(b"\r\n")[0].decode().split(",")


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (OUTLOOK, "outlook"),
        (
            [
                "First Name",
                "Middle Name",
                "Last Name",
                "Nickname",
                "File As",
                "Labels",
                "Organization Name",
                "E-mail 1 - Label",
                "E-mail 1 - Value",
                "Phone 1 - Value",
            ],
            "google",
        ),
        (
            [
                "Name",
                "Given Name",
                "Additional Name",
                "Family Name",
                "Yomi Name",
                "Group Membership",
                "E-mail 1 - Type",
                "E-mail 1 - Value",
            ],
            "google_legacy",
        ),
        (
            ["Customer full name", "Phone numbers", "Email", "Full name", "Billing address"],
            "quickbooks",
        ),
        (
            [
                "Status",
                "Type",
                "Naam",
                "Voornaam",
                "Klantcode",
                "Rechtsvorm",
                "Ondernemingsnummer",
                "Rijksregisternummer",
                "E-mail",
                "Taal",
            ],
            "adminpulse",
        ),
        (
            [
                "ClientName",
                "ContactName",
                "ContactPosition",
                "ContactPhone",
                "ContactMobile",
                "ContactEmail",
            ],
            "xpm_contacts",
        ),
        (
            ["First Name", "Last Name", "Email", "Belongs To", "Role", "Mobile Phone"],
            "karbon_people",
        ),
        (
            [
                "Square Customer ID",
                "Reference ID",
                "First Name",
                "Last Name",
                "Email Address",
                "Phone Number",
                "Company Name",
            ],
            "square",
        ),
    ],
)
def test_known_exports_are_recognised(headers: list[str], expected: str) -> None:
    match = detect_source(headers)
    assert match is not None
    assert match.name == expected
    assert 0.35 <= match.confidence <= 1


@pytest.mark.parametrize(
    "headers", [["Kolom1", "Kolom2", "Kolom3"], ["x"], [], ["Bedrag", "Datum", "Omschrijving"]]
)
def test_unknown_headers_are_not_forced_into_a_format(headers: list[str]) -> None:
    assert detect_source(headers) is None


@pytest.mark.parametrize(
    ("file", "sheet", "expected"),
    [
        ("outlook_contacts.csv", None, "outlook"),
        ("google_contacts.csv", None, "google"),
        ("quickbooks_customers.csv", None, "quickbooks"),
        ("adminpulse_relaties.xlsx", "Relaties", "adminpulse"),
        ("karbon_messy.xlsx", "People", "karbon_people"),
        ("karbon_messy.xlsx", "Organizations", "karbon_organizations"),
    ],
)
def test_sample_files_are_recognised(file: str, sheet: str | None, expected: str) -> None:
    result = read_table(SAMPLES / file, sheet=sheet)
    assert result.detected is not None
    assert result.detected.name == expected
