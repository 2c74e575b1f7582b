"""python-stdnum's exceptions as clientmig reasons and errors (shared by the ID validators)."""

from __future__ import annotations

from stdnum import exceptions as stdnum_exceptions

from clientmig import errors

REASONS: tuple[tuple[type[Exception], str], ...] = (
    (stdnum_exceptions.InvalidChecksum, "checksum"),
    (stdnum_exceptions.InvalidLength, "length"),
    (stdnum_exceptions.InvalidFormat, "format"),
    (stdnum_exceptions.InvalidComponent, "component"),
)
ERRORS: dict[str, type[errors.InvalidValue]] = {
    "format": errors.InvalidFormat,
    "length": errors.InvalidLength,
    "checksum": errors.InvalidChecksum,
    "component": errors.InvalidComponent,
}


def reason(exc: Exception) -> str:
    """The reason word (``checksum``, ``length``, ``format``, ``component``) of a stdnum error."""
    for kind, word in REASONS:
        if isinstance(exc, kind):
            return word
    return "format"
