from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask import Flask
from web_site import build_site, site_app


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("site"))


@pytest.fixture
def app(site: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    return site_app(site, monkeypatch)


@pytest.fixture
def csrf_off(app: Flask) -> Flask:
    app.config["WTF_CSRF_ENABLED"] = False
    return app


@pytest.fixture
def fresh_site(site: Path, tmp_path: Path) -> Path:
    """A copy of the site this test may change."""
    return Path(shutil.copytree(site, tmp_path / "site"))


@pytest.fixture
def fresh_app(fresh_site: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    return site_app(fresh_site, monkeypatch, csrf=False)
