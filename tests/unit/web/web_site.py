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

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from attain.services.appdb import init_database
from attain.services.compute import results_warehouse
from attain.store import appdb
from attain.store.models import LocalAuthority, Role, School
from attain.web import create_app
from attain.web.accounts import NewUser, add_user
from attain.web.auth import ARGON2_COST_KEY
from attain.web.passwords import Argon2Cost

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


# Sign-in rehashes the site's cheap pbkdf2 hashes to argon2id: cheaply, in tests.
TEST_ARGON2_COST = Argon2Cost(time_cost=1, memory_kib=64, parallelism=1)


def site_app(folder: Path, monkeypatch: pytest.MonkeyPatch, *, csrf: bool = True) -> Flask:
    """The app over a built site, whatever ATTAIN_DATABASE_URL / ATTAIN_LA say outside."""
    monkeypatch.delenv("ATTAIN_DATABASE_URL", raising=False)
    monkeypatch.delenv("ATTAIN_LA", raising=False)
    app = create_app(folder, testing=True)
    app.config[ARGON2_COST_KEY] = TEST_ARGON2_COST
    app.config["WTF_CSRF_ENABLED"] = csrf
    return app


@contextmanager
def site_session(folder: Path) -> Iterator[Session]:
    """A session on the site's app database, for checking what the app wrote."""
    engine = appdb.engine_for(f"sqlite:///{(folder / 'attain.db').resolve()}")
    # Each read ends its transaction: an open one would lock SQLite against the app's writes.
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()


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
    _write_registry(folder)
    _write_framework(folder)
    _add_plans(folder, url)
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


FAMILY_AVERAGE = 70.0


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
                            "significance": ["similar"] * len(CUBE),
                            # the school's family of similar schools averaged 70.0%
                            "family_value": [
                                FAMILY_AVERAGE if r[1:4] == ("school", str(OWN_URN), "all")
                                else None for r in CUBE]})
    warehouse = results_warehouse(folder)
    warehouse.write("results", results)
    warehouse.write("comparisons", comparisons)


def sign_in(client: FlaskClient, label: str) -> FlaskClient:
    """Sign the test client in as one of USERS (the app must have CSRF checks off)."""
    response = client.post("/sign-in", data={"email": USER[label].email,
                                             "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


# ---- plans and the warehouse registry (plans and reports pages) ------------------------
# The LA plan's measure of success, worked by hand (docs/plans.md, on-track rule): baseline
# 62.0 (2018) -> target 68.0 (2020), so 65.0 is expected in 2019; the cube's 2019 LA figure
# is 65.0: made 3.0 >= needed 3.0 -> green. The RAP's measure has a target (70.0 by 2020)
# and no baseline: 60.0 in 2019 is before the target year and not met -> amber.
LA_PLAN, RAP_PLAN = "la-plan-2019", "rap-alpha-2019"
PLAN_YAML = {LA_PLAN: f"""
id: {LA_PLAN}
title: Raising standards in primary schools
organisation: Southend-on-Sea
owner: Head of School Improvement
priorities:
  - ref: '1'
    title: Reading, writing and maths at key stage 2
    objectives:
      - ref: 1a
        text: Raise attainment in reading, writing and maths
        measures:
          - text: RWM expected standard from 62% (2018) to 68% (2020)
            measure: {MEASURE}
            level: la
            area: '882'
            baseline: {{year: 2018, value: 62}}
            target: {{year: 2020, value: 68}}
        actions:
          - ref: A1
            text: Moderate writing in every Year 6 class
            responsible: Primary adviser
            target: Jan 2013
          - ref: A2
            text: Run maths hubs for Year 5 and 6 teachers
            responsible: Maths lead
            target: On-going
            status: in_progress
""", RAP_PLAN: f"""
id: {RAP_PLAN}
title: Alpha Primary raising attainment plan
organisation: Alpha Primary School
cadence: four_weekly
priorities:
  - ref: '1'
    title: Writing
    objectives:
      - ref: '1'
        text: More pupils reach the expected standard
        measures:
          - text: 70% at the expected standard by 2020
            measure: {MEASURE}
            level: school
            area: '{OWN_URN}'
            target: {{year: 2020, value: 70}}
        actions:
          - ref: R1
            text: Daily guided writing in Year 6
            responsible: Head teacher
            target: July 2020
""" }


def _add_plans(folder: Path, url: str) -> None:
    """Two plans: an LA plan and Alpha Primary's RAP (a school's plan is one its visits
    review), imported through the service as `attain plans import` does."""
    from attain.services.plans import import_plan
    from attain.store.risk_models import SchoolVisitRow

    for plan_id, text in PLAN_YAML.items():
        path = folder / f"{plan_id}.yaml"
        path.write_text(text, encoding="utf-8")
        import_plan(url, path, user="test")
        path.unlink()
    engine = appdb.engine_for(url)
    with Session(engine) as session:
        visit = session.query(SchoolVisitRow).filter_by(urn=OWN_URN, year=2019,
                                                         visit="SV1").one_or_none()
        if visit is None:  # the risk pages' fixtures may have scheduled it already
            visit = SchoolVisitRow(urn=OWN_URN, year=2019, visit="SV1", focus="RAP review",
                                   due_from=date(2019, 1, 7), due_to=date(2019, 2, 1),
                                   record={})
            session.add(visit)
        visit.plan_id = RAP_PLAN
        session.commit()
    engine.dispose()


def _write_registry(folder: Path) -> None:
    """The warehouse registry the report builders read (the app database mirrors it)."""
    from attain.services.compute import WAREHOUSE
    from attain.store.warehouse import Warehouse

    warehouse = Warehouse(folder / WAREHOUSE)
    with warehouse.transaction() as tx:
        tx.write("las", pa.table({
            "la_code": ["882", "883"], "new_la_code": ["E06000033", "E06000034"],
            "la_name": ["Southend-on-Sea", "Thurrock"],
            "region_code": ["E12000006"] * 2, "region_name": ["East of England"] * 2,
            "country": ["E", "E"]}))
        tx.write("schools", pa.table({
            "urn": [OWN_URN, OTHER_URN, ELSEWHERE_URN],
            "la_code": ["882", "882", "883"],
            "name": ["Alpha Primary School", "Beta Junior School", "Gamma Primary School"],
            "phase": ["primary"] * 3, "country": ["E"] * 3}))



# An LA's own risk framework (docs/risk.md) for the risk and review pages: by hand, school
# 100001 (60.0%) is below the 65% threshold and school 100002 (75.0%) is not.
SITE_FRAMEWORK = "site_ks2_rwm_2019"
FRAMEWORK_YAML = f"""\
id: {SITE_FRAMEWORK}
title: Site primary threshold, 2019
source: Made for the web tests; 65% is DfE's 2016-2018 primary floor threshold.
years: {{from: 2019, to: 2019}}
country: E
phases: [primary, junior]
categories:
  - id: below_threshold
    label: Below the threshold
    visits: [SV1, SV2, SV3]
    when:
      measure: ks2_rwm_expected
      lt: 65
      reason: "KS2 RWM expected {{value}} is {{op}} the {{threshold}} threshold ({{year}})"
  - id: above_threshold
    label: At or above the threshold
    visits: [SV2]
    otherwise: true
"""


def _write_framework(folder: Path) -> None:
    (folder / "frameworks").mkdir(exist_ok=True)
    (folder / "frameworks" / f"{SITE_FRAMEWORK}.yaml").write_text(FRAMEWORK_YAML,
                                                                   encoding="utf-8")
