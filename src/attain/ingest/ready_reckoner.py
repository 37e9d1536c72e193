"""DfE's KS4 ready reckoner: the national Progress 8 estimates of one cohort.

`p8_pupil_coefficients_file.csv` gives, for each of the 34 KS2 prior-attainment groups
(`ks2emss_grp`), the national mean Attainment 8 (`p8est`) and of its English, maths, EBacc
and open elements (`p8esteng` ...); `p8_stdev_file.csv`, shipped beside it, the national
standard deviations of pupil P8 and element scores (`p8stdev`, `p8engstdev` ...). Neither
file says its year, so `--year` is required (2024 for the estimates "based on the 2024
cohort averages").

DfE's published school scores cap extremely negative pupil scores from 2018, at a
threshold per group that the ready reckoner does not publish, so scores worked from these
estimates are uncapped (docs/importing.md).
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from attain.ingest.problems import ImportResult, Problem, ReadOptions, failed
from attain.ingest.sniff import read_text


@dataclass(frozen=True)
class Estimated:
    """A progress measure and its columns in the two files."""

    measure_id: str
    estimate: str  # in p8_pupil_coefficients_file.csv
    sd: str  # in p8_stdev_file.csv
    most: float  # the most points the outcome can score (Attainment 8 or the element)


MEASURES = (
    Estimated("ks4_p8", "p8est", "p8stdev", 90.0),  # ten slots of up to 9 points
    Estimated("ks4_p8_eng", "p8esteng", "p8engstdev", 18.0),  # double-weighted
    Estimated("ks4_p8_mat", "p8estmat", "p8matstdev", 18.0),
    Estimated("ks4_p8_ebac", "p8estebac", "p8ebacstdev", 27.0),  # three slots
    Estimated("ks4_p8_open", "p8estopen", "p8openstdev", 27.0),
)
GROUPS = range(1, 35)  # the 34 bands of KS2 average scaled score from 2022 (ks4_p8.yaml)
# Earlier cohorts' groups were bands of KS2 fine levels, numbered 15-58 (ks4_p8.yaml): a file
# of 34 groups given such a year would match the wrong pupils.
FIRST_YEAR = 2022
SD_FILE = "p8_stdev_file.csv"
_GROUP = "ks2emss_grp"


class ReadyReckonerReader:
    name = "dfe_p8_estimates"
    title = ("DfE KS4 ready reckoner: Progress 8 and element estimates "
             f"(p8_pupil_coefficients_file.csv, with {SD_FILE} beside it; give --year)")

    def detect(self, header: list[str]) -> bool:
        return [h.strip().lower() for h in header[:2]] == [_GROUP, MEASURES[0].estimate]

    def read(self, path: Path, options: ReadOptions) -> ImportResult:
        if options.year is None:
            return failed(self.name, Problem(
                path.name, "the ready reckoner's files do not say which cohort's estimates "
                "they hold", "give --year, e.g. --year 2024 for the estimates based on the "
                "2024 cohort."))
        year_problem = _year_problem(path, options.year)
        if year_problem is not None:
            return failed(self.name, year_problem)
        sds = _national_sds(path.parent / SD_FILE)
        if isinstance(sds, Problem):
            return failed(self.name, sds)
        result = ImportResult(self.name, "Department for Education (KS4 ready reckoner)",
                              options.release or "final")
        rows = _rows(path, result)
        if result.problems:  # a group left out would leave its pupils with no score
            result.problems.append(Problem(
                path.name, "every group's estimate is needed, so no row can be skipped",
                "mend the rows named and import the file again."))
            return result
        missing = [g for g in GROUPS if g not in rows]
        if missing:
            result.problems.append(Problem(
                path.name, f"no estimate for prior-attainment group(s) "
                f"{', '.join(map(str, missing))}", f"the file should list groups 1-{GROUPS[-1]}"
                " once each: use the ready reckoner's file as published."))
            return result
        result.tables["progress_estimates"] = _table(rows, sds, options.year, path.name)
        result.notes.append(f"Progress 8 and element estimates for {options.year}: used by "
                            "`attain compute --pupils own` for pupils' scores (uncapped).")
        return result


def _table(rows: dict[int, tuple[float, ...]], sds: tuple[float, ...], year: int,
           file: str) -> pa.Table:
    groups = sorted(rows)
    n = len(groups)
    columns: dict[str, list[object]] = {name: [] for name in (
        "year", "country", "measure_id", "prior_group", "estimate", "score_sd", "source_file")}
    for k, measure in enumerate(MEASURES):
        columns["year"] += [year] * n
        columns["country"] += ["E"] * n
        columns["measure_id"] += [measure.measure_id] * n
        columns["prior_group"] += groups
        columns["estimate"] += [rows[g][k] for g in groups]
        columns["score_sd"] += [sds[k]] * n
        columns["source_file"] += [file] * n
    return pa.table(columns)


def _year_problem(path: Path, year: int) -> Problem | None:
    from attain.measures import DEFINITIONS, load_catalogue

    first = MEASURES[0].measure_id
    measure = next((m for m in load_catalogue(DEFINITIONS).measures if m.id == first), None)
    if measure is not None and not measure.years.contains(year):
        return Problem(path.name, f"{first} has no scores for {year}", "give the year of the "
                       f"cohort the estimates come from ({measure.years.text()}).")
    if year < FIRST_YEAR:
        return Problem(path.name, f"these are the {len(GROUPS)} groups of KS2 scaled scores, "
                       f"used from the {FIRST_YEAR} cohort; {year}'s groups were KS2 fine levels",
                       f"give a year from {FIRST_YEAR}: attain cannot read an earlier year's "
                       "estimates yet.")
    return None


def _national_sds(path: Path) -> tuple[float, ...] | Problem:
    names = ", ".join(m.sd for m in MEASURES)
    fix = (f"put the ready reckoner's {SD_FILE} (columns {names}: the national SDs of pupil "
           "scores) in the same folder as the estimates.")
    if not path.exists():
        return Problem(path.name, "not found beside the estimates", fix)
    rows = _records(path)
    if len(rows) != 1:
        return Problem(path.name, f"expected one row of SDs, found {len(rows)}", fix)
    sds = []
    for measure in MEASURES:
        sd = _number(rows[0].get(measure.sd))
        if sd is None or sd <= 0:
            return Problem(path.name, "not a positive number", fix, row=2, column=measure.sd,
                           value=str(rows[0].get(measure.sd)))
        sds.append(sd)
    return tuple(sds)


def _rows(path: Path, result: ImportResult) -> dict[int, tuple[float, ...]]:
    """Group -> its estimates (in the order of MEASURES) for each good row; the problems of
    the others go to `result`."""
    rows: dict[int, tuple[float, ...]] = {}
    for line, row in enumerate(_records(path), start=2):
        group = _number(row.get(_GROUP))
        if group is None or not group.is_integer() or int(group) not in GROUPS:
            result.problems.append(Problem(
                path.name, "not a prior-attainment group", f"write a whole number from 1 to "
                f"{GROUPS[-1]}.", row=line, column=_GROUP, value=str(row.get(_GROUP))))
            continue
        if int(group) in rows:
            result.problems.append(Problem(
                path.name, f"group {int(group)} is listed twice", "keep one row per group.",
                row=line, column=_GROUP, value=str(row.get(_GROUP))))
            continue
        estimates = [_estimate(path, row, line, m, result) for m in MEASURES]
        if all(e is not None for e in estimates):
            rows[int(group)] = tuple(e for e in estimates if e is not None)
    return rows


def _estimate(path: Path, row: dict[str, str], line: int, measure: Estimated,
              result: ImportResult) -> float | None:
    value = _number(row.get(measure.estimate))
    if value is None or not 0 <= value <= measure.most:
        result.problems.append(Problem(
            path.name, f"not a {measure.measure_id} estimate", f"write a number of points "
            f"from 0 to {measure.most:g}.", row=line, column=measure.estimate,
            value=str(row.get(measure.estimate))))
        return None
    return value


def _records(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(read_text(path).text)))


def _number(text: str | None) -> float | None:
    try:
        value = float(str(text).strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None
