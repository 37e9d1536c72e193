"""Suppression of the cube: the primary rule and the complementary cascade on arrays
(attain.stats), the cube written back into DuckDB."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest
from cube_fixtures import CATALOGUE, connection, cube_rows, prop

from attain.services import compute_cube
from attain.stats.suppression import Cell, Partition, SuppressionRule, suppress

RULE = SuppressionRule(min_denominator=6, min_count=3)


def _two_schools() -> list:
    # School 100001: boys 1 of 2, girls 19 of 25, all 20 of 27. School 100002: boys 15/20,
    # girls 15/20, all 30/40. LA 882 = the two schools summed; national a big cohort.
    return [
        prop(2019, "school", "100001", "all", 20, 27),
        prop(2019, "school", "100001", "boys", 1, 2),
        prop(2019, "school", "100001", "girls", 19, 25),
        prop(2019, "school", "100002", "all", 30, 40),
        prop(2019, "school", "100002", "boys", 15, 20),
        prop(2019, "school", "100002", "girls", 15, 20),
        prop(2019, "la", "882", "all", 50, 67),
        prop(2019, "la", "882", "boys", 16, 22),
        prop(2019, "la", "882", "girls", 34, 45),
        prop(2019, "national", "E92000001", "all", 500, 700),
    ]


def test_complementary_suppression_cascades_across_partitions(tmp_path: Path) -> None:
    con = connection(tmp_path, _two_schools())
    compute_cube.build(con, CATALOGUE, RULE)
    reasons = {k[3:]: r["suppressed"] for k, r in cube_rows(con).items() if r["suppressed"]}
    # Worked by hand: 100001 boys has 2 pupils (< 6): small_denominator. Then
    #  - gender at 100001 (all = boys + girls) has one hidden cell -> hide girls;
    #  - boys of LA 882 (= boys of 100001 + 100002) has one hidden -> hide 100002 boys;
    #  - gender at 100002 now has one hidden -> hide 100002 girls (a second round: this
    #    partition had no primary cell). Girls of LA 882 then has two hidden: done.
    assert reasons == {
        ("100001", "boys"): "small_denominator",
        ("100001", "girls"): "complementary",
        ("100002", "boys"): "complementary",
        ("100002", "girls"): "complementary",
    }


def test_each_run_of_measures_cascades_as_one_run_would(tmp_path: Path) -> None:
    # Two measures with the same cells: `complementary` works them as two runs on two
    # threads (CellKeys.measure_runs). A mean has no count rule, but 100001's boys (2
    # pupils) are a small denominator for both, so each measure cascades exactly as in the
    # hand-worked test above.
    rows = _two_schools()
    rows += [("avg", *row[1:]) for row in rows]
    con = connection(tmp_path, rows)
    compute_cube.build(con, CATALOGUE, RULE)
    expected = {("100001", "boys"): "small_denominator", ("100001", "girls"): "complementary",
                ("100002", "boys"): "complementary", ("100002", "girls"): "complementary"}
    for measure_id in ("avg", "prop"):
        reasons = {k[3:]: r["suppressed"] for k, r in cube_rows(con).items()
                   if r["suppressed"] and k[0] == measure_id}
        assert reasons == expected, measure_id


def test_a_scan_out_of_row_order_hides_the_same_cells(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # DuckDB's plain scan keeps insertion order, but build() must not depend on it: here
    # the results_base rows come back reversed, and the hand-worked answer must not change.
    fetch = compute_cube.arrow_table

    def reversed_scan(con: object, sql: str, *args: object) -> pa.Table:
        table = fetch(con, sql, *args)  # type: ignore[arg-type]
        return table.take(pa.array(range(table.num_rows - 1, -1, -1))) \
            if "FROM results_base" in sql else table

    monkeypatch.setattr(compute_cube, "arrow_table", reversed_scan)
    con = connection(tmp_path, _two_schools())
    compute_cube.build(con, CATALOGUE, RULE)
    rows = cube_rows(con)
    reasons = {k[3:]: r["suppressed"] for k, r in rows.items() if r["suppressed"]}
    assert reasons == {("100001", "boys"): "small_denominator",
                       ("100001", "girls"): "complementary",
                       ("100002", "boys"): "complementary",
                       ("100002", "girls"): "complementary"}
    assert rows[("prop", 2019, "school", "100002", "all")]["numerator"] == 30


def test_same_cells_as_attain_stats_suppress(tmp_path: Path) -> None:
    rows = _two_schools()
    con = connection(tmp_path, rows)
    compute_cube.build(con, CATALOGUE, RULE)
    ours = {k[2:]: r["suppressed"] for k, r in cube_rows(con).items() if r["suppressed"]}
    cells = [Cell((r[2], r[3], r[4]), r[5], r[6]) for r in rows]
    school = {"100001": "882", "100002": "882"}
    partitions = [Partition((lvl, area, "all"), ((lvl, area, "boys"), (lvl, area, "girls")))
                  for lvl, area in {(r[2], r[3]) for r in rows if r[2] != "national"}]
    partitions += [Partition(("la", "882", g), tuple(("school", u, g) for u in school))
                   for g in ("all", "boys", "girls")]
    theirs = {k: str(v) for k, v in suppress(cells, partitions, RULE).items()}
    assert ours == theirs


def test_suppressed_rows_keep_row_and_denominator_only(tmp_path: Path) -> None:
    con = connection(tmp_path, _two_schools())
    compute_cube.build(con, CATALOGUE, RULE)
    row = cube_rows(con)[("prop", 2019, "school", "100001", "boys")]
    assert (row["numerator"], row["value"], row["ci_low"], row["ci_high"]) == (None,) * 4
    assert row["denominator"] == 2
    assert row["source"] == "computed"


def test_count_rule_applies_to_proportions_not_means(tmp_path: Path) -> None:
    rows = [
        prop(2019, "school", "100001", "all", 1, 10),             # 1 of 10 -> small_count
        prop(2019, "school", "100002", "all", 9, 10),             # complement 1 -> small_count
        ("avg", 2019, "school", "100001", "all", 1.0, 10.0, 0.1, None, None),  # a mean
    ]
    con = connection(tmp_path, rows)
    compute_cube.build(con, CATALOGUE, RULE)
    got = {(k[0], k[3]): r["suppressed"] for k, r in cube_rows(con).items()}
    assert got == {("prop", "100001"): "small_count", ("prop", "100002"): "small_count",
                   ("avg", "100001"): None}


def test_gap_is_suppressed_when_a_group_value_is(tmp_path: Path) -> None:
    rows = _two_schools() + [
        ("gap_gender", 2019, "school", "100001", "all", None, None, 50 - 76, None, None),
        ("gap_gender", 2019, "la", "882", "all", None, None, 72.7 - 75.6, None, None),
    ]
    con = connection(tmp_path, rows)
    compute_cube.build(con, CATALOGUE, RULE)
    got = cube_rows(con)
    assert got[("gap_gender", 2019, "school", "100001", "all")]["suppressed"] == "from_suppressed"
    assert got[("gap_gender", 2019, "school", "100001", "all")]["value"] is None
    assert got[("gap_gender", 2019, "la", "882", "all")]["suppressed"] is None


def test_no_rule_means_nothing_suppressed(tmp_path: Path) -> None:
    con = connection(tmp_path, _two_schools())
    compute_cube.build(con, CATALOGUE, None)
    assert all(r["suppressed"] is None for r in cube_rows(con).values())
    assert cube_rows(con)[("prop", 2019, "school", "100001", "boys")]["numerator"] == 1


def test_cells_are_numbered_in_key_order_and_preferred_by_denominator(tmp_path: Path) -> None:
    # Rows inserted out of order. Key order (measure_id, year, level, area_code, group_id;
    # text compared byte-wise, so "la" < "school" and "100002" < "99"):
    #   1 prop 2018 school 99 all (den 9)       2 prop 2019 la 882 all (den 40)
    #   3 prop 2019 school 100002 boys (den 9)  4 prop 2019 school 100002 girls (den 5)
    #   5 prop 2019 school 99 all (den 9)       6 zeta 2019 la 882 all (den 5)
    # Preference = position by denominator, ties by cell id: 4, 6 (den 5), 1, 3, 5 (den 9),
    # 2 (den 40).
    rows = [
        prop(2019, "school", "99", "all", 3, 9),
        prop(2019, "la", "882", "all", 20, 40, measure_id="zeta"),
        prop(2019, "school", "100002", "girls", 3, 5),
        prop(2019, "la", "882", "all", 20, 40),
        prop(2018, "school", "99", "all", 3, 9),
        prop(2019, "school", "100002", "boys", 3, 9),
    ]
    rows[1] = (*rows[1][:6], 5.0, *rows[1][7:])
    con = connection(tmp_path, rows)
    cells = compute_cube.number_cells(con)
    preference = cells.preference
    assert cells.cell_id.tolist() == [5, 6, 4, 2, 1, 3]  # by row, as inserted
    by_cell = {cell + 1: int(rank) for cell, rank in enumerate(preference)}
    assert sorted(by_cell, key=by_cell.__getitem__) == [4, 6, 1, 3, 5, 2]
