"""Every shipped source signature is a valid data file and recognises its own export.

The header rows below are written as the tools write them (see each signature's ``sources``),
in several variants (UK builds, report fixtures, shortened views), not copied from the
signature files, so a signature that drifts from the real export fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from clientmig.errors import ReadError
from clientmig.io import detect_source
from clientmig.io.sources import EVIDENCE, load_signature, signatures, source_dir

EXPORTS: dict[str, str] = {
    "xero_contacts": "*ContactName,AccountNumber,EmailAddress,FirstName,LastName,POAttentionTo,"
    "POAddressLine1,POAddressLine2,POAddressLine3,POAddressLine4,POCity,PORegion,POPostalCode,"
    "POCountry,SAAttentionTo,SAAddressLine1,SAAddressLine2,SAAddressLine3,SAAddressLine4,SACity,"
    "SARegion,SAPostalCode,SACountry,PhoneNumber,FaxNumber,MobileNumber,DDINumber,SkypeName,"
    "TaxNumber,Website,LegalName",
    "myob_cards": "Co./Last Name,First Name,Card ID,Card Status,Addr 1 - Line 1,"
    "           - Line 2,           - Line 3,           - Line 4,           - City,"
    "           - State,           - Postcode,           - Country,           - Phone # 1,"
    "           - Email,Notes,ABN",
    "thunderbird": "First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,"
    "Screen Name,Work Phone,Home Phone,Fax Number,Pager Number,Mobile Number,Home Address,"
    "Home Address 2,Home City,Home County,Home Post Code,Home Country,Work Address,"
    "Work Address 2,Work City,Work County,Work Post Code,Work Country,Job Title,Department,"
    "Organisation,Web Page 1,Web Page 2,Birth Year,Birth Month,Birth Day,Custom 1,Custom 2,"
    "Custom 3,Custom 4,Notes",
    "hubspot_contacts": "Record ID,First Name,Last Name,Email,Phone Number,Lead Status,"
    "Create Date,Associated Company,Country/Region,Contact owner",
    "salesforce_accounts": "Account ID,Account Name,Account Owner,Website,Parent Account,Type,"
    "Billing Street,Billing City,Billing State/Province,Billing Zip/Postal Code,Billing Country",
    "salesforce_contacts": "Salutation,First Name,Last Name,Title,Mailing Street,Mailing City,"
    "Mailing State/Province,Mailing Zip/Postal Code,Mailing Country,Phone,Email,"
    "Contact Record Type,Account Name,Account Owner,Lead Source",
    "linkedin_connections": "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
    "mailchimp_audience": "Email Address,First Name,Last Name,Address,Phone Number,Birthday,"
    "Tags,MEMBER_RATING,OPTIN_TIME",
    "outlook_fr": "Titre,Prénom,Deuxième prénom,Nom,Suffixe,Société,Service,Titre,Rue (bureau),"
    "Rue (bureau) 2,Rue (bureau) 3,Ville (bureau),Dép/Région (bureau),Code postal (bureau),"
    "Pays/Région (bureau),Rue (domicile),Ville (domicile),Code postal (domicile),"
    "Téléphone (bureau),Tél. mobile,Adresse de messagerie,Adresse de messagerie 2,"
    "Anniversaire,Notes,Page Web",
    "outlook_de": "Anrede,Vorname,Weitere Vornamen,Nachname,Suffix,Firma,Abteilung,Position,"
    "Straße geschäftlich,Straße geschäftlich 2,Straße geschäftlich 3,Ort geschäftlich,"
    "Region geschäftlich,Postleitzahl geschäftlich,Land/Region geschäftlich,Straße privat,"
    "Telefon geschäftlich,Mobiltelefon,E-Mail-Adresse,E-Mail 2: Adresse,Geburtstag,Notizen,"
    "Webseite",
    "outlook_nl": "Titel,Voornaam,Middelste naam,Achternaam,Bedrijf,Functie,Straat (werk),"
    "Plaats (werk),Postcode (werk),Land/regio (werk),Telefoon op werk,Mobiele telefoon,"
    "E-mailadres,E-mailadres 2,Verjaardag,Notities,Webpagina",
}


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_each_new_source_is_recognised(name: str) -> None:
    match = detect_source(EXPORTS[name].split(","))
    assert match is not None
    assert match.name == name


def test_every_signature_recognises_its_own_header_row_and_no_other() -> None:
    for sig in signatures():
        match = detect_source(list(sig.headers))
        assert match is not None, sig.name
        assert match.name == sig.name


def test_every_signature_says_where_its_headers_come_from() -> None:
    names = [s.name for s in signatures()]
    assert len(names) == len(set(names)) >= 23
    for sig in signatures():
        assert sig.evidence in EVIDENCE
        assert sig.sources, sig.name
        assert sig.languages, sig.name
    files = {p.stem for p in source_dir().glob("*.toml")}
    assert files == set(names)


def test_a_new_source_is_a_file(tmp_path: Path) -> None:
    path = tmp_path / "acme.toml"
    path.write_text('name = "acme"\ntitle = "Acme CRM"\nheaders = ["Acme ID", "Acme Name"]\n')
    sig = load_signature(path)
    assert sig.headers == ("Acme ID", "Acme Name")
    assert sig.evidence == "inferred"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('name = "x"\ntitle = "X"\nheaders = ["A"]\nheader = ["B"]\n', "unknown key"),
        ('name = "x"\ntitle = "X"\n', "'headers' is missing"),
        ('name = "x"\ntitle = "X"\nheaders = ["A"]\nevidence = "sure"\n', "evidence"),
        ('name = "x"\ntitle = "X"\nheaders = ["A"]\nrequired = ["B"]\n', "required"),
        ("name = 'x'\ntitle = 'X'\nheaders = ['A']\npatterns = ['(']\n", "bad pattern"),
        ('name = "x\n', "cannot read"),
    ],
)
def test_a_malformed_signature_is_named(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ReadError, match=message) as info:
        load_signature(path)
    assert "bad.toml" in str(info.value)


def test_every_field_a_source_names_is_canonical() -> None:
    from clientmig.target_schemas import canonical_fields

    canon = canonical_fields()
    for sig in signatures():
        for header, name in sig.fields.items():
            assert name == "" or name in canon, f"{sig.name}: {header} -> {name}"


def test_myob_blank_prefixed_group_headers_are_read_and_mapped(tmp_path: Path) -> None:
    from clientmig.io import read_table
    from clientmig.mapping import suggest_mapping

    pad = " " * 11
    header = ["Co./Last Name", "First Name", "Card ID", "Addr 1 - Line 1"]
    header += [f"{pad}- {h}" for h in ("Line 2", "City", "State", "Postcode", "Phone # 1")]
    header += ["Addr 2 - Line 1", f"{pad}- City"]
    row = "Acme Pty Ltd,,CUS001,1 George St,Level 2,Sydney,NSW,2000,02 9999 9999,PO Box 1,Sydney"
    path = tmp_path / "cards.txt"
    path.write_text(",".join(header) + "\n" + row + "\n", encoding="utf-8")
    result = read_table(path)
    assert result.detected is not None
    assert result.detected.name == "myob_cards"
    mapping = suggest_mapping(result.frame, "karbon")
    chosen = {r.column: r.field for r in mapping.rules if r.action == "sync"}
    assert chosen == {
        "Co./Last Name": "last_name",
        "First Name": "first_name",
        "Card ID": "client_id",
        "Addr 1 - Line 1": "street",
        "- Line 2": "street2",
        "- City": "city",
        "- State": "region",
        "- Postcode": "postcode",
        "- Phone # 1": "phone",
    }


def test_a_linkedin_export_with_its_note_lines_is_read_and_its_url_is_a_profile(
    tmp_path: Path,
) -> None:
    from clientmig.io import read_table
    from clientmig.mapping import suggest_mapping

    text = (
        'Notes:\n"When exporting your connection data, you may notice that some of the email '
        'addresses are missing."\n\n'
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "An,Peeters,https://www.linkedin.com/in/an-peeters,,Acme BV,CFO,12 Mar 2024\n"
        "Bart,Vos,https://www.linkedin.com/in/bartvos,bart@vos.example,Vos NV,Owner,01 Feb 2023\n"
    )
    path = tmp_path / "Connections.csv"
    path.write_text(text, encoding="utf-8")
    result = read_table(path)
    assert result.frame["_row"].to_list() == [5, 6]
    assert result.detected is not None
    assert result.detected.name == "linkedin_connections"
    mapping = suggest_mapping(result.frame, "karbon")
    assert mapping.rule("URL").field == "linkedin"
    assert mapping.rule("Connected On").action == "ignore"


def test_a_zoho_crm_export_is_not_taken_for_salesforce() -> None:
    """Zoho shares most Salesforce contact labels but not 'Mailing Zip/Postal Code'."""
    zoho = [
        "Contact Id",
        "Contact Owner",
        "Salutation",
        "First Name",
        "Last Name",
        "Account Name",
        "Email",
        "Secondary Email",
        "Phone",
        "Mobile",
        "Title",
        "Mailing Street",
        "Mailing City",
        "Mailing State",
        "Mailing Zip",
        "Mailing Country",
        "Description",
        "Lead Source",
    ]
    match = detect_source(zoho)
    assert match is None or not match.name.startswith("salesforce")
