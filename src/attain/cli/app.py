"""The root `attain` command and its groups."""

from __future__ import annotations

import gc
import importlib
import logging
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


def main() -> None:
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


def resolve_data_dir(value: Path | None) -> Path:
    return settings.data_dir(value)


# Command modules register themselves on `app` when imported. A module that is missing
# (a later feature not built yet) is simply not registered.
_COMMAND_MODULES = (
    "attain.cli.core",
    "attain.cli.demo",
    "attain.cli.database",
    "attain.cli.measures",
    "attain.cli.results",
    "attain.cli.imports",
    "attain.cli.plans",
    "attain.cli.report",
    "attain.cli.risk",
    "attain.cli.estimates",
    "attain.cli.users",
    "attain.cli.web",
    "attain.cli.warehouse",
    "attain.cli.neighbours",
)
for _name in _COMMAND_MODULES:
    try:
        importlib.import_module(_name)
    except ModuleNotFoundError as err:
        if err.name != _name:
            raise
