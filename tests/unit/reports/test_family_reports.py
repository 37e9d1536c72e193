"""The family average of similar schools beside national in the school data profile (issue
7, item 5): every format read back, the hand-worked figures of family_site.py found, the
suppressed school figure never compared, and a missing family average never shown as 0."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from tests.unit.reports import family_site
from tests.unit.reports.family_site import MEASURE, NAME, SUPPRESSED_FSM, URN
from tests.unit.reports.readback import all_text, docx_text, xlsx_cells
from tests.unit.reports.test_render import allowed_numbers, numbers

from attain.reports.cube import Area, CubeView, MeasureInfo
from attain.reports.family import FamilyFigure, read_family
from attain.reports.model import CubeRow
from attain.reports.profile import build_school_profile
from attain.reports.sections import Scope
from attain.reports.wording import (
    FAMILY_DIFFERENCE_LABEL,
    FAMILY_LABEL,
    FAMILY_NOTE,
    FAMILY_SIZE_LABEL,
    Unit,
)
from attain.services import reports
from attain.services.reports import ReportFormat

TITLE = "KS2: expected standard in reading, writing and mathematics"
# family_site.py: 2019 school 60.0% against its family of 20 schools' 70.0%
SENTENCE = ("The family average of 20 similar schools was 70.0% (10.0 percentage points "
            "below the family average).")
# The hand-worked family figures of family_site.py, as shown (values, sizes, differences)
FAMILY_NUMBERS = {"68.4", "70.0", "45.0", "72.5", "19", "20", "4.4", "10.0", "27.5"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return family_site.build(tmp_path_factory.mktemp("family_site"))


@pytest.fixture(scope="module")
def written(site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("family_out")
    files = {}
    for fmt in ReportFormat:
        files[fmt.value] = out / f"school.{fmt.value}"
        reports.school(site, URN, 2019, fmt, files[fmt.value])
    return files


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_word_tables_hold_the_family_average_size_and_difference(
        written: dict[str, Path]) -> None:
    paragraphs, tables = docx_text(written["docx"])
    rows = [row for table in tables for row in table]
    assert [TITLE, NAME, "60.0", "64.0", "60.0"] in rows
    assert [TITLE, FAMILY_LABEL, "no data", "68.4", "70.0"] in rows  # 2017: none, not 0
    assert [TITLE, FAMILY_SIZE_LABEL, "no data", "19", "20"] in rows
    assert [TITLE, FAMILY_DIFFERENCE_LABEL, "no data", "-4.4", "-10.0"] in rows
    # FSM: the school's 2 of 4 is suppressed, so its gap is not worked; the family's is
    assert [TITLE, "c", "61.5", "-", "48.0", "82.0", "-34.0", "45.0", "72.5", "-27.5"] in rows
    assert SENTENCE in paragraphs


def test_family_rows_come_right_after_national(written: dict[str, Path]) -> None:
    _, tables = docx_text(written["docx"])
    areas = [row[1] for row in tables[0][1:]]
    assert areas == [NAME, "Southend-on-Sea", "England", FAMILY_LABEL, FAMILY_SIZE_LABEL,
                     FAMILY_DIFFERENCE_LABEL]


def test_excel_tabs_hold_the_family_figures_as_numbers(written: dict[str, Path]) -> None:
    sheets = xlsx_cells(written["xlsx"])
    stage = {row[1]: row[2:] for row in sheets["Key Stage 2"][2:]}
    assert stage[FAMILY_LABEL] == ("no data", 68.4, 70.0)
    assert stage[FAMILY_SIZE_LABEL] == ("no data", 19, 20)
    assert stage[FAMILY_DIFFERENCE_LABEL] == ("no data", -4.4, -10.0)
    data = sheets["data"]
    header = data[0]
    row_at, column_at, value_at = (header.index(n) for n in ("row", "column", "value"))
    found = {(r[row_at], r[column_at]): r[value_at] for r in data[1:]}
    assert found[(f"{TITLE} | {FAMILY_LABEL}", "2019")] == 70.0
    assert found[(f"{TITLE} | {FAMILY_DIFFERENCE_LABEL}", "2018")] == -4.4
    assert found[(TITLE, "Gap (family)")] == -27.5


def test_html_and_pdf_show_the_family_sentence_and_note(written: dict[str, Path]) -> None:
    for fmt in ("html", "pdf"):
        text = _flat(html.unescape(all_text(fmt, written[fmt])))
        assert SENTENCE in text, fmt
        assert _flat(FAMILY_NOTE) in text, fmt
    table = _flat(all_text("html", written["html"]))
    assert f"{FAMILY_LABEL} no data 68.4 70.0" in table
    assert f"{FAMILY_DIFFERENCE_LABEL} no data -4.4 -10.0" in table


def test_the_suppressed_figure_appears_nowhere(written: dict[str, Path]) -> None:
    for fmt, path in written.items():
        text = all_text(fmt, path)
        assert SUPPRESSED_FSM not in text and "50%" not in text, fmt


def test_every_number_is_published_a_family_figure_or_a_label(
        site: Path, written: dict[str, Path]) -> None:
    view, scope = reports.school_scope(site, URN, 2019)
    allowed = allowed_numbers(view, scope, build_school_profile(view, scope)) | FAMILY_NUMBERS
    for fmt in ("pdf", "html", "docx"):
        stray = numbers(all_text(fmt, written[fmt])) - allowed
        assert not stray, f"{fmt}: {sorted(stray)}"


@pytest.mark.parametrize("columns", [(), ("family_value",)])
def test_older_comparison_files(tmp_path: Path, columns: tuple[str, ...]) -> None:
    """Without family columns there is no family row; with family_value only, the size is
    "no data" and the difference is still worked from the figures as shown."""
    site = family_site.build(tmp_path / "site", family_columns=columns)
    out = tmp_path / "school.docx"
    reports.school(site, URN, 2019, ReportFormat.DOCX, out)
    paragraphs, tables = docx_text(out)
    rows = [row for table in tables for row in table]
    family_rows = [row for row in rows if row[1] in (FAMILY_LABEL, FAMILY_SIZE_LABEL,
                                                      FAMILY_DIFFERENCE_LABEL)]
    if not columns:
        assert family_rows == [] and "family" not in paragraphs.lower()
    else:
        assert family_rows == [[TITLE, FAMILY_LABEL, "no data", "68.4", "70.0"],
                               [TITLE, FAMILY_SIZE_LABEL, "no data", "no data", "no data"],
                               [TITLE, FAMILY_DIFFERENCE_LABEL, "no data", "-4.4", "-10.0"]]
        assert "The family average of similar schools was 70.0% (10.0 percentage" in paragraphs


SCHOOL = Area("school", "100001", NAME)
NATIONAL = Area("national", "E92000001", "England")
LA = Area("la", "882", "Southend-on-Sea")


def _view(suppressed: str | None) -> tuple[CubeView, Scope]:
    """2019 only: the school 60.0% (published or suppressed), England 65.0%, family 70.0%."""
    rows = [CubeRow(MEASURE, 2019, "school", SCHOOL.code, "all", 60.0, 30.0, suppressed),
            CubeRow(MEASURE, 2019, "la", LA.code, "all", 65.0, 2000.0, None),
            CubeRow(MEASURE, 2019, "national", NATIONAL.code, "all", 65.0, 1e5, None)]
    info = {MEASURE: MeasureInfo(MEASURE, TITLE, Unit("percent", 1))}
    family = {(MEASURE, 2019, "school", SCHOOL.code, "all"): FamilyFigure(70.0, 20, None)}
    return CubeView(rows, info, family), Scope(SCHOOL, NATIONAL, LA, 2019, (2019,))


def test_a_suppressed_school_figure_shows_the_family_average_but_no_difference() -> None:
    view, scope = _view("small_denominator")
    report = build_school_profile(view, scope)
    table = report.sections[0].tables[0]
    by_area = {row[1].text: row[2] for row in table.rows}
    assert by_area[NAME].text == "c"
    assert by_area[FAMILY_LABEL].text == "70.0"
    assert (by_area[FAMILY_DIFFERENCE_LABEL].text, by_area[FAMILY_DIFFERENCE_LABEL].value,
            by_area[FAMILY_DIFFERENCE_LABEL].note) == ("c", None, "from_suppressed")
    sentence = report.sections[0].sentences[0]
    assert sentence.endswith("The family average of 20 similar schools was 70.0%.")
    assert "60.0" not in sentence


def test_a_published_school_figure_is_compared_with_its_family() -> None:
    view, scope = _view(None)
    report = build_school_profile(view, scope)
    by_area = {row[1].text: row[2] for row in report.sections[0].tables[0].rows}
    assert (by_area[FAMILY_DIFFERENCE_LABEL].text,
            by_area[FAMILY_DIFFERENCE_LABEL].value) == ("-10.0", -10.0)
    assert report.sections[0].sentences[0].endswith(SENTENCE)
    assert FAMILY_NOTE in report.footnotes
    chart = report.sections[0].charts[0]
    assert [s.name for s in chart.series][-1] == FAMILY_LABEL
    assert "Family average (similar schools): 70.0% in 2019." in chart.alt_text


def test_la_reports_have_no_family_rows(site: Path) -> None:
    from attain.reports.standards import build_standards

    view, scope = reports.la_scope(site, "882", 2019)
    report = build_standards(view, scope)
    labels = {row[1].text for table in report.tables() for row in table.rows if len(row) > 1}
    assert FAMILY_LABEL not in labels and FAMILY_NOTE not in report.footnotes


def test_read_family_without_files_or_columns(site: Path, tmp_path: Path) -> None:
    assert read_family([], "school", str(URN), range(2017, 2020), ("all",)) == {}
    files = reports.results_warehouse(site).files("comparisons")
    found = read_family(files, "school", str(URN), range(2017, 2020), ("all", "fsm"))
    assert found[(MEASURE, 2019, "school", str(URN), "fsm")] == FamilyFigure(45.0, 18, None)
    assert (MEASURE, 2017, "school", str(URN), "all") not in found  # null: no family
    assert found[(MEASURE, 2018, "school", str(URN), "all")].size == 19


def test_the_demo_profile_shows_the_cube_family_average(demo_folder: Path,
                                                        tmp_path: Path) -> None:
    """End to end on `attain compute`'s own comparisons: the profile's family row is the
    cube's family_value of the school, as shown."""
    from tests.unit.reports.conftest import REPORT_YEAR
    from tests.unit.reports.test_report_cli import a_school

    from attain.services.results import ResultFilter, read

    urn, _ = a_school(demo_folder)
    cube = read(demo_folder, ResultFilter(school=urn, measure="ks2_rwm_expected",
                                          group="all", year=REPORT_YEAR)).to_pylist()
    assert len(cube) == 1 and cube[0]["family_value"] is not None
    out = tmp_path / "school.xlsx"
    reports.school(demo_folder, urn, REPORT_YEAR, ReportFormat.XLSX, out)
    stage = {row[1]: row[-1] for row in xlsx_cells(out)["Key Stage 2"][2:]
             if row[0] == TITLE}
    assert stage[FAMILY_LABEL] == float(Unit("percent", 1).number(cube[0]["family_value"]))
    assert stage[FAMILY_SIZE_LABEL] == cube[0]["family_size"]
