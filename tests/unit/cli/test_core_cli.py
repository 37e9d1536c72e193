"""The root CLI: version, status, and errors mapped to a message and exit code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyarrow as pa
from typer.testing import CliRunner

from attain import __version__
from attain.cli.app import app
from attain.cli.errors import EXIT_BROKEN_PIPE
from attain.store.warehouse import Warehouse

runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"attain {__version__}"


def test_status_of_missing_folder_is_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["status", "--data-dir", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert "attain demo" in result.output
    assert "Traceback" not in result.output


def test_status_lists_datasets(tmp_path: Path) -> None:
    Warehouse(tmp_path / "warehouse").write(
        "pupils",
        pa.table({"year": [2019, 2020], "pupil_id": ["a", "b"], "urn": [1, 1],
                  "la_code": ["882", "882"]}),
    )
    result = runner.invoke(app, ["status", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "pupils" in result.output
    assert "2019-2020" in result.output


def test_a_reader_that_stops_early_is_no_internal_error() -> None:
    # `attain measures explain ks4_p8 | head -1`: the pipe closes while attain still writes.
    # A shell reports 141 (128 + SIGPIPE) for such a command; no traceback, no error report.
    command = [sys.executable, "-c", "from attain.cli.app import main; main()",
               "measures", "explain", "ks4_p8"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline().startswith(b"-- ks4__all")
        process.stdout.close()
        errors = process.stderr.read().decode()
    assert process.returncode == EXIT_BROKEN_PIPE, errors
    assert "Traceback" not in errors and "unexpectedly" not in errors


def test_main_leaves_no_collection_for_the_exit() -> None:
    # CPython's shutdown collects every module's objects again (0.15-0.25 s after a compute,
    # BENCHMARKS.md): main() freezes them, as it ends by returning or by an exit code.
    probe = ("import gc, sys\nfrom attain.cli import main\nsys.argv = ['attain', '--version']\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\nprint(gc.get_freeze_count())")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    assert int(done.stdout.strip().splitlines()[-1]) > 10_000
