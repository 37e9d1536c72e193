"""Schools below the floor standard (2016-2019 definitions), counted from published
school figures only; a school whose figures are suppressed or missing is "not assessed".

Primary (DfE, "Primary school accountability", 2016-2019): below the floor when fewer than
65% of pupils meet the expected standard in reading, writing and maths AND progress is
below -5 in reading, -5 in maths or -7 in writing (not "sufficient" in all three).
Secondary (DfE, "Secondary accountability measures", 2016-2019): below the floor when
Progress 8 is below -0.5 and the upper end of its 95% confidence interval is below 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from attain.reports import wording
from attain.reports.model import Cell, Section, Table

FLOOR_YEARS = range(2016, 2020)
PRIMARY_MEASURES = ("ks2_rwm_expected", "ks2_read_progress", "ks2_writ_progress",
                    "ks2_maths_progress")
SECONDARY_MEASURES = ("ks4_p8",)
FLOOR_MEASURES = PRIMARY_MEASURES + SECONDARY_MEASURES
PROGRESS_FLOOR = {"ks2_read_progress": -5.0, "ks2_maths_progress": -5.0,
                  "ks2_writ_progress": -7.0}


@dataclass(frozen=True)
class SchoolFigures:
    """A school's published figures for one year: measure -> (value, ci_high); a measure
    that is suppressed or missing is absent."""

    urn: int
    figures: Mapping[str, tuple[float, float | None]]


def below_primary_floor(school: SchoolFigures) -> bool | None:
    """True/False, or None when the figures needed are not all published."""
    if not all(m in school.figures for m in PRIMARY_MEASURES):
        return None
    attainment = school.figures["ks2_rwm_expected"][0]
    sufficient = all(school.figures[m][0] >= floor for m, floor in PROGRESS_FLOOR.items())
    return attainment < 65 and not sufficient


def below_secondary_floor(school: SchoolFigures) -> bool | None:
    if "ks4_p8" not in school.figures:
        return None
    p8, upper = school.figures["ks4_p8"]
    return p8 < -0.5 and upper is not None and upper < 0


def floor_section(primary: Sequence[SchoolFigures], secondary: Sequence[SchoolFigures],
                  year: int) -> Section:
    if year not in FLOOR_YEARS:
        return Section("floor", "Schools below floor standards",
                       notes=(f"Floor standards are defined here for {FLOOR_YEARS[0]} to "
                              f"{FLOOR_YEARS[-1]} only: no data for {year}.",),
                       has_priority_actions=False)
    rows, sentences = [], []
    for phase, schools, rule in (("Primary", primary, below_primary_floor),
                                 ("Secondary", secondary, below_secondary_floor)):
        verdicts = [rule(s) for s in schools]
        below, above = verdicts.count(True), verdicts.count(False)
        unknown = verdicts.count(None)
        rows.append((Cell(phase), Cell(str(below), float(below)),
                     Cell(str(above), float(above)), Cell(str(unknown), float(unknown))))
        if below + above:
            verb = "was" if below == 1 else "were"
            sentences.append(f"In {year}, {wording.count_noun(below, phase.lower() + ' school')}"
                             f" {verb} below the floor standard "
                             f"(of {below + above} assessed).")
    table = Table(f"Schools below the floor standard, {year}",
                  ("Phase", "Below floor", "At or above floor", "Not assessed (suppressed "
                   "or no data)"), tuple(rows), "Floor")
    return Section("floor", "Schools below floor standards", tuple(sentences), (table,))
