"""Targets on the web: a school's form and upload (the importer's checks, all or nothing,
audited with before and after), and the challenge list page for LA staff."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from web_site import ELSEWHERE_URN, MEASURE, OTHER_URN, OWN_URN, USER, sign_in, site_session

from attain.services.targets import load_targets
from attain.store.models import AuditEntry

POINTS = "eyfs_total_points_avg"  # a point score: no upper bound, never negative


def _stored(folder: Path) -> set[tuple[int, str, int, float]]:
    return {(t.urn, t.measure_id, t.year, t.value) for t in load_targets(folder)}


def _audit(folder: Path) -> list[tuple[str, str, str, str | None, Any]]:
    with site_session(folder) as session:
        rows = session.scalars(sa.select(AuditEntry).where(AuditEntry.entity == "target")
                               .order_by(AuditEntry.id)).all()
        return [(r.user, r.action, r.entity, r.entity_id, r.detail) for r in rows]


def _enter(client: FlaskClient, measure: str, year: str, target: str,
           urn: int = OWN_URN) -> Any:
    return client.post(f"/schools/{urn}/targets", data={
        "target-measure": measure, "target-year": year, "target-target": target})


def test_a_school_user_enters_then_changes_a_target(fresh_app: Flask,
                                                    fresh_site: Path) -> None:
    client = sign_in(fresh_app.test_client(), "school")
    response = _enter(client, MEASURE, "2020", "70")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/schools/{OWN_URN}/targets"
    assert _stored(fresh_site) == {(OWN_URN, MEASURE, 2020, 70.0)}
    assert _enter(client, MEASURE, "2020", "72.5%").status_code == 302
    assert _stored(fresh_site) == {(OWN_URN, MEASURE, 2020, 72.5)}
    email = USER["school"].email
    entity_id = f"{OWN_URN}/{MEASURE}/2020"
    assert _audit(fresh_site) == [
        (email, "set", "target", entity_id, {"before": None, "after": {"target": 70.0}}),
        (email, "set", "target", entity_id, {"before": {"target": 70.0},
                                             "after": {"target": 72.5}})]
    page = client.get(f"/schools/{OWN_URN}/targets").get_data(as_text=True)
    assert "72.5" in page and "expected standard in reading, writing and mathematics" in page
    # The change link fills the form with the stored target.
    changing = client.get(f"/schools/{OWN_URN}/targets?measure={MEASURE}&year=2020")
    assert 'value="72.5"' in changing.get_data(as_text=True)


def test_impossible_values_are_refused_with_the_importers_messages(
        fresh_app: Flask, fresh_site: Path) -> None:
    client = sign_in(fresh_app.test_client(), "officer")
    for measure, target, problem in (
            (MEASURE, "101", "101 is above the highest possible value 100"),
            (MEASURE, "-1", "-1 is below the lowest possible value 0"),
            (POINTS, "-3", "-3 is below the lowest possible value 0"),
            (MEASURE, "lots", "&#39;lots&#39; is not a number"),
            ("no_such_measure", "50", "Not a valid choice")):
        response = _enter(client, measure, "2020", target)
        page = response.get_data(as_text=True)
        assert response.status_code == 400, (measure, target)
        assert "govuk-error-summary" in page and problem in page, (measure, target)
    # A point score above 100 is possible.
    assert _enter(client, POINTS, "2020", "104.5").status_code == 302
    assert _stored(fresh_site) == {(OWN_URN, POINTS, 2020, 104.5)}


def test_a_school_user_cannot_set_another_schools_targets(fresh_app: Flask,
                                                          fresh_site: Path) -> None:
    client = sign_in(fresh_app.test_client(), "school")
    assert _enter(client, MEASURE, "2020", "70", urn=OTHER_URN).status_code == 404
    upload = _upload(client, _csv([(OTHER_URN, MEASURE, 2020, 70)]), "t.csv",
                     f"/schools/{OTHER_URN}/targets/upload")
    assert upload.status_code == 404
    assert _stored(fresh_site) == set() and _audit(fresh_site) == []


def _csv(rows: list[tuple[object, ...]]) -> bytes:
    lines = ["urn,measure_id,year,target"] + [",".join(map(str, r)) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def _xlsx(rows: list[tuple[object, ...]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["urn", "measure_id", "year", "target"])
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client: FlaskClient, content: bytes, name: str,
            path: str = f"/schools/{OWN_URN}/targets/upload") -> Any:
    return client.post(path, data={"upload-file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def test_a_school_upload_with_bad_rows_saves_nothing_and_names_each_row(
        fresh_app: Flask, fresh_site: Path) -> None:
    client = sign_in(fresh_app.test_client(), "school")
    rows = [(OWN_URN, MEASURE, 2020, 70),  # row 2: fine
            (OTHER_URN, MEASURE, 2020, 70),  # row 3: not this school's
            (OWN_URN, MEASURE, 2020, 71),  # row 4: duplicate of row 2
            (OWN_URN, MEASURE, 2021, 120)]  # row 5: over 100%
    response = _upload(client, _csv(rows), "targets.csv")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    for text in (f"Row 3, column urn: unknown school URN {OTHER_URN}",
                 "Row 4, column urn: duplicate of row 2",
                 "Row 5, column target: 120 is above the highest possible value 100",
                 "3 problems in the file: nothing was saved"):
        assert text in page, text
    assert _stored(fresh_site) == set() and _audit(fresh_site) == []


def test_a_good_upload_is_saved_and_audited(fresh_app: Flask, fresh_site: Path) -> None:
    client = sign_in(fresh_app.test_client(), "school")
    assert _enter(client, MEASURE, "2020", "65").status_code == 302
    response = _upload(client, _xlsx([(OWN_URN, MEASURE, 2020, 68),
                                      (OWN_URN, POINTS, 2020, 30.5)]), "targets.xlsx")
    assert response.status_code == 302
    assert _stored(fresh_site) == {(OWN_URN, MEASURE, 2020, 68.0),
                                   (OWN_URN, POINTS, 2020, 30.5)}
    imported = [(a[1], a[3], a[4]) for a in _audit(fresh_site) if a[1] == "import"]
    assert imported == [
        ("import", f"{OWN_URN}/{MEASURE}/2020", {"before": {"target": 65.0},
                                                  "after": {"target": 68.0}}),
        ("import", f"{OWN_URN}/{POINTS}/2020", {"before": None, "after": {"target": 30.5}})]


def test_staff_upload_for_any_school_and_files_that_are_not_targets(
        fresh_app: Flask, fresh_site: Path) -> None:
    client = sign_in(fresh_app.test_client(), "officer")
    for content, name, problem in (
            (b"urn,measure\n1,x\n", "t.csv",
             "the header has no column(s) measure_id, year, target"),
            (b"not a workbook", "t.xlsx", "The file cannot be read"),
            (b"a", "t.txt", "The file must be a CSV or XLSX file"),
            (b"urn,measure_id,year,target\n", "t.csv", "The file has no target rows")):
        response = _upload(client, content, name, "/targets/upload")
        assert response.status_code == 400, name
        assert problem in response.get_data(as_text=True), name
    response = _upload(client, _csv([(OWN_URN, MEASURE, 2020, 70),
                                     (ELSEWHERE_URN, MEASURE, 2020, 75)]), "t.csv",
                       "/targets/upload")
    assert response.status_code == 302
    assert _stored(fresh_site) == {(OWN_URN, MEASURE, 2020, 70.0),
                                   (ELSEWHERE_URN, MEASURE, 2020, 75.0)}


def test_the_challenge_page_says_which_targets_cannot_be_challenged(
        fresh_app: Flask) -> None:
    client = sign_in(fresh_app.test_client(), "officer")
    page = client.get("/targets?year=2020").get_data(as_text=True)
    assert "no targets for 2020" in page
    assert _enter(client, MEASURE, "2020", "70").status_code == 302
    page = client.get("/targets").get_data(as_text=True)  # the latest year with targets
    assert "Targets below the modelled estimate, 2020" in page
    # The site has no fitted model: the measure is listed as not challengeable yet.
    assert "no fitted model" in page
    assert "expected standard in reading, writing and mathematics" in page
