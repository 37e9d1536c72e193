"""Family averages as comparators, on fixtures worked by hand.

Cube (2024, school rows, group all):
  ks2_rwm_expected: S1 6/10 = 60%, S2 9/12 = 75%, S3 suppressed (small count; the row still
  carries 1/4 = 25%, as results_base would, to show it is never used), S4 20/25 = 80%.
  gap_fsm_ks2_rwm_expected (a gap: values only): S1 -5, S2 -3, S3 -10, S4 suppressed.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pytest

from attain.engines.duckdb import arrow_table
from attain.errors import UserError
from attain.services import similar
from attain.services.compute import results_warehouse
from attain.similar import averages
from attain.similar.averages import SCHEMA, add_family_averages, averages_sql, members_table
from attain.similar.family import Neighbour
from attain.store.warehouse import Warehouse

RWM, GAP = "ks2_rwm_expected", "gap_fsm_ks2_rwm_expected"
CUBE = [  # measure, urn, numerator, denominator, value, suppressed
    (RWM, "1", 6.0, 10.0, 60.0, None), (RWM, "2", 9.0, 12.0, 75.0, None),
    (RWM, "3", 1.0, 4.0, 25.0, "small_count"), (RWM, "4", 20.0, 25.0, 80.0, None),
    (GAP, "1", None, None, -5.0, None), (GAP, "2", None, None, -3.0, None),
    (GAP, "3", None, None, -10.0, None), (GAP, "4", None, None, None, "complementary"),
]


def _cube() -> pa.Table:
    n = len(CUBE)
    return pa.table({"measure_id": [c[0] for c in CUBE], "year": [2024] * n,
                     "level": ["school"] * n, "area_code": [c[1] for c in CUBE],
                     "group_id": ["all"] * n, "numerator": [c[2] for c in CUBE],
                     "denominator": [c[3] for c in CUBE], "value": [c[4] for c in CUBE],
                     "suppressed": [c[5] for c in CUBE]})


def _family(*codes: str) -> list[Neighbour]:
    return [Neighbour(c, 1.0) for c in codes]


FAMILIES = {"1": _family("2", "3", "4"), "2": _family("1", "3", "4"),
            "3": _family("1", "2", "4"), "4": _family("1", "2", "3")}


def _by_key(table: pa.Table) -> dict[tuple[str, int], dict]:
    return {(r["measure_id"], r["urn"]): r for r in table.to_pylist()}


@pytest.mark.parametrize("small_pool", [averages.SMALL_POOL, 0])  # dense, then sparse
def test_family_averages_are_pupil_weighted_and_skip_suppressed_members(
        small_pool: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(averages, "SMALL_POOL", small_pool)
    con = duckdb.connect()
    con.register("cube", _cube())
    found = _by_key(averages_sql(con, members_table({2024: FAMILIES})))
    # S1's family S2, S3, S4: S3 is suppressed, so (9 + 20) / (12 + 25) = 78.38%, not the
    # mean of values (77.5) and not with S3's hidden 1/4.
    s1 = found[(RWM, 1)]
    assert s1["family_value"] == pytest.approx(100 * 29 / 37)
    assert (s1["family_numerator"], s1["family_denominator"], s1["family_size"]) == (29, 37, 2)
    assert found[(RWM, 3)]["family_value"] == pytest.approx(100 * 35 / 47)  # S1, S2, S4
    assert found[(RWM, 4)]["family_value"] == pytest.approx(100 * 15 / 22)  # S1, S2
    # A gap has no counts: the mean of the published values; S4's suppressed gap left out.
    g1 = found[(GAP, 1)]
    assert (g1["family_value"], g1["family_numerator"], g1["family_size"]) == (-6.5, None, 2)
    assert found[(GAP, 3)]["family_value"] == pytest.approx(-4.0)


def test_some_schools_averages_are_the_same_sums_by_a_join() -> None:
    # `attain compute --la` and a home LA's compute average only their schools' families (in
    # SQL, _SOME_AVERAGES_SQL): S1's and S3's, worked as in the test above; none for S2, S4
    con = duckdb.connect()
    con.register("cube", _cube())
    averages.aggregate(con, members_table({2024: FAMILIES}), urns=pa.array([1, 3], pa.int64()))
    found = _by_key(arrow_table(con, averages._NAMED_SQL.format(
        averages=averages.AVERAGES, series=averages.SERIES)))
    assert {urn for _, urn in found} == {1, 3}
    s1 = found[(RWM, 1)]
    assert s1["family_value"] == pytest.approx(100 * 29 / 37)
    assert (s1["family_numerator"], s1["family_denominator"], s1["family_size"]) == (29, 37, 2)
    assert found[(RWM, 3)]["family_value"] == pytest.approx(100 * 35 / 47)
    g1 = found[(GAP, 1)]
    assert (g1["family_value"], g1["family_numerator"], g1["family_size"]) == (-6.5, None, 2)
    assert found[(GAP, 3)]["family_value"] == pytest.approx(-4.0)


def test_a_figure_that_is_not_a_number_stays_in_its_own_families() -> None:
    # S4's 80% read back as NaN (not null): S1's family (S2 only) still averages 75%; S3's
    # family, which holds S4, is NaN. A dense product (0 x NaN) would make every family
    # NaN, so a pool with a NaN figure takes the sparse one.
    cube = _cube().to_pylist()
    cube[3]["value"] = float("nan")
    con = duckdb.connect()
    con.register("cube", pa.Table.from_pylist(cube, schema=_cube().schema))
    found = _by_key(averages_sql(con, members_table({2024: {
        "1": _family("2"), "2": _family("1"), "3": _family("1", "4"), "4": _family("1")}}),
        measure_ids=[RWM]))
    assert found[(RWM, 1)]["family_value"] == pytest.approx(75.0)
    assert found[(RWM, 2)]["family_value"] == pytest.approx(60.0)
    assert found[(RWM, 3)]["family_value"] != found[(RWM, 3)]["family_value"]  # NaN


def test_measure_filter_and_table_for_the_comparisons_join() -> None:
    con = duckdb.connect()
    con.register("cube", _cube())
    only = averages_sql(con, members_table({2024: FAMILIES}), measure_ids=[GAP])
    assert only.schema == SCHEMA and set(only.column("measure_id").to_pylist()) == {GAP}
    con.register("fam", averages_sql(con, members_table({2024: FAMILIES})))
    joined = con.execute("""
        SELECT count(*) FROM cube c JOIN fam f
        ON f.measure_id = c.measure_id AND f.year = c.year AND f.group_id = c.group_id
        AND c.level = 'school' AND c.area_code = CAST(f.urn AS VARCHAR)""").fetchone()
    # All 8 cube rows find their family average; S4's own gap is suppressed, but its family's
    # published gaps still give it a comparator.
    assert joined == (8,)


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    # Rolls 10, 12, 15, 30: by size alone (the other context is the same everywhere) the
    # families of two are S1: S2, S3; S2: S1, S3; S3: S2, S1; S4: S3, S2.
    rolls = {1: 10, 2: 12, 3: 15, 4: 30}
    pupils = [(urn, f"{urn}-{i}") for urn, n in rolls.items() for i in range(n)]
    with Warehouse(tmp_path / "warehouse").transaction() as tx:
        tx.write("schools", pa.table({"urn": list(rolls), "la_code": ["882"] * 4,
                                      "name": list("ABCD"), "phase": ["primary"] * 4,
                                      "country": ["E"] * 4}))
        tx.write("pupils", pa.table({
            "year": [2024] * len(pupils), "pupil_id": [p[1] for p in pupils],
            "urn": [p[0] for p in pupils], "la_code": ["882"] * len(pupils),
            "fsm": [False] * len(pupils), "disadvantaged": [False] * len(pupils),
            "sen": ["N"] * len(pupils), "eal": [False] * len(pupils)}))
    with results_warehouse(tmp_path).transaction() as tx:
        tx.write("results", _cube())
    return tmp_path


def test_family_averages_from_the_data_folder(folder: Path) -> None:
    found = _by_key(similar.family_averages(folder, 2024, size=2))
    assert found[(RWM, 3)]["family_value"] == pytest.approx(100 * 15 / 22)  # S2, S1
    assert (found[(RWM, 4)]["family_value"], found[(RWM, 4)]["family_size"]) == (75.0, 1)
    lookup = similar.family_average_lookup(folder, 2024, [RWM], size=2)
    assert lookup(1, RWM) == 75.0 and lookup(1, GAP) is None


def test_add_family_averages_makes_a_table_on_the_compute_connection(folder: Path) -> None:
    # As in `attain compute`: the cube on one connection, the whole warehouse on another.
    con = duckdb.connect()
    con.register("cube", _cube())
    with Warehouse(folder / "warehouse").connect() as context:
        add_family_averages(con, measure_ids=[RWM], context=context)
    rows = con.execute("SELECT urn, family_value FROM family_averages ORDER BY urn").fetchall()
    # Families of 20 (the default) hold all three other schools.
    assert rows == [(1, pytest.approx(100 * 29 / 37)), (2, pytest.approx(100 * 26 / 35)),
                    (3, pytest.approx(100 * 35 / 47)), (4, pytest.approx(100 * 15 / 22))]


def test_without_results_the_error_says_to_compute(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="attain compute"):
        similar.family_averages(tmp_path, 2024)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_member_lists_sum_as_the_sparse_product_does_to_the_last_bit(seed: int) -> None:
    # Small pools sum families without scipy; a home-LA compute and a compute of every
    # school must still give the same family averages (tests/integration/
    # test_compute_home_las.py), so the sums must not depend on the rest of the pool.
    from scipy import sparse

    rng = np.random.default_rng(seed)
    schools = 60
    # A school is in a family once (a CSR matrix would sum a repeat into a 2).
    pairs = np.unique(rng.integers(0, schools, (400, 2)), axis=0)
    units, members = rng.permutation(pairs).T
    block = rng.normal(size=(schools, 7)) * 10.0 ** rng.integers(-3, 6, size=(schools, 7))
    lists = averages._family_matrix(units, members, schools)
    matrix = sparse.csr_matrix((np.ones(len(units)), (units, members)),
                               shape=(schools, schools))
    assert np.array_equal(lists @ block, matrix @ block)
