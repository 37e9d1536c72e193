"""Build the additive partitions of a results cube for `suppress`.

Cube keys are (measure_id, year, level, area_code, group_id). Two kinds of partition:
- groups: within one area, the 'all' row = the sum of a partition's groups
  (boys + girls, fsm + non_fsm, ... from groups.yaml);
- areas: within one group, a parent area = the sum of its child areas (the schools of an
  LA, the LAs of a region), when the parent was computed from exactly those children.
Only pass measures whose numerator and denominator add up (not gaps or percentile gaps).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from attain.stats.suppression import Partition

CubeKey = tuple[str, int, str, str, str]
Area = tuple[str, str]
"""(level, area_code), e.g. ("la", "882") or ("school", "100001")."""
ALL = "all"


def cube_partitions(
    keys: Iterable[CubeKey],
    group_partitions: Mapping[str, Sequence[str]],
    children: Mapping[Area, Sequence[Area]] | None = None,
) -> list[Partition]:
    """Partitions over the cube rows in `keys`: only those whose total row and at least
    one part row exist (a partition with no part row was not computed, not empty)."""
    present = set(keys)
    groups_of: dict[tuple[str, int, str, str], set[str]] = defaultdict(set)
    for measure, year, level, area, group in present:
        groups_of[(measure, year, level, area)].add(group)
    result = _group_partitions(groups_of, group_partitions)
    if children:
        result += _area_partitions(present, groups_of, children)
    return result


def _group_partitions(
    groups_of: Mapping[tuple[str, int, str, str], set[str]],
    group_partitions: Mapping[str, Sequence[str]],
) -> list[Partition]:
    result = []
    for (measure, year, level, area), groups in groups_of.items():
        if ALL not in groups:
            continue
        for parts in group_partitions.values():
            if any(g in groups for g in parts):
                result.append(Partition(
                    (measure, year, level, area, ALL),
                    tuple((measure, year, level, area, g) for g in parts),
                ))
    return result


def _area_partitions(
    present: set[CubeKey],
    groups_of: Mapping[tuple[str, int, str, str], set[str]],
    children: Mapping[Area, Sequence[Area]],
) -> list[Partition]:
    result = []
    for (measure, year, level, area), groups in groups_of.items():
        kids = children.get((level, area))
        if not kids:
            continue
        for group in sorted(groups):
            parts = tuple((measure, year, lv, code, group) for lv, code in kids)
            if any(p in present for p in parts):
                result.append(Partition((measure, year, level, area, group), parts))
    return result
