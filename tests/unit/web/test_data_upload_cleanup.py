"""The upload area never keeps a (possibly pupil-level) file longer than it must: uploads
are deleted after the import, after a failed check, when the check or the import breaks
down, and swept at the next upload once older than upload_max_age_hours (default 24).

The file is the England 2018/19 exclusions row of test_data_pages (EES, published figures).
"""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from web_site import build_site, sign_in, site_app

from attain.errors import UserError
from attain.services.published_store import published_store
from attain.web import upload_area

HEADER = ("time_period,time_identifier,geographic_level,country_code,region_code,region_name,"
          "old_la_code,new_la_code,la_name,school_urn,headcount,perm_excl,perm_excl_rate,"
          "fixed_excl,fixed_excl_rate,one_plus_fixed,one_plus_fixed_rate")
ENGLAND = ("201819,Academic year,National,E92000001,,,,,,,8179491,7894,0.09651,438265,5.3581,"
           "199765,2.44227")
VALID = f"{HEADER}\n{ENGLAND}\n"
HOUR = 3600


@pytest.fixture
def own_site(tmp_path: Path) -> Path:
    return build_site(tmp_path / "site")


@pytest.fixture
def client(own_site: Path, monkeypatch: pytest.MonkeyPatch) -> FlaskClient:
    monkeypatch.delenv("ATTAIN_UPLOAD_MAX_AGE_HOURS", raising=False)
    app: Flask = site_app(own_site, monkeypatch, csrf=False)
    return sign_in(app.test_client(), "admin")


def _upload(client: FlaskClient, text: str, name: str = "exclusions_la.csv") -> int:
    response = client.post("/data/upload", data={
        "file": (io.BytesIO(text.encode("utf-8")), name), "kind": "", "release": ""},
        content_type="multipart/form-data")
    return response.status_code


def _waiting(folder: Path) -> set[str]:
    area = upload_area.area(folder)
    return {p.name for p in area.iterdir()} if area.is_dir() else set()


def _left_upload(folder: Path, token: str, hours_ago: float) -> None:
    """An upload nobody confirmed, last touched `hours_ago`."""
    upload = upload_area.area(folder) / token
    upload.mkdir(parents=True)
    (upload / "pupils.csv").write_text("upn,name\nX,Y\n", encoding="utf-8")
    then = time.time() - hours_ago * HOUR
    for path in (upload / "pupils.csv", upload):
        os.utime(path, (then, then))


def test_an_upload_sweeps_unconfirmed_uploads_older_than_a_day(client: FlaskClient,
                                                               own_site: Path) -> None:
    _left_upload(own_site, "left-two-days-ago-xxxxxxxx", hours_ago=48)
    _left_upload(own_site, "left-a-day-ago-xxxxxxxxxxx", hours_ago=24.5)
    _left_upload(own_site, "left-an-hour-ago-xxxxxxxxx", hours_ago=1)
    assert _upload(client, VALID) == 200
    waiting = _waiting(own_site)
    assert "left-two-days-ago-xxxxxxxx" not in waiting
    assert "left-a-day-ago-xxxxxxxxxxx" not in waiting
    # the recent one and the new upload wait for their confirmation
    assert "left-an-hour-ago-xxxxxxxxx" in waiting and len(waiting) == 2


def test_the_age_limit_is_a_setting(client: FlaskClient, own_site: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATTAIN_UPLOAD_MAX_AGE_HOURS", "2")
    _left_upload(own_site, "left-three-hours-ago-xxxxx", hours_ago=3)
    _left_upload(own_site, "left-an-hour-ago-xxxxxxxxx", hours_ago=1)
    assert _upload(client, f"{HEADER}\n{ENGLAND.replace('0.09651', 'lots')}\n") == 200
    assert _waiting(own_site) == {"left-an-hour-ago-xxxxxxxxx"}  # the rejected file went too


def test_a_swept_upload_can_no_longer_be_confirmed(client: FlaskClient,
                                                   own_site: Path) -> None:
    assert _upload(client, VALID) == 200
    (token,) = _waiting(own_site)
    upload = upload_area.area(own_site) / token
    day_ago = time.time() - 25 * HOUR
    for path in (*upload.iterdir(), upload):
        os.utime(path, (day_ago, day_ago))
    assert _upload(client, "colour,size\nred,3\n", name="mystery.csv") == 200
    assert _waiting(own_site) == set()
    assert client.post(f"/data/uploads/{token}/confirm").status_code == 404
    assert published_store(own_site).read("imports").num_rows == 0


def _break_the_import_ledger(folder: Path) -> None:
    """Damage the imports ledger's Parquet files, so checking and importing fail."""
    ledger = [p for p in (folder / "published").rglob("*.parquet") if "imports" in p.parts]
    assert ledger
    for path in ledger:
        path.write_bytes(b"not parquet")


def test_an_upload_whose_check_breaks_down_is_not_kept(client: FlaskClient,
                                                       own_site: Path) -> None:
    assert _upload(client, VALID) == 200
    (token,) = _waiting(own_site)
    assert client.post(f"/data/uploads/{token}/confirm").status_code == 302
    _break_the_import_ledger(own_site)
    assert _upload(client, VALID.replace("7894", "7895")) == 500
    assert _waiting(own_site) == set()


def test_an_upload_whose_import_breaks_down_is_not_kept(client: FlaskClient,
                                                        own_site: Path) -> None:
    assert _upload(client, VALID) == 200
    (first,) = _waiting(own_site)
    assert client.post(f"/data/uploads/{first}/confirm").status_code == 302
    assert _upload(client, VALID.replace("7894", "7895")) == 200
    (second,) = _waiting(own_site)
    _break_the_import_ledger(own_site)
    assert client.post(f"/data/uploads/{second}/confirm").status_code == 500
    assert _waiting(own_site) == set()


@pytest.mark.parametrize("value", ["0", "-1", "a day", "nan"])
def test_a_bad_age_setting_is_a_user_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           value: str) -> None:
    monkeypatch.setenv("ATTAIN_UPLOAD_MAX_AGE_HOURS", value)
    upload_area.area(tmp_path).mkdir()
    with pytest.raises(UserError, match="ATTAIN_UPLOAD_MAX_AGE_HOURS"):
        upload_area.sweep(tmp_path)
