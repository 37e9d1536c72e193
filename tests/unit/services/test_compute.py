"""`compute`: catalogue -> DuckDB -> suppression -> comparisons -> results cube on disk."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pyarrow as pa
import pytest

from attain.errors import UserError
from attain.measures import DEFINITIONS
from attain.services.compute import compute, results_warehouse
from attain.stats.suppression import SuppressionRule
from attain.store.warehouse import Warehouse

# School 100001 (LA 999), 2019: p1 F met; p2 M met; p3 F reading 99 (not met);
# p4 M writing WTS (not met) -> 2 of 4 = 50%. School 100002: p5-p10 all met (6 of 6).
# In 2018 school 100001 has p11 (F, met) only.
KS2 = [
    ("p1", 100001, 2019, "F", 105, 105, "EXS"), ("p2", 100001, 2019, "M", 100, 100, "GDS"),
    ("p3", 100001, 2019, "F", 99, 110, "EXS"), ("p4", 100001, 2019, "M", 110, 110, "WTS"),
    *[(f"p{i}", 100002, 2019, "M" if i % 2 else "F", 108, 108, "EXS") for i in range(5, 11)],
    ("p11", 100001, 2018, "F", 101, 101, "EXS"),
]


def _warehouse(folder: Path) -> Warehouse:
    wh = Warehouse(folder / "warehouse")
    with wh.transaction() as tx:
        tx.write("schools", pa.table({"urn": [100001, 100002], "la_code": ["999", "999"],
                                      "name": ["A", "B"], "country": ["E", "E"]}))
        tx.write("las", pa.table({"la_code": ["999"], "la_name": ["Test"], "country": ["E"]}))
        columns = ("pupil_id", "urn", "year", "gender", "read_scaled", "maths_scaled", "writ_ta")
        table = pa.table({c: [r[i] for r in KS2] for i, c in enumerate(columns)})
        tx.write("pupils", table.select(["pupil_id", "urn", "year", "gender"]).append_column(
            "la_code", pa.array(["999"] * len(KS2))))
        tx.write("ks2", table.drop_columns(["gender"]).append_column(
            "la_code", pa.array(["999"] * len(KS2))))
    return wh


def _cube(folder: Path) -> dict[tuple, dict]:
    rows = results_warehouse(folder).read("results").to_pylist()
    return {(r["measure_id"], r["year"], r["level"], r["area_code"], r["group_id"]): r
            for r in rows}


def _digests(folder: Path) -> dict[str, str]:
    return {p.as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((folder / "results").rglob("*.parquet"))}


def test_compute_writes_the_hand_worked_figures(tmp_path: Path) -> None:
    _warehouse(tmp_path)
    summary = compute(tmp_path, measure_ids=["ks2_rwm_expected"], suppression=None)
    cube = _cube(tmp_path)
    school = cube[("ks2_rwm_expected", 2019, "school", "100001", "all")]
    assert (school["numerator"], school["denominator"], school["value"]) == (2, 4, 50.0)
    # Wilson 95%, k=2, n=4, z=1.959964: centre (0.5 + z²/8)/(1 + z²/4) = 0.5; half-width
    # z·sqrt(0.25/4 + z²/64)/(1 + z²/4) = 1.959964·0.350033/1.960365 = 0.686052/1.960365
    # = 0.349961, so the interval is 15.0039% to 84.9961%.
    assert school["ci_low"] == pytest.approx(15.0039, abs=1e-3)
    assert school["ci_high"] == pytest.approx(84.9961, abs=1e-3)
    boys = cube[("ks2_rwm_expected", 2019, "school", "100001", "boys")]
    assert (boys["numerator"], boys["denominator"]) == (1, 2)
    la = cube[("ks2_rwm_expected", 2019, "la", "999", "all")]
    assert (la["numerator"], la["denominator"]) == (8, 10)
    assert cube[("ks2_rwm_expected", 2019, "national", "E92000001", "all")]["value"] == 80.0
    assert summary.years == (2018, 2019) and summary.rows == len(cube)
    comparisons = results_warehouse(tmp_path).read("comparisons").to_pylist()
    row = next(r for r in comparisons if r["area_code"] == "100001" and r["year"] == 2019
               and r["group_id"] == "all")
    assert (row["national_value"], row["diff_national"], row["la_value"]) == (80.0, -30.0, 80.0)
    assert row["trend3_change"] is None  # only two years of data


def test_default_rule_suppresses_small_cells(tmp_path: Path) -> None:
    _warehouse(tmp_path)
    compute(tmp_path, measure_ids=["ks2_rwm_expected"],
            suppression=SuppressionRule(min_denominator=6, min_count=0))
    cube = _cube(tmp_path)
    school = cube[("ks2_rwm_expected", 2019, "school", "100001", "all")]
    assert school["suppressed"] == "small_denominator" and school["value"] is None
    # 100002 has 6 pupils but 100001 is hidden and the LA = the two schools: complementary.
    assert cube[("ks2_rwm_expected", 2019, "school", "100002", "all")]["suppressed"] \
        == "complementary"
    assert cube[("ks2_rwm_expected", 2019, "la", "999", "all")]["suppressed"] is None


def test_invalid_catalogue_refused_and_results_untouched(tmp_path: Path) -> None:
    _warehouse(tmp_path)
    compute(tmp_path, measure_ids=["ks2_rwm_expected"], suppression=None)
    before = _digests(tmp_path)
    definitions = tmp_path / "definitions"
    shutil.copytree(DEFINITIONS, definitions)
    broken = definitions / "measures" / "ks2" / "ks2_rwm_expected.yaml"
    broken.write_text(broken.read_text().replace("read_scaled", "reed_scaled"))
    with pytest.raises(UserError) as raised:
        compute(tmp_path, definitions=definitions)
    assert "ks2_rwm_expected.yaml:" in raised.value.message
    assert "unchanged" in raised.value.message
    assert _digests(tmp_path) == before


def test_failure_while_computing_leaves_previous_results(tmp_path: Path) -> None:
    wh = _warehouse(tmp_path)
    compute(tmp_path, measure_ids=["ks2_rwm_expected"], suppression=None)
    before = _digests(tmp_path)
    wh.partition_path("ks2", 2019).write_bytes(b"not parquet")  # a damaged file
    with pytest.raises(Exception):  # noqa: B017 - whichever error DuckDB raises
        compute(tmp_path, measure_ids=["ks2_rwm_expected"], suppression=None)
    assert _digests(tmp_path) == before


def test_partial_recompute_keeps_other_years_and_measures(tmp_path: Path) -> None:
    _warehouse(tmp_path)
    compute(tmp_path, measure_ids=["ks2_rwm_expected", "ks2_read_expected"], suppression=None)
    full = _cube(tmp_path)
    compute(tmp_path, years=[2019], measure_ids=["ks2_rwm_expected"], suppression=None)
    assert _cube(tmp_path) == full
    assert {k[0] for k in full} == {"ks2_rwm_expected", "ks2_read_expected"}


def test_unknown_measure_is_a_user_error_with_a_hint(tmp_path: Path) -> None:
    _warehouse(tmp_path)
    with pytest.raises(UserError, match="ks2_rwm_expected"):
        compute(tmp_path, measure_ids=["ks2_rwm_expectd"])


def test_empty_warehouse_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="attain demo"):
        compute(tmp_path)


def test_both_strategies_write_the_same_cube(tmp_path: Path) -> None:
    cubes = []
    for strategy in ("per_group", "unnest"):
        folder = tmp_path / strategy
        _warehouse(folder)
        compute(folder, measure_ids=["ks2_rwm_expected", "gap_disadv_ks2_rwm_expected"],
                strategy=strategy)
        cubes.append(_cube(folder))
    assert cubes[0] == cubes[1]
    assert len(cubes[0]) > 10  # school, LA and national rows of two years and groups
