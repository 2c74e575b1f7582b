"""What the commands print after their work, every word from the catalogue (``cli.*``)."""

from __future__ import annotations

from typing import Any

from clientmig._messages import text, texts
from clientmig.export.summary import ExportSummary
from clientmig.validation import Report

TOP_CODES = 15
"""Issue codes listed under the summary line, most frequent first."""


def validation_text(report: Report) -> str:
    """The summary line and the most frequent codes."""
    s = report.summary
    line = text(
        "cli.validate.summary",
        rows=s["rows"],
        valid=s["valid"],
        rejected=s["rejected"],
        errors=s["issues"]["error"],
        warnings=s["issues"]["warning"],
        infos=s["issues"]["info"],
    )
    top = sorted(s["by_code"].items(), key=lambda kv: -kv[1])[:TOP_CODES]
    return "\n".join([line, *(f"  {n:>7}  {code}" for code, n in top)])


def export_text(summary: ExportSummary) -> str:
    """An export's import summary as a plain table."""
    t = summary
    heads = [text(f"cli.reconcile.{k}") for k in ("table", "create", "update", "skipped")]
    width = max([len(table.title) for table in t.tables] + [len(heads[0])])
    n = [max(7, len(h)) for h in heads[1:]]
    lines = [text("cli.reconcile.export_title", target=t.target)]
    lines.append(
        f"  {heads[0]:<{width}}  {heads[1]:>{n[0]}}  {heads[2]:>{n[1]}}  {heads[3]:>{n[2]}}"
    )
    for table in t.tables:
        counts = f"{table.create:>{n[0]}}  {table.update:>{n[1]}}  {table.skipped:>{n[2]}}"
        lines.append(f"  {table.title:<{width}}  {counts}")
        reasons = sorted(table.skipped_reasons.items(), key=lambda kv: (-kv[1], kv[0]))
        for code, count in reasons:
            reason = text("cli.reconcile.skipped_reason", count=count, code=code)
            lines.append(f"  {'':<{width}}    {reason}")
    if t.not_imported:
        lines.append("  " + text("cli.reconcile.not_imported", count=t.not_imported))
    if t.neutralised_cells:
        lines.append("  " + text("cli.reconcile.neutralised", count=t.neutralised_cells))
    if t.rejected_masked is not None:
        kept = "rejected_masked" if t.rejected_masked else "rejected_kept"
        lines.append("  " + text(f"cli.reconcile.{kept}"))
    lines.append("  " + text("cli.reconcile.files", files=", ".join(t.files)))
    return "\n".join(lines)


# The run's step names (pipeline.RunResult.steps keys) and their catalogue keys.
_STEPS = {
    "rows": "cli.run.rows",
    "links": "cli.run.links",
    "links after decisions": "cli.run.links_after",
    "organisations created by link decisions": "cli.run.created",
    "decisions": "cli.run.decisions",
}
_DECISIONS = {"applied": "cli.run.applied", "no longer apply": "cli.run.stale"}
_DECISIONS["need a person"] = "cli.run.open"
_PER_ENTITY = {"duplicate clusters": "cli.run.clusters", "merged": "cli.run.merged"}


def _step_label(key: str) -> str:
    """``duplicate clusters (person)`` -> ``groepen dubbels (personen)``; unknown keys as they
    are."""
    if key in _STEPS:
        return text(_STEPS[key])
    head, _, entity = key.partition(" (")
    if head in _PER_ENTITY and entity.endswith(")"):
        entity = entity[:-1]
        label = f"cli.run.{entity}"
        return text(_PER_ENTITY[head], entity=text(label) if label in texts("en") else entity)
    return key


def _step_value(key: str, value: Any) -> str:
    if isinstance(value, dict):
        if key == "decisions":
            return ", ".join(
                text(_DECISIONS[k], count=v) if k in _DECISIONS else f"{k} {v}"
                for k, v in value.items()
            )
        return ", ".join(f"{_count_word(k)} {v}" for k, v in value.items())
    if value == "not searched: nothing to compare":
        return text("cli.run.not_searched")
    return str(value)


def _count_word(key: str) -> str:
    label = f"cli.links.counts.{key}"
    return text(label) if label in texts("en") else key.replace("_", " ")


def run_text(result: Any) -> str:
    """A run's (or an export's) report: validation, import summary, steps and problems."""
    parts = [validation_text(result.report)]
    if result.export is not None:
        parts.append(export_text(result.export))
    for key, value in result.steps.items():
        parts.append(f"{_step_label(key)}: {_step_value(key, value)}")
    parts.extend(text("cli.run.problem", problem=p) for p in result.problems)
    return "\n".join(parts)
