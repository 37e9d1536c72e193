"""Property tests: random school x group tables, including tiny counts, stay protected.

Each table is built from pupils counted in (school, gender, fsm) cross cells, so every
partition is an exact additive equation: boys + girls = all, fsm + non_fsm = all at each
school and in the LA, and the schools of the LA sum to the LA for every group.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attain.stats import complementary
from attain.stats.suppression import (
    Cell,
    Partition,
    Reason,
    SuppressionRule,
    publish,
    suppress,
)

GROUPS: dict[str, Callable[[str, bool], bool]] = {
    "all": lambda g, f: True,
    "boys": lambda g, f: g == "M",
    "girls": lambda g, f: g == "F",
    "fsm": lambda g, f: f,
    "non_fsm": lambda g, f: not f,
}
CROSS = [(g, f) for g in ("M", "F") for f in (True, False)]
Table = tuple[list[Cell], list[Partition]]


# (pupils, pupils meeting the measure) for one gender x fsm cell, often tiny
CROSS_CELL = st.tuples(
    st.one_of(st.integers(0, 7), st.integers(0, 60)), st.integers(0, 60)
).map(lambda t: (t[0], t[1] % (t[0] + 1)))
SCHOOLS = st.lists(st.lists(CROSS_CELL, min_size=4, max_size=4), min_size=1, max_size=6)


def _table(school_counts: list[list[tuple[int, int]]]) -> Table:
    schools = {f"S{i}": counts for i, counts in enumerate(school_counts)}
    totals: dict[Hashable, tuple[int, int]] = {}
    for school, counts in schools.items():
        for group, member in GROUPS.items():
            n = sum(c[0] for c, gf in zip(counts, CROSS, strict=True) if member(*gf))
            k = sum(c[1] for c, gf in zip(counts, CROSS, strict=True) if member(*gf))
            totals[(school, group)] = (k, n)
            la_k, la_n = totals.get(("LA", group), (0, 0))
            totals[("LA", group)] = (la_k + k, la_n + n)
    # a group with no pupils has no row, as in the results cube
    cells = [Cell(key, k, n) for key, (k, n) in totals.items() if n > 0]
    areas = [*schools, "LA"]
    partitions = [Partition((a, "all"), ((a, "boys"), (a, "girls"))) for a in areas]
    partitions += [Partition((a, "all"), ((a, "fsm"), (a, "non_fsm"))) for a in areas]
    partitions += [Partition(("LA", g), tuple((s, g) for s in schools)) for g in GROUPS]
    present = {c.key for c in cells}
    return cells, [p for p in partitions if p.total_key in present]


def tables() -> st.SearchStrategy[Table]:
    return SCHOOLS.map(_table)


rules = st.builds(SuppressionRule, min_denominator=st.integers(0, 10),
                  min_count=st.integers(0, 4))


def _members(partition: Partition, present: set[Hashable]) -> list[Hashable]:
    return [k for k in (partition.total_key, *partition.part_keys) if k in present]


Pair = tuple[float, float]


def adversary_recovers(
    cells: list[Cell], partitions: list[Partition], hidden: set[Hashable]
) -> dict[Hashable, Pair]:
    """What someone who sees every published cell and knows the partition equations can
    recover by subtraction, as (numerator, denominator): any equation with a single unknown
    is solved, the value becomes known, and this repeats until nothing more can be solved.
    Missing rows are known zeros."""
    known: dict[Hashable, Pair] = {
        c.key: (float(c.numerator or 0), c.denominator) for c in cells if c.key not in hidden
    }
    present = {c.key for c in cells}
    recovered: dict[Hashable, Pair] = {}
    changed = True
    while changed:
        changed = False
        for p in partitions:
            unknown = [k for k in _members(p, present) if k not in known]
            if len(unknown) != 1:
                continue
            target = unknown[0]
            others = [known.get(k, (0.0, 0.0)) for k in p.part_keys if k != target]
            num, den = sum(o[0] for o in others), sum(o[1] for o in others)
            if target != p.total_key:
                num, den = known[p.total_key][0] - num, known[p.total_key][1] - den
            known[target] = recovered[target] = (num, den)
            changed = True
    return recovered


@settings(max_examples=150, deadline=None)
@given(tables(), rules)
def test_every_primary_risk_is_suppressed(table: Table, rule: SuppressionRule) -> None:
    cells, partitions = table
    reasons = suppress(cells, partitions, rule)
    for cell in cells:
        primary = rule.primary_reason(cell.numerator, cell.denominator)
        if primary is not None:
            assert reasons[cell.key] is primary
        else:
            assert reasons.get(cell.key) in (None, Reason.COMPLEMENTARY)


@settings(max_examples=150, deadline=None)
@given(tables(), rules)
def test_no_partition_has_exactly_one_suppressed_cell(table: Table, rule: SuppressionRule) -> None:
    cells, partitions = table
    reasons = suppress(cells, partitions, rule)
    present = {c.key for c in cells}
    for p in partitions:
        assert sum(1 for k in _members(p, present) if k in reasons) != 1, p


@settings(max_examples=150, deadline=None)
@given(tables(), rules)
def test_adversary_recovers_nothing(table: Table, rule: SuppressionRule) -> None:
    cells, partitions = table
    reasons = suppress(cells, partitions, rule)
    assert adversary_recovers(cells, partitions, set(reasons)) == {}


def test_the_adversary_does_recover_without_complementary_suppression() -> None:
    # The attack is real: with primary suppression only, boys = all - girls:
    # numerator 16 - 15 = 1, denominator 27 - 25 = 2.
    cells = [Cell("boys", 1, 2), Cell("girls", 15, 25), Cell("all", 16, 27)]
    partitions = [Partition("all", ("boys", "girls"))]
    primary_only = suppress(cells, partitions, SuppressionRule(complementary=False))
    assert adversary_recovers(cells, partitions, set(primary_only)) == {"boys": (1.0, 2.0)}


@settings(max_examples=100, deadline=None)
@given(tables(), rules)
def test_published_cells_are_unchanged(table: Table, rule: SuppressionRule) -> None:
    cells, partitions = table
    reasons = suppress(cells, partitions, rule)
    assert set(reasons) <= {c.key for c in cells}
    for cell, shown in zip(cells, publish(cells, reasons), strict=True):
        assert shown.key == cell.key
        if cell.key in reasons:
            assert (shown.numerator, shown.denominator) == (None, None)
            assert shown.suppressed is reasons[cell.key]
        else:
            assert (shown.numerator, shown.denominator) == (cell.numerator, cell.denominator)
            assert shown.suppressed is None


@settings(max_examples=100, deadline=None)
@given(tables(), rules, st.randoms(use_true_random=False))
def test_idempotent_and_independent_of_order(
    table: Table, rule: SuppressionRule, random: Random
) -> None:
    cells, partitions = table
    reasons = suppress(cells, partitions, rule)
    # running again on its own output hides nothing more
    assert suppress(cells, partitions, rule, already_suppressed=set(reasons)) == {}
    shuffled_cells, shuffled_partitions = list(cells), list(partitions)
    random.shuffle(shuffled_cells)
    random.shuffle(shuffled_partitions)
    assert suppress(shuffled_cells, shuffled_partitions, rule) == reasons


@contextmanager
def _compiled_from(memberships: int) -> Iterator[None]:
    saved = complementary.COMPILE_FROM
    complementary.COMPILE_FROM = memberships
    try:
        yield
    finally:
        complementary.COMPILE_FROM = saved


@settings(max_examples=100, deadline=None)
@given(tables(), rules)
def test_the_compiled_cascade_hides_what_the_interpreted_one_does(
    table: Table, rule: SuppressionRule
) -> None:
    # A cube of the demo's size runs the cascade compiled by numba, a small one interpreted:
    # one source, so the two must agree cell for cell (and the interpreted one is checked
    # by every test above).
    cells, partitions = table
    with _compiled_from(10**12):
        interpreted = suppress(cells, partitions, rule)
    with _compiled_from(0):
        compiled = suppress(cells, partitions, rule)
    assert compiled == interpreted


def test_the_compiled_cascade_hides_girls_beside_two_boys() -> None:
    # Worked by hand: boys 1 of 2 is hidden (denominator < 6), so all - girls would give
    # it away; girls (25) is the part hidden with it, not the total.
    cells = [Cell("boys", 1, 2), Cell("girls", 15, 25), Cell("all", 16, 27)]
    with _compiled_from(0):
        reasons = suppress(cells, [Partition("all", ("boys", "girls"))], SuppressionRule())
    assert reasons == {"boys": Reason.SMALL_DENOMINATOR, "girls": Reason.COMPLEMENTARY}


def test_the_cascade_is_compiled_even_where_nothing_can_cache_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # numba raises "no locator available" when no cache folder is writable (a read-only
    # install without a home folder): simulated by giving it no places to look.
    from numba.core import caching

    monkeypatch.setattr(caching.CacheImpl, "_locator_classes", [])
    complementary._compiled_cascade.cache_clear()
    try:
        cells = [Cell("boys", 1, 2), Cell("girls", 15, 25), Cell("all", 16, 27)]
        with _compiled_from(0):
            reasons = suppress(cells, [Partition("all", ("boys", "girls"))], SuppressionRule())
        assert reasons == {"boys": Reason.SMALL_DENOMINATOR, "girls": Reason.COMPLEMENTARY}
    finally:
        complementary._compiled_cascade.cache_clear()
