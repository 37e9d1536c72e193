"""DfE school information (england_school_information.csv / england_spine) -> schools.
The columns are those of the 2018-19 school_information meta file (data/real/dfe-
performance-tables-2018-19-ksp/meta_2018-19); URNs and names are real schools, the other
fields are made up for the test (an independent school, a closure date)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from attain.ingest.problems import ReadOptions
from attain.ingest.registry import choose
from attain.ingest.spine import SpineReader
from attain.services.imports import import_file
from attain.store.warehouse import Warehouse

HEADER = ("URN,LA,ESTAB,LAESTAB,SCHNAME,SCHSTATUS,OPENDATE,CLOSEDATE,MINORGROUP,SCHOOLTYPE,"
          "ISPRIMARY,ISSECONDARY,ISPOST16,AGELOW,AGEHIGH")
ROWS = (
    "114718,882,2019,8822019,Chalkwell Hall Junior School,Open,,,Maintained School,"
    "Community school,1,0,0,7,11",
    "136490,882,5400,8825400,Westcliff High School for Girls,Open,,,Academy,"
    "Academy - Converter mainstream,0,1,1,11,18",
    "100000,201,3614,2013614,Sir John Cass's Foundation Primary School,Open,,,"
    "Maintained School,Voluntary aided school,1,0,0,3,11",
    "999001,882,6000,8826000,An independent school,Open,,,Independent School,"
    "Other independent school,1,1,0,3,16",
    "132762,882,4001,8824001,Futures Community College,Closed,,31/08/2012,"
    "Maintained School,Community school,0,1,0,11,16",
)


def _file(folder: Path, rows: tuple[str, ...] = ROWS) -> Path:
    path = folder / "england_school_information.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_detected_and_read(tmp_path: Path) -> None:
    path = _file(tmp_path)
    assert getattr(choose(path), "name", None) == "dfe_spine"
    result = SpineReader().read(path, ReadOptions())
    assert result.ok, result.problems
    rows = {r["urn"]: r for r in result.tables["schools"].to_pylist()}
    assert set(rows) == {114718, 136490, 100000, 132762}  # the independent school is left out
    girls = rows[136490]
    assert (girls["la_code"], girls["laestab"], girls["phase"], girls["type"],
            girls["is_academy"], girls["low_age"], girls["high_age"]) == (
        "882", 8825400, "secondary", "academy converter", True, 11, 18)
    assert rows[114718]["phase"] == "primary" and rows[114718]["type"] == "community"
    assert rows[132762]["close_date"] == date(2012, 8, 31)
    assert any("1 independent school" in n for n in result.notes)


def test_only_one_la_when_asked(tmp_path: Path) -> None:
    outcome = import_file(tmp_path / "data", _file(tmp_path), options=ReadOptions(la_code="882"))
    assert outcome.status == "imported", outcome.problems
    schools = Warehouse(tmp_path / "data" / "warehouse").read("schools")
    assert sorted(schools.column("urn").to_pylist()) == [114718, 132762, 136490]


def test_bad_urn_is_reported(tmp_path: Path) -> None:
    path = _file(tmp_path, (ROWS[0].replace("114718", "11471x"), ROWS[1], ROWS[1]))
    outcome = import_file(tmp_path / "data", path)
    assert outcome.status == "rejected"
    assert [(p.row, p.column) for p in outcome.problems] == [(2, None), (4, "URN")]

