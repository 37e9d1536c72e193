"""The reports page: which reports each role may choose, downloads that open in their own
reader (pypdf, python-docx, openpyxl) with the site's hand-worked figures (web_site.py),
and bad choices answered with the error summary."""

from __future__ import annotations

import io

import docx
import openpyxl
import pypdf
import pytest
from flask import Flask
from flask.testing import FlaskClient
from web_site import OTHER_URN, OWN_URN, SUPPRESSED_FSM_VALUE, sign_in
from werkzeug.test import TestResponse


def _get(client: FlaskClient, kind: str, fmt: str, **choices: object) -> TestResponse:
    query = "&".join(f"{kind}-{key}={value}" for key, value in
                     {**choices, "file_format": fmt}.items())
    return client.get(f"/reports/{kind}?{query}")


def _page(client: FlaskClient) -> str:
    response = client.get("/reports")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_viewer_may_choose_only_the_published_la_reports(csrf_off: Flask) -> None:
    page = _page(sign_in(csrf_off.test_client(), "viewer"))
    assert "Annual standards report" in page and "Data sheet" in page
    assert "School data profile" not in page
    assert 'action="/reports/school"' not in page


def test_a_school_user_may_choose_only_their_own_school(csrf_off: Flask) -> None:
    page = _page(sign_in(csrf_off.test_client(), "school"))
    assert "School data profile" in page
    assert f'value="{OWN_URN}"' in page and f'value="{OTHER_URN}"' not in page
    officer = _page(sign_in(csrf_off.test_client(), "officer"))
    assert f'value="{OWN_URN}"' in officer and f'value="{OTHER_URN}"' in officer


def test_a_councillor_downloads_the_standards_report_as_pdf(csrf_off: Flask) -> None:
    client = sign_in(csrf_off.test_client(), "viewer")
    response = _get(client, "standards", "pdf", la_code="882", year=2019)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="standards-882-2019.pdf"')
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    # Words, not lines: where a line wraps depends on the fonts the machine has.
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    # LA 882: 1300/2000 = 65.0% in 2019, 1240/2000 = 62.0% in 2018; national 65.0%
    assert "Southend-on-Sea" in text
    assert "65.0% compared with 65.0% nationally" in text
    assert "up 3.0 percentage points from 2018" in text


def test_the_data_sheet_downloads_as_an_editable_word_file(csrf_off: Flask) -> None:
    client = sign_in(csrf_off.test_client(), "officer")
    response = _get(client, "datasheet", "docx", la_code="882", year=2019)
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.data))
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    # 62.0 -> 65.0 is a 1-year change of 3.0; England 64.0 -> 65.0 is 1.0
    assert ["KS2: expected standard in reading, writing and mathematics", "Southend-on-Sea",
            "62.0", "65.0", "3.0"] in rows
    assert ["KS2: expected standard in reading, writing and mathematics", "England",
            "64.0", "65.0", "1.0"] in rows


def test_a_school_profile_downloads_as_excel_without_suppressed_values(
        csrf_off: Flask) -> None:
    client = sign_in(csrf_off.test_client(), "school")
    response = _get(client, "school", "xlsx", urn=OWN_URN, year=2019)
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    rows = list(book["data"].iter_rows(min_row=2, values_only=True))
    school = [r for r in rows if r[2] and str(r[2]).endswith("| Alpha Primary School")]
    assert [(r[3], r[5]) for r in school] == [("2019", "60.0")]  # 18 / 30 pupils
    every_cell = [str(v) for sheet in book for row in sheet.iter_rows(values_only=True)
                  for v in row if v is not None]
    # school 100001's FSM figure (2 of 4 pupils) is suppressed: never in any cell
    assert SUPPRESSED_FSM_VALUE not in every_cell
    assert "50" not in every_cell


def test_the_html_report_downloads_as_a_file(csrf_off: Flask) -> None:
    client = sign_in(csrf_off.test_client(), "viewer")
    response = _get(client, "datasheet", "html", la_code="882", year=2019)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert "Southend-on-Sea 2019 data sheet" in response.get_data(as_text=True)


@pytest.mark.parametrize(("role", "status"), [("school_other", 404), ("viewer", 403)])
def test_another_schools_profile_is_refused(csrf_off: Flask, role: str, status: int) -> None:
    client = sign_in(csrf_off.test_client(), role)
    response = _get(client, "school", "pdf", urn=OWN_URN, year=2019)
    assert response.status_code == status


@pytest.mark.parametrize(("choices", "messages"), [
    ({"la_code": "882", "year": "abc", "fmt": "exe"},
     ["Choose an academic year from the list", "Choose a format: web page, PDF"]),
    ({"la_code": "999", "year": "2019", "fmt": "pdf"},
     ["Choose a local authority from the list"]),
    # Thurrock is a known LA without results: the service's own message
    ({"la_code": "883", "year": "2019", "fmt": "xlsx"},
     ["there are no results for LA 883 in 2019"]),
])
def test_bad_choices_show_the_error_summary(csrf_off: Flask, choices: dict[str, str],
                                            messages: list[str]) -> None:
    client = sign_in(csrf_off.test_client(), "officer")
    fmt = choices.pop("fmt")
    response = _get(client, "standards", fmt, **choices)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "govuk-error-summary" in page
    for text in messages:
        assert text in page
