from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from web_site import build_site

from attain.web import create_app
from attain.web.auth import ARGON2_COST_KEY
from attain.web.passwords import Argon2Cost

TEST_ARGON2_COST = Argon2Cost(time_cost=1, memory_kib=64, parallelism=1)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("site"))


@pytest.fixture
def app(site: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    monkeypatch.delenv("ATTAIN_DATABASE_URL", raising=False)
    monkeypatch.delenv("ATTAIN_LA", raising=False)
    created = create_app(site, testing=True)
    # Sign-in rehashes the site's cheap pbkdf2 hashes to argon2id: cheaply, in tests.
    created.config[ARGON2_COST_KEY] = TEST_ARGON2_COST
    return created


@pytest.fixture
def csrf_off(app: Flask) -> Flask:
    app.config["WTF_CSRF_ENABLED"] = False
    return app
