"""`attain demo`: make a data folder of realistic synthetic data."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from attain import settings
from attain.cli.defaults import DEMO_FIRST_YEAR, DEMO_LAST_YEAR
from attain.cli.lazy import arrow_without_pandas
from attain.cli.root import DataDirOption, app, resolve_data_dir
from attain.errors import UserError


def parse_years(text: str) -> range:
    """'2019' or '2016-2019' -> a range of academic years."""
    first, _, last = text.partition("-")
    try:
        start, stop = int(first), int(last or first)
    except ValueError:
        raise UserError(f"years {text!r} are not a year or a range of years",
                        fix=f"Use e.g. --years 2019 or --years "
                        f"{DEMO_FIRST_YEAR}-{DEMO_LAST_YEAR}.") from None
    return range(start, stop + 1)


def _list_las(console: Console) -> None:
    from attain.demo.geography import COUNTRY_NAMES, all_las

    for la in all_las():
        console.print(f"{la.code}  {la.name} ({COUNTRY_NAMES[la.country]})")


@app.command()
def demo(
    data_dir: Path | None = DataDirOption,
    seed: int = typer.Option(int(settings.SEED.value()), help="Random seed; the same seed "
                             "makes identical files."),
    scale: float = typer.Option(0.02, help="Size of the national comparator as a share of "
                                "the real country (0 < scale <= 1)."),
    la: str = typer.Option("882", "--la", help="Three-digit LA code of the home authority "
                           "(Welsh codes 660-681 make a Welsh authority)."),
    years: str = typer.Option(f"{DEMO_FIRST_YEAR}-{DEMO_LAST_YEAR}", help="Academic years, as the "
                              "year they end: 2019 or 2016-2019."),
    list_las: bool = typer.Option(False, "--list-las", help="List the LA codes and exit."),
    results: bool = typer.Option(True, "--results/--no-results", help="Compute the results "
                                 "cube after generating the data (`attain compute`)."),
    real: str | None = typer.Option(None, "--real", help="Build the folder from the real "
                                    "public data of this English LA (e.g. 882) instead of "
                                    "synthetic data."),
    real_data: Path | None = typer.Option(None, "--real-data", help="The data/real folder "
                                          "to read (default: the checkout's data/real)."),
) -> None:
    """Create a demo data folder: one LA in full plus a national comparator."""
    console = Console()
    if list_las:
        _list_las(console)
        return
    if real is not None:
        _real_demo(console, resolve_data_dir(data_dir), real, real_data, data_dir is not None)
        return
    from attain.services.demo import build_demo

    arrow_without_pandas()
    folder = resolve_data_dir(data_dir)
    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task("Generating", total=1.0)

        def progress(message: str, fraction: float) -> None:
            bar.update(task, completed=fraction, description=message)

        summary = build_demo(folder, seed=seed, scale=scale, la_code=la,
                             years=parse_years(years), with_results=results,
                             progress=progress)
    for line in summary.lines():
        console.print(line)
    console.print("\nTry next:")
    year = max(parse_years(years))
    for command in ("attain status", f"attain results show --la {la} --measure ks2_rwm_expected",
                    f"attain report standards --la {la} --year {year} --format html "
                    "--out standards.html",
                    "attain users add you@example.org --role admin", "attain serve"):
        suffix = f" --data-dir {folder}" if data_dir else ""
        console.print(f"  {command}{suffix}")


def _real_demo(console: Console, folder: Path, la_code: str, real_data: Path | None,
               named_folder: bool) -> None:
    from attain.services.demo_real import build_real_demo

    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task("Importing", total=1.0)

        def progress(message: str, fraction: float) -> None:
            bar.update(task, completed=fraction, description=message)

        build = build_real_demo(folder, la_code, real_data=real_data, progress=progress)
    for line in build.lines():
        console.print(line)
    suffix = f" --data-dir {folder}" if named_folder else ""
    console.print("\nTry next:")
    for command in (f"attain results show --la {la_code} --measure ks4_att8",
                    f"attain report standards --la {la_code} --year 2019 --format html "
                    "--out standards.html", "attain serve"):
        console.print(f"  {command}{suffix}")
