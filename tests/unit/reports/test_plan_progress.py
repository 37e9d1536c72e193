"""The plan progress report for seed plans imported from examples/plans/, in every format,
read back: figures equal the plan file and a small hand-made results cube, suppressed
figures never appear, overdue and on-hold actions and spend by funding source are listed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest
from tests.unit.reports.readback import all_text, docx_headings, docx_text, xlsx_cells
from typer.testing import CliRunner

from attain import settings
from attain.cli.app import app
from attain.domain import plans as m
from attain.errors import UserError
from attain.services import plans as plans_service
from attain.services import plans_reviews, reports
from attain.services.appdb import init_database
from attain.services.compute import results_warehouse
from attain.services.reports import ReportFormat

PLANS = Path(__file__).parents[3] / "examples" / "plans"
# Durham's measures are linked to LA 840 (examples/plans/durham-2009.yaml). Hand-made cube:
# KS2 L4 English and maths 71.25 (2010) and 73.46 (2011): latest 2011, shown at 1 dp 73.5;
# KS4 5A*-C incl. E&M 56.04 in 2011, shown 56.0; NI 99 (looked-after, KS2 English) is
# suppressed in 2011: its value 41.7 is in the row only to prove it never leaks out.
CUBE = [("ks2_l4_eng_maths", 2010, 71.25, None), ("ks2_l4_eng_maths", 2011, 73.46, None),
        ("ks4_5ac_em", 2011, 56.04, None), ("ni99_lac_ks2_l4_eng", 2011, 41.7,
                                             "small_denominator")]
LEAKED = "41.7"
TODAY = date(2011, 6, 1)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("plan_report")
    init_database(root)
    url = settings.database_url(root)
    for name in ("durham-2009", "oxfordshire-2003", "redditch-2012"):
        plans_service.import_plan(url, PLANS / f"{name}.yaml")
    plans_reviews.add_review(url, "durham-2009", m.Review(
        date(2011, 5, 10), "Scrutiny", objectives=(m.ObjectiveReview(
            "Enjoy and Achieve", "1", "Steady progress", rag=m.Rag.AMBER),)))
    results_warehouse(root).write("results", pa.table({
        "measure_id": [r[0] for r in CUBE], "year": [r[1] for r in CUBE],
        "level": ["la"] * len(CUBE), "area_code": ["840"] * len(CUBE),
        "group_id": ["all"] * len(CUBE), "value": [r[2] for r in CUBE],
        "suppressed": [r[3] for r in CUBE]}))
    return root


@pytest.fixture(scope="module")
def durham(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("durham_out")
    written = {}
    for fmt in ReportFormat:
        path = out / f"durham.{fmt.value}"
        reports.plan(folder, "durham-2009", fmt, path, today=TODAY)
        written[fmt.value] = path
    return written


def measure_rows(path: Path, sheet: str) -> dict[str, tuple[object, ...]]:
    rows = xlsx_cells(path)[sheet]
    header = rows[1]
    return {str(r[header.index("Measure of success")]): r for r in rows[2:]}


def test_latest_values_come_from_the_cube_at_the_measures_decimals(
        durham: dict[str, Path]) -> None:
    for fmt, path in durham.items():
        text = all_text(fmt, path)
        for shown in ("73.5", "56.0"):
            assert shown in text, (fmt, shown)
    rows = measure_rows(durham["xlsx"], "Priority Enjoy and Achieve")
    header = xlsx_cells(durham["xlsx"])["Priority Enjoy and Achieve"][1]
    latest, year = header.index("Latest"), header.index("Latest year")
    ks2 = rows["Achievement at level 4 or above in both English and Maths at Key Stage 2 "
               "(Threshold)"]
    assert (ks2[latest], ks2[year]) == (73.5, 2011)


def test_a_suppressed_latest_value_shows_c_and_never_its_number(
        durham: dict[str, Path]) -> None:
    for fmt, path in durham.items():
        assert LEAKED not in all_text(fmt, path), fmt
    rows = measure_rows(durham["xlsx"], "Priority Enjoy and Achieve")
    header = xlsx_cells(durham["xlsx"])["Priority Enjoy and Achieve"][1]
    ni99 = rows["Looked after children reaching level 4 in English at Key Stage 2"]
    assert ni99[header.index("Latest")] == "c"
    data = xlsx_cells(durham["xlsx"])["data"]
    noted = [r for r in data[1:] if r[6]]
    assert noted and all(r[4] is None and r[5] == "c" for r in noted)


def test_measures_the_cube_cannot_judge_take_the_recorded_rag(
        durham: dict[str, Path]) -> None:
    # Durham's measures have no targets, so the cube cannot judge them; the review of
    # 10 May 2011 recorded amber for the objective.
    rows = measure_rows(durham["xlsx"], "Priority Enjoy and Achieve")
    header = xlsx_cells(durham["xlsx"])["Priority Enjoy and Achieve"][1]
    assert {r[header.index("RAG")] for r in rows.values()} == {"Amber (recorded)"}


def test_overdue_actions_as_at_the_day_given(durham: dict[str, Path]) -> None:
    # On 1 June 2011, T2 (September 2009), T4 (March 2010) and T8 (April 2010) are past
    # their dates; T1, T3, T5-T7 run to March 2012.
    sheet = xlsx_cells(durham["xlsx"])["Overdue or on hold"]
    assert [(r[0], r[4]) for r in sheet[2:]] == [
        ("1.1.2", "Overdue"), ("1.1.4", "Overdue"), ("1.1.8", "Overdue")]


def test_word_has_real_headings_and_tables(durham: dict[str, Path]) -> None:
    headings = docx_headings(durham["docx"])
    assert ("Title", "Plan progress: ECM outcome: Enjoy and Achieve") in headings
    assert ("Heading 1", "4. Spend by funding source") in headings
    _, tables = docx_text(durham["docx"])
    assert any(t[0][:3] == ["Objective", "Measure of success", "Baseline"] for t in tables)


def test_baseline_target_and_spend_equal_the_plan(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "oxfordshire.xlsx"
    reports.plan(folder, "oxfordshire-2003", ReportFormat.XLSX, out, today=date(2004, 6, 1))
    rows = measure_rows(out, "Priority 4")
    header = xlsx_cells(out)["Priority 4"][1]
    parental = rows["Increase the % of schools where the impact of parental involvement is "
                    "good from 33% to 55%, in line with similar authorities."]
    assert (parental[header.index("Baseline")], parental[header.index("Target")]) == (33, 55)
    # Hand count of examples/plans/oxfordshire-2003.yaml: Policy & Budget Plans £135,000 +
    # £50,000; "Policy and Budget Plans" (spelt so once) £135,000; LIG £30,000 twice;
    # PSA £80,000 once and £40,000 a year twice.
    spend = {r[0]: r[1:] for r in xlsx_cells(out)["Spend"][2:]}
    assert spend["Policy & Budget Plans"] == (2, 185000, 0, 0)
    assert spend["Policy and Budget Plans"] == (1, 135000, 0, 0)
    assert spend["LIG"] == (2, 60000, 0, 0)
    assert spend["PSA"] == (3, 80000, 80000, 0)
    assert spend["Existing resources"][1:3] == (0, 0)
    # 40 actions state costs (grep -c "costs:"); the LIG + PSA one counts once in the total.
    assert spend["Total"][:3] == (40, 185000 + 135000 + 60000 + 80000, 80000)


def test_on_hold_action_with_its_reason(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "redditch.html"
    reports.plan(folder, "redditch-2012", ReportFormat.HTML, out, today=date(2012, 11, 1))
    text = all_text("html", out)
    assert "On hold" in text and "Early Help Commissioning process" in text


def test_cli_writes_the_report_and_names_an_unknown_plan(folder: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "plan.pdf"
    done = runner.invoke(app, ["report", "plan", "durham-2009", "--format", "pdf", "--out",
                               str(out), "--today", "2011-06-01", "--data-dir", str(folder)])
    assert done.exit_code == 0, done.output
    assert "73.5" in all_text("pdf", out)
    with pytest.raises(UserError, match="no plan 'nope'"):
        reports.plan(folder, "nope", ReportFormat.HTML, tmp_path / "x.html")


def test_first_page_as_a_picture_for_people(durham: dict[str, Path]) -> None:
    """Writes the plan report's first PDF page as PNG to build/test-artefacts/reports."""
    import os
    import shutil
    import subprocess

    assert shutil.which("pdftoppm"), "install poppler-utils (pdftoppm)"
    folder = Path(os.environ.get("ATTAIN_TEST_ARTEFACTS", "build/test-artefacts")) / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("plan-progress*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(durham["pdf"]),
                    str(folder / "plan-progress")], check=True)
    assert len(list(folder.glob("plan-progress*.png"))) == 1
