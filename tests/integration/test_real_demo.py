"""`attain demo --real 882`: a data folder of Southend-on-Sea's real published figures,
in the results cube with LAIT-style comparisons, its schools in the app database. Expected
numbers come from the SOURCE.md files in data/real and, for the neighbour average, rank
and quartile, are worked by hand in test_real_lait_comparisons.py."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from attain import settings
from attain.cli.app import app
from attain.services.compute import results_warehouse

LA = "882"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("real-demo")
    result = CliRunner().invoke(app, ["demo", "--real", LA, "--data-dir", str(folder)],
                                terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "Real data for Southend-on-Sea (882)" in result.output
    return folder


def _cube(folder: Path, measure: str, year: int, level: str, area: str,
          group: str = "all") -> dict:
    target = results_warehouse(folder)
    con = duckdb.connect()
    target.register_views(con)
    cursor = con.execute(
        "select r.*, c.national_value, c.rank, c.rank_of, c.quartile, c.la_value "
        "from results r left join comparisons c "
        "using (measure_id, year, level, area_code, group_id) where measure_id = ? "
        "and year = ? and level = ? and area_code = ? and group_id = ?",
        [measure, year, level, area, group])
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    assert len(rows) == 1, rows
    return rows[0]


def test_la_figure_with_lait_comparisons(folder: Path) -> None:
    # LAIT KS2RWM_Expected_STD 2019: Southend 68, England 65; 34 LAs higher -> rank 35 of
    # 149; quartiles 54/63/66/68/81 -> band B (worked in test_real_lait_comparisons.py).
    row = _cube(folder, "ks2_rwm_expected", 2019, "la", LA)
    assert (row["value"], row["national_value"], row["source"]) == (
        68.0, 65.0, "bds_long_0.parquet")
    assert (row["rank"], row["rank_of"], row["quartile"]) == (35, 149, "B")


def test_statistical_neighbour_average_in_the_cube(folder: Path) -> None:
    # (67 + 62 + 66 + 65 + 63 + 58 + 68 + 70 + 67 + 54) / 10 = 64.0
    row = _cube(folder, "ks2_rwm_expected", 2019, "group_of_las", f"SN{LA}")
    assert row["value"] == 64.0


def test_school_figure_from_the_performance_tables(folder: Path) -> None:
    # SOURCE.md (dfe-performance-tables-2018-19-ksp): Westcliff High School for Girls
    # (URN 136490) A8 75.9, P8 0.78 in the 2018/19 provisional tables; the LA's own A8 in
    # the cube is LAIT's final 2019 figure, 52.4 (SOURCE.md of the KS4 revised data).
    row = _cube(folder, "ks4_att8", 2019, "school", "136490")
    assert (row["value"], row["source"], row["la_value"]) == (
        75.9, "england_ks4provisional.csv", 52.4)
    assert _cube(folder, "ks4_p8", 2019, "school", "136490")["value"] == 0.78


def test_only_the_las_schools_are_registered(folder: Path) -> None:
    engine = sa.create_engine(settings.database_url(folder))
    with engine.connect() as con:
        las = {r[0] for r in con.execute(sa.text("select distinct la_code from schools"))}
        names = {r[0] for r in con.execute(sa.text("select name from schools"))}
    assert las == {LA}
    assert {"Westcliff High School for Girls", "Chase High School"} <= names
    school_rows = results_warehouse(folder).connect().execute(
        "select count(*) from results where level = 'school' and area_code not in "
        "(select cast(urn as varchar) from read_parquet(?))",
        [str(folder / "warehouse" / "schools" / "part.parquet")]).fetchall()[0][0]
    assert school_rows == 0


def test_unknown_la_is_a_user_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["demo", "--real", "999", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2 and "not the code of a current English LA" in result.output


def test_a_folder_with_pupil_data_is_refused(tmp_path: Path) -> None:
    pupils = tmp_path / "ks2.csv"
    pupils.write_text("year,pupil_id,urn,la_code,read_scaled\n2019,p1,114718,882,101\n")
    assert CliRunner().invoke(app, ["import", str(pupils), "--data-dir",
                                    str(tmp_path / "d")]).exit_code == 0
    result = CliRunner().invoke(app, ["demo", "--real", LA, "--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 2 and "already holds pupil-level data" in result.output


def test_school_rank_among_the_las_schools(folder: Path) -> None:
    # england_ks4provisional.csv (2018/19), LEA 882, RECTYPE 1 and 2: 15 schools have an
    # A8 score; only Westcliff High School for Boys (77.2) is above the Girls' 75.9, so
    # rank 2 of 15. Sorted, the 15 scores are 0.6 0.8 2.7 32.3 35.7 39.7 42.5 44.5 51.6
    # 53.2 56.1 72.5 73 75.9 77.2: the upper quartile (type 7, position 11.5) is
    # (56.1 + 72.5) / 2 = 64.3, and 75.9 is above it: band A.
    row = _cube(folder, "ks4_att8", 2019, "school", "136490")
    assert (row["rank"], row["rank_of"], row["quartile"]) == (2, 15, "A")
    # Lancaster School (144693) printed NE: no value, so no rank.
    lancaster = _cube(folder, "ks4_att8", 2019, "school", "144693")
    assert (lancaster["value"], lancaster["suppressed"], lancaster["rank"],
            lancaster["rank_of"]) == (None, "NE", None, None)
