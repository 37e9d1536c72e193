"""Risk characteristics recorded on a school visit feed the framework inputs: the year's
latest visit wins, the reason names the visit, and a characteristic recorded on its own
later than the visit overrides it.

Fixture (risk_fixtures.data_folder, LA 882), academic year 2012/13 under Southend's
framework (seed 004): school 300 self-evaluates 2 in every judgement (autumn 2012) and was
judged good by Ofsted on 1 March 2011, so its category turns on risk characteristics alone:
any present -> "watch", none -> "universal".
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from risk_fixtures import data_folder

from attain.domain.ofsted import Grade, Inspection
from attain.domain.risk import Categorisation, InputRef, Source
from attain.risk import store
from attain.risk.characteristics import Recorded, VisitRecord, latest_visits, merge
from attain.risk.facts import characteristic_facts
from attain.risk.review import ScheduledVisit
from attain.services import risk as service
from attain.services.appdb import init_database
from attain.settings import database_url

YEAR = 2013
SOUTHEND = "southend_ilt_2012"
SV1_ON, SV2_ON = date(2012, 11, 5), date(2013, 3, 1)


def _folder(root: Path) -> tuple[Path, str]:
    folder = data_folder(root)
    init_database(folder)
    url = database_url(folder)
    store.save_inspections(url, [Inspection(300, date(2011, 3, 1), Grade.GOOD)], "fixture",
                           "tester")
    store.save_self_evaluation(url, 300, YEAR, "autumn", dict.fromkeys(
        ("overall_effectiveness", "achievement", "teaching", "behaviour_safety",
         "leadership"), 2), "tester")
    store.save_schedule(url, [
        ScheduledVisit(300, YEAR, "SV1", "Achievement", date(2012, 10, 1), date(2012, 11, 30)),
        ScheduledVisit(300, YEAR, "SV2", "Self-evaluation", date(2013, 2, 1),
                       date(2013, 3, 31))], "tester")
    return folder, url


def _school_300(folder: Path) -> Categorisation:
    results = service.categorise(folder, la="882", year=YEAR, framework_id=SOUTHEND)
    return next(r for r in results if r.school.urn == 300).results[0]


def test_a_visit_record_s_characteristics_decide_the_category(tmp_path: Path) -> None:
    folder, url = _folder(tmp_path)
    assert _school_300(folder).category == "insufficient_data"   # nothing recorded yet
    store.record_visit(url, 300, YEAR, "SV1", SV1_ON, "SSP Smith",
                       {"risk_characteristics": ["new_head", "budget_deficit"]}, "tester")
    result = _school_300(folder)
    assert result.category == "watch"
    assert result.reasons[0].text == ("Risk characteristics (new head, budget deficit; "
                                      "recorded at the SV1 visit on 5 November 2012): "
                                      "2 present")


def test_the_latest_visit_wins(tmp_path: Path) -> None:
    folder, url = _folder(tmp_path)
    # recorded out of order: SV2 (none ticked) first, then SV1 (new head)
    store.record_visit(url, 300, YEAR, "SV2", SV2_ON, "SSP Smith",
                       {"risk_characteristics": []}, "tester")
    store.record_visit(url, 300, YEAR, "SV1", SV1_ON, "SSP Smith",
                       {"risk_characteristics": ["new_head"]}, "tester")
    result = _school_300(folder)
    assert result.category == "universal"
    assert "Risk characteristics (recorded at the SV2 visit on 1 March 2013): 0 present" in \
        [r.text for r in result.reasons]


def test_a_characteristic_recorded_after_the_visit_overrides_it(tmp_path: Path) -> None:
    folder, url = _folder(tmp_path)
    store.record_visit(url, 300, YEAR, "SV2", SV2_ON, "SSP Smith",
                       {"risk_characteristics": ["budget_deficit"]}, "tester")
    # recorded today, after the visit: the deficit was cleared
    store.save_characteristic(url, 300, YEAR, "budget_deficit", False, "tester")
    result = _school_300(folder)
    assert result.category == "universal"
    # the others are still absent as ticked at SV2
    assert "Risk characteristics (recorded at the SV2 visit on 1 March 2013): 0 present" in \
        [r.text for r in result.reasons]


def test_a_visit_record_without_a_characteristics_list_is_not_a_source(tmp_path: Path) -> None:
    folder, url = _folder(tmp_path)
    store.record_visit(url, 300, YEAR, "SV1", SV1_ON, "SSP Smith", {"agreed_actions": "x"},
                       "tester")
    assert _school_300(folder).category == "insufficient_data"


def test_merge_takes_the_newer_and_a_tie_goes_to_the_school_s_own_record() -> None:
    visit = VisitRecord(1, "SV2", date(2013, 3, 1), {"risk_characteristics": ["new_head"]})
    older = {"new_head": Recorded(False, date(2013, 2, 1)),
             "poor_buildings": Recorded(True, date(2013, 2, 1))}
    merged = merge(older, visit)
    assert merged["new_head"] == Recorded(True, date(2013, 3, 1),
                                          "the SV2 visit on 1 March 2013")
    assert merged["poor_buildings"].present is False      # not ticked at the later visit
    tie = merge({"new_head": Recorded(False, date(2013, 3, 1))}, visit)
    assert tie["new_head"] == Recorded(False, date(2013, 3, 1))
    assert merge(older, None) == older


def test_latest_visits_skips_records_without_the_list() -> None:
    sv1 = VisitRecord(1, "SV1", date(2012, 11, 5), {"risk_characteristics": ["new_head"]})
    sv3 = VisitRecord(1, "SV3", date(2013, 6, 1), {"agreed_actions": "none"})
    other = VisitRecord(2, "SV2", date(2013, 3, 1), {"risk_characteristics": []})
    assert latest_visits([sv3, sv1, other]) == {1: sv1, 2: other}


def test_each_characteristic_names_the_visit_that_recorded_it() -> None:
    sv1 = "the SV1 visit on 5 November 2012"
    found = characteristic_facts({"new_head": True, "budget_deficit": False},
                                 {"new_head": sv1, "budget_deficit": sv1})

    def label(key: str) -> str:
        return found[InputRef(Source.CHARACTERISTIC, key).fact_key(0)].label
    assert label("new_head") == f"New head (recorded at {sv1})"
    assert label("budget_deficit") == f"Budget deficit (recorded at {sv1})"
    assert label("poor_buildings") == "Poor buildings"
    assert label("count") == f"Risk characteristics (new head; recorded at {sv1})"
