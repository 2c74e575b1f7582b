"""Read a column's values to confirm, correct or find its field (e-mails under ``Kolom7``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import polars as pl

from clientmig.mapping.decision import PRESELECT, Action, ColumnRule
from clientmig.validators import company_id, national_id

# -- judging by values ----------------------------------------------------------------------------
_VALUE_KINDS: tuple[tuple[str, str, str], ...] = (
    ("email", r"^\s*[^@\s<>]+@[^@\s<>]+\.[A-Za-z]{2,}\s*$", "e-mail addresses"),
    (
        "linkedin",
        r"(?i)^\s*(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/(?:in|pub|company)/\S+\s*$",
        "LinkedIn profiles",
    ),
    ("website", r"^\s*(?:https?://|www\.)\S+\s*$", "web addresses"),
    (
        "national_id",
        r"^\s*'?\d{2}[.\s]?\d{2}[.\s]?\d{2}[-.\s]?\d{3}[.\s]?\d{2}\s*$",
        "national numbers",
    ),
    ("company_id", r"^\s*(?:BE\s*)?[01]\d{3}[.\s]?\d{3}[.\s]?\d{3}\s*$", "enterprise numbers"),
    ("phone", r"^\s*(?:\+|00|0)[\d\s./()-]{7,18}\d\s*$", "phone numbers"),
    ("date_of_birth", r"^\s*(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2})\s*$", "dates"),
)


_STRONG_KINDS = ("email", "linkedin", "website", "national_id", "company_id")

# Values of a "Type" column that name a client category (CRM account types), not whether the
# client is a person or a company.
_CATEGORY_WORDS = frozenset(
    {
        "customer",
        "client",
        "prospect",
        "partner",
        "supplier",
        "vendor",
        "reseller",
        "competitor",
        "investor",
        "lead",
        "press",
        "analyst",
        "integrator",
        "other",
        "former",
        "inactive",
        "active",
        "klant",
        "leverancier",
        "fournisseur",
        "concurrent",
        "kunde",
        "lieferant",
        "interessent",
        "wettbewerber",
    }
)


def value_kind(values: pl.Series) -> tuple[str, float] | None:
    """The kind of values a column holds (``("email", 0.97)``), or None when mixed.

    A kind needs at least 80% of the non-empty values; national numbers must also pass the
    Belgian mod-97 check, so an 11-digit account number does not count.
    """
    text = values.cast(pl.String).str.strip_chars()
    text = text.filter(text.is_not_null() & (text != ""))
    if text.len() < 3:
        return None
    for kind, pattern, _ in _VALUE_KINDS:
        hits = text.str.contains(pattern)
        share = _share(hits)
        if share < 0.8:
            continue
        if kind in ("national_id", "company_id"):
            digits = text.filter(hits).str.replace_all(r"\D", "")
            module = national_id if kind == "national_id" else company_id
            check = digits.to_frame("d").select(module.be_checksum_ok_expr("d")).to_series()
            share *= _share(check)
            if share < 0.8:
                continue
        return kind, share
    return None


def _are_categories(values: pl.Series) -> bool:
    """Whether at least 80% of the non-empty values are client-category words."""
    text = values.cast(pl.String).str.strip_chars().str.to_lowercase()
    text = text.filter(text.is_not_null() & (text != ""))
    if text.len() == 0:
        return False
    return _share(text.is_in(list(_CATEGORY_WORDS))) >= 0.8


def _share(flags: pl.Series) -> float:
    """Share of true values (nulls count as false)."""
    return float(flags.fill_null(value=False).cast(pl.Int64).sum()) / max(flags.len(), 1)


# The fields a kind of value fits (a header's guess among them is confirmed by its values).
_FAMILIES: dict[str, tuple[str, ...]] = {
    "email": ("email", "email_additional", "email_billing"),
    "phone": ("phone", "phone_mobile", "phone_office", "phone_home", "phone_fax"),
    "national_id": ("national_id", "partner_national_id"),
    "company_id": ("company_id", "vat_number", "tax_id"),
    "website": ("website",),
}


def _check_values(rule: ColumnRule, values: pl.Series, allowed: Sequence[str]) -> ColumnRule:
    if rule.field == "record_type" and _are_categories(values):
        why = "values are client categories (Customer, Partner, ...), not person or company"
        if "tags" in allowed:
            return replace(rule, field="tags", reason=f"{rule.reason}; {why}: tags")
        return replace(rule, action="ignore", field=None, reason=f"{rule.reason}; {why}")
    found = value_kind(values)
    if found is None:
        return rule
    kind, share = found
    label = {k: lab for k, _, lab in _VALUE_KINDS}[kind]
    if kind == "linkedin" and rule.field == "website":
        why = f"values are {label}, not websites"
        if "linkedin" in allowed:
            return replace(rule, field="linkedin", reason=f"{rule.reason}; {why}")
        return replace(rule, action="ignore", field=None, reason=f"{rule.reason}; {why}")
    if rule.action == "ignore" and rule.field in _FAMILIES.get(kind, ()) and rule.field in allowed:
        # A header read loosely ("N° national", "Tél. portable") whose values say the same.
        return replace(
            rule,
            action="sync",
            confidence=max(rule.confidence, 0.85 if share >= 0.95 else PRESELECT),
            reason=f"{rule.reason}; values look like {label} ({share:.0%})",
        )
    if rule.field is None or rule.action == "ignore":
        generic = rule.reason == "header says nothing"
        if kind in allowed and (generic or rule.reason == "no matching header"):
            strong = kind in _STRONG_KINDS
            conf = (0.85 if share >= 0.95 else 0.75) if (generic or strong) else 0.6
            action: Action = "sync" if conf >= PRESELECT else "ignore"
            return replace(
                rule,
                action=action,
                field=kind,
                confidence=conf,
                reason=f"values look like {label} ({share:.0%})",
            )
        return rule
    families = _FAMILIES
    if (
        kind in families
        and rule.field not in families[kind]
        and rule.field in ({f for fam in families.values() for f in fam})
    ):
        return replace(
            rule,
            warnings=(
                *rule.warnings,
                f"the header says {rule.field} but the values look like {label}",
            ),
        )
    return rule
