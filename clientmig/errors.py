"""Exceptions clientmig raises on purpose: unusable input and programmer errors.

Row-level data problems are never raised from frame functions; they become Issue rows
(see :mod:`clientmig.issues`). Scalar validators raise ``InvalidValue`` subclasses, the way
python-stdnum does, because a caller checking one value wants ``try``/``except``.

::

    ClientmigError
    ├── ReadError            the source cannot be read as a table
    ├── TargetError          unknown target platform or table, or a broken schema file
    ├── MappingError         a column mapping that cannot be applied
    ├── RecipeError          a recipe file that cannot be loaded or replayed
    ├── ExportError          output that cannot be written safely
    ├── DedupeError (also ValueError)    duplicate detection cannot run as asked
    ├── OptionError (also ValueError)    an unknown option value (language, ...)
    └── InvalidValue (also ValueError)   one value failed a validator
        ├── InvalidFormat
        │   └── InvalidLength
        ├── InvalidChecksum
        └── InvalidComponent
"""

from __future__ import annotations

from typing import ClassVar


class ClientmigError(Exception):
    """Base class for every exception clientmig raises deliberately."""


class ReadError(ClientmigError):
    """The source could not be read as a table (one plain sentence says why)."""


class TargetError(ClientmigError):
    """An unknown target platform or table, or a schema file that does not load."""


class MappingError(ClientmigError):
    """A column mapping that cannot be applied (missing column, unknown field, ...)."""


class RecipeError(ClientmigError):
    """A recipe that cannot be loaded or replayed."""


class ExportError(ClientmigError):
    """Output that cannot be written safely (existing file, path outside the folder, ...)."""


class DedupeError(ClientmigError, ValueError):
    """Duplicate detection cannot run as asked (no field to compare, bad thresholds, ...)."""


class OptionError(ClientmigError, ValueError):
    """An option value clientmig does not know (a language, ...); says which ones it knows."""


class InvalidValue(ClientmigError, ValueError):
    """One value failed a validator; ``reason`` becomes the issue-code suffix."""

    reason: ClassVar[str] = "invalid"
    default_message: ClassVar[str] = "This value is not valid."

    def __init__(
        self, message: str | None = None, *, suggestion: str | None = None, code: str | None = None
    ) -> None:
        self.message = message or self.default_message
        self.suggestion = suggestion
        self.code = code
        super().__init__(self.message)


class InvalidFormat(InvalidValue):
    """The value does not have the shape of this kind of value."""

    reason = "format"
    default_message = "This value does not have the expected format."


class InvalidLength(InvalidFormat):
    """The value has the wrong number of characters or digits."""

    reason = "length"
    default_message = "This value has the wrong length."


class InvalidChecksum(InvalidValue):
    """The value's check digits do not match."""

    reason = "checksum"
    default_message = "The check digits of this number do not match."


class InvalidComponent(InvalidValue):
    """A part of the value (a date, a month, a prefix) is out of range."""

    reason = "component"
    default_message = "A part of this value is out of range."
