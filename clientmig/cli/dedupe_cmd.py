"""``clientmig dedupe FILE [FILE...] --out CLUSTERS.csv``: one row per record with its cluster.

Each file is read, recognised and mapped on its own (its own source, sheet and mapping), then
records are matched within and across the files. The clusters file says, per record, where it
comes from (source, sheet, row), its cluster, score and band, why it matched in words (in
``--lang``), who the client is (name, e-mail, company; national numbers masked) and its golden
record. With ``--merge sure`` the sure clusters become golden records (never across a namesake
or household veto), written with the crosswalk and the per-field provenance next to it.

Reviewers who split the queue (``--reviewers N`` adds the ``reviewer`` column, by client key or
range) each save a decision file; ``--decisions a.json --decisions b.json`` merges them: the
decisions they agree on apply, records decided differently are listed as conflicts (exit 1,
the ``decision`` column says ``conflict``) and none of their decisions applies.
"""

from __future__ import annotations

import argparse
import json
import warnings
from pathlib import Path
from typing import Any

import polars as pl

from clientmig import lineage
from clientmig._messages import text
from clientmig.cli._input import COUNTRY_HELP, add_force, prepare_file
from clientmig.dedupe import Duplicates, MergeRules, find_duplicates
from clientmig.dedupe.decisions import (
    MergedDecisions,
    merge_decision_files,
    resolve_decisions,
    save_decisions,
)
from clientmig.dedupe.explain import explain_clusters, field_label
from clientmig.dedupe.inputs import stack_inputs
from clientmig.dedupe.merge import golden_records
from clientmig.dedupe.review import review_queue, share_of
from clientmig.errors import DedupeError
from clientmig.export.files import file_in_place
from clientmig.issues import MASKED_FIELDS, mask_expr

CONFLICT = "conflict"


def register(sub: Any) -> None:
    """Add the ``dedupe`` command."""
    parser = sub.add_parser(
        "dedupe",
        help=text("cli.dedupe.help.command"),
        description=text("cli.dedupe.help.about"),
    )
    parser.add_argument("files", metavar="FILE", nargs="+")
    parser.add_argument("--sheet", help=text("cli.dedupe.help.sheet"))
    parser.add_argument("--country", default="BE", help=COUNTRY_HELP)
    parser.add_argument("--entity", choices=("person", "organization"), default="person")
    parser.add_argument("--mapping", action="append", help=text("cli.dedupe.help.mapping"))
    parser.add_argument("--out", required=True, help=text("cli.dedupe.help.out"))
    add_force(parser)
    parser.add_argument(
        "--merge", choices=("none", "sure"), default="none", help=text("cli.dedupe.help.merge")
    )
    parser.add_argument("--source-priority", help=text("cli.dedupe.help.source_priority"))
    parser.add_argument(
        "--rule", action="append", metavar="FIELD=RULE", help=text("cli.dedupe.help.rule")
    )
    parser.add_argument(
        "--no-households", action="store_true", help=text("cli.dedupe.help.no_households")
    )
    parser.add_argument(
        "--decisions", action="append", metavar="FILE", help=text("cli.dedupe.help.decisions")
    )
    parser.add_argument(
        "--merged-decisions", metavar="FILE", help=text("cli.dedupe.help.merged_decisions")
    )
    parser.add_argument(
        "--reviewers", type=int, metavar="N", help=text("cli.dedupe.help.reviewers")
    )
    parser.add_argument(
        "--split-by", choices=("key", "range"), default="key", help=text("cli.dedupe.help.split")
    )
    parser.add_argument("--json", action="store_true", help=text("cli.dedupe.help.json"))
    parser.set_defaults(func=run)


def _mappings(args: argparse.Namespace) -> list[str | None]:
    given: list[str] = args.mapping or []
    if given and len(given) != len(args.files):
        msg = text("cli.dedupe.mapping_count", files=len(args.files), mappings=len(given))
        raise DedupeError(msg)
    return list(given) or [None] * len(args.files)


def _rules(args: argparse.Namespace) -> MergeRules:
    priority = tuple(p.strip() for p in (args.source_priority or "").split(",") if p.strip())
    field_rules = {}
    for given in args.rule or []:
        name, sep, rule = given.partition("=")
        if not sep or not name.strip():
            msg = text("cli.dedupe.bad_rule", given=repr(given))
            raise DedupeError(msg)
        field_rules[name.strip()] = rule.strip()
    return MergeRules(source_priority=priority, field_rules=field_rules)


