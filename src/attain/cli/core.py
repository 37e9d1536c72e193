"""`attain status` and `attain docs`."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from attain.cli.root import DataDirOption, app, resolve_data_dir


@app.command()
def status(data_dir: Path | None = DataDirOption) -> None:
    """Summarise what is in a data folder."""
    from attain.services import status as status_service

    report = status_service.summarise(resolve_data_dir(data_dir))
    console = Console()
    console.print(f"Data folder: {report.folder}")
    table = Table("dataset", "years", "rows")
    for row in report.datasets:
        table.add_row(row.name, row.years_text, f"{row.rows:,}")
    console.print(table)
    for line in report.notes:
        console.print(line)


@app.command()
def docs(
    out: Path = typer.Option(Path("docs"), help="Folder of the generated documentation."),
) -> None:
    """Regenerate the documentation generated from code and definitions."""
    from attain.services import docs as docs_service

    for path in docs_service.write_generated_docs(out):
        typer.echo(f"wrote {path}")
