"""The review widgets at scale, driven through their controls in plain Python."""

from __future__ import annotations

import polars as pl
import pytest

pytest.importorskip("ipywidgets")

from clientmig.links import check_links
from clientmig.validation import Report
from clientmig.widgets import DiffReview, IssueBrowser, LinkFixer, MappingWidget
from tests.widgets.test_views import issues

N = 5_000


def big_report(n: int = N) -> Report:
    """``n`` issues over two files; the frame holds each issue's cell."""
    found = issues(n)
    frame = found.select(
        pl.col("value").alias("email"),
        pl.col("source").alias("_source"),
        pl.col("sheet").alias("_sheet"),
        pl.col("row").alias("_row"),
    )
    return Report.build(frame, found, target="canonical")


def visible(slots: list[tuple[object, object]]) -> list[int]:
    return [i for i, (slot, _) in enumerate(slots) if slot.layout.display != "none"]  # type: ignore[attr-defined]


def test_opens_on_errors_grouped_by_code_with_counts_and_messages() -> None:
    browser = IssueBrowser(big_report())
    assert browser.severity.value == "error"
    assert browser.grouped
    assert visible(browser._groups) == [0, 1]  # two error codes
    first = browser._groups[0][1].value
    assert "email.typo_domain" in first
    assert ">1250<" in first
    assert "problem email.typo_domain" in first  # the message, not only the code
    assert "2500 issue(s) shown" in browser.heading.value
    browser.severity.value = "all"
    assert visible(browser._groups) == [0, 1, 2, 3]
    assert browser.groups_shown()["severity"].to_list() == ["error", "error", "warning", "info"]


def test_pages_through_a_code_fifty_rows_at_a_time() -> None:
    browser = IssueBrowser(big_report())
    browser._groups[0][0].children[1].click()  # the "rows" button of the first code
    assert browser.code.value == "email.typo_domain"
    assert not browser.grouped
    assert "page 1 of 25 (1250 issues)" in browser.page_label.value
    assert len(visible(browser._rows)) == 50
    assert browser.prev_button.disabled
    assert not browser.next_button.disabled
    browser.next_button.click()
    assert "page 2 of 25" in browser.page_label.value
    assert browser._row_keys[0]["row"] == browser.shown()["row"][50]
    for _ in range(30):
        browser.next_button.click()
    assert "page 25 of 25" in browser.page_label.value
    assert browser.next_button.disabled
    browser.back_button.click()
    assert browser.grouped
    assert browser.code.value == "(all)"


def test_search_lists_matching_rows_from_every_code() -> None:
    browser = IssueBrowser(big_report())
    browser.severity.value = "all"
    browser.search.value = "person123"  # person123, person1230..person1239
    assert not browser.grouped
    assert browser.shown().height == 11
    assert "page 1 of 1 (11 issues)" in browser.page_label.value
    assert len(visible(browser._rows)) == 11
    assert "person123@gmial.com" in browser._rows[0][1].value
    browser.search.value = "problem name.case"
    assert browser.shown().height == N // 4


def test_rows_are_one_line_cells_with_a_title_for_the_full_text() -> None:
    long = "x" * 300 + "@gmial.com"
    report = big_report(4)
    found = report.issues.with_columns(pl.lit(long).alias("value"))
    browser = IssueBrowser(Report.build(report.frame, found, target="canonical"))
    browser.show_code("email.typo_domain")
    cells = browser._rows[0][1].value
    assert "cm-line cm-issue" in cells
    assert f"title='{long}'" in cells


def test_accept_and_undo_one_row_back_to_undecided() -> None:
    report = big_report(40)
    browser = IssueBrowser(report)
    browser.show_code("email.typo_domain")
    slot, _ = browser._rows[0]
    key = browser._row_keys[0]
    accept, undo = slot.children[1], slot.children[2]
    assert accept.layout.visibility == "visible"
    assert undo.layout.visibility == "hidden"
    accept.click()
    assert len(browser.fixes) == 1
    assert browser.fixes.items[0].row == key["row"]
    assert browser.fixes.items[0].source == key["source"]  # only that file's row
    changed = browser.frame.filter(pl.col("email") != report.frame["email"])
    assert changed.height == 1
    assert accept.layout.visibility == "hidden"
    assert undo.layout.visibility == "visible"
    assert "✓ " in browser._rows[0][1].value
    undo.click()
    assert len(browser.fixes) == 0
    assert browser.frame.equals(report.frame)
    assert "1 fix(es) undone" in browser.status.value


def test_accept_and_undo_a_whole_code_from_its_group() -> None:
    report = big_report(400)
    browser = IssueBrowser(report)
    slot, _info = browser._groups[0]
    assert slot.children[3].disabled  # nothing to undo yet
    slot.children[2].click()
    assert len(browser.fixes) == 100
    assert "100 accepted" in browser._groups[0][1].value
    slot.children[2].click()  # accepting again adds nothing twice
    assert len(browser.fixes) == 100
    browser._groups[1][0].children[2].click()
    assert {f.code for f in browser.fixes.items} == {"email.typo_domain", "vat.checksum"}
    browser._groups[0][0].children[3].click()
    assert {f.code for f in browser.fixes.items} == {"vat.checksum"}
    browser.filter(severity="all", text="person1")
    browser.undo_button.click()
    assert all(not f.value.startswith("person1") for f in browser.fixes.items)
    browser.filter(severity="all")
    browser.undo_filtered()
    assert len(browser.fixes) == 0
    assert browser.frame.equals(report.frame)


