"""The CLI starts light: building every command and its --help imports no data library
(issues 3 and 9: `attain --help` took 3 s importing pandas, pyarrow, DuckDB, SQLAlchemy),
and the copies it shows of other modules' defaults match those modules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attain.cli import defaults
from attain.cli.app import app
from attain.cli.lazy import lazy_module

# Libraries a command may load when it runs, never merely to start or to show help.
HEAVY = ("pandas", "pyarrow", "duckdb", "sqlalchemy", "alembic", "numpy", "sqlglot",
         "openpyxl", "flask", "psycopg")


def _heavy_modules_after(code: str) -> list[str]:
    """Run `code` in a fresh interpreter; the HEAVY libraries it left in sys.modules."""
    probe = (f"{code}\nimport json, sys\n"
             f"print(json.dumps(sorted(m for m in {list(HEAVY)!r} if m in sys.modules)))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_importing_the_cli_app_imports_no_data_library() -> None:
    assert _heavy_modules_after("import importlib; importlib.import_module('attain.cli.app')") \
        == []


def test_every_help_page_imports_no_data_library() -> None:
    # Typer builds every command's options on start-up, and --help of each command (the
    # estimates fit page reads the model specs when shown).
    walk_every_help_page = """
from typer.main import get_command
from typer.testing import CliRunner
from attain.cli.app import app

