"""Per-field comparison levels for candidate pairs, computed on distinct value pairs.

Each field has a *kind*; each kind has ordered levels from ``different`` (0) upwards. A pair
whose value is missing on either side gets a null level: no evidence either way.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl
from rapidfuzz.distance import OSA, JaroWinkler
from rapidfuzz.process import cdist, cpdist

from clientmig import keys
from clientmig._polars import expr_via_distinct
from clientmig.dedupe import normalise as nz
from clientmig.dedupe.compare_ids import IDENTIFIER_KINDS, identifier_levels
from clientmig.dedupe.compare_ids import PHONE_ENDING as PHONE_ENDING
from clientmig.errors import DedupeError

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
# Kinds whose exact agreement is weighed by how common the value is (term frequency).
FREQUENCY_KINDS = frozenset({"given_name", "name", "org_name"})
TF_PREFIX = "__tf_"
CLOSE = 0.92
SOMEWHAT = 0.80

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


def default_fields(columns: Collection[str], entity: str) -> dict[str, str]:
    """The entity's canonical fields among ``columns``, with their comparison kinds."""
    names = PERSON_FIELDS if entity == "person" else ORGANIZATION_FIELDS
    return {n: DEFAULT_KINDS[n] for n in names if n in columns}


def field_specs(
    frame: pl.DataFrame, entity: str, fields: Sequence[str] | Mapping[str, str] | None
) -> tuple[FieldSpec, ...]:
    """Resolve the compared fields: the entity's defaults present in the frame, or ``fields``."""
    if fields is None:
        chosen = default_fields(frame.columns, entity)
    elif isinstance(fields, Mapping):
        chosen = dict(fields)
    else:
        chosen = {n: DEFAULT_KINDS.get(n, "text") for n in fields}
    for name, kind in chosen.items():
        if kind not in LEVELS:
            msg = f"unknown comparison kind {kind!r} for {name!r}; expected one of {sorted(LEVELS)}"
            raise DedupeError(msg)
        if name not in frame.columns:
            msg = f"field {name!r} is not a column of the frame"
            raise DedupeError(msg)
    if not chosen:
        wanted = ", ".join(PERSON_FIELDS if entity == "person" else ORGANIZATION_FIELDS)
        msg = f"no field to compare: map at least one of {wanted} (entity {entity!r})"
        raise DedupeError(msg)
    return tuple(FieldSpec(n, k) for n, k in chosen.items())


_KEY_EXPR: dict[str, Callable[[pl.Expr], pl.Expr]] = {
    "given_name": nz.compact_name_expr,
    "name": nz.compact_name_expr,
    "org_name": lambda e: keys.sorted_words_expr(keys.organization_key_expr(e)),
    "text": nz.text_key_expr,
    "date": nz.digits_expr,
    "strong_id": keys.identifier_key_expr,
    "email": nz.email_key_expr,
    "phone": nz.digits_expr,
    "website": nz.website_key_expr,
    "exact": keys.identifier_key_expr,
}


# Kinds whose values repeat (names, places, dates): normalised once per distinct value.
_REPETITIVE_KINDS = frozenset({"given_name", "name", "org_name", "text", "exact", "date"})


def prepare(frame: pl.DataFrame, specs: Sequence[FieldSpec]) -> pl.DataFrame:
    """Normalise every compared field for matching (empty strings become null)."""
    exprs = []
    for spec in specs:
        column = pl.col(spec.name).cast(pl.String)
        if spec.kind in _REPETITIVE_KINDS:
            key = expr_via_distinct(column, _KEY_EXPR[spec.kind], pl.String)
        else:
            key = _KEY_EXPR[spec.kind](column)
        exprs.append(pl.when(key != "").then(key).alias(spec.name))
    return frame.select(exprs)


FAR = 0.70
_SHIFT = 32
_LOW = (1 << _SHIFT) - 1


def _cpdist(
    a: pl.Series, b: pl.Series, scorer: Callable[..., Any], cutoff: float | None = None
) -> np.ndarray:
    """Score aligned string Series with rapidfuzz's parallel C loop (no nulls).

    With ``cutoff``, scores past it are not worked out exactly (a distance above it comes back
    as ``cutoff + 1``, a similarity under it as 0), which is much faster.
    """
    if not len(a):
        return np.zeros(0)
    scores = cpdist(a.to_list(), b.to_list(), scorer=scorer, score_cutoff=cutoff, workers=-1)
    return np.asarray(scores, dtype=np.float64)


