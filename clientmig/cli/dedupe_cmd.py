"""``clientmig dedupe FILE --out CLUSTERS.csv``: one row per record with its duplicate cluster."""

from __future__ import annotations

import argparse
import json
from typing import Any

import polars as pl

from clientmig import lineage
from clientmig.cli._input import COUNTRY_HELP, prepare_file
from clientmig.dedupe import find_duplicates


def register(sub: Any) -> None:
    """Add the ``dedupe`` command."""
    parser = sub.add_parser(
        "dedupe",
        help="find duplicate clients and write their clusters",
        description="Writes source,sheet,row,cluster_id,score,band for every record; band is "
        "sure, review or distinct.",
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--sheet", help="worksheet to read")
    parser.add_argument("--country", default="BE", help=COUNTRY_HELP)
    parser.add_argument("--entity", choices=("person", "organization"), default="person")
    parser.add_argument("--mapping", help="a mapping JSON file (default: the suggested mapping)")
    parser.add_argument("--out", required=True, help="the clusters CSV to write")
    parser.add_argument(
        "--no-households",
        action="store_true",
        help="weigh different given names at one address instead of keeping them apart "
        "(for data known to hold no households)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print counts, thresholds and vetoes as JSON"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Read, map, clean, find clusters, write them."""
    got = prepare_file(
        args.file, sheet=args.sheet, target="canonical", mapping=args.mapping, country=args.country
    )
    found = find_duplicates(
        got.cleaned.frame, entity=args.entity, households=not args.no_households
    )
    clusters = found.clusters.select(
        *lineage.location_exprs(),
        "cluster_id",
        pl.col("score").round(4),
        "band",
    )
    clusters.write_csv(args.out)
    counts = {
        str(band): int(n) for band, n in clusters.group_by("band").len().sort("band").iter_rows()
    }
    thresholds = {k: v.reason for k, v in found.thresholds.items()}
    vetoes = {k: f"{v.rule}: {v.reason}" for k, v in found.vetoes.items()}
    if args.json:
        model = {"basis": found.model.basis, "reason": found.model.basis_reason}
        report = {"records": counts, "model": model, "thresholds": thresholds, "vetoes": vetoes}
        print(json.dumps(report, indent=2))
    else:
        print(", ".join(f"{n} {band}" for band, n in counts.items()) + f" -> {args.out}")
        for name, reason in thresholds.items():
            print(f"  {name}: {reason}")
        for name, reason in vetoes.items():
            print(f"  veto on {name} ({reason})")
    return 0