runner = CliRunner()
def walk(command, path):
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, (path, result.output)
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        walk(sub, [*path, name])
walk(get_command(app), [])
"""
    assert _heavy_modules_after(walk_every_help_page) == []


def test_a_command_still_loads_what_it_needs(tmp_path: Path) -> None:
    # The probe itself can see the libraries: `attain status` opens the warehouse.
    run_status = ("import sys\nfrom attain.cli import main\n"
                  f"sys.argv = ['attain', 'status', '--data-dir', {str(tmp_path)!r}]\n"
                  "try:\n    main()\nexcept SystemExit:\n    pass")
    assert {"pyarrow", "duckdb"} <= set(_heavy_modules_after(run_status))


def test_copied_defaults_match_the_modules_that_own_them() -> None:
    from attain.demo.schools import FIRST_YEAR, LAST_YEAR
    from attain.engines.registry import EngineName
    from attain.measures.compiler import DIALECTS
    from attain.services.compute import DEFAULT_STRATEGY
    from attain.similar.family import DEFAULT_SIZE, DEFAULT_VARIABLES

    assert defaults.COMPUTE_STRATEGY == DEFAULT_STRATEGY
    assert defaults.SQL_DIALECTS == DIALECTS
    assert defaults.WAREHOUSE_ENGINE == EngineName.POSTGRES
    assert (defaults.FAMILY_SIZE, defaults.FAMILY_VARIABLES) == (DEFAULT_SIZE,
                                                                 DEFAULT_VARIABLES)
    assert (defaults.DEMO_FIRST_YEAR, defaults.DEMO_LAST_YEAR) == (FIRST_YEAR, LAST_YEAR)


def test_format_choices_are_the_services_own_enums() -> None:
    from attain.domain.formats import ExportFormat, ReportFormat
    from attain.services import reports, results

    assert reports.ReportFormat is ReportFormat
    assert results.ExportFormat is ExportFormat


def test_estimates_fit_help_lists_every_model_id() -> None:
    from attain.estimates.specs import load_specs

    result = CliRunner().invoke(app, ["estimates", "fit", "--help"], terminal_width=400,
                                env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    listed = " ".join(result.output.split())
    assert "Model id: " + ", ".join(load_specs()) in listed


def test_lazy_module_imports_on_first_attribute_use(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "attain_lazy_probe.py").write_text("ANSWER = 42\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "attain_lazy_probe", raising=False)
    probe = lazy_module("attain_lazy_probe")
    assert "attain_lazy_probe" not in sys.modules
    assert probe.ANSWER == 42
    assert "attain_lazy_probe" in sys.modules
    monkeypatch.delitem(sys.modules, "attain_lazy_probe")


def test_arrays_built_after_arrow_without_pandas_do_not_import_pandas() -> None:
    # pyarrow 26 imports pandas (0.3-0.4 s) on its first array, even from a list, to ask
    # whether the input is a pandas object; `attain compute` and `attain demo` need none.
    build_arrays = ("import sys, numpy as np, pyarrow as pa\n"
                    "from attain.cli.lazy import arrow_without_pandas\n"
                    "arrow_without_pandas()\n"
                    "assert not any(type(f).__name__ == '_NoPandas' for f in sys.meta_path)\n"
                    "pa.array(np.arange(3)); pa.table({'a': [1, 2]}); pa.array(['x', None])")
    assert "pandas" not in _heavy_modules_after(build_arrays)


def test_to_pandas_still_works_after_arrow_without_pandas() -> None:
    to_pandas = ("import pyarrow as pa\n"
                 "from attain.cli.lazy import arrow_without_pandas\n"
                 "arrow_without_pandas()\n"
                 "frame = pa.table({'a': [1, 2]}).to_pandas()\n"
                 "assert frame['a'].sum() == 3")
    assert "pandas" in _heavy_modules_after(to_pandas)


def test_compute_and_demo_build_no_pandas(tmp_path: Path) -> None:
    run_demo = ("import sys\nfrom attain.cli import main\n"
                f"sys.argv = ['attain', 'demo', '--data-dir', {str(tmp_path)!r}, "
                "'--scale', '0.005', '--years', '2019']\n"
                "try:\n    main()\nexcept SystemExit as done:\n    assert not done.code\n")
    loaded = _heavy_modules_after(run_demo)
    assert {"pyarrow", "duckdb"} <= set(loaded) and "pandas" not in loaded
    assert (tmp_path / "results").is_dir()


def _registered_modules() -> dict[str, str]:
    """Each top-level command and group of the whole CLI -> the module defining it."""
    from typer.main import get_command

    modules = {}
    for name, command in get_command(app).commands.items():  # type: ignore[attr-defined]
        while command.callback is None or command.callback.__module__.startswith("typer"):
            command = next(iter(command.commands.values()))
        modules[name] = command.callback.__module__
    return modules


def test_the_table_of_command_modules_is_what_the_modules_register() -> None:
    from attain.cli.root import COMMAND_MODULES

    assert _registered_modules() == COMMAND_MODULES


def test_running_a_command_imports_only_its_module(tmp_path: Path) -> None:
    # `attain status` builds the status command, not the 60 others (BENCHMARKS.md).
    run_status = ("import sys\nfrom attain.cli import main\n"
                  f"sys.argv = ['attain', 'status', '--data-dir', {str(tmp_path)!r}]\n"
                  "try:\n    main()\nexcept SystemExit:\n    pass\n"
                  "print(sorted(m for m in sys.modules if m.startswith('attain.cli.')))")
    done = subprocess.run([sys.executable, "-c", run_status], capture_output=True, text=True,
                          check=True)
    loaded = done.stdout.strip().splitlines()[-1]
    assert "'attain.cli.core'" in loaded
    assert "'attain.cli.plans'" not in loaded and "'attain.cli.app'" not in loaded


@pytest.mark.parametrize(("args", "modules"), [
    (["compute", "--la", "882"], ["attain.cli.results"]),
    (["--version"], None),
    (["no-such-command"], None),
    (["--help", "compute"], None),
    ([], None),
])
def test_the_modules_a_command_line_needs(args: list[str], modules: list[str] | None) -> None:
    from attain.cli.root import modules_for

    assert modules_for(args) == modules


def test_an_unknown_command_still_suggests_a_known_one() -> None:
    probe = ("import sys\nfrom attain.cli import main\nsys.argv = ['attain', 'computee']\n"
             "main()")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 2
    assert "compute" in done.stderr


def test_compute_la_imports_no_arrow_dataset(tmp_path: Path) -> None:
    # pyarrow.dataset (and Acero with it) cost 0.2-0.3 s of `attain compute --la`, imported
    # by pq.read_table and Table.group_by (BENCHMARKS.md).
    demo = ("import sys\nfrom attain.cli import main\n"
            f"sys.argv = ['attain', 'demo', '--data-dir', {str(tmp_path)!r}, "
            "'--scale', '0.005', '--years', '2018-2019']\n"
            "try:\n    main()\nexcept SystemExit as done:\n    assert not done.code\n")
    subprocess.run([sys.executable, "-c", demo], check=True, capture_output=True)
    recompute = ("import sys\nfrom attain.cli import main\n"
                 f"sys.argv = ['attain', 'compute', '--data-dir', {str(tmp_path)!r}, "
                 "'--la', '882']\n"
                 "try:\n    main()\nexcept SystemExit as done:\n    assert not done.code\n"
                 "print('pyarrow.dataset' in sys.modules, 'pyarrow.acero' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", recompute], check=True, capture_output=True,
                          text=True)
    assert "Only LA 882" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "False False"
