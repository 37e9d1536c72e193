"""The GIAS extract -> schools registry, with reorganised LA codes and bad rows."""

from __future__ import annotations

import csv
from pathlib import Path

import sqlalchemy as sa

from attain import settings
from attain.ingest.gias import GiasReader, predecessor_of
from attain.ingest.problems import ReadOptions
from attain.services.appdb import upgrade_database
from attain.services.imports import import_file
from attain.services.status import warehouse_for
from attain.store import appdb

HEADER = ["URN", "LA (code)", "LA (name)", "EstablishmentNumber", "EstablishmentName",
          "TypeOfEstablishment (name)", "EstablishmentTypeGroup (name)",
          "EstablishmentStatus (name)", "OpenDate", "CloseDate", "PhaseOfEducation (name)",
          "StatutoryLowAge", "StatutoryHighAge", "Linked establishments"]


def _row(urn: str, la: str, name: str, closed: str = "", links: tuple[str, ...] = ()
         ) -> list[str]:
    return [urn, la, "x", "2000", name, "Academy converter", "Academies",
            "Closed" if closed else "Open", "01-09-2012", closed, "Secondary", "11", "16",
            *(links or ("Does not have links",))]


def _write(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="cp1252") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def test_registry_rows_and_reorganised_las(tmp_path: Path) -> None:
    path = _write(tmp_path / "edubasealldata.csv", [
        _row("136490", "882", "Westcliff High School for Girls"),
        # Bournemouth (837) became Bournemouth, Christchurch and Poole (839) in 2019.
        _row("200001", "837", "Open school in old Bournemouth"),
        # Closed before the reorganisation: keeps its LA. Extra link fields past the header.
        _row("200002", "909", "Closed Cumbrian school", "31-08-2015",
             ("300001 Successor", "100001 Predecessor")),
    ])
    result = GiasReader().read(path, ReadOptions())
    assert result.ok, result.problems
    schools = {s["urn"]: s for s in result.tables["schools"].to_pylist()}
    assert schools[200001]["la_code"] == "839"
    assert (schools[200002]["la_code"], schools[200002]["predecessor_urn"]) == ("909", 100001)
    assert schools[136490]["laestab"] == 8822000 and schools[136490]["is_academy"]


def test_split_la_and_duplicate_urn_are_problems(tmp_path: Path) -> None:
    path = _write(tmp_path / "edubasealldata.csv", [
        _row("200003", "909", "Open school in old Cumbria"),
        _row("136490", "882", "A"), _row("136490", "882", "B"),
        _row("abc", "882", "C"),
    ])
    problems = GiasReader().read(path, ReadOptions()).problems
    assert [p.row for p in problems] == [2, 4, 5]
    assert "split between 942, 943" in problems[0].message
    assert problems[1].message == "duplicate URN 136490: also on line 3"


def test_import_is_idempotent_and_replaces_by_urn(tmp_path: Path) -> None:
    first = _write(tmp_path / "gias1.csv", [_row("136490", "882", "Old name")])
    second = _write(tmp_path / "gias2.csv", [_row("136490", "882", "New name"),
                                             _row("136443", "882", "Boys")])
    for path in (first, first, second, second):
        import_file(tmp_path, path)
    schools = warehouse_for(tmp_path).read("schools").to_pylist()
    assert sorted((s["urn"], s["name"]) for s in schools) == [(136443, "Boys"),
                                                              (136490, "New name")]


def test_predecessor_link() -> None:
    assert predecessor_of(["115961 Predecessor", "148215 Successor"]) == 115961
    assert predecessor_of(["Does not have links"]) is None


def test_import_fills_the_app_database(tmp_path: Path) -> None:
    upgrade_database(tmp_path)
    path = _write(tmp_path / "gias.csv", [_row("136490", "882", "Westcliff"),
                                           _row("136443", "882", "Boys")])
    outcome = import_file(tmp_path, path)
    assert outcome.status == "imported", outcome.notes
    engine = appdb.engine_for(settings.database_url(tmp_path))
    with engine.connect() as connection:
        count = connection.execute(sa.text("select count(*) from schools")).scalar()
        la = connection.execute(sa.text("select region_code from local_authorities "
                                        "where la_code = '882'")).scalar()
    # Southend-on-Sea (882) is in the East of England (LAIT la_code_list.xlsx).
    assert (count, la) == (2, "E12000006")
