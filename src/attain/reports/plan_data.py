"""What the plan progress report reads: the results-cube rows a plan's linked measures
follow, and where each measure of success sits in the plan."""

from __future__ import annotations

from typing import Any

import duckdb

from attain.domain.plans import MeasureOfSuccess, Plan


def plan_cube_rows(files: list[str], plan: Plan) -> list[dict[str, Any]]:
    """The cube rows a plan's linked measures (and their comparators) follow, any year."""
    keys = set()
    for measure in plan.measures():
        link = measure.link
        if link is None:
            continue
        keys.add((link.measure_id, link.level.value, link.area_code, link.group_id))
        rule = measure.comparator
        if rule is not None and rule.level is not None:
            keys.add((link.measure_id, rule.level.value, rule.area_code, link.group_id))
    if not keys or not files:
        return []
    where = " OR ".join("(measure_id = ? AND level = ? AND area_code = ? AND group_id = ?)"
                        for _ in keys)
    with duckdb.connect() as con:
        cursor = con.execute(f"SELECT measure_id, year, level, area_code, group_id, value, "
                             f"suppressed FROM read_parquet(?) WHERE {where}",
                             [files, *(x for key in sorted(keys) for x in key)])
        names = [column[0] for column in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def measure_places(plan: Plan) -> list[tuple[str, str | None, MeasureOfSuccess]]:
    """(priority, objective or None, measure) in the order `plans.progress` tracks them."""
    places: list[tuple[str, str | None, MeasureOfSuccess]] = []
    for priority in plan.priorities:
        places += [(priority.ref, None, measure) for measure in priority.measures]
        places += [(priority.ref, objective.ref, measure) for objective in priority.objectives
                   for measure in objective.measures]
    return places
