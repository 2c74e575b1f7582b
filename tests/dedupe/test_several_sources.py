"""Several inputs matched within and across files; golden records with provenance."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest

from clientmig.cli import main
from clientmig.dedupe import Duplicates, MergeRules, find_duplicates, merge_duplicates
from clientmig.dedupe.merge import golden_records
from clientmig.errors import DedupeError

SAMPLES = Path(__file__).resolve().parents[2] / "sample_data" / "three_sources"
FILES = ("practice_clients.csv", "outlook_contacts.csv", "google_contacts.csv")


def _people(source: str, rows: list[tuple[str, str, str | None, str | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows, schema=["first_name", "last_name", "email", "phone"], orient="row"
    ).with_columns(
        _source=pl.lit(source),
        _sheet=pl.lit(None, pl.String),
        _row=pl.int_range(pl.len(), dtype=pl.Int64) + 2,
    )


def test_two_frames_match_across_and_keep_their_lineage() -> None:
    crm = _people(
        "crm.csv",
        [("Jan", "Peeters", "jan.peeters@telenet.be", "+32470111222")]
        + [(f"P{i}", f"Naam{i}", f"p{i}@x.be", f"+3247{i:07d}") for i in range(30)],
    )
    outlook = _people("outlook.csv", [("Johannes", "Peeters", "JAN.PEETERS@telenet.be", None)])
    dup = find_duplicates([crm, outlook])
    clusters = dup.clusters.sort("row_index")
    assert clusters.height == crm.height + 1
    assert clusters["_source"].to_list()[-1] == "outlook.csv"
    assert clusters["cluster_id"][0] == clusters["cluster_id"][-1]
    assert clusters["band"][0] != "distinct"


def test_a_frame_without_lineage_is_named_by_position() -> None:
    bare = pl.DataFrame({"first_name": ["Jan", "Els"], "last_name": ["Maes", "Claes"]})
    dup = find_duplicates([bare, bare])
    assert set(dup.clusters["_source"]) == {"<input 1>", "<input 2>"}
    with pytest.raises(DedupeError, match="no input"):
        find_duplicates([])


def _forced(frame: pl.DataFrame) -> Duplicates:
    clusters = frame.select(
        row_index=pl.int_range(pl.len(), dtype=pl.Int64),
        _source="_source",
        _sheet="_sheet",
        _row="_row",
        is_existing=pl.lit(value=False),
        cluster_id=pl.lit(0, pl.Int64),
        core_id=pl.lit(0, pl.Int64),
        score=pl.lit(0.99),
        band=pl.lit("sure"),
    )
    return replace(find_duplicates(frame, fields=["first_name", "last_name"]), clusters=clusters)


def _client() -> pl.DataFrame:
    return pl.concat(
        [
            _people("practice.csv", [("Frederik", "Claes", "frederik@gmail", "0470 11 12 13")]),
            _people(
                "outlook.csv",
                [("Fred", "Claes", "Frederik.Claes@telenet.be", "+32470111213")],
            ),
            _people("google.csv", [("Fred", "CLAES", "frederik.claes@telenet.be", None)]),
        ]
    )


def test_valid_values_win_and_variants_count_once() -> None:
    frame = _client()
    built = golden_records(frame, _forced(frame))
    row = built.records.row(0, named=True)
    # the practice e-mail has no top-level domain: the valid one wins though the row ranks first
    assert row["email"].lower() == "frederik.claes@telenet.be"
    assert row["email_additional"] == "frederik@gmail"  # kept, once; the case variant is gone
    assert row["phone_additional"] is None  # 0470 11 12 13 and +32470111213 are one number
    assert built.crosswalk["golden_id"].to_list() == [0, 0, 0]


def test_provenance_names_file_row_value_and_rule() -> None:
    frame = _client()
    rules = MergeRules(field_rules={"first_name": "longest", "last_name": "source:google.csv"})
    built = golden_records(frame, _forced(frame), rules=rules)
    prov = {r["field"]: r for r in built.provenance.iter_rows(named=True)}
    assert built.records["first_name"].to_list() == ["Frederik"]
    assert (prov["first_name"]["_source"], prov["first_name"]["rule"]) == (
        "practice.csv",
        "longest",
    )
    assert built.records["last_name"].to_list() == ["CLAES"]
    assert prov["last_name"]["_source"] == "google.csv"
    assert prov["last_name"]["_row"] == 2
    assert prov["email_additional"]["value"] == "frederik@gmail"
    with pytest.raises(DedupeError, match="survivorship rule"):
        MergeRules(field_rules={"city": "newest"})


def test_merge_sure_never_joins_a_vetoed_pair() -> None:
    frame = _client()
    forced = _forced(frame)
    vetoed = forced.pairs.head(0).vstack(
        forced.pairs.head(1).with_columns(
            left_index=pl.lit(0, pl.Int64), right_index=pl.lit(1, pl.Int64), veto=pl.lit("x")
        )
    )
    golden, crosswalk = merge_duplicates(frame, replace(forced, pairs=vetoed), bands=("sure",))
    assert golden.height == 3
    assert crosswalk["golden_id"].to_list() == [0, 1, 2]


def test_cli_matches_three_exports_and_writes_golden_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "clusters.csv"
    files = [str(SAMPLES / f) for f in FILES]
    assert main(["dedupe", *files, "--out", str(out), "--merge", "sure", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    clusters = pl.read_csv(out)
    truth = pl.read_csv(SAMPLES / "truth.csv")
    assert clusters.height == truth.height
    assert clusters.columns[-1] == "golden_id"
    golden = pl.read_csv(tmp_path / "golden.csv", infer_schema=False)
    crosswalk = pl.read_csv(tmp_path / "crosswalk.csv")
    assert crosswalk.height == truth.height
    assert report["merge"]["clients"] == golden.height
    assert golden.height < truth.height
    labelled = crosswalk.with_columns(pl.col("source").str.extract(r"([^/]+)$")).join(
        truth, on=["source", "row"]
    )
    # no golden record holds two real clients (households and namesakes stay apart)
    assert labelled.group_by("golden_id").agg(pl.col("client").n_unique())["client"].max() == 1
    provenance = pl.read_csv(tmp_path / "provenance.csv", infer_schema=False)
    assert {"golden_id", "field", "value", "source", "sheet", "row", "rule"} == set(
        provenance.columns
    )
    ids = provenance.filter(pl.col("field") == "national_id")["value"]
    assert ids.str.contains(r"\*").all()  # masked in the report


def test_cli_says_in_one_line_when_mappings_do_not_fit_the_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(SAMPLES / f) for f in FILES[:2]]
    mapping = tmp_path / "m.json"
    mapping.write_text("{}", encoding="utf-8")
    code = main(["dedupe", *files, "--out", str(tmp_path / "c.csv"), "--mapping", str(mapping)])
    err = capsys.readouterr().err
    assert code != 0
    assert "once per file (2 files, 1 mappings)" in err
    assert "Traceback" not in err


def test_cli_without_merge_gives_each_row_its_own_golden_id(tmp_path: Path) -> None:
    out = tmp_path / "clusters.csv"
    assert main(["dedupe", *(str(SAMPLES / f) for f in FILES[1:]), "--out", str(out)]) == 0
    clusters = pl.read_csv(out)
    assert clusters["golden_id"].n_unique() == clusters.height
    assert not (tmp_path / "golden.csv").exists()
