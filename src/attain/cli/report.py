"""`attain report standards|datasheet|school|plan`: reports from the results cube."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from attain.cli.root import DataDirOption, app, resolve_data_dir
from attain.domain.formats import ReportFormat
from attain.errors import UserError

if TYPE_CHECKING:
    from attain.services.reports import Builder

report_app = typer.Typer(help="Write reports (HTML, PDF, Word, Excel) from the results cube.",
                         no_args_is_help=True)
app.add_typer(report_app, name="report")

LaOption = typer.Option(..., "--la", help="Three-digit LA code, e.g. 882.")
YearOption = typer.Option(..., "--year", help="Academic year as the year it ends, e.g. 2019.")
FormatOption = typer.Option(ReportFormat.HTML, "--format",
                            help="html, pdf, docx or xlsx.")
OutOption = typer.Option(..., "--out", help="File to write.")
TemplatesOption = typer.Option(None, "--templates", help="Folder with the LA's own report "
                               "templates (default: report_templates/ in the data folder).")


@report_app.command("standards")
def standards(la: str = LaOption, year: int = YearOption,
              fmt: ReportFormat = FormatOption, out: Path = OutOption,
              templates: Path | None = TemplatesOption,
              data_dir: Path | None = DataDirOption) -> None:
    """The annual standards report for an LA and a year."""
    from attain.services.reports import standards as build

    _run(build, la, year, fmt, out, templates, data_dir)


@report_app.command("datasheet")
def datasheet(la: str = LaOption, year: int = YearOption,
              fmt: ReportFormat = FormatOption, out: Path = OutOption,
              templates: Path | None = TemplatesOption,
              data_dir: Path | None = DataDirOption) -> None:
    """The data sheet: the LA against the nation over four years, with gaps."""
    from attain.services.reports import datasheet as build

    _run(build, la, year, fmt, out, templates, data_dir)


@report_app.command("school")
def school(urn: int = typer.Argument(..., help="The school's URN."), year: int = YearOption,
           fmt: ReportFormat = FormatOption, out: Path = OutOption,
           templates: Path | None = TemplatesOption,
           today: str | None = typer.Option(None, "--today", help="Judge visits due or "
                                            "overdue as on this date (YYYY-MM-DD)."),
           data_dir: Path | None = DataDirOption) -> None:
    """A school's data profile against its LA and national, with Ofsted, category,
    visits and raising-attainment plan from the app database."""
    from attain.services import reports as reports_service

    folder = resolve_data_dir(data_dir)
    with Console(stderr=True).status(f"Writing {fmt.value} report to {out}"):
        written = reports_service.school(folder, urn, year, fmt, out, templates, _day(today))
    typer.echo(f"Wrote {written.out} ({written.sections} sections, {written.tables} tables).")


@report_app.command("plan")
def plan(plan_id: str = typer.Argument(..., help="The plan's id (see `attain plans list`)."),
         fmt: ReportFormat = FormatOption, out: Path = OutOption,
         today: str | None = typer.Option(None, "--today",
                                          help="Judge overdue actions as on this date "
                                          "(YYYY-MM-DD; default today)."),
         templates: Path | None = TemplatesOption,
         data_dir: Path | None = DataDirOption) -> None:
    """A plan's progress: measures of success, RAG, overdue and on-hold actions, spend."""
    from attain.services import reports as reports_service

    folder = resolve_data_dir(data_dir)
    with Console(stderr=True).status(f"Writing {fmt.value} report to {out}"):
        written = reports_service.plan(folder, plan_id, fmt, out, templates, _day(today))
    typer.echo(f"Wrote {written.out} ({written.sections} sections, {written.tables} tables).")


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"--today {text!r} is not a date",
                        fix="Write it as YYYY-MM-DD, e.g. 2013-03-01.") from None


def _run(build: Builder, la: str, year: int,
         fmt: ReportFormat, out: Path, templates: Path | None,
         data_dir: Path | None) -> None:
    folder = resolve_data_dir(data_dir)
    with Console(stderr=True).status(f"Writing {fmt.value} report to {out}"):
        written = build(folder, la, year, fmt, out, templates)
    typer.echo(f"Wrote {written.out} ({written.sections} sections, {written.tables} tables).")
