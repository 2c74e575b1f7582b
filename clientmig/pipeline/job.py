"""The main job: read, map, clean, validate, links, duplicates, export: replayed from a recipe.

:func:`prepare` reads and maps every input of a recipe into one canonical frame and cleans it;
:func:`run` continues through links, duplicates and validation, and writes the platform files,
the rejected rows, the issues, an HTML report and a JSON summary. Decisions taken in notebooks
(mappings, accepted fixes, link and duplicate decisions) come from the recipe; a decision that
no longer fits the data is reported by name in ``RunResult.problems``, never skipped silently.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import polars as pl

from clientmig import lineage
from clientmig._messages import text
from clientmig._progress import Steps
from clientmig.cleaning import CleanOptions, clean
from clientmig.errors import ExportError, RecipeError
from clientmig.export.feedback import (
    FEEDBACK_NAMES,
    origin_column,
    origin_expr,
    write_rows_to_fix,
)
from clientmig.export.files import OutputFolder
from clientmig.export.guide import GUIDE_FILE, guide_text
from clientmig.export.platform import export_files, refuse_existing
from clientmig.export.privacy import MaskingFilter
from clientmig.export.report_page import report_page
from clientmig.export.summary import ExportSummary
from clientmig.io import ReadResult, read_table, read_workbook_tables
from clientmig.issues import concat_issues
from clientmig.mapping import ColumnMapping, suggest_mapping
from clientmig.mapping.client_sheets import refuse_several_sheets, sheets_of_clients
from clientmig.mapping.left_out import ignored_columns
from clientmig.mapping.usable import refuse_unusable
from clientmig.pipeline.recipe import Recipe, RecipeInput
from clientmig.validation import Fixes, Report, apply_fixes, validate

log = logging.getLogger("clientmig")
log.addFilter(MaskingFilter())
# The files every run writes beside the import files.
RUN_FILES = ("issues.csv", "report.html", "summary.json", GUIDE_FILE)
# The source of organisations a link decision creates (they come from no file row).
LINK_DECISIONS = "<link decisions>"


@dataclass(frozen=True)
class Prepared:
    """Inputs read, mapped, fixed and cleaned: ready for links, duplicates and validation."""

    frame: pl.DataFrame
    issues: pl.DataFrame
    mappings: dict[str, ColumnMapping]
    columns: dict[str, str]
    problems: tuple[str, ...] = ()
    raw: tuple[tuple[str, pl.DataFrame], ...] = ()


@dataclass(frozen=True)
class RunResult:
    """What a run produced."""

    report: Report
    export: ExportSummary | None
    files: tuple[str, ...]
    problems: tuple[str, ...] = ()
    steps: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (no personal data)."""
        return {
            "validation": self.report.summary,
            "export": self.export.to_dict() if self.export else None,
            "files": list(self.files),
            "problems": list(self.problems),
            "steps": self.steps,
        }

    def to_text(self) -> str:
        """Printed by the CLI."""
        parts = [self.report.to_text()]
        if self.export is not None:
            parts.append(self.export.to_text())
        for key, value in self.steps.items():
            if isinstance(value, dict):  # counts read as words, not as a Python dict
                value = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in value.items())
            parts.append(f"{key}: {value}")
        parts.extend(f"problem: {p}" for p in self.problems)
        return "\n".join(parts)


