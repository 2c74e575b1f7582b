"""clientmig against recordlinkage and splink on FEBRL, in one process on the same frames.

    python benchmarks/alternatives.py [--json PATH]

Datasets and truth come from ``benchmarks/dedupe_bench.py`` (``febrl_sets``): febrl3 and all FEBRL
stacked (febrl1+2+3+4a+4b), each with all fields and ``_noid`` (without date_of_birth and
national_id, i.e. soc_sec_id). Every tool gets the same rows; its clusters are scored with
``dedupe_bench.cluster_scores`` (pairwise P/R/F1 over every pair the clusters imply).

* **clientmig**: ``find_duplicates`` through ``dedupe_bench.evaluate``; the partition scored is
  the automatic one (``core_id``, sure groups only), as in dedupe_bench's "cluster (auto)". On
  the ``_noid`` sets it runs twice: with the default household rule, and with
  ``households=False`` (FEBRL's duplicates are corrupted copies of one person; it holds no
  households, so a replaced given name is no spouse).
* **recordlinkage** (unsupervised, configured from its docs, not tuned on the truth): an
  ``Index`` with exact blocks (first name, postcode; plus date of birth and national id when
  present) and a sorted neighbourhood on surname (window 9); ``Compare`` with Jaro-Winkler >= 0.85
  on names, street, address_2 and city and exact matches on postcode, state, date of birth and
  national id; ``ECMClassifier``; connected components over the matched pairs.
* **splink** (DuckDB backend, Fellegi-Sunter): name, date-of-birth, national-id and address
  comparisons, exact-key blocking rules, the prior from deterministic rules, u by random
  sampling, m by EM on two blocking rules, ``predict`` and connected components at match
  probability 0.9. If splink is not installed or fails, its row says why.

Seconds are wall-clock for the whole pipeline of each tool, after the frames are loaded.
Over-merged: predicted clusters of 2+ records that mix true entities, of all such clusters.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import logging
import sys
import time
from typing import Any

import polars as pl
from dedupe_bench import FEBRL_FIELDS, cluster_scores, evaluate, febrl_sets, over_merged

COLUMNS = list(FEBRL_FIELDS)
ID_FIELDS = ("date_of_birth", "national_id")
NOID_FIELDS = {k: v for k, v in FEBRL_FIELDS.items() if k not in ID_FIELDS}
SPLINK_THRESHOLD = 0.9


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _components(n: int, left: Any, right: Any) -> pl.Series:
    """Connected components over row-index edges, as a cluster label per row."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in zip(left, right, strict=True):
        ra, rb = find(int(a)), find(int(b))
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return pl.Series("cluster", [find(i) for i in range(n)], dtype=pl.Int64)


def _blocking_recall(truth: pl.Series, left: Any, right: Any) -> float:
    """Share of the true pairs among the candidate pairs a tool compared."""
    entity = truth.to_frame("e").with_row_index("i").with_columns(pl.col("i").cast(pl.Int64))
    pairs = pl.DataFrame({"l": list(left), "r": list(right)}, schema={"l": pl.Int64, "r": pl.Int64})
    hits = (
        pairs.join(entity.rename({"i": "l", "e": "el"}), on="l")
        .join(entity.rename({"i": "r", "e": "er"}), on="r")
        .filter(pl.col("el") == pl.col("er"))
        .height
    )
    sizes = truth.value_counts()["count"]
    true_pairs = int((sizes * (sizes - 1) // 2).sum())
    return hits / true_pairs if true_pairs else 1.0


def _pandas(frame: pl.DataFrame, with_ids: bool) -> Any:
    keep = COLUMNS if with_ids else [c for c in COLUMNS if c not in ID_FIELDS]
    table = frame.select(keep).to_pandas()
    table.index.name = "unique_id"
    return table


def _scored(tool: str, frame: pl.DataFrame, labels: pl.Series, seconds: float, **extra: Any):
    return {
        "tool": tool,
        "seconds": seconds,
        "cluster": cluster_scores(frame["_entity"], labels),
        "over_merged": over_merged(frame["_entity"], labels),
        **extra,
    }


def run_clientmig(
    name: str, frame: pl.DataFrame, with_ids: bool, *, households: bool = True
) -> dict[str, Any]:
    fields = FEBRL_FIELDS if with_ids else NOID_FIELDS
    result = evaluate(name, frame, fields, households=households)
    return {
        "tool": "clientmig" if households else "clientmig, households=False",
        "seconds": result["seconds"],
        "cluster": result["cluster_auto"],
        "over_merged": result["over_merged"],
        "candidates": result["candidates"],
        "blocking_recall": result["pair"]["blocking_recall"],
    }


def run_recordlinkage(frame: pl.DataFrame, with_ids: bool) -> dict[str, Any]:
    import recordlinkage as rl

    start = time.perf_counter()
    table = _pandas(frame, with_ids)
    indexer = rl.Index()
    indexer.block("first_name")
    indexer.block("postcode")
    indexer.sortedneighbourhood("last_name", window=9)
    if with_ids:
        indexer.block("date_of_birth")
        indexer.block("national_id")
    candidates = indexer.index(table)

    compare = rl.Compare(n_jobs=1)
    for column in ("first_name", "last_name", "street", "address_2", "city"):
        compare.string(column, column, method="jarowinkler", threshold=0.85, label=column)
    for column in ("postcode", "state", *(ID_FIELDS if with_ids else ())):
        compare.exact(column, column, label=column)
    features = compare.compute(candidates, table)

    matches = rl.ECMClassifier(binarize=None).fit_predict(features)
    labels = _components(frame.height, matches.get_level_values(0), matches.get_level_values(1))
    seconds = time.perf_counter() - start
    return _scored(
        "recordlinkage ECM",
        frame,
        labels,
        seconds,
        candidates=len(candidates),
        blocking_recall=_blocking_recall(
            frame["_entity"], candidates.get_level_values(0), candidates.get_level_values(1)
        ),
        matched_pairs=len(matches),
    )


def run_splink(frame: pl.DataFrame, with_ids: bool) -> dict[str, Any]:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    start = time.perf_counter()
    table = _pandas(frame, with_ids).reset_index()
    comparisons = [
        cl.NameComparison("first_name"),
        cl.NameComparison("last_name"),
        cl.JaroWinklerAtThresholds("street", [0.9, 0.7]),
        cl.JaroWinklerAtThresholds("address_2", [0.9, 0.7]),
        cl.JaroWinklerAtThresholds("city", [0.9, 0.7]),
        cl.LevenshteinAtThresholds("postcode", [1, 2]),
        cl.ExactMatch("state"),
    ]
    rules = [
        block_on("first_name", "last_name"),
        block_on("postcode", "first_name"),
        block_on("postcode", "last_name"),
        block_on("city", "last_name"),
    ]
    deterministic = [block_on("first_name", "last_name", "postcode")]
    em_rules = [block_on("first_name", "last_name"), block_on("postcode")]
    if with_ids:
        comparisons += [
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y-%m-%d"
            ),
            cl.LevenshteinAtThresholds("national_id", [1, 2]),
        ]
        rules += [
            block_on("last_name", "date_of_birth"),
            block_on("first_name", "date_of_birth"),
            block_on("national_id"),
        ]
        deterministic = [
            block_on("first_name", "last_name", "date_of_birth"),
            block_on("national_id", "date_of_birth"),
        ]
        em_rules = [block_on("first_name", "last_name"), block_on("date_of_birth")]

    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=rules,
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(table), settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    for rule in em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predictions = linker.inference.predict()
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=SPLINK_THRESHOLD
    )
    assigned = pl.from_pandas(clusters.as_pandas_dataframe()[["unique_id", "cluster_id"]])
    labels = (
        pl.DataFrame({"unique_id": range(frame.height)})
        .with_columns(pl.col("unique_id").cast(assigned["unique_id"].dtype))
        .join(assigned, on="unique_id", how="left")
        .sort("unique_id")
        .select(pl.col("cluster_id").cast(pl.String).fill_null(pl.col("unique_id").cast(pl.String)))
        .to_series()
    )
    seconds = time.perf_counter() - start
    scored = predictions.as_pandas_dataframe()
    return _scored(
        "splink",
        frame,
        labels,
        seconds,
        candidates=len(scored),
        blocking_recall=_blocking_recall(
            frame["_entity"], scored["unique_id_l"], scored["unique_id_r"]
        ),
    )


