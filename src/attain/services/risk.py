"""Categorise an LA's schools: gather each school's facts, evaluate the frameworks.

Facts come from the results cube (the school's rows for the year and the two before),
the schools registry (predecessor URNs), the census (falling roll) and the app database
(inspections, self-evaluations, risk characteristics, recorded on their own or on the
year's latest school visit, Welsh steps, open concerns). A
folder may hold its own frameworks in <data>/frameworks/*.yaml beside the built-in ones.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from attain import settings
from attain.domain.ofsted import InspectionHistory
from attain.domain.risk import (
    INSUFFICIENT_DATA,
    Categorisation,
    Fact,
    Framework,
    Source,
    falling_roll,
)
from attain.errors import UserError
from attain.measures import load_catalogue
from attain.measures.spec import Catalogue
from attain.risk import facts as build
from attain.risk import inspection_cube
from attain.risk import store as risk_store
from attain.risk.evaluate import categorise as evaluate_framework
from attain.risk.inspection_measures import inspection_rows
from attain.risk.loader import FRAMEWORKS, load_frameworks
from attain.risk.loader import VISITS as VISIT_NAMES
from attain.risk.review import ScheduledVisit, schedule
from attain.services.results import ResultFilter, read
from attain.store.warehouse import Warehouse

YEARS_BACK = 2  # rules may read the two years before (coasting)


@dataclass(frozen=True)
class SchoolRef:
    urn: int
    name: str
    phase: str
    country: str
    predecessor_urn: int | None = None
    open_date: date | None = None
    close_date: date | None = None


@dataclass(frozen=True)
class SchoolResult:
    school: SchoolRef
    results: tuple[Categorisation, ...]


@dataclass
class _Inputs:
    cube: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    rolls: dict[int, dict[int, int]] = field(default_factory=lambda: defaultdict(dict))
    stored: risk_store.StoredInputs = field(default_factory=risk_store.StoredInputs)


def frameworks(folder: Path | None = None,
               catalogue: Catalogue | None = None) -> dict[str, Framework]:
    """Built-in frameworks and the folder's own; any invalid file stops everything."""
    folders = (FRAMEWORKS,) + ((folder / "frameworks",) if folder is not None
                               and (folder / "frameworks").is_dir() else ())
    catalogue = catalogue or load_catalogue()
    found, issues = load_frameworks(folders, {m.id for m in catalogue.measures})
    if issues:
        raise UserError("invalid framework files:\n  " + "\n  ".join(map(str, issues)),
                        fix="Correct the files listed; nothing was categorised.")
    return found


def choose(available: dict[str, Framework], year: int, country: str,
           framework_id: str | None) -> list[Framework]:
    if framework_id is not None:
        if framework_id not in available:
            raise UserError(f"unknown framework '{framework_id}'",
                            fix="See `attain risk frameworks` for the ids.")
        framework = available[framework_id]
        if not framework.applies_to(year):
            raise UserError(f"framework '{framework_id}' does not apply to {year}",
                            fix="Choose a year it covers (see `attain risk frameworks`).")
        return [framework]
    return [f for f in available.values()
            if f.applies_to(year) and f.country in (None, country)]


def la_schools(folder: Path, la: str, year: int) -> tuple[list[SchoolRef], dict[int, int]]:
    """Schools of the LA open during the academic year, and every predecessor link."""
    table = Warehouse(folder / "warehouse").read("schools").to_pylist()
    predecessors = {int(r["urn"]): int(r["predecessor_urn"]) for r in table
                    if r.get("predecessor_urn") is not None}
    start, end = date(year - 1, 9, 1), date(year, 8, 31)
    schools = [SchoolRef(int(r["urn"]), str(r["name"]), str(r.get("phase") or ""),
                         str(r["country"]), r.get("predecessor_urn"), r.get("open_date"),
                         r.get("close_date"))
               for r in table if str(r["la_code"]) == la
               and (r.get("open_date") is None or r["open_date"] <= end)
               and (r.get("close_date") is None or r["close_date"] >= start)]
    if not schools:
        raise UserError(f"no schools of LA {la} were open in {year - 1}/{str(year)[2:]}",
                        fix="Check the LA code and year, or import the schools registry.")
    return sorted(schools, key=lambda s: s.urn), predecessors


