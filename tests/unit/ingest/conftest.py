"""Fixtures: small performance-table files (rows in ingest_samples.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_samples import ks4_text


@pytest.fixture
def ks4_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "tables-2018-19"
    folder.mkdir()
    return folder


@pytest.fixture
def ks4_file(ks4_dir: Path) -> Path:
    path = ks4_dir / "england_ks4final.csv"
    path.write_bytes(b"\xef\xbb\xbf" + ks4_text().encode("utf-8"))
    return path
