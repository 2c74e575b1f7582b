"""Vetoes: identity contradictions that keep two records apart, calibrated on the data itself.

A pair is vetoed (probability 0, never merged) when an identity field contradicts it:

* a national or company number more than two edits apart, unless the date of birth and a name
  agree and the given names do not clash (then the number was mistyped);
* a date of birth more than two edits apart, unless the number is equal, or it and a name agree;
* for people, a *household* (spouses, parent and child, twins sharing an address, phone or
  e-mail): clearly different given names (not a nickname, an initial or a typo), unless the
  number agrees.

A veto is only as good as the field behind it. So each rule is first checked on the pairs that
are certainly one client by *other* evidence (for a number: same date of birth and names; for a
date of birth: same number and names; for given names: same number, or same birth date, family
name and e-mail, phone or street): when the field contradicts itself in ``MAX_CONTRADICTION`` or
more of those pairs, it is typed or replaced too often to be trusted, and the model's match
weight for its ``different`` level decides instead. With fewer than ``MIN_PAIRS`` such pairs
there is nothing to judge by and the number and date rules stand.

Households are judged from data, never from a shared address alone. Where the data cannot show
that given names are reliable (too few sure pairs, or too many of them disagree on the given
name: FEBRL replaces given names), a different given name vetoes only with positive evidence of
a second person in the pair itself: a date of birth or an e-mail local part that differs.
Without it the given names are weighed like any field.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import polars as pl

from clientmig.dedupe.compare import FieldSpec

MAX_CONTRADICTION = 0.02
MIN_PAIRS = 30
_AGREE = {"given_name": "close", "name": "close", "date": "one_edit", "strong_id": "one_edit"}


@dataclass(frozen=True, slots=True)
class VetoCheck:
    """How one veto rule fared on the pairs that other evidence says are one client."""

    field: str
    rule: str
    pairs: int
    contradictions: int
    trusted: bool
    reason: str

    @property
    def share(self) -> float:
        """Share of the checked pairs the field contradicts."""
        return self.contradictions / self.pairs if self.pairs else 0.0


def _at_least(spec: FieldSpec, label: str) -> pl.Expr:
    return (pl.col(spec.name) >= spec.levels.index(label)).fill_null(value=False)


def _any_at(group: Sequence[FieldSpec], label: str | None = None) -> pl.Expr:
    if not group:
        return pl.lit(value=False)
    return pl.any_horizontal(_at_least(s, label or _AGREE[s.kind]) for s in group)


@dataclass(frozen=True, slots=True)
class _Roles:
    ids: list[FieldSpec]
    dates: list[FieldSpec]
    given: list[FieldSpec]
    names: list[FieldSpec]
    emails: list[FieldSpec]
    contacts: list[FieldSpec]

    @classmethod
    def of(cls, specs: Sequence[FieldSpec], entity: str) -> _Roles:
        return cls(
            ids=[s for s in specs if s.kind == "strong_id"],
            dates=[s for s in specs if s.kind == "date"],
            given=[
                s
                for s in specs
                if entity == "person" and s.name == "first_name" and s.kind == "given_name"
            ],
            names=[
                s for s in specs if s.kind in ("given_name", "name") and s.name != "middle_name"
            ],
            emails=[s for s in specs if s.kind == "email"],
            contacts=[s for s in specs if s.kind in ("email", "phone") or s.name == "street"],
        )

    def second_person(self, untrusted: Collection[str] = ()) -> pl.Expr:
        """Positive evidence of a second person beside the given name: a (trusted) date of
        birth more than two edits apart, or e-mail addresses whose local parts differ."""
        different = [
            (pl.col(s.name) == 0).fill_null(value=False)
            for s in [*self.dates, *self.emails]
            if s.name not in untrusted
        ]
        return pl.any_horizontal(different) if different else pl.lit(value=False)

    def household(self, untrusted: Collection[str] = ()) -> pl.Expr:
        """Clearly different given names; when the data has not shown given names reliable
        (``first_name`` in ``untrusted``), also a second person's evidence (module doc)."""
        if not self.given:
            return pl.lit(value=False)
        far = pl.col("first_far").fill_null(value=False)
        if self.given[0].name in untrusted:
            return far & self.second_person(untrusted)
        return far

    def family_agrees(self) -> pl.Expr:
        """The family name agrees (at ``close`` or better)."""
        family = [s for s in self.names if s not in self.given]
        return _any_at(family, "close") if family else pl.lit(value=False)

    def names_agree(self) -> pl.Expr:
        """Every present name field agrees (and at least one is present)."""
        if not self.names:
            return pl.lit(value=False)
        agree = [_at_least(s, "close") | pl.col(s.name).is_null() for s in self.names]
        return pl.all_horizontal(agree) & pl.any_horizontal(
            pl.col(s.name).is_not_null() for s in self.names
        )


