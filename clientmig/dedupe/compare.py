"""Per-field comparison levels for candidate pairs, computed on distinct value pairs.

Each field has a *kind*; each kind has ordered levels from ``different`` (0) upwards. A pair
whose value is missing on either side gets a null level: no evidence either way.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from rapidfuzz.distance import OSA, JaroWinkler

from clientmig.dedupe import normalise as nz

LEVELS: dict[str, tuple[str, ...]] = {
    "given_name": ("different", "somewhat", "initial", "close", "nickname", "exact"),
    "name": ("different", "somewhat", "close", "exact"),
    "org_name": ("different", "somewhat", "close", "exact"),
    "text": ("different", "somewhat", "close", "exact"),
    "date": ("different", "two_edits", "one_edit", "transposed", "exact"),
    "strong_id": ("different", "two_edits", "one_edit", "exact"),
    "email": ("different", "similar", "exact"),
    "phone": ("different", "same_ending", "exact"),
    "website": ("different", "exact"),
    "exact": ("different", "exact"),
}
# Kinds whose "different" level contradicts a merge whatever else agrees.
VETO_KINDS = frozenset({"date", "strong_id"})
CLOSE = 0.92
SOMEWHAT = 0.80
PHONE_ENDING = 8

DEFAULT_KINDS = {
    "first_name": "given_name",
    "middle_name": "given_name",
    "last_name": "name",
    "date_of_birth": "date",
    "email": "email",
    "phone": "phone",
    "national_id": "strong_id",
    "company_id": "strong_id",
    "organization_name": "org_name",
    "website": "website",
    "street": "text",
    "postcode": "exact",
    "city": "text",
    "country": "exact",
}
PERSON_FIELDS = (
    "first_name",
    "middle_name",
    "last_name",
    "date_of_birth",
    "email",
    "phone",
    "national_id",
    "street",
    "postcode",
    "city",
    "country",
)
ORGANIZATION_FIELDS = (
    "organization_name",
    "company_id",
    "email",
    "phone",
    "website",
    "street",
    "postcode",
    "city",
    "country",
)


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One compared field: the column and how it is compared (a key of ``LEVELS``)."""

    name: str
    kind: str

    @property
    def levels(self) -> tuple[str, ...]:
        """Level labels, from ``different`` (0) upwards."""
        return LEVELS[self.kind]


def field_specs(
    frame: pl.DataFrame, entity: str, fields: Sequence[str] | Mapping[str, str] | None
) -> tuple[FieldSpec, ...]:
    """Resolve the compared fields: the entity's defaults present in the frame, or ``fields``."""
    if fields is None:
        names = PERSON_FIELDS if entity == "person" else ORGANIZATION_FIELDS
        chosen = {n: DEFAULT_KINDS[n] for n in names if n in frame.columns}
    elif isinstance(fields, Mapping):
        chosen = dict(fields)
    else:
        chosen = {n: DEFAULT_KINDS.get(n, "text") for n in fields}
    for name, kind in chosen.items():
        if kind not in LEVELS:
            msg = f"unknown comparison kind {kind!r} for {name!r}; expected one of {sorted(LEVELS)}"
            raise ValueError(msg)
        if name not in frame.columns:
            msg = f"field {name!r} is not a column of the frame"
            raise ValueError(msg)
    if not chosen:
        msg = "no field to compare: the frame has none of the entity's fields"
        raise ValueError(msg)
    return tuple(FieldSpec(n, k) for n, k in chosen.items())


_KEY_EXPR: dict[str, Callable[[pl.Expr], pl.Expr]] = {
    "given_name": nz.compact_name_expr,
    "name": nz.compact_name_expr,
    "org_name": nz.org_key_expr,
    "text": nz.text_key_expr,
    "date": nz.digits_expr,
    "strong_id": nz.code_key_expr,
    "email": nz.email_key_expr,
    "phone": nz.digits_expr,
    "website": nz.website_key_expr,
    "exact": nz.code_key_expr,
}


def prepare(frame: pl.DataFrame, specs: Sequence[FieldSpec]) -> pl.DataFrame:
    """Normalise every compared field for matching (empty strings become null)."""
    exprs = []
    for spec in specs:
        key = _KEY_EXPR[spec.kind](pl.col(spec.name).cast(pl.String))
        exprs.append(pl.when(key != "").then(key).alias(spec.name))
    return frame.select(exprs)


def _score_lists(left: list[str], right: list[str], scorer: Callable[..., Any]) -> list[Any]:
    """Score aligned string lists: rapidfuzz's parallel C loop when numpy is there, else Python."""
    if importlib.util.find_spec("numpy") is None:  # pragma: no cover - environment dependent
        return [scorer(a, b) for a, b in zip(left, right)]
    from rapidfuzz.process import cpdist  # returns a numpy array

    result: list[Any] = cpdist(left, right, scorer=scorer, workers=-1).tolist()
    return result


