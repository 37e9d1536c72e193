"""`attain warehouse load`: put the warehouse into the PostgreSQL engine."""

from __future__ import annotations

from pathlib import Path

import typer

from attain.cli.defaults import WAREHOUSE_ENGINE
from attain.cli.root import DataDirOption, app, resolve_data_dir

warehouse_app = typer.Typer(help="Load the warehouse into a compute engine.",
                            no_args_is_help=True)
app.add_typer(warehouse_app, name="warehouse")


@warehouse_app.command("load")
def load_command(
    engine: str = typer.Option(WAREHOUSE_ENGINE, "--engine",
                               help="postgres (DuckDB and Spark read the Parquet files)."),
    url: str = typer.Option(None, "--url", help="PostgreSQL URL (default: "
                            "$ATTAIN_WAREHOUSE_URL, else $ATTAIN_DATABASE_URL)."),
    data_dir: Path | None = DataDirOption,
) -> None:
    """Copy every warehouse dataset into the engine's tables, with indexes (all or nothing)."""
    from attain.services import warehouse_load

    summary = warehouse_load.load(resolve_data_dir(data_dir), engine, url=url)
    for line in summary.lines():
        typer.echo(line)