def jaro_winkler(left: pl.Series, right: pl.Series) -> pl.Series:
    """Jaro-Winkler similarity in [0, 1] of aligned Series (1.0 when equal; null if one is)."""
    frame = pl.DataFrame({"a": left, "b": right}).with_row_index("i")
    known = frame.drop_nulls(["a", "b"])
    scores = pl.Series("s", _cpdist(known["a"], known["b"], JaroWinkler.normalized_similarity))
    out = frame.select("i").join(
        known.select("i").with_columns(scores), on="i", how="left", maintain_order="left"
    )
    return out["s"]


def edit_distance(left: pl.Series, right: pl.Series) -> pl.Series:
    """Optimal-string-alignment edit distance (a swap of neighbours counts as one edit)."""
    frame = pl.DataFrame({"a": left, "b": right}).with_row_index("i")
    known = frame.drop_nulls(["a", "b"])
    scores = pl.Series("s", _cpdist(known["a"], known["b"], OSA.distance)).cast(pl.Int64)
    out = frame.select("i").join(
        known.select("i").with_columns(scores), on="i", how="left", maintain_order="left"
    )
    return out["s"]


@dataclass(frozen=True, slots=True)
class Coded:
    """Each compared field as integer codes into a dictionary of its distinct values.

    ``first_name``, ``middle_name`` and ``last_name`` share one dictionary so crossed names can
    be compared code to code. Comparisons then run once per distinct pair of codes.
    """

    codes: dict[str, pl.Series]
    values: dict[str, pl.Series]
    # column -> the first column of the dictionary it shares (first_name for the person names)
    shared: dict[str, str] = field(default_factory=dict)
    # nickname groups per dictionary, worked out on first use (see :meth:`nickname_groups`)
    _nicknames: dict[str, pl.DataFrame] = field(default_factory=dict, repr=False)
    # per column: what the comparisons derive from its dictionary or codes (see :meth:`memo`)
    _memos: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, prepared: pl.DataFrame, specs: Sequence[FieldSpec]) -> Coded:
        """Encode the compared columns of a :func:`prepare` d frame."""
        names = [s.name for s in specs if s.name in _PERSON_NAMES]
        codes: dict[str, pl.Series] = {}
        values: dict[str, pl.Series] = {}
        shared: dict[str, str] = {}
        groups = [names] if names else []
        groups += [[s.name] for s in specs if s.name not in _PERSON_NAMES]
        for group in groups:
            distinct = (
                pl.concat([prepared[c].drop_nulls() for c in group]).unique().sort().rename("v")
            )
            for column in group:
                if distinct.is_empty():
                    codes[column] = pl.Series(column, [None] * prepared.height, pl.UInt32)
                else:
                    enum = prepared[column].cast(pl.Enum(distinct))
                    codes[column] = enum.to_physical().cast(pl.UInt32)
                values[column] = distinct
                shared[column] = group[0]
        return cls(codes, values, shared)

    def memo(self, column: str) -> dict[str, Any]:
        """A store for what is derived from the column's dictionary, kept across calls (the
        candidate pairs may be compared in several calls)."""
        return self._memos.setdefault(column, {})

    def frequency(self, column: str) -> pl.Series:
        """Share of the column's known values held by each code (indexed by code)."""
        memo = self.memo(column)
        if "frequency" not in memo:
            codes = self.codes[column].drop_nulls()
            counts = np.bincount(codes.to_numpy(), minlength=len(self.values[column]))
            memo["frequency"] = pl.Series(counts / max(len(codes), 1), dtype=pl.Float64)
        share: pl.Series = memo["frequency"]
        return share

    def nickname_groups(self, column: str) -> pl.DataFrame:
        """``code, group`` for the column's dictionary (see :func:`_nickname_groups`), worked
        out once per dictionary: the given-name levels and the swap check all use it."""
        leader = self.shared.get(column, column)
        if leader not in self._nicknames:
            self._nicknames[leader] = _nickname_groups(self.values[column])
        return self._nicknames[leader]


_PERSON_NAMES = ("first_name", "middle_name", "last_name")


def _pair_keys(ca: pl.Series, cb: pl.Series) -> pl.Series:
    """One UInt64 key per pair of *different* codes, order-free (all comparisons here are
    symmetric); null where a side is missing or both are the same value."""
    frame = pl.DataFrame({"a": ca, "b": cb})
    lo = pl.min_horizontal("a", "b").cast(pl.UInt64)
    hi = pl.max_horizontal("a", "b").cast(pl.UInt64)
    key = pl.when(pl.col("a") != pl.col("b")).then(lo * (1 << _SHIFT) + hi)
    return frame.select(key.alias("key"))["key"]


