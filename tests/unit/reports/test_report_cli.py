"""`attain report ...` through the CLI, and the school data profile."""

from __future__ import annotations

from pathlib import Path

import duckdb
from tests.unit.reports.conftest import DEMO_LA, REPORT_YEAR
from typer.testing import CliRunner

from attain.cli.app import app
from attain.services import reports

runner = CliRunner()


def a_school(folder: Path) -> tuple[int, str]:
    files = [p.as_posix() for p in (folder / "warehouse" / "schools").glob("*.parquet")]
    found = duckdb.execute("SELECT urn, name FROM read_parquet(?) WHERE la_code = ? AND "
                           "phase = 'primary' AND close_date IS NULL ORDER BY urn LIMIT 1",
                           [files, DEMO_LA]).fetchone()
    assert found is not None
    return int(found[0]), str(found[1])


def test_standards_command_writes_the_file(demo_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "standards.html"
    result = runner.invoke(app, ["report", "standards", "--la", DEMO_LA, "--year",
                                 str(REPORT_YEAR), "--format", "html", "--out", str(out),
                                 "--data-dir", str(demo_folder)])
    assert result.exit_code == 0, result.output
    assert "Key Stage 2" in out.read_text(encoding="utf-8")


def test_unknown_la_is_one_line_without_traceback(demo_folder: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "datasheet", "--la", "999", "--year", "2019",
                                 "--out", str(tmp_path / "x.html"), "--data-dir",
                                 str(demo_folder)])
    assert result.exit_code == 2
    assert "unknown LA code '999'" in result.output and "Traceback" not in result.output


def test_school_profile_compares_school_la_and_england(demo_folder: Path,
                                                       tmp_path: Path) -> None:
    urn, name = a_school(demo_folder)
    view, scope = reports.school_scope(demo_folder, urn, REPORT_YEAR)
    out = tmp_path / "school.xlsx"
    result = runner.invoke(app, ["report", "school", str(urn), "--year", str(REPORT_YEAR),
                                 "--format", "xlsx", "--out", str(out), "--data-dir",
                                 str(demo_folder)])
    assert result.exit_code == 0, result.output
    from openpyxl import load_workbook

    sheet = list(load_workbook(out, read_only=True)["Key Stage 2"].iter_rows(values_only=True))
    areas = [row[1] for row in sheet[2:5]]
    assert areas == [name, "Southend-on-Sea", "England"]
    shown = view.cell("ks2_rwm_expected", REPORT_YEAR, scope.la)
    assert sheet[2][-1] == (float(shown.text) if shown.value is not None else shown.text)


def test_unknown_school(demo_folder: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "school", "999999", "--year", "2019", "--out",
                                 str(tmp_path / "x.html"), "--data-dir", str(demo_folder)])
    assert result.exit_code == 2 and "unknown school URN 999999" in result.output