def prepare(recipe: Recipe, inputs: Sequence[str | Path]) -> Prepared:
    """Read and map every recipe input, apply accepted fixes, clean."""
    if not inputs:
        raise RecipeError("give at least one input file")
    items = recipe.inputs or tuple(
        RecipeInput(table=f"{Path(p).stem} {sheet}" if sheet else Path(p).stem, slot=i, sheet=sheet)
        for i, p in enumerate(inputs)
        for sheet in (tuple(sheets_of_clients(p, recipe.target)) or (None,))
    )
    frames: list[pl.DataFrame] = []
    read_issues: list[pl.DataFrame] = []
    mappings: dict[str, ColumnMapping] = {}
    columns: dict[str, str] = {}
    headers: dict[str, dict[str, str]] = {}  # each file's own headers, for its rows' issues
    problems: list[str] = []
    raw: list[tuple[str, pl.DataFrame]] = []
    for item in items:
        if item.slot >= len(inputs):
            raise RecipeError(
                f"the recipe's input {item.table!r} expects file number {item.slot + 1}, "
                f"but only {len(inputs)} file(s) were given"
            )
        path = inputs[item.slot]
        sheet = refuse_several_sheets(path, item.sheet, recipe.target)  # never one of several
        read = read_table(path, sheet=sheet, **dict(item.read))
        read_issues.append(read.issues)
        raw.append((str(path), read.frame))
        if item.mapping is not None:
            mapping = _recipe_mapping(item)
            extra = [
                c
                for c in read.columns
                if c not in {r.column for r in mapping.rules} | FEEDBACK_NAMES
            ]
            if extra:
                problems.append(
                    text(
                        "cli.problems.new_columns",
                        file=Path(path).name,
                        columns=", ".join(map(repr, extra)),
                    )
                )
        else:
            mapping = suggest_mapping(read.frame, recipe.target)
        refuse_unusable(path, read.frame, mapping)  # never an empty import written silently
        read_issues.append(ignored_columns(read.frame, mapping))  # each said once
        mappings[item.table] = mapping
        frames.append(mapping.apply(read.frame))
        for fname, header in mapping.column_of().items():
            columns.setdefault(fname, header)
        for source in frames[-1].get_column(lineage.SOURCE).unique().drop_nulls().to_list():
            headers.setdefault(source, mapping.column_of())
    replaced: set[str] = set()
    used = {i.slot for i in items}
    for slot, path in enumerate(inputs):
        if slot in used:
            continue
        # A file beyond the recipe's (a corrected file to fix): each of its tables takes the
        # mapping of the recipe input whose columns it has.
        for read in _tables(path):
            origin = origin_column(read.columns)
            if origin is not None:
                replaced |= set(read.frame[origin].drop_nulls().to_list())
            read_issues.append(read.issues)
            raw.append((str(path), read.frame))
            mapping = _mapping_for(read.columns, mappings) or suggest_mapping(
                read.frame, recipe.target
            )
            read_issues.append(ignored_columns(read.frame, mapping))
            frames.append(mapping.apply(read.frame))
            for source in frames[-1].get_column(lineage.SOURCE).unique().drop_nulls().to_list():
                headers.setdefault(source, mapping.column_of())
    frame = pl.concat(frames, how="diagonal_relaxed") if len(frames) > 1 else frames[0]
    if replaced:
        before = frame.height
        frame = frame.filter(~origin_expr().is_in(list(replaced)))
        problems.append(text("cli.problems.replaced", count=before - frame.height))
    fixes = Fixes.from_dict(recipe.section("fixes") or {})
    frame, stale = apply_fixes(frame, fixes)
    problems.extend(stale)
    options = CleanOptions.from_dict(recipe.options.get("clean", {}))
    cleaned = clean(frame, None, columns=columns, options=options, headers=headers)
    issues = concat_issues([*read_issues, cleaned.issues])
    if replaced:
        where = pl.concat_str(
            [pl.col("source").fill_null(""), pl.col("sheet").fill_null(""), pl.col("row")],
            separator=" | ",
        )
        issues = issues.filter(~where.is_in(list(replaced)).fill_null(value=False))
    return Prepared(cleaned.frame, issues, mappings, columns, tuple(problems), tuple(raw))


def _tables(path: str | Path) -> list[ReadResult]:
    """Every table of a file: each sheet with rows of a workbook, or the file itself."""
    if Path(path).suffix.lower() in {".xlsx", ".xlsm"}:
        return [r for r in read_workbook_tables(path).values() if r.frame.height]
    return [read_table(path)]