def school_la(folder: Path, urn: int) -> str:
    """The LA code of a school in the registry."""
    for row in Warehouse(folder / "warehouse").read("schools").to_pylist():
        if int(row["urn"]) == urn:
            return str(row["la_code"])
    raise UserError(f"school {urn} is not in the schools registry",
                    fix="Check the URN, or import the registry (GIAS).")


def _cube(folder: Path, urns: set[int], year: int,
          measures: set[str]) -> dict[int, list[dict[str, Any]]]:
    """The schools' cube rows of the measures the frameworks read."""
    rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not measures:
        return rows
    wanted = pa.array([str(u) for u in urns])
    for at in range(year - YEARS_BACK, year + 1):
        table = read(folder, ResultFilter(year=at))
        mask = pc.and_(pc.and_(pc.equal(table["level"], "school"),
                               pc.is_in(table["area_code"], value_set=wanted)),
                       pc.is_in(table["measure_id"], value_set=pa.array(sorted(measures))))
        for row in table.filter(mask).to_pylist():
            rows[int(row["area_code"])].append(row)
    return rows


def _rolls(folder: Path, la: str, year: int) -> dict[int, dict[int, int]]:
    """Census numbers on roll per school and year (January census)."""
    warehouse = Warehouse(folder / "warehouse")
    rolls: dict[int, dict[int, int]] = defaultdict(dict)
    if not warehouse.files("pupils"):
        return rolls
    con = warehouse.connect()
    try:
        found = con.execute("SELECT urn, year, count(*) FROM pupils WHERE la_code = ? AND "
                            "year BETWEEN ? AND ? GROUP BY ALL",
                            [la, year - 2, year]).fetchall()
    finally:
        con.close()
    for urn, at, count in found:
        rolls[int(urn)][int(at)] = int(count)
    return rolls


def _labels(catalogue: Catalogue) -> dict[str, build.MeasureLabel]:
    return {m.id: build.MeasureLabel(m.title, m.unit, m.decimals) for m in catalogue.measures}


def school_facts(school: SchoolRef, year: int, inputs: _Inputs,
                 predecessors: dict[int, int],
                 labels: dict[str, build.MeasureLabel]) -> dict[str, Fact]:
    stored = inputs.stored
    history = InspectionHistory.of(school.urn, stored.inspections, predecessors)
    flags: dict[str, bool] | None = stored.characteristics.get(school.urn)
    sources = dict(stored.characteristic_sources.get(school.urn, {}))
    roll = falling_roll(inputs.rolls.get(school.urn, {}), year)
    if roll is not None:   # the census decides, whatever a visit recorded
        flags = {**(flags or {}), "falling_roll": roll}
        sources.pop("falling_roll", None)
    steps = stored.wales.get(school.urn, (None, None))
    return {**build.measure_facts(inputs.cube.get(school.urn, []), labels),
            **build.ofsted_facts(history, date(year, 8, 31)),
            **build.self_evaluation_facts(stored.self_evaluations.get(school.urn)),
            **build.characteristic_facts(flags, sources),
            **build.wales_facts(*steps),
            **build.concern_facts(stored.open_concerns.get(school.urn, ()),
                                  stored.escalated.get(school.urn, 0))}


