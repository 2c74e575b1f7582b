"""Plot how each stage's seconds and peak memory grow with rows (log-log), from run.py JSON.

    python benchmarks/plot.py benchmarks/scaling/rows_*.json --out benchmarks/scaling.png

Peak memory is the stage's own process for ``duplicates (1M)`` and ``pipeline``; for the other
stages it is the benchmark process's peak after the stage (an upper bound: it only grows).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def series(runs: list[dict[str, Any]]) -> dict[str, list[tuple[int, float, float]]]:
    """Per stage: (rows, seconds, peak MB) for every run that timed it."""
    out: dict[str, list[tuple[int, float, float]]] = {}
    for run in sorted(runs, key=lambda r: r["rows"]):
        for name, stage in run["stages"].items():
            if "seconds" not in stage:
                continue
            peak = stage.get("own_peak_mb", stage.get("peak_mb", 0.0))
            out.setdefault(name, []).append((run["rows"], stage["seconds"], peak))
    return out


def main(argv: list[str] | None = None) -> int:
    import matplotlib as mpl

    mpl.use("Agg")
    import matplotlib.pyplot as plt

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/scaling.png"))
    args = parser.parse_args(argv)
    runs = [json.loads(p.read_text()) for p in args.results]
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5.5))
    for name, points in series(runs).items():
        rows = [p[0] for p in points]
        left.plot(rows, [p[1] for p in points], marker="o", label=name)
        right.plot(rows, [p[2] for p in points], marker="o", label=name)
    for ax, label in ((left, "seconds"), (right, "peak RSS (MB)")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("rows")
        ax.set_ylabel(label)
        ax.grid(visible=True, which="both", alpha=0.3)
    left.set_title("time per stage")
    right.set_title("peak memory per stage")
    right.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    fig.tight_layout()
    fig.savefig(args.out, dpi=110)
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
