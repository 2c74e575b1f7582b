"""Header-matching benchmark: top-1 accuracy of the pre-selected field on real export headers.

``benchmarks/headers_labelled.csv`` holds real header rows of the tools firms export from
(Outlook in English, French, German and Dutch, Google, Thunderbird, Xero, MYOB, HubSpot,
Salesforce, LinkedIn, Mailchimp, QuickBooks, XPM, Karbon, AdminPulse, Square), each header
labelled with the canonical field a person maps it to (empty: left out). ``evidence`` says how
the header row is known (see the matching file in ``clientmig/_data/sources/``). ``split``:
``dev`` rows were labelled before the synonyms were tuned on them; ``heldout`` rows (Pipedrive,
Zoho CRM, Teamleader, Exact Online, Odoo, Lexoffice, written from how these tools label their
exports: inferred) were added afterwards and never tuned on, to show how far the matching
carries to tools it has not seen.

For each target the label is projected onto what that target takes: a field the target lacks
falls back to the one a person would pick (an office phone on TaxDome goes to Phone), else the
column is expected to stay unmapped; when several columns of one export carry the same
single-valued field, the first keeps it and the next overflows (second e-mail -> additional
e-mails) or stays unmapped. A header counts as right when the pre-selected field (or none)
equals that expectation.

    python benchmarks/headers.py [--target karbon --target taxdome] [--misses]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from clientmig.mapping import mappable_fields, suggest_mapping
from clientmig.target_schemas import canonical_fields

LABELS = Path(__file__).with_name("headers_labelled.csv")
TARGETS = ("karbon", "taxdome")
# What a person picks when the target lacks the header's own field.
FALLBACK: dict[str, tuple[str, ...]] = {
    "phone_office": ("phone",),
    "phone_home": ("phone",),
    "phone_mobile": ("phone",),
    "email_billing": ("email_additional",),
    "belongs_to": ("account_name",),
}
# Where a second column of a single-valued field goes (as clientmig.mapping overflows).
OVERFLOW = {"email": "email_additional", "phone": "phone_office"}


@dataclass(frozen=True, slots=True)
class Row:
    tool: str
    language: str
    header: str
    field: str | None
    evidence: str
    split: str = "dev"


def load(path: Path = LABELS) -> list[Row]:
    """The labelled headers, in file order."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Row(
                r["tool"],
                r["language"],
                r["header"],
                r["field"] or None,
                r["evidence"],
                r.get("split") or "dev",
            )
            for r in csv.DictReader(fh)
        ]


def exports(rows: Iterable[Row]) -> dict[tuple[str, str], list[Row]]:
    """One header row per (tool, language), in file order."""
    out: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in rows:
        out[(r.tool, r.language)].append(r)
    return dict(out)


def expected(headers: list[Row], target: str) -> list[str | None]:
    """The field each header should be pre-selected as on this target (None: left out)."""
    allowed = set(mappable_fields(target))
    canon = canonical_fields()
    taken: set[str] = set()
    out: list[str | None] = []
    for r in headers:
        f = r.field
        if f is not None and f not in allowed:
            f = next((g for g in FALLBACK.get(f, ()) if g in allowed), None)
        if f is not None and not canon[f].multi:
            if f in taken:
                over = OVERFLOW.get(f)
                f = over if over in allowed and (canon[over].multi or over not in taken) else None
            if f is not None and not canon[f].multi:
                taken.add(f)
        out.append(f)
    return out


def score(target: str, rows: list[Row]) -> dict[str, object]:
    """Top-1 accuracy of the pre-selected field on one target, with every miss."""
    right = total = 0
    misses: list[str] = []
    per_tool: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (tool, lang), headers in exports(rows).items():
        mapping = suggest_mapping([r.header for r in headers], target)
        chosen = {
            rule.column: (rule.field if rule.action == "sync" else None) for rule in mapping.rules
        }
        for r, want in zip(headers, expected(headers, target), strict=True):
            got = chosen.get(r.header)
            ok = got == want
            right += ok
            total += 1
            per_tool[f"{tool} ({lang})"][0] += ok
            per_tool[f"{tool} ({lang})"][1] += 1
            if not ok:
                misses.append(f"{tool} ({lang}): {r.header!r} -> {got}, expected {want}")
    return {
        "target": target,
        "headers": total,
        "top1_accuracy": round(right / total, 4) if total else 0.0,
        "per_export": {k: f"{a}/{b}" for k, (a, b) in sorted(per_tool.items())},
        "misses": misses,
    }


def summary(rows: list[Row]) -> dict[str, int]:
    """Size of the labelled set: headers, tools, exports, languages."""
    return {
        "headers": len(rows),
        "tools": len({r.tool.split()[0] for r in rows}),
        "exports": len(exports(rows)),
        "languages": len({r.language for r in rows}),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", action="append", help="karbon, taxdome, ...")
    parser.add_argument("--misses", action="store_true", help="list every wrong header")
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default="all")
    args = parser.parse_args(argv)
    rows = load()
    splits = ("dev", "heldout") if args.split == "all" else (args.split,)
    report: dict[str, object] = {"labelled": summary(rows)}
    for split in splits:
        part = [r for r in rows if r.split == split]
        results = []
        for t in args.target or TARGETS:
            result = score(t, part)
            if not args.misses:
                missed = len(result["misses"])  # type: ignore[arg-type]
                result = {k: v for k, v in result.items() if k not in ("misses", "per_export")}
                result["misses"] = missed
            results.append(result)
        report[split] = results
    json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
