"""Risk categorisation as values: rule sets (frameworks), the inputs they read, results.

A framework is data (YAML in definitions/frameworks, read by attain.risk.loader). It either
lists categories in order, each with a condition (the first that holds wins, the last is
the `otherwise` category), or a two-way matrix (Welsh standards group x improvement
capacity). Conditions combine tests (`all`, `any`, `not`) with one small operator
vocabulary. Evaluation is three-valued: a test on a missing or suppressed input is
*unknown*, and an unknown category condition gives "insufficient data", never a silent
green.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

Scalar = float | int | str | bool


class Op(StrEnum):
    LT = "lt"
    LE = "le"
    GT = "gt"
    GE = "ge"
    EQ = "eq"
    NE = "ne"
    IN = "in"
    NOT_IN = "not_in"

    def words(self, truth: bool) -> str:
        yes, no = _OP_WORDS[self]
        return yes if truth else no

    def holds(self, left: Scalar, right: Scalar | tuple[Scalar, ...]) -> bool:
        if self in (Op.IN, Op.NOT_IN):
            members = right if isinstance(right, tuple) else (right,)
            return (left in members) == (self is Op.IN)
        if isinstance(right, tuple):
            raise ValueError(f"operator {self.value} takes one value, not a list")
        if self is Op.EQ:
            return left == right
        if self is Op.NE:
            return left != right
        a, b = float(left), float(right)
        return {Op.LT: a < b, Op.LE: a <= b, Op.GT: a > b, Op.GE: a >= b}[self]


_OP_WORDS: dict[Op, tuple[str, str]] = {
    Op.LT: ("below", "not below"), Op.LE: ("at or below", "above"),
    Op.GT: ("above", "not above"), Op.GE: ("at or above", "below"),
    Op.EQ: ("", "not"), Op.NE: ("not", ""),
    Op.IN: ("one of", "not one of"), Op.NOT_IN: ("not one of", "one of"),
}


class Source(StrEnum):
    """Where an input comes from."""

    MEASURE = "measure"            # a results-cube row for the school (+ comparisons)
    OFSTED = "ofsted"              # latest inspection, across academy conversion
    SELF_EVALUATION = "self_evaluation"
    CHARACTERISTIC = "characteristic"
    WALES = "wales"                # standards group / improvement capacity
    CONCERNS = "concerns"


MEASURE_FIELDS = ("value", "diff_national", "la_value", "national_value", "significance",
                  "ci_low", "ci_high", "denominator", "numerator", "trend3_change",
                  "trend3_direction", "trend5_change", "trend5_direction", "rank", "quartile",
                  "family_value", "diff_family")
SELF_EVALUATION_KEYS = ("overall_effectiveness", "achievement", "teaching",
                        "behaviour_safety", "leadership")
CHARACTERISTIC_KEYS = ("new_head", "senior_staff_changes", "budget_deficit", "falling_roll",
                       "poor_buildings", "recently_improved", "count")
OFSTED_KEYS = ("overall", "category", "worst_judgement", "urgent_improvement_areas",
               "safeguarding_met", "framework", "good_or_better")
WALES_KEYS = ("standards_group", "improvement_capacity")
CONCERN_KEYS = ("open", "open_safeguarding", "escalated")
KEYS_BY_SOURCE: dict[Source, tuple[str, ...]] = {
    Source.SELF_EVALUATION: SELF_EVALUATION_KEYS, Source.CHARACTERISTIC: CHARACTERISTIC_KEYS,
    Source.OFSTED: OFSTED_KEYS, Source.WALES: WALES_KEYS, Source.CONCERNS: CONCERN_KEYS,
}


@dataclass(frozen=True)
class InputRef:
    """One input: a measure field for a group and year offset, or a named school fact."""

    source: Source
    key: str
    field: str = "value"
    group: str = "all"
    year_offset: int = 0

    def fact_key(self, year: int) -> str:
        if self.source is Source.MEASURE:
            return f"measure:{self.key}:{self.field}:{self.group}:{year + self.year_offset}"
        return f"{self.source.value}:{self.key}"


@dataclass(frozen=True)
class Operand:
    """What a test compares with: a constant, a value per year, or another field of the
    same measure row (e.g. `national_value`)."""

    constant: Scalar | tuple[Scalar, ...] | None = None
    by_year: tuple[tuple[int, Scalar], ...] = ()
    field: str | None = None


@dataclass(frozen=True)
class Test:
    input: InputRef
    op: Op
    operand: Operand
    reason: str | None = None   # template: {label} {value} {op} {threshold} {year} {difference}
    line: int = 0


@dataclass(frozen=True)
class AllOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class NotOf:
    item: Condition


Condition = Test | AllOf | AnyOf | NotOf


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    when: Condition | None = None      # None only for the `otherwise` category
    visits: tuple[str, ...] = ()       # review-cycle visits this category receives
    support: str = ""


@dataclass(frozen=True)
class MatrixCell:
    row: str
    column: str
    category: str
    confirmed: bool = True


@dataclass(frozen=True)
class Matrix:
    rows: InputRef
    columns: InputRef
    row_values: tuple[str, ...]
    column_values: tuple[str, ...]
    cells: tuple[MatrixCell, ...]

    def cell(self, row: str, column: str) -> MatrixCell | None:
        return next((c for c in self.cells if c.row == row and c.column == column), None)


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    source: str
    first_year: int | None
    last_year: int | None
    categories: tuple[Category, ...]
    matrix: Matrix | None = None
    file: str = ""
    country: str | None = None         # E or W; None applies to both
    phases: tuple[str, ...] = ()       # schools registry phases; () applies to every phase

    def applies_to_phase(self, phase: str) -> bool:
        return not self.phases or phase in self.phases

    def applies_to(self, year: int) -> bool:
        return (self.first_year is None or year >= self.first_year) and \
            (self.last_year is None or year <= self.last_year)

    def category(self, category_id: str) -> Category:
        return next(c for c in self.categories if c.id == category_id)

    def inputs(self) -> tuple[InputRef, ...]:
        found: list[InputRef] = []
        for cat in self.categories:
            if cat.when is not None:
                found += _inputs(cat.when)
        if self.matrix is not None:
            found += [self.matrix.rows, self.matrix.columns]
        return tuple(found)


def _inputs(condition: Condition) -> list[InputRef]:
    if isinstance(condition, Test):
        return [condition.input]
    if isinstance(condition, NotOf):
        return _inputs(condition.item)
    return [ref for item in condition.items for ref in _inputs(item)]


INSUFFICIENT_DATA = "insufficient_data"


@dataclass(frozen=True)
class Fact:
    """A school's value for one input, how to show it, or why it is missing."""

    value: Scalar | None
    label: str
    unit: str = ""
    decimals: int = 1
    missing: str | None = None

    def shown(self) -> str:
        return show(self.value, self.unit, self.decimals)