def _mapping_for(
    headers: Sequence[str], mappings: dict[str, ColumnMapping]
) -> ColumnMapping | None:
    """The recipe mapping whose every column is among ``headers`` (the most columns wins)."""
    have = set(headers)
    fits = [m for m in mappings.values() if m.rules and {r.column for r in m.rules} <= have]
    return max(fits, key=lambda m: len(m.rules), default=None)


def run(
    recipe: Recipe | str | Path,
    inputs: Sequence[str | Path],
    *,
    out: str | Path,
    force: bool = False,
    progress: bool | None = None,
    mask_rejected: bool = False,
) -> RunResult:
    """Replay ``recipe`` on ``inputs`` and write everything into ``out``.

    ``progress`` shows a bar over the steps (default: in a terminal or notebook, not in CI);
    ``mask_rejected`` masks national numbers in the rejected file too.
    """
    if not isinstance(recipe, Recipe):
        recipe = Recipe.load(recipe)
    with (
        OutputFolder(out, force=force) as folder,
        Steps(5, "clientmig run", enabled=progress) as bar,
    ):
        for name in RUN_FILES:  # refuse an overwrite before any work
            folder.path(name)
        refuse_existing(folder, recipe.target)
        return _run(recipe, inputs, folder, force, bar, mask_rejected=mask_rejected)


def _run(
    recipe: Recipe,
    inputs: Sequence[str | Path],
    out: OutputFolder,
    force: bool,
    bar: Steps,
    *,
    mask_rejected: bool,
) -> RunResult:
    prepared = prepare(recipe, inputs)
    bar.step("read, map, clean")
    frame = prepared.frame
    found = [prepared.issues]
    problems = list(prepared.problems)
    steps: dict[str, Any] = {"rows": frame.height}
    options = dict(recipe.options)
    merged_away = frame.clear().select(lineage.LINEAGE)  # rows merged into a golden record
    if options.get("links", True):
        frame, link_issues, link_problems, link_steps = _links(frame, recipe, prepared.columns)
        found.append(link_issues)
        problems.extend(link_problems)
        steps.update(link_steps)
    bar.step("links")
    if options.get("merge") == "sure":
        frame, merge_problems, merge_steps, merged_away = _merge_sure(frame, recipe)
        problems.extend(merge_problems)
        steps.update(merge_steps)
    if options.get("duplicates", True):
        dup_issues, dup_steps = _duplicates(frame, recipe)
        found.append(dup_issues)
        steps.update(dup_steps)
    bar.step("duplicates")
    clean_options = CleanOptions.from_dict(options.get("clean", {}))
    report = validate(
        frame,
        recipe.target,
        issues=concat_issues(found),
        columns=prepared.columns,
        options=clean_options,
    )
    accepted = accept_codes(report, options.get("accept", ()))
    report = report.decided()
    _check_rows(prepared.frame, report, merged=merged_away)
    steps["decisions"] = _decision_counts(recipe, prepared, accepted, report)
    bar.step("validate")
    summary = export_files(
        report, recipe.target, out.root, force=force, mask_rejected=mask_rejected
    )
    written = list(summary.files)
    written.extend(write_rows_to_fix(prepared.raw, report.rejected, out, force=force))
    written.append(report.write_issues(out.root / "issues.csv", force=force).name)
    # The page names every file in the folder, itself, the guide and the summary included.
    names = [*written, "report.html", GUIDE_FILE, "summary.json"]
    page = report_page(report, summary=summary, files=names)
    written.append(out.write_text("report.html", page, overwrite=force).name)
    guide = guide_text(summary, warnings=report.summary["issues"]["warning"])
    written.append(out.write_text(GUIDE_FILE, guide, overwrite=force).name)
    result = RunResult(report, summary, tuple(written), tuple(problems), steps)
    out.write_text(
        "summary.json", json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"
    )
    bar.step("export")
    log.info("run finished: %d rows, %d files", frame.height, len(written))
    return replace(result, files=(*written, "summary.json"))


# Suggestions a validator makes only when it is sure of them: `--accept certain` takes these.
# A misspelt provider (email.typo_domain) is likely, not certain: accept it by its code.
CERTAIN = ("read.mojibake", "text_damage.mojibake")


