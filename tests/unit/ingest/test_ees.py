"""Explore Education Statistics tidy CSVs: time_period, geographic levels, GSS symbols."""

from __future__ import annotations

from pathlib import Path

from attain.ingest.problems import ReadOptions
from attain.ingest.registry import choose
from attain.ingest.tables import TableReader

HEADER = ("time_period,time_identifier,geographic_level,country_code,region_code,region_name,"
          "old_la_code,new_la_code,la_name,school_urn,headcount,perm_excl,perm_excl_rate,"
          "fixed_excl,fixed_excl_rate,one_plus_fixed,one_plus_fixed_rate")
ROWS = (
    # England 2018/19: reference/measures.md section 6 [C EES data set 506ff721-...].
    "201819,Academic year,National,E92000001,,,,,,,8179491,7894,0.09651,438265,5.3581,"
    "199765,2.44227",
    # The rest are made up to exercise levels and symbols.
    "201819,Academic year,Regional,E92000001,E12000006,East of England,,,,,100,1,1,5,5,4,4",
    "201819,Academic year,Local authority,E92000001,E12000006,East of England,882,E06000033,"
    "Southend-on-Sea,,200,c,c,x,x,low,low",
    "201819,Academic year,Local authority,E92000001,E12000006,East of England,,,Durham,,300,"
    "z,z,u,u,3,1",
    "201819,Academic year,School,E92000001,,,882,,,136490,1000,0,0,10,1,5,0.5",
    "201819,Academic year,Parliamentary constituency,E92000001,,,,,,,9,1,1,1,1,1,1",
)


def test_tidy_file_levels_years_and_symbols(tmp_path: Path) -> None:
    path = tmp_path / "exclusions_la.csv"
    path.write_text("\n".join((HEADER, *ROWS)) + "\n", encoding="utf-8-sig")
    reader = choose(path)
    assert isinstance(reader, TableReader) and reader.name == "ees_exclusions"
    result = reader.read(path, ReadOptions())
    assert result.ok, result.problems
    rows = {(r["measure_id"], r["level"], r["area_code"]): r
            for r in result.tables["published"].to_pylist()}
    england = rows[("excl_perm_rate", "national", "E92000001")]
    assert (england["year"], england["value"], england["numerator"], england["denominator"]) \
        == (2019, 0.09651, 7894, 8179491)
    assert rows[("excl_fixed_rate", "national", "E92000001")]["value"] == 5.3581
    assert rows[("excl_one_plus_fixed", "national", "E92000001")]["value"] == 2.44227
    assert rows[("excl_perm_rate", "region", "E12000006")]["value"] == 1
    # GSS symbols stay as the suppression reason, with no value.
    symbols = {(m, area): (rows[(m, "la", area)]["value"], rows[(m, "la", area)]["suppressed"])
               for m in ("excl_perm_rate", "excl_fixed_rate", "excl_one_plus_fixed")
               for area in ("882", "840")}
    assert symbols == {
        ("excl_perm_rate", "882"): (None, "c"), ("excl_fixed_rate", "882"): (None, "x"),
        ("excl_one_plus_fixed", "882"): (None, "low"), ("excl_perm_rate", "840"): (None, "z"),
        ("excl_fixed_rate", "840"): (None, "u"), ("excl_one_plus_fixed", "840"): (1, None)}
    assert rows[("excl_fixed_rate", "school", "136490")]["value"] == 1
    assert {r[1] for r in rows} == {"national", "region", "la", "school"}


def test_unknown_la_name_is_a_row_problem(tmp_path: Path) -> None:
    path = tmp_path / "exclusions_la.csv"
    bad = ROWS[3].replace("Durham", "Atlantis")
    path.write_text("\n".join((HEADER, bad)) + "\n")
    result = choose(path).read(path, ReadOptions())  # type: ignore[union-attr]
    assert [(p.row, p.column, p.message) for p in result.problems] == [
        (2, "la_name", "unknown area 'Atlantis'")]