def pair_scores(
    left: pl.Series, right: pl.Series, scorer: Callable[..., Any], dtype: type[pl.DataType]
) -> pl.Series:
    """Score aligned Series once per distinct value pair; null where either side is null."""
    pairs = pl.DataFrame({"a": left, "b": right})
    distinct = pairs.drop_nulls().unique()
    scores = pl.Series("s", _score_lists(distinct["a"].to_list(), distinct["b"].to_list(), scorer))
    lookup = distinct.with_columns(scores.cast(dtype))
    joined = pairs.join(lookup, on=["a", "b"], how="left", maintain_order="left")
    return joined["s"]


def jaro_winkler(left: pl.Series, right: pl.Series) -> pl.Series:
    """Jaro-Winkler similarity in [0, 1] of aligned Series (1.0 when equal)."""
    return pair_scores(left, right, JaroWinkler.normalized_similarity, pl.Float64)


def edit_distance(left: pl.Series, right: pl.Series) -> pl.Series:
    """Optimal-string-alignment edit distance (a swap of neighbours counts as one edit)."""
    return pair_scores(left, right, OSA.distance, pl.Int64)


def _levels(frame: pl.DataFrame, level: pl.Expr) -> pl.Series:
    """Evaluate ``level`` over a frame with columns ``a`` and ``b``; null when either is null."""
    known = pl.col("a").is_not_null() & pl.col("b").is_not_null()
    return frame.select(pl.when(known).then(level).cast(pl.Int8).alias("level"))["level"]


def _fuzzy(a: pl.Series, b: pl.Series) -> pl.Series:
    frame = pl.DataFrame({"a": a, "b": b, "sim": jaro_winkler(a, b)})
    sim = pl.col("sim")
    level = pl.when(sim >= 1.0).then(3).when(sim >= CLOSE).then(2).when(sim >= SOMEWHAT).then(1)
    return _levels(frame, level.otherwise(0))


def _given_level(a: pl.Series, b: pl.Series) -> pl.Series:
    nicknames = nz.nickname_pairs().with_columns(nick=pl.lit(value=True))
    frame = (
        pl.DataFrame({"a": a, "b": b, "sim": jaro_winkler(a, b)})
        .join(nicknames, on=["a", "b"], how="left", maintain_order="left")
        .with_columns(pl.col("nick").fill_null(value=False))
    )
    sim = pl.col("sim")
    initial = ((pl.col("a").str.len_chars() == 1) | (pl.col("b").str.len_chars() == 1)) & (
        pl.col("a").str.slice(0, 1) == pl.col("b").str.slice(0, 1)
    )
    level = (
        pl.when(sim >= 1.0)
        .then(5)
        .when(pl.col("nick"))
        .then(4)
        .when(sim >= CLOSE)
        .then(3)
        .when(initial)
        .then(2)
        .when(sim >= SOMEWHAT)
        .then(1)
        .otherwise(0)
    )
    return _levels(frame, level)


def _date_level(a: pl.Series, b: pl.Series) -> pl.Series:
    frame = pl.DataFrame({"a": a, "b": b, "d": edit_distance(a, b)})
    transposed = (pl.col("a").str.slice(0, 4) == pl.col("b").str.slice(0, 4)) & (
        pl.col("a").str.slice(4, 2) + pl.col("a").str.slice(6, 2)
        == pl.col("b").str.slice(6, 2) + pl.col("b").str.slice(4, 2)
    )
    d = pl.col("d")
    level = pl.when(d == 0).then(4).when(transposed).then(3).when(d <= 1).then(2)
    return _levels(frame, level.when(d <= 2).then(1).otherwise(0))


def _id_level(a: pl.Series, b: pl.Series) -> pl.Series:
    frame = pl.DataFrame({"a": a, "b": b, "d": edit_distance(a, b)})
    d = pl.col("d")
    level = pl.when(d == 0).then(3).when(d <= 1).then(2).when(d <= 2).then(1).otherwise(0)
    return _levels(frame, level)


def _email_level(a: pl.Series, b: pl.Series) -> pl.Series:
    frame = pl.DataFrame({"a": a, "b": b, "d": edit_distance(a, b)})
    same_local = pl.col("a").str.extract("^(.*)@") == pl.col("b").str.extract("^(.*)@")
    similar = same_local.fill_null(value=False) | (pl.col("d") <= 1)
    return _levels(frame, pl.when(pl.col("d") == 0).then(2).when(similar).then(1).otherwise(0))


