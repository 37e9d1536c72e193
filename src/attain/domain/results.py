"""The results cube: the one contract that reports, risk rules, plans and the web app read.

One row per (measure_id, year, level, area_code, group_id). Computed results and imported
published figures land in the same shape, so comparison code never cares where a number
came from.
"""

from __future__ import annotations

from enum import StrEnum

from attain.domain.datasets import Column, ColumnType, Dataset

I, F, S, B = ColumnType.INT, ColumnType.FLOAT, ColumnType.STRING, ColumnType.BOOL


class Level(StrEnum):
    SCHOOL = "school"
    LA = "la"
    REGION = "region"
    NATIONAL = "national"
    GROUP_OF_LAS = "group_of_las"


RESULTS = Dataset(
    "results",
    "The results cube: one row per measure, year, level, area and pupil group.",
    (
        Column("measure_id", S, "Catalogue measure id.", False),
        Column("year", I, "Academic year, as the year it ends.", False),
        Column("level", S, "school, la, region, national or group_of_las.", False),
        Column("area_code", S, "URN (school), LA code, region or area code; "
               "'E92000001' England / 'W92000004' Wales for national.", False),
        Column("group_id", S, "Pupil group id from groups.yaml ('all' for everyone).", False),
        Column("numerator", F, "Pupils meeting the measure, or the sum of the values."),
        Column("denominator", F, "Pupils (or sessions, for rates) in the cohort."),
        Column("value", F, "The figure as published: a percentage, mean, rate or score."),
        Column("ci_low", F, "Lower end of the 95% confidence interval."),
        Column("ci_high", F, "Upper end of the 95% confidence interval."),
        Column("suppressed", S, "Null if published; otherwise the reason, e.g. 'small "
               "denominator', 'complementary', or a source symbol such as SUPP, NE, c."),
        Column("source", S, "computed, or the file a published figure was imported from."),
    ),
    per_pupil=False,
    by_year=True,
)

NATIONAL_CODES = {"E": "E92000001", "W": "W92000004"}
