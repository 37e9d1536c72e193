"""Typed, frozen specs of measures and pupil groups, and the issues validation reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Kind(StrEnum):
    PROPORTION = "proportion"
    MEAN = "mean"
    RATE = "rate"
    TRANSITION = "transition"
    PROGRESS = "progress"
    GAP = "gap"
    PERCENTILE_GAP = "percentile_gap"


class Country(StrEnum):
    ENGLAND = "england"
    WALES = "wales"
    BOTH = "both"

    @property
    def codes(self) -> tuple[str, ...]:
        return {"england": ("E",), "wales": ("W",), "both": ("E", "W")}[self.value]


@dataclass(frozen=True)
class Issue:
    """One problem found in the definitions, with where it is and how to fix it."""

    severity: Severity
    file: str
    line: int | None
    rule: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        text = f"{where}: {self.rule}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


@dataclass(frozen=True)
class Origin:
    """Where a definition came from: its file, first line and the line of each key."""

    file: str
    line: int
    key_lines: tuple[tuple[str, int], ...] = ()

    def line_of(self, key: str) -> int:
        return dict(self.key_lines).get(key, self.line)


@dataclass(frozen=True)
class YearRange:
    """Years a measure exists: from..to inclusive (to None = open-ended), minus `except`."""

    start: int
    end: int | None = None
    excluded: tuple[int, ...] = ()

    def contains(self, year: int) -> bool:
        if year < self.start or (self.end is not None and year > self.end):
            return False
        return year not in self.excluded

    def text(self) -> str:
        span = f"{self.start}-{self.end}" if self.end is not None else f"{self.start}+"
        if self.excluded:
            span += " except " + ", ".join(str(y) for y in self.excluded)
        return span


@dataclass(frozen=True)
class Param:
    """A per-year parameter: `by_year` values with a default for other years."""

    name: str
    default: float | int | str
    by_year: tuple[tuple[int, float | int | str], ...] = ()


@dataclass(frozen=True)
class MeasureSpec:
    id: str
    title: str
    dataset: str
    kind: Kind
    years: YearRange
    origin: Origin
    key_stage: str = ""
    era: str = ""
    country: Country = Country.BOTH
    cohort: str | None = None
    higher_is_better: bool = True
    unit: str = ""
    decimals: int = 1
    params: tuple[Param, ...] = ()
    source: str = ""
    notes: str = ""
    # Kind-specific keys (docs/measure-format.md); None when the kind does not use them.
    numerator: str | None = None
    denominator: str | None = None
    value: str | None = None
    per: float | None = None
    prior: str | None = None
    outcome: str | None = None
    steps: float | None = None
    prior_group: str | None = None  # with prior_group_of: that measure's expression
    prior_group_of: str | None = None
    estimate_cohort: str | None = None
    divisor: float = 1.0
    outlier_z: float | None = None
    outlier_years: YearRange | None = None  # None: every year of the measure
    sd: str = "national"
    of: str | None = None
    group_a: str | None = None
    group_b: str | None = None
    percentile: float = 20.0
    # Not from YAML: years whose progress estimates (and national SD of scores) the compiler
    # reads from the warehouse's published `progress_estimates` instead of working them out
    # from the pupils (`attain compute --pupils own`, attain.services.compute).
    published_estimate_years: tuple[int, ...] = ()

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


@dataclass(frozen=True)
class GroupSpec:
    id: str
    title: str
    filter: str
    origin: Origin
    partition: str | None = None
    datasets: tuple[str, ...] | None = None

    def applies_to(self, dataset: str) -> bool:
        return self.datasets is None or dataset in self.datasets


@dataclass(frozen=True)
class Catalogue:
    measures: tuple[MeasureSpec, ...]
    groups: tuple[GroupSpec, ...]
    issues: tuple[Issue, ...] = field(default=())

    def measure(self, measure_id: str) -> MeasureSpec:
        for spec in self.measures:
            if spec.id == measure_id:
                return spec
        raise KeyError(f"unknown measure {measure_id!r}")

    def group(self, group_id: str) -> GroupSpec:
        for spec in self.groups:
            if spec.id == group_id:
                return spec
        raise KeyError(f"unknown group {group_id!r}")

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)
