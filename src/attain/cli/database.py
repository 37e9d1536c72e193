"""`attain db upgrade|downgrade|current|sync`, `attain backup` and `attain restore`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

from attain.cli.root import DataDirOption, app, resolve_data_dir

if TYPE_CHECKING:
    from attain.services.appdb import DatabaseState

db_app = typer.Typer(help="The app database: migrations and the schools registry.",
                     no_args_is_help=True)
app.add_typer(db_app, name="db")


def _say_state(state: DatabaseState) -> None:
    revision = state.revision or "none (empty database)"
    newest = ", ".join(state.heads)
    note = "up to date" if state.up_to_date else f"newest is {newest}: run `attain db upgrade`"
    typer.echo(f"App database {state.where}: revision {revision} ({note}).")


@db_app.command()
def upgrade(
    revision: str = typer.Argument("head", help="Revision to upgrade to."),
    data_dir: Path | None = DataDirOption,
) -> None:
    """Create the app database or migrate it forward (to the newest revision by default)."""
    from attain.services import appdb as appdb_service

    _say_state(appdb_service.upgrade_database(resolve_data_dir(data_dir), revision))


@db_app.command()
def downgrade(
    revision: str = typer.Argument(..., help="Revision to go back to; `base` empties it."),
    data_dir: Path | None = DataDirOption,
) -> None:
    """Migrate the app database back to an older revision (tables added later are dropped)."""
    from attain.services import appdb as appdb_service

    _say_state(appdb_service.downgrade_database(resolve_data_dir(data_dir), revision))


@db_app.command()
def current(data_dir: Path | None = DataDirOption) -> None:
    """Show the app database's revision."""
    from attain.services import appdb as appdb_service

    _say_state(appdb_service.database_state(resolve_data_dir(data_dir)))


@db_app.command()
def sync(data_dir: Path | None = DataDirOption) -> None:
    """Copy the schools registry and the LAs from the warehouse into the app database."""
    from attain.services import appdb as appdb_service

    report = appdb_service.sync_schools(resolve_data_dir(data_dir))
    table = Table("table", "inserted", "updated", "unchanged")
    for name, counts in (("local_authorities", report.local_authorities),
                         ("schools", report.schools)):
        table.add_row(name, str(counts.inserted), str(counts.updated), str(counts.unchanged))
    Console().print(table)


@app.command()
def backup(
    file: Path = typer.Argument(..., help="The .tar.gz file to write."),
    data_dir: Path | None = DataDirOption,
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
) -> None:
    """Write a consistent snapshot of a data folder and its app database to FILE."""
    from attain.services import backup as backup_service

    report = backup_service.backup(resolve_data_dir(data_dir), file, force=force)
    database = report.database or "no app database yet"
    typer.echo(f"Backed up {report.files} file(s), {report.bytes:,} bytes, and the app "
               f"database ({database}) to {report.archive}.")


@app.command()
def restore(
    file: Path = typer.Argument(..., help="A file made by `attain backup`."),
    data_dir: Path | None = DataDirOption,
    force: bool = typer.Option(False, "--force",
                               help="Replace a data folder or database that is not empty."),
) -> None:
    """Check a backup and restore it into a data folder and its app database."""
    from attain.services import backup as backup_service

    report = backup_service.restore(file, resolve_data_dir(data_dir), force=force)
    database = report.database or "none in the backup"
    typer.echo(f"Restored {report.files} file(s) into {report.folder} and the app "
               f"database ({database}).")
