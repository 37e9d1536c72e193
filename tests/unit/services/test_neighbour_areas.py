"""Statistical neighbours computed by context and written as `areas` SN<LA> rows."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from attain.errors import UserError
from attain.services.neighbour_areas import compute_neighbour_areas, is_computed
from attain.store.warehouse import Warehouse

# Four LAs whose census differs only in size: 2, 3, 6 and 10 pupils, every other context
# variable equal (no spread, so it adds nothing) and no KS2/KS4 prior (missing scores the
# mean). Sizes: mean 5.25; deviations -3.25, -2.25, 0.75, 4.75; variance
# (10.5625 + 5.0625 + 0.5625 + 22.5625) / 4 = 9.6875, SD 3.112475. 882's distances:
# 883 1/3.112475 = 0.321288, 884 4/3.112475 = 1.285150, 885 8/3.112475 = 2.570301.
SIZES = {"882": 2, "883": 3, "884": 6, "885": 10}
DFE_SN885 = [("SN885", "Statistical neighbours of Four", "group_of_las", "882")]
REGION = [("E12000006", "East of England", "region", "882")]


def _write_folder(folder: Path, areas: list[tuple[str, str, str, str]]) -> Path:
    rows = [(la, f"{la}-{i}") for la, n in SIZES.items() for i in range(n)]
    n = len(rows)
    pupils = pa.table({"year": [2024] * n, "pupil_id": [r[1] for r in rows],
                       "urn": [1] * n, "la_code": [r[0] for r in rows], "fsm": [True] * n,
                       "disadvantaged": [False] * n, "sen": ["N"] * n, "eal": [False] * n})
    las = pa.table({"la_code": list(SIZES) + ["886"],
                    "la_name": ["One", "Two", "Three", "Four", "Five"],
                    "country": ["E"] * 5})
    with Warehouse(folder / "warehouse").transaction() as tx:
        tx.write("pupils", pupils)
        tx.write("las", las)
        tx.write("areas", pa.table({k: [a[i] for a in areas] for i, k in enumerate(
            ("area_code", "area_name", "level", "la_code"))}))
    return folder


def _areas(folder: Path) -> list[tuple[str, str, str, str]]:
    table = Warehouse(folder / "warehouse").read("areas")
    return [(r["area_code"], r["area_name"], r["level"], r["la_code"])
            for r in table.to_pylist()]


def _members(folder: Path, code: str) -> list[str]:
    return [a[3] for a in _areas(folder) if a[0] == code]


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    return _write_folder(tmp_path, REGION + DFE_SN885)


def test_one_la_gets_its_nearest_las_nearest_first(folder: Path) -> None:
    done = compute_neighbour_areas(folder, la_codes=["882"], size=2)
    assert done.year == 2024  # the latest census
    assert _members(folder, "SN882") == ["883", "884"]
    assert [m.distance for m in done.written["882"]] == pytest.approx([0.321288, 1.285150],
                                                                       abs=1e-6)
    names = {a[1] for a in _areas(folder) if a[0] == "SN882"}
    assert len(names) == 1 and is_computed(names.pop())
    # The other areas rows are kept as they were.
    assert set(REGION + DFE_SN885) <= set(_areas(folder))


def test_a_loaded_list_is_kept_unless_replace(folder: Path) -> None:
    done = compute_neighbour_areas(folder, la_codes=["885"], size=2)
    assert done.written == {} and done.kept == ("885",)
    assert _members(folder, "SN885") == ["882"]
    # 885 (10 pupils) is nearest 884 (6), then 883 (3).
    done = compute_neighbour_areas(folder, la_codes=["885"], size=2, replace=True)
    assert done.replaced == ("885",)
    assert _members(folder, "SN885") == ["884", "883"]


def test_computed_rows_are_recomputed_not_duplicated(folder: Path) -> None:
    compute_neighbour_areas(folder, la_codes=["882"], size=3)
    assert _members(folder, "SN882") == ["883", "884", "885"]
    done = compute_neighbour_areas(folder, la_codes=["882"], size=1)
    assert done.replaced == () and _members(folder, "SN882") == ["883"]


def test_all_covers_every_census_la_without_a_loaded_list(folder: Path) -> None:
    done = compute_neighbour_areas(folder, size=1)
    assert sorted(done.written) == ["882", "883", "884"] and done.kept == ("885",)
    # 883 (3): 882 is 1 away, 884 is 3 away; 884 (6): 883 is 3 away, 885 is 4 away.
    assert (_members(folder, "SN883"), _members(folder, "SN884")) == (["882"], ["883"])


def test_unknown_la_and_missing_census_are_user_errors(folder: Path, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="unknown LA code '999'"):
        compute_neighbour_areas(folder, la_codes=["999"])
    with pytest.raises(UserError, match="886 has no pupils in the 2024 census"):
        compute_neighbour_areas(folder, la_codes=["886"])
    with pytest.raises(UserError, match="no census for 2019") as raised:
        compute_neighbour_areas(folder, la_codes=["882"], year=2019)
    assert "2024" in (raised.value.fix or "")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(UserError, match="no census"):
        compute_neighbour_areas(empty, la_codes=["882"])
    with pytest.raises(UserError, match="--size 0"):
        compute_neighbour_areas(folder, la_codes=["882"], size=0)
    assert _members(folder, "SN882") == []  # nothing written by a failed call


def test_the_demo_computes_neighbours_only_where_dfe_has_no_list(tmp_path: Path) -> None:
    from attain.services.demo import build_demo

    # Cardiff (681): Welsh, not in DfE's list, so computed from the Welsh census.
    build_demo(tmp_path / "cy", seed=1, scale=0.005, la_code="681", years=range(2019, 2020),
               with_results=False)
    welsh = [a for a in _areas(tmp_path / "cy") if a[0] == "SN681"]
    assert len(welsh) == 10 and all(is_computed(a[1]) for a in welsh)
    assert all(660 <= int(a[3]) <= 681 and a[3] != "681" for a in welsh)
    # Southend (882) keeps DfE's list.
    build_demo(tmp_path / "en", seed=1, scale=0.005, la_code="882", years=range(2019, 2020),
               with_results=False)
    english = [a for a in _areas(tmp_path / "en") if a[0] == "SN882"]
    assert english and not any(is_computed(a[1]) for a in english)
