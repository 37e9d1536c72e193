"""Small-number suppression: a primary rule plus complementary suppression.

Primary: a cell is hidden when its denominator is below `min_denominator`, or, for counts
and proportions, when its numerator or its complement (denominator − numerator) is below
`min_count`. Complementary: cells are linked by additive partitions (boys + girls = all,
the schools of an LA = the LA); while a partition has exactly one hidden cell, which
subtraction would reveal, the visible part with the smallest denominator is hidden too.
See docs/suppression.md.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from attain import settings
from attain.errors import UserError
from attain.stats.complementary import IntArray, complementary_cells


class Reason(StrEnum):
    SMALL_DENOMINATOR = "small_denominator"
    SMALL_COUNT = "small_count"
    COMPLEMENTARY = "complementary"


@dataclass(frozen=True)
class SuppressionRule:
    """Thresholds of the primary rule; min_count=0 turns the count rule off.

    The defaults are the settings' defaults; `from_settings()` reads the environment.
    """

    min_denominator: int = int(settings.SUPPRESSION_MIN_DENOMINATOR.default)
    min_count: int = int(settings.SUPPRESSION_MIN_COUNT.default)
    complementary: bool = True

    def __post_init__(self) -> None:
        if self.min_denominator < 0 or self.min_count < 0:
            raise ValueError("suppression thresholds must not be negative")

    @classmethod
    def from_settings(cls) -> SuppressionRule:
        """The rule configured by ATTAIN_SUPPRESSION_MIN_DENOMINATOR / _MIN_COUNT."""
        return cls(
            min_denominator=_whole_number(settings.SUPPRESSION_MIN_DENOMINATOR),
            min_count=_whole_number(settings.SUPPRESSION_MIN_COUNT),
        )

    def primary_reason(
        self, numerator: float | None, denominator: float, is_count: bool = True
    ) -> Reason | None:
        """Why the primary rule hides this cell, or None."""
        if denominator < self.min_denominator:
            return Reason.SMALL_DENOMINATOR
        if is_count and numerator is not None and (
            numerator < self.min_count or denominator - numerator < self.min_count
        ):
            return Reason.SMALL_COUNT
        return None


def _whole_number(setting: settings.Setting) -> int:
    text = setting.value().strip()
    if not text.isdigit():
        raise UserError(
            f"{setting.env} is {text!r}, not a whole number",
            fix=f"Set {setting.env} to a whole number such as {setting.default}, or unset it.",
        )
    return int(text)


@dataclass(frozen=True, slots=True)
class Cell:
    """One published figure. `denominator` is the number of pupils the thresholds apply
    to (for rates pass the pupils, not the sessions); `is_count` says whether the numerator
    counts pupils, so that the count rule applies (not for means, scores or rates)."""

    key: Hashable
    numerator: float | None
    denominator: float
    is_count: bool = True


@dataclass(frozen=True, slots=True)
class Partition:
    """An additive equation: the total cell equals the sum of the part cells."""

    total_key: Hashable
    part_keys: tuple[Hashable, ...]


def suppress(
    cells: Sequence[Cell],
    partitions: Sequence[Partition] = (),
    rule: SuppressionRule | None = None,
    already_suppressed: Collection[Hashable] = (),
) -> dict[Hashable, Reason]:
    """Reason for every cell to hide; cells not in the answer are published unchanged.

    `rule` defaults to `SuppressionRule()`; services pass `SuppressionRule.from_settings()`.
    `already_suppressed` are keys hidden before (at source, e.g. DfE SUPP, or by an earlier
    run): they count as hidden in partitions and get no reason here. A part key with no
    cell is an empty group, known to be zero; a partition whose total has no cell is an
    error.
    """
    rule = rule or SuppressionRule()
    index = _index(cells)
    preset = set(already_suppressed)
    hidden = np.fromiter((c.key in preset for c in cells), dtype=np.bool_, count=len(cells))
    primary = _primary_codes(cells, rule) * ~hidden
    reasons: dict[Hashable, Reason] = {
        cells[i].key: _REASONS[code] for i, code in _nonzero(primary)
    }
    hidden |= primary > 0
    if rule.complementary and partitions:
        members, offsets = _flatten(partitions, index)
        for i in complementary_cells(hidden, _preference(cells), members, offsets):
            reasons[cells[i].key] = Reason.COMPLEMENTARY
    return reasons


_REASONS = {1: Reason.SMALL_DENOMINATOR, 2: Reason.SMALL_COUNT}


def _primary_codes(cells: Sequence[Cell], rule: SuppressionRule) -> IntArray:
    n = len(cells)
    den = np.fromiter((c.denominator for c in cells), dtype=np.float64, count=n)
    num = np.fromiter(
        (np.nan if c.numerator is None else c.numerator for c in cells), np.float64, count=n)
    counted = np.fromiter((c.is_count for c in cells), dtype=np.bool_, count=n)
    return primary_codes(num, den, counted, rule.min_denominator, rule.min_count)


def primary_codes(numerator: npt.NDArray[np.float64], denominator: npt.NDArray[np.float64],
                  is_count: npt.NDArray[np.bool_], min_denominator: int,
                  min_count: int) -> IntArray:
    """`SuppressionRule.primary_reason` over arrays: 0 visible, 1 small denominator, 2 small
    count. A missing numerator or denominator is NaN, and NaN is never below a threshold."""
    small_count = is_count & ((numerator < min_count) | (denominator - numerator < min_count))
    codes: IntArray = np.where(denominator < min_denominator, 1,
                               np.where(small_count, 2, 0)).astype(np.int64)
    return codes


def _nonzero(codes: IntArray) -> list[tuple[int, int]]:
    where = np.flatnonzero(codes)
    return list(zip(where.tolist(), codes[where].tolist(), strict=True))


def _index(cells: Sequence[Cell]) -> dict[Hashable, int]:
    index: dict[Hashable, int] = {}
    for i, cell in enumerate(cells):
        if index.setdefault(cell.key, i) != i:
            raise ValueError(f"two cells have the key {cell.key!r}")
    return index


def _flatten(
    partitions: Sequence[Partition], index: dict[Hashable, int]
) -> tuple[IntArray, IntArray]:
    """Partitions as CSR arrays (see complementary.py); missing parts are dropped."""
    members: list[int] = []
    offsets = [0]
    lookup = index.get
    for partition in partitions:
        total = lookup(partition.total_key)
        if total is None:
            raise ValueError(f"partition total {partition.total_key!r} is not among the cells")
        members.append(total)
        members.extend(i for i in map(lookup, partition.part_keys) if i is not None)
        offsets.append(len(members))
    flat = np.asarray(members, dtype=np.int64)
    bounds = np.asarray(offsets, dtype=np.int64)
    _check_no_repeats(flat, bounds, partitions)
    return flat, bounds


def _check_no_repeats(
    members: IntArray, offsets: IntArray, partitions: Sequence[Partition]
) -> None:
    owner = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))
    order = np.lexsort((members, owner))
    same = (owner[order][1:] == owner[order][:-1]) & (members[order][1:] == members[order][:-1])
    if same.any():
        bad = partitions[int(owner[order][1:][same][0])]
        raise ValueError(f"partition of {bad.total_key!r} repeats a cell")


def _preference(cells: Sequence[Cell]) -> IntArray:
    """Position of each cell when ordered by denominator then key (deterministic)."""
    try:
        order = _order(cells, [c.key for c in cells])
    except TypeError:  # keys of mixed, unorderable types
        order = _order(cells, [repr(c.key) for c in cells])
    preference = np.empty(len(cells), dtype=np.int64)
    preference[np.asarray(order, dtype=np.int64)] = np.arange(len(cells), dtype=np.int64)
    return preference


def _order(cells: Sequence[Cell], keys: Sequence[object]) -> list[int]:
    dens = [c.denominator for c in cells]
    decorated = sorted(zip(dens, keys, range(len(cells)), strict=True))
    return [i for _, _, i in decorated]


@dataclass(frozen=True, slots=True)
class PublishedCell:
    key: Hashable
    numerator: float | None
    denominator: float | None
    suppressed: Reason | None


def publish(cells: Sequence[Cell], reasons: dict[Hashable, Reason]) -> list[PublishedCell]:
    """The cells as published: hidden ones lose their numerator and denominator."""
    published = []
    for cell in cells:
        reason = reasons.get(cell.key)
        if reason is None:
            published.append(PublishedCell(cell.key, cell.numerator, cell.denominator, None))
        else:
            published.append(PublishedCell(cell.key, None, None, reason))
    return published
