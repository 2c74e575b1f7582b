"""Comparison levels of identifier-like fields (e-mail, phone, national id, date), pair by pair.

Their values are nearly unique, so nearly every candidate pair is a distinct pair of values and
de-duplicating pairs (as :mod:`clientmig.dedupe.compare` does for names) costs more than it
saves. Here every derived part (an e-mail's local part, a phone's ending, a date's year) is
coded once per distinct value, pairs compare codes, and the edit distance runs in rapidfuzz
only for the pairs it could still change: a pair whose character counts differ by more than
twice the cutoff is further apart than the cutoff (each edit changes the counts by at most two),
so it gets ``cutoff + 1`` at once, exactly what rapidfuzz returns past the cutoff.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from rapidfuzz.distance import OSA
from rapidfuzz.process import cpdist

PHONE_ENDING = 8
# Character classes counted per value; what no class holds is counted together. Merging
# characters into a class only loosens the bound, never breaks it.
_CLASSES = (
    *"0123456789",
    *(f"[{a}{b}]" for a, b in zip("acegikmoqsuwy", "bdfhjlnprtvxz", strict=True)),
    "[@.]",
)
_CHUNK = 1_000_000
IDENTIFIER_KINDS = frozenset({"email", "phone", "strong_id", "date"})


def _char_counts(values: pl.Series) -> np.ndarray:
    """Per value, how many characters of each class it holds (and of none): (n, classes + 1)."""
    frame = values.rename("v").to_frame()
    exprs = [
        pl.col("v").str.count_matches(c, literal=len(c) == 1).alias(str(i))
        for i, c in enumerate(_CLASSES)
    ]
    table = frame.select(exprs).fill_null(0).to_numpy().astype(np.int64)
    length = frame.select(pl.col("v").str.len_chars().fill_null(0))["v"].to_numpy()
    counts = np.column_stack([table, length - table.sum(axis=1)])
    # clipping only narrows differences, so the bound still holds for absurdly long values
    clipped: np.ndarray = np.clip(counts, 0, 16_000).astype(np.int16)
    return clipped


def osa_upto(values: pl.Series, ia: np.ndarray, ib: np.ndarray, cutoff: int) -> np.ndarray:
    """Optimal-string-alignment distance of ``values[ia]`` and ``values[ib]``, capped at
    ``cutoff + 1``; rapidfuzz runs only where the character counts allow ``cutoff`` or less."""
    out = np.full(len(ia), cutoff + 1, dtype=np.int64)
    if not len(ia):
        return out
    counts = _char_counts(values)
    near = []
    for start in range(0, len(ia), _CHUNK):
        part = slice(start, start + _CHUNK)
        gap = np.abs(counts[ia[part]] - counts[ib[part]]).sum(axis=1, dtype=np.int32)
        near.append(np.flatnonzero(gap <= 2 * cutoff) + start)
    rows = np.concatenate(near)
    if len(rows):
        left = values.gather(ia[rows]).to_list()
        right = values.gather(ib[rows]).to_list()
        scores = cpdist(left, right, scorer=OSA.distance, score_cutoff=cutoff, workers=-1)
        out[rows] = np.asarray(scores, dtype=np.int64)
    return out


def _codes(*parts: pl.Series) -> list[np.ndarray]:
    """Integer codes of derived strings, equal exactly when the strings are (one code space
    across ``parts``); null strings get -1, which equals nothing (see :func:`_same`)."""
    joint = pl.concat([p.rename("v") for p in parts]).rank("dense").fill_null(0).cast(pl.Int64)
    codes = joint.to_numpy() - 1
    out, start = [], 0
    for p in parts:
        out.append(codes[start : start + len(p)])
        start += len(p)
    return out


def _same(code: np.ndarray, ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
    left = code[ia]
    same: np.ndarray = (left == code[ib]) & (left >= 0)
    return same


def identifier_levels(kind: str, a: pl.Series, b: pl.Series, values: pl.Series) -> pl.Series:
    """Int8 level per pair of codes into ``values`` (null when a side is missing); levels as
    in :data:`clientmig.dedupe.compare.LEVELS` for ``kind``."""
    known = (a.is_not_null() & b.is_not_null()).to_numpy()
    rows = np.flatnonzero(known)
    ia = a.to_numpy()[rows].astype(np.int64)
    ib = b.to_numpy()[rows].astype(np.int64)
    level = _known_levels(kind, ia, ib, values)
    full = pl.repeat(None, len(a), dtype=pl.Int8, eager=True)
    return full.scatter(rows, pl.Series(level, dtype=pl.Int8))


def _known_levels(kind: str, ia: np.ndarray, ib: np.ndarray, values: pl.Series) -> np.ndarray:
    equal = ia == ib
    if kind == "phone":
        (ending,) = _codes(values.str.slice(-PHONE_ENDING))
        return np.where(equal, 2, np.where(_same(ending, ia, ib), 1, 0))
    if kind == "email":
        (local,) = _codes(values.str.extract("^(.*)@"))
        similar = _same(local, ia, ib)
        todo = np.flatnonzero(~equal & ~similar)
        similar[todo] = osa_upto(values, ia[todo], ib[todo], 1) <= 1
        return np.where(equal, 2, np.where(similar, 1, 0))
    if kind == "strong_id":
        dist = np.full(len(ia), 3)
        todo = np.flatnonzero(~equal)
        dist[todo] = osa_upto(values, ia[todo], ib[todo], 2)
        return np.where(equal, 3, np.where(dist <= 1, 2, np.where(dist <= 2, 1, 0)))
    if kind == "date":
        return _date_levels(ia, ib, values, equal)
    msg = f"not an identifier kind: {kind!r}"
    raise ValueError(msg)


def _date_levels(
    ia: np.ndarray, ib: np.ndarray, values: pl.Series, equal: np.ndarray
) -> np.ndarray:
    """Date levels (digits only): exact 4, transposed day and month 3, one edit 2, two 1; a
    birthday without a year (four digits) agrees on the same month and day (2), else 0."""
    short = (values.str.len_chars() == 4).to_numpy()
    no_year = short[ia] | short[ib]
    (day,) = _codes(values.str.slice(-4))
    (year,) = _codes(values.str.slice(0, 4))
    month_day, day_month = _codes(
        values.str.slice(4, 2) + values.str.slice(6, 2),
        values.str.slice(6, 2) + values.str.slice(4, 2),
    )
    transposed = _same(year, ia, ib) & (month_day[ia] == day_month[ib])
    dist = np.full(len(ia), 3)
    todo = np.flatnonzero(~equal & ~no_year & ~transposed)
    dist[todo] = osa_upto(values, ia[todo], ib[todo], 2)
    return np.select(
        [equal, no_year & _same(day, ia, ib), no_year, transposed, dist <= 1, dist <= 2],
        [4, 2, 0, 3, 2, 1],
        default=0,
    )
