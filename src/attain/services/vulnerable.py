"""Use cases for vulnerable pupils: a school's list (only for users allowed to see that
school's pupils), LA counts by reason, and the school's export. Never logs pupil rows."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from attain.estimates import artefact
from attain.estimates.specs import EstimateType, load_specs
from attain.services import estimates as estimate_service
from attain.stats.suppression import SuppressionRule
from attain.store.warehouse import Warehouse
from attain.vulnerable.access import (
    Requester,
    check_la_counts_access,
    check_pupil_access,
    may_see_school_counts,
)
from attain.vulnerable.counts import CountRow, suppressed_counts
from attain.vulnerable.facts import gather
from attain.vulnerable.rules import Assessment, Rule, assess_all, default_rules, priority_formula
from attain.vulnerable.triggers import SCHOOL_ATTENDANCE_SQL, Trigger
from attain.vulnerable.triggers import attendance_triggers as find_triggers


@dataclass(frozen=True)
class VulnerableList:
    urn: int
    year: int
    pupils: list[Assessment]
    formula: str
    on_roll: int


def school_list(folder: Path, requester: Requester, urn: int, year: int,
                rules: tuple[Rule, ...] | None = None) -> VulnerableList:
    check_pupil_access(requester, urn)
    rules = rules or default_rules()
    gaps = estimate_gaps(folder, year, urn=urn)
    with Warehouse(Path(folder) / "warehouse").connect() as con:
        facts = gather(con, year, urn=urn, gaps=gaps)
    return VulnerableList(urn, year, assess_all(rules, facts), priority_formula(rules),
                          len(facts))


def la_counts(folder: Path, requester: Requester, la_code: str, year: int,
              rules: tuple[Rule, ...] | None = None) -> dict[str, int]:
    """Pupils flagged by each rule across the LA, and `any` for pupils with any reason."""
    check_la_counts_access(requester)
    rules = rules or default_rules()
    flagged, _ = _la_assessed(folder, la_code, year, rules)
    counts = Counter(r.rule_id for a in flagged for r in a.reasons)
    return {"any": len(flagged), **{r.id: counts.get(r.id, 0) for r in rules}}


def _la_assessed(folder: Path, la_code: str, year: int, rules: tuple[Rule, ...]
                 ) -> tuple[list[Assessment], dict[int, int]]:
    """The LA's flagged pupils and its schools' pupils on roll (URN -> pupils)."""
    with Warehouse(Path(folder) / "warehouse").connect() as con:
        facts = gather(con, year, la_code=la_code, gaps=estimate_gaps(folder, year))
    return assess_all(rules, facts), dict(Counter(f.urn for f in facts))


def published_la_counts(folder: Path, requester: Requester, la_code: str, year: int,
                        rules: tuple[Rule, ...] | None = None,
                        suppression: SuppressionRule | None = None) -> list[CountRow]:
    """Counts by reason for the LA and its schools with small numbers suppressed
    (attain.vulnerable.counts; default rule from the settings). Suppression is worked out
    over the whole table, then each role sees its rows: officers and admins every school,
    a school user the LA and their own schools, a viewer the LA rows."""
    rules = rules or default_rules()
    flagged, on_roll = _la_assessed(folder, la_code, year, rules)
    rows = suppressed_counts(rules, flagged, on_roll, la_code, suppression)
    return [r for r in rows
            if r.level == "la" or may_see_school_counts(requester, int(r.area_code))]


def estimate_gaps(folder: Path, year: int, urn: int | None = None) -> dict[str, float]:
    """actual - estimate per pupil from every fitted model with an outcome this year (the
    with-context model where both exist), in the measure's units (points or percentage
    points)."""
    gaps: dict[str, float] = {}
    for spec in load_specs().values():
        for kind in (EstimateType.WITH_CONTEXT, EstimateType.PRIOR_ONLY):
            if not artefact.model_path(folder, spec.id, kind).exists():
                continue
            scored = estimate_service.score(folder, spec.id, kind, year, urn=urn)
            factor = 100.0 if spec.kind.value == "logistic" else 1.0
            gap = (scored.pupils.frame.outcome - scored.pupils.estimate) * factor
            for pupil_id, value in zip(scored.pupils.frame.pupil_id, gap, strict=True):
                if not np.isnan(value):
                    gaps.setdefault(str(pupil_id), float(value))
            break
    return gaps


def export_csv(listing: VulnerableList, path: Path) -> Path:
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["pupil_id", "urn", "priority", "reasons", "evidence", "formula"])
        for a in listing.pupils:
            writer.writerow([a.pupil_id, a.urn, f"{a.priority:g}",
                             "; ".join(r.title for r in a.reasons),
                             "; ".join(r.evidence for r in a.reasons), a.formula])
    return Path(path)


def attendance_triggers(folder: Path, year: int, la_code: str | None = None,
                        points: float = 1.0) -> list[Trigger]:
    """School-level (no pupil rows): schools whose attendance fell more than `points`."""
    where = "true"
    params: dict[str, object] = {"year": int(year)}
    if la_code is not None:
        where, params["la"] = "la_code = $la", str(la_code)
    with Warehouse(Path(folder) / "warehouse").connect() as con:
        rows = con.execute(SCHOOL_ATTENDANCE_SQL.format(where=where), params).fetchall()
    now = {int(u): float(r) for u, y, r in rows if y == year}
    before = {int(u): float(r) for u, y, r in rows if y == year - 1}
    return find_triggers(now, before, year, points)


def requester_for(folder: Path, email: str) -> Requester:
    """The app-database user `email`, with their role, schools and pupil permission."""
    import sqlalchemy as sa
    from sqlalchemy.orm import Session

    from attain import settings
    from attain.errors import UserError
    from attain.services.appdb import require_current
    from attain.store import appdb
    from attain.store.models import User, UserSchool

    url = settings.database_url(Path(folder))
    require_current(url)
    with appdb.connected(appdb.engine_for(url)) as connection, Session(bind=connection) as s:
        user = s.scalar(sa.select(User).where(User.email == email))
        if user is None or not user.active:
            raise UserError(f"no active user {email}", fix="check the email (`attain users`).")
        urns = s.scalars(sa.select(UserSchool.urn).where(UserSchool.user_id == user.id))
        return Requester(user.email, str(user.role.value), frozenset(int(u) for u in urns),
                         bool(user.can_see_pupils))
