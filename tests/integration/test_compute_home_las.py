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
        assert found[key] == pytest.approx(row, rel=1e-9, abs=1e-9, nan_ok=True), key


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


def test_only_home_schools_and_areas_are_compared(computed: tuple[Path, Path]) -> None:
    every, home = computed
    schools = {str(s["urn"]): s["la_code"]
               for s in generate_schools(every)}
    all_rows, home_rows = _rows(every, "comparisons"), _rows(home, "comparisons")
    expected = {k: v for k, v in all_rows.items()
                if k[2] != "school" or schools[k[3]] == HOME}
    assert {k[2] for k in expected} >= {"school", "la", "national"}
    assert any(schools[k[3]] != HOME for k in all_rows if k[2] == "school")
    _same(home_rows, expected)  # the same numbers, ranks and families, row for row
    assert any(r["family_value"] is not None for r in home_rows.values())


def generate_schools(folder: Path) -> list[dict[str, Any]]:
    from attain.store.warehouse import Warehouse

    return Warehouse(folder / "warehouse").read("schools").to_pylist()


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
