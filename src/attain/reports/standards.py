"""The annual standards report for an LA and a year, in the order of seed 004 section 6.

A pure function of cube rows: headlines; EYFS; phonics; KS1; KS2; KS4; KS5 where present;
vulnerable groups; exclusions; absence; Ofsted/categorisation; schools below floor.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from attain.reports import wording
from attain.reports.cube import CubeView, reason_text
from attain.reports.floor import SchoolFigures, floor_section
from attain.reports.groups import groups_section
from attain.reports.model import SUPPRESSED_SYMBOL, Report, Section
from attain.reports.sections import Scope, headline_sentence, present, trend_chart, trend_table


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    measures: tuple[str, ...]  # in order of importance; the first present is charted


STAGES = (
    SectionSpec("eyfs", "Early Years Foundation Stage", (
        "eyfs_gld", "eyfs_elgs_expected_avg", "eyfs_elg_points_avg", "eyfs_lowest20_gap",
        "eyfs_ni72_78pts_6psed_cll", "eyfs_total_points_avg", "eyfs_ni92_lowest20_gap")),
    SectionSpec("phonics", "Phonics screening check", (
        "phonics_y1_expected", "phonics_by_y2_expected")),
    SectionSpec("ks1", "Key Stage 1", (
        "ks1_exs_read", "ks1_exs_writ", "ks1_exs_maths", "ks1_l2_read", "ks1_l2_writ",
        "ks1_l2_maths")),
    SectionSpec("ks2", "Key Stage 2", (
        "ks2_rwm_expected", "ks2_rwm_higher", "ks2_read_expected", "ks2_writ_expected",
        "ks2_maths_expected", "ks2_read_progress", "ks2_writ_progress",
        "ks2_maths_progress", "ks2_l4_rwm", "ks2_l4_eng_maths", "ks2_2lp_eng",
        "ks2_2lp_maths")),
    SectionSpec("ks4", "Key Stage 4", (
        "ks4_att8", "ks4_p8", "ks4_em_94", "ks4_em_95", "ks4_ebacc_entry", "ks4_ebacc_aps",
        "ks4_5ac_em", "ks4_5ac", "ks4_3lp_eng", "ks4_3lp_maths")),
    SectionSpec("ks5", "Key Stage 5", ("ks5_l3_threshold",)),
)
EXCLUSIONS = SectionSpec("exclusions", "Exclusions", (
    "excl_fixed_rate", "excl_perm_rate", "excl_one_plus_fixed",
    "excl_fixed_6plus_days_per1000"))
ABSENCE = SectionSpec("absence", "Absence", (
    "abs_overall", "abs_persistent", "abs_unauthorised", "abs_authorised"))
NO_OFSTED = Section("ofsted", "Ofsted and categorisation",
                   notes=("Ofsted judgements and school categories: no data (none read from "
                          "the app database).",), has_priority_actions=False)


def build_standards(view: CubeView, scope: Scope, primary: Sequence[SchoolFigures] = (),
                    secondary: Sequence[SchoolFigures] = (),
                    actions: Mapping[str, tuple[str, ...]] | None = None,
                    ofsted: Section = NO_OFSTED) -> Report:
    """The report; `primary`/`secondary` are the LA's schools' figures for the floor;
    `actions` the priority actions by section key from linked plans (reports.plan_links);
    `ofsted` the section built from the app database (reports.ofsted.la_section)."""
    def built(specs: Sequence[SectionSpec]) -> list[Section]:
        return [s for spec in specs if (s := stage_section(view, scope, spec))]

    group_measures = [m for spec in STAGES for m in present(view, scope, spec.measures)[:1]]
    sections = [headlines(view, scope), *built(STAGES),
                groups_section(view, scope, group_measures), *built((EXCLUSIONS, ABSENCE))]
    sections.append(ofsted)
    sections.append(floor_section(primary, secondary, scope.year))
    sections = [with_actions(s, actions or {}) for s in sections]
    return Report("standards", f"Standards report {scope.year - 1}/{str(scope.year)[2:]}",
                  f"Early years and school standards in {scope.la.name}", scope.la.name,
                  scope.year, tuple(sections), footnotes(sections))


def with_actions(section: Section, actions: Mapping[str, tuple[str, ...]]) -> Section:
    """The section with its priority actions from linked plans, if it has any."""
    found = actions.get(section.key, ())
    if not section.has_priority_actions or not found:
        return section
    return dataclasses.replace(section, priority_actions=found)


def stage_section(view: CubeView, scope: Scope, spec: SectionSpec) -> Section | None:
    measures = present(view, scope, spec.measures)
    if not measures:
        return None
    areas = ", ".join(a.name for a in scope.comparators)
    if any(view.has_family(m, scope.la, scope.years) for m in measures):
        areas += f", {wording.FAMILY_LABEL.lower()}"
    caption = f"{spec.title}: {areas}, {scope.years[0]} to {scope.years[-1]}"
    table = trend_table(view, scope, measures, caption, spec.title[:31])
    sentences = tuple(headline_sentence(view, scope, m) for m in measures)
    return Section(spec.key, spec.title, sentences, (table,),
                   (trend_chart(view, scope, measures[0], caption),))


def headlines(view: CubeView, scope: Scope) -> Section:
    firsts = [m for spec in (*STAGES, ABSENCE)
              for m in present(view, scope, spec.measures)[:1]]
    return Section("headlines", "The headlines",
                   tuple(headline_sentence(view, scope, m) for m in firsts))


def footnotes(sections: Sequence[Section]) -> tuple[str, ...]:
    reasons = sorted({c.note for s in sections for t in s.tables for r in t.rows for c in r
                      if c.note})
    notes = [f'"{SUPPRESSED_SYMBOL}": figure not published because {reason_text(r)}.'
             for r in reasons]
    notes.append('"no data": no figure exists for that year (never shown as 0).')
    return tuple(notes)
