"""Two edits of one plan at the same instant (issue 10), on a SQLite file and on PostgreSQL.

Both edits read the plan at the same version and pass the version check; the later write
must then be refused as "changed by someone else", never overwrite the earlier. The
instant is made exact, not left to thread timing: the first edit's session, just before
it writes (SQLAlchemy's before_flush), lets a second editor make and commit a whole edit
through its own connection.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from attain.domain import plans as m
from attain.errors import UserError
from attain.services import plans as service
from attain.services import plans_web as edits
from attain.store import appdb
from attain.store.models import AuditEntry
from attain.store.plan_models import PlanRow

EXAMPLES = Path(__file__).parents[3] / "examples" / "plans"
PLAN = "redditch-2012"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        database = f"sqlite:///{tmp_path / 'attain.db'}"
    else:
        database = str(request.getfixturevalue("postgres_url"))
        if database.startswith("postgresql://"):
            database = database.replace("postgresql://", "postgresql+psycopg://", 1)
    appdb.upgrade(database)
    service.import_plan(database, EXAMPLES / f"{PLAN}.yaml", user="ann@la.gov.uk")
    return database


@contextmanager
def another_edit_before_writing(edit: Callable[[], object]) -> Iterator[list[object]]:
    """While the block runs, the first session about to write first runs `edit` (once)."""
    done: list[object] = []

    def interleave(_session: Session, _context: Any, _instances: Any) -> None:
        if not done:
            done.append("started")
            done.append(edit())

    sa.event.listen(Session, "before_flush", interleave)
    try:
        yield done
    finally:
        sa.event.remove(Session, "before_flush", interleave)


def _plan(url: str) -> m.Plan:
    return service.get_plan(url, PLAN)


def _version(url: str) -> int:
    engine = appdb.engine_for(url)
    try:
        with Session(engine) as s:
            row = s.get(PlanRow, PLAN)
            assert row is not None
            return int(row.version)
    finally:
        engine.dispose()


def _audited(url: str) -> list[tuple[str, str]]:
    engine = appdb.engine_for(url)
    try:
        with Session(engine) as s:
            return [(e.user, e.entity_id or "") for e in s.scalars(
                sa.select(AuditEntry).where(AuditEntry.action == "update")
                .order_by(AuditEntry.id))]
    finally:
        engine.dispose()


def _action(plan: m.Plan, key: str) -> m.Action:
    return edits.action_at(plan, key)


def _action_edit(action: m.Action, **change: Any) -> edits.ActionEdit:
    fields = {"text": action.text, "responsible": action.responsible,
              "target": action.target, "status": action.status,
              "hold_reason": action.hold_reason} | change
    return edits.ActionEdit(**fields)


def test_two_sessions_saving_one_plan_version_the_second_is_refused(url: str) -> None:
    engine = appdb.engine_for(url)
    try:
        with Session(engine) as first, Session(engine) as second:
            mine, theirs = first.get(PlanRow, PLAN), second.get(PlanRow, PLAN)
            assert mine is not None and theirs is not None
            assert mine.version == theirs.version == 1
            mine.title, mine.version = "First", 2
            first.commit()
            theirs.title, theirs.version = "Second", 2
            with pytest.raises(StaleDataError):
                second.commit()
    finally:
        engine.dispose()
    assert service.list_plans(url)[0].title == "First"


def test_objective_edits_at_the_same_instant_the_later_is_refused(url: str) -> None:
    key = "1.2"
    objective = edits.objective_at(_plan(url), key)

    def theirs() -> object:
        return edits.edit_objective(url, PLAN, key, 1, edits.ObjectiveEdit("Their words"),
                                    user="bob@la.gov.uk")

    with another_edit_before_writing(theirs) as done, \
            pytest.raises(UserError, match="changed by someone else"):
        edits.edit_objective(url, PLAN, key, 1, edits.ObjectiveEdit("My words"),
                             user="cat@la.gov.uk")
    assert done == ["started", edits.Saved(2, changed=True)]
    assert edits.objective_at(_plan(url), key).text == "Their words" != objective.text
    assert _version(url) == 2
    assert _audited(url) == [("bob@la.gov.uk", f"{PLAN}/{key}")]


def test_edits_of_two_actions_at_the_same_instant_never_lose_one(url: str) -> None:
    # Each action has its own version, but both edits rewrite the one plan document: the
    # later, built from the document before the earlier, would drop the earlier's change.
    plan = _plan(url)
    mine, theirs = _action(plan, "1.3.1"), _action(plan, "1.4.1")

    def their_edit() -> object:
        return edits.edit_action(url, PLAN, "1.4.1", 1,
                                 _action_edit(theirs, responsible="Bob"), user="bob@la.gov.uk")

    with another_edit_before_writing(their_edit) as done, \
            pytest.raises(UserError, match="changed by someone else"):
        edits.edit_action(url, PLAN, "1.3.1", 1, _action_edit(mine, responsible="Cat"),
                          user="cat@la.gov.uk")
    assert done == ["started", edits.Saved(2, changed=True)]
    after = _plan(url)
    assert _action(after, "1.4.1").responsible == "Bob"
    assert _action(after, "1.3.1") == mine
    assert _audited(url) == [("bob@la.gov.uk", f"{PLAN}/1.4.1")]
    # the refused editor reloads (action 1.3.1 is still at version 1) and saves
    assert edits.edit_action(url, PLAN, "1.3.1", 1, _action_edit(mine, responsible="Cat"),
                             user="cat@la.gov.uk") == edits.Saved(2, changed=True)
    final = _plan(url)
    assert (_action(final, "1.3.1").responsible, _action(final, "1.4.1").responsible) == (
        "Cat", "Bob")


def test_progress_added_at_the_same_instant_as_an_edit_is_refused(url: str) -> None:
    theirs = _action(_plan(url), "1.4.1")

    def their_edit() -> object:
        return edits.edit_action(url, PLAN, "1.4.1", 1,
                                 _action_edit(theirs, responsible="Bob"), user="bob@la.gov.uk")

    with another_edit_before_writing(their_edit), \
            pytest.raises(UserError, match="changed by someone else"):
        service.update_action(url, PLAN, "1.3.1", 1,
                              service.ActionChange(progress_text="Flyer drafted"),
                              user="cat@la.gov.uk")
    after = _plan(url)
    assert _action(after, "1.4.1").responsible == "Bob"
    assert _action(after, "1.3.1").progress == ()
