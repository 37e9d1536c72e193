"""`attain compute`, `attain results show` and `attain results export`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from attain.cli.defaults import COMPUTE_STRATEGY
from attain.cli.lazy import arrow_without_pandas
from attain.cli.root import DataDirOption, app, resolve_data_dir
from attain.domain.formats import ExportFormat
from attain.errors import UserError

if TYPE_CHECKING:
    from attain.services.results import ResultFilter

results_app = typer.Typer(help="Show and export the results cube.", no_args_is_help=True)
app.add_typer(results_app, name="results")

SchoolOption = typer.Option(None, "--school", help="A school's URN.")
LaOption = typer.Option(None, "--la", help="A three-digit LA code, e.g. 882.")
MeasureOption = typer.Option(None, "--measure", help="A measure id (attain measures list).")
GroupOption = typer.Option(None, "--group", help="A pupil group id, e.g. disadvantaged.")
YearOption = typer.Option(None, "--year", help="Academic year as the year it ends.")


def parse_years(text: str | None) -> list[int] | None:
    """'2019,2022-2024' -> [2019, 2022, 2023, 2024]."""
    if not text:
        return None
    years: set[int] = set()
    for part in (p.strip() for p in text.split(",") if p.strip()):
        first, _, last = part.partition("-")
        try:
            start, end = int(first), int(last or first)
        except ValueError:
            raise UserError(f"--years: {part!r} is not a year or a range of years",
                            fix="write years like 2019,2022-2024.") from None
        if start > end or not 2000 <= start <= 2100:
            raise UserError(f"--years: {part!r} is not a valid range",
                            fix="write years like 2019,2022-2024 (earlier year first).")
        years.update(range(start, end + 1))
    return sorted(years)


def parse_ids(text: str | None) -> list[str] | None:
    return [p.strip() for p in text.split(",") if p.strip()] if text else None


@app.command("compute")
def compute_command(
    years: str = typer.Option(None, "--years", help="Years to compute, e.g. 2019,2022-2024 "
                              "(default: every year in the warehouse)."),
    measures: str = typer.Option(None, "--measures", help="Measure ids, comma separated "
                                 "(default: all)."),
    strategy: str = typer.Option(COMPUTE_STRATEGY, "--strategy",
                                 help="rollup, unnest or per_group (see BENCHMARKS.md)."),
    engine: str = typer.Option("duckdb", "--engine", help="Where the measure queries run: "
                               "duckdb (embedded), postgres (ATTAIN_WAREHOUSE_URL, after "
                               "`attain warehouse load`) or spark (ATTAIN_SPARK_MASTER)."),
    incremental: bool = typer.Option(False, "--incremental", help="Recompute only the years "
                                     "whose warehouse files changed since the last full "
                                     "compute (and everything when the definitions or the "
                                     "suppression settings changed)."),
    home_la: str = typer.Option(None, "--home-la", help="LA code(s), comma separated, whose "
                                "schools' rows get comparisons (national, LA, trends, ranks, "
                                "family averages); `all` for every school (default: "
                                "$ATTAIN_LA, else all)."),
    pupils: str = typer.Option(None, "--pupils", help="national: the warehouse holds the "
                               "nation's pupils (or a sample of its schools); own: only your "
                               "LA's or consortium's, so no national, regional or area rows "
                               "or progress scores are computed from them (default: "
                               "$ATTAIN_PUPILS, else national)."),
    la: str = typer.Option(None, "--la", help="LA code(s), comma separated: recompute only "
                           "these LAs' rows and their schools', every year and measure, after "
                           "their pupils' data changed. National, regional, area and other "
                           "LAs' rows stay as the last whole compute left them."),
    data_dir: Path | None = DataDirOption,
) -> None:
    """Compute every measure for every school, LA, area and pupil group."""
    from attain.services import compute as compute_service

    arrow_without_pandas()
    folder = resolve_data_dir(data_dir)
    with Progress(TextColumn("{task.description:<28}"), BarColumn(), TimeElapsedColumn(),
                  transient=True) as bar:
        task = bar.add_task("starting", total=1.0)

        def report(label: str, fraction: float) -> None:
            bar.update(task, description=label[:28], completed=fraction)

        summary = compute_service.compute(folder, years=parse_years(years),
                                          measure_ids=parse_ids(measures), progress=report,
                                          strategy=strategy, engine=engine,
                                          incremental=incremental,
                                          school_las=compute_service.home_las(home_la),
                                          pupils=pupils,
                                          only_las=(compute_service.la_codes(la)
                                                    if la is not None else None))
    for line in summary.lines():
        typer.echo(line)


def _filter(school: int | None, la: str | None, measure: str | None, group: str | None,
            year: int | None) -> ResultFilter:
    from attain.services.results import ResultFilter

    return ResultFilter(school, la, measure, group, year)


@results_app.command("show")
def show(school: int = SchoolOption, la: str = LaOption, measure: str = MeasureOption,
         group: str = GroupOption, year: int = YearOption,
         data_dir: Path | None = DataDirOption) -> None:
    """Show a school's or an LA's results against national."""
    from attain.services import results as results_service

    if (school is None) == (la is None):
        raise UserError("give exactly one of --school URN or --la CODE",
                        fix="e.g. `attain results show --la 882 --measure ks2_rwm_expected`.")
    folder, where = resolve_data_dir(data_dir), _filter(school, la, measure, group, year)
    rows = results_service.published_rows(results_service.read(folder, where))
    if not rows:
        raise results_service.no_match(folder, where)
    # A column every row shares (the measure or group asked for) goes into the title, so
    # the numbers keep their width in a narrow terminal.
    # So is a column no row fills (no interval, nothing suppressed): it is left out.
    shared = {"measure_id": measure, "group_id": group}
    columns = [(label, key) for label, key in _SHOW_COLUMNS
               if shared.get(key) is None and any(_cell(row, key) for row in rows)]
    title = ", ".join(f"{label} {value}" for label, value in (("measure", measure),
                                                                ("group", group)) if value)
    cells = [[_cell(row, key) for _, key in columns] for row in rows]
    table = Table(title=title or None)
    for at, (label, key) in enumerate(columns):
        # Numbers are never cut short or wrapped: a narrow terminal shortens the text
        # columns (group, significance, reason) instead.
        whole = key in _NUMBER_KEYS
        table.add_column(label, no_wrap=whole,
                         min_width=max(len(c[at]) for c in cells) if whole else None)
    for row_cells in cells:
        table.add_row(*row_cells)
    Console().print(table)


_SHOW_COLUMNS = (("measure", "measure_id"), ("year", "year"), ("group", "group_id"),
                 ("value", "value"), ("95% CI", "interval"), ("national", "national_value"),
                 ("diff", "diff_national"), ("significance", "significance"),
                 ("suppressed", "suppressed"))


_NUMBER_KEYS = ("year", "value", "interval", "national_value", "diff_national")


def _cell(row: dict[str, Any], key: str) -> str:
    if key == "interval":
        return _interval(row)
    if key in ("value", "national_value", "diff_national"):
        return number_text(row[key])
    if key == "significance":  # in words, as the web app shows it: "below" is no verdict
        from attain.domain.results import SIGNIFICANCE_WORDS

        return SIGNIFICANCE_WORDS.get(row[key], str(row[key] or ""))
    return str(row[key] or "")


def number_text(value: Any) -> str:
    """A figure to two places, trailing zeros dropped; a value that rounds to zero is "0",
    never "-0" (a national Progress 8 of -0.001)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _interval(row: dict[str, Any]) -> str:
    if row["ci_low"] is None or row["ci_high"] is None:
        return ""
    if isinstance(row["ci_low"], str):  # a suppressed row's symbol, once
        return str(row["ci_low"])
    # An en dash and no spaces: one line in an 80-column terminal, and clear with
    # negative bounds (-0.12–0.35)
    return f"{number_text(row['ci_low'])}\u2013{number_text(row['ci_high'])}"


@results_app.command("export")
def export(fmt: ExportFormat = typer.Option(..., "--format", help="csv or xlsx."),
           out: Path = typer.Option(..., "--out", help="File to write."),
           school: int = SchoolOption, la: str = LaOption, measure: str = MeasureOption,
           group: str = GroupOption, year: int = YearOption,
           data_dir: Path | None = DataDirOption) -> None:
    """Export results (suppressed cells as the symbol c) to CSV or Excel."""
    from attain.services import results as results_service

    count = results_service.export(resolve_data_dir(data_dir),
                                   _filter(school, la, measure, group, year), fmt, out)
    typer.echo(f"Wrote {count:,} rows to {out}")
