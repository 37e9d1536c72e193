"""`attain report ...`: read the cube for an LA and year, build a report, write a file."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import duckdb

from attain.errors import UserError
from attain.reports.cube import Area, CubeView, MeasureInfo
from attain.reports.floor import FLOOR_MEASURES, PRIMARY_MEASURES, SchoolFigures
from attain.reports.model import CubeRow, Report
from attain.reports.sections import Scope
from attain.reports.wording import Unit
from attain.services.compute import WAREHOUSE, results_warehouse
from attain.store.warehouse import Warehouse

TREND_YEARS = 5
NATIONAL_NAMES = {"E": ("E92000001", "England"), "W": ("W92000004", "Wales")}
REPORT_GROUPS = ("all", "disadvantaged", "non_disadvantaged", "fsm", "non_fsm",
                 "sen_support", "sen_ehcp", "sen_none", "lac", "boys", "girls")
TEMPLATE_FOLDER = "report_templates"  # inside the data folder: an LA's own templates


class ReportFormat(StrEnum):
    HTML = "html"
    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"


@dataclass(frozen=True)
class Written:
    out: Path
    sections: int
    tables: int


def measure_infos() -> dict[str, MeasureInfo]:
    from attain.measures import load_catalogue

    return {m.id: MeasureInfo(m.id, m.title, Unit(m.unit, m.decimals), m.higher_is_better)
            for m in load_catalogue().measures}


def la_scope(folder: Path, la_code: str, year: int,
             trend_years: int = TREND_YEARS) -> tuple[CubeView, Scope]:
    """The cube rows an LA report needs, and who/when it is about; clear errors if absent."""
    la = _find_la(folder, la_code)
    national_code, national_name = NATIONAL_NAMES.get(la["country"], NATIONAL_NAMES["E"])
    neighbours = _neighbours(folder, la_code)
    areas = [Area("la", la_code, la["la_name"]), Area("national", national_code,
                                                      national_name)]
    areas += [neighbours] if neighbours else []
    rows = _cube_rows(folder, areas, range(year - trend_years + 1, year + 1))
    years = sorted({r.year for r in rows if r.level == "la"})
    if year not in years:
        raise UserError(f"there are no results for LA {la_code} in {year}",
                        fix=f"Choose one of: {_years_text(_la_years(folder, la_code))}, "
                        "or import and compute that year first.")
    scope = Scope(areas[0], areas[1], neighbours, year, tuple(years))
    return CubeView(rows, measure_infos()), scope


def _years_text(years: Sequence[int]) -> str:
    return ", ".join(str(y) for y in years) or "none (run `attain compute`)"


def _find_la(folder: Path, la_code: str) -> dict[str, str]:
    warehouse = Warehouse(folder / WAREHOUSE)
    if not warehouse.exists("las"):
        raise UserError(f"{folder} has no list of local authorities",
                        fix="Run `attain demo` or import GIAS and LA data first.")
    las = {r["la_code"]: r for r in warehouse.read("las").to_pylist()}
    if la_code not in las:
        close = difflib.get_close_matches(la_code, list(las), n=3)
        hint = f"Did you mean {', '.join(close)}? " if close else ""
        raise UserError(f"unknown LA code {la_code!r}",
                        fix=f"{hint}Use a three-digit DfE LA code, e.g. 882.")
    return las[la_code]  # type: ignore[no-any-return]


def _neighbours(folder: Path, la_code: str) -> Area | None:
    warehouse = Warehouse(folder / WAREHOUSE)
    if not warehouse.exists("areas"):
        return None
    for row in warehouse.read("areas").to_pylist():
        if row["level"] == "group_of_las" and row["area_code"] == f"SN{la_code}":
            return Area("group_of_las", row["area_code"], "Statistical neighbours")
    return None


def _results_files(folder: Path) -> list[Path]:
    files = results_warehouse(folder).files("results")
    if not files:
        raise UserError(f"there are no results in {folder}",
                        fix="Run `attain compute` first.")
    return files


def _cube_rows(folder: Path, areas: Sequence[Area], years: range) -> list[CubeRow]:
    files = [p.as_posix() for p in _results_files(folder)]
    area_filter = " OR ".join("(level = ? AND area_code = ?)" for _ in areas)
    params: list[object] = [files]
    params += [x for a in areas for x in (a.level, a.code)]
    params += [years.start, years.stop - 1, list(REPORT_GROUPS)]
    with duckdb.connect() as con:
        found = con.execute(f"""
            SELECT measure_id, year, level, area_code, group_id, value, denominator,
                   suppressed
            FROM read_parquet(?) WHERE ({area_filter}) AND year BETWEEN ? AND ?
              AND list_contains(?, group_id)""", params).fetchall()
    return [CubeRow(*row) for row in found]


def _la_years(folder: Path, la_code: str) -> list[int]:
    files = [p.as_posix() for p in _results_files(folder)]
    with duckdb.connect() as con:
        found = con.execute("SELECT DISTINCT year FROM read_parquet(?) WHERE level = 'la' "
                            "AND area_code = ? ORDER BY 1", [files, la_code]).fetchall()
    return [y for (y,) in found]


def school_scope(folder: Path, urn: int, year: int,
                 trend_years: int = TREND_YEARS) -> tuple[CubeView, Scope]:
    """A school against its LA and national; clear errors if unknown or without results."""
    school = _find_school(folder, urn)
    la = _find_la(folder, school["la_code"])
    national_code, national_name = NATIONAL_NAMES.get(la["country"], NATIONAL_NAMES["E"])
    areas = [Area("school", str(urn), school["name"]),
             Area("national", national_code, national_name),
             Area("la", school["la_code"], la["la_name"])]
    rows = _cube_rows(folder, areas, range(year - trend_years + 1, year + 1))
    years = sorted({r.year for r in rows if r.level == "school"})
    if year not in years:
        raise UserError(f"there are no results for school {urn} in {year}",
                        fix=f"Choose a year it has results for: {_years_text(years)}.")
    scope = Scope(areas[0], areas[1], areas[2], year, tuple(years))
    return CubeView(rows, measure_infos()), scope


def _find_school(folder: Path, urn: int) -> dict[str, Any]:
    warehouse = Warehouse(folder / WAREHOUSE)
    if not warehouse.exists("schools"):
        raise UserError(f"{folder} has no list of schools",
                        fix="Import GIAS (`attain import gias`) or run `attain demo` first.")
    with duckdb.connect() as con:
        files = [p.as_posix() for p in warehouse.files("schools")]
        found = con.execute("SELECT name, la_code FROM read_parquet(?) WHERE urn = ?",
                            [files, urn]).fetchone()
    if found is None:
        raise UserError(f"unknown school URN {urn}",
                        fix="Use the school's six-digit URN from Get Information About "
                        "Schools.")
    return {"name": found[0], "la_code": found[1]}


def floor_figures(folder: Path, la_code: str,
                  year: int) -> tuple[list[SchoolFigures], list[SchoolFigures]]:
    """Published floor-measure figures of the LA's schools in `year`: (KS2, KS4) schools."""
    warehouse = Warehouse(folder / WAREHOUSE)
    schools = [p.as_posix() for p in warehouse.files("schools")]
    if not schools:
        return [], []
    with duckdb.connect() as con:
        found = con.execute("""
            SELECT r.area_code, r.measure_id, r.value, r.ci_high, r.suppressed
            FROM read_parquet(?) r
            JOIN read_parquet(?) s ON r.area_code = CAST(s.urn AS VARCHAR)
            WHERE r.level = 'school' AND s.la_code = ? AND r.year = ?
              AND r.group_id = 'all' AND list_contains(?, r.measure_id)""",
            [[p.as_posix() for p in _results_files(folder)], schools, la_code, year,
             list(FLOOR_MEASURES)]).fetchall()
    figures: dict[str, dict[str, tuple[float, float | None]]] = {}
    for urn, measure, value, ci_high, suppressed in found:
        published = figures.setdefault(urn, {})
        if suppressed is None and value is not None:
            published[measure] = (value, ci_high)
    stages: dict[bool, set[str]] = {True: set(), False: set()}
    for urn, measure, *_ in found:
        stages[measure in PRIMARY_MEASURES].add(urn)
    return ([SchoolFigures(int(u), figures[u]) for u in sorted(stages[True])],
            [SchoolFigures(int(u), figures[u]) for u in sorted(stages[False])])