def _distinct_values(
    keys: pl.Series, values: pl.Series, *, strings: bool = True
) -> tuple[pl.DataFrame, pl.Series]:
    """The distinct keys (sorted) with both sides' string values as ``a`` and ``b``, and per
    pair the row of its key among them (null where the key is null), to spread results back
    with one gather: a dense rank costs a sort, where a join back costs a hash table of the
    distinct keys probed once per pair."""
    rank = keys.rank("dense")
    known = rank.is_not_null()
    inverse = (rank - 1).rename("row")
    rows = inverse.filter(known).to_numpy()
    distinct = np.zeros(int(rows.max()) + 1 if len(rows) else 0, dtype=np.uint64)
    distinct[rows] = keys.filter(known).to_numpy()
    uniq = pl.Series("key", distinct, dtype=pl.UInt64)
    ia, ib = (uniq // (1 << _SHIFT)).cast(pl.UInt32), (uniq & _LOW).cast(pl.UInt32)
    frame = pl.DataFrame({"key": uniq, "ia": ia, "ib": ib})
    if strings:
        frame = frame.with_columns(a=values.gather(ia), b=values.gather(ib))
    return frame, inverse


def _scores(
    objects: np.ndarray,
    distinct: pl.DataFrame,
    scorer: Callable[..., Any],
    cutoff: float | None = None,
) -> np.ndarray:
    """:func:`_cpdist` of the distinct pairs' values, read from the dictionary as Python
    strings made once (``objects``) rather than once per pair."""
    if not distinct.height:
        return np.zeros(0)
    ia, ib = distinct["ia"].to_numpy(), distinct["ib"].to_numpy()
    scores = cpdist(objects[ia], objects[ib], scorer=scorer, score_cutoff=cutoff, workers=-1)
    return np.asarray(scores, dtype=np.float64)


def _objects(values: pl.Series, memo: dict[str, Any]) -> np.ndarray:
    """The dictionary's values as a NumPy array of Python strings, made once per column."""
    if "objects" not in memo:
        memo["objects"] = np.array(values.to_list(), dtype=object)
    objects: np.ndarray = memo["objects"]
    return objects


def _map_back(
    inverse: pl.Series, distinct: pl.DataFrame, columns: Sequence[str]
) -> list[pl.Series]:
    """Spread per-distinct-key columns back over the pairs (null where the key is null)."""
    return [distinct[column].gather(inverse).rename(column) for column in columns]


def _equal_or(equal: pl.Series, value: object, other: pl.Series) -> pl.Series:
    """``value`` where the two codes are equal, ``other`` elsewhere (null if a side is missing)."""
    frame = pl.DataFrame({"e": equal, "o": other})
    out = pl.when(pl.col("e")).then(pl.lit(value)).otherwise(pl.col("o"))
    return frame.select(out.alias("o"))["o"].rename(other.name)


# The level expressions below see distinct pairs of *different* values only: equal values are a
# kind's top level before any measure runs (see _field_levels).


def _fuzzy() -> pl.Expr:
    sim = pl.col("sim")
    return pl.when(sim >= CLOSE).then(2).when(sim >= SOMEWHAT).then(1).otherwise(0)


def _given() -> pl.Expr:
    sim = pl.col("sim")
    initial = ((pl.col("a").str.len_chars() == 1) | (pl.col("b").str.len_chars() == 1)) & (
        pl.col("a").str.slice(0, 1) == pl.col("b").str.slice(0, 1)
    )
    return (
        pl.when(pl.col("nick"))
        .then(4)
        .when(sim >= CLOSE)
        .then(3)
        .when(initial)
        .then(2)
        .when(sim >= SOMEWHAT)
        .then(1)
        .otherwise(0)
    )


# Per kind: the level expression over distinct (a, b) pairs (measured by Jaro-Winkler); the
# identifier kinds go pair by pair (clientmig.dedupe.compare_ids); the kinds missing from both
# have two levels, so equality of the codes settles them.
_LEVEL_FN: dict[str, Callable[[], pl.Expr]] = {
    "given_name": _given,
    "name": _fuzzy,
    "org_name": _fuzzy,
    "text": _fuzzy,
}


def _field_levels(
    kind: str,
    a: pl.Series,
    b: pl.Series,
    values: pl.Series,
    nicknames: pl.DataFrame | None,
    memo: dict[str, Any] | None = None,
) -> tuple[pl.Series, pl.Series]:
    """Level per pair of codes (Int8, null when a side is missing) and, for given names, whether
    they are clearly different (``nicknames``: the dictionary's groups, for given names). Equal
    codes are the top level at once; the measures run once per distinct pair of different
    values."""
    if kind in IDENTIFIER_KINDS:
        level = identifier_levels(kind, a, b, values, memo)
        return level, level
    equal = a == b
    top = len(LEVELS[kind]) - 1
    if kind not in _LEVEL_FN:
        level = equal.cast(pl.Int8)
        return level, level
    memo = {} if memo is None else memo
    objects = _objects(values, memo)
    given = kind == "given_name"
    distinct, inverse = _distinct_values(_pair_keys(a, b), values, strings=given)
    fn = _LEVEL_FN[kind]
    # levels only tell similarities from SOMEWHAT up (and given names under FAR apart)
    floor = FAR if given else SOMEWHAT
    sim = _scores(objects, distinct, JaroWinkler.normalized_similarity, floor)
    distinct = distinct.with_columns(sim=pl.Series(sim))
    if kind == "given_name":
        # levels only tell distances up to two edits apart
        dist = _scores(objects, distinct, OSA.distance, 2)
        distinct = distinct.with_columns(dist=pl.Series(dist, dtype=pl.Int64))
    if kind == "given_name" and nicknames is not None:
        distinct = distinct.with_columns(nick=_nicknames(distinct, nicknames))
    distinct = distinct.with_columns(level=fn().cast(pl.Int8))
    if kind == "given_name":
        # clearly different: not close, not a nickname or an initial, similarity under FAR and
        # more than one edit apart (Jaro-Winkler finds no match in "kai"/"kia": one swap)
        far = (pl.col("level") == 0) & (pl.col("sim") < FAR) & (pl.col("dist") > 1)
        level, clash = _map_back(inverse, distinct.with_columns(far=far), ("level", "far"))
        return _equal_or(equal, top, level).cast(pl.Int8), _equal_or(equal, False, clash)
    (level,) = _map_back(inverse, distinct, ("level",))
    level = _equal_or(equal, top, level).cast(pl.Int8)
    return level, level


# A name missing from the nickname table takes the groups of a listed name one edit away only
# when both have this many letters: shorter names one edit apart are often two real names
# (dirk / dick, tine / tina, nele / nell), longer ones a typo (wliliam / william).
NICKNAME_TYPO_LENGTH = 6
_CHUNK = 20_000


def _nickname_groups(values: pl.Series) -> pl.DataFrame:
    """``code, group`` (code: index into ``values``, a dictionary of names) for the names in
    the nickname table, and for those one edit away from a listed name (both of
    ``NICKNAME_TYPO_LENGTH`` or more letters): a typed ``wliliam`` still belongs with ``bill``."""
    table = nz.nickname_table().select("name", "group")
    frame = values.rename("name").to_frame().with_row_index("code")
    known = frame.join(table, on="name")
    long = pl.col("name").str.len_chars() >= NICKNAME_TYPO_LENGTH
    rest = frame.join(known, on="code", how="anti").filter(long)
    listed = table.filter(long)["name"].unique().sort()
    parts = [known.select("code", "group")]
    for start in range(0, rest.height, _CHUNK):
        chunk = rest.slice(start, _CHUNK)
        dist = cdist(
            chunk["name"].to_list(),
            listed.to_list(),
            scorer=OSA.distance,
            score_cutoff=1,
            workers=-1,
        )
        rows, cols = np.nonzero(dist <= 1)
        near = pl.DataFrame({"code": chunk["code"].gather(rows), "name": listed.gather(cols)})
        parts.append(near.join(table, on="name").select("code", "group"))
    return pl.concat(parts).unique()


def _nicknames(distinct: pl.DataFrame, groups: pl.DataFrame) -> pl.Series:
    """Whether each distinct pair of codes (``ia``, ``ib``) shares a nickname group."""
    sides = [
        distinct.select("key", code=side).join(groups, on="code").select("key", "group")
        for side in ("ia", "ib")
    ]
    shared = sides[0].join(sides[1], on=["key", "group"]).select("key").unique()
    return distinct["key"].is_in(shared["key"].implode()).rename("nick")


def _similarity(coded: Coded, a: pl.Series, b: pl.Series, cutoff: float | None = None) -> pl.Series:
    """Jaro-Winkler of two name codes; nicknames of one name count as equal. With ``cutoff``,
    a similarity under it comes back as 0 (see :func:`_cpdist`)."""
    values = coded.values["first_name"]
    distinct, inverse = _distinct_values(_pair_keys(a, b), values, strings=False)
    objects = _objects(values, coded.memo("first_name"))
    sim = _scores(objects, distinct, JaroWinkler.normalized_similarity, cutoff)
    nick = _nicknames(distinct, coded.nickname_groups("first_name"))
    distinct = distinct.with_columns(sim=pl.when(nick).then(1.0).otherwise(pl.Series(sim)))
    (found,) = _map_back(inverse, distinct, ("sim",))
    return _equal_or(a == b, 1.0, found)


_SWAP_CUTOFF = SOMEWHAT - 0.01


def _swap_names(coded: Coded, left: pl.Series, right: pl.Series) -> pl.Series:
    """Flag pairs whose given and family names are crossed (``Jan Peeters`` / ``Peeters Jan``):
    both crossed similarities reach ``SOMEWHAT`` and together beat the straight ones.

    The crossed given-to-family similarity is worked out for every pair only near
    ``SOMEWHAT`` (``_SWAP_CUTOFF``: rapidfuzz's cut-off may drop a score of exactly 0.8); the
    other three only for the few pairs that pass it (rarely one in a hundred)."""
    first, last = coded.codes["first_name"], coded.codes["last_name"]
    rows = pl.int_range(len(left), dtype=pl.UInt32, eager=True)
    cf = _similarity(coded, first.gather(left), last.gather(right), _SWAP_CUTOFF)
    rows = rows.filter((cf >= SOMEWHAT).fill_null(value=False))
    lr, rr = left.gather(rows), right.gather(rows)
    cl = _similarity(coded, last.gather(lr), first.gather(rr), _SWAP_CUTOFF)
    both = (cl >= SOMEWHAT).fill_null(value=False)
    rows, lr, rr, cl = rows.filter(both), lr.filter(both), rr.filter(both), cl.filter(both)
    sims = [_similarity(coded, c.gather(lr), c.gather(rr)) for c in (first, last)]
    straight = sims[0].fill_null(0.0) + sims[1].fill_null(0.0)
    crossed = cf.gather(rows) + cl
    flag = pl.repeat(False, len(left), dtype=pl.Boolean, eager=True).rename("names_swapped")
    return flag.scatter(rows, crossed > straight)


def compare_pairs(
    prepared: pl.DataFrame,
    specs: Sequence[FieldSpec],
    left: pl.Series,
    right: pl.Series,
    *,
    coded: Coded | None = None,
) -> pl.DataFrame:
    """Return one row per pair: an Int8 level column per field and ``names_swapped``.

    With people's first and last names, also ``first_far`` (the given names are clearly
    different: not close, not a nickname or an initial, Jaro-Winkler under ``FAR``); for name
    fields at their ``exact`` level, ``__tf_<field>``: how common the shared value is.
    """
    coded = coded if coded is not None else Coded.build(prepared, specs)
    left, right = left.cast(pl.UInt32), right.cast(pl.UInt32)
    names = {s.name for s in specs}
    swapped = pl.repeat(False, len(left), dtype=pl.Boolean, eager=True).rename("names_swapped")
    if {"first_name", "last_name"} <= names and len(left):
        swapped = _swap_names(coded, left, right)
    columns = [swapped]
    extra: list[pl.Series] = []
    for spec in specs:
        codes = coded.codes[spec.name]
        a, b = codes.gather(left), codes.gather(right)
        if spec.name in {"first_name", "last_name"} and swapped.any():
            other = "last_name" if spec.name == "first_name" else "first_name"
            crossed = coded.codes[other].gather(right)
            b = pl.select(pl.when(swapped).then(crossed).otherwise(b)).to_series()
        nicknames = coded.nickname_groups(spec.name) if spec.kind == "given_name" else None
        level, far = _field_levels(
            spec.kind, a, b, coded.values[spec.name], nicknames, coded.memo(spec.name)
        )
        columns.append(level.cast(pl.Int8).rename(spec.name))
        if spec.kind in FREQUENCY_KINDS:
            share = coded.frequency(spec.name).gather(a)
            exact = level == len(spec.levels) - 1
            extra.append(
                pl.select(pl.when(exact).then(share)).to_series().rename(TF_PREFIX + spec.name)
            )
        if spec.name == "first_name" and spec.kind == "given_name":
            extra.append(far.fill_null(value=False).rename("first_far"))
    return pl.DataFrame(columns + extra)
