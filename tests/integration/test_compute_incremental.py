"""`attain compute --incremental`: only the years whose inputs changed are recomputed, and
the cube is then the same as a full compute of the changed warehouse (issue 11)."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import ModuleType
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from test_engine_parity import CASES

from attain.errors import UserError
from attain.services.compute import compute, results_warehouse
from attain.store.warehouse import Warehouse

# Two years (2017, 2018) of one school's Progress 8, worked by hand in the case file.
CASE = "ks4_p8_outlier_years_2017_2018"
KEY = ("measure_id", "year", "level", "area_code", "group_id")


def build(folder: Path) -> list[str]:
    (path,) = [p for p in CASES.case_files() if p.stem == CASE]
    case = CASES.load_case(path)
    CASES.build_warehouse(folder, case)
    return list(case["measures"])


def cube(folder: Path) -> dict[tuple[Any, ...], dict[str, Any]]:
    return {tuple(r[k] for k in KEY): r
            for r in results_warehouse(folder).read("results").to_pylist()}


def raise_one_pupil(folder: Path, year: int) -> None:
    """Rewrite `year`'s ks4 partition with the first pupil's Attainment 8 raised by 10."""
    warehouse = Warehouse(folder / "warehouse")
    table = warehouse.read("ks4", [year])
    att8 = table.column("att8").to_pylist()
    att8[0] += 10
    table = table.set_column(table.schema.get_field_index("att8"), "att8",
                             pa.array(att8, pa.float64()))
    assert pc.all(pc.equal(table.column("year"), year)).as_py()
    with warehouse.transaction() as tx:
        tx.write("ks4", table)


def test_nothing_changed_computes_nothing(tmp_path: Path) -> None:
    build(tmp_path)
    compute(tmp_path)
    before = {p: p.stat().st_mtime_ns for p in results_warehouse(tmp_path).files("results")}
    summary = compute(tmp_path, incremental=True)
    assert summary.unchanged and "Nothing to compute" in summary.lines()[0]
    assert {p: p.stat().st_mtime_ns
            for p in results_warehouse(tmp_path).files("results")} == before


def test_a_changed_year_alone_is_recomputed_and_matches_a_full_compute(tmp_path: Path) -> None:
    incremental, full = tmp_path / "incremental", tmp_path / "full"
    for folder in (incremental, full):
        build(folder)
    first = compute(incremental)
    for folder in (incremental, full):
        raise_one_pupil(folder, 2018)
    again = compute(incremental, incremental=True)
    compute(full)
    # only 2018's rows were computed this time (2017's were carried over)
    assert 0 < again.rows < first.rows
    assert cube(incremental) == cube(full)
    assert cube(incremental) != {}


def test_changed_definitions_or_no_manifest_recompute_every_year(tmp_path: Path) -> None:
    build(tmp_path)
    first = compute(tmp_path, incremental=True)  # no manifest yet: everything
    assert not first.unchanged and first.rows > 0
    other_rule = compute(tmp_path, incremental=True, suppression=None)
    assert other_rule.rows == first.rows  # another suppression rule: every year again


def test_incremental_refuses_chosen_years(tmp_path: Path) -> None:
    build(tmp_path)
    with pytest.raises(UserError, match="--incremental"):
        compute(tmp_path, incremental=True, years=[2018])


def test_earlier_years_are_left_as_they_were_and_later_comparisons_follow(
        tmp_path: Path, compare_cubes: ModuleType) -> None:
    # A small demo over 2014-2019; one pupil's 2016 KS2 reading score changes. The
    # incremental compute writes 2016's results, and the comparisons of 2016 on (their
    # trends read 2016), and leaves every file of 2014-2015 and the results of 2017-2019
    # untouched; both datasets then equal a full compute's (floats to 1e-9).
    from attain.demo import generate

    incremental, full = tmp_path / "incremental", tmp_path / "full"
    generate(incremental, scale=0.002, la_code="882", years=range(2014, 2020))
    shutil.copytree(incremental, full)
    compute(incremental)
    stored = results_warehouse(incremental)
    before = {p: p.stat().st_mtime_ns for name in ("results", "comparisons")
              for p in stored.files(name)}
    for folder in (incremental, full):
        warehouse = Warehouse(folder / "warehouse")
        table = warehouse.read("ks2", [2016])
        read = table.column("read_scaled").to_pylist()
        first = next(i for i, v in enumerate(read) if v is not None and v < 115)
        read[first] += 5
        table = table.set_column(table.schema.get_field_index("read_scaled"), "read_scaled",
                                 pa.array(read, pa.int32()))
        with warehouse.transaction() as tx:
            tx.write("ks2", table)
    again = compute(incremental, incremental=True)
    compute(full)
    assert again.years == (2016,)
    rewritten = {p for p, mtime in before.items() if p.stat().st_mtime_ns != mtime}
    year_of = {p: int(p.parent.name.removeprefix("year=")) for p in before}
    assert {(p.parent.parent.name, year_of[p]) for p in rewritten} == (
        {("results", 2016)} | {("comparisons", y) for y in range(2016, 2020)})
    for name in ("results", "comparisons"):
        found = compare_cubes.compare(incremental, full, name, 1e-9)
        assert found["rows_a"] == found["rows_b"] == found["matched"] > 0, found
        assert found["numbers_differ"] == found["others_differ"] == 0, found

