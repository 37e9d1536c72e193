"""`attain report ...`: read the cube for an LA and year, build a report, write a file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

import attain
from attain import settings
from attain.domain.formats import ReportFormat
from attain.domain.plans import Plan as PlanModel
from attain.domain.results import neighbours_area_code
from attain.errors import UserError, did_you_mean
from attain.reports.cube import Area, CubeView, MeasureInfo
from attain.reports.family import read_family
from attain.reports.floor import FLOOR_MEASURES, PRIMARY_MEASURES, SchoolFigures
from attain.reports.model import CubeRow, Report, Section
from attain.reports.sections import Scope
from attain.reports.wording import Unit
from attain.store.warehouse import Warehouse

if TYPE_CHECKING:
    from attain.measures.spec import Catalogue
    from attain.reports.measure_cache import ReportMeasure
    from attain.reports.plan_links import MeasureTopic
    from attain.reports.plan_progress import PlanProgress

# The folders of attain.services.compute (WAREHOUSE, RESULTS_FOLDER), named here because
# importing that module loads the engines and pandas, a second of a report's start-up.
WAREHOUSE = "warehouse"
RESULTS_FOLDER = "results"
TREND_YEARS = 5
NATIONAL_NAMES = {"E": ("E92000001", "England"), "W": ("W92000004", "Wales")}
REPORT_GROUPS = ("all", "disadvantaged", "non_disadvantaged", "fsm", "non_fsm",
                 "sen_support", "sen_ehcp", "sen_none", "lac", "boys", "girls")
TEMPLATE_FOLDER = "report_templates"  # inside the data folder: an LA's own templates


@dataclass(frozen=True)
class Written:
    out: Path
    sections: int
    tables: int


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The shipped measure catalogue, read once per process (reading its YAML files is the
    slowest step of a report after the charts; benchmarks/bench_reports.py)."""
    from attain.measures import load_catalogue

    return load_catalogue()


def report_measures() -> list[ReportMeasure]:
    """The catalogue fields reports need, from the on-disk cache when it is current."""
    from attain.reports.measure_cache import report_measures as cached

    # attain.measures.catalogue.DEFINITIONS, without importing the measure compiler
    return cached(Path(attain.__file__).resolve().parent / "definitions", catalogue)


def measure_infos() -> dict[str, MeasureInfo]:
    return {m.id: MeasureInfo(m.id, m.title, Unit(m.unit, m.decimals), m.higher_is_better)
            for m in report_measures()}


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
    files = [p.as_posix() for p in warehouse.files("las")]
    with duckdb.connect() as con:  # DuckDB, not pyarrow.dataset (which imports pandas)
        cursor = con.execute("SELECT * FROM read_parquet(?)", [files])
        names = [c[0] for c in cursor.description or []]
        las = {r["la_code"]: r for r in (dict(zip(names, row, strict=True))
                                         for row in cursor.fetchall())}
    if la_code not in las:
        hint = did_you_mean(la_code, las)
        raise UserError(f"unknown LA code {la_code!r}",
                        fix=f"{hint}Use a three-digit DfE LA code, e.g. 882.")
    return las[la_code]


def _neighbours(folder: Path, la_code: str) -> Area | None:
    warehouse = Warehouse(folder / WAREHOUSE)
    if not warehouse.exists("areas"):
        return None
    for row in warehouse.read("areas").to_pylist():
        if row["level"] == "group_of_las" and row["area_code"] == neighbours_area_code(la_code):
            return Area("group_of_las", row["area_code"], "Statistical neighbours")
    return None


def results_warehouse(folder: Path) -> Warehouse:
    from attain.domain.results import RESULTS

    return Warehouse(folder / RESULTS_FOLDER, {"results": RESULTS})


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
    family = read_family(results_warehouse(folder).files("comparisons"), "school", str(urn),
                         range(year - trend_years + 1, year + 1), REPORT_GROUPS)
    return CubeView(rows, measure_infos(), family), scope


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
    if fmt is not ReportFormat.XLSX:
        from attain.reports import chart_process
        from attain.reports.charts import ImageFormat

        image = ImageFormat.SVG if fmt is ReportFormat.HTML else ImageFormat.PNG
        chart_process.send((c for s in report.sections for c in s.charts), image)
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
    """Start the chart process, so vl-convert starts while the cube is read."""
    if fmt is not ReportFormat.XLSX:
        from attain.reports import chart_process

        chart_process.start()


Builder = Callable[[Path, str, int, ReportFormat, Path, "Path | None"], Written]


