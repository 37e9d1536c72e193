"""Importing is all or nothing, idempotent, and keeps the most final release."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from ingest_samples import KS4_ROWS, ks4_text

from attain.ingest.problems import ReadOptions
from attain.services.imports import import_file
from attain.services.published_store import published_store

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def _snapshot(folder: Path) -> dict[Path, bytes]:
    root = folder / "published"
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} if root.exists() else {}


def _figures(folder: Path, measure: str = "ks4_att8") -> dict[str, tuple]:
    rows = published_store(folder).read("published").to_pylist()
    return {r["area_code"]: (r["value"], r["release"], r["source_file"])
            for r in rows if r["measure_id"] == measure}


def test_import_writes_figures_with_provenance(tmp_path: Path, ks4_file: Path) -> None:
    outcome = import_file(tmp_path, ks4_file, now=NOW)
    assert (outcome.status, outcome.kind) == ("imported", "dfe_ks4")
    row = next(r for r in published_store(tmp_path).read("published").to_pylist()
               if r["area_code"] == "882" and r["measure_id"] == "ks4_p8")
    # Southend's P8 row in the sample (real 2018/19 file): 0.11 (0.06 to 0.17), 1,947 pupils.
    assert (row["value"], row["ci_low"], row["ci_high"], row["denominator"]) == (
        0.11, 0.06, 0.17, 1947)
    assert (row["publisher"], row["release"], row["imported_at"]) == (
        "Department for Education", "final", "2026-11-25T12:00:00+00:00")
    ledger = published_store(tmp_path).read("imports").to_pylist()
    assert [(r["source_file"], r["kind"], r["rows"]) for r in ledger] == [
        ("england_ks4final.csv", "dfe_ks4", outcome.rows["published"])]


def test_reimport_is_a_no_op(tmp_path: Path, ks4_file: Path) -> None:
    import_file(tmp_path, ks4_file)
    before = _snapshot(tmp_path)
    assert import_file(tmp_path, ks4_file).status == "unchanged"
    assert _snapshot(tmp_path) == before


def test_a_file_with_errors_imports_nothing(tmp_path: Path, ks4_file: Path,
                                           ks4_dir: Path) -> None:
    import_file(tmp_path, ks4_file)
    before = _snapshot(tmp_path)
    bad = ks4_dir / "england_ks4_bad.csv"
    bad.write_text(ks4_text(rows=(KS4_ROWS[0].replace("35.7", "n/a"), KS4_ROWS[2])))
    outcome = import_file(tmp_path, bad)
    assert outcome.status == "rejected"
    assert [(p.row, p.column, p.value) for p in outcome.problems] == [(2, "ATT8SCR", "n/a")]
    assert _snapshot(tmp_path) == before


def test_skip_bad_rows_imports_the_rest_and_records_it(tmp_path: Path, ks4_dir: Path) -> None:
    bad = ks4_dir / "england_ks4_bad.csv"
    bad.write_text(ks4_text(rows=(KS4_ROWS[0].replace("35.7", "n/a"), KS4_ROWS[2])))
    outcome = import_file(tmp_path, bad, skip_bad_rows=True)
    assert (outcome.status, outcome.skipped_rows) == ("imported", 1)
    assert set(_figures(tmp_path)) == {"882"}  # the whole bad row is left out
    assert published_store(tmp_path).read("imports").column("skipped_rows").to_pylist() == [1]


def test_skip_bad_rows_does_not_skip_a_file_level_problem(tmp_path: Path) -> None:
    path = tmp_path / "england_ks4final.csv"  # no year in the path or the file
    path.write_text(ks4_text())
    assert import_file(tmp_path, path, skip_bad_rows=True).status == "rejected"
    assert not (tmp_path / "published").exists()


def test_later_release_replaces_earlier_but_not_the_reverse(tmp_path: Path,
                                                          ks4_dir: Path) -> None:
    provisional = ks4_dir / "england_ks4provisional.csv"
    provisional.write_text(ks4_text(rows=(KS4_ROWS[0],)))
    final = ks4_dir / "england_ks4final.csv"
    final.write_text(ks4_text(rows=(KS4_ROWS[0].replace("35.7", "35.9"), KS4_ROWS[2])))
    import_file(tmp_path, provisional)
    assert _figures(tmp_path)["141741"] == (35.7, "provisional", "england_ks4provisional.csv")
    import_file(tmp_path, final)
    assert _figures(tmp_path) == {"141741": (35.9, "final", "england_ks4final.csv"),
                                  "882": (52.9, "final", "england_ks4final.csv")}
    late = ks4_dir / "england_ks4provisional_again.csv"
    late.write_text(ks4_text(rows=(KS4_ROWS[0].replace("35.7", "30.0"),)))
    import_file(tmp_path, late, options=ReadOptions(release="provisional"))
    assert _figures(tmp_path)["141741"] == (35.9, "final", "england_ks4final.csv")


def test_one_figure_per_key_within_a_file(tmp_path: Path) -> None:
    # A LAIT-like file giving 2018 twice: "2018" (final) and "2018 (Rev)" (revised).
    path = tmp_path / "bds_long_0.parquet"
    pq.write_table(pa.table({
        "Short Desc": ["KS2RWM_Expected_STD"] * 3, "Data item": ["x", "", ""],
        "Years": ["2018 (Rev)", "2018", "2019"], "LA and Regions": ["Southend-on-Sea"] * 3,
        "Values": ["64", "69", "68"], "LA Number": [882.0] * 3, "Region": ["East"] * 3,
    }), path)
    assert import_file(tmp_path / "data", path).status == "imported"
    rows = published_store(tmp_path / "data").read("published").to_pylist()
    assert sorted((r["year"], r["value"], r["release"]) for r in rows) == [
        (2018, 69.0, "final"), (2019, 68.0, "final")]