def accept_codes(report: Report, wanted: Sequence[str] | str) -> int:
    """Accept the suggestions of ``wanted`` codes on ``report`` (``certain``: :data:`CERTAIN`);
    return how many were accepted. Unknown words are refused before anything is read."""
    codes = _codes(wanted)
    if not codes:
        return 0
    _, fixes = report.accept(code=codes)
    return len(fixes)


def _codes(wanted: Sequence[str] | str) -> list[str]:
    words = [wanted] if isinstance(wanted, str) else list(wanted)
    codes: list[str] = []
    for word in (w.strip() for item in words for w in str(item).split(",")):
        if not word:
            continue
        if word == "certain":
            codes.extend(CERTAIN)
        elif "." in word:
            codes.append(word)
        else:
            raise RecipeError(
                f"--accept takes 'certain' or issue codes such as email.typo_domain, not {word!r}"
            )
    return list(dict.fromkeys(codes))


def _decision_counts(
    recipe: Recipe, prepared: Prepared, accepted: int, report: Report
) -> dict[str, int]:
    """Decisions applied, no longer applying (each named in ``problems``), and still open."""
    saved = len((recipe.section("fixes") or {}).get("fixes", []))
    stale = sum(1 for p in prepared.problems if p.startswith("fix for "))
    open_items = report.issues.filter(
        (pl.col("severity") == "warning")
        & (pl.col("suggestion").is_not_null() | pl.col("code").str.starts_with("link."))
    )
    return {
        "applied": saved - stale + accepted,
        "no longer apply": stale,
        "need a person": open_items.height,
    }


def _merge_sure(
    frame: pl.DataFrame, recipe: Recipe
) -> tuple[pl.DataFrame, list[str], dict[str, Any], pl.DataFrame]:
    """Merge each sure duplicate cluster into its golden record (review clusters wait for a
    person; a saved "different clients" decision always wins). The last item is the lineage of
    the rows merged into another one's golden record, for the row count."""
    import warnings

    from clientmig.dedupe import default_fields, find_duplicates, merge_duplicates
    from clientmig.dedupe.decisions import ClusterDecision

    saved = [
        ClusterDecision.from_dict(d)
        for d in (recipe.section("duplicates") or {}).get("decisions", [])
    ]
    problems: list[str] = []
    steps: dict[str, Any] = {}
    parts: list[pl.DataFrame] = []
    merged_away: list[pl.DataFrame] = []
    rest = frame
    for entity in ("person", "organization"):
        if "record_type" not in frame.columns:
            break
        rows = frame.filter(pl.col("record_type") == entity)
        rest = rest.filter(pl.col("record_type") != entity)
        if rows.height < 2 or not default_fields(rows.columns, entity):
            parts.append(rows)
            continue
        dups = find_duplicates(rows, entity=entity)
        sure_only = replace(
            dups,
            clusters=dups.clusters.with_columns(
                pl.when(pl.col("band") == "review")
                .then(pl.lit("distinct"))
                .otherwise(pl.col("band"))
                .alias("band")
            ),
        )
        distinct = [d for d in saved if d.verdict == "distinct"]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            golden, crosswalk = merge_duplicates(rows, sure_only, distinct)
        problems.extend(str(w.message) for w in caught)
        merged_away.append(crosswalk.filter(~pl.col("is_survivor")).select(lineage.LINEAGE))
        merged = golden.drop("golden_id")
        steps[f"merged ({entity})"] = rows.height - golden.height
        parts.append(merged)
    parts.append(rest)
    out = pl.concat([p for p in parts if p.width], how="diagonal_relaxed")
    away = pl.concat(merged_away) if merged_away else frame.clear().select(lineage.LINEAGE)
    return out, problems, steps, away