def standards(folder: Path, la_code: str, year: int, fmt: ReportFormat, out: Path,
              templates: Path | None = None) -> Written:
    """The annual standards report for an LA and year, written to `out`."""
    from attain.reports.standards import build_standards

    chosen = templates_folder(folder, templates)
    _warm_up_charts(fmt)
    view, scope = la_scope(folder, la_code, year)
    primary, secondary = floor_figures(folder, la_code, year)
    actions = linked_priority_actions(folder, la_code, year)
    return write(build_standards(view, scope, primary, secondary, actions,
                                 ofsted_section(folder, la_code, scope)), fmt, out, chosen)


def ofsted_section(folder: Path, la_code: str, scope: Scope) -> Section:
    """The standards report's Ofsted and categorisation section, from the app database."""
    from attain.reports.appdata import ofsted_inputs
    from attain.reports.ofsted import la_section

    return la_section(ofsted_inputs(folder, la_code, scope.year), scope.years, scope.year)


def datasheet(folder: Path, la_code: str, year: int, fmt: ReportFormat, out: Path,
              templates: Path | None = None) -> Written:
    """The seed 002-style data sheet for an LA and year, written to `out`."""
    from attain.reports.datasheet import build_datasheet

    chosen = templates_folder(folder, templates)
    _warm_up_charts(fmt)
    view, scope = la_scope(folder, la_code, year)
    return write(build_datasheet(view, scope), fmt, out, chosen)


def school(folder: Path, urn: int, year: int, fmt: ReportFormat, out: Path,
           templates: Path | None = None, today: date | None = None) -> Written:
    """One school's data profile against its LA and national, written to `out`; visits
    are judged due or overdue as on `today`."""
    from attain.reports.appdata import school_support
    from attain.reports.profile import build_school_profile
    from attain.reports.school_support import support_section

    chosen = templates_folder(folder, templates)
    _warm_up_charts(fmt)
    view, scope = school_scope(folder, urn, year)
    support = support_section(school_support(folder, urn, year, today or date.today()))
    return write(build_school_profile(view, scope, support), fmt, out, chosen)


# ---- plan progress report ------------------------------------------------------------


def plan_progress(folder: Path, plan_id: str, today: date | None = None) -> PlanProgress:
    """A stored plan with each measure of success tracked against the results cube."""
    from attain.reports.plan_data import measure_places, plan_cube_rows
    from attain.reports.plan_progress import PlanProgress, TrackedMeasure
    from attain.services import plans as plans_service

    today = today or date.today()
    plan = plans_service.get_plan(settings.database_url(folder), plan_id)
    infos = measure_infos()
    directions = {m: info.higher_is_better for m, info in infos.items()}
    files = [p.as_posix() for p in results_warehouse(folder).files("results")]
    rows = plan_cube_rows(files, plan) + plans_service.plan_family_rows(folder, plan)
    found = plans_service.progress(plan, plans_service.rows_lookup(rows),
                                   today, lambda measure: directions.get(measure, True))
    tracked = tuple(TrackedMeasure(priority, objective, measure, item.latest, item.assessment)
                    for (priority, objective, measure), item in
                    zip(measure_places(plan), found.measures, strict=True))
    units = {m: info.unit for m, info in infos.items()}
    return PlanProgress(plan, today, tracked, found.states, found.plan_track, units)


def plan(folder: Path, plan_id: str, fmt: ReportFormat, out: Path,
         templates: Path | None = None, today: date | None = None) -> Written:
    """The progress report of a stored plan, written to `out`."""
    from attain.reports.plan_progress import build_plan_progress

    chosen = templates_folder(folder, templates)
    return write(build_plan_progress(plan_progress(folder, plan_id, today)), fmt, out, chosen)


def stored_plans(folder: Path, la_code: str | None = None) -> list[PlanModel]:
    """The plans in the folder's app database (none when it was never set up); with
    `la_code`, only those with a measure linked to that LA's results."""
    from attain.reports.appdata import plan_documents

    documents = plan_documents(settings.database_url(folder), la_code)
    if not documents:
        return []
    from attain.services import plans as plans_service  # only now: it imports the readers

    return [plans_service.to_plan(document, plan_id) for plan_id, document in documents]


def measure_topics() -> dict[str, MeasureTopic]:
    """Measure id -> its key stage, and whether its cohort is a pupil group (e.g. `lac`)."""
    from attain.reports.plan_links import MeasureTopic

    return {m.id: MeasureTopic(m.key_stage, m.about_group) for m in report_measures()}


def linked_priority_actions(folder: Path, la_code: str, year: int) -> dict[str, tuple[str, ...]]:
    """Priority actions by standards-report section, from the LA's linked action plans."""
    from attain.reports.plan_links import priority_actions

    return priority_actions(stored_plans(folder, la_code), la_code, year, measure_topics())
