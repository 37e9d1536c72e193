"""The YAML plan format: the four seed plans, round trips and located errors."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attain.domain import plans as m
from attain.domain.periods import parse
from attain.domain.results import Level
from attain.ingest.plans_tree import PlanImportError
from attain.ingest.plans_yaml import dump, load, load_text

EXAMPLES = Path(__file__).parents[3] / "examples" / "plans"
# Measure ids of the shared catalogue (/work/briefs/ids.md) the seed plans link to.
CATALOGUE = frozenset({
    "eyfs_ni72_78pts_6psed_cll", "ks2_l4_eng_maths", "ks4_5ac_em", "ks3_l5_sci",
    "eyfs_ni92_lowest20_gap", "ks2_2lp_eng", "ks2_2lp_maths", "ni99_lac_ks2_l4_eng",
    "ni100_lac_ks2_l4_maths", "ni101_lac_ks4_5ac_em", "ks4_capped9", "abs_overall",
    "abs_persistent", "excl_fixed_6plus_days_per1000",
})


def seed(name: str) -> m.Plan:
    return load(EXAMPLES / f"{name}.yaml", CATALOGUE)


@pytest.mark.parametrize("name", ["redditch-2012", "oxfordshire-2003", "durham-2009",
                                  "caerphilly-2018"])
def test_seed_plans_round_trip_without_loss(name: str) -> None:
    plan = seed(name)
    assert load_text(dump(plan), "again.yaml", CATALOGUE) == plan


def test_redditch_seed_000() -> None:
    plan = seed("redditch-2012")
    assert plan.organisation == "Redditch Partnership"
    assert [p.ref for p in plan.priorities] == ["1", "2", "3"]
    issue1 = plan.priorities[0]
    assert [o.ref for o in issue1.objectives] == ["1a", "1b", "2", "3"]
    held = issue1.objectives[0].actions[0]
    assert held.status is m.ActionStatus.ON_HOLD
    assert "Early Help Commissioning" in held.hold_reason
    assert str(held.target) == "To be reviewed"
    fair = plan.priorities[1].objectives[0].actions[0]
    assert fair.lead_partners == ("RBC", "WCC", "NEW College")
    assert fair.resources == "Funding has been identified."
    aim = issue1.measures[0].comparator
    assert aim is not None and aim.rule is m.ComparatorRule.AT_LEAST_IN_LINE
    assert (aim.level, aim.area_code) == (Level.LA, "885")
    assert len(list(plan.actions())) == 11


def test_oxfordshire_seed_001() -> None:
    plan = seed("oxfordshire-2003")
    assert [p.title for p in plan.priorities][:2] == [
        "Leadership and Management", "Quality School Improvement Services"]
    actions = [a for _, _, a in plan.actions()]
    assert len(actions) == 13 + 8 + 8 + 5 + 7  # tasks per area as printed
    team = actions[1]
    assert team.costs == (m.Cost(Decimal(135000), "Policy & Budget Plans"),)
    assert team.responsible == "Principal Adviser"
    assert team.target == parse("September 2003")
    # £135,000 + £30,000 + £135,000 + £30,000 + £80,000 + £50,000 + £40,000 + £40,000
    assert sum((a.total_cost for a in actions), Decimal(0)) == Decimal(540000)
    area3 = plan.priorities[2].objectives[0].actions
    assert [a.ref for a in area3] == ["1", "2", "3", "4", "5", "6", "5", "7"]
    assert area3[6].date_note == "September" and area3[6].target is None
    assert [(s.text, str(s.due)) for s in area3[7].milestones] == [
        ("pilot schools", "September 2003"), ("all secondary schools", "April 2004")]
    parents = plan.priorities[3].objectives[0].measures[0]
    assert (parents.baseline, parents.target) == (m.Point(33.0), m.Point(55.0))
    per_year = plan.priorities[4].objectives[0].actions[3].costs[0]
    assert per_year.per_year and per_year.funding_source == "PSA"


def test_durham_seed_003() -> None:
    plan = seed("durham-2009")
    priority = plan.priorities[0]
    assert m.Role("Accountable Person", "David Williams") in priority.roles
    tasks = priority.objectives[0].actions
    assert [t.ref for t in tasks] == [f"T{i}" for i in range(1, 9)]
    assert tasks[0].source_plan == "CYPP"
    assert (str(tasks[0].start), str(tasks[0].target)) == ("April 2009", "March 2012")
    assert tasks[6].milestones[0].text == "Annually in autumn term"
    linked = [x.link.measure_id for x in priority.objectives[0].measures if x.link]
    assert "ni101_lac_ks4_5ac_em" in linked and len(linked) == 10
    assert len(priority.objectives[0].measures) == 16


def test_caerphilly_seed_002() -> None:
    plan = seed("caerphilly-2018")
    assert [p.title for p in plan.priorities] == ["Outcomes", "Provision", "Leadership"]
    assert [len(p.objectives) for p in plan.priorities] == [6, 3, 2]
    actors = {a.actor_type for _, _, a in plan.actions()}
    assert actors == {m.ActorType.SCHOOLS, m.ActorType.LA, m.ActorType.CONSORTIUM}
    texts = [a.text for _, _, a in plan.actions()]
    assert "LA will challenge schools where targets are below modelled estimates." in texts
    # A cell continued over a page break is joined back to its own row.
    attendance = plan.priorities[0].objectives[2]
    assert any(a.text.endswith("to enable challenge advisors to provide additional support "
                               "to schools.") for a in attendance.actions)
    assert str(plan.period) == "2018-19"


def test_import_reports_every_problem_with_its_line_and_field() -> None:
    text = """\
