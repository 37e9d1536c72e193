"""`attain measures list | groups | validate | explain`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

from attain.cli.defaults import SQL_DIALECTS
from attain.cli.errors import ErrorMappingGroup
from attain.cli.root import app
from attain.errors import UserError

if TYPE_CHECKING:
    from attain.measures import Catalogue

measures_app = typer.Typer(cls=ErrorMappingGroup, no_args_is_help=True,
                           help="The measure catalogue: list, validate and explain measures.")
app.add_typer(measures_app, name="measures")

DefinitionsOption = typer.Option(None, "--definitions", help="Definitions folder (with "
                                 "measures/ and groups.yaml); default: the shipped one.",
                                 show_default=False)


def _load(definitions: Path | None) -> Catalogue:
    from attain.measures import DEFINITIONS, load_catalogue

    root = definitions or DEFINITIONS
    if not root.is_dir():
        raise UserError(f"Definitions folder {root} not found",
                        fix="Pass a folder holding measures/ and groups.yaml")
    return load_catalogue(root)


@measures_app.command("list")
def list_measures(
    key_stage: str | None = typer.Option(None, "--key-stage", help="e.g. ks2, eyfs."),
    era: str | None = typer.Option(None, help="e.g. levels, scaled, a8, wales."),
    kind: str | None = typer.Option(None, help="proportion, mean, rate, progress, ..."),
    country: str | None = typer.Option(None, help="england or wales."),
    definitions: Path | None = DefinitionsOption,
) -> None:
    """List the measures of the catalogue."""
    catalogue = _load(definitions)
    table = Table("id", "title", "kind", "years", "country", "dataset")
    shown = 0
    for spec in catalogue.measures:
        if (key_stage and spec.key_stage != key_stage) or (era and spec.era != era) \
                or (kind and spec.kind != kind) \
                or (country and country not in (spec.country, "both")
                    and spec.country != "both"):
            continue
        table.add_row(spec.id, spec.title, spec.kind, spec.years.text(), spec.country,
                      spec.dataset)
        shown += 1
    console = Console(width=160)
    console.print(table)
    console.print(f"{shown} of {len(catalogue.measures)} measures")
    if catalogue.errors:
        console.print(f"{len(catalogue.errors)} error(s) in the definitions: run "
                      "`attain measures validate`")


@measures_app.command("groups")
def list_groups(definitions: Path | None = DefinitionsOption) -> None:
    """List the pupil groups every measure is computed for (groups.yaml)."""
    catalogue = _load(definitions)
    table = Table("id", "title", "partition", "datasets", "filter")
    for group in catalogue.groups:
        table.add_row(group.id, group.title, group.partition or "",
                      ", ".join(group.datasets) if group.datasets else "all", group.filter)
    console = Console(width=160)
    console.print(table)
    console.print(f"{len(catalogue.groups)} groups: a partition's groups add up to `all` "
                  "(complementary suppression protects them)")


@measures_app.command()
def validate(definitions: Path | None = DefinitionsOption) -> None:
    """Check every measure and group definition; exit 1 when there are errors."""
    catalogue = _load(definitions)
    for issue in catalogue.issues:
        typer.echo(f"{issue.severity}: {issue}")
    errors, warnings = len(catalogue.errors), len(catalogue.issues) - len(catalogue.errors)
    typer.echo(f"{len(catalogue.measures)} measures, {len(catalogue.groups)} groups: "
               f"{errors} error(s), {warnings} warning(s)")
    if errors:
        raise typer.Exit(1)


@measures_app.command()
def explain(
    measure_id: str = typer.Argument(..., metavar="ID", help="Measure id."),
    dialect: str = typer.Option("duckdb", help="SQL dialect: " + ", ".join(SQL_DIALECTS) + "."),
    group: str = typer.Option("all", help="Pupil group id."),
    strategy: str = typer.Option("per_group", help="per_group, unnest or rollup."),
    definitions: Path | None = DefinitionsOption,
) -> None:
    """Print the SQL that computes a measure."""
    from attain.measures import compile_catalogue

    catalogue = _load(definitions)
    if group not in {g.id for g in catalogue.groups}:
        raise UserError(f"Unknown group {group!r}", fix="Groups: "
                        + ", ".join(g.id for g in catalogue.groups))
    queries = compile_catalogue(catalogue, measure_ids=[measure_id], strategy=strategy)
    chosen = [q for q in queries if q.stage == 2 or group in q.group_ids
              or strategy in ("unnest", "rollup")]
    if not chosen:
        raise UserError(f"Group {group!r} does not apply to {measure_id}'s dataset",
                        fix="Choose a group listed for that dataset in groups.yaml")
    for query in chosen:
        typer.echo(f"-- {query.name}: stage {query.stage}, measures "
                   f"{', '.join(query.measure_ids)}")
        typer.echo(query.sql(dialect, pretty=True) + ";\n")
