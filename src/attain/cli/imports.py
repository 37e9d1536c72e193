"""`attain import FILE`: import a published file (DfE, EES, LAIT, GIAS)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

from attain.cli.errors import EXIT_USER_ERROR
from attain.cli.root import DataDirOption, app, resolve_data_dir

if TYPE_CHECKING:
    from attain.services.imports import ImportOutcome

SHOWN_PROBLEMS = 50


def _print_kinds(value: bool) -> None:
    if value:
        from attain.ingest.registry import readers

        console = Console()
        table = Table("kind", "what")
        for reader in readers():
            table.add_row(reader.name, reader.title)
        console.print(table)
        raise typer.Exit()


@app.command("import")
def import_(
    file: Path = typer.Argument(..., help="The file to import (CSV, or LAIT's Parquet)."),
    kind: str | None = typer.Option(None, "--kind", help="Reader to use (default: detected "
                                    "from the header; see --kinds)."),
    skip_bad_rows: bool = typer.Option(False, "--skip-bad-rows", help="Import the rows "
                                       "without problems and record how many were skipped."),
    year: int | None = typer.Option(None, "--year", help="Academic year as the year it ends "
                                    "(2019 = 2018/19), for files that do not say."),
    release: str | None = typer.Option(None, "--release", help="provisional, revised or "
                                       "final (default: from the file name or the map)."),
    data_dir: Path | None = DataDirOption,
    kinds: bool = typer.Option(False, "--kinds", callback=_print_kinds, is_eager=True,
                               help="List the kinds of file attain can import and exit."),
    to_results: bool = typer.Option(False, "--to-results", help="Then copy every imported "
                                    "figure into the results cube, with neighbour averages, "
                                    "ranks and quartiles, for reports and the web app."),
) -> None:
    """Import a published file into the data folder: all of it, or nothing."""
    from attain.ingest.problems import ReadOptions
    from attain.services import imports as imports_service

    outcome = imports_service.import_file(
        resolve_data_dir(data_dir), file, kind=kind, skip_bad_rows=skip_bad_rows,
        options=ReadOptions(year=year, release=release))
    console = Console()
    for note in outcome.notes[:SHOWN_PROBLEMS]:
        console.print(f"note: {note}")
    if outcome.problems:
        _print_problems(console, outcome)
    if outcome.status == "rejected":
        console.print(f"{outcome.file}: not imported ({len(outcome.problems)} problem(s)). "
                      "Fix them, or pass --skip-bad-rows to import the other rows.")
        raise typer.Exit(EXIT_USER_ERROR)
    if outcome.status == "unchanged":
        console.print(f"{outcome.file}: already imported, nothing changed.")
        return
    written = ", ".join(f"{n:,} {name}" for name, n in outcome.rows.items())
    console.print(f"{outcome.file}: imported as {outcome.kind}: {written or 'no rows'}"
                  + (f"; skipped {outcome.skipped_rows:,} bad row(s)"
                     if outcome.skipped_rows else "") + ".")
    if to_results:
        from attain.services.published_results import publish_to_results

        rows = publish_to_results(resolve_data_dir(data_dir))
        console.print(f"Results cube: {rows:,} published figures with comparisons.")
    if outcome.pupil_las:
        command = imports_service.recompute_command(resolve_data_dir(data_dir),
                                                    outcome.pupil_las)
        console.print(f"Next: `{command}` brings the results up to date.")


def _print_problems(console: Console, outcome: ImportOutcome) -> None:
    table = Table("file", "row", "column", "value", "problem", "hint", title="Validation report")
    for p in outcome.problems[:SHOWN_PROBLEMS]:
        table.add_row(p.file, "" if p.row is None else str(p.row), p.column or "",
                      p.value or "", p.message, p.hint)
    console.print(table)
    if len(outcome.problems) > SHOWN_PROBLEMS:
        console.print(f"... and {len(outcome.problems) - SHOWN_PROBLEMS} more problem(s).")


templates_app = typer.Typer(help="Pupil-level templates that an LA fills from its own "
                            "systems.", no_args_is_help=True)
app.add_typer(templates_app, name="templates")


@templates_app.command("write")
def write_templates_command(
    folder: Path = typer.Argument(..., help="Folder to write the blank templates into."),
) -> None:
    """Write a blank CSV and XLSX template per pupil dataset, and README.md describing them."""
    from attain.ingest.templates_write import write_templates

    written = write_templates(folder)
    typer.echo(f"Wrote {len(written)} files to {folder}: one CSV and one XLSX template per "
               "pupil dataset, and README.md. Fill one, then run `attain import FILE`.")
