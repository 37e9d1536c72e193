"""The challenge list: school targets below the school's modelled estimate, with the
numbers; and the LA target (pupil-weighted sum of school targets) beside the LA estimate."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from attain.targets.records import Target


@dataclass(frozen=True)
class Estimate:
    value: float
    ci_low: float
    ci_high: float
    pupils: int


@dataclass(frozen=True)
class ChallengeRow:
    urn: int
    measure_id: str
    year: int
    target: float
    estimate: float
    ci_low: float
    ci_high: float
    last_year: float | None
    # How far the target falls short of the estimate (always positive on the list).
    shortfall: float
    # True when the target is below even the bottom of the estimate's 95% range.
    below_range: bool


Key = tuple[int, str]


def challenge_list(targets: Iterable[Target], estimates: Mapping[Key, Estimate],
                   last_year: Mapping[Key, float], *,
                   higher_is_better: Mapping[str, bool] | None = None) -> list[ChallengeRow]:
    """Targets less ambitious than the estimate, largest shortfall first. Targets with no
    estimate (no fitted model, or no pupils with prior attainment) are not listed."""
    better = higher_is_better or {}
    rows = []
    for t in targets:
        est = estimates.get((t.urn, t.measure_id))
        if est is None:
            continue
        sign = 1.0 if better.get(t.measure_id, True) else -1.0
        shortfall = sign * (est.value - t.value)
        if shortfall <= 0:
            continue
        bound = est.ci_low if sign > 0 else est.ci_high
        rows.append(ChallengeRow(t.urn, t.measure_id, t.year, t.value, est.value, est.ci_low,
                                 est.ci_high, last_year.get((t.urn, t.measure_id)), shortfall,
                                 sign * (bound - t.value) > 0))
    return sorted(rows, key=lambda r: (-r.shortfall, r.urn, r.measure_id))


@dataclass(frozen=True)
class LaTarget:
    measure_id: str
    year: int
    target: float
    estimate: float | None
    pupils: int
    schools: int


def la_target(targets: Iterable[Target], estimates: Mapping[Key, Estimate],
              measure_id: str, year: int) -> LaTarget | None:
    """The LA target as the sum of school targets: each school's target weighted by its
    cohort (for a percentage, the number of pupils it targets, over all pupils)."""
    chosen = [(t, estimates[(t.urn, t.measure_id)]) for t in targets
              if t.measure_id == measure_id and t.year == year
              and (t.urn, t.measure_id) in estimates]
    pupils = sum(e.pupils for _, e in chosen)
    if not pupils:
        return None
    target = sum(t.value * e.pupils for t, e in chosen) / pupils
    estimate = sum(e.value * e.pupils for _, e in chosen) / pupils
    return LaTarget(measure_id, year, target, estimate, pupils, len(chosen))
