"""The root `attain` command, the options its commands share, and `main`, which imports
only the module of the command it runs.

Each command module registers its commands on `app` when imported. Typer builds every
registered command when `attain` starts, so `main` imports the one module the command line
names (COMMAND_MODULES) and builds only its commands: `attain compute` reached the compute
after 0.36 s instead of 0.53-0.56 s (BENCHMARKS.md). `attain.cli.app` is the whole command
line, every module imported, for help, tests and other callers.
"""

from __future__ import annotations

import gc
import importlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

import typer

from attain import __version__, settings
from attain.cli.errors import ErrorMappingGroup

app = typer.Typer(
    cls=ErrorMappingGroup,
    help="attain: school-improvement analytics for local authorities in England and Wales.",
    no_args_is_help=True,
    add_completion=False,
)

DataDirOption = typer.Option(
    None, "--data-dir", "-d", help=f"Data folder (default: ${settings.DATA_DIR.env} or "
    f"./{settings.DATA_DIR.default}).", show_default=False
)

# The module of each top-level command and command group.
# tests/unit/cli/test_cli_imports.py checks it against what the modules register.
COMMAND_MODULES = {
    "backup": "attain.cli.database",
    "compute": "attain.cli.results",
    "db": "attain.cli.database",
    "demo": "attain.cli.demo",
    "docs": "attain.cli.core",
    "estimates": "attain.cli.estimates",
    "import": "attain.cli.imports",
    "measures": "attain.cli.measures",
    "neighbours": "attain.cli.neighbours",
    "plans": "attain.cli.plans",
    "pupils": "attain.cli.estimates",
    "report": "attain.cli.report",
    "restore": "attain.cli.database",
    "results": "attain.cli.results",
    "review": "attain.cli.risk",
    "risk": "attain.cli.risk",
    "schools": "attain.cli.estimates",
    "serve": "attain.cli.web",
    "status": "attain.cli.core",
    "targets": "attain.cli.estimates",
    "templates": "attain.cli.imports",
    "users": "attain.cli.users",
    "warehouse": "attain.cli.warehouse",
}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"attain {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    logging.basicConfig(level=settings.LOG_LEVEL.value())


def resolve_data_dir(value: Path | None) -> Path:
    return settings.data_dir(value)


def load_commands(modules: Sequence[str] | None = None) -> None:
    """Register the commands of `modules` on `app` (None: every command's)."""
    for name in sorted(set(COMMAND_MODULES.values())) if modules is None else modules:
        importlib.import_module(name)


def modules_for(args: Sequence[str]) -> list[str] | None:
    """The command modules a command line needs: the one of the command it starts with, or
    None (all of them) when it starts with none that is known (`attain --help`, a typo), to
    list them or suggest one."""
    module = COMMAND_MODULES.get(args[0]) if args else None
    return [module] if module is not None else None


def main() -> None:
    load_commands(modules_for(sys.argv[1:]))
    try:
        app()
    finally:
        _skip_collections_at_exit()


def _skip_collections_at_exit() -> None:
    """Freeze every object left when the command ends. CPython's shutdown runs full garbage
    collections over every imported module's objects: 0.15-0.25 s after `attain compute
    --la` (BENCHMARKS.md), for memory the process hands back anyway when it exits. Frozen
    objects are still freed by reference counting and atexit handlers still run; only cycles
    are left to the exit."""
    gc.freeze()
