"""Partitions of a results cube: pupil-group partitions and area sums."""

from __future__ import annotations

from attain.stats.partitions import cube_partitions
from attain.stats.suppression import Cell, Partition, Reason, suppress

GROUP_PARTITIONS = {"gender": ["boys", "girls"], "fsm": ["fsm", "non_fsm"]}


def _key(level: str, area: str, group: str) -> tuple[str, int, str, str, str]:
    return ("ks2_rwm_expected", 2023, level, area, group)


def test_group_and_area_partitions() -> None:
    keys = [_key(lv, a, g) for lv, a in (("school", "1"), ("school", "2"), ("la", "882"))
            for g in ("all", "boys", "girls")]
    children = {("la", "882"): [("school", "1"), ("school", "2")]}
    partitions = cube_partitions(keys, GROUP_PARTITIONS, children)
    # gender at 3 areas (no fsm rows: that partition was not computed) + LA = sum of
    # schools for each of the 3 groups
    assert len(partitions) == 6
    assert Partition(_key("school", "1", "all"),
                     (_key("school", "1", "boys"), _key("school", "1", "girls"))) in partitions
    assert Partition(_key("la", "882", "girls"),
                     (_key("school", "1", "girls"), _key("school", "2", "girls"))) in partitions


def test_cube_partitions_feed_suppress() -> None:
    # school 1: boys 3 pupils -> hidden; girls 1 hidden around it; then the LA's boys and
    # girls partitions each have one hidden school cell -> school 2's boys and girls go.
    counts = {
        ("school", "1"): {"all": (14, 20), "boys": (2, 3), "girls": (12, 17)},
        ("school", "2"): {"all": (20, 30), "boys": (9, 14), "girls": (11, 16)},
        ("la", "882"): {"all": (34, 50), "boys": (11, 17), "girls": (23, 33)},
    }
    cells = [Cell(_key(lv, a, g), k, n) for (lv, a), row in counts.items()
             for g, (k, n) in row.items()]
    children = {("la", "882"): [("school", "1"), ("school", "2")]}
    partitions = cube_partitions([c.key for c in cells], GROUP_PARTITIONS, children)
    assert suppress(cells, partitions) == {
        _key("school", "1", "boys"): Reason.SMALL_DENOMINATOR,
        _key("school", "1", "girls"): Reason.COMPLEMENTARY,
        _key("school", "2", "boys"): Reason.COMPLEMENTARY,
        _key("school", "2", "girls"): Reason.COMPLEMENTARY,
    }
