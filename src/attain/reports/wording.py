"""Data-generated sentences, by stated rules (docs/reports.md "Wording rules").

1. Figures are shown at the measure's decimals; percentages end in "%".
2. A difference is worked from the two figures *as shown*, so the sentence always agrees
   with the table: 52.4% against 58.0% is "5.6 percentage points below national".
3. Equal shown figures are "in line with"; otherwise "above" / "below" — plain facts,
   not "better" / "worse" (for absence, above national is not good news).
4. Percentages differ in "percentage points", other measures in "points".
   Singular only when the shown difference is exactly 1 ("1 percentage point").
5. A gap is the distance between a group and the other pupils, as shown. Between two
   years it "widened", "narrowed" or "stayed the same" by the change in that distance.
6. A suppressed or missing figure is never compared: the sentence says it is not published.
7. A school's family average (its similar schools) is named with the schools that counted
   ("the family average of 20 similar schools was 70.0%") and compared like national; with
   the school's figure suppressed, the family average is given without a difference.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PERCENT_UNITS = frozenset({"percent", "sessions_percent"})

# The family of similar schools (issue 7; docs/estimates.md, "Similar schools").
FAMILY_LABEL = "Family average (similar schools)"
FAMILY_SIZE_LABEL = "Family size (schools counted)"
FAMILY_DIFFERENCE_LABEL = "School minus family average"
FAMILY_NOTE = ("Family average: the average of the school's family of similar schools "
               "(the schools of its phase nearest to it in size, % FSM, % disadvantaged, "
               "% SEN, % EAL and prior attainment). Only members with a published figure "
               "count; the family size is how many did. No difference is shown where the "
               "school's own figure is suppressed.")


@dataclass(frozen=True)
class Unit:
    """How a measure's figures are shown."""

    unit: str
    decimals: int

    @property
    def is_percent(self) -> bool:
        return self.unit in PERCENT_UNITS

    def rounded(self, value: float) -> Decimal:
        step = Decimal(1).scaleb(-self.decimals)
        return Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP)

    def number(self, value: float) -> str:
        return _plain(self.rounded(value))

    def figure(self, value: float) -> str:
        return self.number(value) + ("%" if self.is_percent else "")

    def points(self, difference: Decimal) -> str:
        text = _plain(abs(difference))
        noun = "percentage point" if self.is_percent else "point"
        return f"{text} {noun}" + ("" if text == "1" else "s")


def _plain(number: Decimal) -> str:
    return f"{abs(number) if number == 0 else number:f}"  # never "-0.0"


def shown_difference(unit: Unit, value: float, other: float) -> Decimal:
    return unit.rounded(value) - unit.rounded(other)


def against(unit: Unit, value: float, other: float, other_name: str) -> str:
    """'2.1 percentage points above national' / 'in line with national'."""
    difference = shown_difference(unit, value, other)
    if difference == 0:
        return f"in line with {other_name}"
    side = "above" if difference > 0 else "below"
    return f"{unit.points(difference)} {side} {other_name}"


def compared_with_national(subject: str, unit: Unit, value: float | None,
                           national: float | None) -> str:
    """'Reading: 52% in Southend compared with 58% nationally (6 percentage points below
    national).'"""
    if value is None:
        return f"{subject}: the figure is not published (no data or suppressed)."
    if national is None:
        return f"{subject}: {unit.figure(value)}; no national figure is published."
    return (f"{subject}: {unit.figure(value)} compared with {unit.figure(national)} "
            f"nationally ({against(unit, value, national, 'national')}).")


def compared_with_family(unit: Unit, value: float | None, family: float,
                         size: int | None) -> str:
    """'The family average of 20 similar schools was 70.0% (10.0 percentage points below
    the family average).'"""
    schools = count_noun(size, "similar school") if size else "similar schools"
    sentence = f"The family average of {schools} was {unit.figure(family)}"
    if value is None:
        return f"{sentence}."
    return f"{sentence} ({against(unit, value, family, 'the family average')})."


def change_since(unit: Unit, value: float, earlier: float, earlier_year: int) -> str:
    """'up 2.0 percentage points from 2018' / 'the same as in 2018'."""
    difference = shown_difference(unit, value, earlier)
    if difference == 0:
        return f"the same as in {earlier_year}"
    direction = "up" if difference > 0 else "down"
    return f"{direction} {unit.points(difference)} from {earlier_year}"


def gap_change(unit: Unit, gap_now: Decimal, gap_before: Decimal, before_year: int) -> str:
    """Gaps are shown distances (>= 0): 'the gap narrowed by 3.0 percentage points since
    2018'."""
    change = abs(gap_now) - abs(gap_before)
    if change == 0:
        return f"the gap stayed the same as in {before_year}"
    verb = "widened" if change > 0 else "narrowed"
    return f"the gap {verb} by {unit.points(change)} since {before_year}"


def count_noun(count: int, singular: str, plural: str | None = None) -> str:
    """'1 school', '3 schools', 'no schools'."""
    if count == 0:
        return f"no {plural or singular + 's'}"
    return f"{count} {singular if count == 1 else plural or singular + 's'}"
