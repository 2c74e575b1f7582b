"""Vetoes: identity contradictions that keep two records apart, calibrated on the data itself.

A pair is vetoed (probability 0, never merged) when an identity field contradicts it:

* a national or company number more than two edits apart, unless the date of birth and a name
  agree and the given names do not clash (then the number was mistyped);
* a date of birth more than two edits apart, unless the number is equal, or it and a name agree;
* for people, clearly different given names (a *household*: spouses, parent and child, twins
  sharing an address, phone or e-mail), unless the number agrees.

A veto is only as good as the field behind it. So each rule is first checked on the pairs that
are certainly one client by *other* evidence (for a number: same date of birth and names; for a
date of birth: same number and names; for given names: same number): when the field contradicts
itself in ``MAX_CONTRADICTION`` or more of those pairs, it is typed or replaced too often to be
trusted, and the model's match weight for its ``different`` level decides instead. With fewer
than ``MIN_PAIRS`` such pairs there is nothing to judge by and the rule stands.
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
        )

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
        if households:
            sure = _any_at(roles.ids, "exact")
            checks[spec.name] = _check(levels, spec.name, "household", sure, pl.col("first_far"))
        else:
            checks[spec.name] = VetoCheck(
                spec.name, "household", 0, 0, False, "households=False: given names are weighed"
            )
    return checks


def veto_expr(
    specs: Sequence[FieldSpec], *, entity: str, untrusted: Collection[str] = ()
) -> pl.Expr:
    """Name the first contradicting field of a pair (null when nothing contradicts).

    A field *agrees* at ``close`` (names, nicknames included) or ``one_edit`` (dates, numbers)
    and *contradicts* at ``different``; the rules are in the module doc. Fields in ``untrusted``
    (see :func:`calibrate`) veto nothing.
    """
    roles = _Roles.of(specs, entity)
    id_agrees, born_same, named = _any_at(roles.ids), _any_at(roles.dates), _any_at(roles.names)
    given_clash = pl.col("first_far").fill_null(value=False) if roles.given else pl.lit(value=False)
    veto: pl.Expr = pl.lit(None, pl.String)
    for spec in reversed(specs):
        if spec.name in untrusted:
            continue
        contradiction = pl.col(spec.name) == 0
        if spec.kind == "strong_id":
            contradiction = contradiction & ~(born_same & named & ~given_clash)
        elif spec.kind == "date":
            contradiction = contradiction & ~((id_agrees & named) | _any_at(roles.ids, "exact"))
        elif spec in roles.given:
            contradiction = given_clash & ~id_agrees
        else:
            continue
        veto = pl.when(contradiction).then(pl.lit(spec.name)).otherwise(veto)
    return veto.alias("veto")


def untrusted(checks: dict[str, VetoCheck]) -> frozenset[str]:
    """The fields whose veto rule the data does not support."""
    return frozenset(name for name, check in checks.items() if not check.trusted)