def _located(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.rename(
        {c: n for c, n in zip(lineage.LINEAGE, ("source", "sheet", "row")) if c in frame.columns}
    )


def who(stacked: pl.DataFrame) -> pl.DataFrame:
    """Per stacked row (``row_index``): ``name``, ``email``, ``company`` and, where the data
    has it, the masked ``national_id``."""
    columns = stacked.columns

    def column(name: str) -> pl.Expr:
        return pl.col(name).cast(pl.String) if name in columns else pl.lit(None, pl.String)

    person = pl.concat_str(
        [column(c) for c in ("first_name", "last_name")], separator=" ", ignore_nulls=True
    )
    name = pl.coalesce(
        pl.when(person.str.strip_chars() != "").then(person),
        column("full_name"),
        column("organization_name"),
    )
    exprs = [name.alias("name"), column("email").alias("email")]
    exprs.append(column("organization_name").alias("company"))
    exprs += [mask_expr(column(c)).alias(c) for c in sorted(MASKED_FIELDS) if c in columns]
    return stacked.select(pl.int_range(pl.len(), dtype=pl.Int64).alias("row_index"), *exprs)


def _decision_column(
    found: Duplicates, merged: MergedDecisions | None, stacked: pl.DataFrame
) -> tuple[pl.DataFrame, int]:
    """``row_index, decision`` (verdict, ``conflict`` or null) and how many decisions are stale."""
    if merged is None:
        return found.clusters.select("row_index", decision=pl.lit(None, pl.String)), 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        applied, stale = resolve_decisions(found.clusters, merged.decisions, stacked)
    verdicts = pl.DataFrame(
        {"cluster_id": list(applied), "decision": [d.verdict for d in applied.values()]},
        schema={"cluster_id": pl.Int64, "decision": pl.String},
    )
    out = found.clusters.select("row_index", *lineage.LINEAGE, "cluster_id").join(
        verdicts, on="cluster_id", how="left"
    )
    disputed = [m for c in merged.conflicts for m in c.members]
    if disputed:
        schema = {lineage.SOURCE: pl.String, lineage.SHEET: pl.String, lineage.ROW: pl.Int64}
        keys = pl.DataFrame(disputed, schema=schema, orient="row").with_columns(
            _conflict=pl.lit(value=True)
        )
        out = out.join(
            keys, on=list(lineage.LINEAGE), how="left", nulls_equal=True, maintain_order="left"
        ).with_columns(
            decision=pl.when(pl.col("_conflict")).then(pl.lit(CONFLICT)).otherwise("decision")
        )
    return out.select("row_index", "decision"), len(stale)


def run(args: argparse.Namespace) -> int:
    """Read, map and clean every file, find clusters across them, write them."""
    frames = [
        prepare_file(
            path, sheet=args.sheet, target="canonical", mapping=mapping, country=args.country
        ).cleaned.frame
        for path, mapping in zip(args.files, _mappings(args))
    ]
    if args.reviewers is not None and args.reviewers < 1:
        msg = text("cli.dedupe.bad_reviewers", given=args.reviewers)
        raise DedupeError(msg)
    merged = merge_decision_files(args.decisions) if args.decisions else None
    found = find_duplicates(frames, entity=args.entity, households=not args.no_households)
    stacked = stack_inputs(frames)
    bands = ("sure",) if args.merge == "sure" else ()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # stale decisions are counted and printed below
        golden = golden_records(
            frames, found, merged.decisions if merged else (), rules=_rules(args), bands=bands
        )
    decisions, stale = _decision_column(found, merged, stacked)
    explained = explain_clusters(found)
    extra = []
    if args.reviewers:
        queue = review_queue(found, stacked, bands=("review",))
        shares = queue.select("cluster_id").with_columns(
            reviewer=share_of(queue, args.reviewers, by=args.split_by)
        )
        extra.append(shares)
    clusters = (
        found.clusters.join(explained, on="cluster_id", how="left")
        .join(who(stacked), on="row_index", how="left")
        .join(decisions, on="row_index", how="left")
        .join(golden.crosswalk.select("row_index", "golden_id"), on="row_index", how="left")
    )
    for shares in extra:
        clusters = clusters.join(shares, on="cluster_id", how="left")
    clusters = clusters.sort("row_index").select(
        *lineage.location_exprs(),
        "cluster_id",
        pl.col("score").round(4),
        "band",
        "explanation",
        "name",
        "email",
        "company",
        *(c for c in sorted(MASKED_FIELDS) if c in clusters.columns),
        *(["reviewer"] if args.reviewers else []),
        *(["decision"] if merged else []),
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
    if merged is not None and args.merged_decisions:
        save_decisions(args.merged_decisions, merged.decisions, force=args.force)
    return _report(args, found, clusters, golden.records.height, written, merged, stale)


def _report(
    args: argparse.Namespace,
    found: Duplicates,
    clusters: pl.DataFrame,
    clients: int,
    written: list[str],
    merged: MergedDecisions | None,
    stale: int,
) -> int:
    counts = {
        str(band): int(n) for band, n in clusters.group_by("band").len().sort("band").iter_rows()
    }
    waiting = pl.col("band") == "review"
    if "decision" in clusters.columns:  # decided review clusters no longer wait
        waiting &= pl.col("decision").is_null() | (pl.col("decision") == CONFLICT)
    review_clusters = clusters.filter(waiting)["cluster_id"].n_unique()
    summary = {"records": clusters.height, "clients": clients, "review_clusters": review_clusters}
    conflicts = list(merged.conflicts) if merged else []
    if args.json:
        report: dict[str, Any] = {
            "records": counts,
            "merge": summary,
            "model": {"basis": found.model.basis, "reason": found.model.basis_reason},
            "thresholds": {k: v.reason for k, v in found.thresholds.items()},
            "vetoes": {k: f"{v.rule}: {v.reason}" for k, v in found.vetoes.items()},
        }
        if merged is not None:
            report["decisions"] = {
                "files": dict(merged.sources),
                "applied": len(merged.decisions) - stale,
                "stale": stale,
                "conflicts": [
                    {
                        "members": [list(m) for m in c.members],
                        "decisions": {source: d.verdict for source, d in c.decisions},
                    }
                    for c in conflicts
                ],
            }
        if args.reviewers:
            report["reviewers"] = _per_reviewer(clusters, args.reviewers)
        print(json.dumps(report, indent=2))
        return 1 if conflicts else 0
    bands = ", ".join(text(f"cli.dedupe.bands.{b}", count=n) for b, n in counts.items())
    print(text("cli.dedupe.written", counts=bands, path=written[0]))
    if args.merge == "sure":
        print(
            text(
                "cli.dedupe.merged",
                records=summary["records"],
                clients=clients,
                review=review_clusters,
                files=", ".join(written[1:]),
            )
        )
    sure, review = found.thresholds["sure"].probability, found.thresholds["review"].probability
    print(text("cli.dedupe.sure_rule", sure=f"{sure:.0%}"))
    print(text("cli.dedupe.review_rule", review=f"{review:.0%}"))
    for name, check in found.vetoes.items():
        key = "cli.dedupe.veto" if check.trusted else "cli.dedupe.veto_weighed"
        print(text(key, field=field_label(name)))
    if args.reviewers:
        shares = ", ".join(
            text("cli.dedupe.reviewer_share", reviewer=r, count=n)
            for r, n in _per_reviewer(clusters, args.reviewers).items()
        )
        print(text("cli.dedupe.reviewers", shares=shares))
    if merged is not None:
        print(
            text(
                "cli.dedupe.decisions",
                applied=len(merged.decisions) - stale,
                files=len(merged.sources),
                stale=stale,
            )
        )
        for conflict in conflicts:
            rows = ", ".join(
                f"{Path(s or '').name}{'/' + sh if sh else ''}:{r}" for s, sh, r in conflict.members
            )
            verdicts = "; ".join(
                f"{Path(source).name} {text(f'ui.clusters.verdict.{d.verdict}')}"
                for source, d in conflict.decisions
            )
            print(text("cli.dedupe.conflict", rows=rows, verdicts=verdicts))
    return 1 if conflicts else 0


def _per_reviewer(clusters: pl.DataFrame, reviewers: int) -> dict[str, int]:
    """Clusters to review per reviewer, every reviewer named (0 when none fell to them)."""
    counted = dict(
        clusters.filter(pl.col("reviewer").is_not_null())
        .group_by("reviewer")
        .agg(pl.col("cluster_id").n_unique())
        .iter_rows()
    )
    return {str(r): int(counted.get(r, 0)) for r in range(1, reviewers + 1)}
