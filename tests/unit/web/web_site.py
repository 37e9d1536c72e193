"""A small, hand-made site for the web tests: two LAs, three schools, one user per role and
a results cube of one measure whose numbers are worked by hand below.

KS2 reading, writing and maths at the expected standard (ks2_rwm_expected), 2019:
  LA 882, all pupils:      1300 / 2000 = 65.0 %   national 65.0 %
  LA 882, FSM pupils:        260 / 500 = 52.0 %
  school 100001, all:          18 / 30 = 60.0 %
  school 100001, FSM:            2 / 4 = 50.0 %   suppressed (denominator 4 < 6)
  school 100002, all:          45 / 60 = 75.0 %
2018: LA 882 all 1240 / 2000 = 62.0 %, national 64.0 %.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from attain.services.appdb import init_database
from attain.services.compute import results_warehouse
from attain.store import appdb
from attain.store.models import LocalAuthority, Role, School
from attain.web.accounts import NewUser, add_user

PASSWORD = "correct horse battery staple"
OWN_URN, OTHER_URN, ELSEWHERE_URN = 100001, 100002, 200001
MEASURE = "ks2_rwm_expected"
CHEAP_HASH = "pbkdf2:sha256:1000"
SUPPRESSED_FSM_VALUE = "50.0"  # school 100001 FSM: must never appear on a page


@dataclass(frozen=True)
class SiteUser:
    label: str
    email: str
    role: Role
    urns: tuple[int, ...] = ()


USERS = (
    SiteUser("admin", "admin@la.example", Role.ADMIN),
    SiteUser("officer", "officer@la.example", Role.OFFICER),
    SiteUser("school", "head@alpha.example", Role.SCHOOL, (OWN_URN,)),
    SiteUser("school_other", "head@beta.example", Role.SCHOOL, (OTHER_URN,)),
    SiteUser("viewer", "councillor@la.example", Role.VIEWER),
)
USER = {u.label: u for u in USERS}


def build_site(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    init_database(folder)
    url = f"sqlite:///{(folder / 'attain.db').resolve()}"
    engine = appdb.engine_for(url)
    with Session(engine) as session:
        session.add_all([
            LocalAuthority(la_code="882", name="Southend-on-Sea", country="E"),
            LocalAuthority(la_code="883", name="Thurrock", country="E")])
        session.add_all([
            _school(OWN_URN, "Alpha Primary School", "882", "primary"),
            _school(OTHER_URN, "Beta Junior School", "882", "primary"),
            _school(ELSEWHERE_URN, "Gamma Primary School", "883", "primary")])
        session.flush()
        for user in USERS:
            # A cheap hash keeps the many sign-ins of the tests fast; real users get scrypt.
            add_user(session, NewUser(user.email, user.role, PASSWORD, urns=user.urns),
                     by="test", hash_method=CHEAP_HASH)
        session.commit()
    engine.dispose()
    _write_cube(folder)
    return folder


def _school(urn: int, name: str, la: str, phase: str) -> School:
    return School(urn=urn, name=name, la_code=la, phase=phase, type="community school",
                  is_academy=False, open_date=date(2000, 9, 1), country="E")


# (year, level, area, group, numerator, denominator, suppressed, national)
CUBE = (
    (2018, "la", "882", "all", 1240, 2000, None, 64.0),
    (2019, "la", "882", "all", 1300, 2000, None, 65.0),
    (2019, "la", "882", "fsm", 260, 500, None, 48.0),
    (2018, "national", "E92000001", "all", 64000, 100000, None, 64.0),
    (2019, "national", "E92000001", "all", 65000, 100000, None, 65.0),
    (2019, "school", str(OWN_URN), "all", 18, 30, None, 65.0),
    (2019, "school", str(OWN_URN), "fsm", 2, 4, "small_denominator", 48.0),
    (2019, "school", str(OTHER_URN), "all", 45, 60, None, 65.0),
    (2019, "school", str(ELSEWHERE_URN), "all", 20, 25, None, 65.0),
)


def _write_cube(folder: Path) -> None:
    keys = {"measure_id": [MEASURE] * len(CUBE), "year": [r[0] for r in CUBE],
            "level": [r[1] for r in CUBE], "area_code": [r[2] for r in CUBE],
            "group_id": [r[3] for r in CUBE]}
    values = [100 * r[4] / r[5] for r in CUBE]
    results = pa.table({**keys, "numerator": [float(r[4]) for r in CUBE],
                        "denominator": [float(r[5]) for r in CUBE], "value": values,
                        "suppressed": [r[6] for r in CUBE],
                        "source": ["computed"] * len(CUBE)})
    comparisons = pa.table({**keys, "national_value": [r[7] for r in CUBE],
                            "diff_national": [v - r[7] for v, r in zip(values, CUBE,
                                                                       strict=True)],
                            "significance": ["similar"] * len(CUBE)})
    warehouse = results_warehouse(folder)
    warehouse.write("results", results)
    warehouse.write("comparisons", comparisons)


def sign_in(client: FlaskClient, label: str) -> FlaskClient:
    """Sign the test client in as one of USERS (the app must have CSRF checks off)."""
    response = client.post("/sign-in", data={"email": USER[label].email,
                                             "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client
