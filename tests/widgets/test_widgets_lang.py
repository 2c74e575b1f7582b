"""The review widgets in Dutch and French: every label, button, tooltip, heading and status line."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import polars as pl
import pytest

pytest.importorskip("ipywidgets")

import ipywidgets as w

from clientmig import _messages as messages
from clientmig.issues import conform
from clientmig.links import check_links
from clientmig.reconciliation import reconcile
from clientmig.validation import Report
from clientmig.widgets import DiffReview, IssueBrowser, LinkFixer, MappingWidget

_TAG = re.compile(r"<style.*?</style>|<[^>]*>", re.S)


def visible(widget: w.Widget) -> list[str]:
    """Every piece of text a person sees or hovers in ``widget`` (tags stripped, one per line)."""
    return [line for text in _texts(widget) for line in _lines(text)]


def _texts(widget: w.Widget) -> Iterator[str]:
    for name in ("description", "placeholder", "tooltip"):
        yield str(getattr(widget, name, "") or "")
    if isinstance(widget, w.HTML | w.Label):
        yield str(widget.value)
        yield from re.findall(r"title='([^']*)'", str(widget.value))
    if isinstance(widget, w.Dropdown):
        yield from widget._options_labels
    if isinstance(widget, w.Accordion):
        yield from (widget.get_title(i) or "" for i in range(len(widget.children)))
    for child in getattr(widget, "children", ()):
        yield from _texts(child)


def _lines(text: str) -> list[str]:
    bare = html.unescape(_TAG.sub("\n", text))
    lines = (line.strip().strip("\u200b") for line in bare.split("\n"))
    return [line for line in lines if line]


def english_only(lang: str) -> set[str]:
    """English labels (without placeholders) that read differently in ``lang``."""
    english, table = messages.texts("en"), messages.texts(lang)
    native = {text.strip() for text in table.values()}  # "code" is also Dutch and French
    return {
        text.strip()
        for key, text in english.items()
        if text != table[key] and not messages.placeholders(text) and len(text) > 3
    } - native


def _report() -> Report:
    frame = pl.DataFrame(
        {
            "email": ["jan@gmial.com", "an@y.be"],
            "_source": ["f.csv"] * 2,
            "_sheet": [None, None],
            "_row": [2, 3],
        },
        schema_overrides={"_sheet": pl.String},
    )
    issues = pl.DataFrame(
        {
            "source": ["f.csv", "f.csv"],
            "row": [2, 3],
            "column": ["E-mail", "E-mail"],
            "field": ["email", "email"],
            "code": ["email.typo_domain", "email.invalid"],
            "severity": ["warning", "error"],
            "message": ["typo", "This is not an e-mail address."],
            "value": ["jan@gmial.com", "an@y"],
            "suggestion": ["jan@gmail.com", None],
        }
    )
    return Report.build(frame, conform(issues), target="karbon")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "nl",
            {
                "Meldingen voor",
                "Getoonde voorstellen aanvaarden",
                "1 melding(en) getoond, 0 met een voorstel; gegroepeerd per code",
                "Dit is geen e-mailadres.",
                "1 rij(en), 0 voorstel(len)",
                "rijen",
                "het voorstel aanvaarden",
                "ongedaan maken: terug naar onbeslist",
                "waarschuwingen",
                "(alle)",
            },
        ),
        (
            "fr",
            {
                "Problèmes pour",
                "Accepter les suggestions affichées",
                "1 problème(s) affiché(s), dont 0 avec une suggestion ; regroupés par code",
                "Ce n'est pas une adresse e-mail.",
                "1 ligne(s), 0 suggestion(s)",
                "lignes",
                "accepter la suggestion",
                "annuler : revenir à « non décidé »",
                "avertissements",
                "(tous)",
            },
        ),
    ],
)
def test_issue_browser_speaks_the_language(lang: str, expected: set[str]) -> None:
    browser = IssueBrowser(_report(), lang=lang)
    seen = set(visible(browser))
    assert expected <= seen
    assert seen.isdisjoint(english_only(lang))
    browser.filter(severity="warning", code="email.typo_domain")
    browser.accept_row(2, code="email.typo_domain")
    seen = set(visible(browser))
    assert {
        "nl": "1 voorstel(len) aanvaard; 1 in totaal",
        "fr": "1 suggestion(s) acceptée(s) ; 1 au total",
    }[lang] in seen
    assert {"nl": "pagina 1 van 1 (1 meldingen)", "fr": "page 1 sur 1 (1 problèmes)"}[lang] in seen
    assert {"nl": "voorstel", "fr": "suggestion"}[lang] in seen  # the rows' column head
    assert seen.isdisjoint(english_only(lang))
    assert browser.frame["email"].to_list() == ["jan@gmail.com", "an@y.be"]
    browser.filter(severity="info")
    empty = {
        "nl": "Geen opmerkingen hier; kies een andere soort bij toon om de rest te zien.",
        "fr": "Aucune entrée de type « remarques » ici ; choisissez un autre type sous afficher"
        " pour voir le reste.",
    }[lang]
    assert empty in " ".join(visible(browser.heading))


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_mapping_widget_speaks_the_language(lang: str) -> None:
    frame = pl.DataFrame({"Naam": ["Peeters"], "Opmerking": ["a"], "Foo": ["x"]})
    widget = MappingWidget(frame, "sitee", lang=lang)
    seen = set(visible(widget))
    assert seen.isdisjoint(english_only(lang))
    t = {
        "nl": ("Koppeling opslaan", "Waardetabel", "overnemen", "(geen veld)", "kies een veld"),
        "fr": (
            "Enregistrer l'association",
            "Table de valeurs",
            "reprendre",
            "(aucun champ)",
            "choisissez un champ",
        ),
    }[lang]
    assert set(t[:4]) <= seen
    widget.set_action("Foo", "sync")  # no field chosen: refused, in the user's language
    assert widget.mapping.rule("Foo").action == "ignore"
    assert f"{t[4]} {'voor' if lang == 'nl' else 'pour'} Foo" in widget.status.value
    widget.undo("Foo")
    synced = len(widget.mapping.synced)
    total = len(widget.mapping.rules)
    assert messages.text("ui.mapping.synced", lang, synced=synced, total=total) in (
        widget.status.value
    )


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_link_fixer_speaks_the_language(lang: str) -> None:
    orgs = pl.DataFrame({"organization_name": ["Acme BV", "Delta NV", "Delta SA"]})
    people = pl.DataFrame({"belongs_to": ["ACME B.V.", "Delta", "Nobody"]})
    fixer = LinkFixer(check_links(people, orgs), orgs["organization_name"].to_list(), lang=lang)
    seen = set(visible(fixer))
    assert seen.isdisjoint(english_only(lang))
    words = {
        "nl": {
            "Koppelingen 'hoort bij'",
            "onbeslist",
            "aanmaken",
            "leeg laten",
            "1 beslist, 2 open",
        },
        "fr": {"Liens « appartient à »", "non décidé", "créer", "laisser vide"}
        | {"1 décidé(s), 2 ouvert(s)"},
    }[lang]
    assert words <= seen
    assert {"nl": "(leestekens)", "fr": "(ponctuation)"}[lang] in seen  # how ACME B.V. differs
    fixer.decide("Delta", "choose", "Delta SA")
    fixer.decide("Nobody", "create")
    assert fixer.decisions.created() == ["Nobody"]  # the values stay codes
    done = {"nl": "✓ alle koppelingen opgelost", "fr": "✓ tous les liens sont résolus"}[lang]
    assert done in visible(fixer.status)


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_diff_review_speaks_the_language(lang: str) -> None:
    incoming = pl.DataFrame(
        {"client_id": ["A", "B"], "organization_name": ["Acme", "Beta"], "email": ["n@a.be"] * 2}
    )
    existing = incoming.with_columns(pl.lit("old@x.be").alias("email"))
    review = DiffReview(reconcile(incoming, existing), lang=lang)
    seen = set(visible(review))
    assert seen.isdisjoint(english_only(lang))
    head, over, status = {
        "nl": (
            "2 gekoppeld (2 met wijzigingen), 0 nieuw, 0 enkel in het platform",
            "Overschrijven voor elke klant:",
            "0 wijziging(en) worden geschreven voor 0 klant(en); pagina 1",
        ),
        "fr": (
            "2 rapproché(s) (2 avec modifications), 0 nouveau(x), 0 seulement dans la plateforme",
            "Écraser pour chaque client :",
            "0 modification(s) seront écrites pour 0 client(s) ; page 1",
        ),
    }[lang]
    assert {head, over, status} <= seen
    review.set_field("email", True)
    assert visible(review.status) == [
        messages.text("ui.diff.status", lang, changes=2, clients=2, page=1)
    ]
    keep = messages.text("ui.diff.keep", lang)
    review.set_record("A", "email", False)
    tooltips = {c.tooltip for row in review.records.children for c in row.children}
    assert keep in tooltips


def test_english_stays_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLIENTMIG_LANG", raising=False)
    browser = IssueBrowser(_report())
    assert "Accept suggestions shown" in visible(browser)
    monkeypatch.setenv("CLIENTMIG_LANG", "nl")
    assert "Getoonde voorstellen aanvaarden" in visible(IssueBrowser(_report()))
