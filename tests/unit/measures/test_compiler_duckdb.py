"""Compiled SQL run in DuckDB on a tiny hand-made warehouse; every number worked by hand.

Layout: LA 999 (region E12000001, in area SN999) with schools 100001 and 100002; LA 888
(Wales, no region) with school 200001.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from compiler_fixtures import make_warehouse, run_queries

from attain.errors import UserError
from attain.measures import RESULT_COLUMNS, compile_catalogue, load_catalogue
from attain.measures.compiler import SCOPED_PUPILS, census_of, repeated_aggregates

SCHOOLS = [
    {"urn": 100001, "la_code": "999", "name": "A", "country": "E"},
    {"urn": 100002, "la_code": "999", "name": "B", "country": "E"},
    {"urn": 200001, "la_code": "888", "name": "C", "country": "W"},
]
LAS = [
    {"la_code": "999", "la_name": "Demo", "region_code": "E12000001", "country": "E"},
    {"la_code": "888", "la_name": "Cymru", "region_code": None, "country": "W"},
]
AREAS = [{"area_code": "SN999", "area_name": "Neighbours", "level": "group_of_las",
          "la_code": "999"}]


def _census(pid: str, urn: int, gender: str, fsm: bool, year: int = 2019) -> dict[str, object]:
    la = "888" if urn == 200001 else "999"
    return {"year": year, "pupil_id": pid, "urn": urn, "la_code": la, "gender": gender,
            "fsm": fsm}


def _ks2(pid: str, urn: int, read: int | None, maths: int, writ: str, aps: float | None,
         status: str = "S") -> dict[str, object]:
    return {"year": 2019, "pupil_id": pid, "urn": urn, "la_code": "999", "read_scaled": read,
            "maths_scaled": maths, "writ_ta": writ, "ks1_aps": aps, "read_status": status}


PUPILS = [_census("p1", 100001, "M", True), _census("p2", 100001, "F", False),
          _census("p3", 100001, "M", False), _census("p4", 100002, "F", True),
          _census("p5", 100002, "M", False)]
KS2 = [
    _ks2("p1", 100001, 105, 102, "EXS", 15),   # meets RWM
    _ks2("p2", 100001, 98, 110, "EXS", 15),    # reading below 100
    _ks2("p3", 100001, 110, 104, "GDS", 17),   # meets RWM
    _ks2("p4", 100002, 100, 100, "WTS", 17),   # writing below EXS
    _ks2("p5", 100002, None, 95, "EXS", None, status="D"),  # disapplied: not in cohort
    # 2015 (levels era): 2 levels of progress in maths
    {"year": 2015, "pupil_id": "q1", "urn": 100001, "la_code": "999",
     "ks1_mat_level_num": 2, "mat_level_num": 4},
    {"year": 2015, "pupil_id": "q2", "urn": 100001, "la_code": "999",
     "ks1_mat_level_num": 2, "mat_level_num": 3},
    {"year": 2015, "pupil_id": "q3", "urn": 100001, "la_code": "999",
     "ks1_mat_level_num": None, "mat_level_num": 5},
]
ATTENDANCE = [
    {"year": 2019, "pupil_id": "p1", "urn": 100001, "la_code": "999", "sessions_possible": 100,
     "sessions_authorised": 4, "sessions_unauthorised": 2},
    {"year": 2019, "pupil_id": "p2", "urn": 100001, "la_code": "999", "sessions_possible": 200,
     "sessions_authorised": 10, "sessions_unauthorised": 0},
    {"year": 2019, "pupil_id": "w1", "urn": 200001, "la_code": "888", "sessions_possible": 300,
     "sessions_authorised": 30, "sessions_unauthorised": 0},
]
EXCLUSIONS = [
    {"year": 2019, "pupil_id": "p1", "urn": 100001, "la_code": "999", "fixed_count": 2,
     "fixed_days": 3.0, "permanent": False},
    {"year": 2019, "pupil_id": "p3", "urn": 100001, "la_code": "999", "fixed_count": 1,
     "fixed_days": 1.0, "permanent": False},
]
EYFS = [{"year": 2019, "pupil_id": f"e{n}", "urn": 100001, "la_code": "999", "elg_cl1": a,
         "elg_cl2": b, "elg_cl3": c}
        for n, (a, b, c) in enumerate([(1, 1, 1), (1, 1, 2), (2, 2, 2), (2, 2, 2), (3, 3, 3)])]

DATA = {"schools": SCHOOLS, "las": LAS, "areas": AREAS, "pupils": PUPILS, "ks2": KS2,
        "attendance": ATTENDANCE, "exclusions": EXCLUSIONS, "eyfs": EYFS}


@pytest.fixture(scope="module")
def cube(catalogue):
    con = make_warehouse(DATA)
    try:
        return run_queries(con, compile_catalogue(catalogue))
    finally:
        con.close()


def _check(row, numerator, denominator, value, ci_low=None, ci_high=None, tol=1e-3):
    got_n, got_d, got_v, got_lo, got_hi = row
    for got, want in ((got_n, numerator), (got_d, denominator), (got_v, value),
                      (got_lo, ci_low), (got_hi, ci_high)):
        if want is None:
            assert got is None
        else:
            assert got == pytest.approx(want, abs=tol)


def test_proportion_with_wilson_interval(cube):
    # Cohort p1-p4 (p5 disapplied); p1 and p3 meet: 2/4 = 50%. Wilson 95% (z = 1.959964):
    # centre (0.5 + z²/8) / (1 + z²/4) = 0.5, half-width z·sqrt(1/16 + z²/64) / (1 + z²/4)
    # = 0.34996 -> 15.004 to 84.996.
    _check(cube[("ks2_rwm_expected", 2019, "national", "E92000001", "all")],
           2, 4, 50.0, 15.0039, 84.9961)
    # School 100001: p1, p3 of p1-p3 -> 2/3; 3/4 would give 30.06-95.44 as in
    # docs/measure-format.md; 2/3 gives 20.766-93.851.
    _check(cube[("ks2_rwm_expected", 2019, "school", "100001", "all")],
           2, 3, 200 / 3, 20.7660, 93.8508)
    _check(cube[("ks2_rwm_expected", 2019, "la", "999", "all")], 2, 4, 50.0, 15.0039, 84.9961)
    _check(cube[("ks2_rwm_expected", 2019, "region", "E12000001", "all")],
           2, 4, 50.0, 15.0039, 84.9961)
    _check(cube[("ks2_rwm_expected", 2019, "group_of_las", "SN999", "all")],
           2, 4, 50.0, 15.0039, 84.9961)
    # Boys p1, p3 both meet; girls p2, p4 neither.
    assert cube[("ks2_rwm_expected", 2019, "national", "E92000001", "boys")][:3] == (2, 2, 100)
    assert cube[("ks2_rwm_expected", 2019, "national", "E92000001", "girls")][:3] == (0, 2, 0)


def test_no_rows_outside_years_or_with_zero_denominator(cube):
    assert not [k for k in cube if k[0] == "ks2_rwm_expected" and k[1] == 2015]
    assert not [k for k in cube if k[0] == "ks2_2lp_maths" and k[1] == 2019]
    assert all(v[1] is None or v[1] > 0 for v in cube.values())
    # No Welsh KS2 rows, so no Welsh national KS2 row; LA 888 has no region row.
    assert ("ks2_rwm_expected", 2019, "national", "W92000004", "all") not in cube
    assert not [k for k in cube if k[2] == "region" and k[3] is None]


def test_mean_with_normal_interval(cube):
    # Reading scores 105, 98, 110, 100 (p5 has none): mean 103.25, sample SD 5.37742,
    # CI 103.25 ± 1.96 × 5.37742 / 2 = 97.980 to 108.520.
    _check(cube[("ks2_read_scaled_avg", 2019, "national", "E92000001", "all")],
           413, 4, 103.25, 97.9801, 108.5199)


def test_progress_against_national_prior_group_estimates(cube):
    # Estimates: KS1 APS 15 -> mean(105, 98) = 101.5; APS 17 -> mean(110, 100) = 105.
    # Scores p1 +3.5, p2 -3.5, p3 +5, p4 -5; national SD = sqrt(74.5 / 3) = 4.98331.
    # School 100001: (3.5 - 3.5 + 5) / 3 = 1.6667 ± 1.96 × 4.98331 / √3 -> -3.9725 to 7.3058.
    _check(cube[("ks2_read_progress", 2019, "school", "100001", "all")],
           5, 3, 5 / 3, -3.9725, 7.3058)
    _check(cube[("ks2_read_progress", 2019, "school", "100002", "all")],
           -5, 1, -5, -14.7673, 4.7673)
    # Boys p1, p3: scores against the estimates of all pupils, (3.5 + 5) / 2 = 4.25.
    assert cube[("ks2_read_progress", 2019, "national", "E92000001", "boys")][2] == \
        pytest.approx(4.25)


def test_transition(cube):
    # 2015: q1 2 -> 4 makes 2 levels, q2 2 -> 3 does not, q3 has no KS1 level: 1/2.
    _check(cube[("ks2_2lp_maths", 2015, "school", "100001", "all")], 1, 2, 50.0, 9.4531, 90.5469)


def test_rates(cube):
    # Absence England: (4 + 2 + 10 + 0) / (100 + 200) = 5.3333%; Wales 30 / 300 = 10%.
    _check(cube[("abs_overall", 2019, "national", "E92000001", "all")], 16, 300, 100 * 16 / 300)
    _check(cube[("abs_overall", 2019, "national", "W92000004", "all")], 30, 300, 10.0)
    # Exclusions per 100 pupils on roll (zero when absent): 2 + 1 = 3 in 5 pupils -> 60;
    # school 100002 has 2 pupils on roll and none excluded -> 0.
    _check(cube[("excl_fixed_rate", 2019, "la", "999", "all")], 3, 5, 60.0)
    _check(cube[("excl_fixed_rate", 2019, "school", "100002", "all")], 0, 2, 0.0)
    # Girls p2, p4: neither excluded.
    _check(cube[("excl_fixed_rate", 2019, "la", "999", "girls")], 0, 2, 0.0)


def test_percentile_gap(cube):
    # Totals 3, 4, 6, 6, 9: lowest 20% = ceil(5 × 0.2) = 1 pupil (3); median 6:
    # (6 - 3) / 6 × 100 = 50.
    _check(cube[("eyfs_lowest20_gap", 2019, "school", "100001", "all")], None, 5, 50.0)
    # No census rows for the EYFS pupils, so they are in no gender group.
    assert ("eyfs_lowest20_gap", 2019, "school", "100001", "boys") not in cube


def test_gap_is_group_a_minus_group_b(cube):
    # Boys 100% - girls 0% = 100 points, emitted as group 'all'.
    _check(cube[("gap_gender_ks2_rwm", 2019, "national", "E92000001", "all")],
           None, None, 100.0)


@pytest.mark.parametrize("strategy", ["unnest", "prepared", "rollup"])
def test_strategies_give_identical_results(catalogue, cube, warehouse, strategy):
    other = run_queries(warehouse(DATA), compile_catalogue(catalogue, strategy=strategy))
    assert cube.keys() == other.keys()
    for key, row in cube.items():
        for a, b in zip(row, other[key], strict=True):
            assert (a is None and b is None) or math.isclose(a, b, abs_tol=1e-9), key


def test_rollup_with_groups_over_several_masks(catalogue, cube, warehouse, monkeypatch):
    # Two groups to a mask: KS2's five groups take three masks (three `fine` parts), and
    # every number is the same as with one mask.
    from attain.measures import compiler

    monkeypatch.setattr(compiler, "MASK_GROUPS", 2)
    queries = compile_catalogue(catalogue, strategy="rollup")
    ks2 = next(q.sql() for q in queries if q.name == "ks2__rollup")
    assert "fine_2" in ks2 and "fine_3" not in ks2
    other = run_queries(warehouse(DATA), queries)
    assert cube.keys() == other.keys()
    for key, row in cube.items():
        for a, b in zip(row, other[key], strict=True):
            assert (a is None and b is None) or math.isclose(a, b, abs_tol=1e-9), key


def test_result_columns_and_types(catalogue, warehouse):
    con = warehouse(DATA)
    query = compile_catalogue(catalogue, measure_ids=["ks2_read_progress"])[0]
    described = con.execute(f"DESCRIBE {query.sql()}").fetchall()
    assert tuple(r[0] for r in described) == RESULT_COLUMNS
    assert [r[1] for r in described] == ["VARCHAR", "INTEGER", "VARCHAR", "VARCHAR", "VARCHAR"] \
        + ["DOUBLE"] * 5


def test_years_and_countries_restrict_the_queries(catalogue, warehouse):
    con = warehouse(DATA)
    queries = compile_catalogue(catalogue, years=[2015], countries=["E"])
    # Only the measures that exist in 2015 are compiled.
    assert {m for q in queries for m in q.measure_ids} == {
        "ks2_2lp_maths", "abs_overall", "excl_fixed_rate", "eyfs_lowest20_gap"}
    cube = run_queries(con, queries)
    assert {k[1] for k in cube} == {2015}
    assert cube[("ks2_2lp_maths", 2015, "la", "999", "all")][:3] == (1, 2, 50.0)


def test_selecting_a_gap_computes_the_measure_it_needs(catalogue):
    queries = compile_catalogue(catalogue, measure_ids=["gap_gender_ks2_rwm"])
    assert {q.stage for q in queries} == {1, 2}
    assert all("ks2_rwm_expected" in q.measure_ids for q in queries if q.stage == 1)


def test_unknown_measure_is_a_user_error(catalogue):
    with pytest.raises(UserError, match="Unknown measure"):
        compile_catalogue(catalogue, measure_ids=["no_such_measure"])


def test_a_shared_denominator_is_summed_once():
    # The three proportions count the same cohort (KS2, 2016 on except 2020-21, England),
    # so their denominators are one sum; progress counts pupils with a score instead, a
    # different expression, so it keeps its own.
    shipped = load_catalogue()
    ids = ("ks2_read_expected", "ks2_read_progress", "ks2_rwm_expected", "ks2_rwm_higher")
    specs = [shipped.measure(i) for i in ids]  # in the compiler's (catalogue) order
    assert repeated_aggregates("ks2", specs, [2019]) == {"d_2": "d_0", "d_3": "d_0"}
    query = compile_catalogue(shipped, measure_ids=list(ids), years=[2019])[0]
    assert query.measure_ids == ids
    sql = query.sql("duckdb")
    assert "SUM(c_0)" in sql and "SUM(c_2)" not in sql and "SUM(c_3)" not in sql
    assert "d_0 AS d_2" in sql and "d_0 AS d_3" in sql


def test_published_estimates_replace_the_pupils_own_for_their_years_only():
    # `attain compute --pupils own` with DfE's ready reckoner imported for 2024: that year's
    # estimates and SD come from progress_estimates, other years' from the pupils; a
    # measure of another kind is compiled as before.
    shipped = load_catalogue()
    published = {"ks4_p8": [2024], "ks4_att8": [2024]}
    plain = compile_catalogue(shipped, measure_ids=["ks4_p8", "ks4_att8"], years=[2023, 2024],
                              strategy="rollup")[0]
    query = compile_catalogue(shipped, measure_ids=["ks4_p8", "ks4_att8"], years=[2023, 2024],
                              strategy="rollup", published_estimates=published)[0]
    assert "progress_estimates" not in plain.sql()
    sql = query.sql()
    assert sql.count("FROM progress_estimates WHERE measure_id = 'ks4_p8' AND year IN (2024)") == 2
    assert sql.count("AND year NOT IN (2024)") == 1 and sql.count("WHERE year NOT IN (2024)") == 1
    assert "'ks4_att8' AND year" not in sql
    for dialect in ("postgres", "spark"):
        assert "progress_estimates" in query.sql(dialect)
    # A year outside the measure's (no P8 for 2025) is not asked for.
    later = compile_catalogue(shipped, measure_ids=["ks4_p8"], years=[2024, 2025],
                              strategy="rollup", published_estimates={"ks4_p8": [2025]})[0]
    assert "progress_estimates" not in later.sql()


def _of_la_999(cube):
    """The rows of LA 999 and its schools (SCHOOLS: 100001, 100002)."""
    return {k: r for k, r in cube.items()
            if (k[2] == "la" and k[3] == "999") or (k[2] == "school"
                                                     and k[3] in ("100001", "100002"))}


@pytest.mark.parametrize("strategy", ["per_group", "unnest", "rollup"])
def test_one_la_s_rows_are_those_of_the_whole_cube(catalogue, cube, warehouse, strategy):
    # `attain compute --la 999`: only LA 999's and its schools' rows, each the whole cube's;
    # progress scores still against estimates from every pupil (LA 888's too).
    queries = compile_catalogue(catalogue, strategy=strategy, scope_las=["999"])
    scoped = run_queries(warehouse(DATA), queries)
    expected = _of_la_999(cube)
    assert any(k[0] == "ks2_read_progress" for k in expected)
    assert scoped.keys() == expected.keys()
    for key, row in expected.items():
        for a, b in zip(row, scoped[key], strict=True):
            assert (a is None and b is None) or math.isclose(a, b, abs_tol=1e-9), key


def test_one_la_s_rows_join_a_moved_pupil_s_census_row_in_another_la(catalogue, warehouse):
    # m1 attends LA 999's school 100002, but that year's census has him at LA 888's school:
    # a whole compute joins his census row wherever it is, so one LA's rows must too (the
    # stage 0 table of scoped_pupils takes it in by his pupil id).
    mover = {"year": 2019, "pupil_id": "m1", "urn": 100002, "la_code": "999",
             "sessions_possible": 100, "sessions_authorised": 50, "sessions_unauthorised": 0}
    data = {**DATA, "pupils": [*PUPILS, _census("m1", 200001, "M", False)],
            "attendance": [*ATTENDANCE, mover]}
    whole = run_queries(warehouse(data), compile_catalogue(catalogue, strategy="rollup"))
    queries = compile_catalogue(catalogue, strategy="rollup", scope_las=["999"])
    assert queries[0].materialize_as == SCOPED_PUPILS
    scoped = run_queries(warehouse(data), queries)
    assert scoped == _of_la_999(whole)
    # LA 999's boys: p1 missed 4 + 2 of 100 sessions, m1 50 of 100: 56 / 200 = 28%
    _check(scoped[("abs_overall", 2019, "la", "999", "boys")], 56, 200, 28.0)


def test_one_la_s_progress_scores_read_the_whole_census_when_their_cohort_needs_it(catalogue):
    # Progress estimates score every pupil of the nation; the stage 0 table has only the
    # LA's census rows, so a measure whose cohort reads a census column (fsm) joins them all
    progress = catalogue.measure("ks2_read_progress")
    census_cohort = replace(progress, cohort="fsm = FALSE")
    ks2_scoped = next(q for q in compile_catalogue(catalogue, measure_ids=[progress.id],
                                                   strategy="rollup", scope_las=["999"])
                      if q.dataset == "ks2")
    sql = ks2_scoped.sql()
    assert f"JOIN {SCOPED_PUPILS} AS p" in sql
    # every pupil's progress columns from the dataset alone: no census, no group flags
    every = sql[sql.index("src_all AS ("):sql.index("src AS (")]
    assert " AS p " not in every and "AS g_0" not in every
    assert census_of("ks2", [census_cohort], ("999",)) == "pupils"
    assert census_of("ks2", [progress], ("999",)) == SCOPED_PUPILS


def test_one_la_s_queries_render_in_every_dialect(catalogue):
    queries = {q.name: q for q in compile_catalogue(catalogue, strategy="rollup",
                                                    scope_las=["999"])}
    for dialect in ("duckdb", "postgres", "spark"):
        rendered = {name: q.sql(dialect, pretty=True) for name, q in queries.items()}
        # KS2 has progress measures: every pupil scored, then LA 999's pupils grouped,
        # by school and LA only
        ks2 = rendered["ks2__rollup"]
        assert "scored_all" in ks2 and "'999'" in ks2
        assert "GROUPING(region_code)" not in ks2.replace(" ", "")


def test_one_la_cannot_be_computed_with_the_prepared_strategy(catalogue):
    with pytest.raises(UserError, match="prepared strategy"):
        compile_catalogue(catalogue, strategy="prepared", scope_las=["999"])