def test_an_empty_view_says_where_the_rest_is() -> None:
    report = big_report(4)
    only_infos = report.issues.filter(pl.col("severity") == "info")
    browser = IssueBrowser(Report.build(report.frame, only_infos, target="canonical"))
    assert "No errors here" in browser.heading.value
    assert visible(browser._groups) == []
    browser.severity.value = "info"
    assert "No " not in browser.heading.value
    assert visible(browser._groups) == [0]
    empty = IssueBrowser(Report.build(report.frame, report.issues.clear(), target="canonical"))
    assert "0 issue(s) shown" in empty.heading.value
    assert "No errors" not in empty.heading.value
    assert len(empty.undo_filtered()) == 0


def test_masked_suggestions_offer_no_accept_button() -> None:
    report = big_report(4)
    masked = report.issues.with_columns(pl.lit("85.07.******").alias("suggestion"))
    browser = IssueBrowser(Report.build(report.frame, masked, target="canonical"))
    browser.show_code("email.typo_domain")
    assert browser._rows[0][0].children[1].layout.visibility == "hidden"
    browser.accept_filtered()
    assert len(browser.fixes) == 0


FRAME = pl.DataFrame(
    {
        "Naam": ["Peeters", "Janssens", "Maes"],
        "Voornaam": ["Jan", "An", "Els"],
        "Kolom7": ["jan@x.be", "an@y.be", "els@z.be"],
        "Opmerking": ["a", "b", "c"],
    }
)


def test_mapping_field_box_is_searchable_grouped_and_undoable() -> None:
    widget = MappingWidget(FRAME, "karbon")
    box = widget._rows["Kolom7"][1]
    assert box.ensure_option
    assert box.value == "People › Email"
    options = list(box.options)
    assert options[0] == "(no field)"
    assert options.index("Organizations › Address") < options.index("People › Address")
    assert "People › Mobile Phone (phone_mobile)" in options
    box.value = "People › Mobile Phone (phone_mobile)"
    assert widget.mapping.rule("Kolom7").field == "phone_mobile"
    box.value = "People › Nonsense"  # typed, not picked: the mapping stays
    assert widget.mapping.rule("Kolom7").field == "phone_mobile"
    assert "not a field" in widget.status.value
    suggested = MappingWidget(FRAME, "karbon").mapping.rule("Kolom7")
    widget._rows["Kolom7"][0].value = "ignore"
    widget.children[5].children[4].click()  # the ↺ button of the row of Kolom7
    assert widget.mapping.rule("Kolom7") == suggested
    assert box.value == "People › Email"
    assert widget._rows["Kolom7"][0].value == suggested.action


def test_mapping_undo_of_an_unsuggested_column_leaves_it_undecided() -> None:
    widget = MappingWidget(FRAME, "karbon")  # karbon takes no notes: nothing suggested
    widget.set_field("Opmerking", "notes")
    assert widget._rows["Opmerking"][1].value == "Other › notes"
    assert widget.mapping.rule("Opmerking").action == "sync"
    widget.undo("Opmerking")
    assert widget.mapping.rule("Opmerking").action == "ignore"
    assert widget.mapping.rule("Opmerking").field is None
    assert widget._rows["Opmerking"][1].value == "(no field)"


def test_link_fixer_undo_button_returns_a_value_to_undecided() -> None:
    orgs = pl.DataFrame({"organization_name": ["Acme BV", "Delta NV"]})
    people = pl.DataFrame({"belongs_to": ["ACME B.V.", "Nobody"]})
    fixer = LinkFixer(check_links(people, orgs), orgs["organization_name"].to_list())
    fixer.decide("Nobody", "create")
    assert "Nobody" in fixer.decisions.items
    row = next(r for r in fixer.children if "Nobody" in str(getattr(r, "children", ())))
    row.children[-1].click()
    assert "Nobody" not in fixer.decisions.items
    assert fixer._controls["Nobody"][0].value == "undecided"
    assert "1 open" in fixer.status.value


def test_diff_review_undo_puts_a_client_back_on_the_fields_chosen_for_all() -> None:
    from clientmig.reconciliation import reconcile

    incoming = pl.DataFrame(
        {
            "client_id": ["A", "B"],
            "organization_name": ["Acme", "Beta"],
            "email": ["n@a.be", "n@b.be"],
        }
    )
    existing = incoming.with_columns(pl.lit("old@x.be").alias("email"))
    review = DiffReview(reconcile(incoming, existing))
    review.set_field("email", True)
    review.set_record("A", "email", False)
    assert not review.choice.overwrites("A", "email")
    row = review.records.children[0]
    undo = row.children[1]
    assert not undo.disabled
    undo.click()
    assert review.choice.overwrites("A", "email")
    assert review.choice.records == {}
    assert review.records.children[0].children[1].disabled
