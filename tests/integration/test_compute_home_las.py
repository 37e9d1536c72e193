"""`attain compute --home-la`: school rows of other LAs keep their results but get no
comparisons; every compared row is the same as in a compute of every school (issue 3's
demo time, issue 7's families for the home LA's schools only)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from attain.demo import generate
from attain.errors import UserError
from attain.services.compute import compute, home_las, results_warehouse
from attain.store.warehouse import Warehouse

KEY = ("measure_id", "year", "level", "area_code", "group_id")
HOME = "882"


def _rows(folder: Path, name: str) -> dict[tuple[Any, ...], dict[str, Any]]:
    table = results_warehouse(folder).read(name)
    return {tuple(r[k] for k in KEY): r for r in table.to_pylist()}


def _same(found: dict[tuple[Any, ...], dict[str, Any]],
          expected: dict[tuple[Any, ...], dict[str, Any]]) -> None:
    """Row for row equal, floats to 1e-9 (DuckDB's threads may add in another order)."""
    assert found.keys() == expected.keys()
    for key, row in expected.items():
        assert found[key].keys() == row.keys(), key
        for name, value in row.items():
            if isinstance(value, float):
                assert found[key][name] == pytest.approx(value, rel=1e-9, abs=1e-9,
                                                         nan_ok=True), (key, name)
            else:
                assert found[key][name] == value, (key, name)


@pytest.fixture(scope="module")
def computed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    every = tmp_path_factory.mktemp("every") / "demo"
    generate(every, scale=0.002, la_code=HOME, years=range(2019, 2020))
    home = every.parent.parent / "home_only"
    shutil.copytree(every, home)
    compute(every)
    compute(home, school_las=(HOME,))
    return every, home


def test_results_are_the_same_for_every_row(computed: tuple[Path, Path]) -> None:
    every, home = computed
    _same(_rows(home, "results"), _rows(every, "results"))


def _comparisons(folder: Path, school_las: tuple[str, ...] | None
                 ) -> dict[tuple[Any, ...], dict[str, Any]]:
    """compute's comparison steps (families, comparisons) on the cube written in `folder`:
    the same cube both times, so DuckDB's run-to-run float noise cannot move a tied rank."""
    from attain.engines.duckdb import arrow_table
    from attain.measures import load_catalogue
    from attain.services.compute_comparisons import add_comparisons
    from attain.services.compute_cube import load_catalogue_tables
    from attain.services.compute_family import build_family_averages, drop_family_averages

    files = [p.as_posix() for p in results_warehouse(folder).files("results")]
    with Warehouse(folder / "warehouse").connect() as con:
        con.execute("CREATE TABLE cube AS SELECT row_number() OVER (ORDER BY measure_id, "
                    "year, level, area_code, group_id) AS cell_id, * FROM read_parquet(?)",
                    [files])
        load_catalogue_tables(con, load_catalogue())
        build_family_averages(con, school_las=school_las)
        add_comparisons(con, school_las=school_las)
        drop_family_averages(con)
        rows = arrow_table(con, "SELECT * EXCLUDE (cell_id) FROM comparisons").to_pylist()
    return {tuple(r[k] for k in KEY): r for r in rows}


def test_only_home_schools_and_areas_are_compared(computed: tuple[Path, Path]) -> None:
    every, _ = computed
    schools = {str(s["urn"]): s["la_code"]
               for s in Warehouse(every / "warehouse").read("schools").to_pylist()}
    all_rows, home_rows = _comparisons(every, None), _comparisons(every, (HOME,))
    expected = {k: v for k, v in all_rows.items()
                if k[2] != "school" or schools[k[3]] == HOME}
    assert {k[2] for k in expected} >= {"school", "la", "national"}
    assert any(schools[k[3]] != HOME for k in all_rows if k[2] == "school")
    # The same numbers, ranks and families, row for row; a home LA's family averages are
    # summed in SQL, in no fixed order, so they may differ from every school's in the last bit
    assert home_rows.keys() == expected.keys()
    for key, row in expected.items():
        for name, value in row.items():
            if name in ("family_value", "diff_family") and value is not None:
                assert home_rows[key][name] == pytest.approx(value, rel=1e-12), (key, name)
            else:
                assert home_rows[key][name] == value, (key, name)
    assert any(r["family_value"] is not None for r in home_rows.values())


def test_compute_writes_comparisons_for_home_schools_only(computed: tuple[Path, Path]) -> None:
    every, home = computed
    schools = {str(s["urn"]): s["la_code"]
               for s in Warehouse(every / "warehouse").read("schools").to_pylist()}
    written = _rows(home, "comparisons")
    assert {schools[k[3]] for k in written if k[2] == "school"} == {HOME}
    assert {k for k in written if k[2] != "school"} == {
        k for k in _rows(every, "comparisons") if k[2] != "school"}


def test_home_las_parses_codes_and_all(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ATTAIN_LA", raising=False)
    assert home_las(None) is None
    assert home_las("all") is None
    assert home_las("660, 661,660") == ("660", "661")
    monkeypatch.setenv("ATTAIN_LA", "882")
    assert home_las(None) == ("882",)
    assert home_las("all") is None
    with pytest.raises(UserError, match="three-digit LA code"):
        home_las("88")
