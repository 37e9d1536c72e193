"""DfE's KS4 ready reckoner: the national Progress 8 estimates of one cohort.

`p8_pupil_coefficients_file.csv` gives, for each of the 34 KS2 prior-attainment groups
(`ks2emss_grp`), the national mean Attainment 8 (`p8est`) and of its elements;
`p8_stdev_file.csv`, shipped beside it, the national standard deviation of pupil P8 scores
(`p8stdev`). Neither file says its year, so `--year` is required (2024 for the estimates
"based on the 2024 cohort averages"). Only the overall estimate is imported: attain has no
measure of the P8 elements yet.

DfE's published school scores cap extremely negative pupil scores from 2018, at a
threshold per group that the ready reckoner does not publish, so scores worked from these
estimates are uncapped (docs/importing.md).
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pyarrow as pa

from attain.ingest.problems import ImportResult, Problem, ReadOptions, failed
from attain.ingest.sniff import read_text

MEASURE_ID = "ks4_p8"
GROUPS = range(1, 35)  # the 34 bands of KS2 average scaled score from 2022 (ks4_p8.yaml)
SD_FILE = "p8_stdev_file.csv"
_GROUP, _ESTIMATE, _SD = "ks2emss_grp", "p8est", "p8stdev"
# Attainment 8 runs from 0 to 90 (ten slots, English and maths double-weighted, grade 9 top).
_MAX_ATT8 = 90.0


class ReadyReckonerReader:
    name = "dfe_p8_estimates"
    title = ("DfE KS4 ready reckoner: Progress 8 estimates (p8_pupil_coefficients_file.csv, "
             f"with {SD_FILE} beside it; give --year)")

    def detect(self, header: list[str]) -> bool:
        return [h.strip().lower() for h in header[:2]] == [_GROUP, _ESTIMATE]

    def read(self, path: Path, options: ReadOptions) -> ImportResult:
        if options.year is None:
            return failed(self.name, Problem(
                path.name, "the ready reckoner's files do not say which cohort's estimates "
                "they hold", "give --year, e.g. --year 2024 for the estimates based on the "
                "2024 cohort."))
        year_problem = _year_problem(path, options.year)
        if year_problem is not None:
            return failed(self.name, year_problem)
        sd = _national_sd(path.parent / SD_FILE)
        if isinstance(sd, Problem):
            return failed(self.name, sd)
        result = ImportResult(self.name, "Department for Education (KS4 ready reckoner)",
                              options.release or "final")
        rows = _rows(path, result)
        if result.problems:  # a group left out would leave its pupils with no score
            result.problems.append(Problem(
                path.name, "every group's estimate is needed, so no row can be skipped",
                "mend the rows named and import the file again."))
            return result
        found = {group for group, _ in rows}
        missing = [g for g in GROUPS if g not in found]
        if missing:
            result.problems.append(Problem(
                path.name, f"no estimate for prior-attainment group(s) "
                f"{', '.join(map(str, missing))}", f"the file should list groups 1-{GROUPS[-1]}"
                " once each: use the ready reckoner's file as published."))
            return result
        n = len(rows)
        result.tables["progress_estimates"] = pa.table({
            "year": [options.year] * n, "country": ["E"] * n, "measure_id": [MEASURE_ID] * n,
            "prior_group": [g for g, _ in rows], "estimate": [e for _, e in rows],
            "score_sd": [sd] * n, "source_file": [path.name] * n})
        result.notes.append(f"{MEASURE_ID} estimates for {options.year}: used by `attain "
                            "compute --pupils own` for pupils' Progress 8 (uncapped).")
        return result


def _year_problem(path: Path, year: int) -> Problem | None:
    from attain.measures import DEFINITIONS, load_catalogue

    measure = next((m for m in load_catalogue(DEFINITIONS).measures if m.id == MEASURE_ID), None)
    if measure is None or measure.years.contains(year):
        return None
    return Problem(path.name, f"{MEASURE_ID} has no scores for {year}",
                   f"give the year of the cohort the estimates come from ({measure.years.text()}).")


def _national_sd(path: Path) -> float | Problem:
    fix = (f"put the ready reckoner's {SD_FILE} (column {_SD}: the national SD of pupil P8 "
           "scores) in the same folder as the estimates.")
    if not path.exists():
        return Problem(path.name, "not found beside the estimates", fix)
    rows = list(csv.DictReader(io.StringIO(read_text(path).data.decode("utf-8"))))
    values = [r.get(_SD) for r in rows]
    if len(values) != 1:
        return Problem(path.name, f"expected one row under {_SD}, found {len(values)}", fix)
    sd = _number(values[0])
    if sd is None or sd <= 0:
        return Problem(path.name, "the national SD is not a positive number", fix, row=2,
                       column=_SD, value=str(values[0]))
    return sd


def _rows(path: Path, result: ImportResult) -> list[tuple[int, float]]:
    """(group, estimate) of each good row; the problems of the others go to `result`."""
    reader = csv.DictReader(io.StringIO(read_text(path).data.decode("utf-8")))
    rows: list[tuple[int, float]] = []
    seen: set[int] = set()
    for line, row in enumerate(reader, start=2):
        group, estimate = _number(row.get(_GROUP)), _number(row.get(_ESTIMATE))
        if group is None or not group.is_integer() or int(group) not in GROUPS:
            result.problems.append(Problem(
                path.name, "not a prior-attainment group", f"write a whole number from 1 to "
                f"{GROUPS[-1]}.", row=line, column=_GROUP, value=str(row.get(_GROUP))))
        elif int(group) in seen:
            result.problems.append(Problem(
                path.name, f"group {int(group)} is listed twice", "keep one row per group.",
                row=line, column=_GROUP, value=str(row.get(_GROUP))))
        elif estimate is None or not 0 <= estimate <= _MAX_ATT8:
            result.problems.append(Problem(
                path.name, "not an Attainment 8 estimate", f"write a number from 0 to "
                f"{_MAX_ATT8:g}.", row=line, column=_ESTIMATE, value=str(row.get(_ESTIMATE))))
        else:
            seen.add(int(group))
            rows.append((int(group), estimate))
    return rows


def _number(text: str | None) -> float | None:
    try:
        value = float(str(text).strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None
