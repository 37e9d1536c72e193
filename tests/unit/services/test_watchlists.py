"""Watchlists in the app database: create, rename, schools, delete, the default list,
owner-only access and the audit entries (before/after) of every change."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from attain.errors import UserError
from attain.services import watchlists as service
from attain.services.appdb import init_database
from attain.store import appdb
from attain.store.models import AuditEntry, LocalAuthority, Role, School, User

ANN, BOB = 1, 2
LA_SCHOOLS = (100001, 100002, 100003)
ELSEWHERE = 200001


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    init_database(tmp_path)
    engine = appdb.engine_for(f"sqlite:///{tmp_path / 'attain.db'}")
    with Session(engine) as s:
        s.add_all([LocalAuthority(la_code="882", name="Southend-on-Sea", country="E"),
                   LocalAuthority(la_code="883", name="Thurrock", country="E")])
        s.add_all(School(urn=urn, name=f"School {urn}", la_code="882" if urn < 200000 else "883",
                         open_date=date(2000, 9, 1), country="E")
                  for urn in (*LA_SCHOOLS, ELSEWHERE))
        s.add_all([User(id=ANN, email="ann@la.example", name="Ann", role=Role.OFFICER),
                   User(id=BOB, email="bob@la.example", name="Bob", role=Role.OFFICER)])
        s.commit()
        yield s
    engine.dispose()


def _audit(s: Session) -> list[AuditEntry]:
    return list(s.scalars(sa.select(AuditEntry).where(AuditEntry.entity == "watchlist")
                          .order_by(AuditEntry.id)))


def test_the_first_list_is_the_default_and_later_ones_are_not(session: Session) -> None:
    first = service.create(session, ANN, "  My   schools ", by="ann@la.example")
    second = service.create(session, ANN, "Secondaries", by="ann@la.example")
    assert (first.name, first.is_default) == ("My schools", True)  # spaces tidied
    assert second.is_default is False
    assert [w.name for w in service.lists_of(session, ANN)] == ["My schools", "Secondaries"]
    assert service.default_of(session, ANN) == first


def test_making_another_list_the_default_unsets_the_old_one(session: Session) -> None:
    first = service.create(session, ANN, "My schools", by="ann")
    second = service.create(session, ANN, "Secondaries", by="ann", make_default=True)
    assert second.is_default
    mine = service.watchlist(session, ANN, first.id)
    assert mine is not None and mine.is_default is False


def test_names_must_be_given_and_unique_per_owner(session: Session) -> None:
    service.create(session, ANN, "My schools", by="ann")
    with pytest.raises(UserError, match="enter a name"):
        service.create(session, ANN, "   ", by="ann")
    with pytest.raises(UserError, match="already have a list called"):
        service.create(session, ANN, "my SCHOOLS", by="ann")
    # another officer may use the same name
    assert service.create(session, BOB, "My schools", by="bob").owner_id == BOB


def test_schools_are_replaced_and_audited_before_and_after(session: Session) -> None:
    mine = service.create(session, ANN, "My schools", by="ann@la.example")
    service.set_schools(session, ANN, mine.id, [100001, 100002], LA_SCHOOLS, by="ann@la.example")
    after = service.set_schools(session, ANN, mine.id, [100002, 100003, 100003], LA_SCHOOLS,
                                by="ann@la.example")
    assert after.urns == {100002, 100003}
    entries = _audit(session)
    assert [(e.action, e.entity_id, e.user) for e in entries] == [
        ("create", str(mine.id), "ann@la.example"),
        ("edit_schools", str(mine.id), "ann@la.example"),
        ("edit_schools", str(mine.id), "ann@la.example")]
    assert entries[0].detail == {"before": None, "after": {
        "name": "My schools", "is_default": True, "schools": []}}
    assert entries[2].detail is not None
    assert entries[2].detail["before"]["schools"] == [100001, 100002]
    assert entries[2].detail["after"]["schools"] == [100002, 100003]


def test_a_school_of_another_la_is_refused_and_nothing_changes(session: Session) -> None:
    mine = service.create(session, ANN, "My schools", by="ann")
    service.set_schools(session, ANN, mine.id, [100001], LA_SCHOOLS, by="ann")
    with pytest.raises(UserError, match="200001 is not a school of your local authority"):
        service.set_schools(session, ANN, mine.id, [100002, ELSEWHERE], LA_SCHOOLS, by="ann")
    found = service.watchlist(session, ANN, mine.id)
    assert found is not None and found.urns == {100001}


def test_another_users_list_is_not_found(session: Session) -> None:
    bobs = service.create(session, BOB, "Bob's schools", by="bob")
    assert service.watchlist(session, ANN, bobs.id) is None
    for change in (lambda: service.rename(session, ANN, bobs.id, "Mine now", by="ann"),
                   lambda: service.set_schools(session, ANN, bobs.id, [100001], LA_SCHOOLS,
                                               by="ann"),
                   lambda: service.delete(session, ANN, bobs.id, by="ann")):
        with pytest.raises(UserError, match="no list"):
            change()
    assert service.watchlist(session, BOB, bobs.id) is not None
    assert [e.action for e in _audit(session)] == ["create"]


def test_rename_is_audited(session: Session) -> None:
    mine = service.create(session, ANN, "My schools", by="ann")
    renamed = service.rename(session, ANN, mine.id, "North cluster", by="ann")
    assert renamed.name == "North cluster" and renamed.is_default
    last = _audit(session)[-1]
    assert last.action == "edit" and last.detail is not None
    assert (last.detail["before"]["name"], last.detail["after"]["name"]) == (
        "My schools", "North cluster")


def test_deleting_the_default_passes_it_to_the_next_list_by_name(session: Session) -> None:
    mine = service.create(session, ANN, "My schools", by="ann")
    service.create(session, ANN, "Zeta", by="ann")
    service.create(session, ANN, "Beta", by="ann")
    service.set_schools(session, ANN, mine.id, [100001], LA_SCHOOLS, by="ann")
    service.delete(session, ANN, mine.id, by="ann")
    assert [(w.name, w.is_default) for w in service.lists_of(session, ANN)] == [
        ("Beta", True), ("Zeta", False)]
    deleted, passed_on = _audit(session)[-2:]
    assert deleted.action == "delete" and deleted.detail is not None
    assert deleted.detail["before"]["schools"] == [100001] and deleted.detail["after"] is None
    assert passed_on.action == "edit" and passed_on.detail is not None
    assert passed_on.detail["after"]["is_default"] is True
