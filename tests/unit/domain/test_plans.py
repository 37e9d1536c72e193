"""Plan model invariants and the derived overdue status."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from attain.domain import plans as m
from attain.domain.periods import parse


def action(**fields: object) -> m.Action:
    values: dict[str, object] = {"ref": "1", "text": "Appoint a Senior Adviser"} | fields
    return m.Action(**values)  # type: ignore[arg-type]


def test_on_hold_needs_a_reason() -> None:
    with pytest.raises(m.PlanError, match="on hold without a reason"):
        action(status=m.ActionStatus.ON_HOLD)
    held = action(status=m.ActionStatus.ON_HOLD, hold_reason="Early Help Commissioning")
    assert held.hold_reason


def test_costs_are_never_negative_and_need_money_or_a_source() -> None:
    with pytest.raises(m.PlanError, match="negative"):
        m.Cost(Decimal("-1"), "LIG")
    with pytest.raises(m.PlanError, match="amount or a funding source"):
        m.Cost()
    assert str(m.Cost(Decimal(40000), "PSA", per_year=True)) == "£40,000 p.a. PSA"
    assert str(m.Cost(None, "Existing resources")) == "Existing resources"


def test_total_cost_adds_amounts_and_ignores_sources_without_money() -> None:
    # Oxfordshire area 1 task 12: "£30,000 LIG" and "£80,000 PSA" -> £110,000.
    task = action(costs=(m.Cost(Decimal(30000), "LIG"), m.Cost(Decimal(80000), "PSA"),
                         m.Cost(None, "Existing resources")))
    assert task.total_cost == Decimal(110000)


def test_action_cannot_end_before_it_starts() -> None:
    with pytest.raises(m.PlanError, match="ends before it starts"):
        action(start=parse("April 2010"), target=parse("March 2010"))
    action(start=parse("April 2009"), target=parse("March 2012"))


def test_target_year_not_before_baseline_year() -> None:
    with pytest.raises(m.PlanError, match="before baseline"):
        m.MeasureOfSuccess("x", baseline=m.Point(60.0, 2012), target=m.Point(70.0, 2011))


def test_priority_and_objective_refs_are_unique_but_action_refs_need_not_be() -> None:
    objective = m.Objective("1", "Maximise resources", actions=(action(ref="5"), action(ref="5")))
    with pytest.raises(m.PlanError, match="two children"):
        m.Priority("3", "Maximising Resources", objectives=(objective, objective))
    with pytest.raises(m.PlanError, match="two children"):
        m.Plan("p", "Plan", priorities=(m.Priority("1", "a"), m.Priority("1", "b")))


def test_review_must_name_an_objective_of_the_plan() -> None:
    priority = m.Priority("1", "Literacy", objectives=(m.Objective("1a", "Early years"),))
    review = m.Review(date(2013, 1, 10), objectives=(m.ObjectiveReview("1", "9", "no"),))
    with pytest.raises(m.PlanError, match="unknown objective 1/9"):
        m.Plan("p", "Plan", priorities=(priority,), reviews=(review,))


@pytest.mark.parametrize(
    ("status", "target", "today", "state"),
    [
        # Spring term 2013 allows any day up to 30 April 2013.
        (m.ActionStatus.IN_PROGRESS, "Spring term 2013", date(2013, 4, 30),
         m.ActionState.IN_PROGRESS),
        (m.ActionStatus.IN_PROGRESS, "Spring term 2013", date(2013, 5, 1), m.ActionState.OVERDUE),
        (m.ActionStatus.NOT_STARTED, "Jan 2013", date(2013, 2, 1), m.ActionState.OVERDUE),
        (m.ActionStatus.COMPLETE, "Jan 2013", date(2013, 2, 1), m.ActionState.COMPLETE),
        (m.ActionStatus.CANCELLED, "Jan 2013", date(2013, 2, 1), m.ActionState.CANCELLED),
        (m.ActionStatus.IN_PROGRESS, "On-going", date(2030, 1, 1), m.ActionState.IN_PROGRESS),
        (m.ActionStatus.IN_PROGRESS, "To be confirmed", date(2030, 1, 1),
         m.ActionState.IN_PROGRESS),
        (m.ActionStatus.IN_PROGRESS, "by July 2013", date(2013, 8, 1), m.ActionState.OVERDUE),
    ],
)
def test_overdue_is_derived_from_the_latest_day_allowed(
    status: m.ActionStatus, target: str, today: date, state: m.ActionState
) -> None:
    assert m.action_state(action(status=status, target=parse(target)), today) is state


def test_on_hold_is_never_overdue() -> None:
    held = action(status=m.ActionStatus.ON_HOLD, hold_reason="r", target=parse("Jan 2013"))
    assert m.action_state(held, date(2014, 1, 1)) is m.ActionState.ON_HOLD


def test_cadence_weeks() -> None:
    assert m.Cadence.FOUR_WEEKLY.weeks == 4
    assert m.Cadence.TERMLY.weeks == 13
