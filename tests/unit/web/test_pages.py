"""What each role sees on the pages; figures from the hand-worked site in web_site.py."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pyarrow as pa
from flask import Flask
from web_site import ELSEWHERE_URN, MEASURE, OTHER_URN, OWN_URN, SUPPRESSED_FSM_VALUE, sign_in

from attain.services.compute import results_warehouse
from attain.web import create_app


def page(app: Flask, role: str, path: str) -> str:
    response = sign_in(app.test_client(), role).get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_overview_shows_la_against_national(csrf_off: Flask) -> None:
    html = page(csrf_off, "viewer", "/")
    assert "Southend-on-Sea: results against national" in html
    # 2019: 1300/2000 = 65.0 against 65.0; 2018: 1240/2000 = 62.0 against 64.0
    assert "65.0" in html and "62.0" in html and "64.0" in html
    assert "Similar to national" in html
    assert "<svg" in html and "by year</caption>" in html  # a chart and its table


def test_school_page_suppresses_small_groups(csrf_off: Flask) -> None:
    html = page(csrf_off, "school", f"/schools/{OWN_URN}?measure={MEASURE}")
    assert "Alpha Primary School" in html
    assert "60.0" in html  # 18 / 30
    assert ">c<" in html
    assert SUPPRESSED_FSM_VALUE not in html  # 2 / 4 is never shown


def test_school_page_shows_the_family_average(csrf_off: Flask) -> None:
    # web_site's cube: Alpha Primary 60.0% (18 / 30), its family of similar schools 70.0%
    html = page(csrf_off, "school", f"/schools/{OWN_URN}")
    assert ">Family average</th>" in html
    assert ">70.0</td>" in html


def test_school_page_unknown_measure_is_404(csrf_off: Flask) -> None:
    response = sign_in(csrf_off.test_client(), "officer").get(
        f"/schools/{OWN_URN}?measure=no_such_measure")
    assert response.status_code == 404


def test_unknown_school_is_404_for_staff(csrf_off: Flask) -> None:
    response = sign_in(csrf_off.test_client(), "officer").get("/schools/999999")
    assert response.status_code == 404


def test_school_user_sees_only_own_school_in_lists(csrf_off: Flask) -> None:
    html = page(csrf_off, "school", "/schools")
    assert "Alpha Primary School" in html and "Beta Junior School" not in html
    html = page(csrf_off, "school", f"/measures/{MEASURE}")
    assert "Alpha Primary School" in html and "Beta Junior School" not in html


def test_officer_sees_the_las_schools_only(csrf_off: Flask) -> None:
    html = page(csrf_off, "officer", f"/measures/{MEASURE}?year=2019&group=all")
    assert "Alpha Primary School" in html and "Beta Junior School" in html
    assert "75.0" in html  # Beta: 45 / 60
    assert "Gamma Primary School" not in html  # LA 883


def test_viewer_sees_no_school_figures(csrf_off: Flask) -> None:
    html = page(csrf_off, "viewer", f"/measures/{MEASURE}")
    assert "Alpha Primary School" not in html and "60.0" not in html
    assert "52.0" in html  # LA FSM: 260 / 500


def test_schools_filter_by_search(csrf_off: Flask) -> None:
    html = page(csrf_off, "officer", "/schools?q=beta")
    assert "Beta Junior School" in html and "Alpha Primary School" not in html
    html = page(csrf_off, "officer", f"/schools?q={OWN_URN}")
    assert "Alpha Primary School" in html and "Beta Junior School" not in html


def _csv_areas(app: Flask, role: str) -> set[tuple[str, str]]:
    text = page(app, role, f"/measures/{MEASURE}.csv")
    return {(r["level"], r["area_code"]) for r in csv.DictReader(io.StringIO(text))}


def test_csv_download_is_scoped_by_role(csrf_off: Flask) -> None:
    school_areas = _csv_areas(csrf_off, "school")
    assert ("school", str(OWN_URN)) in school_areas
    assert ("school", str(OTHER_URN)) not in school_areas
    assert ("la", "882") in school_areas and ("national", "E92000001") in school_areas
    assert {lvl for lvl, _ in _csv_areas(csrf_off, "viewer")} == {"la", "national"}
    officer = _csv_areas(csrf_off, "officer")
    assert ("school", str(OTHER_URN)) in officer
    assert ("school", str(ELSEWHERE_URN)) not in officer  # LA 883: a comparator only


def test_csv_download_keeps_suppression(csrf_off: Flask) -> None:
    text = page(csrf_off, "school", f"/measures/{MEASURE}.csv")
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["group_id"] == "fsm"
            and r["level"] == "school"]
    assert len(rows) == 1
    hidden = ("value", "numerator", "denominator", "diff_national", "significance")
    assert {name: rows[0][name] for name in hidden} == dict.fromkeys(hidden, "c")


def test_navigation_offers_only_allowed_sections(csrf_off: Flask) -> None:
    viewer = page(csrf_off, "viewer", "/")
    assert 'href="/schools"' not in viewer and 'href="/admin/users"' not in viewer
    admin = page(csrf_off, "admin", "/")
    assert 'href="/schools"' in admin and 'href="/admin/users"' in admin


def test_measure_page_ignores_a_malformed_year(csrf_off: Flask) -> None:
    html = page(csrf_off, "viewer", f"/measures/{MEASURE}?year=20x9")
    assert "2019, by pupil group" in html  # falls back to the latest year


def test_unknown_measure_is_404(csrf_off: Flask) -> None:
    client = sign_in(csrf_off.test_client(), "viewer")
    assert client.get("/measures/no_such_measure").status_code == 404
    assert client.get("/measures/no_such_measure.csv").status_code == 404


def test_pages_show_a_recomputed_cube(site: Path, tmp_path: Path) -> None:
    folder = Path(shutil.copytree(site, tmp_path / "site"))
    app = create_app(folder, testing=True)
    app.config["WTF_CSRF_ENABLED"] = False
    assert "65.0" in page(app, "viewer", "/")
    target = results_warehouse(folder)
    # as if `attain compute` ran again and LA 882 2019 (all pupils) came out at 70.0 %
    table = target.read("results")
    values = [70.0 if (r["level"], r["year"], r["group_id"]) == ("la", 2019, "all")
              else r["value"] for r in table.to_pylist()]
    target.write("results", table.set_column(
        table.schema.get_field_index("value"), "value", pa.array(values)))
    assert "70.0" in page(app, "viewer", "/")
