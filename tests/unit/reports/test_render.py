"""Render the demo LA's reports in every format, read each file back and check it against
the results cube: key figures equal the cube, no suppressed value appears anywhere, and
every number is a published cell, a difference of published cells, or a label."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from decimal import Decimal
from itertools import combinations
from pathlib import Path

import pytest
from tests.unit.reports.conftest import DEMO_LA, REPORT_YEAR

from attain.errors import UserError
from attain.reports.cube import CubeView
from attain.reports.groups import PAIRS
from attain.reports.model import Report
from attain.reports.sections import Scope
from attain.reports.standards import build_standards
from attain.services import reports
from attain.services.reports import ReportFormat
from attain.services.results import ResultFilter, read

NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?")
ARTEFACTS = Path(os.environ.get("ATTAIN_TEST_ARTEFACTS", "build/test-artefacts")) / "reports"


def numbers(text: str) -> set[str]:
    return {n.lstrip("-") for n in NUMBER.findall(text)}


@pytest.fixture(scope="module")
def built(demo_folder: Path) -> tuple[CubeView, Scope, Report]:
    view, scope = reports.la_scope(demo_folder, DEMO_LA, REPORT_YEAR)
    return view, scope, build_standards(view, scope)


@pytest.fixture(scope="module")
def files(demo_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("reports_out")
    written = {}
    for fmt in ReportFormat:
        path = out / f"standards.{fmt.value}"
        reports.standards(demo_folder, DEMO_LA, REPORT_YEAR, fmt, path)
        written[fmt.value] = path
    return written


def allowed_numbers(view: CubeView, scope: Scope, report: Report) -> set[str]:
    """Published cells as shown, differences between them, and numbers inside labels."""
    shown: dict[tuple[str, int, str, str], Decimal] = {}
    for row in view.rows():
        if row.published:
            assert row.value is not None
            shown[(row.measure_id, row.year, f"{row.level}:{row.area_code}", row.group_id)] = (
                view.measures[row.measure_id].unit.rounded(row.value))
    allowed = {f"{v:f}".lstrip("-") for v in shown.values()}
    by_measure: dict[str, list[Decimal]] = {}
    for (measure, *_), value in shown.items():
        by_measure.setdefault(measure, []).append(value)
    for values in by_measure.values():
        allowed |= {f"{abs(a - b):f}" for a, b in combinations(values, 2)}
    allowed |= _gap_changes(shown, scope)
    labels = [report.title, report.subtitle, *report.footnotes]
    for section in report.sections:
        labels += [section.title, *section.notes]
        for table in section.tables:
            labels += [table.caption, *table.columns, *(r[0].text for r in table.rows)]
    labels += [m.title for m in view.measures.values()]
    allowed |= {n for text in labels for n in numbers(text)}
    allowed |= {str(n) for n in range(0, 60)}  # page numbers and list counters
    allowed |= {str(y) for y in range(2000, 2100)} | {f"{y % 100:02d}" for y in range(2000, 2100)}
    return allowed


def _gap_changes(shown: dict[tuple[str, int, str, str], Decimal], scope: Scope) -> set[str]:
    la = f"la:{scope.la.code}"
    changes = set()
    for (measure, year, area, group), value in shown.items():
        for pair in PAIRS:
            if area != la or group != pair.group or (measure, year, la, pair.others) not in shown:
                continue
            gap = abs(value - shown[(measure, year, la, pair.others)])
            for earlier in scope.years:
                before = [shown.get((measure, earlier, la, g)) for g in (pair.group, pair.others)]
                if None not in before:
                    changes.add(f"{abs(gap - abs(before[0] - before[1])):f}")  # type: ignore[operator]
    return changes


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def docx_text(path: Path) -> tuple[str, list[list[list[str]]]]:
    from docx import Document

    document = Document(str(path))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    tables = [[[cell.text for cell in row.cells] for row in table.rows]
              for table in document.tables]
    return paragraphs, tables


def xlsx_cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


def html_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'src="data:[^"]*"', "", text)  # chart images are pictures, not text
    text = re.sub(r"<style>.*?</style>", "", text, flags=re.S)
    return re.sub(r"<[^>]+>", " ", text)


def cube_ks2(demo_folder: Path) -> str:
    """KS2 RWM expected for the LA in 2019, read straight from the cube, as shown (1 dp)."""
    rows = read(demo_folder, ResultFilter(la=DEMO_LA, measure="ks2_rwm_expected",
                                          group="all", year=REPORT_YEAR)).to_pylist()
    assert len(rows) == 1 and rows[0]["suppressed"] is None
    return f"{Decimal(repr(rows[0]['value'])).quantize(Decimal('0.1'), 'ROUND_HALF_UP')}"


def test_every_format_shows_the_cube_figure(demo_folder: Path, files: dict[str, Path]) -> None:
    expected = cube_ks2(demo_folder)
    texts = {"pdf": pdf_text(files["pdf"]), "html": html_text(files["html"]),
             "docx": docx_text(files["docx"])[0]}
    for fmt, text in texts.items():
        assert f"{expected}%" in text, fmt
    _, tables = docx_text(files["docx"])
    ks2_rows = [r for t in tables for r in t
                if r[:2] == ["KS2: expected standard in reading, writing and mathematics",
                             "Southend-on-Sea"]]
    assert ks2_rows and ks2_rows[0][-1] == expected
    sheet = xlsx_cells(files["xlsx"])["Key Stage 2"]
    la_row = next(r for r in sheet if r[:2] == (
        "KS2: expected standard in reading, writing and mathematics", "Southend-on-Sea"))
    assert la_row[-1] == float(expected)


def test_every_number_is_published_or_a_label(built: tuple[CubeView, Scope, Report],
                                             files: dict[str, Path]) -> None:
    view, scope, report = built
    allowed = allowed_numbers(view, scope, report)
    paragraphs, tables = docx_text(files["docx"])
    docx_all = paragraphs + "\n" + "\n".join(c for t in tables for r in t for c in r)
    for fmt, text in (("pdf", pdf_text(files["pdf"])), ("html", html_text(files["html"])),
                      ("docx", docx_all)):
        stray = numbers(text) - allowed
        assert not stray, f"{fmt}: numbers that are not published cells: {sorted(stray)[:10]}"


def test_suppressed_cells_show_c_and_hide_their_value(built: tuple[CubeView, Scope, Report],
                                                     files: dict[str, Path]) -> None:
    view, scope, report = built
    hidden = [r for r in view.rows()
              if r.suppressed and r.area_code == scope.la.code and r.group_id == "lac"]
    assert hidden, "the demo LA should have suppressed looked-after figures"
    lac_sheet = xlsx_cells(files["xlsx"])["LAC"]
    cells = [c for r in lac_sheet[2:] for c in r[1:]]
    assert "c" in cells
    data = xlsx_cells(files["xlsx"])["data"]
    published = {view.measures[r.measure_id].unit.number(r.value)  # type: ignore[arg-type]
                 for r in view.rows() if r.published}
    header = data[0]
    value_at, shown_at, note_at = (header.index(n) for n in ("value", "shown", "note"))
    for row in data[1:]:
        if row[note_at]:
            assert row[value_at] is None and row[shown_at] == "c"
        elif row[value_at] is not None:
            assert row[value_at] == float(row[shown_at])
            if "Gap" not in str(row[3]) and row[0] != "Schools below floor standards":
                assert row[shown_at] in published  # (gaps and school counts are derived)


def test_missing_values_show_no_data_never_zero(demo_folder: Path, tmp_path: Path) -> None:
    # The demo computes 2017-2019 only, so 2015-2016 of a five-year trend do not exist.
    out = tmp_path / "r.xlsx"
    reports.standards(demo_folder, DEMO_LA, REPORT_YEAR, ReportFormat.XLSX, out)
    sheet = xlsx_cells(out)["Key Stage 2"]
    header = sheet[1]
    assert header[2:] == ("2017", "2018", "2019")
    view, scope = reports.la_scope(demo_folder, DEMO_LA, REPORT_YEAR, trend_years=5)
    assert scope.years == (2017, 2018, 2019)
    ks1 = xlsx_cells(out)["Key Stage 1"]
    assert all(cell != 0 for row in ks1[2:] for cell in row)


@pytest.mark.parametrize(("la", "year", "message"), [
    ("999", REPORT_YEAR, "unknown LA code '999'"),
    (DEMO_LA, 2012, "no results for LA 882 in 2012"),
])
def test_bad_input_is_a_clear_user_error(demo_folder: Path, tmp_path: Path, la: str,
                                         year: int, message: str) -> None:
    with pytest.raises(UserError, match=message):
        reports.standards(demo_folder, la, year, ReportFormat.HTML, tmp_path / "r.html")


def test_missing_template_folder(demo_folder: Path, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="template folder .* does not exist"):
        reports.standards(demo_folder, DEMO_LA, REPORT_YEAR, ReportFormat.HTML,
                          tmp_path / "r.html", templates=tmp_path / "nope")


def test_la_template_overrides_the_shipped_one(demo_folder: Path, tmp_path: Path) -> None:
    own = tmp_path / "templates"
    own.mkdir()
    (own / "report.html.j2").write_text(
        '{% extends "shipped/report.html.j2" %}'
        '{% block logo %}<img alt="Southend-on-Sea City Council logo" src="logo.png">'
        '{% endblock %}', encoding="utf-8")
    out = tmp_path / "r.html"
    reports.standards(demo_folder, DEMO_LA, REPORT_YEAR, ReportFormat.HTML, out, own)
    text = out.read_text(encoding="utf-8")
    assert "Southend-on-Sea City Council logo" in text and "Key Stage 2" in text


def test_first_pages_as_pictures_for_people(files: dict[str, Path]) -> None:
    """Writes the first PDF pages as PNG to build/test-artefacts/reports for a person."""
    assert shutil.which("pdftoppm"), "install poppler-utils (pdftoppm)"
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTEFACTS.glob("standards*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "3", str(files["pdf"]),
                    str(ARTEFACTS / "standards")], check=True)
    assert len(list(ARTEFACTS.glob("standards*.png"))) == 3


def test_datasheet_one_year_change_and_every_number(demo_folder: Path, tmp_path: Path) -> None:
    from attain.reports.datasheet import build_datasheet

    view, scope = reports.la_scope(demo_folder, DEMO_LA, REPORT_YEAR)
    report = build_datasheet(view, scope)
    outputs = {fmt: tmp_path / f"sheet.{fmt.value}" for fmt in ReportFormat}
    for fmt, path in outputs.items():
        reports.datasheet(demo_folder, DEMO_LA, REPORT_YEAR, fmt, path)
    sheet = xlsx_cells(outputs[ReportFormat.XLSX])["Attainment"]
    assert sheet[1] == ("Measure", "Area", "2017", "2018", "2019", "1 year change")
    la_row = next(r for r in sheet if r[:2] == (
        "KS2: expected standard in reading, writing and mathematics", "Southend-on-Sea"))
    # Seed 002's "1 Year improvement" is this year's figure minus last year's, as shown.
    assert la_row[5] == pytest.approx(la_row[4] - la_row[3], abs=1e-9)
    assert la_row[4] == float(cube_ks2(demo_folder))
    allowed = allowed_numbers(view, scope, report)
    for text in (pdf_text(outputs[ReportFormat.PDF]), html_text(outputs[ReportFormat.HTML])):
        assert not numbers(text) - allowed
