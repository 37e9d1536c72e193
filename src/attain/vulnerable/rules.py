"""Rules over a pupil's facts; a pupil meets any number of them, each with its evidence."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from ruamel.yaml import YAML

from attain.errors import UserError


@dataclass(frozen=True)
class PupilFacts:
    """What the rules look at, for one pupil in one year (None = not known)."""

    pupil_id: str
    urn: int
    nc_year: int | None = None
    attendance: float | None = None  # % of possible sessions attended this year
    attendance_last_year: float | None = None
    fixed_exclusions: int = 0
    lac: bool = False
    fsm: bool = False
    sen: str | None = None
    eal: bool = False
    low_prior: bool = False
    years_in_census: int | None = None  # years since first seen in the census, 1 = this year
    first_nc_year: int | None = None
    changed_school: bool = False
    estimate_gap: float | None = None  # actual - modelled estimate, on the measure's scale


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    kind: str
    weight: float
    params: Mapping[str, float] = field(default_factory=dict)

    def param(self, name: str) -> float:
        if name not in self.params:
            raise UserError(f"vulnerability rule {self.id} needs the parameter {name}",
                            fix=f"add `{name}:` to the rule in vulnerability.yaml.")
        return float(self.params[name])


@dataclass(frozen=True)
class Reason:
    rule_id: str
    title: str
    evidence: str
    weight: float


Test = Callable[[Rule, PupilFacts], str | None]


def _attendance_below(rule: Rule, f: PupilFacts) -> str | None:
    limit = rule.param("threshold")
    if f.attendance is not None and f.attendance < limit:
        return f"attendance {f.attendance:.1f}% < {limit:g}%"
    return None


def _attendance_fall(rule: Rule, f: PupilFacts) -> str | None:
    if f.attendance is None or f.attendance_last_year is None:
        return None
    fall = f.attendance_last_year - f.attendance
    if fall > rule.param("points"):
        return (f"attendance fell {fall:.1f} points ({f.attendance_last_year:.1f}% to "
                f"{f.attendance:.1f}%)")
    return None


def _fixed_exclusions(rule: Rule, f: PupilFacts) -> str | None:
    at_least = rule.param("at_least")
    if f.fixed_exclusions >= at_least:
        return f"{f.fixed_exclusions} fixed-period exclusions"
    return None


def _looked_after(rule: Rule, f: PupilFacts) -> str | None:
    return "looked after" if f.lac else None


def _fsm_low_prior(rule: Rule, f: PupilFacts) -> str | None:
    return "FSM and low prior attainment" if f.fsm and f.low_prior else None


def _sen_below_estimate(rule: Rule, f: PupilFacts) -> str | None:
    gap = f.estimate_gap
    if f.sen not in (None, "N") and gap is not None and gap < -rule.param("margin"):
        return f"SEN ({f.sen}) and {-gap:.1f} below estimate"
    return None


def _eal_new_arrival(rule: Rule, f: PupilFacts) -> str | None:
    if not f.eal or f.years_in_census is None:
        return None
    # Arrived after the usual start (joined the census above Reception).
    joined_late = f.first_nc_year is not None and f.first_nc_year > 0
    if joined_late and f.years_in_census <= rule.param("years"):
        return f"EAL, first in an English school {f.years_in_census} year(s) ago"
    return None


def _mobility(rule: Rule, f: PupilFacts) -> str | None:
    return "changed school" if f.changed_school else None


def _below_estimate(rule: Rule, f: PupilFacts) -> str | None:
    if f.estimate_gap is not None and f.estimate_gap < -rule.param("margin"):
        return f"{-f.estimate_gap:.1f} below estimate"
    return None


KINDS: dict[str, Test] = {
    "attendance_below": _attendance_below, "attendance_fall": _attendance_fall,
    "fixed_exclusions": _fixed_exclusions, "looked_after": _looked_after,
    "fsm_low_prior": _fsm_low_prior, "sen_below_estimate": _sen_below_estimate,
    "eal_new_arrival": _eal_new_arrival, "mobility": _mobility,
    "below_estimate": _below_estimate,
}


@dataclass(frozen=True)
class Assessment:
    pupil_id: str
    urn: int
    reasons: tuple[Reason, ...]

    @property
    def priority(self) -> float:
        return sum(r.weight for r in self.reasons)

    @property
    def formula(self) -> str:
        terms = " + ".join(f"{r.weight:g} ({r.rule_id})" for r in self.reasons)
        return f"{terms} = {self.priority:g}" if terms else "0"


def assess(rules: Iterable[Rule], facts: PupilFacts) -> Assessment:
    reasons = []
    for rule in rules:
        evidence = KINDS[rule.kind](rule, facts)
        if evidence is not None:
            reasons.append(Reason(rule.id, rule.title, evidence, rule.weight))
    return Assessment(facts.pupil_id, facts.urn, tuple(reasons))


def assess_all(rules: Iterable[Rule], facts: Iterable[PupilFacts]) -> list[Assessment]:
    """Flagged pupils (at least one reason), highest priority first."""
    rule_list = list(rules)
    flagged = [a for a in (assess(rule_list, f) for f in facts) if a.reasons]
    return sorted(flagged, key=lambda a: (-a.priority, a.pupil_id))


def priority_formula(rules: Iterable[Rule]) -> str:
    return "priority = " + " + ".join(f"{r.weight:g} × [{r.id}]" for r in rules)


def rules_from_yaml(text: str, source: str = "vulnerability.yaml") -> tuple[Rule, ...]:
    data: Any = YAML(typ="safe").load(text) or {}
    rules = []
    for number, item in enumerate(data.get("rules", []), start=1):
        kind = str(item.get("kind", ""))
        if kind not in KINDS:
            raise UserError(f"{source}: rule {number} has unknown kind {kind!r}",
                            fix=f"use one of: {', '.join(KINDS)}.")
        params = {k: float(v) for k, v in item.items()
                  if k not in {"id", "title", "kind", "weight"}}
        rules.append(Rule(str(item["id"]), str(item.get("title", item["id"])), kind,
                          float(item.get("weight", 1)), params))
    return tuple(rules)


def default_rules() -> tuple[Rule, ...]:
    text = resources.files("attain.definitions").joinpath("vulnerability.yaml").read_text("utf-8")
    return rules_from_yaml(text)
