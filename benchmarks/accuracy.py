"""Accuracy on generated, labelled firm exports: recall per family, false errors, exact fixes.

    python benchmarks/accuracy.py [--clients 300] [--seed 7] [--json PATH]

The corpus (benchmarks/corpus.py) is made from the rules and public formats, never from
sample_data: Dutch, French and English exports with foreign residents (BIS numbers, phones of
their own country), Excel damage, e-mail wrappers and typos, misspelt belongs-to names,
impossible dates and formulas. Each file goes through the public API as a user would (read,
suggested mapping onto Karbon, clean, validate, belongs-to links) and every labelled cell is
scored:

* recall: a labelled error is found when an error or warning points at its cell, or when the
  value clientmig writes is the one right value;
* false errors: correct cells that get an error (and, separately, a warning);
* exact fixes: of the errors with one right value, how many get exactly that value as the
  suggestion or as the written value;
* wrong rewrites: correct cells with one normal form (a phone in E.164 under its row's
  country) written as anything else (a French number made Belgian).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import clientmig as cm
from benchmarks.corpus import CorpusFile, Label, make_corpus

_ID_FAMILIES = {"national_id", "company_id"}


def _same(family: str, a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return False
    if family in _ID_FAMILIES:
        return re.sub(r"\W", "", a).upper().removeprefix("BE") == re.sub(r"\W", "", b).upper()
    return a.strip() == b.strip()


def _issues_and_values(
    file: CorpusFile,
) -> tuple[pl.DataFrame, dict[tuple[int, str], str], dict[tuple[int, str], str]]:
    """Every issue clientmig reports on the file, the value it writes per (row, header) and
    the value as read."""
    table = cm.read_table(file.path)
    mapping = cm.suggest_mapping(table.frame, "karbon")
    columns = mapping.column_of()
    cleaned = cm.clean(mapping.apply(table.frame), columns=columns)
    report = cm.validate(cleaned.frame, "karbon", issues=cleaned.issues, columns=columns)
    found = [report.issues]
    frame = cleaned.frame
    if "belongs_to" in frame.columns:  # a flat list checked against its own organisations
        from clientmig.links import link_issues

        merged = table.issues.filter(pl.col("code") == "read.merged_cell")
        found.append(link_issues(frame, columns=columns, merged=merged))
    issues = pl.concat([cm.issues.conform(f) for f in found]).unique(
        ["row", "column", "code", "suggestion"], maintain_order=True
    )
    raw: dict[tuple[int, str], str] = {}
    for header in file.headers.values():
        if header in table.frame.columns:
            for row, value in table.frame.select("_row", header).iter_rows():
                if value is not None:
                    raw[(int(row), header)] = value
    values: dict[tuple[int, str], str] = {}
    for fname, header in columns.items():
        if fname not in frame.columns:
            continue
        for row, value in frame.select("_row", pl.col(fname).cast(pl.String)).iter_rows():
            if value is not None:
                values[(int(row), header)] = value
    return issues, values, raw


def score(files: list[CorpusFile]) -> dict[str, Any]:
    """Recall per family, false errors and exact fixes over all files."""
    found: dict[str, list[bool]] = defaultdict(list)
    false_error: list[bool] = []
    false_flag: list[bool] = []
    exact: list[bool] = []
    rewritten_wrong: list[bool] = []
    misses: dict[str, int] = defaultdict(int)
    wrong: dict[str, int] = defaultdict(int)
    inexact: dict[str, int] = defaultdict(int)
    for file in files:
        issues, values, raw = _issues_and_values(file)
        at: dict[tuple[int, str], list[dict[str, Any]]] = defaultdict(list)
        for r in issues.iter_rows(named=True):
            if r["row"] is not None and r["column"] is not None:
                at[(int(r["row"]), str(r["column"]))].append(r)
        for (row, header), lab in file.labels.items():
            here = at.get((row, header), [])
            severities = {str(r["severity"]) for r in here}
            written = values.get((row, header))
            if lab.error:
                fixed_right = lab.fix is not None and _same(lab.family, written, lab.fix)
                neutralised = lab.family == "formula" and any(
                    "formula" in str(r["code"]) for r in here
                )
                hit = bool(severities & {"error", "warning"}) or fixed_right or neutralised
                found[lab.family].append(hit)
                if not hit:
                    misses[f"{lab.family}.{lab.kind}"] += 1
                if lab.fix is not None:
                    ok = fixed_right or any(
                        _same(lab.family, r["suggestion"], lab.fix) for r in here
                    )
                    exact.append(ok)
                    if not ok:
                        inexact[f"{lab.family}.{lab.kind}"] += 1
            else:
                if lab.fix is not None and written is not None:
                    changed = written != raw.get((row, header))
                    bad = changed and not _same(lab.family, written, lab.fix)
                    rewritten_wrong.append(bad)
                    if bad:
                        wrong[f"{lab.family}.{lab.kind}.rewritten"] += 1
                false_error.append("error" in severities)
                false_flag.append(bool(severities & {"error", "warning"}))
                if "error" in severities:
                    wrong[f"{lab.family}.{lab.kind}"] += 1
    everything = [x for xs in found.values() for x in xs]

    def share(xs: list[bool]) -> float:
        return round(sum(xs) / len(xs), 3) if xs else float("nan")

    return {
        "files": [f.path.name for f in files],
        "labelled_errors": len(everything),
        "recall": share(everything),
        "recall_by_family": {k: share(v) for k, v in sorted(found.items())},
        "correct_cells": len(false_error),
        "false_error_rate": share(false_error),
        "false_flag_rate": share(false_flag),
        "correct_values_rewritten_wrongly": share(rewritten_wrong),
        "certain_fixes": len(exact),
        "exact_fix_rate": share(exact),
        "inexact_fixes_by_kind": dict(sorted(inexact.items(), key=lambda kv: -kv[1])),
        "missed_by_kind": dict(sorted(misses.items(), key=lambda kv: -kv[1])),
        "false_errors_by_kind": dict(sorted(wrong.items(), key=lambda kv: -kv[1])),
    }


def _label_counts(files: list[CorpusFile]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for f in files:
        for lab in f.labels.values():
            counts[f"{lab.family}.{lab.kind}{'*' if lab.error else ''}"] += 1
    return dict(sorted(counts.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", help="write the figures here")
    parser.add_argument("--labels", action="store_true", help="print the label counts")
    parser.add_argument(
        "--holdout", action="store_true", help="the held-out corpus (other headers, de, damage)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        files = make_corpus(Path(tmp), seed=args.seed, clients=args.clients, holdout=args.holdout)
        if args.labels:
            print(json.dumps(_label_counts(files), indent=2))
        result = score(files)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = ["Label", "main", "score"]
