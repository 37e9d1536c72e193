"""Data pages (admin only): upload -> validation report with row-level errors -> confirm
import; a file with errors imports nothing; the history of imported files.

The files are Explore Education Statistics exclusions tidy CSVs (docs/importing.md,
`ees_exclusions`). The England 2018/19 row is the published one (reference/measures.md
section 6, EES data set 506ff721-...): it gives three figures (permanent exclusion rate
0.09651, suspension rate 5.3581, one or more suspensions 2.44227).
"""

from __future__ import annotations

import hashlib
import io
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from web_site import build_site, sign_in, site_app

from attain.services.published_store import published_store
from attain.store import appdb
from attain.store.models import AuditEntry

HEADER = ("time_period,time_identifier,geographic_level,country_code,region_code,region_name,"
          "old_la_code,new_la_code,la_name,school_urn,headcount,perm_excl,perm_excl_rate,"
          "fixed_excl,fixed_excl_rate,one_plus_fixed,one_plus_fixed_rate")
ENGLAND = ("201819,Academic year,National,E92000001,,,,,,,8179491,7894,0.09651,438265,5.3581,"
           "199765,2.44227")
BAD_RATE = ENGLAND.replace("0.09651", "lots")  # text in a numeric column, file row 2


@pytest.fixture
def own_site(tmp_path: Path) -> Path:
    return build_site(tmp_path / "site")


@pytest.fixture
def own_app(own_site: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    return site_app(own_site, monkeypatch, csrf=False)


SQLITE_WORK_FILES = ("-wal", "-shm")  # the database's write-ahead log and its index


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file of the data folder but the upload area, with its content's hash; the
    SQLite database by its content (in WAL mode, recent writes live in attain.db-wal)."""
    found = {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in sorted(folder.rglob("*")) if p.is_file() and "uploads" not in p.parts
             and not p.name.endswith(SQLITE_WORK_FILES)}
    with closing(sqlite3.connect(folder / "attain.db")) as connection:
        dump = "\n".join(connection.iterdump())
    found["attain.db"] = hashlib.sha256(dump.encode("utf-8")).hexdigest()
    return found


def _upload(client: FlaskClient, text: str, name: str = "exclusions_la.csv") -> str:
    response = client.post("/data/upload", data={
        "file": (io.BytesIO(text.encode("utf-8")), name), "kind": "", "release": ""},
        content_type="multipart/form-data")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_data(as_text=True)


def _audit_count(folder: Path) -> int:
    engine = appdb.engine_for(f"sqlite:///{(folder / 'attain.db').resolve()}")
    with Session(engine) as session:
        found = int(session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) or 0)
    engine.dispose()
    return found


def test_a_file_with_errors_lists_them_and_imports_nothing(own_app: Flask,
                                                          own_site: Path) -> None:
    client = sign_in(own_app.test_client(), "admin")
    before, audited = _snapshot(own_site), _audit_count(own_site)
    page = _upload(client, f"{HEADER}\n{BAD_RATE}\n")
    assert "cannot be imported: 1 problem(s). Nothing was imported" in page
    # The row-level error: file, row, column, value.
    assert "exclusions_la.csv" in page and ">perm_excl_rate<" in page and ">lots<" in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in page
    assert "Import the file" not in page  # nothing to confirm
    assert _snapshot(own_site) == before  # warehouse, published store and app database
    assert _audit_count(own_site) == audited
    assert not any((own_site / "uploads").iterdir())  # the rejected upload is not kept


def test_a_valid_file_is_imported_only_when_confirmed(own_app: Flask, own_site: Path) -> None:
    client = sign_in(own_app.test_client(), "admin")
    before = _snapshot(own_site)
    page = _upload(client, f"{HEADER}\n{ENGLAND}\n")
    assert "has no problems. It will be imported as ees_exclusions" in page
    assert "3 published" in page
    assert _snapshot(own_site) == before  # checking writes nothing
    token = next((own_site / "uploads").iterdir()).name
    confirmed = client.post(f"/data/uploads/{token}/confirm", follow_redirects=True)
    text = confirmed.get_data(as_text=True)
    assert confirmed.status_code == 200
    assert "exclusions_la.csv imported as ees_exclusions: 3 published" in text
    ledger = published_store(own_site).read("imports").to_pylist()
    assert [(e["source_file"], e["kind"], e["rows"]) for e in ledger] == \
        [("exclusions_la.csv", "ees_exclusions", 3)]
    assert "exclusions_la.csv" in client.get("/data/imports").get_data(as_text=True)
    engine = appdb.engine_for(f"sqlite:///{(own_site / 'attain.db').resolve()}")
    with Session(engine) as session:
        entry = session.scalars(sa.select(AuditEntry).where(
            AuditEntry.entity == "published_file")).one()
    engine.dispose()
    assert entry.user == "admin@la.example" and entry.detail["before"] is None
    assert entry.detail["after"]["rows"] == {"published": 3}
    # The upload is gone once imported, and the same file again changes nothing.
    assert client.post(f"/data/uploads/{token}/confirm").status_code == 404
    again = _upload(client, f"{HEADER}\n{ENGLAND}\n")
    assert "was imported before" in again


def test_upload_without_a_file_re_renders_with_the_error(own_app: Flask,
                                                         own_site: Path) -> None:
    client = sign_in(own_app.test_client(), "admin")
    before = _snapshot(own_site)
    response = client.post("/data/upload", data={"kind": "", "release": ""},
                           content_type="multipart/form-data")
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "govuk-error-summary" in text and "Choose a file to upload" in text
    assert _snapshot(own_site) == before


def test_unknown_header_is_a_whole_file_problem(own_app: Flask) -> None:
    client = sign_in(own_app.test_client(), "admin")
    page = _upload(client, "colour,size\nred,3\n", name="mystery.csv")
    assert "attain does not recognise this file from its header" in page


def test_upload_tokens_cannot_reach_outside_the_upload_area(own_app: Flask) -> None:
    client = sign_in(own_app.test_client(), "admin")
    for token in ("..", "..%2F..%2Fattain.db", "short"):
        assert client.post(f"/data/uploads/{token}/confirm").status_code == 404
