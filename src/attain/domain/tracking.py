"""Is a measure of success on track? The rule, pure and documented (docs/plans.md).

Inputs are plain values from the results cube: the latest published row for the plan's own
area (`ours`) and, for comparator rules, the comparator's row for the same year. "Better"
follows the measure's direction (`higher_is_better`). `tolerance` is in the measure's own
units (percentage points for percentages) and defaults to 1.

Numeric target (baseline year/value -> target year/value):
  expected(year) is the straight line from baseline to target (held at the target after
  the target year). needed = expected - baseline, made = ours - baseline (both signed so
  that positive is better).
  GREEN  made >= needed                  (on or ahead of the trajectory)
  AMBER  made >= needed / 2              (at least half the progress expected by now)
  RED    otherwise.
  Without a baseline: GREEN when the target is met; AMBER before the target year; RED from
  the target year on.

Comparator (same year):
  at least in line / in line: GREEN if ours is no worse than the comparator, AMBER if worse
  by at most `tolerance`, RED if worse by more.
  above: GREEN if strictly better, AMBER if within `tolerance` below or equal, RED otherwise.
  gap halved by year Y: gap = how far ours is behind the comparator. The expected gap falls
  in a straight line from the baseline-year gap to half of it in year Y. GREEN if the gap is
  no wider than expected, AMBER if narrower than at baseline, RED otherwise.
  The comparator is another area's row, or for a family comparator (school links only) the
  average of the school's family of similar schools for the same measure, group and year;
  a year with no family average is NO_DATA ("no 2019 value for similar schools"), never 0.

A measure with both a target and a comparator takes the worse of the two. NO_DATA when the
measure is not linked, the row is missing or suppressed, or a rule lacks an input.
Objectives and plans roll up to the worst RAG of the measures that have data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from attain.domain.plans import ComparatorRule, MeasureOfSuccess, Point


class Track(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NO_DATA = "no_data"


_SEVERITY = {Track.GREEN: 0, Track.AMBER: 1, Track.RED: 2}


@dataclass(frozen=True)
class Observation:
    """One results-cube value: the year (as the year it ends) and the published figure."""

    year: int
    value: float | None
    suppressed: bool = False

    @property
    def usable(self) -> bool:
        return self.value is not None and not self.suppressed


@dataclass(frozen=True)
class Assessment:
    track: Track
    reason: str
    expected: float | None = None


@dataclass(frozen=True)
class Inputs:
    ours: Observation | None
    comparator: Observation | None = None
    comparator_at_baseline: Observation | None = None
    higher_is_better: bool = True
    tolerance: float = 1.0


def assess(measure: MeasureOfSuccess, inputs: Inputs) -> Assessment:
    """The RAG of one measure of success from its latest value(s)."""
    if measure.link is None:
        return Assessment(Track.NO_DATA, "not linked to a measure")
    ours = inputs.ours
    if ours is None or not ours.usable:
        return Assessment(Track.NO_DATA, "no published value yet" if ours is None
                          else f"{ours.year} value suppressed")
    results = []
    if measure.target is not None:
        results.append(_against_target(measure.baseline, measure.target, ours, inputs))
    if measure.comparator is not None:
        results.append(_against_comparator(measure, ours, inputs))
    if not results:
        return Assessment(Track.NO_DATA, "no target or comparator to judge against")
    return max(results, key=lambda a: _SEVERITY.get(a.track, -1))


def _signed(value: float, inputs: Inputs) -> float:
    return value if inputs.higher_is_better else -value


def _against_target(baseline: Point | None, target: Point, ours: Observation,
                    inputs: Inputs) -> Assessment:
    value = float(ours.value or 0.0)
    met = _signed(value - target.value, inputs) >= 0
    if baseline is None or baseline.year is None or target.year is None:
        if met:
            return Assessment(Track.GREEN, f"{value:g} meets the target {target.value:g}")
        late = target.year is not None and ours.year >= target.year
        return Assessment(Track.RED if late else Track.AMBER,
                          f"{value:g} short of the target {target.value:g}")
    expected = _trajectory(baseline, target, ours.year)
    needed = _signed(expected - baseline.value, inputs)
    made = _signed(value - baseline.value, inputs)
    reason = f"{value:g} in {ours.year} against {expected:g} expected on the way to " \
             f"{target.value:g} by {target.year}"
    if made >= needed:
        return Assessment(Track.GREEN, reason, expected)
    track = Track.AMBER if made >= needed / 2 else Track.RED
    return Assessment(track, reason, expected)


def _trajectory(baseline: Point, target: Point, year: int) -> float:
    assert baseline.year is not None and target.year is not None
    if target.year == baseline.year or year >= target.year:
        return target.value
    if year <= baseline.year:
        return baseline.value
    share = (year - baseline.year) / (target.year - baseline.year)
    return baseline.value + (target.value - baseline.value) * share


def _against_comparator(measure: MeasureOfSuccess, ours: Observation, inputs: Inputs
                        ) -> Assessment:
    comparator = measure.comparator
    assert comparator is not None
    other = inputs.comparator
    if other is None or not other.usable or other.year != ours.year:
        return Assessment(Track.NO_DATA, f"no {ours.year} value for {comparator.shown}")
    ahead = _signed(float(ours.value or 0.0) - float(other.value or 0.0), inputs)
    label = f"{ahead:+g} against {comparator.shown} in {ours.year}"
    if comparator.rule is ComparatorRule.GAP_HALVED:
        return _gap_halved(measure, -ahead, inputs)
    if comparator.rule is ComparatorRule.ABOVE:
        if ahead > 0:
            return Assessment(Track.GREEN, label)
        return Assessment(Track.AMBER if ahead >= -inputs.tolerance else Track.RED, label)
    if ahead >= 0:
        return Assessment(Track.GREEN, label)
    return Assessment(Track.AMBER if ahead >= -inputs.tolerance else Track.RED, label)


def _gap_halved(measure: MeasureOfSuccess, gap: float, inputs: Inputs) -> Assessment:
    baseline, comparator = measure.baseline, measure.comparator
    then = inputs.comparator_at_baseline
    assert comparator is not None
    if baseline is None or baseline.year is None or comparator.by_year is None or \
            then is None or not then.usable or then.year != baseline.year:
        return Assessment(Track.NO_DATA, "gap rule needs the baseline year, the comparator "
                          "then and the year by which the gap halves")
    first_gap = _signed(float(then.value or 0.0) - baseline.value, inputs)
    year = inputs.ours.year if inputs.ours else baseline.year
    expected = _trajectory(Point(first_gap, baseline.year),
                           Point(first_gap / 2, comparator.by_year), year)
    reason = f"gap to {comparator.shown} {gap:g} in {year} against {expected:g} expected " \
             f"(from {first_gap:g} in {baseline.year}, halving by {comparator.by_year})"
    if gap <= expected:
        return Assessment(Track.GREEN, reason, expected)
    return Assessment(Track.AMBER if gap < first_gap else Track.RED, reason, expected)


def roll_up(tracks: Iterable[Track]) -> Track:
    """The worst RAG among those with data; NO_DATA when none has data."""
    judged = [t for t in tracks if t is not Track.NO_DATA]
    if not judged:
        return Track.NO_DATA
    return max(judged, key=lambda t: _SEVERITY[t])
