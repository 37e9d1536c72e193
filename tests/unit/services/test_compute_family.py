"""add_family_comparisons: family_value, family_size and diff_family in `comparisons`, on a
cube worked by hand.

Warehouse: four primary schools whose context differs only in roll (10, 12, 15, 30 pupils,
in 2023 and 2024), so with families of two the nearest by roll are
  S1 (10): S2 (2 away), S3 (5);  S2 (12): S1 (2), S3 (3);
  S3 (15): S2 (3), S1 (5);       S4 (30): S3 (15), S2 (18).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from attain.services.compute_family import add_family_comparisons
from attain.similar.averages import family_members, members_table, school_families
from attain.store.warehouse import Warehouse

RWM, GAP = "ks2_rwm_expected", "gap_fsm_ks2_rwm_expected"
ROLLS = {1: 10, 2: 12, 3: 15, 4: 30}
# cell_id, measure, year, level, area, group, numerator, denominator, value, suppressed.
# cell_id None: a row merged from an earlier compute (joined on its text key).
CUBE: list[tuple[Any, ...]] = [
    (1, RWM, 2024, "school", "1", "all", 6.0, 10.0, 60.0, None),
    (2, RWM, 2024, "school", "2", "all", 9.0, 12.0, 75.0, None),
    # Suppressed: the row still carries 1/4 = 25%, as results_base would; never used.
    (3, RWM, 2024, "school", "3", "all", 1.0, 4.0, 25.0, "small_count"),
    (4, RWM, 2024, "school", "4", "all", 20.0, 25.0, 80.0, None),
    (5, RWM, 2024, "school", "1", "fsm", 2.0, 4.0, 50.0, None),
    (6, RWM, 2024, "school", "2", "fsm", 3.0, 5.0, 60.0, None),
    (7, GAP, 2024, "school", "1", "all", None, None, -5.0, None),
    (8, GAP, 2024, "school", "2", "all", None, None, -3.0, None),
    (9, GAP, 2024, "school", "3", "all", None, None, -10.0, None),
    (10, GAP, 2024, "school", "4", "all", None, None, None, "complementary"),
    (11, RWM, 2024, "la", "882", "all", 36.0, 61.0, 100 * 36 / 61, None),
    (None, RWM, 2023, "school", "1", "all", 5.0, 10.0, 50.0, None),
    (None, RWM, 2023, "school", "2", "all", 6.0, 12.0, 50.0, None),
    (None, RWM, 2023, "school", "3", "all", 12.0, 15.0, 80.0, None),
    (None, RWM, 2022, "school", "1", "all", 4.0, 10.0, 40.0, None),  # no census in 2022
]
COLUMNS = ("cell_id", "measure_id", "year", "level", "area_code", "group_id", "numerator",
           "denominator", "value", "suppressed")


@pytest.fixture()
def warehouse(tmp_path: Path) -> Warehouse:
    pupils = [(year, urn, f"{year}-{urn}-{i}") for year in (2023, 2024)
              for urn, n in ROLLS.items() for i in range(n)]
    wh = Warehouse(tmp_path / "warehouse")
    with wh.transaction() as tx:
        tx.write("schools", pa.table({"urn": list(ROLLS), "la_code": ["882"] * 4,
                                      "name": list("ABCD"), "phase": ["primary"] * 4,
                                      "country": ["E"] * 4}))
        tx.write("pupils", pa.table({
            "year": [p[0] for p in pupils], "urn": [p[1] for p in pupils],
            "pupil_id": [p[2] for p in pupils], "la_code": ["882"] * len(pupils),
            "fsm": [False] * len(pupils), "disadvantaged": [False] * len(pupils),
            "sen": ["N"] * len(pupils), "eal": [False] * len(pupils)}))
    return wh


def _compute_connection() -> duckdb.DuckDBPyConnection:
    """`cube` and a `comparisons` keyed like the real one (one comparison column kept)."""
    con = duckdb.connect()
    con.register("_rows", pa.table({c: [r[i] for r in CUBE] for i, c in enumerate(COLUMNS)},
                                   schema=pa.schema([
                                       ("cell_id", pa.int64()), ("measure_id", pa.string()),
                                       ("year", pa.int32()), ("level", pa.string()),
                                       ("area_code", pa.string()), ("group_id", pa.string()),
                                       ("numerator", pa.float64()),
                                       ("denominator", pa.float64()), ("value", pa.float64()),
                                       ("suppressed", pa.string())])))
    con.execute("CREATE TABLE cube AS SELECT * FROM _rows")
    con.execute("CREATE TABLE comparisons AS SELECT cell_id, measure_id, year, level, "
                "area_code, group_id, 70.0 AS national_value FROM cube")
    return con


def _found(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, int, str, str, str], tuple]:
    rows = con.execute("SELECT measure_id, year, level, area_code, group_id, family_value, "
                       "family_size, diff_family, national_value FROM comparisons").fetchall()
    return {tuple(r[:5]): tuple(r[5:]) for r in rows}


def test_family_columns_pupil_weighted_and_suppression(warehouse: Warehouse) -> None:
    con = _compute_connection()
    add_family_comparisons(con, context=warehouse, size=2)
    found = _found(con)
    # S1's family S2, S3; S3 is suppressed so only S2 counts: 9/12 = 75%; 60 - 75 = -15.
    assert found[(RWM, 2024, "school", "1", "all")] == (75.0, 1, -15.0, 70.0)
    # S2's family S1, S3 -> S1 alone: 60%; 75 - 60 = 15.
    assert found[(RWM, 2024, "school", "2", "all")] == (60.0, 1, 15.0, 70.0)
    # S3's family S2, S1: (9 + 6) / (12 + 10) = 15/22 = 68.18%; S3's own row is suppressed,
    # so its family's average shows but no difference (it would give 25% away).
    value, size, diff, _ = found[(RWM, 2024, "school", "3", "all")]
    assert (value, size, diff) == (pytest.approx(100 * 15 / 22), 2, None)
    # S4's family S3, S2 -> S2 alone: 75%; 80 - 75 = 5.
    assert found[(RWM, 2024, "school", "4", "all")] == (75.0, 1, 5.0, 70.0)
    # Groups are separate series: S1's FSM pupils against S2's (S3 has none): 60%; 50 - 60.
    assert found[(RWM, 2024, "school", "1", "fsm")] == (60.0, 1, -10.0, 70.0)


def test_a_measure_without_counts_takes_the_mean_of_values(warehouse: Warehouse) -> None:
    con = _compute_connection()
    add_family_comparisons(con, context=warehouse, size=2)
    found = _found(con)
    # S1's gap family S2, S3: mean(-3, -10) = -6.5; -5 - (-6.5) = 1.5.
    assert found[(GAP, 2024, "school", "1", "all")] == (-6.5, 2, 1.5, 70.0)
    # S4's own gap is suppressed: family S3, S2 still give -6.5, with no difference.
    assert found[(GAP, 2024, "school", "4", "all")] == (-6.5, 2, None, 70.0)
    # S3's family S2, S1: mean(-3, -5) = -4; -10 - (-4) = -6.
    assert found[(GAP, 2024, "school", "3", "all")] == (-4.0, 2, -6.0, 70.0)


def test_merged_rows_other_levels_and_years_without_census(warehouse: Warehouse) -> None:
    con = _compute_connection()
    add_family_comparisons(con, context=warehouse, size=2)
    found = _found(con)
    # 2023, merged (no cell_id): S1's family S2, S3: (6 + 12) / (12 + 15) = 18/27 = 66.67%;
    # 50 - 66.67 = -16.67.
    value, size, diff, _ = found[(RWM, 2023, "school", "1", "all")]
    assert (value, size, diff) == (pytest.approx(100 * 18 / 27), 2,
                                   pytest.approx(50 - 100 * 18 / 27))
    # LA rows have no family; 2022 has no census, so no families.
    assert found[(RWM, 2024, "la", "882", "all")] == (None, None, None, 70.0)
    assert found[(RWM, 2022, "school", "1", "all")] == (None, None, None, 70.0)


def test_running_twice_gives_the_same_table(warehouse: Warehouse) -> None:
    con = _compute_connection()
    add_family_comparisons(con, context=warehouse, size=2)
    first = _found(con)
    with warehouse.connect() as context:  # a connection works as well as a Warehouse
        add_family_comparisons(con, context=context, size=2)
    assert _found(con) == first
    assert con.execute("SELECT count(*) FROM comparisons").fetchall() == [(len(CUBE),)]


def test_family_members_from_one_query_equal_the_per_year_families(
        warehouse: Warehouse) -> None:
    with warehouse.connect() as con:
        together = family_members(con, [2023, 2024], size=2)
        one_by_one = members_table({y: school_families(con, y, size=2) for y in (2023, 2024)})
    def triples(table: pa.Table) -> list[tuple[int, int, int]]:
        return sorted(zip(*(table.column(c).to_pylist() for c in ("year", "urn", "member")),
                          strict=True))

    assert triples(together) == triples(one_by_one)
    assert together.num_rows == 2 * 4 * 2
