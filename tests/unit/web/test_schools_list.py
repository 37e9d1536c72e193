"""The schools list: each filter, each sort, search by URN, combinations, and bad values.

The site is web_site's plus three schools of LA 882 and categorisation decisions, so that
every expected order below is worked by hand from this table:

  URN     name                  phase      type                    open  latest categories
  100001  Alpha Primary School  primary    community school        yes   Below the threshold
  100002  Beta Junior School    primary    community school        yes   (none)
  100003  Delta Academy         secondary  academy converter       yes   Above the floor standard
  100004  Epsilon High School   secondary  community school        no    Insufficient data; Below
                                                                          the floor standard
  100005  Zeta Infant School    primary    voluntary aided school  yes   Coasting; Below the floor
                                                                          standard

100001 was below the floor in 2018 but its latest year (2019) has only the site framework's
category; 100003's computed below_floor was overridden by a proposed above_floor (a
proposed decision outranks a later computed one); 100004 and 100005 have two frameworks in
2018, shown in framework-id order (england_coasting_... before england_floor_...); a school
a framework could not judge is "insufficient data" (attain.risk.evaluate).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from web_site import OWN_URN, build_site, sign_in, site_app, site_session

from attain.store.models import School
from attain.store.risk_models import CategorisationRow

ALPHA, BETA, DELTA, EPSILON, ZETA = 100001, 100002, 100003, 100004, 100005
FLOOR_KS2, FLOOR_KS4 = "england_floor_ks2_2016_2018", "england_floor_ks4_p8_2016_2018"
COASTING_KS2, SITE = "england_coasting_ks2_2018", "site_ks2_rwm_2019"
COASTING_KS4 = "england_coasting_ks4_2018"
# (urn, year, framework, stage, category), in the order they were decided
DECISIONS = (
    (ALPHA, 2018, FLOOR_KS2, "computed", "below_floor"),
    (ALPHA, 2019, SITE, "computed", "below_threshold"),
    (DELTA, 2018, FLOOR_KS4, "computed", "below_floor"),
    (DELTA, 2018, FLOOR_KS4, "proposed", "above_floor"),
    (DELTA, 2018, FLOOR_KS4, "computed", "below_floor"),
    (EPSILON, 2018, FLOOR_KS4, "agreed", "below_floor"),
    (EPSILON, 2018, COASTING_KS4, "computed", "insufficient_data"),
    (ZETA, 2018, FLOOR_KS2, "computed", "below_floor"),
    (ZETA, 2018, COASTING_KS2, "computed", "coasting"),
)


@pytest.fixture(scope="module")
def list_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = build_site(tmp_path_factory.mktemp("list_site"))
    with site_session(folder) as session:
        _add(session)
    return folder


def _add(session: Session) -> None:
    session.add_all([
        School(urn=DELTA, name="Delta Academy", la_code="882", phase="secondary",
               type="academy converter", is_academy=True, country="E"),
        School(urn=EPSILON, name="Epsilon High School", la_code="882", phase="secondary",
               type="community school", is_academy=False, country="E",
               close_date=date(2018, 8, 31)),
        School(urn=ZETA, name="Zeta Infant School", la_code="882", phase="primary",
               type="voluntary aided school", is_academy=False, country="E")])
    session.add_all([CategorisationRow(urn=urn, year=year, framework_id=framework, stage=stage,
                                       category=category, reasons=[], decided_by="test")
                     for urn, year, framework, stage, category in DECISIONS])
    session.commit()


@pytest.fixture(scope="module")
def list_app(list_site: Path) -> Flask:
    with pytest.MonkeyPatch.context() as patch:
        return site_app(list_site, patch, csrf=False)


def _client(app: Flask, role: str = "officer") -> FlaskClient:
    return sign_in(app.test_client(), role)


def _page(client: FlaskClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def _listed(client: FlaskClient, path: str) -> list[int]:
    """The URNs of the table's rows, in order."""
    html = _page(client, path)
    body = html.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0] \
        if "<tbody" in html else ""
    return [int(u) for u in re.findall(r'href="/schools/(\d+)"', body)]


@pytest.fixture(scope="module")
def officer(list_app: Flask) -> FlaskClient:
    return _client(list_app)


def test_default_order_is_by_name_and_only_the_las_schools(officer: FlaskClient) -> None:
    assert _listed(officer, "/schools") == [ALPHA, BETA, DELTA, EPSILON, ZETA]


