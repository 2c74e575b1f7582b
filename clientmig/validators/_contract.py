"""The validator contract in code (python-stdnum's ``NumberValidationModule``, with Polars).

Every module named in :data:`clientmig.validators.VALIDATORS` is a :class:`Validator`: mypy
checks the shipped modules against it below, and ``tests/validators/test_contract.py`` holds
each one to the behaviour the members promise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import polars as pl

if TYPE_CHECKING:
    from clientmig.issues import Severity
    from clientmig.validators import Finding


# The members every validator module defines (the Protocol's, for messages and tests).
MEMBERS = (
    "NAME", "CODES", "compact", "check", "validate", "is_valid", "format", "compact_expr",
    "issue_expr",
)  # fmt: skip


@runtime_checkable
class Validator(Protocol):
    """A validator module: scalar functions, the oracle, and their vectorised twins.

    Options (``country``, ``region``, ``order``, ``kind``) are keyword-only and optional.
    """

    @property
    def NAME(self) -> str:  # noqa: N802 - the module constant
        """The validator's name, as targets reference it."""

    @property
    def CODES(self) -> Mapping[str, tuple[Severity, str]]:  # noqa: N802 - the module constant
        """Every code the module reports, with its severity and sentence."""

    @property
    def compact(self) -> Callable[..., str]:
        """The value reduced to what identifies it; idempotent."""

    @property
    def check(self) -> Callable[..., Finding | None]:
        """The first finding, or None; never raises."""

    @property
    def validate(self) -> Callable[..., str]:
        """The compact value, or an ``InvalidValue`` subclass raised."""

    @property
    def is_valid(self) -> Callable[..., bool]:
        """Whether ``validate`` would pass; never raises, whatever it is given."""

    @property
    def format(self) -> Callable[..., str]:
        """The display form."""

    @property
    def compact_expr(self) -> Callable[..., pl.Expr]:
        """Vectorised ``compact``; null in, null out."""

    @property
    def issue_expr(self) -> Callable[..., pl.Expr]:
        """Vectorised ``check(value).code``."""


if TYPE_CHECKING:
    from clientmig.validators import (
        company_id,
        country,
        date,
        email,
        fiscal_year_end,
        language,
        national_id,
        organization_name,
        person_name,
        phone,
        postcode,
        url,
    )

    _SHIPPED: tuple[Validator, ...] = (
        company_id,
        country,
        date,
        email,
        fiscal_year_end,
        language,
        national_id,
        organization_name,
        person_name,
        phone,
        postcode,
        url,
    )
