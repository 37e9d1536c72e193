"""Comparisons of published figures (attain.services.published_comparisons), the one path
for `import --to-results` (published_results.publish), `attain compute` and
`attain demo --real`. Every expected number is worked by hand from the rows below.

The folder: schools 100001-100003 in LA 882 and 200001 in Cardiff (681); LA 882's
statistical neighbours 883 and 884; published KS4 figures of 2015-2019; one computed
figure (England's Attainment 8, 46.5) already in the cube, with its comparisons.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest
from cube_fixtures import CATALOGUE, connection, prop
from hypothesis import given, settings
from hypothesis import strategies as st

from attain.domain.results import COMPARISONS, RESULTS
from attain.engines.duckdb import arrow_table
from attain.measures.catalogue import load_catalogue
from attain.services import compute_cube
from attain.services.compute import results_warehouse
from attain.services.compute_comparisons import add_comparisons
from attain.services.compute_cube import load_catalogue_tables
from attain.services.neighbours import country_of
from attain.services.published_comparisons import (
    NO_INTERVAL,
    NOT_A_PROPORTION,
    add_published_comparisons,
    comparing,
    country_sql,
    cube_select,
    files_sql,
    report,
    wilson_sql,
    with_published_comparisons,
)
from attain.services.published_results import SN_SOURCE, publish
from attain.services.published_store import published_store
from attain.services.status import warehouse_for
from attain.stats.intervals import wilson

EM, ATT8, P8, BUDGET = "ks4_em_94", "ks4_att8", "ks4_p8", "ctx_budget_per_pupil"
ENGLAND, WALES = "E92000001", "W92000004"
FILE = "tables.csv"
# (measure, year, level, area, value, denominator, ci_low, ci_high, suppressed)
PUBLISHED: list[tuple[Any, ...]] = [
    (EM, 2019, "national", ENGLAND, 64.4, None, None, None, None),
    (EM, 2015, "la", "882", 70.0, None, None, None, None),
    (EM, 2016, "la", "882", 72.0, None, None, None, None),
    (EM, 2018, "la", "882", 74.08, None, None, None, None),  # no 2017 figure
    (EM, 2019, "la", "882", 74.1, 2058.0, None, None, None),
    (EM, 2017, "la", "883", 60.04, None, None, None, None),
    (EM, 2018, "la", "883", 59.0, None, None, None, None),
    (EM, 2019, "la", "883", 60.0, 50.0, None, None, None),
    (EM, 2019, "la", "884", 70.0, None, None, None, None),
    (EM, 2019, "school", "100001", 80.0, None, None, None, None),
    (EM, 2019, "school", "100002", 50.0, None, None, None, None),
    (EM, 2019, "school", "100003", None, None, None, None, "SUPP"),
    (ATT8, 2019, "national", ENGLAND, 47.0, None, None, None, None),  # computed 46.5 wins
    (ATT8, 2019, "la", "882", 52.9, 2058.0, None, None, None),
    (P8, 2019, "national", ENGLAND, -0.03, None, None, None, None),
    (P8, 2019, "la", "882", 0.11, 2058.0, 0.06, 0.17, None),
    (BUDGET, 2019, "national", ENGLAND, 9999.0, None, None, None, None),
    (BUDGET, 2019, "national", WALES, 4440.87, None, None, None, None),
    (BUDGET, 2019, "la", "681", 4782.33, None, None, None, None),
    (BUDGET, 2019, "school", "200001", 5000.0, None, None, None, None),
]
COMPUTED_KEY = (ATT8, 2019, "national", ENGLAND, "all")
Comparisons = dict[tuple[Any, ...], dict[str, Any]]


def _published_table() -> pa.Table:
    columns = ("measure_id", "year", "level", "area_code", "value", "denominator",
               "ci_low", "ci_high", "suppressed")
    data: dict[str, list[Any]] = {c: [r[i] for r in PUBLISHED] for i, c in enumerate(columns)}
    n = len(PUBLISHED)
    data.update(group_id=["all"] * n, source_file=[FILE] * n, sha256=["0" * 64] * n,
                publisher=["DfE"] * n, release=["final"] * n,
                imported_at=["2026-01-01T00:00:00Z"] * n)
    return pa.table(data)


def _folder(root: Path) -> Path:
    warehouse = warehouse_for(root)
    warehouse.write("schools", pa.table({
        "urn": [100001, 100002, 100003, 200001], "la_code": ["882", "882", "882", "681"],
        "name": ["A", "B", "C", "D"], "country": ["E", "E", "E", "W"]}))
    warehouse.write("areas", pa.table({
        "area_code": ["SN882", "SN882"], "area_name": ["Neighbours of 882"] * 2,
        "level": ["group_of_las"] * 2, "la_code": ["883", "884"]}))
    published_store(root).write("published", _published_table())
    computed = {c: [None] for c in RESULTS.column_names}
    computed.update(measure_id=[ATT8], year=[2019], level=["national"], area_code=[ENGLAND],
                    group_id=["all"], value=[46.5], source=["computed"])
    marker = {c: [None] for c in COMPARISONS.column_names}
    marker.update(measure_id=[ATT8], year=[2019], level=["national"], area_code=[ENGLAND],
                  group_id=["all"], national_value=[46.5], rank=[7])  # 7: only to spot it
    with results_warehouse(root).transaction() as tx:
        tx.write("results", pa.table(computed))
        tx.write("comparisons", pa.table(marker))
    return root


def _comparisons(folder: Path) -> Comparisons:
    rows = results_warehouse(folder).read("comparisons").to_pylist()
    return {(r["measure_id"], r["year"], r["level"], r["area_code"], r["group_id"]): r
            for r in rows}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    folder = _folder(tmp_path_factory.mktemp("published"))
    return folder, publish(folder)


@pytest.fixture(scope="module")
def found(published: tuple[Path, Any]) -> Comparisons:
    return _comparisons(published[0])


def test_rows_and_report(published: tuple[Path, Any]) -> None:
    folder, outcome = published
    # 20 published rows less England's A8 (a computed row has that key), plus the
    # neighbour average SN882 for 2017 (883 only), 2018 (883 only) and 2019 (883, 884).
    assert outcome.rows == 19 + 3
    assert outcome.comparisons.compared == 22
    # Tested: 882's and 883's 2019 proportions (their cohorts), 882's P8 (its interval).
    assert outcome.comparisons.tested == 3
    # No interval or cohort: 884, schools 100001-2, SN882 2019, Cardiff, school 200001.
    # Attainment 8 is a mean: a cohort alone gives no interval.
    assert outcome.comparisons.not_tested == {NO_INTERVAL: 6, NOT_A_PROPORTION: 1}
    results = results_warehouse(folder).read("results").to_pylist()
    sources = {(r["measure_id"], r["level"], r["area_code"]): r["source"] for r in results
               if r["year"] == 2019}
    assert sources[(ATT8, "national", ENGLAND)] == "computed"
    assert sources[(EM, "la", "882")] == FILE
    assert sources[(EM, "group_of_las", "SN882")] == SN_SOURCE


def test_one_la_keeps_only_its_schools(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    # Cardiff's: the 22 rows less the three schools of LA 882.
    assert publish(folder, "681").rows == 22 - 3
    results = results_warehouse(folder).read("results").to_pylist()
    assert {r["area_code"] for r in results if r["level"] == "school"} == {"200001"}


def test_neighbour_average(published: tuple[Path, Any]) -> None:
    results = results_warehouse(published[0]).read("results").to_pylist()
    sn = {r["year"]: r["value"] for r in results if r["area_code"] == "SN882"}
    # 2019: (60.0 + 70.0) / 2; 2017 and 2018: 883 alone (884 has no figure).
    assert sn == {2017: 60.04, 2018: 59.0, 2019: 65.0}


def test_national_difference_and_la_value(found: Comparisons) -> None:
    row = found[(EM, 2019, "la", "882", "all")]
    assert (row["national_value"], row["diff_national"]) == (64.4, pytest.approx(9.7))
    school = found[(EM, 2019, "school", "100001", "all")]
    assert (school["national_value"], school["la_value"]) == (64.4, 74.1)
    # The computed England figure is the comparator of the published LA figure.
    att8 = found[(ATT8, 2019, "la", "882", "all")]
    assert (att8["national_value"], att8["diff_national"]) == (46.5, pytest.approx(6.4))


def test_welsh_figures_against_wales(found: Comparisons) -> None:
    cardiff = found[(BUDGET, 2019, "la", "681", "all")]
    assert cardiff["national_value"] == 4440.87
    assert cardiff["diff_national"] == pytest.approx(4782.33 - 4440.87)
    assert found[(BUDGET, 2019, "school", "200001", "all")]["national_value"] == 4440.87
    # Not a catalogue measure, no polarity from the publisher: no rank.
    assert cardiff["rank"] is None and cardiff["quartile"] is None


def test_significance_from_an_interval_or_a_cohort(found: Comparisons) -> None:
    # P8 0.11 [0.06, 0.17] wholly above England's -0.03.
    assert found[(P8, 2019, "la", "882", "all")]["significance"] == "sig_above"
    # 74.1% of 2058: Wilson 72.2%-75.9% (worked in tests/integration/
    # test_real_published_comparisons.py), wholly above 64.4.
    assert found[(EM, 2019, "la", "882", "all")]["significance"] == "sig_above"
    # 60% of 50: centre (0.6 + 3.8415/100) / (1 + 3.8415/50) = 0.5929, half-width
    # 1.959964 / 1.0768 * sqrt(0.24/50 + 3.8415/10000) = 0.1311: 46.2%-72.4% holds 64.4.
    assert found[(EM, 2019, "la", "883", "all")]["significance"] == "below"
    assert found[(EM, 2019, "la", "884", "all")]["significance"] is None
    assert found[(ATT8, 2019, "la", "882", "all")]["significance"] is None
    assert found[(EM, 2019, "national", ENGLAND, "all")]["significance"] is None


def test_trends_skip_missing_years(found: Comparisons) -> None:
    row = found[(EM, 2019, "la", "882", "all")]
    # Available years 2015, 2016, 2018, 2019: 3 back from 2019 is 2016: 74.1 - 72.0.
    assert (row["trend3_change"], row["trend3_direction"]) == (pytest.approx(2.1), "up")
    assert row["trend5_change"] is None  # four years only
    # 883: 60.0 - 60.04 = -0.04, within half the last decimal (0.05): no change.
    row = found[(EM, 2019, "la", "883", "all")]
    assert (row["trend3_change"], row["trend3_direction"]) == (pytest.approx(-0.04),
                                                               "no_change")


def test_rank_and_quartile(found: Comparisons) -> None:
    # LAs 882 74.1, 884 70.0, 883 60.0; type-7 quartiles 65, 70, 72.05.
    assert [(found[(EM, 2019, "la", la, "all")]["rank"],
             found[(EM, 2019, "la", la, "all")]["rank_of"],
             found[(EM, 2019, "la", la, "all")]["quartile"]) for la in ("882", "884", "883")
            ] == [(1, 3, "A"), (2, 3, "C"), (3, 3, "D")]
    # Schools among their LA's schools with a figure (100003 is suppressed).
    assert found[(EM, 2019, "school", "100002", "all")]["rank"] == 2
    assert found[(EM, 2019, "school", "100002", "all")]["rank_of"] == 2


def test_a_suppressed_figure_gets_comparators_but_no_comparison(found: Comparisons) -> None:
    row = found[(EM, 2019, "school", "100003", "all")]
    assert (row["national_value"], row["la_value"]) == (64.4, 74.1)
    assert (row["diff_national"], row["significance"], row["rank"],
            row["trend3_change"]) == (None, None, None, None)


def test_computed_rows_keep_their_comparisons(found: Comparisons) -> None:
    assert found[COMPUTED_KEY]["rank"] == 7


def test_recomparing_gives_the_same_rows(published: tuple[Path, Any],
                                         found: Comparisons) -> None:
    report = add_published_comparisons(published[0])
    assert report == published[1].comparisons
    assert _comparisons(published[0]) == found


def test_compute_adds_the_published_rows(published: tuple[Path, Any],
                                                  found: Comparisons) -> None:
    folder = published[0]
    target = results_warehouse(folder)
    with comparing(folder) as con:
        results = files_sql(target, "results")
        assert results is not None
        con.execute(f"CREATE TABLE cube AS {cube_select(results)}")
        con.execute("UPDATE cube SET cell_id = 1 WHERE source = 'computed'")
        load_catalogue_tables(con, load_catalogue())  # compute's measure_info is reused
        # As add_comparisons leaves them: the computed row compared (here with a mark to
        # show it is left alone), no published row.
        comparisons = files_sql(target, "comparisons")
        con.execute(f"CREATE TABLE comparisons AS SELECT 1 AS cell_id, * REPLACE "
                    f"(CAST(-1 AS DOUBLE) AS national_value) FROM {comparisons} "
                    f"WHERE measure_id = '{ATT8}' AND level = 'national'")
        view = with_published_comparisons(con, folder)
        rows = arrow_table(con, f"SELECT * EXCLUDE (cell_id) FROM {view}").to_pylist()
        counted = report(con)
    got = {(r["measure_id"], r["year"], r["level"], r["area_code"], r["group_id"]): r
           for r in rows}
    assert len(got) == len(rows)  # each row once
    assert counted == published[1].comparisons
    assert got[COMPUTED_KEY]["national_value"] == -1.0  # not a published row: untouched
    assert {k: v for k, v in got.items() if k != COMPUTED_KEY} == {
        k: v for k, v in found.items() if k != COMPUTED_KEY}


WILSON_CON = duckdb.connect()


@settings(max_examples=200, deadline=None)
@given(st.floats(0, 100), st.integers(1, 10**6))
def test_wilson_sql_is_attain_stats_wilson(value: float, denominator: int) -> None:
    low, high = WILSON_CON.execute(
        f"SELECT {wilson_sql('low')}, {wilson_sql('high')} FROM "
        "(SELECT ?::DOUBLE AS value, ?::DOUBLE AS denominator) c",
        [value, float(denominator)]).fetchall()[0]
    interval = wilson(value / 100 * denominator, denominator)
    assert (low, high) == (interval.low, interval.high)


@pytest.mark.parametrize("code", ["681", "660", "0681", "659", "682", "882", "E06", ""])
def test_country_sql_is_country_of(code: str) -> None:
    [(got,)] = duckdb.connect().execute(
        f"SELECT {country_sql('c')} FROM (SELECT ?::VARCHAR AS c)", [code]).fetchall()
    assert got == country_of(code)


def test_in_attain_compute_published_rows_are_compared_with_computed_ones(
        tmp_path: Path) -> None:
    # The steps of attain.services.compute on tests/unit/services/cube_fixtures.py's
    # registries: computed England 600/1000 = 60%, LA 882 50/100, LA 883 80/100; then
    # LA 884's published 70% of 100 pupils merged into the cube.
    con = connection(tmp_path, [prop(2019, "national", ENGLAND, "all", 600, 1000),
                                prop(2019, "la", "882", "all", 50, 100),
                                prop(2019, "la", "883", "all", 80, 100)])
    compute_cube.build(con, CATALOGUE, None)
    con.execute("INSERT INTO cube (measure_id, year, level, area_code, group_id, "
                "denominator, value, source) VALUES "
                "('prop', 2019, 'la', '884', 'all', 100, 70.0, 'file.csv')")
    add_comparisons(con)
    computed = arrow_table(con, "SELECT * FROM comparisons WHERE area_code <> '884' "
                                "ORDER BY area_code").to_pylist()
    view = with_published_comparisons(con, tmp_path)
    found = report(con)
    assert arrow_table(con, f"SELECT * FROM {view} WHERE area_code <> '884' "
                            "ORDER BY area_code").to_pylist() == computed
    [row] = arrow_table(con, f"SELECT * FROM {view} WHERE area_code = '884'").to_pylist()
    assert (row["national_value"], row["diff_national"]) == (60.0, 10.0)
    # Wilson for 70 of 100: centre 0.71921 / 1.03842 = 0.69260, half-width
    # 1.959964 / 1.03842 * sqrt(0.0021 + 3.8415 / 40000) = 0.08845: 60.4%-78.1%, above 60.
    assert row["significance"] == "sig_above"
    # Among 80, 70, 50: second. Type-7 quartiles 60, 70, 75: 70 is on the median, so in
    # the band below it, C.
    assert (row["rank"], row["rank_of"], row["quartile"]) == (2, 3, "C")
    assert (found.compared, found.tested) == (1, 1)
