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
KEY = ("measure_id", "year", "level", "area_code", "group_id")  # one cube row
COMPUTED_SOURCE = "computed"  # `source` of a row attain computed from pupil data
NEIGHBOURS_PREFIX = "SN"  # a group_of_las area: an LA's statistical neighbours
# What each `significance` code of the comparisons says, in words (the web app's English
# messages and `attain results show` both use these).
SIGNIFICANCE_WORDS = {
    "sig_above": "Significantly above national",
    "above": "Above national",
    "similar": "Similar to national",
    "below": "Below national",
    "sig_below": "Significantly below national",
}


def neighbours_area_code(la_code: str) -> str:
    """The area code of `la_code`'s statistical neighbours (level group_of_las)."""
    return f"{NEIGHBOURS_PREFIX}{la_code}"

# Filled during `attain compute` from the averages of
# attain.services.compute_family.build_family_averages, joined into the comparisons by
# attain.services.compute_comparisons.
FAMILY_COMPARISON_COLUMNS = (
    Column("family_value", F, "For schools: the average of the school's family of similar "
           "schools (docs/estimates.md, \"Similar schools\"); suppressed members left out."),
    Column("family_size", I, "For schools: the family members whose published figure "
           "counted in family_value."),
    Column("diff_family", F, "value − family_value; none where the school's own row is "
           "suppressed."),
)

COMPARISONS = Dataset(
    "comparisons",
    "Comparisons of each computed cube row (same key as results): national and LA values, "
    "significance against national, trends, rank and quartile. Written by `attain compute`.",
    (
        Column("measure_id", S, "Catalogue measure id.", False),
        Column("year", I, "Academic year, as the year it ends.", False),
        Column("level", S, "school, la, region, national or group_of_las.", False),
        Column("area_code", S, "As in results.", False),
        Column("group_id", S, "As in results.", False),
        Column("national_value", F, "Value of the same measure, year and group for the "
               "area's country (England or Wales)."),
        Column("diff_national", F, "value − national_value."),
        Column("la_value", F, "For schools: the value of the school's LA."),
        Column("significance", S, "Against national: sig_above, above, similar, below, "
               "sig_below (attain.stats.significance); sig_* when the 95% CI excludes it."),
        Column("trend3_change", F, "Change over the last 3 available years (value now − "
               "value 3 available years back, counting this one)."),
        Column("trend3_direction", S, "up, down or no_change (within half the last shown "
               "decimal)."),
        Column("trend5_change", F, "As trend3_change over 5 available years."),
        Column("trend5_direction", S, "As trend3_direction over 5 available years."),
        Column("rank", I, "LA among the LAs of its country, school among its LA's schools; "
               "1 = best (higher_is_better), ties share the lowest rank."),
        Column("rank_of", I, "How many were ranked."),
        Column("quartile", S, "A (best quarter) to D, LAIT quartile bands."),
        *FAMILY_COMPARISON_COLUMNS,
    ),
    per_pupil=False,
    by_year=True,
)
