"""Forms and tables in Welsh: labels, hints, choices, buttons, error messages and table
headings go through the message catalogue, so a Welsh page shows none of the English texts
that the catalogue holds (attain.web.messages; Welsh in attain.web.messages_cy).

Each page is rendered in Welsh, as shown and after an empty submission (to show the error
messages); every text of a form or table part is compared with the English catalogue's
values. A text that is the same in both languages (URN, PDF) is not English-only.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from flask import Flask
from flask.testing import FlaskClient
from web_site import MEASURE, OWN_URN, sign_in

from attain.web.messages import MESSAGES
from attain.web.messages_cy import WELSH_MESSAGES

PLAN = "/plans/rap-alpha-2019"
# (method, path): the main forms and tables, as the admin (who sees every page) gets them
PAGES = [
    ("GET", "/admin/users/new"), ("POST", "/admin/users/new"), ("GET", "/admin/users"),
    ("GET", "/admin/audit"), ("GET", "/admin/audit?date_from=2019-13-40"),
    ("GET", "/admin/users/2/edit"),
    ("GET", "/"), ("GET", "/schools"), ("GET", f"/schools/{OWN_URN}"),
    ("GET", f"/measures/{MEASURE}"),
    ("GET", "/risk"), ("GET", f"/schools/{OWN_URN}/category"),
    ("POST", f"/schools/{OWN_URN}/category/decide"), ("POST", f"/schools/{OWN_URN}/concerns"),
    ("GET", "/review?year=2019"), ("GET", f"/schools/{OWN_URN}/visits"),
    ("GET", f"/schools/{OWN_URN}/visits/2019/SV1"),
    ("POST", f"/schools/{OWN_URN}/visits/2019/SV1"),
    ("GET", f"/schools/{OWN_URN}/self-evaluation"),
    ("POST", f"/schools/{OWN_URN}/self-evaluation"),
    ("GET", "/review/meetings/2019/1"), ("POST", "/review/meetings/2019/1"),
    ("GET", "/data/upload"), ("POST", "/data/upload"), ("GET", "/data/imports"),
    ("GET", "/plans"), ("GET", PLAN),
    ("GET", f"{PLAN}/objectives/1.1/edit"), ("POST", f"{PLAN}/objectives/1.1/edit"),
    ("GET", f"{PLAN}/actions/1.1.1/edit"), ("POST", f"{PLAN}/actions/1.1.1/edit"),
    ("GET", f"{PLAN}/actions/1.1.1/progress"), ("POST", f"{PLAN}/actions/1.1.1/progress"),
    ("GET", "/plans/import"), ("POST", "/plans/import"),
    ("GET", "/reports"),
    ("GET", "/reports/standards?standards-la_code=&standards-year=&standards-file_format="),
]
FORM_AND_TABLE_TAGS = frozenset({"label", "legend", "caption", "button", "option"})
FORM_AND_TABLE_CLASSES = frozenset({"govuk-hint", "govuk-error-message",
                                    "govuk-error-summary", "govuk-fieldset__legend"})
VOID = frozenset({"input", "br", "img", "meta", "link", "hr", "col", "source", "wbr"})


class FormAndTableTexts(HTMLParser):
    """The text chunks of labels, legends, hints, error messages and summaries, buttons,
    options, table captions and column headings (thead th)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []  # per open element: does it start a part we check?
        self.in_head = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        self.in_head += tag == "thead"
        checked = (tag in FORM_AND_TABLE_TAGS or bool(classes & FORM_AND_TABLE_CLASSES)
                   or (tag == "th" and self.in_head > 0))
        self.stack.append(checked)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        self.in_head -= tag == "thead"
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        text = re.sub(r"\s+", " ", data).strip()
        if text and any(self.stack):
            self.texts.append(text)


def _texts(page: str) -> list[str]:
    parser = FormAndTableTexts()
    parser.feed(page)
    return parser.texts


def _english_only() -> set[str]:
    """English catalogue texts (without placeholders) that differ from every Welsh text."""
    welsh = set(WELSH_MESSAGES.values())
    return {text for text in MESSAGES.values() if "{" not in text and text not in welsh}


@pytest.fixture
def welsh_admin(fresh_app: Flask) -> FlaskClient:
    client = fresh_app.test_client()
    sign_in(client, "admin")
    client.get("/language/cy?next=/")
    return client


@pytest.mark.parametrize(("method", "path"), PAGES)
def test_forms_and_tables_show_no_english_catalogue_text_in_welsh(
        welsh_admin: FlaskClient, method: str, path: str) -> None:
    response = welsh_admin.open(path, method=method)
    assert response.status_code in (200, 400), response.status_code
    page = response.get_data(as_text=True)
    assert '<html lang="cy"' in page
    texts = _texts(page)
    assert texts, "no form or table on the page"
    english = sorted({text for text in texts if text in _english_only()})
    assert english == []


def test_sign_in_form_errors_are_welsh(fresh_app: Flask) -> None:
    client = fresh_app.test_client()
    client.get("/language/cy?next=/sign-in")
    texts = _texts(client.post("/sign-in", data={}).get_data(as_text=True))
    assert "Rhowch eich cyfeiriad e-bost" in texts  # the field's error message
    assert "Mae problem" in texts  # the error summary's title
    assert not set(texts) & _english_only()


def test_the_same_pages_in_english_show_the_english_texts(fresh_app: Flask) -> None:
    """The check above can fail: in English these pages are full of catalogue texts."""
    client = fresh_app.test_client()
    sign_in(client, "admin")
    english: set[str] = set()
    for path in (f"/schools/{OWN_URN}/self-evaluation", f"/schools/{OWN_URN}/visits/2019/SV1"):
        english |= set(_texts(client.post(path, data={}).get_data(as_text=True)))
    assert {MESSAGES["self_evaluation.term_missing"], MESSAGES["review.grade.1"],
            MESSAGES["form.day"], MESSAGES["error.summary"],
            MESSAGES["review.focus_missing"]} <= english & _english_only()


def test_table_headings_given_as_english_text_are_translated(welsh_admin: FlaskClient) -> None:
    texts = _texts(welsh_admin.get(f"/measures/{MEASURE}").get_data(as_text=True))
    assert WELSH_MESSAGES["table.head.interval"] in texts
    assert WELSH_MESSAGES["table.head.compared"] in texts
