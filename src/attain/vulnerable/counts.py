"""Counts of vulnerable pupils by reason for an LA and its schools, with small numbers
suppressed by the project's rule (attain.stats.suppression), complementary suppression
included.

Three kinds of count per area (the LA, and each of its schools):
- `any`: pupils flagged with at least one reason (the total);
- `with`: pupils flagged with this reason among others. A pupil with two reasons counts
  under both, so these overlap and add up to no total; only the schools-to-LA sum links them;
- `main`: pupils whose main reason (highest weight, the first rule in vulnerability.yaml on
  a tie) is this one. These split `any` exactly, so they are suppressed across reasons too.

The denominator of every count is the pupils on roll in the area (the count's complement
is "on roll and not flagged"). Additive equations: in each area `any` = the sum of the
`main` counts; for each kind and reason, the LA = the sum of its schools.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from attain.stats.suppression import Cell, Partition, SuppressionRule, publish, suppress
from attain.vulnerable.rules import Assessment, Reason, Rule

ANY = "any"


class Counting(StrEnum):
    ANY = "any"  # flagged for any reason: the total
    MAIN = "main"  # by main reason: parts of the total
    WITH = "with"  # with this reason among others: overlapping


@dataclass(frozen=True)
class CountRow:
    """One published count; `pupils` and `on_roll` are None when suppressed."""

    level: str  # "la" or "school"
    area_code: str
    counting: Counting
    reason: str  # a rule id, or "any"
    pupils: int | None
    on_roll: int | None
    suppressed: str | None  # the suppression reason (attain.stats.suppression.Reason)


Key = tuple[str, str, str, str]  # (level, area code, counting, reason)


def main_reason(assessment: Assessment) -> Reason:
    """The highest-weight reason; the first in rule order on a tie."""
    return max(assessment.reasons, key=lambda r: r.weight)  # max keeps the first of ties


def raw_counts(rules: Sequence[Rule], flagged: Iterable[Assessment],
               on_roll: Mapping[int, int], la_code: str) -> tuple[list[Cell], list[Partition]]:
    """Cells (numerator = pupils, denominator = on roll) for the LA and every school in
    `on_roll` (URN -> pupils on roll), and the additive partitions between them."""
    counts: Counter[Key] = Counter()
    for a in flagged:
        for level, area in (("la", la_code), ("school", str(a.urn))):
            counts[(level, area, Counting.ANY, ANY)] += 1
            counts[(level, area, Counting.MAIN, main_reason(a).rule_id)] += 1
            for reason in a.reasons:
                counts[(level, area, Counting.WITH, reason.rule_id)] += 1
    areas = [("la", la_code, sum(on_roll.values()))]
    areas += [("school", str(urn), n) for urn, n in sorted(on_roll.items())]
    kinds = [(Counting.ANY, ANY)] + [(c, r.id) for c in (Counting.MAIN, Counting.WITH)
                                     for r in rules]
    cells = [Cell((level, area, str(c), reason), counts[(level, area, c, reason)], roll)
             for level, area, roll in areas for c, reason in kinds]
    return cells, _partitions(rules, la_code, sorted(on_roll), kinds)


def _partitions(rules: Sequence[Rule], la_code: str, urns: Sequence[int],
                kinds: Sequence[tuple[Counting, str]]) -> list[Partition]:
    areas = [("la", la_code)] + [("school", str(u)) for u in urns]
    across_reasons = [Partition((level, area, str(Counting.ANY), ANY),
                                tuple((level, area, str(Counting.MAIN), r.id) for r in rules))
                      for level, area in areas]
    across_schools = [Partition(("la", la_code, str(c), reason),
                                tuple(("school", str(u), str(c), reason) for u in urns))
                      for c, reason in kinds] if urns else []
    return across_reasons + across_schools


def suppressed_counts(rules: Sequence[Rule], flagged: Iterable[Assessment],
                      on_roll: Mapping[int, int], la_code: str,
                      rule: SuppressionRule | None = None) -> list[CountRow]:
    """Every count of the LA and its schools as published: small numbers hidden by `rule`
    (default: the settings' rule), then complementary cells so that none can be recovered
    by subtracting published counts."""
    cells, partitions = raw_counts(rules, flagged, on_roll, la_code)
    reasons = suppress(cells, partitions, rule or SuppressionRule.from_settings())
    return [_row(p.key, p.numerator, p.denominator, p.suppressed)
            for p in publish(cells, reasons)]


def _row(key: Hashable, pupils: float | None, on_roll: float | None,
         reason: object) -> CountRow:
    level, area, counting, rule_id = (str(part) for part in key)  # type: ignore[attr-defined]
    return CountRow(level, area, Counting(counting), rule_id,
                    None if pupils is None else int(pupils),
                    None if on_roll is None else int(on_roll),
                    None if reason is None else str(reason))
