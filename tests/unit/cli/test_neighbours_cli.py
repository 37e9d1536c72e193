"""`attain neighbours compute`: one LA or all, errors as one line with a fix."""

from __future__ import annotations

from pathlib import Path

from tests.unit.services.test_neighbour_areas import DFE_SN885, REGION, _members, _write_folder
from typer.testing import CliRunner

from attain.cli.app import app
from attain.cli.neighbours import NEIGHBOURS_SIZE
from attain.services.neighbour_areas import DEFAULT_SIZE

runner = CliRunner()


def test_the_help_default_size_is_the_service_default() -> None:
    assert NEIGHBOURS_SIZE == DEFAULT_SIZE


def test_compute_for_one_la_prints_and_writes_its_neighbours(tmp_path: Path) -> None:
    folder = _write_folder(tmp_path, REGION + DFE_SN885)
    result = runner.invoke(app, ["neighbours", "compute", "--la", "882", "--size", "2",
                                 "--year", "2024", "--data-dir", str(folder)])
    assert result.exit_code == 0, result.output
    assert "SN882: 883, 884" in result.output
    assert _members(folder, "SN882") == ["883", "884"]


def test_all_keeps_loaded_lists_and_says_so(tmp_path: Path) -> None:
    folder = _write_folder(tmp_path, REGION + DFE_SN885)
    result = runner.invoke(app, ["neighbours", "compute", "--all", "--size", "1",
                                 "--data-dir", str(folder)])
    assert result.exit_code == 0, result.output
    assert "for 3 LA(s)" in result.output and "Kept the loaded list of 1 LA(s): 885" \
        in result.output
    assert _members(folder, "SN885") == ["882"]


def test_la_and_all_are_exclusive_and_errors_have_no_traceback(tmp_path: Path) -> None:
    folder = _write_folder(tmp_path, REGION)
    for args in ([], ["--la", "882", "--all"]):
        result = runner.invoke(app, ["neighbours", "compute", *args, "-d", str(folder)])
        assert result.exit_code == 2 and "--la CODE or --all" in result.output
    result = runner.invoke(app, ["neighbours", "compute", "--la", "882", "--year", "2019",
                                 "-d", str(folder)])
    assert result.exit_code == 2 and "no census for 2019" in result.output
    assert "Traceback" not in result.output