def show(value: Scalar | tuple[Scalar, ...] | None, unit: str = "", decimals: int = 1) -> str:
    if isinstance(value, tuple):
        return ", ".join(show(v, unit, decimals) for v in value)
    if isinstance(value, bool) or value is None:
        return {True: "yes", False: "no", None: "none"}[value]
    if isinstance(value, float | int):
        text = f"{value:.{decimals}f}" if isinstance(value, float) else str(value)
        return f"{text}%" if unit == "percent" else text
    return value


class ReasonKind(StrEnum):
    FIRED = "fired"
    NOT_MET = "not_met"
    INSUFFICIENT = "insufficient_data"


@dataclass(frozen=True)
class Reason:
    kind: ReasonKind
    text: str


@dataclass(frozen=True)
class Categorisation:
    framework_id: str
    urn: int
    year: int
    category: str
    label: str
    reasons: tuple[Reason, ...] = field(default_factory=tuple)


def falling_roll(roll_by_year: Mapping[int, int], year: int) -> bool | None:
    """True when the census roll fell in each of the two steps over three years
    (year-2 > year-1 > year); None when any of the three counts is missing."""
    counts: Sequence[int | None] = [roll_by_year.get(year - k) for k in (2, 1, 0)]
    if any(c is None for c in counts):
        return None
    a, b, c = (int(x) for x in counts if x is not None)
    return a > b > c