def _guarded(tool: str, run: Any, *args: Any) -> dict[str, Any]:
    try:
        result: dict[str, Any] = run(*args)
    except ImportError as err:
        return {"tool": tool, "error": f"{tool}: not installed: {err}"}
    except Exception as err:  # a peer failing must not stop the comparison
        return {"tool": tool, "error": f"{tool}: failed: {type(err).__name__}: {err}"}
    return result


def run() -> list[dict[str, Any]]:
    sets = febrl_sets()
    results = []
    for base in ("febrl3", "febrl_all"):
        frame = sets[base]
        for with_ids in (True, False):
            name = base if with_ids else f"{base}_noid"
            nohouseholds = () if with_ids else (_guarded("clientmig", _no_households, name, frame),)
            for row in (
                _guarded("clientmig", run_clientmig, name, frame, with_ids),
                *nohouseholds,
                _guarded("recordlinkage", run_recordlinkage, frame, with_ids),
                _guarded("splink", run_splink, frame, with_ids),
            ):
                row.update(dataset=name, records=frame.height)
                results.append(row)
                print(f"{name}: {_cells(row)}", file=sys.stderr, flush=True)
    return results


def _no_households(name: str, frame: pl.DataFrame) -> dict[str, Any]:
    return run_clientmig(name, frame, with_ids=False, households=False)


def _cells(row: dict[str, Any]) -> str:
    if "error" in row:
        return f"{row['tool']} | - | - | - | - | - | {row['error']} |"
    c = row["cluster"]
    candidates = f"{row['candidates']:,}" if row.get("candidates") is not None else "-"
    mixed, clusters = row["over_merged"]
    return (
        f"{row['tool']} | {candidates} | {row['blocking_recall']:.3f} | "
        f"{c['precision']:.3f} / {c['recall']:.3f} / **{c['f1']:.3f}** | "
        f"{mixed:,} / {clusters:,} | {row['seconds']:.1f} | |"
    )


def markdown(results: list[dict[str, Any]]) -> str:
    """A Markdown table, one row per dataset and tool."""
    lines = [
        "| dataset | records | tool | candidate pairs | blocking recall | cluster P / R / F1 "
        "| over-merged / clusters | time (s) | note |",
        "|---|---:|---|---:|---:|---|---:|---:|---|",
    ]
    lines += [f"| {r['dataset']} | {r['records']:,} | {_cells(r)}" for r in results]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="also write the results to this JSON file")
    args = parser.parse_args()
    results = run()
    versions = {p: _version(p) for p in ("recordlinkage", "splink", "duckdb", "polars")}
    print(markdown(results))
    print()
    print(
        "Versions: "
        + ", ".join(f"{k} {v}" for k, v in versions.items())
        + f", Python {sys.version.split()[0]}"
    )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({"versions": versions, "results": results}, handle, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