def categorise(folder: Path, *, la: str, year: int, framework_id: str | None = None,
               catalogue: Catalogue | None = None,
               available: dict[str, Framework] | None = None) -> list[SchoolResult]:
    """`catalogue` and `available` (the frameworks) may be passed by a caller that keeps
    them loaded, such as the web app; by default they are read afresh."""
    catalogue = catalogue or load_catalogue()
    available = available if available is not None else frameworks(folder, catalogue)
    schools, predecessors = la_schools(folder, la, year)
    country = schools[0].country
    chosen = choose(available, year, country, framework_id)
    if not chosen:
        raise UserError(f"no framework applies to {year} in "
                        f"{'Wales' if country == 'W' else 'England'}",
                        fix="Name one with --framework, or add your own (docs/risk.md).")
    urns = {s.urn for s in schools}
    measures = {ref.key for f in chosen for ref in f.inputs() if ref.source is Source.MEASURE}
    inputs = _Inputs(_cube(folder, urns, year, measures), _rolls(folder, la, year),
                     risk_store.read_inputs(settings.database_url(folder), urns,
                                            predecessors, year))
    labels = _labels(catalogue)
    results = []
    for school in schools:
        applicable = [f for f in chosen if f.applies_to_phase(school.phase)]
        if not applicable:
            continue
        facts = school_facts(school, year, inputs, predecessors, labels)
        for framework in applicable:
            facts = {**_placeholders(framework, year, labels), **facts}
        results.append(SchoolResult(school, tuple(
            evaluate_framework(f, school.urn, year, facts) for f in applicable)))
    return results


def _placeholders(framework: Framework, year: int,
                  labels: dict[str, build.MeasureLabel]) -> dict[str, Fact]:
    """A named "no result" fact for each measure input the cube has no row for."""
    found: dict[str, Fact] = {}
    for ref in framework.inputs():
        if ref.source is Source.MEASURE:
            label = labels.get(ref.key, build.MeasureLabel(ref.key))
            found[ref.fact_key(year)] = Fact(None, label.title, label.unit, label.decimals,
                                             "no result in the results cube")
    return found


def review_schedule(folder: Path, *, la: str, year: int,
                    framework_id: str | None = None) -> list[ScheduledVisit]:
    """The year's visits, their intensity set by each school's categories (`visits:`);
    a school whose category is insufficient data is seen at every visit."""
    available = frameworks(folder)

    def visits(result: Categorisation) -> tuple[str, ...]:
        if result.category == INSUFFICIENT_DATA:
            return VISIT_NAMES
        return available[result.framework_id].category(result.category).visits

    results = categorise(folder, la=la, year=year, framework_id=framework_id)
    wanted = {r.school.urn: tuple(sorted({v for c in r.results for v in visits(c)}))
              for r in results}
    return schedule(year, [(r.school.urn, r.school.open_date, r.school.close_date)
                           for r in results], wanted)


@dataclass(frozen=True)
class InspectionMeasuresSummary:
    years: tuple[int, ...]
    rows: int
    schools: int
    inspections: int


def write_inspection_measures(folder: Path, years: Sequence[int]) -> InspectionMeasuresSummary:
    """Write the inspection measures (attain.risk.inspection_measures) for each LA and the
    country into the results cube, as at 31 August of each year; replaces earlier ones."""
    inspections = risk_store.all_inspections(settings.database_url(folder))
    if not inspections:
        raise UserError("no Ofsted inspections are recorded",
                        fix="Import them first: `attain risk import-ofsted FILE.csv`.")
    warehouse = Warehouse(folder / "warehouse")
    registry = warehouse.read("schools").to_pylist()
    if not registry:
        raise UserError("the schools registry is empty",
                        fix="Import the schools registry (GIAS) first.")
    predecessors = inspection_cube.predecessors_of(registry)
    written, schools = 0, 0
    for year in sorted(set(years)):
        area_schools = inspection_cube.open_schools(registry, year)
        rows = inspection_rows(year, area_schools, inspections, predecessors,
                               inspection_cube.census_rolls(warehouse, year))
        written += inspection_cube.write_year(folder, year, rows)
        schools = max(schools, sum(s.area_level == "la" for s in area_schools))
    return InspectionMeasuresSummary(tuple(sorted(set(years))), written, schools,
                                     len(inspections))
