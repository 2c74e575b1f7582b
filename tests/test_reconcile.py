"""Reconciling an import with the platform's export: matching, differences, overwrite choices."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clientmig.reconciliation import (
    OverwriteChoice,
    Reconciliation,
    reconcile,
)

FIELDS = (
    "client_id",
    "first_name",
    "last_name",
    "organization_name",
    "email",
    "phone",
    "national_id",
    "postcode",
)


def frame(rows: list[dict[str, Any]], source: str) -> pl.DataFrame:
    """A canonical frame: every field a String column, lineage rows numbered from 2."""
    data = {f: [r.get(f) for r in rows] for f in FIELDS}
    return pl.DataFrame(data, schema=dict.fromkeys(FIELDS, pl.String)).with_columns(
        pl.lit(source).alias("_source"),
        pl.lit(None, pl.String).alias("_sheet"),
        (pl.int_range(pl.len(), dtype=pl.Int64) + 2).alias("_row"),
    )


def pairs(rec: Reconciliation) -> set[tuple[int, int, str]]:
    """Matched pairs as ``(incoming_row, existing_row, matched_on)``."""
    return set(rec.matched.select("_row", "existing_row", "matched_on").iter_rows())


def diff_rows(rec: Reconciliation) -> set[tuple[str, str | None, str | None, str]]:
    return set(rec.differences.select("field", "old", "new", "kind").iter_rows())


# ------------------------------------------------------------------------------ matching

EXISTING = [
    {"client_id": "C1", "first_name": "Jan", "last_name": "Peeters", "email": "jan@x.be"},
    {"client_id": "C2", "first_name": "Marie", "last_name": "Dubois", "email": "marie@y.be"},
    {"client_id": "C3", "first_name": "Piet", "last_name": "Maes", "phone": "+3211223344"},
    {"client_id": "C4", "organization_name": "BVBA Boulangerie Frederic", "postcode": "9000"},
    {"client_id": "C5", "first_name": "Old", "last_name": "Client", "email": "old@gone.be"},
]


def test_new_departed_and_changed_fields() -> None:
    incoming = [
        {"client_id": "C1", "first_name": "Jan", "last_name": "Peeters", "email": "jan@x.be"},
        {"first_name": "Marie", "last_name": "Dubois", "email": "MARIE@y.be", "phone": "+32475"},
        {"first_name": "Piet", "last_name": "Maes", "phone": None, "email": "piet@maes.be"},
        {"organization_name": "Boulangerie Frédéric B.V.", "postcode": "9000"},
        {"first_name": "Els", "last_name": "Nieuw", "email": "els@new.be"},
    ]
    rec = reconcile(frame(incoming, "in.csv"), frame(EXISTING, "out.csv"), fuzzy=False)
    assert pairs(rec) == {(2, 2, "client_id"), (3, 3, "email"), (4, 4, "name"), (5, 5, "name")}
    assert rec.new["first_name"].to_list() == ["Els"]
    assert rec.departed["client_id"].to_list() == ["C5"]
    assert diff_rows(rec) == {
        ("phone", None, "+32475", "added"),
        ("phone", "+3211223344", None, "removed"),
        ("email", None, "piet@maes.be", "added"),
        ("organization_name", "BVBA Boulangerie Frederic", "Boulangerie Frédéric B.V.", "changed"),
    }
    counts = rec.summary()
    assert counts["matched"] == 4
    assert (counts["new"], counts["departed"], counts["changed"], counts["unchanged"]) == (
        1,
        1,
        3,
        1,
    )
    assert counts["matched_on_name"] == 2


def test_email_compared_case_insensitively_but_other_fields_exactly() -> None:
    existing = [{"client_id": "C1", "first_name": "jan", "email": "Jan@X.be"}]
    incoming = [{"client_id": "C1", "first_name": "Jan", "email": "jan@x.BE "}]
    rec = reconcile(frame(incoming, "a"), frame(existing, "b"))
    assert diff_rows(rec) == {("first_name", "jan", "Jan", "changed")}


def test_keys_are_tried_in_order() -> None:
    existing = [
        {"client_id": "C1", "email": "shared@x.be", "first_name": "A", "last_name": "One"},
        {"client_id": "C2", "email": "other@x.be", "first_name": "B", "last_name": "Two"},
    ]
    incoming = [{"client_id": "C2", "email": "shared@x.be", "first_name": "B", "last_name": "Two"}]
    by_id = reconcile(frame(incoming, "a"), frame(existing, "b"))
    assert pairs(by_id) == {(2, 3, "client_id")}
    by_email = reconcile(frame(incoming, "a"), frame(existing, "b"), keys=("email", "client_id"))
    assert pairs(by_email) == {(2, 2, "email")}


def test_a_key_missing_from_either_frame_is_skipped() -> None:
    existing = frame([{"client_id": "C1", "email": "a@x.be"}], "b").drop("national_id")
    rec = reconcile(frame([{"email": "a@x.be"}], "a"), existing)
    assert pairs(rec) == {(2, 2, "email")}


def test_non_unique_key_values_are_not_used_and_reported() -> None:
    existing = [
        {"client_id": "C1", "email": "family@x.be", "first_name": "Jan", "last_name": "Maes"},
        {"client_id": "C2", "email": "family@x.be", "first_name": "An", "last_name": "Maes"},
    ]
    incoming = [{"email": "family@x.be", "first_name": "An", "last_name": "Maes"}]
    rec = reconcile(frame(incoming, "a"), frame(existing, "b"))
    assert pairs(rec) == {(2, 3, "name")}
    assert rec.ambiguous.select("key", "value", "incoming_count", "existing_count").rows() == [
        ("email", "family@x.be", 1, 2)
    ]


def test_duplicate_on_the_incoming_side_is_ambiguous_too() -> None:
    existing = [{"client_id": "C1", "email": "a@x.be"}]
    incoming = [{"email": "a@x.be"}, {"email": "A@x.be"}]
    rec = reconcile(frame(incoming, "a"), frame(existing, "b"))
    assert rec.matched.is_empty()
    assert rec.ambiguous.select("key", "incoming_count", "existing_count").rows() == [
        ("email", 2, 1)
    ]


def test_weak_key_never_pairs_different_national_ids() -> None:
    existing = [{"first_name": "Jan", "last_name": "Peeters", "national_id": "85073003328"}]
    incoming = [{"first_name": "Jan", "last_name": "Peeters", "national_id": "10073003328"}]
    rec = reconcile(frame(incoming, "a"), frame(existing, "b"))
    assert rec.matched.is_empty()
    assert "identifiers differ" in rec.ambiguous["reason"].to_list()


def test_national_id_matches_across_formatting() -> None:
    existing = [{"client_id": "C1", "national_id": "85073003328"}]
    incoming = [{"national_id": "85.07.30-033.28"}]
    rec = reconcile(frame(incoming, "a"), frame(existing, "b"))
    assert pairs(rec) == {(2, 2, "national_id")}


def test_person_and_organisation_with_the_same_words_do_not_match_by_name() -> None:
    existing = [{"organization_name": "Jan Peeters BV"}]
    incoming = [{"first_name": "Jan", "last_name": "Peeters"}]
    rec = reconcile(frame(incoming, "a"), frame(existing, "b"))
    assert rec.matched.is_empty()


# ------------------------------------------------------------------------------ fuzzy


def test_fuzzy_matches_typos_one_to_one_with_score() -> None:
    existing = [
        {"first_name": "Katrien", "last_name": "Mertens", "postcode": "3000"},
        {"first_name": "Sofie", "last_name": "Willems", "postcode": "2000"},
    ]
    incoming = [
        {"first_name": "Katrien", "last_name": "Mertesn", "postcode": "3000"},
        {"first_name": "Sofie", "last_name": "Wilems", "postcode": "9999"},
        {"first_name": "Zoë", "last_name": "Totally Different"},
    ]
    rec = reconcile(frame(incoming, "a"), frame(existing, "b"))
    assert pairs(rec) == {(2, 2, "fuzzy"), (3, 3, "fuzzy")}
    assert rec.matched["score"].min() >= 90
    assert rec.matched["score"].max() < 100
    assert reconcile(frame(incoming, "a"), frame(existing, "b"), fuzzy=False).matched.is_empty()


def test_fuzzy_ties_are_left_unmatched() -> None:
    existing = [
        {"first_name": "Jan", "last_name": "Peetersa"},
        {"first_name": "Jan", "last_name": "Peetersb"},
    ]
    incoming = [{"first_name": "Jan", "last_name": "Peeters"}]
    rec = reconcile(frame(incoming, "a"), frame(existing, "b"))
    assert rec.matched.is_empty()
    assert rec.ambiguous.select("key", "reason").rows() == [("fuzzy", "tie")]


def test_fuzzy_takes_the_best_mutual_match_only() -> None:
    existing = [{"first_name": "Marc", "last_name": "Lambert"}]
    incoming = [
        {"first_name": "Marc", "last_name": "Lambertt"},
        {"first_name": "Marc", "last_name": "Lamberrtt"},
    ]
    rec = reconcile(frame(incoming, "a"), frame(existing, "b"))
    assert pairs(rec) == {(2, 2, "fuzzy")}
    assert rec.new["last_name"].to_list() == ["Lamberrtt"]


def test_fuzzy_respects_threshold() -> None:
    existing = [{"first_name": "Marc", "last_name": "Lambert"}]
    incoming = [{"first_name": "Marc", "last_name": "Lambrecht"}]
    assert reconcile(frame(incoming, "a"), frame(existing, "b")).matched.is_empty()
    loose = reconcile(frame(incoming, "a"), frame(existing, "b"), threshold=70)
    assert pairs(loose) == {(2, 2, "fuzzy")}
    with pytest.raises(ValueError, match="threshold"):
        reconcile(frame(incoming, "a"), frame(existing, "b"), threshold=0)


# ------------------------------------------------------------------------------ lineage


def test_lineage_is_carried() -> None:
    existing = frame([{"client_id": "C1"}, {"client_id": "C2"}], "platform.csv")
    incoming = frame([{"client_id": "C2"}, {"client_id": "C9"}], "import.xlsx").with_columns(
        pl.lit("People").alias("_sheet")
    )
    rec = reconcile(incoming, existing)
    row = rec.matched.select(
        "_source", "_sheet", "_row", "existing_source", "existing_row", "existing_key"
    ).row(0)
    assert row == ("import.xlsx", "People", 2, "platform.csv", 3, "C2")
    assert rec.new.select("_source", "_sheet", "_row").row(0) == ("import.xlsx", "People", 3)
    assert rec.departed.select("_source", "_row").row(0) == ("platform.csv", 2)
    assert rec.new.columns == incoming.columns


def test_frames_without_lineage_get_it() -> None:
    rec = reconcile(pl.DataFrame({"email": ["a@x.be"]}), pl.DataFrame({"email": ["a@x.be"]}))
    assert rec.matched.select("_source", "_row", "existing_source").row(0) == (
        "<incoming>",
        2,
        "<existing>",
    )


def test_reserved_index_column_is_refused() -> None:
    with pytest.raises(ValueError, match="reserved"):
        reconcile(pl.DataFrame({"__in": [1]}), pl.DataFrame({"email": ["a"]}))


# ------------------------------------------------------------------------------ overwrite

CHANGED_EXISTING = [
    {"client_id": "C1", "first_name": "Jan", "last_name": "Peeters", "email": "jan@old.be",
     "phone": "+3211000000", "postcode": "9000"},
    {"client_id": "C2", "first_name": "An", "last_name": "Maes", "email": "an@old.be",
     "phone": "+3211111111"},
]  # fmt: skip
CHANGED_INCOMING = [
    {"client_id": "C1", "first_name": "Jan", "last_name": "Peeters", "email": "jan@new.be",
     "phone": None, "postcode": "9050"},
    {"client_id": "C2", "first_name": "An", "last_name": "Maes", "email": "an@new.be",
     "phone": "+3299999999"},
]  # fmt: skip


def changed() -> Reconciliation:
    return reconcile(frame(CHANGED_INCOMING, "in"), frame(CHANGED_EXISTING, "out"))


def test_updates_overwrite_chosen_fields_and_keep_the_rest() -> None:
    out = changed().updates(OverwriteChoice(fields=("email",)))
    assert out.columns[:5] == ["client_id", "first_name", "last_name", "organization_name", "email"]
    assert out.select("client_id", "email", "phone", "postcode").rows() == [
        ("C1", "jan@new.be", "+3211000000", "9000"),
        ("C2", "an@new.be", "+3211111111", None),
    ]
    assert out.select("_source", "_row").rows() == [("out", 2), ("out", 3)]


def test_updates_never_overwrite_with_empty_unless_allowed() -> None:
    rec = changed()
    kept = rec.updates(OverwriteChoice(fields=("phone",)))
    assert kept.select("client_id", "phone").rows() == [("C2", "+3299999999")]
    emptied = rec.updates(OverwriteChoice(fields=("phone",), allow_empty=True))
    assert emptied.select("client_id", "phone").rows() == [("C1", None), ("C2", "+3299999999")]


def test_per_record_override() -> None:
    choice = OverwriteChoice(fields=("email",)).with_record("C2", "email", False)
    choice = choice.with_record("C1", "postcode", True)
    out = changed().updates(choice)
    assert out.select("client_id", "email", "postcode").rows() == [("C1", "jan@new.be", "9050")]


def test_record_key_falls_back_on_lineage() -> None:
    existing = frame([{"email": "a@x.be", "phone": "+321"}], "out.csv")
    incoming = frame([{"email": "a@x.be", "phone": "+322"}], "in.csv")
    rec = reconcile(incoming, existing)
    assert rec.matched["existing_key"].to_list() == ["out.csv:2"]
    choice = OverwriteChoice().with_record("out.csv:2", "phone", True)
    assert rec.updates(choice)["phone"].to_list() == ["+322"]


def test_updates_empty_when_nothing_chosen() -> None:
    out = changed().updates(OverwriteChoice())
    assert out.is_empty()
    assert "email" in out.columns


def test_new_clients_are_the_unmatched_incoming_rows() -> None:
    incoming = [{"client_id": "C1"}, {"first_name": "Nieuw", "last_name": "Klant"}]
    rec = reconcile(frame(incoming, "in"), frame(EXISTING, "out"))
    assert rec.new_clients().select("first_name", "_row").rows() == [("Nieuw", 3)]


def test_choice_round_trips() -> None:
    choice = OverwriteChoice(fields=("phone", "email", "phone"), allow_empty=True)
    choice = choice.with_record("C7", "street", True).with_record("x.csv:4", "email", False)
    data = choice.to_dict()
    assert data == {
        "fields": ["email", "phone"],
        "records": {"C7": {"street": True}, "x.csv:4": {"email": False}},
        "allow_empty": True,
    }
    assert OverwriteChoice.from_dict(data) == choice
    assert OverwriteChoice.from_dict({}) == OverwriteChoice()
    assert choice.overwrites("C7", "street")
    assert not choice.overwrites("x.csv:4", "email")
    assert choice.overwrites("other", "phone")
    assert choice.with_fields(["city"]).fields == ("city",)


def test_repr_html_masks_national_ids() -> None:
    existing = [{"client_id": "C1", "national_id": "85073003328", "email": "a@x.be"}]
    incoming = [{"client_id": "C1", "national_id": "85073003331", "email": "a@x.be"}]
    rec = reconcile(frame(incoming, "a"), frame(existing, "b"))
    assert diff_rows(rec) == {("national_id", "85073003328", "85073003331", "changed")}
    page = rec._repr_html_()
    assert "85073003328" not in page
    assert "*********28" in page
    assert "<td>matched</td><td>1</td>" in page


# ------------------------------------------------------------------------------ property

VALUES = st.one_of(st.none(), st.sampled_from(["a", "b", "c"]))
ROW = st.fixed_dictionaries(
    {
        "client_id": VALUES,
        "email": st.one_of(st.none(), st.sampled_from(["x@e.be", "y@e.be", "X@E.BE"])),
        "first_name": st.one_of(st.none(), st.sampled_from(["Jan", "An", "Ann"])),
        "last_name": st.one_of(st.none(), st.sampled_from(["Maes", "Maas", "Peeters"])),
        "organization_name": st.one_of(st.none(), st.sampled_from(["Acme BV", "ACME"])),
        "national_id": st.one_of(st.none(), st.sampled_from(["1", "2"])),
        "postcode": st.one_of(st.none(), st.sampled_from(["9000", "1000"])),
    }
)


@settings(max_examples=40, deadline=None)
@given(
    incoming=st.lists(ROW, max_size=12),
    existing=st.lists(ROW, max_size=12),
    fuzzy=st.booleans(),
)
def test_every_row_is_accounted_for_once(
    incoming: list[dict[str, Any]], existing: list[dict[str, Any]], fuzzy: bool
) -> None:
    rec = reconcile(frame(incoming, "in"), frame(existing, "out"), fuzzy=fuzzy, threshold=80)
    matched_in = rec.matched["_row"].to_list()
    matched_ex = rec.matched["existing_row"].to_list()
    assert len(set(matched_in)) == len(matched_in)
    assert len(set(matched_ex)) == len(matched_ex)
    assert sorted(matched_in + rec.new["_row"].to_list()) == list(range(2, len(incoming) + 2))
    assert sorted(matched_ex + rec.departed["_row"].to_list()) == list(range(2, len(existing) + 2))
    assert set(rec.differences["match_id"].to_list()) <= set(rec.matched["match_id"].to_list())
