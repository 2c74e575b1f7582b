"""Recognise known exports by their header signature (Outlook, Google, XPM, QuickBooks, ...).

Each signature lists headers typical of one export, and optional patterns for numbered groups
(``E-mail 2 - Value``). The score is the share of signature headers present, with patterns as
extra evidence; the best match above a floor is returned with its confidence.

>>> detect_source(["First Name", "Last Name", "E-mail Address", "Business Phone", "Mobile Phone",
...                "Company", "Job Title", "Home Street", "E-mail 2 Address"]).name
'outlook'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from clientmig.keys import header_key


@dataclass(frozen=True, slots=True)
class Signature:
    """Headers that identify one export format."""

    name: str
    title: str
    headers: tuple[str, ...]
    patterns: tuple[str, ...] = ()
    required: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceMatch:
    """A recognised export: which one, how sure, and the headers that matched."""

    name: str
    title: str
    confidence: float
    matched: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready form."""
        return {
            "name": self.name,
            "title": self.title,
            "confidence": round(self.confidence, 3),
            "matched": list(self.matched),
        }


SIGNATURES: tuple[Signature, ...] = (
    Signature(
        "outlook",
        "Microsoft Outlook contacts (CSV)",
        (
            "Title",
            "First Name",
            "Middle Name",
            "Last Name",
            "Suffix",
            "Company",
            "Department",
            "Job Title",
            "Business Street",
            "Business City",
            "Business Postal Code",
            "Business Country/Region",
            "Home Street",
            "Home City",
            "Business Fax",
            "Business Phone",
            "Home Phone",
            "Mobile Phone",
            "E-mail Address",
            "E-mail Type",
            "E-mail Display Name",
            "E-mail 2 Address",
            "Birthday",
            "Notes",
            "Web Page",
        ),
        required=("E-mail Address",),
    ),
    Signature(
        "google",
        "Google Contacts (CSV)",
        (
            "First Name",
            "Middle Name",
            "Last Name",
            "Phonetic First Name",
            "Name Prefix",
            "Name Suffix",
            "Nickname",
            "File As",
            "Organization Name",
            "Organization Title",
            "Birthday",
            "Notes",
            "Labels",
        ),
        patterns=(
            r"^E-mail \d+ - (Label|Value)$",
            r"^Phone \d+ - (Label|Value)$",
            r"^Address \d+ - \w",
        ),
        required=("Labels",),
    ),
    Signature(
        "google_legacy",
        "Google Contacts, legacy Gmail format (CSV)",
        (
            "Name",
            "Given Name",
            "Additional Name",
            "Family Name",
            "Yomi Name",
            "Name Prefix",
            "Name Suffix",
            "Nickname",
            "Birthday",
            "Notes",
            "Group Membership",
        ),
        patterns=(
            r"^E-mail \d+ - (Type|Value)$",
            r"^Phone \d+ - (Type|Value)$",
            r"^Organization \d+ - \w",
        ),
        required=("Group Membership",),
    ),
    Signature(
        "xpm_clients",
        "Xero Practice Manager clients",
        (
            "Name",
            "Address1",
            "Address2",
            "City",
            "Region",
            "PostCode",
            "Country",
            "PostalAddress1",
            "PostalCity",
            "Phone",
            "Fax",
            "Website",
            "Email",
            "ClientCode",
            "Balance Date",
            "Business Structure",
            "TFN",
            "ABN",
        ),
        required=("Name",),
    ),
    Signature(
        "xpm_contacts",
        "Xero Practice Manager contacts",
        (
            "ClientName",
            "ContactName",
            "ContactPosition",
            "ContactSalutation",
            "ContactAddressee",
            "ContactPhone",
            "ContactMobile",
            "ContactEmail",
        ),
        required=("ContactName",),
    ),
    Signature(
        "quickbooks",
        "QuickBooks Online customer contact list",
        (
            "Customer full name",
            "Phone numbers",
            "Email",
            "Full name",
            "Billing address",
            "Shipping address",
        ),
        required=("Customer full name",),
    ),
    Signature(
        "karbon_people",
        "Karbon import workbook (People)",
        (
            "First Name",
            "Middle Name",
            "Last Name",
            "Preferred Name",
            "Date of Birth",
            "Email",
            "Belongs To",
            "Role",
            "Mobile Phone",
            "Office Phone",
            "Home Phone",
            "Client ID",
        ),
        required=("Belongs To",),
    ),
    Signature(
        "karbon_organizations",
        "Karbon import workbook (Organizations)",
        (
            "Organization Name",
            "Description",
            "Website",
            "Client ID",
            "Fiscal Year End Day",
            "Fiscal Year End Month",
            "Email",
            "Office Phone",
            "Address",
            "Legal Name",
        ),
        required=("Organization Name",),
    ),
    Signature(
        "taxdome",
        "TaxDome accounts and contacts export",
        (
            "Account Name",
            "Account Type",
            "Tags",
            "Team Members",
            "First Name",
            "Last Name",
            "Email",
            "Phone",
            "Contact Name",
        ),
        required=("Account Type",),
    ),
    Signature(
        "adminpulse",
        "AdminPulse relations workbook",
        (
            "Status",
            "Type",
            "Naam",
            "Voornaam",
            "Klantcode",
            "Nr. boekhouding",
            "Rechtsvorm",
            "Ondernemingsnummer",
            "BTW-nummer",
            "Rijksregisternummer",
            "Oprichtingsdatum",
            "Startdatum",
            "Geboorteland",
            "Nationaliteit",
            "E-mail",
            "E-mail factuur",
            "Boekhoudsoftware",
            "Dossiermedewerkers",
            "Taal",
        ),
        required=("Klantcode",),
    ),
    Signature(
        "square",
        "Square customers export",
        (
            "Reference ID",
            "First Name",
            "Last Name",
            "Email Address",
            "Phone Number",
            "Nickname",
            "Company Name",
            "Street Address 1",
            "Street Address 2",
            "City",
            "State",
            "Postal Code",
            "Birthday",
            "Memo",
            "Square Customer ID",
            "Creation Source",
            "First Visit",
            "Last Visit",
            "Transaction Count",
        ),
        required=("Square Customer ID",),
    ),
    Signature(
        "simplepractice",
        "SimplePractice clients export",
        (
            "Client ID",
            "First Name",
            "Last Name",
            "Preferred Name",
            "Date of Birth",
            "Email",
            "Phone",
            "Address",
            "City",
            "State",
            "Zip",
            "Client Type",
            "Clinician",
            "Status",
            "Insurance",
        ),
        required=("Clinician",),
    ),
)

