"""The XLSX plan template: seed round trips, drop-down lists, located errors, property."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from attain.domain import plans as m
from attain.domain.periods import parse
from attain.ingest import plans_xlsx
from attain.ingest.plans_tree import PlanImportError
from attain.ingest.plans_yaml import load

EXAMPLES = Path(__file__).parents[3] / "examples" / "plans"


@pytest.mark.parametrize("name", ["redditch-2012", "oxfordshire-2003", "durham-2009",
                                  "caerphilly-2018"])
def test_seed_plans_round_trip_through_xlsx(name: str, tmp_path: Path) -> None:
    plan = load(EXAMPLES / f"{name}.yaml")
    plans_xlsx.save(plan, tmp_path / "plan.xlsx")
    assert plans_xlsx.load(tmp_path / "plan.xlsx") == plan


def test_coded_cells_have_drop_down_lists(tmp_path: Path) -> None:
    plans_xlsx.save(load(EXAMPLES / "redditch-2012.yaml"), tmp_path / "plan.xlsx")
    book = load_workbook(tmp_path / "plan.xlsx")
    rules = {str(r.sqref): r.formula1 for r in book["Actions"].data_validations.dataValidation}
    assert rules["M2:M5000"] == '"not_started,in_progress,complete,on_hold,cancelled"'
    assert rules["E2:E5000"] == '"schools,la,consortium,partner"'
    assert '"red,amber,green"' in {r.formula1 for r in
                                   book["Progress"].data_validations.dataValidation}


def test_every_problem_is_reported_with_sheet_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    plans_xlsx.save(load(EXAMPLES / "oxfordshire-2003.yaml"), path)
    book = load_workbook(path)
    actions, costs = book["Actions"], book["Costs"]
    actions["M2"] = "finished"  # status of task 1.1.1
    actions["K3"] = "Septembre 2003"  # target of task 1.1.2
    actions["D4"] = None  # text of task 1.1.3 (required)
    costs["B3"] = -135000  # amount of the first £135,000
    costs["B4"] = "lots"
    measures = book["Measures"]
    measures["D2"] = "ks4_no_such_measure"
    book.save(path)
    with pytest.raises(PlanImportError) as caught:
        plans_xlsx.load(path, known_measures={"ks4_5ac_em"})
    found = {(str(p.where), p.what.split(" (")[0].split(";")[0]) for p in caught.value.problems}
    assert found == {
        ("plan.xlsx sheet 'Actions':2 column status", "unknown status 'finished'"),
        ("plan.xlsx sheet 'Actions':3 column target",
         "'Septembre 2003' is not a date attain understands"),
        ("plan.xlsx sheet 'Actions':4 column text", "'text' is required"),
        ("plan.xlsx sheet 'Costs':3 column amount", "cost -135000 is negative"),
        ("plan.xlsx sheet 'Costs':4 column amount", "'lots' is not a number"),
        ("plan.xlsx sheet 'Measures':2 column measure",
         "unknown measure id 'ks4_no_such_measure'"),
    }


def test_rows_naming_a_missing_parent_are_errors(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    plans_xlsx.save(load(EXAMPLES / "redditch-2012.yaml"), path)
    book = load_workbook(path)
    book["Actions"]["B2"] = "9.9"
    book["Actions"]["A4"] = "1.4.1"  # the key of the row below as well
    book.save(path)
    with pytest.raises(PlanImportError) as caught:
        plans_xlsx.load(path)
    assert [str(p) for p in caught.value.problems] == [
        "plan.xlsx sheet 'Actions':2 column objective: no objective with key '9.9'",
        "plan.xlsx sheet 'Actions':5 column key: key '1.4.1' is used twice"]


def test_unreadable_file_is_a_user_error(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(PlanImportError, match="not a readable .xlsx file"):
        plans_xlsx.load(path)


words = st.text(st.characters(categories=["L", "N", "P", "Zs"]), min_size=1, max_size=20
                ).filter(lambda s: s.strip() == s and bool(s) and not s.startswith("="))
phrases = st.sampled_from(["On-going", "Spring term 2013", "2012/13", "Jan 2013",
                           "by July 2013", "2013-03-31", "April 2009 – March 2012"])
actions = st.builds(
    m.Action, ref=words, text=words, actor_type=st.none() | st.sampled_from(m.ActorType),
    lead_partners=st.lists(words, max_size=2).map(tuple), resources=words,
    costs=st.lists(st.builds(m.Cost, st.decimals(0, 10**6, places=2), words, st.booleans()),
                   max_size=2).map(tuple),
    milestones=st.lists(st.builds(m.Milestone, words, st.none() | phrases.map(parse)),
                        max_size=2).map(tuple),
    target=st.none() | phrases.map(parse),
    progress=st.lists(st.builds(m.ProgressEntry, phrases.map(parse), words, words),
                      max_size=2).map(tuple))
# Excel keeps 15 significant digits; plan figures are given to a few decimals at most.
figures = st.decimals(0, 100, places=2).map(float)
measures = st.builds(m.MeasureOfSuccess, text=words,
                     baseline=st.none() | st.builds(m.Point, figures, st.just(2012)),
                     target=st.none() | st.builds(m.Point, figures, st.just(2015)))
objectives = st.lists(st.builds(m.Objective, words, words,
                                st.lists(measures, max_size=2).map(tuple),
                                st.lists(actions, max_size=2).map(tuple)),
                      max_size=2, unique_by=lambda o: o.ref).map(tuple)
plans = st.builds(m.Plan, id=words, title=words, notes=st.lists(words, max_size=2).map(tuple),
                  priorities=st.lists(st.builds(m.Priority, ref=words, title=words,
                                                measures=st.lists(measures, max_size=1)
                                                .map(tuple), objectives=objectives),
                                      max_size=2, unique_by=lambda p: p.ref).map(tuple))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(plans)
def test_any_plan_round_trips_through_xlsx(tmp_path: Path, plan: m.Plan) -> None:
    path = tmp_path / "p.xlsx"
    plans_xlsx.save(plan, path)
    assert plans_xlsx.load(path) == plan


def test_decimal_pence_survive(tmp_path: Path) -> None:
    action = m.Action("1", "Buy books", costs=(m.Cost(Decimal("1234.56"), "PDG"),))
    plan = m.Plan("p", "P", priorities=(m.Priority("1", "T", objectives=(
        m.Objective("1", "O", actions=(action,)),)),))
    plans_xlsx.save(plan, tmp_path / "p.xlsx")
    loaded = plans_xlsx.load(tmp_path / "p.xlsx")
    assert next(loaded.actions())[2].costs[0].amount == Decimal("1234.56")
