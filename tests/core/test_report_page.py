"""report.html and IMPORT_GUIDE.txt: what a person reads after an export."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

import clientmig as cm
from clientmig import _messages
from clientmig.export.guide import guide_text
from clientmig.export.report_page import column_profile, report_page


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[cm.Report, cm.ExportSummary]:
    table = cm.read_table(Path(__file__).resolve().parents[2] / "sample_data/belgian_clients.csv")
    mapping = cm.suggest_mapping(table.frame, "karbon")
    cleaned = cm.clean(mapping.apply(table.frame), columns=mapping.column_of())
    # Its bad values are all optional for Karbon (left out with a warning, #20); one client
    # without a last name, which Karbon's People sheet requires, gives a rejected row.
    frame = cleaned.frame.with_columns(
        pl.when(pl.col("_row") == 5).then(None).otherwise(pl.col("last_name")).alias("last_name")
    )
    report = cm.validate(frame, "karbon", issues=cleaned.issues, columns=mapping.column_of())
    summary = cm.export_files(report, "karbon", tmp_path_factory.mktemp("out"), force=True)
    return report, summary


def test_page_names_every_file_and_shows_messages(
    exported: tuple[cm.Report, cm.ExportSummary],
) -> None:
    report, summary = exported
    page = report_page(report, summary=summary, files=summary.files, lang="en")
    for name in summary.files:
        assert f"href='{name}'" in page
    errors = report.issues.filter(pl.col("severity") == "error")
    assert errors.height
    for message in errors["message"].unique().to_list():
        assert message.replace("'", "&#x27;") in page or message in page
    assert "<script src" not in page  # self-contained
    assert "http" not in re.sub(r"href='[^']*'", "", page.split("<h2>Columns")[0])


def test_page_in_dutch_and_french(exported: tuple[cm.Report, cm.ExportSummary]) -> None:
    report, _ = exported
    codes = set(report.issues["code"].to_list())
    dutch = report_page(report, lang="nl")
    french = report_page(report, lang="fr")
    for code in codes:
        nl = _messages.message(code, "nl")
        fr = _messages.message(code, "fr")
        if nl:
            assert nl.replace("'", "&#x27;") in dutch
        if fr:
            assert fr.replace("'", "&#x27;") in french


def test_page_lists_at_most_the_limit_and_counts_routine_changes(
    exported: tuple[cm.Report, cm.ExportSummary],
) -> None:
    report, _ = exported
    page = report_page(report, limit=3)
    assert page.count("<tr data-sev=") == 3
    infos = report.issues.filter(pl.col("severity") == "info")
    assert f"Routine changes ({infos.height})" in page


def test_profile_masks_national_numbers() -> None:
    frame = pl.DataFrame(
        {
            "national_id": ["85073003328", "85073003328", None],
            "city": ["Gent", " ", "Gent"],
            "_row": [2, 3, 4],
        }
    )
    profile = column_profile(frame)
    assert profile["column"].to_list() == ["national_id", "city"]
    assert profile["filled"].to_list() == [2, 2]
    assert "85073003328" not in profile["most_common"][0]
    assert profile["most_common"][0] == "*********28 (2)"


@pytest.mark.parametrize(
    ("lang", "word"), [("en", "Left out"), ("nl", "Weggelaten"), ("fr", "Écartées")]
)
def test_guide_says_order_and_what_was_left_out(
    exported: tuple[cm.Report, cm.ExportSummary], lang: str, word: str
) -> None:
    _, summary = exported
    text = guide_text(summary, lang=lang)
    assert text.startswith({"en": "Import guide", "nl": "Importgids", "fr": "Guide d'import"}[lang])
    assert "Karbon" in text.splitlines()[0]
    rejected = [f for f in summary.files if f.endswith("_rejected.csv")]
    assert rejected
    assert word in text
    assert rejected[0] in text
    people = next(t for t in summary.tables if t.title == "People")
    assert f"People ({people.create}" in text


def test_guide_counts_the_warnings_a_person_should_read(
    exported: tuple[cm.Report, cm.ExportSummary],
) -> None:
    _, summary = exported
    assert "waarschuwing" not in guide_text(summary, lang="nl")
    text = guide_text(summary, lang="nl", warnings=6)
    assert "6 waarschuwing(en) in report.html en issues.csv" in text


@pytest.mark.parametrize("lang", ["nl", "fr", "de"])
def test_page_headings_speak_the_page_language(
    exported: tuple[cm.Report, cm.ExportSummary], lang: str
) -> None:
    report, summary = exported
    page = report_page(report, summary=summary, files=summary.files, lang=lang)
    english, own = _messages.texts("en"), _messages.texts(lang)
    for key in ("files_title", "kinds_title", "import_title", "every_severity", "columns_title"):
        assert own[f"cli.page.{key}"] in page
        assert f">{english[f'cli.page.{key}']}<" not in page
    assert own["cli.page.look_title"].split(" (")[0] in page