id: bad
title: A plan with mistakes
priorities:
  - ref: '1'
    title: Literacy
    objectives:
      - ref: 1a
        text: Early years
        measures:
          - text: KS2 level 4
            measure: ks2_no_such_measure
        actions:
          - text: Consider Ofsted reports
            status: finished
            target: Spring term 2O13
            costs: [{amount: -30000, funding_source: LIG}, {amount: lots}]
          - ref: '2'
"""
    with pytest.raises(PlanImportError) as caught:
        load_text(text, "bad.yaml", CATALOGUE)
    found = {(str(p.where), p.what.split(" (")[0].split(";")[0]) for p in caught.value.problems}
    assert found == {
        ("bad.yaml:11 column priorities.objectives.measures.measure",
         "unknown measure id 'ks2_no_such_measure'"),
        ("bad.yaml:14 column priorities.objectives.actions.status", "unknown status 'finished'"),
        ("bad.yaml:15 column priorities.objectives.actions.target",
         "'Spring term 2O13' is not a date attain understands"),
        ("bad.yaml:16 column priorities.objectives.actions.costs.amount",
         "cost -30000 is negative"),
        ("bad.yaml:16 column priorities.objectives.actions.costs.amount",
         "'lots' is not a number"),
        ("bad.yaml:17 column priorities.objectives.actions.text", "'text' is required"),
    }
    assert "nothing was imported" in caught.value.message


def test_invalid_yaml_is_a_located_user_error() -> None:
    with pytest.raises(PlanImportError, match="bad.yaml:2"):
        load_text("id: x\ntitle: [unclosed\n", "bad.yaml")


# ---- property: any plan the model allows survives a YAML round trip ------------------

words = st.text(st.characters(categories=["L", "N", "P", "Zs"], exclude_characters="\x85"),
                min_size=1, max_size=30).filter(lambda s: s.strip() == s and bool(s))
phrases = st.sampled_from(["On-going", "To be confirmed", "Spring term 2013", "2012/13",
                           "Jan 2013", "by July 2013", "2013-03-31", "from September 2003",
                           "April 2009 – March 2012"])
money = st.decimals(min_value=0, max_value=10**7, places=2)
costs = st.builds(m.Cost, money, words, st.booleans())
actions = st.builds(
    m.Action, ref=words, text=words, actor_type=st.none() | st.sampled_from(m.ActorType),
    lead_partners=st.lists(words, max_size=2).map(tuple), responsible=words,
    costs=st.lists(costs, max_size=2).map(tuple),
    target=st.none() | phrases.map(parse),
    status=st.sampled_from([s for s in m.ActionStatus if s is not m.ActionStatus.ON_HOLD]),
    progress=st.lists(st.builds(m.ProgressEntry, phrases.map(parse), words, words,
                                st.none() | st.sampled_from(m.Rag)), max_size=2).map(tuple),
)
measures = st.builds(
    m.MeasureOfSuccess, text=words,
    link=st.none() | st.builds(m.MeasureLink, st.sampled_from(sorted(CATALOGUE)),
                               st.sampled_from(Level), words, words),
    baseline=st.none() | st.builds(m.Point, st.floats(0, 100), st.none() | st.integers(2000, 2010)),
    comparator=st.none() | st.builds(m.Comparator, st.sampled_from(m.ComparatorRule), words),
)
objectives = st.lists(st.builds(m.Objective, words, words,
                                st.lists(measures, max_size=2).map(tuple),
                                st.lists(actions, max_size=3).map(tuple)),
                      max_size=3, unique_by=lambda o: o.ref).map(tuple)
priorities = st.lists(st.builds(m.Priority, ref=words, title=words, aim=words,
                                key_issues=st.lists(words, max_size=2).map(tuple),
                                objectives=objectives),
                      max_size=3, unique_by=lambda p: p.ref).map(tuple)
plans = st.builds(m.Plan, id=words, title=words, organisation=words,
                  period=st.none() | phrases.map(parse), priorities=priorities)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans)
def test_any_plan_round_trips_through_yaml(plan: m.Plan) -> None:
    assert load_text(dump(plan), "p.yaml", CATALOGUE) == plan