def templates_folder(folder: Path, templates: Path | None) -> Path | None:
    """The LA's template folder: --templates if given (must exist), else the data folder's."""
    if templates is not None:
        if not templates.is_dir():
            raise UserError(f"template folder {templates} does not exist",
                            fix="Give a folder holding your own copies of the report "
                            "templates (see docs/reports.md), or leave --templates out.")
        return templates
    own = folder / TEMPLATE_FOLDER
    return own if own.is_dir() else None


def write(report: Report, fmt: ReportFormat, out: Path,
          templates: Path | None = None) -> Written:
    out.parent.mkdir(parents=True, exist_ok=True)
    _RENDERERS[fmt](report, out, templates)
    return Written(out, len(report.sections), len(report.tables()))


def _html(report: Report, out: Path, templates: Path | None) -> None:
    from attain.reports import html

    out.write_text(html.render(report, templates), encoding="utf-8")


def _pdf(report: Report, out: Path, templates: Path | None) -> None:
    from attain.reports import pdf

    out.write_bytes(pdf.render(report, templates))


def _docx(report: Report, out: Path, templates: Path | None) -> None:
    from attain.reports import docx

    docx.write(report, out)


def _xlsx(report: Report, out: Path, templates: Path | None) -> None:
    from attain.reports import xlsx

    xlsx.write(report, out)