MIN_CONFIDENCE = 0.35


def detect_source(columns: Sequence[str] | pl.DataFrame) -> SourceMatch | None:
    """Return the best-matching known export for these headers, or None when nothing fits."""
    names = list(columns.columns if isinstance(columns, pl.DataFrame) else columns)
    names = [c for c in names if not c.startswith("_")]
    present = {header_key(c): c for c in names}
    best: SourceMatch | None = None
    for sig in SIGNATURES:
        wanted = [header_key(h) for h in sig.headers]
        hits = [present[h] for h in wanted if h in present]
        pattern_hits = [c for c in names if any(re.match(p, c) for p in sig.patterns)]
        score = len(hits) / len(wanted)
        if sig.patterns:
            score = 0.7 * score + (0.3 if pattern_hits else 0.0)
        if sig.required and not all(header_key(r) in present for r in sig.required):
            score *= 0.5
        # Share of the file's own headers this signature explains: big generic files lose.
        explained = (len(hits) + len(pattern_hits)) / max(1, len(names))
        confidence = min(1.0, 0.75 * score + 0.25 * min(1.0, explained * 1.5))
        if confidence >= MIN_CONFIDENCE and (best is None or confidence > best.confidence):
            best = SourceMatch(sig.name, sig.title, confidence, (*hits, *pattern_hits))
    return best
