"""Target platforms, loaded from the declarative files in ``schemas/`` (one file a platform).

A *platform* (``karbon``) has one or more *tables* (``karbon.people``); a :class:`Target` is one
table: its fields in export order, with the platform's header, the canonical field, type,
required, allowed values, max length and validator, and its Pandera schema.

>>> t = target("karbon.people")
>>> t.name, t.field("belongs_to").header
('karbon.people', 'Belongs To')
"""

from __future__ import annotations

import difflib
import functools
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from importlib import resources
from pathlib import Path
from typing import Any

import pandera.polars as pa
import polars as pl

from clientmig.errors import TargetError
from clientmig.keys import header_key
from clientmig.validators import VALIDATORS

MULTI_SEP = "; "
LANGUAGES = ("en", "nl", "fr", "de", "ro", "lv")
ENTITIES = ("person", "organization", "group", "any")
FORMATS = ("csv", "xlsx")
FIELD_TYPES = ("string", "text", "enum", "date", "integer")
# The table rules a target file may name, and the stage that runs each; any other name is an
# error when the file is loaded (a misspelt rule would otherwise be silently ignored).
RULES: Mapping[str, str] = {
    "fiscal_year_end_pair": "cleaning checks a fiscal year-end day and month as one date",
    "one_contact_per_row": "validation reports schema.multiple_contacts",
    "no_drive_characters": "validation reports schema.forbidden_characters",
}
# The keys each level of a target file may hold.
_TARGET_KEYS = (
    "name", "title", "format", "file", "description", "encoding", "max_rows", "max_bytes",
    "single_line", "phone_format", "country_format", "address_format", "national_id_format",
    # where the platform's import template was read, and how exactly (exact|partial|inferred)
    "template_sources", "template_evidence",
)  # fmt: skip
_TABLE_KEYS = ("title", "entity", "fields", "sheet", "file", "rules", "explode")
_FIELD_KEYS = (
    "field", "header", "type", "required", "unique", "allowed", "max_length", "validator",
    "multi", "constant", "synonyms",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class CanonicalField:
    """One field of clientmig's canonical model (``schemas/canonical.toml``)."""

    field: str
    type: str = "string"
    validator: str | None = None
    multi: bool = False
    allowed: tuple[str, ...] | None = None
    max_length: int | None = None
    synonyms: Mapping[str, tuple[str, ...]] = dc_field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Field:
    """One column of a target table."""

    header: str
    field: str
    type: str = "string"
    required: bool = False
    unique: bool = False
    allowed: tuple[str, ...] | None = None
    max_length: int | None = None
    validator: str | None = None
    multi: bool = False
    constant: str | None = None
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Target:
    """One table of a platform: what its import file looks like and what it accepts."""

    platform: str
    table: str
    title: str
    entity: str
    fields: tuple[Field, ...]
    format: str = "csv"
    file: str = ""
    sheet: str | None = None
    rules: tuple[str, ...] = ()
    explode: tuple[str, ...] = ()
    options: Mapping[str, Any] = dc_field(default_factory=dict)

    @property
    def name(self) -> str:
        """``platform.table``, as passed to :func:`target`."""
        return f"{self.platform}.{self.table}"

    @property
    def field_names(self) -> tuple[str, ...]:
        """Canonical field names, in export order, without duplicates."""
        return tuple(dict.fromkeys(f.field for f in self.fields))

    @property
    def headers(self) -> tuple[str, ...]:
        """The platform's column headers, in export order."""
        return tuple(f.header for f in self.fields)

    @property
    def required(self) -> tuple[str, ...]:
        """Canonical fields that every row must fill."""
        return tuple(f.field for f in self.fields if f.required and f.constant is None)

    def field(self, name: str) -> Field:
        """Return the field for a canonical name or a platform header."""
        for f in self.fields:
            if name in (f.field, f.header):
                return f
        msg = f"{self.name} has no field {name!r}; fields: {', '.join(self.field_names)}"
        raise TargetError(msg)

    def has(self, name: str) -> bool:
        """Whether the table has this canonical field."""
        return any(f.field == name for f in self.fields)

    def schema(self) -> pa.DataFrameSchema:
        """The Pandera (polars) schema over canonical field names, built from the file.

        Empty cells are nulls. Checks: required (``not_nullable``), unique
        (``field_uniqueness``), allowed (``isin``), max length (``str_length``).
        """
        columns: dict[str, pa.Column] = {}
        for f in self.fields:
            if f.constant is not None or f.field in columns:
                continue
            checks = []
            if f.allowed:
                checks.append(pa.Check.isin(list(f.allowed)))
            if f.max_length:
                checks.append(pa.Check.str_length(max_value=f.max_length))
            if f.unique:
                checks.append(_UNIQUE)
            columns[f.field] = pa.Column(
                pl.String,
                nullable=not f.required,
                required=False,
                checks=checks,
                title=f.header,
            )
        return pa.DataFrameSchema(columns, name=self.name, strict=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description."""
        return {
            "name": self.name,
            "title": self.title,
            "entity": self.entity,
            "format": self.format,
            "fields": [
                {"header": f.header, "field": f.field, "required": f.required} for f in self.fields
            ],
        }


def _later_duplicate_free(data: pa.PolarsData) -> pl.LazyFrame:
    """True except on the second and later rows holding a value (empty cells pass)."""
    col = pl.col(data.key)
    return data.lazyframe.select(col.is_null() | col.is_first_distinct())


# Unique fields: the first row keeps its value; every later row with the same value fails.
_UNIQUE = pa.Check(_later_duplicate_free, name="field_uniqueness")


@dataclass(frozen=True, slots=True)
class Platform:
    """A target platform: its tables and file-level options."""

    name: str
    title: str
    format: str
    file: str
    tables: tuple[Target, ...]
    options: Mapping[str, Any] = dc_field(default_factory=dict)

    def table(self, name: str) -> Target:
        """Return one table by its short name."""
        for t in self.tables:
            if t.table == name:
                return t
        known = ", ".join(t.name for t in self.tables)
        raise TargetError(f"{self.name} has no table {name!r}; tables: {known}")

    @property
    def field_names(self) -> tuple[str, ...]:
        """Every canonical field any table uses, in table then export order."""
        return tuple(dict.fromkeys(f for t in self.tables for f in t.field_names))


# -- loading --------------------------------------------------------------------------------------
def schema_dir() -> Path:
    """The folder of shipped target files (``clientmig/_schemas`` in a wheel, else ``schemas/``)."""
    shipped = Path(str(resources.files("clientmig") / "_schemas"))
    if shipped.is_dir():
        return shipped
    return Path(__file__).resolve().parents[2] / "schemas"


def platforms() -> tuple[str, ...]:
    """Names of the shipped platforms (``canonical`` included)."""
    return tuple(sorted(p.stem for p in schema_dir().glob("*.toml")))


@functools.cache
def canonical_fields() -> dict[str, CanonicalField]:
    """The canonical model's fields by name, in file order."""
    data = _load_toml(schema_dir() / "canonical.toml")
    out: dict[str, CanonicalField] = {}
    for raw in data["tables"]["clients"]["fields"]:
        syn = raw.get("synonyms", {})
        out[raw["field"]] = CanonicalField(
            field=raw["field"],
            type=raw.get("type", "string"),
            validator=raw.get("validator"),
            multi=bool(raw.get("multi", False)),
            allowed=tuple(raw["allowed"]) if "allowed" in raw else None,
            max_length=raw.get("max_length"),
            synonyms={lang: tuple(syn.get(lang, ())) for lang in LANGUAGES},
        )
    return out


def platform(name: str | Path) -> Platform:
    """Load a platform by name (``"karbon"``, any case) or from a TOML file of the same format.

    The file is checked as it loads: an unknown key, rule, validator, type, format or entity
    raises :class:`TargetError` naming the file, where it is and the nearest valid name.
    """
    if str(name).endswith(".toml"):
        path = Path(name)
    else:
        key = str(name).strip().lower()
        path = schema_dir() / f"{key}.toml"  # a shipped platform is never shadowed
        if not path.is_file():
            path = _OWN_FILES.get(key, path)
    if not path.is_file():
        known = ", ".join(platforms())
        raise TargetError(f"unknown target platform {str(name)!r}; known: {known}")
    loaded = _platform(str(path))
    if str(name).endswith(".toml"):
        # A table of a file of one's own names its platform; later stages find the file by it.
        _OWN_FILES.setdefault(loaded.name.lower(), path)
    return loaded


# Platforms loaded from a user's own TOML file in this process, by name.
_OWN_FILES: dict[str, Path] = {}


def resolve(name: str | Target | Platform) -> Target | Platform:
    """What a ``target`` argument names: a table (``"karbon.people"``, ``"mine.toml:people"``,
    a :class:`Target`) or a whole platform (``"karbon"``, ``"path/to/mine.toml"``)."""
    if isinstance(name, (Target, Platform)):
        return name
    if name.endswith(".toml"):
        return platform(name)
    if ".toml:" in name or "." in name:
        return target(name)
    return platform(name)


def target(name: str | Target) -> Target:
    """Return one target table: ``"karbon.people"``, or ``"sitee"`` for a one-table platform;
    a file of one's own is ``"path/to/mine.toml"`` or ``"path/to/mine.toml:people"``."""
    if isinstance(name, Target):
        return name
    if ".toml" in name:
        head, _, table = name.rpartition(".toml")
        plat, table = head + ".toml", table.removeprefix(":")
    else:
        plat, _, table = name.partition(".")
    loaded = platform(plat)
    if table:
        return loaded.table(table.strip().lower())
    if len(loaded.tables) == 1:
        return loaded.tables[0]
    known = ", ".join(t.name for t in loaded.tables)
    raise TargetError(f"{plat} has several tables; name one of: {known}")


def targets() -> tuple[str, ...]:
    """Every shipped target table name."""
    return tuple(t.name for p in platforms() for t in platform(p).tables)


@functools.cache
def _platform(path: str) -> Platform:
    data = _load_toml(Path(path))
    _check_file(path, data)
    head = data.get("target", {})
    name = str(head.get("name") or Path(path).stem)
    canon = canonical_fields() if name != "canonical" else {}
    options = {k: v for k, v in head.items() if k not in ("name", "title", "format", "file")}
    tables = []
    for table, raw in data.get("tables", {}).items():
        entity = raw.get("entity", "any")
        if entity not in ENTITIES:
            raise TargetError(f"{path}: table {table}: entity must be one of {ENTITIES}")
        fields = tuple(_field(raw_field, canon, name, path) for raw_field in raw.get("fields", []))
        if not fields:
            raise TargetError(f"{path}: table {table} has no fields")
        tables.append(
            Target(
                platform=name,
                table=table,
                title=raw.get("title", table),
                entity=entity,
                fields=fields,
                format=head.get("format", "csv"),
                file=raw.get("file", head.get("file", name)),
                sheet=raw.get("sheet"),
                rules=tuple(raw.get("rules", ())),
                explode=tuple(raw.get("explode", ())),
                options=options,
            )
        )
    return Platform(
        name=name,
        title=head.get("title", name),
        format=head.get("format", "csv"),
        file=head.get("file", name),
        tables=tuple(tables),
        options=options,
    )


def _field(
    raw: Mapping[str, Any], canon: Mapping[str, CanonicalField], name: str, path: str
) -> Field:
    fname = raw.get("field")
    if not fname:
        raise TargetError(f"{path}: a field has no 'field' key")
    base = canon.get(fname)
    if name != "canonical" and base is None:
        raise TargetError(f"{path}: {fname!r} is not a canonical field (schemas/canonical.toml)")
    synonyms = raw.get("synonyms", ())
    if isinstance(synonyms, Mapping):
        synonyms = [s for lang in synonyms.values() for s in lang]
    allowed = raw.get("allowed", base.allowed if base else None)
    return Field(
        header=raw.get("header", fname),
        field=fname,
        type=raw.get("type", base.type if base else raw.get("type", "string")),
        required=bool(raw.get("required", False)),
        unique=bool(raw.get("unique", False)),
        allowed=tuple(allowed) if allowed else None,
        max_length=raw.get("max_length", base.max_length if base else None),
        validator=raw.get("validator", base.validator if base else None),
        multi=bool(raw.get("multi", base.multi if base else False)),
        constant=raw.get("constant"),
        synonyms=tuple(synonyms),
    )


def _nearest(name: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.5)
    return f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(known)}"


def _check_names(
    path: str, where: str, what: str, given: Iterable[str], known: Iterable[str]
) -> None:
    allowed = tuple(known)
    for name in given:
        if name not in allowed:
            raise TargetError(f"{path}: {where}: unknown {what} {name!r}{_nearest(name, allowed)}")


def _check_file(path: str, data: Mapping[str, Any]) -> None:
    """Every key, rule, validator, type, format and entity of a target file is a known one."""
    _check_names(path, "top level", "section", data, ("target", "tables"))
    head = data.get("target", {})
    _check_names(path, "[target]", "key", head, _TARGET_KEYS)
    _check_names(path, "[target]", "format", [head.get("format", "csv")], FORMATS)
    for table, raw in data.get("tables", {}).items():
        where = f"[tables.{table}]"
        _check_names(path, where, "key", raw, _TABLE_KEYS)
        _check_names(path, where, "rule", raw.get("rules", ()), RULES)
        _check_names(path, where, "entity", [raw.get("entity", "any")], ENTITIES)
        for number, field in enumerate(raw.get("fields", ()), start=1):
            at = f"{where} field {number} ({field.get('field', '?')})"
            _check_names(path, at, "key", field, _FIELD_KEYS)
            if "type" in field:
                _check_names(path, at, "type", [field["type"]], FIELD_TYPES)
            if "validator" in field:
                _check_names(path, at, "validator", [field["validator"]], VALIDATORS)


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TargetError(f"cannot read target file {path}: {exc}") from exc


def normalise_header(header: str) -> str:
    """Fold a header for matching: :func:`clientmig.keys.header_key`."""
    return header_key(header)
