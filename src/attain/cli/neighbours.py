"""`attain neighbours compute`: statistical neighbours by context where no list is loaded."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from attain.cli.root import DataDirOption, app, resolve_data_dir
from attain.errors import UserError

neighbours_app = typer.Typer(help="LA statistical neighbours (areas SN<LA>).",
                             no_args_is_help=True)
app.add_typer(neighbours_app, name="neighbours")

# attain.services.neighbour_areas.DEFAULT_SIZE (kept here so --help imports no data library)
NEIGHBOURS_SIZE = 10


@neighbours_app.command("compute")
def compute(
    la: str | None = typer.Option(None, "--la", help="Three-digit code of one LA."),
    every_la: bool = typer.Option(False, "--all", help="Every LA in the census."),
    year: int | None = typer.Option(None, help="Census year (default: the latest)."),
    size: int = typer.Option(NEIGHBOURS_SIZE, help="Neighbours per LA."),
    replace: bool = typer.Option(False, "--replace", help="Also replace a loaded (DfE or "
                                 "own) list."),
    data_dir: Path | None = DataDirOption,
) -> None:
    """Compute statistical neighbours from context for LAs with no loaded list."""
    from attain.domain.results import neighbours_area_code
    from attain.services.neighbour_areas import compute_neighbour_areas

    if (la is None) == (not every_la):
        raise UserError("say which LAs: --la CODE or --all (one of them)",
                        fix="e.g. attain neighbours compute --la 681.")
    chosen = (la.strip(),) if la is not None else None
    done = compute_neighbour_areas(resolve_data_dir(data_dir), la_codes=chosen, year=year,
                                   size=size, replace=replace)
    console = Console()
    for line in done.lines():
        console.print(line)
    for code, members in sorted(done.written.items()):
        console.print(f"{neighbours_area_code(code)}: {', '.join(m.code for m in members)}")
