"""Access through real app-database users: role, schools and the pupil permission."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest
from sqlalchemy.orm import Session

from attain import settings
from attain.errors import UserError
from attain.services import appdb as appdb_service
from attain.services import vulnerable
from attain.store import appdb
from attain.store.models import Role, User, UserSchool
from attain.store.warehouse import Warehouse
from attain.vulnerable.access import AccessDenied

OWN, OTHER = 100001, 100002


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("ATTAIN_DATABASE_URL", raising=False)
    with Warehouse(tmp_path / "warehouse").transaction() as tx:
        tx.write("las", pa.table({"la_code": ["882"], "la_name": ["Southend-on-Sea"],
                                  "country": ["E"]}))
        tx.write("schools", pa.table({"urn": [OWN, OTHER], "la_code": ["882", "882"],
                                      "name": ["Own", "Other"], "country": ["E", "E"]}))
        tx.write("pupils", pa.table({"year": [2024], "pupil_id": ["LAC1"], "urn": [OWN],
                                     "la_code": ["882"], "lac": [True]}))
    appdb_service.init_database(tmp_path)
    appdb_service.sync_schools(tmp_path)
    engine = appdb.engine_for(settings.database_url(tmp_path))
    with Session(engine) as s:
        for email, role, see, urns in [("head@own", Role.SCHOOL, True, [OWN]),
                                       ("head@other", Role.SCHOOL, True, [OTHER]),
                                       ("gov@own", Role.SCHOOL, False, [OWN]),
                                       ("cllr@la", Role.VIEWER, True, [])]:
            user = User(email=email, name=email, role=role, can_see_pupils=see)
            s.add(user)
            s.flush()
            s.add_all(UserSchool(user_id=user.id, urn=u) for u in urns)
        s.commit()
    engine.dispose()
    return tmp_path


def test_own_school_user_with_pupil_permission_sees_the_list(folder: Path) -> None:
    requester = vulnerable.requester_for(folder, "head@own")
    listing = vulnerable.school_list(folder, requester, OWN, 2024)
    assert [a.pupil_id for a in listing.pupils] == ["LAC1"]


@pytest.mark.parametrize("email", ["head@other", "gov@own", "cllr@la"])
def test_everyone_else_is_refused(folder: Path, email: str) -> None:
    with pytest.raises(AccessDenied):
        vulnerable.school_list(folder, vulnerable.requester_for(folder, email), OWN, 2024)


def test_unknown_user_is_a_user_error(folder: Path) -> None:
    with pytest.raises(UserError, match="no active user"):
        vulnerable.requester_for(folder, "nobody@x")
