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

from collections.abc import Callable
from typing import Any

import numpy as np
import polars as pl
from rapidfuzz.distance import OSA
from rapidfuzz.process import cpdist

PHONE_ENDING = 8
IDENTIFIER_KINDS = frozenset({"email", "phone", "strong_id", "date"})
_CHUNK = 1_000_000
# Character classes counted per value: each digit, letters two by two, "@" and ".", the rest.
# Merging characters into a class, and counting at most _CAP of each, only loosens the bound.
_CLASS = np.full(256, 24, dtype=np.int64)
_CLASS[np.frombuffer(b"0123456789", np.uint8)] = np.arange(10)
_CLASS[np.arange(ord("a"), ord("z") + 1)] = 10 + np.arange(26) // 2
_CLASS[np.arange(ord("A"), ord("Z") + 1)] = 10 + np.arange(26) // 2
_CLASS[np.frombuffer(b"@.", np.uint8)] = 23
_CLASSES, _CAP, _WIDTH = 25, 4, 13
_SIGNATURE_CHUNK = 65_536


def char_signature(values: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """Per value, its class counts (at most ``_CAP`` each) in unary, as two UInt64 words, and
    whether it is plain ASCII. For ASCII values the bits that differ between two signatures
    never exceed the characters that differ, which never exceed twice the edit distance.
    Worked out ``_SIGNATURE_CHUNK`` values at a time, so its temporaries stay small."""
    lengths = values.str.len_bytes().fill_null(0).to_numpy().astype(np.int64)
    ascii_only = values.str.len_chars().fill_null(0).to_numpy() == lengths
    words = np.zeros((len(values), 2), dtype=np.uint64)
    shifts = (np.arange(_CLASSES, dtype=np.uint64) % _WIDTH) * np.uint64(_CAP)
    for start in range(0, len(values), _SIGNATURE_CHUNK):
        chunk = values.slice(start, _SIGNATURE_CHUNK)
        size = len(chunk)
        text = "".join(chunk.fill_null("").to_list()).encode("utf-8")
        owner = np.repeat(np.arange(size, dtype=np.int64), lengths[start : start + size])
        cell = owner * _CLASSES + _CLASS[np.frombuffer(text, np.uint8)]
        counts = np.bincount(cell, minlength=size * _CLASSES).reshape(-1, _CLASSES)
        unary = (np.left_shift(1, np.minimum(counts, _CAP)) - 1).astype(np.uint64)
        placed = np.left_shift(unary, shifts)
        words[start : start + size, 0] = np.bitwise_or.reduce(placed[:, :_WIDTH], axis=1)
        words[start : start + size, 1] = np.bitwise_or.reduce(placed[:, _WIDTH:], axis=1)
    return words, ascii_only


def osa_upto(
    values: pl.Series,
    ia: np.ndarray,
    ib: np.ndarray,
    cutoff: int,
    signature: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Optimal-string-alignment distance of ``values[ia]`` and ``values[ib]``, capped at
    ``cutoff + 1``; rapidfuzz runs only where the character counts allow ``cutoff`` or less.
    ``signature``: the values' :func:`char_signature`, when already worked out."""
    out = np.full(len(ia), cutoff + 1, dtype=np.int64)
    if not len(ia):
        return out
    words, ascii_only = signature if signature is not None else char_signature(values)
    near = []
    for start in range(0, len(ia), _CHUNK):
        a, b = ia[start : start + _CHUNK], ib[start : start + _CHUNK]
        gap = np.bitwise_count(words[a, 0] ^ words[b, 0]).astype(np.int64)
        gap += np.bitwise_count(words[a, 1] ^ words[b, 1])
        possible = (gap <= 2 * cutoff) | ~ascii_only[a] | ~ascii_only[b]
        near.append(np.flatnonzero(possible) + start)
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


Memo = dict[str, Any]


def _memo(memo: Memo, name: str, make: Callable[[], Any]) -> Any:
    """What ``make`` derives from a dictionary of values, worked out once per dictionary."""
    if name not in memo:
        memo[name] = make()
    return memo[name]


def identifier_levels(
    kind: str, a: pl.Series, b: pl.Series, values: pl.Series, memo: Memo | None = None
) -> pl.Series:
    """Int8 level per pair of codes into ``values`` (null when a side is missing); levels as
    in :data:`clientmig.dedupe.compare.LEVELS` for ``kind``. ``memo`` keeps what is derived
    from ``values`` (codes of parts, character signatures) for the next call on them."""
    known = (a.is_not_null() & b.is_not_null()).to_numpy()
    rows = np.flatnonzero(known)
    ia = a.to_numpy()[rows].astype(np.int64)
    ib = b.to_numpy()[rows].astype(np.int64)
    level = _known_levels(kind, ia, ib, values, {} if memo is None else memo)
    full = pl.repeat(None, len(a), dtype=pl.Int8, eager=True)
    return full.scatter(rows, pl.Series(level, dtype=pl.Int8))


def _osa(values: pl.Series, ia: np.ndarray, ib: np.ndarray, cutoff: int, memo: Memo) -> np.ndarray:
    signature = _memo(memo, "signature", lambda: char_signature(values))
    return osa_upto(values, ia, ib, cutoff, signature)


def _known_levels(
    kind: str, ia: np.ndarray, ib: np.ndarray, values: pl.Series, memo: Memo
) -> np.ndarray:
    equal = ia == ib
    if kind == "phone":
        (ending,) = _memo(memo, "ending", lambda: _codes(values.str.slice(-PHONE_ENDING)))
        return np.where(equal, 2, np.where(_same(ending, ia, ib), 1, 0))
    if kind == "email":
        (local,) = _memo(memo, "local", lambda: _codes(values.str.extract("^(.*)@")))
        similar = _same(local, ia, ib)
        todo = np.flatnonzero(~equal & ~similar)
        similar[todo] = _osa(values, ia[todo], ib[todo], 1, memo) <= 1
        return np.where(equal, 2, np.where(similar, 1, 0))
    if kind == "strong_id":
        dist = np.full(len(ia), 3)
        todo = np.flatnonzero(~equal)
        dist[todo] = _osa(values, ia[todo], ib[todo], 2, memo)
        return np.where(equal, 3, np.where(dist <= 1, 2, np.where(dist <= 2, 1, 0)))
    if kind == "date":
        return _date_levels(ia, ib, values, equal, memo)
    msg = f"not an identifier kind: {kind!r}"
    raise ValueError(msg)


def _date_parts(values: pl.Series) -> tuple[np.ndarray, ...]:
    """Per date (digits only): no year, and codes of month-day, year, and both day orders."""
    short = (values.str.len_chars() == 4).to_numpy()
    (day,) = _codes(values.str.slice(-4))
    (year,) = _codes(values.str.slice(0, 4))
    month_day, day_month = _codes(
        values.str.slice(4, 2) + values.str.slice(6, 2),
        values.str.slice(6, 2) + values.str.slice(4, 2),
    )
    return short, day, year, month_day, day_month


def _date_levels(
    ia: np.ndarray, ib: np.ndarray, values: pl.Series, equal: np.ndarray, memo: Memo
) -> np.ndarray:
    """Date levels (digits only): exact 4, transposed day and month 3, one edit 2, two 1; a
    birthday without a year (four digits) agrees on the same month and day (2), else 0."""
    short, day, year, month_day, day_month = _memo(memo, "date", lambda: _date_parts(values))
    no_year = short[ia] | short[ib]
    transposed = _same(year, ia, ib) & (month_day[ia] == day_month[ib])
    dist = np.full(len(ia), 3)
    todo = np.flatnonzero(~equal & ~no_year & ~transposed)
    dist[todo] = _osa(values, ia[todo], ib[todo], 2, memo)
    return np.select(
        [equal, no_year & _same(day, ia, ib), no_year, transposed, dist <= 1, dist <= 2],
        [4, 2, 0, 3, 2, 1],
        default=0,
    )
