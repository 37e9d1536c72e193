"""The standards report's Ofsted section counts the same schools as the inspection measures:
those open on 31 August of the year (attain.risk.inspection_measures.counted_in).

Fixture LA 882, academic year 2011/12, worked by hand:
- 1 open, good (May 2011); 5 open, outstanding; 6 open, inadequate in special measures
  (February 2012); 7 open, never inspected;
- 2 closed on 31 March 2012 (good): not open on 31 August, not counted;
- 3 opened on 7 January 2012, requires improvement (June 2012): counted;
- 4 opens on 1 September 2012 (good, October 2012): not counted in 2012;
- 8 closed on 31 August 2012 (good) and became academy 108 on 1 September 2012: counted
  once, as 8.
Counted: 1, 3, 5, 6, 7, 8 (6 schools); with an overall grade 1, 3, 5, 6, 8 (5); good or
better 1, 5, 8 (3); in an Ofsted category 6 (1); no overall grade 7 (1).
The rule "open at any time in the year" would also count 2: 4 of 6.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from attain.domain.ofsted import Grade, Inspection, OfstedCategory
from attain.reports.ofsted import OfstedInputs, OpenSchool, la_section
from attain.risk.inspection_cube import open_schools, predecessors_of
from attain.risk.inspection_measures import counted_in, inspection_rows

YEAR = 2012


def _registry() -> list[dict[str, Any]]:
    def school(urn: int, opened: date | None = None, closed: date | None = None,
               predecessor: int | None = None) -> dict[str, Any]:
        return {"urn": urn, "la_code": "882", "country": "E", "phase": "primary",
                "open_date": opened, "close_date": closed, "predecessor_urn": predecessor}
    return [school(1), school(2, closed=date(2012, 3, 31)), school(3, date(2012, 1, 7)),
            school(4, date(2012, 9, 1)), school(5), school(6), school(7),
            school(8, closed=date(2012, 8, 31)), school(108, date(2012, 9, 1), None, 8)]


INSPECTIONS = [
    Inspection(1, date(2011, 5, 10), Grade.GOOD),
    Inspection(2, date(2011, 5, 10), Grade.GOOD),
    Inspection(3, date(2012, 6, 1), Grade.REQUIRES_IMPROVEMENT),
    Inspection(4, date(2012, 10, 1), Grade.GOOD),
    Inspection(5, date(2010, 2, 1), Grade.OUTSTANDING),
    Inspection(6, date(2012, 2, 1), Grade.INADEQUATE,
               category=OfstedCategory.SPECIAL_MEASURES),
    Inspection(8, date(2011, 1, 20), Grade.GOOD),
]


def _inputs(registry: list[dict[str, Any]]) -> OfstedInputs:
    schools = [OpenSchool(r["urn"], r["open_date"], r["close_date"]) for r in registry]
    return OfstedInputs(schools, schools, INSPECTIONS, predecessors_of(registry), [])


def _measure_figures(registry: list[dict[str, Any]]) -> dict[str, tuple[float, float | None]]:
    """The inspection measures' LA rows, as `attain risk inspection-measures` writes them."""
    rows = inspection_rows(YEAR, open_schools(registry, YEAR), INSPECTIONS,
                           predecessors_of(registry))
    return {r["measure_id"]: (r["numerator"], r["denominator"]) for r in rows
            if r["level"] == "la" and r["group_id"] == "all"}


def test_the_rule_is_open_on_31_august() -> None:
    assert counted_in(YEAR, None, None)
    assert counted_in(YEAR, date(2012, 1, 7), None)             # opened mid-year
    assert counted_in(YEAR, None, date(2012, 8, 31))            # closes on the day
    assert not counted_in(YEAR, None, date(2012, 3, 31))        # closed mid-year
    assert not counted_in(YEAR, date(2012, 9, 1), None)         # opens next year
    assert not counted_in(YEAR, date(2012, 9, 1), date(2012, 8, 31))


def test_report_n_of_m_equals_the_inspection_measure() -> None:
    registry = _registry()
    figures = _measure_figures(registry)
    good, graded = figures["ofsted_good_or_better_schools"]
    assert (good, graded) == (3, 5)                              # the hand count
    section = la_section(_inputs(registry), [YEAR], YEAR)
    assert (f"As at 31 August {YEAR}, {int(good)} of {int(graded)} schools with an overall "
            "grade were judged good or outstanding at their most recent inspection "
            "(60.0%).") in section.sentences
    row = section.tables[0].rows[0]
    assert [c.value for c in row[1:5]] == [6.0, graded, good, 60.0]
    in_category = figures["ofsted_in_category_schools"][0]
    no_grade, schools = figures["ofsted_no_overall_grade"]
    assert (row[6].value, row[7].value, row[1].value) == (in_category, no_grade, schools)
    assert "1 school was in an Ofsted category (special measures or serious weaknesses)." \
        in section.sentences
