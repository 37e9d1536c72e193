"""Use cases for targets: import a file (all or nothing), list the challenge list."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from filelock import FileLock

from attain.domain.plans import MeasureLink, Plan
from attain.domain.results import Level
from attain.errors import UserError
from attain.estimates import artefact
from attain.estimates.specs import EstimateType, load_specs
from attain.measures import load_catalogue
from attain.services import estimates as estimate_service
from attain.similar.family import DEFAULT_VARIABLES
from attain.store.warehouse import Warehouse
from attain.targets.challenge import ChallengeRow, Estimate, LaTarget, challenge_list, la_target
from attain.targets.plan_targets import (
    PlanTarget,
    SubmittedTarget,
    TargetLookup,
    with_submitted_targets,
)
from attain.targets.plan_targets import plan_targets as targets_for_plan
from attain.targets.reader import read_rows
from attain.targets.records import Bounds, Target, TargetFileErrors, validate
from attain.targets.suggest import SuggestedTarget, suggest

SCHEMA = pa.schema([("urn", pa.int32()), ("measure_id", pa.string()), ("year", pa.int32()),
                    ("target", pa.float64())])


def targets_path(folder: Path) -> Path:
    return Path(folder) / "targets" / "targets.parquet"


def measure_bounds() -> dict[str, Bounds]:
    return {m.id: Bounds.for_measure(m.unit, str(m.kind)) for m in load_catalogue().measures}


def known_schools(folder: Path) -> set[int]:
    table = Warehouse(Path(folder) / "warehouse").read("schools")
    return {int(u) for u in table.column("urn").to_pylist()}


def import_file(folder: Path, path: Path) -> int:
    """Validate every row; import all of them (replacing earlier targets for the same
    school, measure and year) or, if any row is wrong, none. Returns the rows imported."""
    targets, errors = validate(read_rows(path), known_schools(folder), measure_bounds())
    if errors:
        raise TargetFileErrors(str(path), errors)
    if not targets:
        raise UserError(f"{path} has no target rows", fix="add one row per target.")
    save_targets(folder, targets)
    return len(targets)


def save_targets(folder: Path, targets: list[Target]) -> None:
    """Store validated `targets`, replacing earlier ones for the same school, measure and
    year (the web pages' write; attain.services.target_entries validates and audits)."""
    new = {(t.urn, t.measure_id, t.year): t for t in targets}
    path = targets_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Read, merge and replace under one lock: two web workers saving at once would
    # otherwise each write its own merge and lose the other's targets.
    with FileLock(f"{path}.lock", timeout=60):
        kept = [t for t in load_targets(folder) if (t.urn, t.measure_id, t.year) not in new]
        _write(folder, kept + list(new.values()))


def _write(folder: Path, targets: list[Target]) -> None:
    table = pa.table({"urn": [t.urn for t in targets],
                      "measure_id": [t.measure_id for t in targets],
                      "year": [t.year for t in targets],
                      "target": [t.value for t in targets]}, schema=SCHEMA)
    path = targets_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(".parquet.tmp")
    pq.write_table(table, temp)
    os.replace(temp, path)


def load_targets(folder: Path, year: int | None = None) -> list[Target]:
    path = targets_path(folder)
    if not path.exists():
        return []
    table = pq.read_table(path)
    if year is not None:
        table = table.filter(pc.equal(table.column("year"), year))
    return [Target(r["urn"], r["measure_id"], r["year"], r["target"]) for r in table.to_pylist()]


@dataclass(frozen=True)
class Challenge:
    year: int
    rows: list[ChallengeRow]
    la_targets: list[LaTarget]
    # Targeted measures with no fitted model: they cannot be challenged yet.
    without_model: list[str]


def challenge(folder: Path, year: int) -> Challenge:
    targets = load_targets(folder, year)
    if not targets:
        raise UserError(f"no targets for {year}", fix="import them with `attain targets import`.")
    estimates: dict[tuple[int, str], Estimate] = {}
    without_model = []
    for measure_id in sorted({t.measure_id for t in targets}):
        found = _estimates_for(folder, measure_id, year)
        if found is None:
            without_model.append(measure_id)
        estimates.update(found or {})
    last = _last_year(folder, year - 1)
    rows = challenge_list(targets, estimates, last)
    las = [la for m in sorted({t.measure_id for t in targets})
           if (la := la_target(targets, estimates, m, year)) is not None]
    return Challenge(year, rows, las, without_model)


def _estimates_for(folder: Path, measure_id: str, year: int
                   ) -> dict[tuple[int, str], Estimate] | None:
    """School estimates from the first fitted model of the measure (with context first)."""
    for spec in load_specs().values():
        if spec.measure_id != measure_id:
            continue
        for kind in (EstimateType.WITH_CONTEXT, EstimateType.PRIOR_ONLY):
            if artefact.model_path(folder, spec.id, kind).exists():
                scored = estimate_service.score(folder, spec.id, kind, year)
                return {(int(s.area_code), measure_id): Estimate(s.estimate, s.ci_low,
                                                                 s.ci_high, s.pupils)
                        for s in scored.schools}
    return None


def _last_year(folder: Path, year: int) -> dict[tuple[int, str], float]:
    from attain.services.results import ResultFilter, read
    try:
        table = read(folder, ResultFilter(year=year))
    except UserError:
        return {}
    table = table.filter(pc.and_(pc.equal(table.column("level"), "school"),
                                 pc.equal(table.column("group_id"), "all")))
    return {(int(r["area_code"]), r["measure_id"]): r["value"]
            for r in table.select(["area_code", "measure_id", "value"]).to_pylist()
            if r["value"] is not None}


@dataclass(frozen=True)
class Suggestion:
    urn: int
    measure_id: str
    group_id: str
    history: list[tuple[int, float]]
    family: list[str]
    family_values: list[float]
    targets: list[SuggestedTarget]


def suggest_targets(folder: Path, urn: int, measure_id: str, year: int, *,
                    group_id: str = "all", family_size: int = 20, horizon: int = 3,
                    variables: Sequence[str] = DEFAULT_VARIABLES) -> Suggestion:
    """Suggested targets for the next `horizon` years from the school's last three results
    and its similar schools' results in `year` (method in attain.targets.suggest)."""
    from attain.services.results import ResultFilter, read
    from attain.services.similar import school_family

    try:
        measure = load_catalogue().measure(measure_id)
    except KeyError:
        raise UserError(f"unknown measure {measure_id!r}",
                        fix="see `attain measures list`.") from None
    table = read(folder, ResultFilter(measure=measure_id, group=group_id))
    rows = [r for r in table.select(["year", "level", "area_code", "value"]).to_pylist()
            if r["level"] == "school" and r["value"] is not None]
    history = sorted((r["year"], r["value"]) for r in rows
                     if r["area_code"] == str(urn) and year - 3 < r["year"] <= year)
    family = [m.code for m in school_family(folder, urn, year, size=family_size,
                                                  variables=variables).members]
    values = [r["value"] for r in rows if r["year"] == year and r["area_code"] in set(family)]
    if not history or not values:
        raise UserError(f"no {measure_id} results for school {urn} or its similar schools "
                        f"in {year}", fix="run `attain compute` for that year first.")
    bounds = Bounds.for_measure(measure.unit, str(measure.kind))
    found = suggest(history, values, higher_is_better=measure.higher_is_better,
                    horizon=horizon, low=bounds.low if bounds.low is not None else -1e9,
                    high=bounds.high)
    return Suggestion(urn, measure_id, group_id, history, family, values, found)


# ---- targets feed plans -------------------------------------------------------------


def submitted_target_lookup(folder: Path) -> TargetLookup:
    """Submitted targets as a plan sees them (attain.targets.plan_targets): a school's own,
    or its LA's as the sum of the LA's school targets, each weighted by the school's cohort.
    The cohort of a target year is not known yet, so the weight is the denominator of the
    school's latest result for that measure up to the target year (results cube, all
    pupils); schools without one are left out of the LA target."""
    targets = load_targets(folder)
    by_key: dict[tuple[str, str], dict[int, float]] = {}
    for t in targets:
        by_key.setdefault((str(t.urn), t.measure_id), {})[t.year] = t.value
    la_of = _school_las(folder) if targets else {}
    cohorts = _cohorts(folder, sorted({t.measure_id for t in targets}))

    def school(urn: str, measure_id: str, year: int | None) -> SubmittedTarget | None:
        years = by_key.get((urn, measure_id), {})
        chosen = year if year is not None else max(years, default=None)
        if chosen is None or chosen not in years:
            return None
        return SubmittedTarget(Level.SCHOOL, urn, measure_id, chosen, years[chosen], 1)

    def la(code: str, measure_id: str, year: int | None) -> SubmittedTarget | None:
        urns = [u for (u, mid) in by_key if mid == measure_id and la_of.get(u) == code]
        chosen = year if year is not None else max(
            (y for u in urns for y in by_key[(u, measure_id)]), default=None)
        weighted = [(by_key[(u, measure_id)][chosen], w) for u in urns
                    if chosen in by_key[(u, measure_id)]
                    and (w := _cohort(cohorts, u, measure_id, chosen)) is not None]
        total = sum(w for _, w in weighted)
        if chosen is None or not total:
            return None
        value = sum(v * w for v, w in weighted) / total
        return SubmittedTarget(Level.LA, code, measure_id, chosen, value, len(weighted))

    def lookup(link: MeasureLink, year: int | None) -> SubmittedTarget | None:
        if link.level is Level.SCHOOL:
            return school(link.area_code, link.measure_id, year)
        if link.level is Level.LA:
            return la(link.area_code, link.measure_id, year)
        return None

    return lookup


def _school_las(folder: Path) -> dict[str, str]:
    table = Warehouse(Path(folder) / "warehouse").read("schools").select(["urn", "la_code"])
    return {str(r["urn"]): str(r["la_code"]) for r in table.to_pylist()}


Cohorts = dict[tuple[str, str], list[tuple[int, float]]]


def _cohorts(folder: Path, measure_ids: list[str]) -> Cohorts:
    """(URN, measure) -> [(year, denominator)] of the school's results, oldest first."""
    from attain.services.compute import results_warehouse

    files = [str(p) for p in results_warehouse(folder).files("results")]
    if not files or not measure_ids:
        return {}
    con = duckdb.connect()
    try:
        rows = con.execute(
            "SELECT area_code, measure_id, year, denominator FROM read_parquet(?) "
            "WHERE level = 'school' AND group_id = 'all' AND denominator > 0 "
            "AND list_contains(?, measure_id) ORDER BY year", [files, measure_ids]).fetchall()
    finally:
        con.close()
    found: Cohorts = {}
    for urn, measure_id, year, denominator in rows:
        found.setdefault((str(urn), measure_id), []).append((int(year), float(denominator)))
    return found


def _cohort(cohorts: Cohorts, urn: str, measure_id: str, year: int) -> float | None:
    earlier = [d for y, d in cohorts.get((urn, measure_id), []) if y <= year]
    return earlier[-1] if earlier else None


def plan_targets(folder: Path, plan: Plan, year: int | None = None) -> list[PlanTarget]:
    """Each linked measure of success of `plan` with its own and its submitted target."""
    return targets_for_plan(plan, submitted_target_lookup(folder), year)


def plan_with_targets(folder: Path, plan: Plan, year: int | None = None) -> Plan:
    """`plan` with submitted targets on the linked measures that state none."""
    return with_submitted_targets(plan, submitted_target_lookup(folder), year)
