"""Import the real published files in data/real (copies of the shared real-data folder)
and reproduce the figures their publishers state. Each expected number names its source:
the SOURCE.md beside the file (figures read from the file itself) or reference/measures.md
(the publisher's headline)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from attain.services.imports import import_file
from attain.services.published_store import published_store
from attain.services.status import warehouse_for

REAL = Path(__file__).resolve().parents[2] / "data" / "real"
KS4 = REAL / "dfe-performance-tables-2018-19-ksp" / "england_ks4provisional.csv"
ABS = REAL / "dfe-performance-tables-2018-19-ksp" / "england_abs.csv"
CENSUS = REAL / "dfe-performance-tables-2018-19-ksp" / "england_census.csv"
DERIVED = REAL / "dfe-spine-2017-18-and-ks4-p8-2016-2018"
EXCLUSIONS = REAL / "dfe-exclusions-la-2006-2017" / "clean_la_data.csv"
LAIT = REAL / "dfe-lait" / "bds_long_0.parquet"
GIAS = REAL / "dfe-ks2-gias-hampshire-surrey" / "gias" / "20220420_gias_850_936.csv"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("real")
    files = [KS4, ABS, CENSUS, *(DERIVED / f"ks4_perf_{y}_derived.csv" for y in (2016, 2017, 2018)),
             EXCLUSIONS, GIAS]
    for path in files:
        outcome = import_file(folder, path)
        assert outcome.status == "imported", (path.name, outcome.problems[:5])
    return folder


def figure(folder: Path, measure: str, year: int, area: str, group: str = "all") -> dict:
    store = published_store(folder)
    con = duckdb.connect()
    store.register_views(con)
    cursor = con.execute(
        "select * from published where measure_id = ? and year = ? and area_code = ? "
        "and group_id = ?", [measure, year, area, group])
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    assert len(rows) == 1, rows
    return rows[0]


# SOURCE.md of dfe-performance-tables-2018-19-ksp, "Facts read from the files", KS4
# provisional 2018/19: England state-funded (RECTYPE 7) and Southend-on-Sea (882).
@pytest.mark.parametrize(("measure", "area", "value"), [
    ("ks4_att8", "E92000001", 46.5), ("ks4_p8", "E92000001", -0.03),
    ("ks4_em_94", "E92000001", 64.4), ("ks4_em_95", "E92000001", 43.0),
    ("ks4_ebacc_entry", "E92000001", 40.0), ("ks4_ebacc_aps", "E92000001", 4.06),
    ("ks4_att8", "882", 52.9), ("ks4_p8", "882", 0.11), ("ks4_em_94", "882", 74.1),
    ("ks4_em_95", "882", 56.7), ("ks4_ebacc_entry", "882", 47.0), ("ks4_ebacc_aps", "882", 4.69),
    ("ks4_att8", "840", 44.6), ("ks4_p8", "840", -0.22), ("ks4_att8", "885", 46.5),
    ("ks4_p8", "885", 0.06), ("ks4_att8", "931", 47.2), ("ks4_p8", "931", 0.07),
    ("ks4_att8", "136490", 75.9), ("ks4_p8", "136490", 0.78), ("ks4_em_95", "136490", 98.3),
    ("ks4_att8", "141741", 35.7), ("ks4_p8", "141741", -0.66), ("ks4_p8", "142077", -1.09),
])
def test_ks4_performance_tables_2019(folder: Path, measure: str, area: str, value: float) -> None:
    row = figure(folder, measure, 2019, area)
    assert row["value"] == pytest.approx(value)
    assert row["release"] == "provisional"  # from the file name england_ks4provisional.csv
    assert row["source_file"] == "england_ks4provisional.csv"
    assert row["publisher"] == "Department for Education"


def test_ks4_levels_cohort_and_confidence_interval(folder: Path) -> None:
    # SOURCE.md: England state-funded 542,831 pupils; Southend 2,058 pupils.
    england = figure(folder, "ks4_att8", 2019, "E92000001")
    assert (england["level"], england["denominator"]) == ("national", 542831)
    southend = figure(folder, "ks4_att8", 2019, "882")
    assert (southend["level"], southend["denominator"]) == ("la", 2058)
    # The file's row for Westcliff High School for Girls: P8CILOW 0.58, P8CIUPP 0.98.
    school = figure(folder, "ks4_p8", 2019, "136490")
    assert (school["level"], school["ci_low"], school["ci_high"]) == ("school", 0.58, 0.98)


def test_ks4_symbols_are_kept_as_suppression(folder: Path) -> None:
    # The file's row for Lancaster School (URN 144693): ATT8SCR "NE", P8MEA "SUPP".
    att8 = figure(folder, "ks4_att8", 2019, "144693")
    assert (att8["value"], att8["suppressed"], att8["symbol"]) == (None, "NE", "NE")
    p8 = figure(folder, "ks4_p8", 2019, "144693")
    assert (p8["value"], p8["suppressed"]) == (None, "SUPP")


# SOURCE.md of dfe-spine-2017-18-and-ks4-p8-2016-2018, "Facts read (Southend-on-Sea
# schools)": Progress 8 and Attainment 8 for 2016, 2017 and 2018.
@pytest.mark.parametrize(("measure", "urn", "values"), [
    ("ks4_p8", "136490", (0.39, 0.73, 0.86)), ("ks4_att8", "136490", (71.4, 73.2, 76.9)),
    ("ks4_p8", "141741", (-0.68, -1.06, -0.95)), ("ks4_att8", "141741", (39.5, 31.7, 31.7)),
    ("ks4_p8", "136443", (0.30, 0.24, 0.73)),
])
def test_ks4_derived_extracts_2016_to_2018(folder: Path, measure: str, urn: str,
                                           values: tuple[float, ...]) -> None:
    got = tuple(figure(folder, measure, year, urn)["value"] for year in (2016, 2017, 2018))
    assert got == pytest.approx(values)


def test_absence_school_rows(folder: Path) -> None:
    # england_abs.csv line 2: URN 100000 PERCTOT 2.6, PPERSABS10 3.4.
    assert figure(folder, "abs_overall", 2019, "100000")["value"] == 2.6
    assert figure(folder, "abs_persistent", 2019, "100000")["value"] == 3.4


def test_census_context(folder: Path) -> None:
    # SOURCE.md: census, 58 LA 882 establishments, 30,872 pupils on roll in total.
    con = duckdb.connect()
    published_store(folder).register_views(con)
    warehouse_for(folder)  # the census carries LA in the file, not in the cube: join on URN
    total, count = con.execute(
        "select sum(value), count(*) from published p join read_csv(?, all_varchar=true) c "
        "on p.area_code = c.URN where p.measure_id = 'ctx_pupils_on_roll' and c.LA = '882'",
        [str(CENSUS)]).fetchone()
    assert (total, count) == (30872, 58)


# SOURCE.md of dfe-exclusions-la-2006-2017, facts from clean_la_data.csv (2011/12 England
# total: 5,165 permanent (0.07%), 304,370 fixed-period (4.03%), 7,546,455 pupils).
def test_exclusions_time_series(folder: Path) -> None:
    perm = figure(folder, "excl_perm_rate", 2012, "E92000001")
    assert (perm["value"], perm["numerator"], perm["denominator"]) == (0.07, 5165, 7546455)
    assert figure(folder, "excl_fixed_rate", 2012, "E92000001")["numerator"] == 304370
    assert figure(folder, "excl_fixed_rate", 2012, "E92000001")["value"] == 4.03
    # LA rows carry names only: Southend-on-Sea -> 882, "Durham" -> 840 (las.yaml).
    assert figure(folder, "excl_perm_rate", 2012, "882")["level"] == "la"
    assert figure(folder, "excl_perm_rate", 2012, "840")["level"] == "la"
    # 2012/13 Southend: the SOURCE.md says secondary permanent is suppressed; the total is
    # what the cube holds, and the file prints "x" where it is suppressed.
    suppressed = duckdb.connect()
    published_store(folder).register_views(suppressed)
    symbols = suppressed.execute("select distinct symbol from published where "
                                 "measure_id = 'excl_perm_rate' and symbol is not null"
                                 ).fetchall()
    assert {s for (s,) in symbols} <= {"x", "."}


def test_gias_registry(folder: Path) -> None:
    # SOURCE.md of dfe-ks2-gias-hampshire-surrey: 1,096 rows, LA 850 (520) and 936 (576).
    schools = warehouse_for(folder).read("schools").to_pylist()
    by_la = {la: sum(1 for s in schools if s["la_code"] == la) for la in ("850", "936")}
    assert (len(schools), by_la) == (1096, {"850": 520, "936": 576})
    # The file's row for URN 116018 (Weyford, closed 31-10-2020) links "148215 Successor";
    # URN 115850 Alton Infant School is LAESTAB 850 2000.
    alton = next(s for s in schools if s["urn"] == 115850)
    assert (alton["laestab"], alton["phase"], alton["country"]) == (8502000, "primary", "E")


def test_reimport_is_a_no_op_and_store_is_unchanged(folder: Path) -> None:
    before = {p: p.read_bytes() for p in published_store(folder).files("published")}
    outcome = import_file(folder, KS4)
    assert outcome.status == "unchanged"
    after = {p: p.read_bytes() for p in published_store(folder).files("published")}
    assert before == after


# LAIT: its SOURCE.md facts (KS2RWM_Expected_STD, statistical neighbours) and national
# headlines in reference/measures.md.
@pytest.fixture(scope="module")
def lait_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("lait")
    assert import_file(folder, KS4).status == "imported"
    outcome = import_file(folder, LAIT)
    assert outcome.status == "imported", outcome.problems[:5]
    return folder


@pytest.mark.parametrize(("year", "area", "value"), [
    (2019, "882", 68), (2019, "E92000001", 65), (2019, "840", 65), (2019, "931", 65),
    (2019, "885", 63), (2016, "882", 56), (2016, "E92000001", 54),
])
def test_lait_ks2_rwm(lait_folder: Path, year: int, area: str, value: float) -> None:
    row = figure(lait_folder, "ks2_rwm_expected", year, area)
    assert row["value"] == value
    assert row["higher_is_better"] is True  # lait_data_dictionary.csv: Polarity High


@pytest.mark.parametrize(("measure", "year", "value"), [
    ("eyfs_gld", 2019, 71.8),      # measures.md 1a: national GLD 2019 71.8 [C]
    ("eyfs_gld", 2016, 69.3),      # measures.md 1a: 2016 69.3
    ("phonics_y1_expected", 2019, 82),  # measures.md 2: Y1 national 2019 82 [C]
    ("ks4_att8", 2019, 46.7),      # measures.md 4: national 2019 A8 46.7 [C]
])
def test_lait_national_headlines(lait_folder: Path, measure: str, year: int,
                                 value: float) -> None:
    assert figure(lait_folder, measure, year, "E92000001")["value"] == value


def test_lait_final_figure_replaces_provisional(lait_folder: Path) -> None:
    # england_ks4provisional.csv has England A8 46.5 (provisional); LAIT's 2019 figure is
    # the final 46.7 (measures.md 4), and a more final release replaces the earlier one.
    row = figure(lait_folder, "ks4_att8", 2019, "E92000001")
    assert (row["value"], row["release"], row["source_file"]) == (46.7, "final",
                                                                  "bds_long_0.parquet")


def test_lait_absence_2019(lait_folder: Path) -> None:
    # measures.md 5: 2018/19 authorised 3.3%, unauthorised 1.4%, overall about 4.7% [C].
    got = [round(figure(lait_folder, m, 2019, "E92000001")["value"], 1)
           for m in ("abs_authorised", "abs_unauthorised", "abs_overall")]
    assert got == [3.3, 1.4, 4.7]


def test_lait_regions_and_neighbours(lait_folder: Path) -> None:
    # LAIT LA Number 985 is East of England (la_code_list.xlsx) -> GSS E12000006.
    assert figure(lait_folder, "ks2_rwm_expected", 2019, "E12000006")["level"] == "region"
    areas = warehouse_for(lait_folder).read("areas").to_pylist()
    sn882 = [a["la_code"] for a in areas if a["area_code"] == "SN882"]
    # SOURCE.md: Southend-on-Sea's 10 statistical neighbours (May 2025).
    assert sn882 == ["839", "383", "826", "351", "845", "851", "886", "303", "392", "822"]
    assert {a["level"] for a in areas} == {"group_of_las"}
    counts = {}
    for a in areas:
        counts[a["area_code"]] = counts.get(a["area_code"], 0) + 1
    assert set(counts.values()) == {10}
    las = {r["la_code"]: r for r in warehouse_for(lait_folder).read("las").to_pylist()}
    assert las["882"]["region_code"] == "E12000006"


# KS2 performance tables for Hampshire (850) and Surrey (936): SOURCE.md of
# dfe-ks2-gias-hampshire-surrey, "Facts read from the files". The England figures are also
# the national headlines in reference/measures.md 3 (2017 61, 2018 64, 2019 65 [C]).
KS2 = REAL / "dfe-ks2-gias-hampshire-surrey" / "ks2"


@pytest.fixture(scope="module")
def ks2_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from attain.ingest.problems import ReadOptions

    folder = tmp_path_factory.mktemp("ks2")
    for autumn in (2016, 2017, 2018):
        for la in ("850", "936"):
            # The file name gives the autumn year: 2018-850-ks2.csv is 2018/19.
            outcome = import_file(folder, KS2 / f"{autumn}-{la}-ks2.csv",
                                  options=ReadOptions(year=autumn + 1))
            assert outcome.status == "imported", outcome.problems[:5]
    return folder


@pytest.mark.parametrize(("area", "values"), [
    ("E92000001", (61, 64, 65)), ("850", (66, 68, 68)), ("936", (67, 70, 70))])
def test_ks2_rwm_expected(ks2_folder: Path, area: str, values: tuple[int, ...]) -> None:
    got = tuple(figure(ks2_folder, "ks2_rwm_expected", y, area)["value"]
                for y in (2017, 2018, 2019))
    assert got == values


def test_ks2_reading_progress_2019(ks2_folder: Path) -> None:
    # SOURCE.md: Hampshire READPROG 2018/19 = -0.4, Surrey 0.3.
    assert figure(ks2_folder, "ks2_read_progress", 2019, "850")["value"] == -0.4
    assert figure(ks2_folder, "ks2_read_progress", 2019, "936")["value"] == 0.3


def test_ks2_short_rows_of_new_schools_import(ks2_folder: Path) -> None:
    # 2018-850-ks2.csv line 38: Oakfield Primary School (URN 147021) is cut short after
    # "NEW" in the 25th field: the school is in the file but has no KS2 figures.
    con = duckdb.connect()
    published_store(ks2_folder).register_views(con)
    assert con.execute("select count(*) from published where area_code = '147021'"
                       ).fetchone() == (0,)
