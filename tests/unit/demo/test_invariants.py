"""Properties every generated warehouse must have (checked with SQL over the warehouse)."""

from __future__ import annotations

import duckdb
import pytest

from attain.demo import DemoSummary
from attain.domain.datasets import PUPIL_RESULT_DATASETS

# A school is open in academic year Y (Sep Y-1 to Aug Y) if it opened by the January
# census and had not closed before the year began.
OPEN = ("(s.open_date is null or s.open_date <= make_date(r.year, 1, 15)) and "
        "(s.close_date is null or s.close_date >= make_date(r.year - 1, 9, 1))")


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> object:
    row = con.execute(sql).fetchone()
    assert row is not None
    return row[0]


@pytest.mark.parametrize("dataset", [d for d in PUPIL_RESULT_DATASETS if d != "fp"])
def test_every_result_has_a_census_row_and_an_open_school(
        england_db: duckdb.DuckDBPyConnection, dataset: str) -> None:
    rows = _one(england_db, f"select count(*) from {dataset}")
    assert isinstance(rows, int) and rows > 0
    orphans = _one(england_db, f"""
        select count(*) from {dataset} r
        where not exists (select 1 from pupils p
                          where p.pupil_id = r.pupil_id and p.year = r.year)""")
    assert orphans == 0
    closed = _one(england_db, f"""
        select count(*) from {dataset} r join schools s on s.urn = r.urn
        where not ({OPEN})""")
    assert closed == 0
    unknown = _one(england_db, f"""
        select count(*) from {dataset} r
        where not exists (select 1 from schools s where s.urn = r.urn
                          and s.la_code = r.la_code)""")
    assert unknown == 0


def test_welsh_foundation_phase_rows_belong_to_census_pupils(
        wales_db: duckdb.DuckDBPyConnection) -> None:
    assert _one(wales_db, """select count(*) from fp r where not exists (
        select 1 from pupils p where p.pupil_id = r.pupil_id and p.year = r.year)""") == 0
    assert _one(wales_db, "select count(*) from fp") > 0
    # Wales has no academies, phonics check or KS1 teacher assessment in this model.
    assert _one(wales_db, "select count(*) from schools where is_academy") == 0
    assert _one(wales_db, "select count(*) from phonics") == 0
    assert _one(wales_db, "select count(distinct country) from schools") == 1


def test_home_la_year_groups_are_plausible(england_db: duckdb.DuckDBPyConnection) -> None:
    # Southend-on-Sea has about 2,000 pupils per year group.
    low, high = england_db.execute("""
        select min(n), max(n) from (
          select year, nc_year, count(*) as n from pupils
          where la_code = '882' and nc_year between 0 and 11 group by all)""").fetchone()  # type: ignore[misc]
    assert low >= 1_600 and high <= 2_400


def test_national_year_groups_follow_the_scale(england: DemoSummary,
                                               england_db: duckdb.DuckDBPyConnection) -> None:
    # 600,000 pupils per year group in England x scale 0.005 = 3,000 outside the home LA.
    low, high = england_db.execute("""
        select min(n), max(n) from (
          select year, nc_year, count(*) as n from pupils
          where la_code <> '882' and nc_year between 0 and 11 group by all)""").fetchone()  # type: ignore[misc]
    assert low >= 2_400 and high <= 3_600


def test_one_census_row_per_pupil_per_year(england_db: duckdb.DuckDBPyConnection) -> None:
    assert _one(england_db, """select count(*) from (select year, pupil_id from pupils
                               group by all having count(*) > 1)""") == 0


def test_pupil_ids_are_pseudonymous_and_persistent(
        england_db: duckdb.DuckDBPyConnection) -> None:
    assert _one(england_db, r"""select count(*) from pupils
                               where not regexp_full_match(pupil_id, 'P[0-9A-F]{8}')""") == 0
    # The same pupil is followed from KS2 (2014) to KS4 (2019) with the KS2 prior.
    followed = _one(england_db, """
        select count(*) from ks4 k join ks2 t on t.pupil_id = k.pupil_id and t.year = 2014
        where k.year = 2019 and k.ks2_aps_fine is not null""")
    # About 5,000 per year group (2,000 home + 3,000 national); a few move away or are absent.
    assert isinstance(followed, int) and followed > 4_000
    assert _one(england_db, """
        select count(*) from ks4 k join ks2 t on t.pupil_id = k.pupil_id and t.year = 2014
        where k.year = 2019 and k.ks2_eng_level_num is distinct from t.eng_level_num""") == 0


