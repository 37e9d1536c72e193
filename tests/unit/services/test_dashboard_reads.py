"""The dashboard's scoped reads: which visits need attention. Dates worked by hand from
the review cycle's windows (attain.risk.review):
academic year 2026 has SV1 1 Oct - 30 Nov 2025, SV2 1 Feb - 31 Mar 2026, SV3 1 May -
30 Jun 2026; on 15 April 2026 SV1 is missed (SV2's window has opened since), SV2 overdue
(SV3's has not), SV3 upcoming."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from attain.risk.review import VISITS, VisitState
from attain.services import dashboard
from attain.services.appdb import init_database
from attain.store import appdb
from attain.store.risk_models import SchoolVisitRow

TODAY = date(2026, 4, 15)
MINE, OTHER = 100001, 100002


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    init_database(tmp_path)
    engine = appdb.engine_for(f"sqlite:///{tmp_path / 'attain.db'}")
    with Session(engine) as s:
        yield s
    engine.dispose()


def _visit(urn: int, year: int, name: str, visited_on: date | None = None) -> SchoolVisitRow:
    window = next(v for v in VISITS if v.name == name)
    start, end = window.dates(year)
    return SchoolVisitRow(urn=urn, year=year, visit=name, focus=window.focus, due_from=start,
                          due_to=end, visited_on=visited_on, record={})


def test_visits_needing_attention(session: Session) -> None:
    session.add_all([_visit(MINE, 2026, "SV1"), _visit(MINE, 2026, "SV2"),
                     _visit(MINE, 2026, "SV3"), _visit(MINE, 2025, "SV1"),
                     _visit(OTHER, 2026, "SV2", visited_on=date(2026, 2, 10)),
                     _visit(OTHER, 2026, "SV1")])
    session.flush()
    found = dashboard.visits_needing_attention(session, [MINE], TODAY, 2026)
    assert [(r.urn, r.year, r.visit, s) for r, s in found] == [
        (MINE, 2026, "SV1", VisitState.MISSED), (MINE, 2026, "SV2", VisitState.OVERDUE)]
    both = dashboard.visits_needing_attention(session, [MINE, OTHER], TODAY, 2026)
    assert [(r.urn, r.visit) for r, _ in both] == [(MINE, "SV1"), (OTHER, "SV1"), (MINE, "SV2")]
