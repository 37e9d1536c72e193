"""What the reports read from the app database (inspections, categories, visits, plans) and
the schools registry; empty inputs, never invented ones, when the database was never set up.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from attain import settings
from attain.domain.ofsted import lineage
from attain.reports.ofsted import Decision, OfstedInputs, OpenSchool
from attain.reports.school_support import RapStatus, SchoolSupport, Visit
from attain.store import appdb
from attain.store.warehouse import Warehouse


def registry(folder: Path) -> list[dict[str, Any]]:
    warehouse = Warehouse(folder / "warehouse")
    if not warehouse.exists("schools"):
        return []
    columns = ["urn", "la_code", "country", "open_date", "close_date", "predecessor_urn"]
    return warehouse.read("schools").select(columns).to_pylist()  # type: ignore[no-any-return]


def _open(row: dict[str, Any]) -> OpenSchool:
    return OpenSchool(int(row["urn"]), row.get("open_date"), row.get("close_date"))


def _predecessors(rows: list[dict[str, Any]]) -> dict[int, int]:
    return {int(r["urn"]): int(r["predecessor_urn"]) for r in rows
            if r.get("predecessor_urn") is not None}


def ofsted_inputs(folder: Path, la_code: str, year: int) -> OfstedInputs:
    rows = registry(folder)
    mine = [r for r in rows if str(r["la_code"]) == la_code]
    country = str(mine[0]["country"]) if mine else "E"
    national = [_open(r) for r in rows if str(r["country"]) == country]
    predecessors = _predecessors(rows)
    url = settings.database_url(folder)
    if not mine or not appdb.is_current(url):
        return OfstedInputs([_open(r) for r in mine], national, [], predecessors, [])
    urns = {int(r["urn"]) for r in rows if str(r["country"]) == country}
    return OfstedInputs([_open(r) for r in mine], national,
                        _inspections(url, urns, predecessors), predecessors,
                        decisions(folder, {int(r["urn"]) for r in mine}, year))


def _inspections(url: str, urns: set[int], predecessors: dict[int, int]) -> list[Any]:
    from attain.risk import store as risk_store

    return risk_store.read_inputs(url, urns, predecessors, 0).inspections


def decisions(folder: Path, urns: set[int], year: int) -> list[Decision]:
    """The stored category decisions of the schools for the year, with readable labels."""
    from attain.risk import store as risk_store
    from attain.store.risk_models import CategorisationRow

    with risk_store.session(settings.database_url(folder)) as s:
        rows = list(s.scalars(select(CategorisationRow).where(
            CategorisationRow.urn.in_(urns), CategorisationRow.year == year)))
        found = [(r.urn, r.year, r.framework_id, r.stage, r.category, r.reasons or [],
                  r.decided_at.date(), r.id) for r in rows]
    labels = _category_labels(folder) if found else {}
    return [Decision(urn, at, labels.get(fw, (fw, {}))[0], stage,
                     labels.get(fw, (fw, {}))[1].get(category, category),
                     _reason_texts(reasons), decided, order)
            for urn, at, fw, stage, category, reasons, decided, order in found]


def _reason_texts(reasons: list[Any]) -> tuple[str, ...]:
    """The reasons that decided the category (all of them when none is marked fired)."""
    fired = [r["text"] for r in reasons if r.get("kind") == "fired"]
    return tuple(fired or [r["text"] for r in reasons])


def _category_labels(folder: Path) -> dict[str, tuple[str, dict[str, str]]]:
    try:
        from attain.services.reports import catalogue
        from attain.services.risk import frameworks

        found = frameworks(folder, catalogue())
    except Exception:  # noqa: BLE001 - labels are a nicety; the ids are still shown
        return {}
    return {f.id: (f.title, {c.id: c.label for c in f.categories}) for f in found.values()}


def school_support(folder: Path, urn: int, year: int, today: date) -> SchoolSupport:
    rows = registry(folder)
    predecessors = _predecessors(rows)
    url = settings.database_url(folder)
    if not appdb.is_current(url):
        return SchoolSupport(urn, year, [], predecessors, [], [], None)
    from attain.risk import store as risk_store

    inspections = _inspections(url, set(lineage(urn, predecessors)), predecessors)
    states = risk_store.visit_states(url, year, today, {urn})
    visits = [Visit(r.visit, r.focus, r.due_from, r.due_to, r.visited_on, r.officer,
                    state.value) for r, state in states]
    plan_ids = [r.plan_id for r, _ in states if r.plan_id]
    rap = _rap(url, plan_ids[-1], today) if plan_ids else None
    return SchoolSupport(urn, year, inspections, predecessors,
                         decisions(folder, {urn}, year), visits, rap)


def _rap(url: str, plan_id: str, today: date) -> RapStatus:
    from attain.domain import plans as m
    from attain.services import plans as plans_service

    plan = plans_service.get_plan(url, plan_id)
    states = Counter(m.action_state(a, today).value for _, _, a in plan.actions())
    return RapStatus(plan.id, plan.title, plan.status.value, dict(sorted(states.items())))


def plan_documents(url: str, la_code: str | None = None) -> list[tuple[str, dict[str, Any]]]:
    """(id, stored plan tree) of every plan, or of those with a measure of success linked
    to LA `la_code`'s results; [] when the app database was never set up."""
    if not appdb.is_current(url):
        return []
    from sqlalchemy.orm import Session

    from attain.store.plan_models import PlanRow

    with appdb.connected(appdb.engine_for(url)) as connection, Session(bind=connection) as s:
        rows = [(r.id, r.document) for r in s.scalars(select(PlanRow).order_by(PlanRow.id))]
    return [(i, d) for i, d in rows if la_code is None or _links_la(d, la_code)]


def _links_la(tree: Any, la_code: str) -> bool:
    """Whether a plan tree holds a measure link to the LA (level la, area la_code)."""
    if isinstance(tree, dict):
        if tree.get("measure") and tree.get("level") == "la" and tree.get("area") == la_code:
            return True
        return any(_links_la(v, la_code) for v in tree.values())
    if isinstance(tree, list):
        return any(_links_la(v, la_code) for v in tree)
    return False
