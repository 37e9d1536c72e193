"""StatsWales open-data downloads. No real one was found (the real table-view downloads
are tested in test_statswales_table.py), so the fixture is built
from the documented layout of the StatsWales open-data download (one row per figure:
`Data`, and per dimension `_Code`, `_ItemName_ENG`, `_AltCode1`, `_SortOrder`,
`_Hierarchy`, `_ItemNotes_ENG`; see the statswalesr README and the StatsWales
data-grabber), with the SCHS0153 dimension codes public scripts filter on. The values are
made up for the test, not published figures."""

from __future__ import annotations

from pathlib import Path

from attain.ingest.registry import choose
from attain.ingest.statswales import plain_name, welsh_areas
from attain.services.imports import import_file
from attain.services.published_store import published_store

DIMS = ("Area", "Year", "Subject", "Description", "Gender")
HEADER = ["Data"] + [f"{d}_{p}" for d in DIMS for p in ("Code", "ItemName_ENG", "AltCode1",
                                                         "SortOrder", "Hierarchy",
                                                         "ItemNotes_ENG")]


def _row(data: str, area: tuple[str, str, str], year: str, subject: str = "FPI",
         description: str = "L5PLUS", gender: str = "3") -> list[str]:
    subject_name = "Foundation Phase Indicator" if subject == "FPI" else "Mathematical development"
    dims = {
        "Area": area, "Year": (year, year, ""), "Subject": (subject, subject_name, ""),
        "Description": (description, "Outcome 5 or above", ""),
        "Gender": (gender, "Persons" if gender == "3" else "Boys", ""),
    }
    cells = [data]
    for d in DIMS:
        code, name, alt = dims[d]
        cells += [code, name, alt, "1", "", ""]
    return cells


CARDIFF = ("554", "Cardiff", "W06000015")
ANGLESEY = ("512", "Isle of Anglesey", "W06000001")
WALES = ("596", "Wales", "W92000004")
CONSORTIUM = ("9001", "Central South Consortium", "")


def _write(folder: Path, rows: list[list[str]], name: str = "schs0153.csv",
           header: list[str] = HEADER) -> Path:
    path = folder / name
    lines = [",".join(header), *(",".join(f'"{c}"' if "," in c else c for c in r)
                                 for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _figures(folder: Path) -> dict[tuple[str, int], tuple]:
    rows = published_store(folder).read("published").to_pylist()
    return {(r["area_code"], r["year"]): (r["measure_id"], r["level"], r["value"], r["symbol"],
                                          r["publisher"]) for r in rows}


def test_reads_la_and_wales_rows_of_the_mapped_indicator(tmp_path: Path) -> None:
    path = _write(tmp_path, [
        _row("88.1", CARDIFF, "2017"), _row("x", ANGLESEY, "2017"),
        _row("87.3", WALES, "2017"), _row("85.0", CARDIFF, "2016"),
        _row("90.2", CARDIFF, "2017", subject="MDT"),        # another subject: not FPI
        _row("86.0", CARDIFF, "2017", gender="1"),           # boys: not all pupils
        _row("80.0", CONSORTIUM, "2017"),                    # a consortium: skipped
    ])
    outcome = import_file(tmp_path / "data", path)
    assert (outcome.status, outcome.kind) == ("imported", "statswales"), outcome.problems
    publisher = "Welsh Government (StatsWales)"
    assert _figures(tmp_path / "data") == {
        ("681", 2017): ("fp_fpi", "la", 88.1, None, publisher),
        ("660", 2017): ("fp_fpi", "la", None, "x", publisher),
        ("W92000004", 2017): ("fp_fpi", "national", 87.3, None, publisher),
        ("681", 2016): ("fp_fpi", "la", 85.0, None, publisher),
    }
    assert any("1 row(s) for areas other than" in n for n in outcome.notes)


def test_bulk_download_typed_headers_read_alike(tmp_path: Path) -> None:
    typed = [f"{h}_DEC" if h == "Data" else f"{h}_STR" for h in HEADER]
    path = _write(tmp_path, [_row("88.1", CARDIFF, "2017")], "bulk.csv", typed)
    assert getattr(choose(path), "name", None) == "statswales"
    outcome = import_file(tmp_path / "data", path)
    assert outcome.status == "imported"
    assert _figures(tmp_path / "data")[("681", 2017)][2] == 88.1
    assert plain_name("Year_Code_INT") == "Year_Code"


def test_bad_values_are_reported_and_nothing_written(tmp_path: Path) -> None:
    path = _write(tmp_path, [_row("88,1", CARDIFF, "2017"), _row("188", ANGLESEY, "2017"),
                             _row("80", CARDIFF, "next year"), _row("81", CARDIFF, "2015"),
                             _row("82", CARDIFF, "2015")])
    outcome = import_file(tmp_path / "data", path)
    assert outcome.status == "rejected"
    assert sorted((p.row, p.column, p.value) for p in outcome.problems) == [
        (2, "Data", "88,1"), (3, "Data", "188"), (4, "Year_Code", "next year"),
        (6, None, None)]
    assert not (tmp_path / "data" / "published").exists()


def test_area_names_when_there_is_no_ons_code() -> None:
    areas = welsh_areas()
    assert areas.area("", "Rhondda, Cynon, Taff") == ("la", "674")
    assert areas.area("W06000024", None) == ("la", "675")  # Merthyr Tydfil
    assert areas.area("", "Central South Consortium") == (None, None)
