"""Validation rules over the built specs (several measures and groups together)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from attain.domain.datasets import DATASETS, PUPIL_RESULT_DATASETS
from attain.measures.expressions import ExprType, Problem, Scope, check_expression
from attain.measures.rules import (
    DATASET_ERAS,
    NO_ASSESSMENT_DATASETS,
    NO_ASSESSMENT_YEARS,
    CatalogueRule,
    CatalogueView,
)
from attain.measures.spec import GroupSpec, Issue, Kind, MeasureSpec, Severity

B, N = ExprType.BOOL, ExprType.NUMBER
# Expression keys of each kind and the type each must have.
EXPRESSION_KEYS: dict[Kind, tuple[tuple[str, ExprType | None], ...]] = {
    Kind.PROPORTION: (("numerator", B),),
    Kind.MEAN: (("value", N),),
    Kind.RATE: (("numerator", N), ("denominator", N)),
    Kind.TRANSITION: (("prior", N), ("outcome", N)),
    Kind.PROGRESS: (("outcome", N), ("prior_group", None), ("estimate_cohort", B)),
    Kind.GAP: (),
    Kind.PERCENTILE_GAP: (("value", N),),
}


def _issue(problem: Problem, file: str, line: int, key: str) -> Issue:
    return Issue(Severity.ERROR, file, line, problem.rule, f"{key}: {problem.message}",
                 problem.hint)


@dataclass(frozen=True)
class UniqueMeasureIds:
    name: str = "duplicate-id"

    def check(self, view: CatalogueView) -> Iterable[Issue]:
        by_id: dict[str, list[MeasureSpec]] = {}
        for spec in view.measures:
            by_id.setdefault(spec.id, []).append(spec)
        for specs in by_id.values():
            for spec in specs if len(specs) > 1 else ():
                others = ", ".join(f"{o.origin.file}:{o.origin.line_of('id')}"
                                   for o in specs if o is not spec)
                yield Issue(Severity.ERROR, spec.origin.file, spec.origin.line_of("id"),
                            self.name, f"measure id {spec.id!r} is also defined in {others}",
                            "give each measure its own id")


@dataclass(frozen=True)
class YearsWithinEra:
    name: str = "years-era"

    def check(self, view: CatalogueView) -> Iterable[Issue]:
        for spec in view.measures:
            era = DATASET_ERAS.get(spec.dataset)
            line = spec.origin.line_of("years")
            if era is not None:
                start, end = era
                too_late = end is not None and (spec.years.end is None or spec.years.end > end)
                if spec.years.start < start or too_late:
                    span = f"{start}-{end}" if end else f"{start}+"
                    yield Issue(Severity.ERROR, spec.origin.file, line, self.name,
                                f"years {spec.years.text()} are outside the {spec.dataset} "
                                f"dataset's years {span}", f"limit years to {span}")
            if spec.dataset in NO_ASSESSMENT_DATASETS:
                missing = [y for y in NO_ASSESSMENT_YEARS if spec.years.contains(y)]
                if missing:
                    yield Issue(Severity.WARNING, spec.origin.file, line, self.name,
                                f"years include {missing}, when {spec.dataset} assessments "
                                "were cancelled (COVID-19)", "add except: [2020, 2021]")


@dataclass(frozen=True)
class ValidExpressions:
    name: str = "expression"

    def check(self, view: CatalogueView) -> Iterable[Issue]:
        for spec in view.measures:
            if spec.dataset not in PUPIL_RESULT_DATASETS:
                continue
            scope = Scope(DATASETS[spec.dataset])
            params = {p.name: p for p in spec.params}
            keys: tuple[tuple[str, ExprType | None], ...] = (("cohort", B),
                                                              *EXPRESSION_KEYS[spec.kind])
            for key, wanted in keys:
                text = getattr(spec, key)
                if text is None or (key == "prior_group" and spec.prior_group_of is not None):
                    continue  # another measure's groups are checked in its own file
                checked = check_expression(text, scope, params, wanted)
                line = spec.origin.line_of(key)
                seen: set[str] = set()
                for problem in checked.problems:
                    if problem.message not in seen:
                        seen.add(problem.message)
                        yield _issue(problem, spec.origin.file, line, key)


@dataclass(frozen=True)
class PriorGroupReferences:
    """prior_group_of names a progress measure of the same dataset with its own groups."""

    name: str = "prior-group-reference"

    def check(self, view: CatalogueView) -> Iterable[Issue]:
        measures = view.measure_ids()
        for spec in view.measures:
            if spec.prior_group_of is None:
                continue
            problem = _prior_group_problem(spec, measures.get(spec.prior_group_of))
            if problem:
                yield Issue(Severity.ERROR, spec.origin.file,
                            spec.origin.line_of("prior_group_of"), self.name, problem,
                            "name a progress measure id of the same dataset that has its own "
                            "prior_group expression")


def _prior_group_problem(spec: MeasureSpec, of: MeasureSpec | None) -> str | None:
    if of is None:
        return f"prior_group_of unknown measure {spec.prior_group_of!r}"
    if of.kind is not Kind.PROGRESS:
        return f"prior_group_of a {of.kind} measure"
    if of.dataset != spec.dataset:
        return f"prior_group_of a measure of {of.dataset}, not {spec.dataset}"
    if of.prior_group_of is not None:
        return f"{of.id} takes its groups from {of.prior_group_of} too"
    return None


@dataclass(frozen=True)
class GapReferences:
    name: str = "gap-reference"

    def check(self, view: CatalogueView) -> Iterable[Issue]:
        measures = view.measure_ids()
        groups = {g.id for g in view.groups}
        for spec in view.measures:
            if spec.kind is not Kind.GAP:
                continue
            of = measures.get(spec.of or "")
            if of is None:
                yield Issue(Severity.ERROR, spec.origin.file, spec.origin.line_of("of"),
                            self.name, f"gap of unknown measure {spec.of!r}",
                            "name a measure id of the catalogue")
            elif of.kind in (Kind.GAP, Kind.PERCENTILE_GAP):
                yield Issue(Severity.ERROR, spec.origin.file, spec.origin.line_of("of"),
                            self.name, f"a gap cannot be of a {of.kind} measure",
                            "name a proportion, mean, rate, transition or progress measure")
            for key in ("group_a", "group_b"):
                group = getattr(spec, key)
                if group not in groups:
                    yield Issue(Severity.ERROR, spec.origin.file, spec.origin.line_of(key),
                                self.name, f"{key}: unknown group {group!r}",
                                "groups: " + ", ".join(sorted(groups)))


@dataclass(frozen=True)
class UniqueGroups:
    name: str = "duplicate-group"

    def check(self, view: CatalogueView) -> Iterable[Issue]:
        first: dict[str, GroupSpec] = {}
        for group in view.groups:
            if group.id in first:
                other = first[group.id].origin
                yield Issue(Severity.ERROR, group.origin.file, group.origin.line, self.name,
                            f"group {group.id!r} is also defined at line {other.line}",
                            "give each group its own id")
            else:
                first[group.id] = group
        if view.groups and "all" not in first:
            yield Issue(Severity.ERROR, view.groups[0].origin.file, 1, self.name,
                        "there is no group 'all'", "add {id: all, filter: \"true\"}")


@dataclass(frozen=True)
class ValidGroupFilters:
    """A group's filter must type-check as boolean on every dataset it applies to."""

    name: str = "group-filter"

    def check(self, view: CatalogueView) -> Iterable[Issue]:
        for group in view.groups:
            line = group.origin.line_of("filter")
            for name in group.datasets or ():
                if name not in PUPIL_RESULT_DATASETS:
                    yield Issue(Severity.ERROR, group.origin.file, group.origin.line_of(
                        "datasets"), self.name, f"group {group.id}: unknown dataset {name!r}",
                        "datasets: " + ", ".join(PUPIL_RESULT_DATASETS))
            reported: set[str] = set()
            for name in group.datasets or PUPIL_RESULT_DATASETS:
                if name not in DATASETS:
                    continue
                checked = check_expression(group.filter, Scope(DATASETS[name]), {}, B)
                for problem in checked.problems:
                    if problem.message in reported:
                        continue
                    reported.add(problem.message)
                    hint = problem.hint if group.datasets else (
                        f"{problem.hint}; or list the datasets that have the column "
                        "under datasets:").lstrip("; ")
                    yield Issue(Severity.ERROR, group.origin.file, line, self.name,
                                f"group {group.id} on {name}: {problem.message}", hint)


CATALOGUE_RULES: tuple[CatalogueRule, ...] = (
    UniqueMeasureIds(), YearsWithinEra(), ValidExpressions(), GapReferences(),
    PriorGroupReferences(), UniqueGroups(), ValidGroupFilters(),
)
