"""StatsWales table views saved as CSV from the website: the real downloads in
data/real/statswales-school-budgets-population (SOURCE.md says where each came from).
Each expected figure is read off the file; the line is given in a comment."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attain.ingest.problems import ReadOptions
from attain.ingest.registry import choose
from attain.ingest.statswales import column_year, parse_table_export
from attain.services.imports import import_file
from attain.services.published_store import published_store

REAL = (Path(__file__).resolve().parents[3] / "data" / "real"
        / "statswales-school-budgets-population")
BUDGETS = REAL / "delegatedschoolbudgetsperpupil-by-sector.csv"
PUPILS = REAL / "pupils-by-localauthority-yeargroup-sector-secondary-2018-19.csv"
POPULATION = REAL / "export.csv"
WALES, CARDIFF, ANGLESEY = "W92000004", "681", "660"


def _figures(folder: Path, measure: str) -> dict[tuple[str, int], tuple]:
    rows = published_store(folder).read("published").to_pylist()
    return {(r["area_code"], r["year"]): (r["level"], r["value"], r["symbol"], r["suppressed"])
            for r in rows if r["measure_id"] == measure}


@pytest.mark.parametrize("path", [BUDGETS, PUPILS, POPULATION], ids=lambda p: p.name)
def test_real_downloads_are_recognised_as_statswales(path: Path) -> None:
    assert getattr(choose(path), "name", None) == "statswales"


def test_budgets_per_pupil_la_and_wales_totals(tmp_path: Path) -> None:
    outcome = import_file(tmp_path, BUDGETS)
    assert outcome.status == "imported", outcome.problems
    found = _figures(tmp_path, "ctx_delegated_budget_per_pupil")
    # 22 LAs and Wales x 8 years (2012-13 .. 2019-20); the sector rows are not read.
    assert len(found) == 23 * 8
    # line 2: "Wales ","","",4080.146855,...,4440.874411
    assert found[(WALES, 2013)] == ("national", 4080.146855, None, None)
    assert found[(WALES, 2020)][1] == 4440.874411
    # line 3: "Wales ","Isle of Anglesey ","",4184.258959,...,4556.904078 (Wales printed too)
    assert found[(ANGLESEY, 2020)] == ("la", 4556.904078, None, None)
    # line 129: "","Cardiff ","",4426.560545,4259.335129,...,4782.334511
    assert found[(CARDIFF, 2014)][1] == 4259.335129
    assert found[(CARDIFF, 2020)][1] == 4782.334511
    # line 5, "","","Isle of Anglesey - Primary ",...,3988.237423: a sector row, not read
    assert 3988.237423 not in {v[1] for v in found.values()}


def test_pupils_in_year_11_year_from_the_file_name(tmp_path: Path) -> None:
    outcome = import_file(tmp_path, PUPILS)
    assert outcome.status == "imported", outcome.problems
    found = _figures(tmp_path, "ctx_secondary_pupils_year11")
    # "...-2018-19.csv" -> 2019. Column "Year Group 11 ": line 25 "Wales (5)" 28010,
    # line 24 "Cardiff (3)" 3255, line 3 "Isle of Anglesey (1)" 595.
    assert found[(WALES, 2019)] == ("national", 28010.0, None, None)
    assert found[(CARDIFF, 2019)][1] == 3255.0
    assert found[(ANGLESEY, 2019)][1] == 595.0
    assert len(found) == 23
    # The LAs sum to 28,000: StatsWales rounds pupil numbers to the nearest 5.
    assert sum(v[1] for (area, _), v in found.items() if area != WALES) == 28000.0


def test_year_option_overrides_the_file_name(tmp_path: Path) -> None:
    copy = tmp_path / "pupils-by-localauthority-yeargroup-sector-secondary.csv"
    shutil.copy(PUPILS, copy)
    assert import_file(tmp_path / "no-year", copy).status == "rejected"
    outcome = import_file(tmp_path / "data", copy, options=ReadOptions(year=2019))
    assert outcome.status == "imported"
    assert _figures(tmp_path / "data", "ctx_secondary_pupils_year11")[(CARDIFF, 2019)][1] == 3255


def test_population_export_with_preamble_and_metadata(tmp_path: Path) -> None:
    outcome = import_file(tmp_path, POPULATION)
    assert outcome.status == "imported", outcome.problems
    found = _figures(tmp_path, "ctx_population")
    # line 12 ",,Wales ,,2872998,...,3164404"; line 27 ",,,Cardiff ,...,357137 (2019)...383536"
    assert found[(WALES, 2023)] == ("national", 3164404.0, None, None)
    assert found[(WALES, 1991)][1] == 2872998.0
    assert found[(CARDIFF, 2019)][1] == 357137.0
    assert found[(CARDIFF, 2023)][1] == 383536.0
    assert len(found) == 23 * 9
    assert any("Scotland" in note for note in outcome.notes)


def test_the_preamble_gives_title_and_filters() -> None:
    export = parse_table_export(POPULATION.read_text(encoding="utf-8"), ",")
    assert export is not None
    assert export.title == "Population estimates by local authority and year"
    assert export.filters == {"Age": "All ages", "Sex": "Persons"}
    # the rows stop at "Footnotes:" (line 40); the last data row is Northern Ireland (line 36)
    assert export.rows[-1][0] == 36


def test_a_download_with_other_filters_is_refused(tmp_path: Path) -> None:
    text = POPULATION.read_text(encoding="utf-8").replace("Age: All ages", "Age: 0-15")
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    outcome = import_file(tmp_path / "data", path)
    assert outcome.status == "rejected"
    assert "Age: 0-15" in outcome.problems[0].message


def test_symbols_and_bad_values(tmp_path: Path) -> None:
    # The real pupils file with Anglesey's Year 11 (595, line 3) made "*" and Gwynedd's
    # (1075, line 4) made "n/a": not the published values, a test of the reader.
    lines = PUPILS.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2].replace(",595,", ',"*",')
    lines[3] = lines[3].replace(",1075,", ",n/a,")
    path = tmp_path / PUPILS.name
    path.write_text("\n".join(lines), encoding="utf-8")
    outcome = import_file(tmp_path / "data", path)
    assert outcome.status == "rejected"
    assert [(p.row, p.column, p.value) for p in outcome.problems] == [
        (4, "Year Group 11", "n/a")]
    kept = import_file(tmp_path / "data", path, skip_bad_rows=True)
    assert kept.status == "imported"
    found = _figures(tmp_path / "data", "ctx_secondary_pupils_year11")
    assert found[(ANGLESEY, 2019)] == ("la", None, "*", "c")
    assert ("661", 2019) not in found


def test_an_unknown_table_is_refused_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "some-other-table.csv"
    shutil.copy(BUDGETS, path)
    outcome = import_file(tmp_path / "data", path, kind="statswales")
    assert outcome.status == "rejected"
    assert "name the file after the table" in outcome.problems[0].hint


def test_column_years() -> None:
    assert column_year("2012-13") == 2013
    assert column_year("Mid-year 2019") == 2019
    assert column_year("Year Group 11") is None


LINE = st.lists(st.sampled_from(["", "Wales", "Cardiff (3)", "2012-13", "Mid-year 2019",
                                 "Filters:", "Age: All ages", "Footnotes:", "a > b", "*",
                                 "..", ".", "12.5", "x,y", '"']), max_size=6)


@settings(max_examples=80, deadline=None)
@given(lines=st.lists(LINE, max_size=12))
def test_any_table_text_is_read_or_refused_never_a_crash(lines: list[list[str]]) -> None:
    text = "\n".join(",".join(cells) for cells in lines)
    export = parse_table_export(text, ",")
    assert export is None or all(line >= 1 for line, _ in export.rows)
