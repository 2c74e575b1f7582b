"""The options of a cleaning run: default country, language, and which fixes to apply."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

_FIXED_SUGGESTS_COMPACT = ".fixed"


@dataclass(frozen=True, slots=True)
class CleanOptions:
    """Settings for :func:`clean` (saved in recipes)."""

    country: str = "BE"
    date_order: str | None = None
    fields: Sequence[str] | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"country": self.country, "date_order": self.date_order}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CleanOptions:
        """Inverse of :meth:`to_dict`."""
        return cls(country=data.get("country", "BE"), date_order=data.get("date_order"))
