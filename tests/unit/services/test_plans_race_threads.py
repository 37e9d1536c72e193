"""Editors in threads changing different actions of one plan at once, as gunicorn's threads
would, on a SQLite file and on PostgreSQL: an edit is either saved and kept, or refused as
"changed by someone else" (the editor reloads and tries again); none is silently lost.

Each action has its own version, but every edit rewrites the one plan document, so without
the plan row's version check in the UPDATE a later edit would drop an earlier one's change
(test_plans_race.py shows that exactly; this test shows it holds under real threads).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session
from tests.unit.services import test_plans_race as race

from attain.errors import UserError
from attain.services import plans as service
from attain.services import plans_web as edits
from attain.store import appdb
from attain.store.plan_models import PlanActionRow

url = race.url  # the fixture: the plan imported into SQLite, and PostgreSQL
PLAN = race.PLAN
KEYS = ("1.3.1", "1.4.1", "1.4.2", "2.3.1")  # one action per editor
ROUNDS, TRIES = 4, 40


def _action_version(url: str, key: str) -> int:
    engine = appdb.engine_for(url)
    try:
        with Session(engine) as s:
            return int(s.scalars(sa.select(PlanActionRow.version).where(
                PlanActionRow.plan_id == PLAN, PlanActionRow.key == key)).one())
    finally:
        engine.dispose()


def _editor(url: str, key: str, barrier: threading.Barrier) -> tuple[str, int]:
    """Give action `key` a new owner each round, reloading after each refusal; returns the
    last owner saved and how many refusals there were."""
    barrier.wait()
    refused, saved = 0, ""
    for round_ in range(ROUNDS):
        owner = f"owner {key} round {round_}"
        for _ in range(TRIES):
            action = edits.action_at(service.get_plan(url, PLAN), key)
            change = edits.ActionEdit(action.text, owner, action.target, action.status,
                                      action.hold_reason)
            try:
                edits.edit_action(url, PLAN, key, _action_version(url, key), change,
                                  user=f"editor-{key}")
            except UserError as err:
                assert "changed by someone else" in err.message
                refused += 1
                continue
            saved = owner
            break
        else:
            pytest.fail(f"{key} was refused {TRIES} times in a row")
    return saved, refused


def test_editors_of_different_actions_at_once_lose_no_change(url: str) -> None:
    barrier = threading.Barrier(len(KEYS))
    with ThreadPoolExecutor(max_workers=len(KEYS)) as pool:
        futures = {key: pool.submit(_editor, url, key, barrier) for key in KEYS}
        results = {key: future.result() for key, future in futures.items()}
    plan = service.get_plan(url, PLAN)
    kept = {key: edits.action_at(plan, key).responsible for key in KEYS}
    assert kept == {key: saved for key, (saved, _refused) in results.items()}
    assert kept == {key: f"owner {key} round {ROUNDS - 1}" for key in KEYS}
