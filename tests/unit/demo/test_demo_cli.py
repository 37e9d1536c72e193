"""`attain demo` through the CLI."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from attain.cli.app import app

runner = CliRunner()


def test_demo_makes_a_folder_and_says_what_to_do_next(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    result = runner.invoke(app, ["demo", "--data-dir", str(folder), "--scale", "0.002",
                                 "--years", "2019", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "Southend-on-Sea (882)" in result.output
    assert "attain status" in result.output
    assert "attain results show --la 882" in result.output
    assert (folder / "warehouse" / "pupils" / "year=2019" / "part.parquet").is_file()
    status = runner.invoke(app, ["status", "--data-dir", str(folder)])
    assert status.exit_code == 0 and "ks2" in status.output
    # The folder is ready for everything else: schools registered, results computed.
    assert (folder / "attain.db").is_file()
    assert "local authorities registered" in " ".join(result.output.split())
    shown = runner.invoke(app, ["results", "show", "--data-dir", str(folder), "--la", "882",
                                "--measure", "ks2_rwm_expected", "--year", "2019"],
                          env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    assert "2019" in shown.output and "disadvantaged" in shown.output


def test_demo_without_results_leaves_no_cube(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    result = runner.invoke(app, ["demo", "--data-dir", str(folder), "--scale", "0.002",
                                 "--years", "2019", "--no-results"])
    assert result.exit_code == 0, result.output
    assert not (folder / "results").exists()


def test_welsh_la(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--data-dir", str(tmp_path / "w"), "--la", "681",
                                 "--years", "2017", "--scale", "0.01"])
    assert result.exit_code == 0, result.output
    assert "Cardiff (681), Wales" in result.output


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    cases = [
        (["--data-dir", str(tmp_path / "full")], "not empty"),
        (["--data-dir", str(tmp_path / "d"), "--scale", "3"], "scale"),
        (["--data-dir", str(tmp_path / "d"), "--la", "123"], "unknown LA code"),
        (["--data-dir", str(tmp_path / "d"), "--years", "1999-2001"], "outside 2008-2025"),
        (["--data-dir", str(tmp_path / "d"), "--years", "soon"], "not a year"),
    ]
    for args, message in cases:
        result = runner.invoke(app, ["demo", *args])
        assert result.exit_code == 2, (args, result.output)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and message in lines[0], result.output
        assert "Traceback" not in result.output
    assert not (tmp_path / "d").exists()


def test_list_las() -> None:
    result = runner.invoke(app, ["demo", "--list-las"])
    assert result.exit_code == 0
    assert "882  Southend-on-Sea (England)" in result.output
    assert "681  Cardiff (Wales)" in result.output
