"""Ofsted and categorisation sections, from what the app database holds (never invented).

Standards report: for each trend year, the LA's schools open on 31 August (the inspection
measures' rule, attain.risk.inspection_measures.counted_in) by their latest single-word
inspection grade as at that day (attain.risk.inspection_measures: schools without an
overall grade are left out of the percentage and counted apart), England's percentage when
the app database holds inspections of the country's schools, schools in an Ofsted category
(special measures or serious weaknesses), and the schools' categories for the year by
category and decision stage. No school is named.

School profile: the school's inspection history (its predecessors' included), its category
in each framework with the reasons, this year's visits and its raising-attainment plan.

A category decision is the latest of the strongest stage recorded: agreed, then appeal,
then proposed, then computed (docs/reports.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from attain.domain.ofsted import Inspection, lineage
from attain.reports.model import NO_DATA, Cell, Section, Table
from attain.reports.wording import count_noun
from attain.risk.inspection_measures import AreaSchool, counted_in, inspection_rows

STAGE_RANK = {"computed": 0, "proposed": 1, "appeal": 2, "agreed": 3}
TITLE = "Ofsted and categorisation"


@dataclass(frozen=True)
class OpenSchool:
    urn: int
    opened: date | None = None
    closed: date | None = None

    def counted_in(self, year: int) -> bool:
        """Open on 31 August of the year: the inspection measures' rule."""
        return counted_in(year, self.opened, self.closed)


@dataclass(frozen=True)
class Decision:
    """A stored categorisation decision, with its framework's and category's labels."""

    urn: int
    year: int
    framework: str
    stage: str
    category: str
    reasons: tuple[str, ...]
    decided_on: date
    order: int  # the database id: later decisions have larger ids


def chosen_decisions(decisions: Sequence[Decision]) -> list[Decision]:
    """One decision per school and framework: the latest of the strongest stage."""
    best: dict[tuple[int, str], Decision] = {}
    for d in decisions:
        key = (d.urn, d.framework)
        held = best.get(key)
        if held is None or (STAGE_RANK.get(d.stage, -1), d.order) > \
                (STAGE_RANK.get(held.stage, -1), held.order):
            best[key] = d
    return sorted(best.values(), key=lambda d: (d.framework, d.urn))


@dataclass(frozen=True)
class OfstedInputs:
    la_schools: Sequence[OpenSchool]
    national_schools: Sequence[OpenSchool]
    inspections: Sequence[Inspection]
    predecessors: Mapping[int, int]
    decisions: Sequence[Decision]  # the LA's schools', for the report year


INSPECTION_COLUMNS = ("Year", "Schools open on 31 August", "With an overall grade",
                      "Good or outstanding", "% good or outstanding",
                      "England % good or outstanding", "In an Ofsted category",
                      "No overall grade")


def la_section(inputs: OfstedInputs, years: Sequence[int], year: int) -> Section:
    notes, tables, sentences = [], [], []
    la_urns = {u for s in inputs.la_schools for u in lineage(s.urn, inputs.predecessors)}
    if any(i.urn in la_urns for i in inputs.inspections):
        rows = [_inspection_row(inputs, y) for y in years]
        tables.append(Table("Ofsted: the LA's schools at their latest inspection, as at 31 "
                            "August", INSPECTION_COLUMNS, tuple(rows), "Ofsted"))
        sentences += _inspection_sentences(rows[-1], year)
    else:
        notes.append("Ofsted: no data (the app database holds no inspections of the LA's "
                     "schools; import them with `attain risk import-ofsted`).")
    chosen = chosen_decisions(inputs.decisions)
    if chosen:
        counts = Counter((d.framework, d.category, d.stage) for d in chosen)
        rows = [(Cell(f), Cell(c), Cell(s), Cell(str(n), float(n)))
                for (f, c, s), n in sorted(counts.items())]
        tables.append(Table(f"School categories, {year - 1}/{str(year)[2:]}",
                            ("Framework", "Category", "Decision", "Schools"), tuple(rows),
                            "Categories", labels=3))
    else:
        notes.append(f"Categories: no data (no school category is recorded for {year}).")
    return Section("ofsted", TITLE, tuple(sentences), tuple(tables), notes=tuple(notes))


def _counts(schools: Sequence[OpenSchool], inputs: OfstedInputs, year: int,
            level: str) -> dict[str, dict[str, float | None]]:
    open_now = [AreaSchool(s.urn, level, level) for s in schools if s.counted_in(year)]
    rows = inspection_rows(year, open_now, list(inputs.inspections), inputs.predecessors)
    found: dict[str, dict[str, float | None]] = {}
    for r in rows:
        found[r["measure_id"]] = {"num": r["numerator"], "den": r["denominator"],
                                  "value": r["value"]}
    return found


def _inspection_row(inputs: OfstedInputs, year: int) -> tuple[Cell, ...]:
    la = _counts(inputs.la_schools, inputs, year, "la")
    good = la.get("ofsted_good_or_better_schools", {})
    ungraded = la.get("ofsted_no_overall_grade", {})
    open_count = sum(s.counted_in(year) for s in inputs.la_schools)
    national = _national_percent(inputs, year)
    return (Cell(str(year)), _number(open_count), _number(good.get("den") or 0),
            _number(good.get("num") or 0), _percent(good.get("value")), national,
            _number(la.get("ofsted_in_category_schools", {}).get("num") or 0),
            _number(ungraded.get("num") or 0))


def _national_percent(inputs: OfstedInputs, year: int) -> Cell:
    """England's figure, only when the database holds inspections of schools outside the
    LA (the LA's own schools alone are not England)."""
    la = {s.urn for s in inputs.la_schools}
    others = {s.urn for s in inputs.national_schools} - la
    if not any(i.urn in others for i in inputs.inspections):
        return Cell(NO_DATA)
    value = _counts(inputs.national_schools, inputs, year, "national").get(
        "ofsted_good_or_better_schools", {}).get("value")
    return _percent(value)


def _number(n: float) -> Cell:
    return Cell(str(int(n)), float(int(n)))


def _percent(value: float | None) -> Cell:
    return Cell(f"{value:.1f}", value) if value is not None else Cell(NO_DATA)


def _inspection_sentences(row: tuple[Cell, ...], year: int) -> list[str]:
    graded, good, percent, category = row[2].value, row[3].value, row[4], row[6].value
    out = []
    if graded:
        out.append(f"As at 31 August {year}, {int(good or 0)} of {int(graded)} schools with "
                   f"an overall grade were judged good or outstanding at their most recent "
                   f"inspection ({percent.text}%).")
    in_category = int(category or 0)
    verb = "was" if in_category == 1 else "were"
    out.append(f"{count_noun(in_category, 'school').capitalize()} {verb} in an Ofsted "
               "category (special measures or serious weaknesses).")
    return out
