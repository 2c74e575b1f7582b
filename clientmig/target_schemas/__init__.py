"""Target platforms as TOML files (``schemas/``), checked at load: tables, fields, headers."""

from __future__ import annotations

from clientmig.target_schemas.load import ENTITIES as ENTITIES
from clientmig.target_schemas.load import FIELD_TYPES as FIELD_TYPES
from clientmig.target_schemas.load import FORMATS as FORMATS
from clientmig.target_schemas.load import LANGUAGES as LANGUAGES
from clientmig.target_schemas.load import MULTI_SEP as MULTI_SEP
from clientmig.target_schemas.load import RULES as RULES
from clientmig.target_schemas.load import CanonicalField as CanonicalField
from clientmig.target_schemas.load import Field as Field
from clientmig.target_schemas.load import Platform as Platform
from clientmig.target_schemas.load import Target as Target
from clientmig.target_schemas.load import canonical_fields as canonical_fields
from clientmig.target_schemas.load import normalise_header as normalise_header
from clientmig.target_schemas.load import platform as platform
from clientmig.target_schemas.load import platforms as platforms
from clientmig.target_schemas.load import resolve as resolve
from clientmig.target_schemas.load import schema_dir as schema_dir
from clientmig.target_schemas.load import target as target
from clientmig.target_schemas.load import targets as targets

__all__ = [
    "ENTITIES",
    "FIELD_TYPES",
    "FORMATS",
    "LANGUAGES",
    "MULTI_SEP",
    "RULES",
    "CanonicalField",
    "Field",
    "Platform",
    "Target",
    "canonical_fields",
    "normalise_header",
    "platform",
    "platforms",
    "resolve",
    "schema_dir",
    "target",
    "targets",
]
