"""Ofsted inspection outcomes in every framework a school may have, and history per URN.

Three ways Ofsted has reported a state-funded school inspection:

- **Single-word grades** (to 31 August 2024): overall effectiveness 1 outstanding, 2 good,
  3 requires improvement ("satisfactory" before September 2012), 4 inadequate, with the key
  judgements on the same 1–4 scale. An inadequate school may be placed in a category:
  special measures or serious weaknesses.
- **Sub-judgements without an overall grade** (1 September 2024 to the start of report
  cards): the key judgements (quality of education, behaviour and attitudes, personal
  development, leadership and management, early years, sixth form) on 1–4, no overall
  effectiveness (gov.uk "Ofsted: changes to school inspection", September 2024).
- **Report cards** (from November 2025): each evaluation area on a five-point scale,
  exceptional / strong standard / expected standard / needs attention / urgent improvement,
  and safeguarding "met" or "not met". Areas for schools: inclusion, curriculum and
  teaching, achievement, attendance and behaviour, personal development and well-being,
  leadership and governance, and early years / sixth form where they apply
  (gov.uk "Understanding Ofsted report cards and grades",
  https://www.gov.uk/guidance/understanding-ofsted-report-cards-and-grades).

Inspection history follows a school across academy conversion: the new URN's history
includes its predecessor URNs' inspections (GIAS "predecessor URN" links).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum

SUB_JUDGEMENTS_FROM = date(2024, 9, 1)
# Report-card inspections began on 10 November 2025 (Ofsted renewed framework).
REPORT_CARDS_FROM = date(2025, 11, 10)
REQUIRES_IMPROVEMENT_FROM = date(2012, 9, 1)


class InspectionFramework(StrEnum):
    SINGLE_WORD = "single_word"
    SUB_JUDGEMENTS = "sub_judgements"
    REPORT_CARD = "report_card"


class Grade(IntEnum):
    """The 1–4 scale of single-word grades, key judgements and school self-evaluation."""

    OUTSTANDING = 1
    GOOD = 2
    REQUIRES_IMPROVEMENT = 3
    INADEQUATE = 4

    def label(self, on: date | None = None) -> str:
        if self is Grade.REQUIRES_IMPROVEMENT and on is not None \
                and on < REQUIRES_IMPROVEMENT_FROM:
            return "Satisfactory"
        return self.name.replace("_", " ").capitalize()


class ReportCardGrade(IntEnum):
    """Ofsted's five-point report-card scale, 1 the highest."""

    EXCEPTIONAL = 1
    STRONG_STANDARD = 2
    EXPECTED_STANDARD = 3
    NEEDS_ATTENTION = 4
    URGENT_IMPROVEMENT = 5

    def label(self) -> str:
        return self.name.replace("_", " ").capitalize()


class KeyJudgement(StrEnum):
    QUALITY_OF_EDUCATION = "quality_of_education"
    BEHAVIOUR_AND_ATTITUDES = "behaviour_and_attitudes"
    PERSONAL_DEVELOPMENT = "personal_development"
    LEADERSHIP_AND_MANAGEMENT = "leadership_and_management"
    EARLY_YEARS = "early_years"
    SIXTH_FORM = "sixth_form"


class EvaluationArea(StrEnum):
    INCLUSION = "inclusion"
    CURRICULUM_AND_TEACHING = "curriculum_and_teaching"
    ACHIEVEMENT = "achievement"
    ATTENDANCE_AND_BEHAVIOUR = "attendance_and_behaviour"
    PERSONAL_DEVELOPMENT_AND_WELLBEING = "personal_development_and_wellbeing"
    LEADERSHIP_AND_GOVERNANCE = "leadership_and_governance"
    EARLY_YEARS = "early_years"
    SIXTH_FORM = "sixth_form"


class OfstedCategory(StrEnum):
    SPECIAL_MEASURES = "special_measures"
    SERIOUS_WEAKNESSES = "serious_weaknesses"


_WORDS = {"outstanding": Grade.OUTSTANDING, "good": Grade.GOOD,
          "requires improvement": Grade.REQUIRES_IMPROVEMENT,
          "satisfactory": Grade.REQUIRES_IMPROVEMENT, "inadequate": Grade.INADEQUATE}