_RENDERERS: dict[ReportFormat, Callable[[Report, Path, Path | None], None]] = {
    ReportFormat.HTML: _html, ReportFormat.PDF: _pdf,
    ReportFormat.DOCX: _docx, ReportFormat.XLSX: _xlsx,
}


def _warm_up_charts(fmt: ReportFormat) -> None:
    if fmt is not ReportFormat.XLSX:
        from attain.reports.charts import warm_up_in_background

        warm_up_in_background()


Builder = Callable[[Path, str, int, ReportFormat, Path, "Path | None"], Written]


def standards(folder: Path, la_code: str, year: int, fmt: ReportFormat, out: Path,
              templates: Path | None = None) -> Written:
    """The annual standards report for an LA and year, written to `out`."""
    from attain.reports.standards import build_standards

    chosen = templates_folder(folder, templates)
    _warm_up_charts(fmt)
    view, scope = la_scope(folder, la_code, year)
    primary, secondary = floor_figures(folder, la_code, year)
    return write(build_standards(view, scope, primary, secondary), fmt, out, chosen)


def datasheet(folder: Path, la_code: str, year: int, fmt: ReportFormat, out: Path,
              templates: Path | None = None) -> Written:
    """The seed 002-style data sheet for an LA and year, written to `out`."""
    from attain.reports.datasheet import build_datasheet

    chosen = templates_folder(folder, templates)
    _warm_up_charts(fmt)
    view, scope = la_scope(folder, la_code, year)
    return write(build_datasheet(view, scope), fmt, out, chosen)


def school(folder: Path, urn: int, year: int, fmt: ReportFormat, out: Path,
           templates: Path | None = None) -> Written:
    """One school's data profile against its LA and national, written to `out`."""
    from attain.reports.profile import build_school_profile

    chosen = templates_folder(folder, templates)
    _warm_up_charts(fmt)
    view, scope = school_scope(folder, urn, year)
    return write(build_school_profile(view, scope), fmt, out, chosen)
