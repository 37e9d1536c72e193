"""The self-evaluation form saved again with the same grades writes nothing: no audit
entry, and the page says "No changes ... nothing was saved" in a notification banner
(issue 10)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from web_site import OWN_URN, sign_in, site_session

from attain.store.models import AuditEntry

PATH = f"/schools/{OWN_URN}/self-evaluation"
FORM = {"year": "2019", "term": "spring", "overall_effectiveness": "2", "achievement": "3",
        "teaching": "2", "behaviour_safety": "1", "leadership": "2"}


def _audited(folder: Path) -> int:
    with site_session(folder) as s:
        return int(s.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
            AuditEntry.entity == "self_evaluation")) or 0)


def test_the_same_self_evaluation_again_is_not_saved_twice(fresh_app: Flask,
                                                           fresh_site: Path) -> None:
    client = sign_in(fresh_app.test_client(), "school")
    first = client.post(PATH, data=FORM)
    assert first.status_code == 302
    assert "Self-evaluation saved for" in client.get(PATH).get_data(as_text=True)
    audited = _audited(fresh_site)
    again = client.post(PATH, data=FORM)
    assert again.status_code == 302
    page = client.get(PATH).get_data(as_text=True)
    assert "govuk-notification-banner" in page
    assert "No changes to the self-evaluation for" in page and "nothing was saved" in page
    assert _audited(fresh_site) == audited
    changed = client.post(PATH, data={**FORM, "teaching": "3"})
    assert changed.status_code == 302
    assert _audited(fresh_site) == audited + 1