@pytest.mark.parametrize(("query", "expected"), [
    ("sort=name&order=descending", [ZETA, EPSILON, DELTA, BETA, ALPHA]),
    ("sort=urn", [ALPHA, BETA, DELTA, EPSILON, ZETA]),
    ("sort=urn&order=descending", [ZETA, EPSILON, DELTA, BETA, ALPHA]),
    # primary: Alpha, Beta, Zeta; secondary: Delta, Epsilon (ties by name)
    ("sort=phase", [ALPHA, BETA, ZETA, DELTA, EPSILON]),
    # a descending sort keeps ties in name order
    ("sort=phase&order=descending", [DELTA, EPSILON, ALPHA, BETA, ZETA]),
    # academy converter; community school (Alpha, Beta, Epsilon); voluntary aided school
    ("sort=type", [DELTA, ALPHA, BETA, EPSILON, ZETA]),
    # Above the floor…, Below the threshold, Coasting…, Insufficient data…, then none
    ("sort=category", [DELTA, ALPHA, ZETA, EPSILON, BETA]),
    ("sort=category&order=descending", [BETA, EPSILON, ZETA, ALPHA, DELTA]),
])
def test_each_sort(officer: FlaskClient, query: str, expected: list[int]) -> None:
    assert _listed(officer, f"/schools?{query}") == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("phase=secondary", [DELTA, EPSILON]),
    ("type=community+school", [ALPHA, BETA, EPSILON]),
    ("category=below_floor", [EPSILON, ZETA]),
    ("category=coasting", [ZETA]),
    ("category=insufficient_data", [EPSILON]),
    ("category=below_threshold", [ALPHA]),
    ("below_floor=yes", [EPSILON, ZETA]),
    ("status=closed", [EPSILON]),
    ("status=open", [ALPHA, BETA, DELTA, ZETA]),
    ("q=100005", [ZETA]),
    ("q=academy", [DELTA]),
    ("q=1000", []),  # a URN matches whole, a name by any part
])
def test_each_filter(officer: FlaskClient, query: str, expected: list[int]) -> None:
    assert _listed(officer, f"/schools?{query}") == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("phase=primary&below_floor=yes", [ZETA]),
    ("phase=secondary&status=open", [DELTA]),
    ("phase=secondary&below_floor=yes&status=open", []),
    ("type=community+school&status=open&sort=urn&order=descending", [BETA, ALPHA]),
    ("q=school&category=below_floor&sort=name&order=descending", [ZETA, EPSILON]),
])
def test_filters_combine(officer: FlaskClient, query: str, expected: list[int]) -> None:
    assert _listed(officer, f"/schools?{query}") == expected


def test_count_and_clear_filters_link(officer: FlaskClient) -> None:
    html = _page(officer, "/schools?below_floor=yes")
    assert 'role="status">2 schools <a' in html and ">Clear filters</a>" in html
    assert 'role="status">1 school <a' in _page(officer, "/schools?q=100005")
    html = _page(officer, "/schools?phase=secondary&below_floor=yes&status=open")
    assert "0 schools" in html and "No schools match" in html
    assert "Clear filters" not in _page(officer, "/schools?sort=urn")


def test_a_known_category_nobody_is_in_lists_nobody(officer: FlaskClient) -> None:
    # not_applied is a floor framework's category: a real filter, which no school matches
    assert _listed(officer, "/schools?category=not_applied") == []


@pytest.mark.parametrize("query", [
    "sort=evil", "sort=name&order=sideways", "phase=tertiary", "type=%3Cscript%3E",
    "category=%3Cscript%3Ealert(1)%3C/script%3E", "category=no_such_category",
    "status=maybe", "below_floor=banana", "q=" + "x" * 500 + "&sort=", "sort=__class__",
])
def test_bad_values_are_ignored(officer: FlaskClient, query: str) -> None:
    listed = _listed(officer, f"/schools?{query}")
    if query.startswith("q="):
        assert listed == []  # a search for a name nobody has, not an error
    else:
        assert listed == [ALPHA, BETA, DELTA, EPSILON, ZETA]


def test_headers_are_sort_links_with_aria_sort(officer: FlaskClient) -> None:
    html = _page(officer, "/schools?phase=primary&sort=urn")
    # the current column sorts the other way next; the others ascending; filters kept
    assert ('aria-sort="ascending"><a class="govuk-link" '
            'href="/schools?phase=primary&amp;sort=urn&amp;order=descending">URN</a>') in html
    assert ('aria-sort="none"><a class="govuk-link" '
            'href="/schools?phase=primary">School</a>') in html
    assert 'aria-sort="none"><a class="govuk-link" href="/schools?phase=primary&amp;sort=' \
           'category">Category</a>' in html
    html = _page(officer, "/schools?sort=urn&order=descending")
    assert 'aria-sort="descending"><a class="govuk-link" href="/schools?sort=urn">URN' in html
    # the filter form keeps the sort
    assert '<input type="hidden" name="sort" value="urn">' in html
    assert '<input type="hidden" name="order" value="descending">' in html


def test_category_column_and_filter_options(officer: FlaskClient) -> None:
    html = _page(officer, "/schools?q=zeta")
    assert ">Coasting; Below the floor standard</td>" in html
    assert '<option value="below_floor">Below the floor standard</option>' in html
    assert '<option value="coasting">Coasting</option>' in html
    html = _page(officer, "/schools?q=epsilon")
    assert ">Closed</td>" in html and ">Insufficient data; Below the floor standard</td>" in html
    assert '<option value="insufficient_data">Insufficient data</option>' in html
    assert ">None recorded</td>" in _page(officer, "/schools?q=beta")


def test_school_user_sees_only_their_schools_with_filters(list_app: Flask) -> None:
    head = _client(list_app, "school")
    assert _listed(head, "/schools") == [OWN_URN]
    assert _listed(head, "/schools?category=below_threshold&sort=urn") == [OWN_URN]
    assert _listed(head, "/schools?below_floor=yes") == []
    assert _listed(head, "/schools?q=beta") == []
    assert _listed(head, "/schools?q=100005") == []
    # another school's category is not offered to them
    html = _page(head, "/schools")
    assert 'value="coasting"' not in html and "Zeta" not in html
