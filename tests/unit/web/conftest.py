from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from web_site import build_site

from attain.web import create_app


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("site"))


@pytest.fixture
def app(site: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    monkeypatch.delenv("ATTAIN_DATABASE_URL", raising=False)
    monkeypatch.delenv("ATTAIN_LA", raising=False)
    return create_app(site, testing=True)


@pytest.fixture
def csrf_off(app: Flask) -> Flask:
    app.config["WTF_CSRF_ENABLED"] = False
    return app
