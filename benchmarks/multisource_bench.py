"""Duplicates across three exports: sample_data/three_sources (scripts/make_multisource_samples.py).

    python benchmarks/multisource_bench.py

Each file is read, recognised, mapped and cleaned on its own (as ``clientmig dedupe A B C``
does), then matched within and across files. Against ``truth.csv``: pairwise P/R/F1 over the
pairs implied by the automatic (sure) clusters and by sure + review clusters, over all pairs
and over cross-source pairs only, and how many namesake or household pairs were merged.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

from clientmig.cli._input import prepare_file
from clientmig.dedupe import find_duplicates

FOLDER = Path(__file__).resolve().parents[1] / "sample_data" / "three_sources"
FILES = ("practice_clients.csv", "outlook_contacts.csv", "google_contacts.csv")


def _pairs(frame: pl.DataFrame, key: str) -> pl.DataFrame:
    """Every unordered pair of records sharing ``key``."""
    left = frame.select("i", "src", k=key)
    pairs = left.join(left, on="k", suffix="_r").filter(pl.col("i") < pl.col("i_r"))
    return pairs.select("i", "i_r", cross=pl.col("src") != pl.col("src_r"))


def _prf(predicted: pl.DataFrame, true: pl.DataFrame) -> tuple[float, float, float]:
    tp = predicted.join(true, on=["i", "i_r"]).height
    p = tp / predicted.height if predicted.height else 1.0
    r = tp / true.height if true.height else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(folder: Path = FOLDER) -> dict[str, tuple[float, float, float] | int]:
    """Scores of one run over the three files."""
    cleaned = [
        prepare_file(str(folder / f), sheet=None, target="canonical").cleaned.frame for f in FILES
    ]
    dup = find_duplicates(cleaned)
    truth = pl.read_csv(folder / "truth.csv", schema_overrides={"row": pl.Int64})
    clusters = dup.clusters.sort("row_index").with_columns(
        src=pl.col("_source").str.extract(r"([^/\\]+)$"), i=pl.col("row_index")
    )
    labelled = clusters.join(truth, left_on=["src", "_row"], right_on=["source", "row"], how="left")
    if labelled["client"].null_count():
        raise SystemExit("records missing from truth.csv")
    true = _pairs(labelled, "client")
    out: dict[str, tuple[float, float, float] | int] = {}
    for name, key in (("auto", "core_id"), ("with_review", "cluster_id")):
        predicted = _pairs(labelled, key)
        out[f"{name}_all"] = _prf(predicted, true)
        out[f"{name}_cross"] = _prf(predicted.filter("cross"), true.filter("cross"))
        wrong = predicted.join(true, on=["i", "i_r"], how="anti")
        out[f"{name}_wrong_pairs"] = wrong.height
    out["records"] = clusters.height
    out["true_pairs"] = true.height
    return out


if __name__ == "__main__":
    for key, value in evaluate(Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER).items():
        shown = "/".join(f"{v:.3f}" for v in value) if isinstance(value, tuple) else value
        print(f"{key}: {shown}")
