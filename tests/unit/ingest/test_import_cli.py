"""`attain import`: a validation report and exit 2 on bad files, one line when good."""

from __future__ import annotations

from pathlib import Path

from ingest_samples import KS4_ROWS, ks4_text
from typer.testing import CliRunner

from attain.cli.app import app

runner = CliRunner()


def test_import_then_reimport(tmp_path: Path, ks4_file: Path) -> None:
    args = ["import", str(ks4_file), "--data-dir", str(tmp_path / "data")]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "imported as dfe_ks4" in first.output
    second = runner.invoke(app, args)
    assert (second.exit_code, "already imported" in second.output) == (0, True)


def test_bad_file_prints_report_and_exits_2(tmp_path: Path, ks4_dir: Path) -> None:
    bad = ks4_dir / "england_ks4final.csv"
    bad.write_text(ks4_text(rows=(KS4_ROWS[0].replace("47.0%", "147.0%"),)))
    result = runner.invoke(app, ["import", str(bad), "--data-dir", str(tmp_path / "data")],
                           terminal_width=200)
    assert result.exit_code == 2
    assert "Validation report" in result.output and "147.0%" in result.output
    assert "not imported" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "data" / "published").exists()


def test_kinds_lists_readers() -> None:
    result = runner.invoke(app, ["import", "--kinds"], terminal_width=200)
    assert result.exit_code == 0
    assert {"dfe_ks4", "dfe_lait", "gias", "dfe_abs"} <= set(result.output.split())


def test_missing_file_is_a_user_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["import", str(tmp_path / "nope.csv"),
                                 "--data-dir", str(tmp_path)])
    assert result.exit_code == 2 and "no file" in result.output


def test_to_results_puts_figures_in_the_cube(tmp_path: Path, ks4_file: Path) -> None:
    from attain.services.compute import results_warehouse

    data = tmp_path / "data"
    result = runner.invoke(app, ["import", str(ks4_file), "--data-dir", str(data),
                                 "--to-results"], terminal_width=200)
    assert result.exit_code == 0, result.output
    con = results_warehouse(data).connect()
    rows = con.execute(
        "select r.value, r.source, c.national_value, c.la_value, c.rank, c.rank_of "
        "from results r join comparisons c using (measure_id, year, level, area_code, "
        "group_id) where measure_id = 'ks4_att8' and year = 2019 order by r.level, r.area_code"
    ).fetchall()
    # The sample rows (real 2018/19 KS4 provisional file): Southend (882) A8 52.9, Chase
    # High School (141741) 35.7, England state-funded 46.5; Lancaster School (144693) NE.
    # With no schools registry imported, a school's LA (and so its LA value and rank
    # among the LA's schools) is unknown. Ordered by level: la, national (England's own row
    # is compared with itself, as computed rows are), then the two schools.
    source = "england_ks4final.csv"
    assert rows == [(52.9, source, 46.5, None, 1, 1), (46.5, source, 46.5, None, None, None),
                    (35.7, source, 46.5, None, None, None),
                    (None, source, 46.5, None, None, None)]
