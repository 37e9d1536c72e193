"""English and Welsh: every navigation section, heading and button listed here has a Welsh
text, the language follows the switch (cookie) and then Accept-Language, `<html lang>`
follows it, and texts outside a request are English."""

from __future__ import annotations

import re
import string

import pytest
from flask import Flask
from web_site import sign_in

from attain.web.i18n import COOKIE
from attain.web.messages import MESSAGES, message
from attain.web.messages_cy import WELSH_MESSAGES
from attain.web.navigation import SECTIONS

# The page furniture, headings, buttons and common messages that must exist in Welsh.
MUST_BE_WELSH = (
    "nav.sign_in", "nav.sign_out", "nav.menu", "language.label", "skip_link", "footer.about",
    "sign_in.title", "sign_in.email", "sign_in.password", "sign_in.button", "sign_in.failed",
    "sign_in.needed", "sign_out.done", "overview.title", "schools.title", "schools.filter",
    "measures.title", "measure.download", "users.title", "users.add", "table.suppressed",
    "error.bad_request", "error.csrf", "error.forbidden", "error.not_found",
    "error.not_found_hint", "error.internal", "error.internal_hint",
)
HTML_LANG = re.compile(r'<html lang="([a-z]+)"')


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_every_navigation_section_has_a_welsh_name() -> None:
    missing = [key for _endpoint, key, *_rest in SECTIONS if key not in WELSH_MESSAGES]
    assert missing == []


@pytest.mark.parametrize("key", MUST_BE_WELSH)
def test_furniture_headings_and_buttons_have_welsh(key: str) -> None:
    assert WELSH_MESSAGES.get(key, "").strip()
    assert WELSH_MESSAGES[key] != MESSAGES[key]


@pytest.mark.parametrize("key", sorted(WELSH_MESSAGES))
def test_each_welsh_text_matches_an_english_key_and_its_placeholders(key: str) -> None:
    assert key in MESSAGES
    assert _fields(WELSH_MESSAGES[key]) == _fields(MESSAGES[key])


def test_the_words_welsh_services_use() -> None:
    # The Welsh of GOV.UK and Welsh Government sign-in pages, as the brief gives them.
    assert WELSH_MESSAGES["nav.sign_in"] == "Mewngofnodi"
    assert WELSH_MESSAGES["nav.sign_out"] == "Allgofnodi"
    assert WELSH_MESSAGES["nav.schools"] == "Ysgolion"


def test_outside_a_request_messages_are_english() -> None:
    assert message("nav.sign_in") == "Sign in"


def _page(app: Flask, path: str, **headers: str) -> tuple[str, str]:
    text = app.test_client().get(path, headers=headers).get_data(as_text=True)
    found = HTML_LANG.search(text)
    assert found is not None
    return found.group(1), text


def test_accept_language_chooses_welsh(app: Flask) -> None:
    lang, text = _page(app, "/sign-in", **{"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.4"})
    assert lang == "cy"
    assert '<h1 class="govuk-heading-l">Mewngofnodi</h1>' in text
    assert "Cyfeiriad e-bost" in text  # the form's label, in the request's language
    lang, text = _page(app, "/sign-in", **{"Accept-Language": "fr, en;q=0.5"})
    assert lang == "en"
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in text
    assert _page(app, "/sign-in")[0] == "en"  # no preference: English


def test_the_switch_remembers_the_choice_over_accept_language(app: Flask) -> None:
    client = app.test_client()
    response = client.get("/language/cy?next=/sign-in")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in"
    assert client.get_cookie(COOKIE) is not None
    text = client.get("/sign-in", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert HTML_LANG.search(text).group(1) == "cy"  # type: ignore[union-attr]
    client.get("/language/en?next=/sign-in")
    text = client.get("/sign-in", headers={"Accept-Language": "cy"}).get_data(as_text=True)
    assert HTML_LANG.search(text).group(1) == "en"  # type: ignore[union-attr]


def test_the_switch_refuses_unknown_languages_and_other_sites(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/language/fr?next=/sign-in").status_code == 404
    response = client.get("/language/cy?next=https://evil.example/")
    assert response.headers["Location"] == "/"


def test_a_signed_in_page_in_welsh(csrf_off: Flask) -> None:
    client = sign_in(csrf_off.test_client(), "officer")
    client.get("/language/cy?next=/")
    text = client.get("/").get_data(as_text=True)
    assert HTML_LANG.search(text).group(1) == "cy"  # type: ignore[union-attr]
    for welsh in ("Ysgolion", "Allgofnodi", "Neidio i&#39;r prif gynnwys", 'aria-label="Iaith"',
                  "canlyniadau o gymharu"):
        assert welsh in text
    # The switch offers English, named in English and marked as English.
    assert 'lang="en" hreflang="en">English</a>' in text


def test_in_a_welsh_request_messages_are_welsh_and_fall_back_to_english(app: Flask) -> None:
    untranslated = next(k for k in MESSAGES if k not in WELSH_MESSAGES and "{" not in MESSAGES[k])
    with app.test_request_context("/", headers={"Accept-Language": "cy"}):
        assert message("nav.schools") == "Ysgolion"
        assert message("sign_in.throttled", minutes=15).startswith("Gormod o ymdrechion")
        assert "15 munud" in message("sign_in.throttled", minutes=15)
        assert message(untranslated) == MESSAGES[untranslated]
    with app.test_request_context("/", headers={"Accept-Language": "en-GB"}):
        assert message("nav.schools") == "Schools"