def _phone_level(a: pl.Series, b: pl.Series) -> pl.Series:
    frame = pl.DataFrame({"a": a, "b": b})
    ending = pl.col("a").str.slice(-PHONE_ENDING) == pl.col("b").str.slice(-PHONE_ENDING)
    level = pl.when(pl.col("a") == pl.col("b")).then(2).when(ending).then(1).otherwise(0)
    return _levels(frame, level)


def _exact_level(a: pl.Series, b: pl.Series) -> pl.Series:
    frame = pl.DataFrame({"a": a, "b": b})
    return _levels(frame, (pl.col("a") == pl.col("b")).cast(pl.Int8))


_LEVEL_FN: dict[str, Callable[[pl.Series, pl.Series], pl.Series]] = {
    "given_name": _given_level,
    "name": _fuzzy,
    "org_name": _fuzzy,
    "text": _fuzzy,
    "date": _date_level,
    "strong_id": _id_level,
    "email": _email_level,
    "phone": _phone_level,
    "website": _exact_level,
    "exact": _exact_level,
}


def _swap_names(prepared: pl.DataFrame, left: pl.Series, right: pl.Series) -> pl.Series:
    """Flag pairs whose given and family names are crossed (``Jan Peeters`` / ``Peeters Jan``)."""
    lf, ll = prepared["first_name"].gather(left), prepared["last_name"].gather(left)
    rf, rl = prepared["first_name"].gather(right), prepared["last_name"].gather(right)
    straight = jaro_winkler(lf, rf).fill_null(0.0) + jaro_winkler(ll, rl).fill_null(0.0)
    crossed_first, crossed_last = jaro_winkler(lf, rl), jaro_winkler(ll, rf)
    crossed = crossed_first.fill_null(0.0) + crossed_last.fill_null(0.0)
    both = (crossed_first >= CLOSE) & (crossed_last >= CLOSE)
    return (both & (crossed > straight)).fill_null(value=False).rename("names_swapped")


def compare_pairs(
    prepared: pl.DataFrame, specs: Sequence[FieldSpec], left: pl.Series, right: pl.Series
) -> pl.DataFrame:
    """Return one row per pair: an Int8 level column per field and ``names_swapped``."""
    names = {s.name for s in specs}
    swapped = pl.Series("names_swapped", [False] * len(left), dtype=pl.Boolean)
    if {"first_name", "last_name"} <= names and len(left):
        swapped = _swap_names(prepared, left, right)
    columns = [swapped]
    for spec in specs:
        a = prepared[spec.name].gather(left)
        b = prepared[spec.name].gather(right)
        if spec.name in {"first_name", "last_name"} and swapped.any():
            other = "last_name" if spec.name == "first_name" else "first_name"
            crossed = prepared[other].gather(right)
            b = pl.select(pl.when(swapped).then(crossed).otherwise(b)).to_series()
        level = _LEVEL_FN[spec.kind](a, b) if len(left) else pl.Series([], dtype=pl.Int8)
        columns.append(level.cast(pl.Int8).rename(spec.name))
    return pl.DataFrame(columns)


def _at_least(spec: FieldSpec, label: str) -> pl.Expr:
    return (pl.col(spec.name) >= spec.levels.index(label)).fill_null(value=False)


def veto_expr(specs: Sequence[FieldSpec], *, entity: str) -> pl.Expr:
    """Name the first contradicting field of a pair (null when nothing contradicts).

    * A national or company number present on both sides and more than two edits apart vetoes
      the merge, unless the names and the date of birth agree (then the number was mistyped).
    * A date of birth more than two edits apart vetoes it, unless a national or company number
      is equal.
    * For people, given names that are different, not nicknames and not initials of each other
      mark a household (spouses, parent and child sharing an address, phone or e-mail), not one
      person, unless a national number is equal.
    """
    ids = [s for s in specs if s.kind == "strong_id"]
    dates = [s for s in specs if s.kind == "date"]
    names = [s for s in specs if s.kind in ("given_name", "name") and s.name != "middle_name"]
    id_equal = pl.any_horizontal(_at_least(s, "exact") for s in ids) if ids else pl.lit(False)
    born_same = pl.any_horizontal(_at_least(s, "one_edit") for s in dates) if dates else None
    named_same = pl.all_horizontal(_at_least(s, "close") for s in names) if names else None
    identity = born_same & named_same if born_same is not None and named_same is not None else None
    veto: pl.Expr = pl.lit(None, pl.String)
    for spec in reversed(specs):
        contradiction = pl.col(spec.name) == 0
        if spec.kind == "strong_id" and identity is not None:
            contradiction = contradiction & ~identity
        elif spec.kind == "date" or (entity == "person" and spec.name == "first_name"):
            contradiction = contradiction & ~id_equal
        elif spec.kind != "strong_id":
            continue
        veto = pl.when(contradiction).then(pl.lit(spec.name)).otherwise(veto)
    return veto.alias("veto")