def _links(
    frame: pl.DataFrame, recipe: Recipe, columns: dict[str, str]
) -> tuple[pl.DataFrame, pl.DataFrame, list[str], dict[str, Any]]:
    """Belongs-to links of people to organisations, with the recipe's link decisions."""
    from clientmig.links import LinkDecisions, apply_link_fixes, check_links

    people = frame.filter(pl.col("record_type") == "person")
    orgs = frame.filter(pl.col("record_type") == "organization")
    if people.is_empty() or orgs.is_empty() or "belongs_to" not in frame.columns:
        return frame, concat_issues([]), [], {}
    decisions = LinkDecisions.from_dict(recipe.section("links") or {})
    links = check_links(people, orgs, columns=columns)
    auto = links.decisions(mechanical_only=True).items
    decided = LinkDecisions({**auto, **decisions.items})
    # Automatic decisions come from these very people, so only the recipe's can be stale.
    fixed_people, problems = apply_link_fixes(people, decided)
    created = pl.DataFrame(
        {
            "organization_name": decided.created(),
            "record_type": "organization",
            "account_name": decided.created(),
            "account_type": "Company",
        },
        schema=dict.fromkeys(
            ("organization_name", "record_type", "account_name", "account_type"), pl.String
        ),
    ).with_columns(
        # Organisations created by a link decision come from no file row.
        pl.lit(LINK_DECISIONS).alias(lineage.SOURCE),
        pl.lit(None, pl.String).alias(lineage.SHEET),
        (pl.int_range(pl.len(), dtype=pl.Int64) + 1).alias(lineage.ROW),
    )
    merged = pl.concat([fixed_people, orgs, created], how="diagonal_relaxed").sort(
        [lineage.SOURCE, lineage.SHEET, lineage.ROW], nulls_last=True, maintain_order=True
    )
    # Values a person decided in the recipe are settled; mechanical fixes stay visible.
    decided_by_person = [v for v in decisions.items if v not in auto]
    issues = links.issues.filter(
        ~(pl.col("field").eq("belongs_to") & pl.col("value").is_in(decided_by_person))
    )
    after = check_links(
        fixed_people, pl.concat([orgs, created], how="diagonal_relaxed"), columns=columns
    )
    steps = {
        "links": links.counts(),
        "links after decisions": after.counts(),
        "organisations created by link decisions": created.height,
    }
    return merged, issues, problems, steps


def _duplicates(frame: pl.DataFrame, recipe: Recipe) -> tuple[pl.DataFrame, dict[str, Any]]:
    """Duplicate clusters as ``duplicate.member`` warnings (merging is a reviewed decision)."""
    from clientmig.dedupe.issues import duplicate_issues

    return duplicate_issues(frame, recipe.section("duplicates"))


def _recipe_mapping(item: RecipeInput) -> ColumnMapping:
    """An input's saved mapping; a malformed one is a RecipeError naming the input."""
    try:
        return ColumnMapping.from_dict(item.mapping or {})
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        detail = f"missing key {exc}" if isinstance(exc, KeyError) else str(exc)
        msg = f"the mapping of recipe input {item.table!r} is malformed ({detail})."
        raise RecipeError(msg) from None


def _check_rows(read: pl.DataFrame, report: Report, *, merged: pl.DataFrame) -> None:
    """Every row read is in the report (as often as it was read) or was merged into another
    row's golden record (``merged``), and valid + rejected covers the report; otherwise the run
    stops before writing anything, naming the rows."""
    keys = list(lineage.LINEAGE)
    mine = report.frame.filter(pl.col(lineage.SOURCE) != LINK_DECISIONS).select(keys)
    accounted = pl.concat([mine, merged.select(keys)], how="vertical_relaxed")
    lost = read.select(keys).join(accounted, on=keys, how="anti", nulls_equal=True)
    split = report.valid.height + report.rejected.height
    whole = accounted.height == read.height
    if lost.is_empty() and whole and split == report.frame.height:
        return
    named = ", ".join(f"{src} row {row}" for src, _, row in lost.head(5).iter_rows())
    msg = (
        f"rows were not conserved: {read.height} read, {mine.height} in the result"
        f" ({lost.height} missing{': ' + named if named else ''}), {split} valid or rejected"
        f" of {report.frame.height}; nothing was written."
    )
    raise ExportError(msg)
