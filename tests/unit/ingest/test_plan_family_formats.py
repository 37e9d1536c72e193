"""A family-of-similar-schools comparator (issue 7, item 5) in every plan format: YAML,
XLSX and the stored plan tree (JSON) round trips, and located errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from attain.domain import plans as m
from attain.domain.results import Level
from attain.errors import Location
from attain.ingest import plans_xlsx
from attain.ingest.plans_tree import PlanImportError, measure_tree, plan_tree
from attain.ingest.plans_yaml import dump, load_text, read_tree

KNOWN = {"ks2_rwm_expected"}

FAMILY_PLAN = """\
id: alpha-rap
title: Alpha Primary raising-attainment plan
priorities:
  - ref: '1'
    title: Reading, writing and maths
    objectives:
      - ref: '1.1'
        text: Attainment at least in line with similar schools
        measures:
          - text: RWM at least in line with similar schools
            measure: ks2_rwm_expected
            level: school
            area: '100001'
            comparator: {rule: at_least_in_line, label: similar schools, family: true}
          - text: Halve the FSM gap to similar schools by 2021
            measure: ks2_rwm_expected
            level: school
            area: '100001'
            group: fsm
            baseline: {year: 2017, value: 40}
            comparator: {rule: gap_halved, label: family of similar schools, by: 2021,
              family: true}
"""


def family_plan() -> m.Plan:
    return load_text(FAMILY_PLAN, "alpha.yaml", KNOWN)


def test_yaml_reads_a_family_comparator() -> None:
    first, second = family_plan().measures()
    assert first.link == m.MeasureLink("ks2_rwm_expected", Level.SCHOOL, "100001")
    assert first.comparator == m.Comparator(m.ComparatorRule.AT_LEAST_IN_LINE,
                                            "similar schools", family=True)
    assert second.comparator == m.Comparator(m.ComparatorRule.GAP_HALVED,
                                             "family of similar schools", by_year=2021,
                                             family=True)


def test_yaml_round_trip_keeps_the_family() -> None:
    plan = family_plan()
    text = dump(plan)
    assert "family: true" in text
    assert load_text(text, "again.yaml", KNOWN) == plan


def test_the_stored_tree_round_trips_through_json() -> None:
    plan = family_plan()
    tree = json.loads(json.dumps(plan_tree(plan)))
    assert read_tree(tree, lambda _: Location("stored"), None, "stored") == plan
    assert measure_tree(next(plan.measures()))["comparator"] == {
        "rule": "at_least_in_line", "label": "similar schools", "family": True}


def test_other_comparators_write_no_family_key() -> None:
    measure = m.MeasureOfSuccess("In line with England",
                                 m.MeasureLink("ks2_rwm_expected", Level.LA, "882"),
                                 comparator=m.Comparator(m.ComparatorRule.IN_LINE, "England",
                                                         Level.NATIONAL, "E92000001"))
    assert "family" not in measure_tree(measure)["comparator"]


def problems_of(text: str) -> list[str]:
    with pytest.raises(PlanImportError) as caught:
        load_text(text, "alpha.yaml", KNOWN)
    return [str(p) for p in caught.value.problems]


def test_yaml_family_comparator_on_an_la_link_is_located() -> None:
    text = FAMILY_PLAN.replace("level: school\n            area: '100001'\n            "
                               "comparator: {rule: at_least",
                               "level: la\n            area: '882'\n            "
                               "comparator: {rule: at_least")
    [problem] = problems_of(text)
    assert problem.startswith("alpha.yaml:10 ")  # the measure's first line
    assert "a family comparator (similar schools) needs a measure linked at school level, " \
           "but this measure of success is linked at la level" in problem


def test_yaml_family_must_be_true_or_false() -> None:
    [problem] = problems_of(FAMILY_PLAN.replace("family: true}", "family: 'yes'}", 1))
    assert problem == "alpha.yaml:14 column priorities.objectives.measures.comparator." \
                      "family: 'family' must be true or false"


def test_yaml_family_comparator_naming_an_area_is_an_error() -> None:
    [problem] = problems_of(FAMILY_PLAN.replace(
        "label: similar schools, family: true}",
        "label: similar schools, level: la, area: '882', family: true}"))
    assert "leave the comparator's level and area empty" in problem
    assert problem.startswith("alpha.yaml:14 ")


def test_xlsx_round_trip_keeps_the_family(tmp_path: Path) -> None:
    plan, path = family_plan(), tmp_path / "plan.xlsx"
    plans_xlsx.save(plan, path)
    sheet = load_workbook(path)["Measures"]
    header = [c.value for c in sheet[1]]
    column = header.index("comparator_family")
    assert [row[column] for row in sheet.iter_rows(min_row=2, values_only=True)] == \
        ["yes", "yes"]
    rules = {r.formula1 for r in sheet.data_validations.dataValidation}
    assert '"yes,no"' in rules
    assert plans_xlsx.load(path, KNOWN) == plan


def test_xlsx_family_no_alone_states_no_comparator(tmp_path: Path) -> None:
    plan = m.Plan("p", "P", priorities=(m.Priority("1", "T", measures=(
        m.MeasureOfSuccess("RWM", m.MeasureLink("ks2_rwm_expected", Level.SCHOOL,
                                                "100001")),)),))
    path = tmp_path / "plan.xlsx"
    plans_xlsx.save(plan, path)
    book = load_workbook(path)
    book["Measures"]["Q2"] = "no"
    book.save(path)
    assert plans_xlsx.load(path, KNOWN) == plan


def test_xlsx_family_comparator_on_an_la_link_is_located(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    plans_xlsx.save(family_plan(), path)
    book = load_workbook(path)
    measures = book["Measures"]
    assert measures["Q1"].value == "comparator_family"
    measures["E2"], measures["F2"] = "la", "882"  # the first measure's level and area
    measures["Q3"] = "perhaps"  # the second measure's family cell
    book.save(path)
    with pytest.raises(PlanImportError) as caught:
        plans_xlsx.load(path, KNOWN)
    found = sorted(str(p) for p in caught.value.problems)
    assert len(found) == 2
    assert found[0].startswith("plan.xlsx sheet 'Measures':2: ")
    assert "needs a measure linked at school level" in found[0]
    assert found[1] == "plan.xlsx sheet 'Measures':3 column comparator_family: 'family' " \
                       "must be true or false"
