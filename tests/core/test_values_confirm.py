"""A header read loosely ("N° national", "Tél. portable") is mapped when its values say the
same; values that do not leave it for a person to decide."""

from __future__ import annotations

import polars as pl

from clientmig.mapping import suggest_mapping

_NN = ["85073003328", "90010100159", "71022812345"]


def _rule(frame: pl.DataFrame, column: str) -> tuple[str, str | None]:
    rule = suggest_mapping(frame, "karbon").rule(column)
    return rule.action, rule.field


def test_values_confirm_a_loose_header() -> None:
    from clientmig.validators import national_id

    valid = [v for v in _NN if national_id.is_valid(v)] * 3
    frame = pl.DataFrame(
        {
            "Nom": ["Dupont"] * len(valid),
            "N° national": valid,
            "Tél. portable": ["0475 12 34 56"] * len(valid),
        }
    )
    assert _rule(frame, "N° national") == ("sync", "national_id")
    assert _rule(frame, "Tél. portable") == ("sync", "phone_mobile")


def test_values_that_disagree_leave_the_column_to_a_person() -> None:
    frame = pl.DataFrame({"Nom": ["Dupont"] * 4, "N° national": ["oui", "non", "oui", "non"]})
    assert _rule(frame, "N° national")[0] == "ignore"
