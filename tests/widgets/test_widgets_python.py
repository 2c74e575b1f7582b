"""Widgets driven in plain Python: every control change reaches the decision object."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

pytest.importorskip("ipywidgets")

from clientmig.links import check_links
from clientmig.mapping import ColumnMapping
from clientmig.pipeline import Recipe
from clientmig.validation import Report
from clientmig.widgets import IssueBrowser, LinkFixer, MappingWidget

FRAME = pl.DataFrame(
    {
        "Naam": ["Peeters", "Janssens", "Maes"],
        "Voornaam": ["Jan", "An", "Els"],
        "Kolom7": ["jan@x.be", "an@y.be", "els@z.be"],
        "Opmerking": ["a", "b", "c"],
    }
)


def test_mapping_widget_controls_change_the_mapping(tmp_path: Path) -> None:
    widget = MappingWidget(FRAME, "sitee")
    assert widget.mapping.rule("Kolom7").field == "email"
    seen: list[ColumnMapping] = []
    widget.on_change(seen.append)
    action, field, _ = widget._rows["Opmerking"]
    field.value = "Customers › Notes"  # what picking from the searchable box does
    assert widget.mapping.rule("Opmerking").field == "notes"
    assert widget.mapping.rule("Opmerking").action == "sync"
    assert action.value == "sync"
    widget.set_action("Voornaam", "ignore")
    assert widget.mapping.rule("Voornaam").action == "ignore"
    assert "first_name" in widget.status.value  # required field now missing is shown
    widget.constant_field.value = "client_group"
    widget.constant_value.value = "Import 2026"
    widget.constant_button.click()
    assert widget.mapping.constants == {"client_group": "Import 2026"}
    widget.set_value_map("notes", {"a": "A"})
    assert widget.mapping.value_maps == {"notes": {"a": "A"}}
    assert seen
    assert seen[-1] == widget.mapping
    widget.save_path.value = str(tmp_path / "m.json")
    widget.save_button.click()
    assert ColumnMapping.load(tmp_path / "m.json") == widget.mapping
    recipe = widget.to_recipe(Recipe(target="sitee"), "customers")
    assert recipe.input_for("customers").mapping == widget.mapping.to_dict()  # type: ignore[union-attr]


def test_mapping_widget_refuses_sync_without_field() -> None:
    widget = MappingWidget(pl.DataFrame({"Foo": ["x"]}), "canonical")
    widget._rows["Foo"][0].value = "sync"
    assert widget.mapping.rule("Foo").action == "ignore"
    assert "choose a field" in widget.status.value


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
            "source": ["f.csv"],
            "row": [2],
            "column": ["E-mail"],
            "field": ["email"],
            "code": ["email.typo_domain"],
            "severity": ["warning"],
            "message": ["typo"],
            "value": ["jan@gmial.com"],
            "suggestion": ["jan@gmail.com"],
        }
    )
    from clientmig.issues import conform

    return Report.build(frame, conform(issues), target="canonical")


def test_issue_browser_filters_and_accepts() -> None:
    browser = IssueBrowser(_report())
    assert browser.filter(severity="error").is_empty()
    assert browser.filter(code="email.typo_domain").height == 1
    browser.accept_button.click()
    assert browser.frame["email"].to_list() == ["jan@gmail.com", "an@y.be"]
    assert [f.value for f in browser.fixes.items] == ["jan@gmail.com"]
    recipe = browser.to_recipe(Recipe(target="canonical"))
    assert recipe.section("fixes")["fixes"][0]["row"] == 2  # type: ignore[index]


def test_link_fixer_decisions() -> None:
    orgs = pl.DataFrame({"organization_name": ["Acme BV", "Delta NV", "Delta SA"]})
    people = pl.DataFrame({"belongs_to": ["ACME B.V.", "Delta", "Nobody"]})
    links = check_links(people, orgs)
    fixer = LinkFixer(links, orgs["organization_name"].to_list())
    assert fixer.decisions.items["ACME B.V."].name == "Acme BV"
    assert "2 open" in fixer.status.value
    fixer.decide("Delta", "choose", "Delta SA")
    fixer._controls["Nobody"][0].value = "create"
    assert fixer.decisions.items["Delta"].name == "Delta SA"
    assert fixer.decisions.created() == ["Nobody"]
    assert "all links resolved" in fixer.status.value
    recipe = fixer.to_recipe(Recipe(target="karbon"))
    assert recipe.section("links")["decisions"]["Nobody"]["action"] == "create"  # type: ignore[index]


def _people() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "first_name": ["Jan", "Johannes", "Marie", "Marie", "Piet"],
            "last_name": ["Peeters", "Peeters", "Dubois", "Dubois", "Claes"],
            "email": ["jan@x.be", "jan@x.be", "marie@y.be", "marie@y.be", "piet@z.be"],
            "date_of_birth": ["1980-01-02", "1980-01-02", "1975-05-05", "1975-05-05", None],
        }
    )


def test_cluster_review_decides_splits_and_saves() -> None:
    from clientmig.dedupe import find_duplicates
    from clientmig.widgets import ClusterReview

    people = _people()
    dups = find_duplicates(people, entity="person")
    assert ClusterReview(people, dups).cluster_ids == []  # both sure: merged by the rule
    review = ClusterReview(people, dups, show_sure=True)
    assert len(review.cluster_ids) == 2
    assert "0 of 2" in review.status.value
    assert "first name as a nickname" in review.evidence.value
    first = review.current
    review.accept_button.click()
    assert review.decisions[0].verdict == "accept"
    assert review.decisions[0].cluster_id == first
    assert review.current != first  # moved on to the next cluster
    box = review._boxes()[0]
    box.value = True
    review.split_button.click()
    assert review.decisions[1].verdict == "split"
    assert "2 of 2" in review.status.value
    recipe = review.to_recipe(Recipe(target="karbon"))
    saved = recipe.section("duplicates")["decisions"]  # type: ignore[index]
    assert [d["verdict"] for d in saved] == ["accept", "split"]
    assert "diff" not in review.table.value or "cm-diff" in review.table.value


def test_diff_review_fields_and_records() -> None:
    from clientmig.reconciliation import reconcile
    from clientmig.widgets import DiffReview

    incoming = pl.DataFrame(
        {
            "client_id": ["A", "B"],
            "organization_name": ["Acme", "Beta"],
            "email": ["new@acme.be", None],
            "phone": ["+3221234567", "+3229999999"],
        }
    )
    existing = pl.DataFrame(
        {
            "client_id": ["A", "B"],
            "organization_name": ["Acme", "Beta"],
            "email": ["old@acme.be", "info@beta.be"],
            "phone": ["+3221234567", "+3220000000"],
        }
    )
    rec = reconcile(incoming, existing)
    review = DiffReview(rec)
    assert review.choice.fields == ()
    review.field_boxes["email"].value = True
    assert review.choice.fields == ("email",)
    changes = rec.chosen_changes(review.choice)
    assert changes["new"].to_list() == ["new@acme.be"]  # never overwrite with an empty value
    review.set_record("B", "phone", True)
    assert rec.chosen_changes(review.choice).height == 2
    cells = [
        c for row in review.records.children for c in row.children if "cm-cell" in c._dom_classes
    ]
    assert any("cm-over" in c._dom_classes for c in cells)
    assert any(c.disabled for c in cells)  # B's emptied e-mail cannot be chosen
    recipe = review.to_recipe(Recipe(target="karbon"))
    assert recipe.section("overwrite")["fields"] == ["email"]  # type: ignore[index]
