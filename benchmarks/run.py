"""clientmig benchmark suite: every stage as seconds and as a ratio to the floor, in one run.

    python benchmarks/run.py [--rows N] [--quick] [--json PATH]

The floor is ``polars.read_csv`` of the same file (all columns as strings), measured in the
same process on the same machine; each stage is reported as seconds and as a multiple of it.
Stages register themselves in ``STAGES``; a capability that is not built yet is reported as
"n/a". Peak memory is the process's maximum resident set size after each stage (it only grows,
so it is an upper bound for that stage).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

SEED = 7
FIRST = [
    "Jan",
    "An",
    "Pieter",
    "Katrien",
    "Frédéric",
    "Hélène",
    "Johannes",
    "Els",
    "Luc",
    "Sofie",
    "Marc",
    "Céline",
    "Koen",
    "Griet",
    "Bart",
    "Ine",
    "Tom",
    "Lotte",
]
LAST = [
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Dubois",
    "Lambert",
    "Van den Berghe",
    "De Smet",
    "Claes",
    "Goossens",
    "Wouters",
    "Dupont",
    "Martin",
]
DOMAINS = ["telenet.be", "skynet.be", "gmail.com", "hotmail.com", "proximus.be", "gmial.com"]


def synthetic_clients(n: int, seed: int = SEED) -> pl.DataFrame:
    """N realistic, slightly damaged client rows, built column-wise from pools of values."""
    rng = random.Random(seed)
    pool = max(1000, n // 20)

    def column(
        make: Callable[[int], str], damage: float = 0.0, bad: Callable[[str], str] | None = None
    ) -> pl.Series:
        values = [make(i) for i in range(pool)]
        if bad:
            values = [bad(v) if rng.random() < damage else v for v in values]
        idx = pl.Series([rng.randrange(pool) for _ in range(min(n, 200_000))])
        reps = -(-n // len(idx))
        return pl.Series(values).gather(pl.concat([idx] * reps).head(n))

    def nn(i: int) -> str:
        base = f"{rng.randrange(40, 99):02d}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}{rng.randrange(1, 998):03d}"
        return f"{base}{97 - int(base) % 97:02d}"

    first = column(lambda i: rng.choice(FIRST))
    last = column(lambda i: rng.choice(LAST), 0.05, str.upper)
    return pl.DataFrame(
        {
            "Voornaam": first,
            "Naam": last,
            "E-mail": column(
                lambda i: f"{rng.choice(FIRST).lower()}{i}@{rng.choice(DOMAINS)}",
                0.05,
                lambda v: f" {v.upper()} ",
            ),
            "GSM": column(
                lambda i: (
                    f"04{rng.randrange(70, 100)} {rng.randrange(10, 100)} {rng.randrange(10, 100)} {rng.randrange(10, 100)}"
                ),
                0.05,
                lambda v: v.replace(" ", ""),
            ),
            "Rijksregisternummer": column(
                nn, 0.05, lambda v: f"{v[:2]}.{v[2:4]}.{v[4:6]}-{v[6:9]}.{v[9:]}"
            ),
            "Boekjaar einde": column(
                lambda i: rng.choice(["31/12", "december", "30/06", "31 dec", "12"])
            ),
            "Postcode": column(lambda i: str(rng.randrange(1000, 9999))),
            "Gemeente": column(lambda i: rng.choice(["Gent", "Antwerpen", "Brussel", "Namur"])),
            "Klantcode": pl.int_range(n, eager=True).cast(pl.String).str.zfill(8),
        }
    )


@dataclass
class Context:
    csv: Path
    xlsx: Path | None
    rows: int
    floor: float


def best_of(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stage_read_csv(ctx: Context, repeat: int) -> dict[str, Any]:
    import clientmig

    seconds = best_of(lambda: clientmig.read(ctx.csv), repeat)
    return {"seconds": seconds, "ratio": seconds / ctx.floor, "baseline": "polars.read_csv"}


def stage_read_xlsx(ctx: Context, repeat: int) -> dict[str, Any]:
    import fastexcel

    import clientmig

    if ctx.xlsx is None:
        return {"skipped": "no workbook at this size"}
    floor = best_of(
        lambda: fastexcel.read_excel(str(ctx.xlsx)).load_sheet(0, dtypes="string").to_polars(),
        repeat,
    )
    seconds = best_of(lambda: clientmig.read(ctx.xlsx), repeat)
    return {
        "seconds": seconds,
        "ratio": seconds / floor,
        "baseline": "fastexcel (string dtypes)",
        "baseline_seconds": floor,
    }


STAGES: dict[str, Callable[[Context, int], dict[str, Any]]] = {
    "read (CSV)": stage_read_csv,
    "read (XLSX)": stage_read_xlsx,
}
# Later capabilities add their stage here: map, clean, validate, links, duplicates, reconcile, export.
PLANNED = ["map", "clean", "validate", "links", "duplicates", "reconcile", "export"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="20,000 rows, one repeat")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args(argv)
    rows = 20_000 if args.quick else args.rows
    repeat = 1 if args.quick else 3
    with tempfile.TemporaryDirectory(prefix="cm-bench-") as tmp:
        frame = synthetic_clients(rows)
        csv_path = Path(tmp) / "clients.csv"
        t0 = time.perf_counter()
        frame.write_csv(csv_path)
        write_floor = time.perf_counter() - t0
        xlsx_rows = min(rows, 100_000)
        xlsx_path: Path | None = Path(tmp) / "clients.xlsx"
        frame.head(xlsx_rows).write_excel(xlsx_path)
        floor = best_of(lambda: pl.read_csv(csv_path, infer_schema=False), repeat)
        ctx = Context(csv_path, xlsx_path, rows, floor)
        results: dict[str, Any] = {
            "rows": rows,
            "xlsx_rows": xlsx_rows,
            "machine": {
                "cpus": __import__("os").cpu_count(),
                "python": platform.python_version(),
                "polars": pl.__version__,
                "platform": platform.platform(),
            },
            "floor": {"polars.read_csv": floor, "polars.write_csv": write_floor},
            "stages": {},
        }
        for name, stage in STAGES.items():
            try:
                out = stage(ctx, repeat)
            except Exception as exc:
                out = {"error": f"{type(exc).__name__}: {exc}"}
            out["peak_mb"] = peak_mb()
            results["stages"][name] = out
        for name in PLANNED:
            results["stages"][name] = {"skipped": "n/a (not built yet)"}
    print(markdown(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"rows: {results['rows']:,} (XLSX: {results['xlsx_rows']:,}); "
        f"floor polars.read_csv {results['floor']['polars.read_csv']:.3f} s, "
        f"polars.write_csv {results['floor']['polars.write_csv']:.3f} s",
        "",
        "| stage | seconds | ratio to its floor | floor | peak RSS (MB) |",
        "|---|---:|---:|---|---:|",
    ]
    for name, out in results["stages"].items():
        if "seconds" in out:
            lines.append(
                f"| {name} | {out['seconds']:.3f} | {out['ratio']:.2f}x | {out['baseline']} "
                f"| {out.get('peak_mb', 0):.0f} |"
            )
        else:
            lines.append(f"| {name} | {out.get('skipped') or out.get('error')} | | | |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