def test_characteristic_shares_are_plausible(england_db: duckdb.DuckDBPyConnection) -> None:
    fsm, disadvantaged, support, plan, lac, eal = england_db.execute("""
        select avg(fsm::int), avg(disadvantaged::int), avg((sen in ('K'))::int),
               avg((sen = 'E')::int), avg(lac::int), avg(eal::int)
        from pupils where year = 2019 and nc_year <= 11""").fetchone()  # type: ignore[misc]
    assert 0.12 <= fsm <= 0.22 and 0.22 <= disadvantaged <= 0.32
    assert 0.10 <= support <= 0.16 and 0.02 <= plan <= 0.05
    assert 0.002 <= lac <= 0.01 and 0.13 <= eal <= 0.22
    codes = england_db.execute("""select distinct sen from pupils where year = 2012
                                  order by 1""").fetchall()
    assert [c[0] for c in codes] == ["A", "N", "P", "S"]


def test_summer_born_pupils_do_less_well_at_eyfs(england_db: duckdb.DuckDBPyConnection) -> None:
    autumn, summer = england_db.execute("""
        select avg(case when p.month_of_birth in (9, 10, 11) then e.elg_lit1 end),
               avg(case when p.month_of_birth in (6, 7, 8) then e.elg_lit1 end)
        from eyfs e join pupils p using (pupil_id, year) where e.year = 2019""").fetchone()  # type: ignore[misc]
    assert autumn > summer


def test_edge_cases_are_present(england_db: duckdb.DuckDBPyConnection) -> None:
    con = england_db
    # Tiny cohorts (< 6) in a home LA school, and phonics absence/disapplication codes.
    assert _one(con, """select count(*) from (select urn, year, count(*) n from ks2
                        where la_code = '882' group by all having n < 6)""") > 0
    codes = {r[0] for r in con.execute("select distinct outcome from phonics").fetchall()}
    assert {"WA", "WT", "A", "D"} <= codes
    assert {r[0] for r in con.execute("select distinct read_status from ks2 "
                                      "where year = 2019").fetchall()} >= {"S", "B", "A"}
    # No KS2 tests in 2020 and 2021, so no KS1 prior at KS2 in 2024/2025 and no KS2 prior
    # at KS4 in 2025.
    assert _one(con, "select count(*) from ks2 where year in (2020, 2021)") == 0
    assert _one(con, "select count(ks1_aps) + count(prior_band) from ks2 "
                     "where year in (2024, 2025)") == 0
    assert _one(con, "select count(ks2_emss) + count(ks2_aps_fine) from ks4 "
                     "where year = 2025") == 0
    assert _one(con, "select count(ks2_emss) from ks4 where year = 2023") > 0
    # Pupils with no prior attainment in an ordinary year (joiners, absentees).
    assert _one(con, "select count(*) from ks4 where year = 2019 and ks2_aps_fine is null") > 0


def test_school_events_are_present(england_db: duckdb.DuckDBPyConnection) -> None:
    con = england_db
    converted = con.execute("""
        select old.close_date, new.open_date, new.is_academy,
               (select count(*) from pupils p where p.urn = new.urn and p.year = 2015)
        from schools new join schools old on old.urn = new.predecessor_urn
        where new.la_code = '882'""").fetchall()
    assert len(converted) == 1
    closed, opened, academy, pupils = converted[0]
    assert (opened - closed).days == 1 and academy and pupils > 100
    assert _one(con, "select count(*) from schools where la_code = '882' and close_date "
                     "is not null and predecessor_urn is null and urn not in "
                     "(select predecessor_urn from schools where predecessor_urn is not null)") == 1
    assert _one(con, "select count(*) from schools where la_code = '882' and open_date "
                     "is not null and predecessor_urn is null") == 1
    phases = {r[0] for r in con.execute("select distinct phase from schools "
                                        "where la_code = '882'").fetchall()}
    assert phases == {"infant", "junior", "primary", "secondary", "all-through", "special"}
    # A secondary with pupils in Year 11 but no KS4 entries in 2018.
    assert _one(con, """select count(*) from schools s where s.la_code = '882'
        and exists (select 1 from pupils p where p.urn = s.urn and p.year = 2018
                    and p.nc_year = 11)
        and not exists (select 1 from ks4 k where k.urn = s.urn and k.year = 2018)""") == 1


def test_mid_year_movers_have_two_enrolments(england_db: duckdb.DuckDBPyConnection) -> None:
    movers, possible = england_db.execute("""
        select count(*), avg(total) from (
          select pupil_id, sum(sessions_possible) as total from attendance
          where year = 2019 group by pupil_id having count(*) = 2)""").fetchone()  # type: ignore[misc]
    assert movers > 100
    assert 370 <= possible <= 385
