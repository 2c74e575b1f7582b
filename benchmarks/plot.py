"""Plot how each stage's seconds and peak memory grow with rows (log-log), from run.py JSON.

    python benchmarks/plot.py benchmarks/scaling/rows_*.json --out benchmarks/scaling.png

Peak memory is the stage's own process for ``duplicates (1M)`` and ``pipeline``; for the other
stages it is the benchmark process's peak after the stage (an upper bound: it only grows).
``duplicates`` and ``export`` handle at most 100,000 rows, so each is plotted at the rows it
handled (the first run that reached them).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def stage_rows(name: str, rows: int) -> int:
    """The rows a stage really handled in a run of ``rows`` (run.py's defaults)."""
    if name in ("duplicates", "export"):
        return min(rows, 100_000)
    if name == "duplicates (1M)":
        return 1_000_000 if rows >= 1_000_000 else 100_000
    return rows


def series(runs: list[dict[str, Any]]) -> dict[str, list[tuple[int, float, float]]]:
    """Per stage: (rows handled, seconds, peak MB), one point per distinct row count."""
    out: dict[str, dict[int, tuple[int, float, float]]] = {}
    for run in sorted(runs, key=lambda r: r["rows"]):
        for name, stage in run["stages"].items():
            if "seconds" not in stage:
                continue
            peak = stage.get("own_peak_mb", stage.get("peak_mb", 0.0))
            rows = stage_rows(name, run["rows"])
            out.setdefault(name, {}).setdefault(rows, (rows, stage["seconds"], peak))
    return {name: list(points.values()) for name, points in out.items()}


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
    colours = plt.get_cmap("tab20").colors
    for i, (name, points) in enumerate(series(runs).items()):
        rows = [p[0] for p in points]
        style = {"marker": "osD^v"[i % 5], "color": colours[(2 * i) % 20 + (i >= 10)]}
        left.plot(rows, [p[1] for p in points], label=name, **style)
        right.plot(rows, [p[2] for p in points], label=name, **style)
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
