"""Evaluate a framework for one school, three-valued, keeping every reason with its numbers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from attain.domain.risk import (
    INSUFFICIENT_DATA,
    AllOf,
    AnyOf,
    Categorisation,
    Condition,
    Fact,
    Framework,
    InputRef,
    NotOf,
    Reason,
    ReasonKind,
    Scalar,
    Source,
    Test,
    show,
)

Facts = Mapping[str, Fact]


@dataclass(frozen=True)
class Outcome:
    """True / False / None (unknown) and the reasons that explain it."""

    truth: bool | None
    reasons: tuple[Reason, ...]


def categorise(framework: Framework, urn: int, year: int, facts: Facts) -> Categorisation:
    if framework.matrix is not None:
        return _matrix(framework, urn, year, facts)
    not_met: list[Reason] = []
    for category in framework.categories:
        if category.when is None:
            return Categorisation(framework.id, urn, year, category.id, category.label,
                                  tuple(not_met))
        outcome = evaluate(category.when, year, facts)
        if outcome.truth is None:
            return _insufficient(framework, urn, year, outcome.reasons)
        if outcome.truth:
            return Categorisation(framework.id, urn, year, category.id, category.label,
                                  outcome.reasons)
        not_met += outcome.reasons
    raise ValueError(f"framework {framework.id} has no otherwise category")


def _insufficient(framework: Framework, urn: int, year: int,
                  reasons: tuple[Reason, ...]) -> Categorisation:
    return Categorisation(framework.id, urn, year, INSUFFICIENT_DATA, "Insufficient data",
                          reasons)


def evaluate(condition: Condition, year: int, facts: Facts) -> Outcome:
    if isinstance(condition, Test):
        return _test(condition, year, facts)
    if isinstance(condition, NotOf):
        inner = evaluate(condition.item, year, facts)
        return Outcome(None if inner.truth is None else not inner.truth, inner.reasons)
    outcomes = [evaluate(item, year, facts) for item in condition.items]
    decisive = isinstance(condition, AnyOf)   # any: one True decides; all: one False does
    assert isinstance(condition, AllOf | AnyOf)
    for wanted in (decisive, None):
        picked = [o for o in outcomes if o.truth is wanted]
        if picked:
            return Outcome(wanted, tuple(r for o in picked for r in o.reasons))
    return Outcome(not decisive, tuple(r for o in outcomes for r in o.reasons))


def _missing(ref: InputRef, year: int, fact: Fact | None) -> Outcome:
    label = fact.label if fact is not None else _default_label(ref)
    why = fact.missing if fact is not None and fact.missing else "no value"
    when = f" ({year + ref.year_offset})" if ref.source is Source.MEASURE else ""
    return Outcome(None, (Reason(ReasonKind.INSUFFICIENT,
                                 f"insufficient data: {label}{when}: {why}"),))


def _default_label(ref: InputRef) -> str:
    if ref.source is Source.MEASURE:
        group = "" if ref.group == "all" else f" ({ref.group})"
        return f"{ref.key}{group} {ref.field}".replace(" value", "")
    return f"{ref.source.value} {ref.key}".replace("_", " ")


def _threshold(test: Test, year: int, facts: Facts) -> tuple[Scalar | tuple[Scalar, ...] | None,
                                                             str | None]:
    """The value compared with, or None and why it is missing."""
    operand, ref = test.operand, test.input
    at = year + ref.year_offset
    if operand.field is not None:
        other = facts.get(InputRef(ref.source, ref.key, operand.field, ref.group,
                                   ref.year_offset).fact_key(year))
        if other is None or other.value is None:
            return None, f"no {operand.field.replace('_', ' ')} to compare with"
        return other.value, None
    if operand.by_year:
        found = dict(operand.by_year).get(at)
        return (found, None) if found is not None else (None, f"no threshold for {at}")
    return operand.constant, None


def _test(test: Test, year: int, facts: Facts) -> Outcome:
    ref = test.input
    fact = facts.get(ref.fact_key(year))
    if fact is None or fact.value is None:
        return _missing(ref, year, fact)
    threshold, why = _threshold(test, year, facts)
    if threshold is None:
        return Outcome(None, (Reason(ReasonKind.INSUFFICIENT,
                                     f"insufficient data: {fact.label}: {why}"),))
    truth = test.op.holds(fact.value, threshold)
    template = test.reason or "{label} {value} is {op} {threshold}"
    text = template.format(label=fact.label, value=fact.shown(),
                           op=test.op.words(truth),
                           threshold=show(threshold, fact.unit,
                                          fact.decimals if test.operand.field is not None
                                          else _decimals(threshold, fact)),
                           year=year + ref.year_offset,
                           difference=_difference(fact, threshold))
    text = " ".join(text.split())
    return Outcome(truth, (Reason(ReasonKind.FIRED if truth else ReasonKind.NOT_MET, text),))


def _difference(fact: Fact, threshold: object) -> str:
    """{difference} in a reason: how far the value is from what it is compared with (e.g.
    "8.0" points below its family average), in the fact's decimals; empty if not numbers."""
    numbers = [v for v in (fact.value, threshold)
               if isinstance(v, int | float) and not isinstance(v, bool)]
    if len(numbers) < 2:
        return ""
    return f"{abs(float(numbers[0]) - float(numbers[1])):.{fact.decimals}f}"


def _decimals(threshold: object, fact: Fact) -> int:
    """A threshold reads as written in the framework ("the 40% floor", "-0.5")."""
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        return fact.decimals
    if float(threshold).is_integer():
        return 0
    return len(repr(float(threshold)).split(".")[1])


def _matrix(framework: Framework, urn: int, year: int, facts: Facts) -> Categorisation:
    matrix = framework.matrix
    assert matrix is not None
    row = facts.get(matrix.rows.fact_key(year))
    col = facts.get(matrix.columns.fact_key(year))
    missing = [o for ref, f in ((matrix.rows, row), (matrix.columns, col))
               if f is None or f.value is None for o in _missing(ref, year, f).reasons]
    if missing or row is None or col is None:
        return _insufficient(framework, urn, year, tuple(missing))
    cell = matrix.cell(str(row.value), str(col.value))
    if cell is None:
        return _insufficient(framework, urn, year, (Reason(
            ReasonKind.INSUFFICIENT,
            f"insufficient data: {row.label} {row.shown()} and {col.label} {col.shown()} "
            "are not in the framework's table"),))
    category = framework.category(cell.category)
    note = "" if cell.confirmed else " (matrix cell UNCONFIRMED)"
    text = (f"{row.label} {row.shown()} and {col.label} {col.shown()} give "
            f"{category.label}{note}")
    return Categorisation(framework.id, urn, year, category.id, category.label,
                          (Reason(ReasonKind.FIRED, text),))
