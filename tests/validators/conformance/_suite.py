"""Run a reference suite's cases through ``cm.clean`` and sort each case into a verdict.

Verdicts: ``agree`` (same decision, same form), ``stricter`` (a valid case clientmig rejects on
purpose: the suite's allow-list), ``repaired`` (an invalid input whose wrapper or stray
characters clientmig removed, leaving a valid value and saying so), ``accepts_invalid``,
``rejects_valid`` and ``form_differs`` (accepted, but written in another form).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

import clientmig as cm

DATA = Path(__file__).parent / "data"
VERDICTS = ("agree", "stricter", "repaired", "accepts_invalid", "rejects_valid", "form_differs")


def load(name: str) -> dict[str, Any]:
    """The vendored suite ``name`` (see data/README.md for sources and licences)."""
    suite: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    # A lone surrogate cannot come out of any file (nor into a Polars string): not a case here.
    suite["cases"] = [c for c in suite["cases"] if _encodable(c["input"])]
    return suite


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class Outcome:
    """One case after ``cm.clean``: the value written and the issues of its row."""

    value: str
    written: str | None
    issues: list[dict[str, Any]]

    @property
    def rejected(self) -> bool:
        return any(i["severity"] == "error" for i in self.issues)


def run(field: str, values: Sequence[str], country: str, **columns: Sequence[str]) -> list[Outcome]:
    """Clean ``values`` as one column ``field`` (plus context ``columns``) under ``country``."""
    frame = pl.DataFrame({field: list(values), **{k: list(v) for k, v in columns.items()}})
    cleaned = cm.clean(frame, options=cm.CleanOptions(country=country, fields=[field]))
    issues = cleaned.issues.filter(pl.col("field") == field)
    rows = cleaned.frame["_row"].to_list()
    by_row: dict[int, list[dict[str, Any]]] = {}
    for issue in issues.iter_rows(named=True):
        by_row.setdefault(issue["row"], []).append(issue)
    written = cleaned.frame[field].to_list()
    return [Outcome(v, w, by_row.get(r, [])) for v, w, r in zip(values, written, rows, strict=True)]


def run_each(field: str, values: Iterable[str], country: str) -> list[Outcome]:
    """Clean every value alone (no column-level evidence from the other cases)."""
    return [run(field, [v], country)[0] for v in values]


def tally(verdicts: Iterable[str]) -> dict[str, int]:
    """Counts per verdict, every verdict present."""
    counts = Counter(verdicts)
    return {v: counts.get(v, 0) for v in VERDICTS}


def report(name: str, rows: Sequence[tuple[str, str]]) -> dict[str, int]:
    """Print ``name: counts`` (visible with ``pytest -s``) and the cases off agreement."""
    counts = tally(v for _, v in rows)
    print(f"\n{name} {len(rows)}: {counts}")
    for value, verdict in rows:
        if verdict not in ("agree", "stricter", "repaired"):
            print(f"  {verdict}: {value!r}")
    return counts