def grade_from_word(word: str) -> Grade:
    """'Good' -> Grade.GOOD; 'Satisfactory' (before Sept 2012) is grade 3."""
    try:
        return _WORDS[word.strip().lower()]
    except KeyError:
        raise ValueError(f"unknown Ofsted grade {word!r}; expected one of "
                         f"{', '.join(w.capitalize() for w in _WORDS)}") from None


def framework_on(day: date) -> InspectionFramework:
    if day >= REPORT_CARDS_FROM:
        return InspectionFramework.REPORT_CARD
    if day >= SUB_JUDGEMENTS_FROM:
        return InspectionFramework.SUB_JUDGEMENTS
    return InspectionFramework.SINGLE_WORD


@dataclass(frozen=True)
class Inspection:
    """One published inspection outcome. `judgements` holds key judgements (1–4) or
    report-card evaluation areas (1–5) by name, as the framework of its date says."""

    urn: int
    inspected: date
    overall: Grade | None = None
    judgements: tuple[tuple[str, int], ...] = ()
    safeguarding_met: bool | None = None
    category: OfstedCategory | None = None

    def __post_init__(self) -> None:
        framework = self.framework
        if framework is not InspectionFramework.SINGLE_WORD and self.overall is not None:
            raise ValueError(f"inspection of {self.inspected} has an overall grade, but Ofsted "
                             f"gave none from {SUB_JUDGEMENTS_FROM}")
        if framework is InspectionFramework.REPORT_CARD:
            names: set[str] = {a.value for a in EvaluationArea}
            top = len(ReportCardGrade)
        else:
            names = {j.value for j in KeyJudgement}
            top = len(Grade)
        for name, grade in self.judgements:
            if name not in names:
                raise ValueError(f"{name!r} is not a {framework.value} judgement")
            if not 1 <= grade <= top:
                raise ValueError(f"{name} grade {grade} is outside 1–{top}")
        if self.category is not None and framework is InspectionFramework.REPORT_CARD:
            raise ValueError("report cards replace categories with 'urgent improvement'")

    @property
    def framework(self) -> InspectionFramework:
        return framework_on(self.inspected)

    def judgement(self, name: str) -> int | None:
        return dict(self.judgements).get(name)

    def worst_judgement(self) -> int | None:
        return max((g for _, g in self.judgements), default=None)

    def urgent_improvement_areas(self) -> tuple[str, ...]:
        if self.framework is not InspectionFramework.REPORT_CARD:
            return ()
        return tuple(n for n, g in self.judgements if g == ReportCardGrade.URGENT_IMPROVEMENT)

    def good_or_better(self) -> bool | None:
        """Single-word grade 1 or 2; None when the framework gives no overall grade."""
        return None if self.overall is None else self.overall <= Grade.GOOD


def lineage(urn: int, predecessors: Mapping[int, int]) -> tuple[int, ...]:
    """The URN and its predecessors, newest first (academy conversion, re-brokering)."""
    chain = [urn]
    while (previous := predecessors.get(chain[-1])) is not None and previous not in chain:
        chain.append(previous)
    return tuple(chain)


@dataclass(frozen=True)
class InspectionHistory:
    """A school's inspections, including its predecessor URNs', newest first."""

    urn: int
    urns: tuple[int, ...]
    inspections: tuple[Inspection, ...]

    @classmethod
    def of(cls, urn: int, inspections: Iterable[Inspection],
           predecessors: Mapping[int, int]) -> InspectionHistory:
        urns = lineage(urn, predecessors)
        mine = sorted((i for i in inspections if i.urn in urns),
                      key=lambda i: i.inspected, reverse=True)
        return cls(urn, urns, tuple(mine))

    def latest(self, on_or_before: date | None = None) -> Inspection | None:
        return next((i for i in self.inspections
                     if on_or_before is None or i.inspected <= on_or_before), None)

    def latest_overall(self, on_or_before: date | None = None) -> Inspection | None:
        """The latest inspection with a single-word overall grade."""
        return next((i for i in self.inspections if i.overall is not None
                     and (on_or_before is None or i.inspected <= on_or_before)), None)