def _check(levels: pl.DataFrame, field: str, rule: str, sure: pl.Expr, clash: pl.Expr) -> VetoCheck:
    checked = levels.filter(sure & pl.col(field).is_not_null())
    pairs = checked.height
    contradictions = int(checked.select(clash.fill_null(value=False).sum()).item()) if pairs else 0
    share = contradictions / pairs if pairs else 0.0
    if pairs < MIN_PAIRS:
        trusted = True
        reason = f"{pairs} pairs to check it on (fewer than {MIN_PAIRS}): the rule stands"
    else:
        trusted = share < MAX_CONTRADICTION
        verdict = (
            "the rule stands"
            if trusted
            else "too unreliable to veto: its match weight decides instead"
        )
        reason = (
            f"contradicts {contradictions} of {pairs} pairs that other evidence makes one client "
            f"({share:.1%}; limit {MAX_CONTRADICTION:.0%}): {verdict}"
        )
    return VetoCheck(field, rule, pairs, contradictions, trusted, reason)


def _household_check(
    levels: pl.DataFrame, roles: _Roles, spec: FieldSpec, *, households: bool
) -> VetoCheck:
    if not households:
        return VetoCheck(
            spec.name, "household", 0, 0, False, "households=False: given names are weighed"
        )
    # one client by other evidence: the same number, or the same birth date, family name and a
    # contact detail (birth date and family name alone are often a coincidence in a large list)
    same_contact = _any_at(roles.contacts, "exact")
    sure = _any_at(roles.ids, "exact") | (
        _any_at(roles.dates, "exact") & roles.family_agrees() & same_contact
    )
    check = _check(levels, spec.name, "household", sure, pl.col("first_far"))
    evidence = "a different given name vetoes only beside a different date of birth or e-mail"
    if check.pairs < MIN_PAIRS:
        reason = f"{check.pairs} pairs to judge given names on (fewer than {MIN_PAIRS}): {evidence}"
        return VetoCheck(spec.name, "household", check.pairs, check.contradictions, False, reason)
    if not check.trusted:
        reason = check.reason.replace("its match weight decides instead", evidence)
        return VetoCheck(spec.name, "household", check.pairs, check.contradictions, False, reason)
    return check


def calibrate(
    levels: pl.DataFrame, specs: Sequence[FieldSpec], *, entity: str, households: bool = True
) -> dict[str, VetoCheck]:
    """Check each veto rule on the candidate pairs' comparison levels (see the module doc)."""
    roles = _Roles.of(specs, entity)
    names = roles.names_agree()
    checks: dict[str, VetoCheck] = {}
    for spec in roles.ids:
        sure = _any_at(roles.dates, "exact") & names
        checks[spec.name] = _check(
            levels, spec.name, "different number", sure, pl.col(spec.name) == 0
        )
    for spec in roles.dates:
        sure = _any_at(roles.ids, "exact") & names
        checks[spec.name] = _check(
            levels, spec.name, "different date of birth", sure, pl.col(spec.name) == 0
        )
    for spec in roles.given:
        checks[spec.name] = _household_check(levels, roles, spec, households=households)
    return checks


def veto_expr(
    specs: Sequence[FieldSpec],
    *,
    entity: str,
    untrusted: Collection[str] = (),
    households: bool = True,
) -> pl.Expr:
    """Name the first contradicting field of a pair (null when nothing contradicts).

    A field *agrees* at ``close`` (names, nicknames included) or ``one_edit`` (dates, numbers)
    and *contradicts* at ``different``; the rules are in the module doc. Fields in ``untrusted``
    (see :func:`calibrate`) veto nothing, except the given name, which then needs a second
    person's evidence; ``households=False`` never vetoes on the given name.
    """
    roles = _Roles.of(specs, entity)
    id_agrees, born_same, named = _any_at(roles.ids), _any_at(roles.dates), _any_at(roles.names)
    given_clash = pl.col("first_far").fill_null(value=False) if roles.given else pl.lit(value=False)
    veto: pl.Expr = pl.lit(None, pl.String)
    for spec in reversed(specs):
        contradiction = pl.col(spec.name) == 0
        if spec in roles.given:
            if not households:
                continue
            contradiction = roles.household(untrusted) & ~id_agrees
        elif spec.name in untrusted:
            continue
        elif spec.kind == "strong_id":
            contradiction = contradiction & ~(born_same & named & ~given_clash)
        elif spec.kind == "date":
            contradiction = contradiction & ~((id_agrees & named) | _any_at(roles.ids, "exact"))
        else:
            continue
        veto = pl.when(contradiction).then(pl.lit(spec.name)).otherwise(veto)
    return veto.alias("veto")


def untrusted(checks: dict[str, VetoCheck]) -> frozenset[str]:
    """The fields whose veto rule the data does not support."""
    return frozenset(name for name, check in checks.items() if not check.trusted)
