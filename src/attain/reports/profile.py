"""The school data profile (seed 004's "School Data Profiles", prepared each August): one
school against its LA, national and its family of similar schools, stage by stage, with its
pupil groups.

The scope's first area is the school and its comparators the LA and the nation, so the
stage tables read School / LA / England, then, where the cube holds one, the family average
of the school's similar schools with the family size and the school's difference from it
(attain.reports.family).
"""

from __future__ import annotations

from attain.reports import wording
from attain.reports.cube import CubeView
from attain.reports.groups import groups_section
from attain.reports.model import Report, Section
from attain.reports.sections import Scope, present
from attain.reports.standards import ABSENCE, EXCLUSIONS, STAGES, footnotes, stage_section

NO_SUPPORT = Section("support", "Ofsted, category and support",
                    notes=("Ofsted judgements, category with reasons, visits and "
                           "raising-attainment plan: no data (none read from the app "
                           "database).",), has_priority_actions=False)


def build_school_profile(view: CubeView, scope: Scope,
                         support: Section = NO_SUPPORT) -> Report:
    """`support` is built from the app database by reports.school_support."""
    stages = [s for spec in (*STAGES, ABSENCE, EXCLUSIONS)
              if (s := stage_section(view, scope, spec))]
    stages = [_no_actions(s) for s in stages]
    group_measures = [m for spec in STAGES for m in present(view, scope, spec.measures)[:1]]
    sections = [*stages, _no_actions(groups_section(view, scope, group_measures))]
    sections.append(support)
    notes = footnotes(sections)
    if view.any_family(scope.la):
        notes = (*notes[:-1], wording.FAMILY_NOTE, notes[-1])
    return Report("school", f"School data profile {scope.year}", scope.la.name,
                  scope.la.name, scope.year, tuple(sections), notes)


def _no_actions(section: Section) -> Section:
    return Section(section.key, section.title, section.sentences, section.tables,
                   section.charts, section.notes, (), has_priority_actions=False)
