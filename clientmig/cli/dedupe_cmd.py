"""``clientmig dedupe FILE [FILE...] --out CLUSTERS.csv``: one row per record with its cluster.

Each file is read, recognised and mapped on its own (its own source, sheet and mapping), then
records are matched within and across the files. With ``--merge sure`` the sure clusters become
golden records (never across a namesake or household veto), written with the crosswalk and the
per-field provenance next to the clusters file.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import polars as pl

from clientmig import lineage
from clientmig.cli._input import COUNTRY_HELP, add_force, prepare_file
from clientmig.dedupe import MergeRules, find_duplicates
from clientmig.dedupe.merge import golden_records
from clientmig.errors import DedupeError
from clientmig.export.files import file_in_place
from clientmig.issues import MASKED_FIELDS, mask_expr


def register(sub: Any) -> None:
    """Add the ``dedupe`` command."""
    parser = sub.add_parser(
        "dedupe",
        help="find duplicate clients within and across files and write their clusters",
        description="Writes source,sheet,row,cluster_id,score,band,golden_id for every record "
        "of every file; band is sure, review or distinct. With --merge sure, also golden.csv, "
        "crosswalk.csv and provenance.csv next to --out.",
    )
    parser.add_argument("files", metavar="FILE", nargs="+")
    parser.add_argument("--sheet", help="worksheet to read (in every workbook)")
    parser.add_argument("--country", default="BE", help=COUNTRY_HELP)
    parser.add_argument("--entity", choices=("person", "organization"), default="person")
    parser.add_argument(
        "--mapping",
        action="append",
        help="a mapping JSON file; give it once per FILE, in order (default: the suggestion)",
    )
    parser.add_argument("--out", required=True, help="the clusters CSV to write")
    add_force(parser)
    parser.add_argument(
        "--merge",
        choices=("none", "sure"),
        default="none",
        help="sure: merge the sure clusters into golden records (review clusters stay apart)",
    )
    parser.add_argument(
        "--source-priority",
        help="comma-separated file names, best first, for the golden records' values",
    )
    parser.add_argument(
        "--rule",
        action="append",
        metavar="FIELD=RULE",
        help="survivorship rule for one field of the golden records: most_complete, "
        "most_recent, source_priority, longest or source:<file name> (repeatable)",
    )
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


def _mappings(args: argparse.Namespace) -> list[str | None]:
    given: list[str] = args.mapping or []
    if given and len(given) != len(args.files):
        msg = f"give --mapping once per file ({len(args.files)} files, {len(given)} mappings)"
        raise DedupeError(msg)
    return list(given) or [None] * len(args.files)


def _rules(args: argparse.Namespace) -> MergeRules:
    priority = tuple(p.strip() for p in (args.source_priority or "").split(",") if p.strip())
    field_rules = {}
    for given in args.rule or []:
        name, sep, rule = given.partition("=")
        if not sep or not name.strip():
            msg = f"--rule takes FIELD=RULE, not {given!r}"
            raise DedupeError(msg)
        field_rules[name.strip()] = rule.strip()
    return MergeRules(source_priority=priority, field_rules=field_rules)


def _located(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.rename(
        {c: n for c, n in zip(lineage.LINEAGE, ("source", "sheet", "row")) if c in frame.columns}
    )


def run(args: argparse.Namespace) -> int:
    """Read, map and clean every file, find clusters across them, write them."""
    frames = [
        prepare_file(
            path, sheet=args.sheet, target="canonical", mapping=mapping, country=args.country
        ).cleaned.frame
        for path, mapping in zip(args.files, _mappings(args))
    ]
    found = find_duplicates(frames, entity=args.entity, households=not args.no_households)
    bands = ("sure",) if args.merge == "sure" else ()
    golden = golden_records(frames, found, rules=_rules(args), bands=bands)
    clusters = found.clusters.join(
        golden.crosswalk.select("row_index", "golden_id"), on="row_index", how="left"
    ).select(
        *lineage.location_exprs(),
        "cluster_id",
        pl.col("score").round(4),
        "band",
        "golden_id",
    )
    out = Path(args.out)
    written = [str(out)]
    folder, name = file_in_place(out, force=args.force)
    merged_files = ("golden.csv", "crosswalk.csv", "provenance.csv")
    with folder:
        for each in (name, *(merged_files if args.merge == "sure" else ())):
            folder.path(each)  # refuse an overwrite before writing any of them
        folder.write_csv(name, clusters)
        if args.merge == "sure":
            folder.write_csv("golden.csv", _located(golden.records))
            crosswalk = golden.crosswalk.drop("row_index", "existing_row_index")
            folder.write_csv("crosswalk.csv", _located(crosswalk))
            masked = pl.when(pl.col("field").is_in(list(MASKED_FIELDS)))
            provenance = golden.provenance.with_columns(
                masked.then(mask_expr(pl.col("value"))).otherwise(pl.col("value")).alias("value")
            ).drop("row_index")
            folder.write_csv("provenance.csv", _located(provenance))
            written += [str(out.parent / n) for n in merged_files]
    counts = {
        str(band): int(n) for band, n in clusters.group_by("band").len().sort("band").iter_rows()
    }
    merged = {
        "records": clusters.height,
        "clients": golden.records.height,
        "review_clusters": int(
            found.clusters.filter(pl.col("band") == "review")["cluster_id"].n_unique()
        ),
    }
    thresholds = {k: v.reason for k, v in found.thresholds.items()}
    vetoes = {k: f"{v.rule}: {v.reason}" for k, v in found.vetoes.items()}
    if args.json:
        model = {"basis": found.model.basis, "reason": found.model.basis_reason}
        report = {
            "records": counts,
            "merge": merged,
            "model": model,
            "thresholds": thresholds,
            "vetoes": vetoes,
        }
        print(json.dumps(report, indent=2))
    else:
        print(", ".join(f"{n} {band}" for band, n in counts.items()) + f" -> {written[0]}")
        if args.merge == "sure":
            print(
                f"  merged {merged['records']} records into {merged['clients']} clients; "
                f"{merged['review_clusters']} clusters await review -> {', '.join(written[1:])}"
            )
        for name, reason in thresholds.items():
            print(f"  {name}: {reason}")
        for name, reason in vetoes.items():
            print(f"  veto on {name} ({reason})")
    return 0
