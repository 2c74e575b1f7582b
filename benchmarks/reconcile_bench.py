"""Reconcile benchmark: N incoming vs N existing seeded synthetic clients, as a ratio to read_csv.

    python benchmarks/reconcile_bench.py [--rows 1000000] [--repeat 3]

The existing side holds clients 0..N-1, the incoming side clients N/20..N+N/20-1: 90% of the
incoming rows are unchanged matches, 5% matches with changed fields, 5% new (so 5% of the existing
rows departed). One in five matched incoming rows lacks its client_id, so e-mail, national ID
and name keys do real work too. The floor is ``polars.read_csv`` of the incoming file (all
columns as strings); the target is reconcile on exact keys within 10x that floor.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from clientmig.reconciliation import reconcile

SEED = 11
FIRST = ["Jan", "An", "Pieter", "Katrien", "Frédéric", "Hélène", "Els", "Luc", "Sofie", "Marc"]
LAST = ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Dubois", "Lambert"]
SYLLABLES = ["ka", "lo", "mer", "van", "de", "bro", "ck", "ens", "ha", "ut", "ri", "zel"]


def _pick(rng: np.random.Generator, values: list[str], n: int) -> pl.Series:
    return pl.Series(
        np.asarray(values, dtype=object)[rng.integers(0, len(values), n)], dtype=pl.String
    )


def clients(ids: np.ndarray, total: int, seed: int = SEED) -> pl.DataFrame:
    """Synthetic canonical clients; a client's fields depend only on its id and the seed."""
    rng = np.random.default_rng(seed)
    n = len(ids)
    first = _pick(rng, FIRST, total)[ids]
    surname = (
        _pick(rng, SYLLABLES, total)
        + _pick(rng, SYLLABLES, total)
        + _pick(rng, SYLLABLES, total)
        + " "
        + _pick(rng, LAST, total)
    )[ids]
    postcode = pl.Series(rng.integers(1000, 9999, total).astype(str))[ids]
    phone = pl.Series(rng.integers(100_000, 999_999, total).astype(str))[ids]
    id_text = pl.Series(ids.astype(str))
    return pl.DataFrame(
        {
            "client_id": "C" + id_text,
            "first_name": first,
            "last_name": surname,
            "email": first.str.to_lowercase() + "." + id_text + "@example.be",
            "phone": "+32475" + phone,
            "national_id": id_text.str.zfill(11),
            "street": "Kerkstraat " + (pl.Series(ids) % 200 + 1).cast(pl.String),
            "postcode": postcode,
            "city": _pick(rng, ["Gent", "Brugge", "Leuven", "Namur", "Liège"], total)[ids],
            "country": pl.Series(["BE"] * n),
        }
    ).with_columns(
        pl.lit("bench.csv").alias("_source"),
        pl.lit(None, pl.String).alias("_sheet"),
        (pl.int_range(pl.len(), dtype=pl.Int64) + 2).alias("_row"),
    )


def frames(rows: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Return ``(incoming, existing)``: 90% same, 5% changed, 5% new / departed."""
    shift = rows // 20
    existing = clients(np.arange(rows), rows + shift)
    incoming = clients(np.arange(shift, rows + shift), rows + shift)
    rng = np.random.default_rng(SEED + 1)
    position = pl.int_range(pl.len())
    matched = position < rows - shift
    changed = matched & (position % 19 == 0)
    lost_id = matched & pl.lit(rng.random(rows) < 0.2)
    incoming = incoming.with_columns(
        pl.when(changed).then(pl.lit("+32470000000")).otherwise("phone").alias("phone"),
        pl.when(changed).then(pl.col("street") + " bus 2").otherwise("street").alias("street"),
        pl.when(matched & ~lost_id).then("client_id").alias("client_id"),
    )
    return incoming, existing


def best_of(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    incoming, existing = frames(args.rows)
    with tempfile.TemporaryDirectory(prefix="cm-reconcile-") as tmp:
        path = Path(tmp) / "incoming.csv"
        incoming.drop("_source", "_sheet", "_row").write_csv(path)
        floor = best_of(lambda: pl.read_csv(path, infer_schema=False), args.repeat)
    exact = best_of(lambda: reconcile(incoming, existing, fuzzy=False), args.repeat)
    fuzzy = best_of(lambda: reconcile(incoming, existing), 1)
    summary = reconcile(incoming, existing, fuzzy=False).summary()
    print(f"rows: {args.rows:,} vs {args.rows:,}; summary (exact keys): {summary}")
    print(f"polars.read_csv floor: {floor:.3f} s")
    print(f"reconcile, exact keys:  {exact:.3f} s  ratio {exact / floor:.2f}x (target <= 10x)")
    print(f"reconcile, with fuzzy:  {fuzzy:.3f} s  ratio {fuzzy / floor:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
