"""The LA dashboard: scoped to an officer's default list, another list or all schools;
the scoped schools' headline figures, categories, overdue plan actions and visits; school
users and viewers keep the LA-level page.

Numbers come from the hand-made site (tests/unit/web/web_site.py): KS2 RWM expected 2019,
Alpha Primary 18/30 = 60.0% and Beta Junior 45/60 = 75.0% against national 65.0%, so
-5.0 and +10.0. Overdue plan actions (open, target before today): the LA plan's A1 (target
Jan 2013) and Alpha's RAP R1 (target July 2020); A2 is "On-going" (no date).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from web_site import OTHER_URN, OWN_URN, SITE_FRAMEWORK, USER, sign_in, site_session

from attain.services import watchlists
from attain.store.models import User
from attain.store.risk_models import CategorisationRow, SchoolVisitRow
from attain.web.workspace import academic_year

ALPHA, BETA, GAMMA = "Alpha Primary School", "Beta Junior School", "Gamma Primary School"
LA_ACTION, RAP_ACTION = "Moderate writing in every Year 6 class", "Daily guided writing in Year 6"


def _main(client: FlaskClient, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, response.status_code
    page = response.get_data(as_text=True)
    return page[page.index("<main"):page.index("</main>")] if status == 200 else page


def _section(page: str, heading: str) -> str:
    """The page from the h2 that starts with `heading` to the next h2."""
    start = page.index(heading)
    end = page.find("<h2", start)
    return page[start:end if end > 0 else len(page)]


def _user_id(db: Session, label: str) -> int:
    found = db.query(User).filter_by(email=USER[label].email).one()
    return found.id


def _watchlist(site: Path, label: str, name: str, urns: list[int], *,
               default: bool = True) -> int:
    with site_session(site) as db:
        owner = _user_id(db, label)
        made = watchlists.create(db, owner, name, by="test", make_default=default)
        watchlists.set_schools(db, owner, made.id, urns, [OWN_URN, OTHER_URN], by="test")
        db.commit()
        return made.id


def test_without_a_list_an_officer_sees_every_school_of_the_la(csrf_off: Flask) -> None:
    page = _main(sign_in(csrf_off.test_client(), "officer"), "/")
    schools = _section(page, "All schools: 2 schools")
    assert ALPHA in schools and BETA in schools and GAMMA not in page  # Gamma: another LA
    assert re.search(r"Alpha Primary School.*?60\.0.*?65\.0.*?-5\.0", schools, re.S)
    assert re.search(r"Beta Junior School.*?75\.0.*?65\.0.*?\+10\.0", schools, re.S)
    actions = _section(page, "Overdue plan actions")
    assert LA_ACTION in actions and RAP_ACTION in actions
    assert "Run maths hubs" not in actions  # A2: on-going, no target date
    assert 'href="/plans/rap-alpha-2019"' in actions


def test_the_default_list_scopes_the_dashboard_and_all_schools_is_a_click_away(
        fresh_app: Flask, fresh_site: Path) -> None:
    list_id = _watchlist(fresh_site, "officer", "My schools", [OTHER_URN])
    client = sign_in(fresh_app.test_client(), "officer")
    page = _main(client, "/")
    assert f'value="{list_id}" checked' in page
    schools = _section(page, "My schools: 1 schools")
    assert BETA in schools and ALPHA not in schools
    actions = _section(page, "Overdue plan actions")
    # Alpha's RAP is out of scope; the LA plan is always shown
    assert LA_ACTION in actions and RAP_ACTION not in actions
    every = _main(client, "/?scope=all")
    assert 'value="all" checked' in every
    assert ALPHA in _section(every, "All schools: 2 schools")
    assert RAP_ACTION in _section(every, "Overdue plan actions")


def test_a_default_list_without_schools_falls_back_to_all_schools(
        fresh_app: Flask, fresh_site: Path) -> None:
    _watchlist(fresh_site, "officer", "My schools", [])
    page = _main(sign_in(fresh_app.test_client(), "officer"), "/")
    assert "All schools: 2 schools" in page


def test_another_users_list_as_scope_is_not_found(fresh_app: Flask, fresh_site: Path) -> None:
    admins = _watchlist(fresh_site, "admin", "Admin's schools", [OWN_URN])
    client = sign_in(fresh_app.test_client(), "officer")
    assert client.get(f"/?scope={admins}").status_code == 404
    assert client.get("/?scope=nonsense").status_code == 200  # ignored: the default scope


def test_schools_by_category_count_the_latest_decisions_and_link_to_the_list(
        fresh_app: Flask, fresh_site: Path) -> None:
    with site_session(fresh_site) as db:
        # Alpha: computed above the threshold in 2018, then agreed below it in 2019; the
        # latest (2019) counts. Beta has no decision.
        for year, category, stage in ((2018, "above_threshold", "computed"),
                                      (2019, "below_threshold", "agreed")):
            db.add(CategorisationRow(urn=OWN_URN, year=year, framework_id=SITE_FRAMEWORK,
                                     stage=stage, category=category, reasons=[],
                                     decided_by="test"))
        db.commit()
    page = _main(sign_in(fresh_app.test_client(), "officer"), "/")
    counts = _section(page, "Schools by latest category")
    assert re.search(r'href="/schools\?category=below_threshold">Below the threshold</a>'
                     r'.*?>1<', counts, re.S)
    assert re.search(r"Not categorised yet.*?>1<", counts, re.S)
    assert "above_threshold" not in counts
    assert re.search(r"Alpha Primary School.*?Below the threshold \(2019\)",
                     _section(page, "All schools: 2 schools"), re.S)


def test_visits_needing_attention_are_those_of_the_scoped_schools(
        fresh_app: Flask, fresh_site: Path) -> None:
    today = date.today()
    with site_session(fresh_site) as db:  # Beta's visit window is open now: due
        db.add(SchoolVisitRow(urn=OTHER_URN, year=academic_year(today), visit="SV2",
                              focus="Review", due_from=today - timedelta(days=10),
                              due_to=today + timedelta(days=10), record={}))
        db.commit()
    client = sign_in(fresh_app.test_client(), "officer")
    visits = _section(_main(client, "/"), "Visits due, overdue or missed")
    assert BETA in visits and "SV2" in visits and ">Due<" in visits
    # Alpha's SV1 of 2019 was missed years ago: history, not on the dashboard
    assert "SV1" not in visits
    _watchlist(fresh_site, "officer", "Alpha only", [OWN_URN])
    scoped = _section(_main(client, "/"), "Visits due, overdue or missed")
    assert BETA not in scoped and "No visits are due" in scoped


def test_school_users_and_viewers_keep_the_la_page_without_school_rows(
        csrf_off: Flask) -> None:
    for label in ("viewer", "school"):
        page = _main(sign_in(csrf_off.test_client(), label), "/")
        assert "results against national" in page
        assert 'name="scope"' not in page and "Overdue plan actions" not in page
        assert ALPHA not in page and BETA not in page


def test_the_dashboard_is_in_welsh_when_chosen(csrf_off: Flask) -> None:
    client = sign_in(csrf_off.test_client(), "officer")
    client.get("/language/cy?next=/")
    page = _main(client, "/")
    assert "Pob ysgol: 2 o ysgolion" in page and "Ffigur yr ysgol" in page
    assert "Camau gweithredu hwyr y cynlluniau" in page


def test_one_row_a_school_with_the_chosen_measure_and_bad_choices_ignored(
        csrf_off: Flask) -> None:
    client = sign_in(csrf_off.test_client(), "officer")
    chosen = _main(client, "/?scope=all&measure=ks2_rwm_expected")
    assert 'value="ks2_rwm_expected" selected' in chosen
    schools = _section(chosen, "All schools: 2 schools")
    assert schools.count('<tr class="govuk-table__row">') == 3  # the heading and 2 schools
    # a measure that is not a headline measure of the LA is ignored: each school's main one
    for bad in ("ks4_p8", "nonsense", "<script>"):
        page = _main(client, f"/?measure={bad}")
        assert re.search(r"Alpha Primary School.*?60\.0", page, re.S) and "<script>" not in page
