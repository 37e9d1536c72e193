"""Where `attain demo --real` finds the real files: --real-data, ATTAIN_REAL_DATA, the
files installed with the package (attain/data/real), the checkout's data/real; a folder
counts only when it holds dfe-lait/bds_long_0.parquet."""

from __future__ import annotations

from pathlib import Path

import pytest

from attain.errors import UserError
from attain.services.demo_real import REAL_DATA_ENV, real_data_candidates, real_data_dir

CHECKOUT = Path(__file__).resolve().parents[2] / "data" / "real"


def test_the_order_of_the_places(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(REAL_DATA_ENV, str(tmp_path / "env"))
    places = [what for what, _ in real_data_candidates(tmp_path / "given")]
    assert places == ["--real-data", REAL_DATA_ENV, "the installed package",
                      "the development checkout"]


def test_checkout_when_nothing_else_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(REAL_DATA_ENV, raising=False)
    # An editable install has no attain/data/real: the checkout's folder is used.
    assert real_data_dir() == CHECKOUT


def test_environment_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    copy = tmp_path / "real"
    (copy / "dfe-lait").mkdir(parents=True)
    (copy / "dfe-lait" / "bds_long_0.parquet").write_bytes(b"")
    monkeypatch.setenv(REAL_DATA_ENV, str(copy))
    assert real_data_dir() == copy
    # A variable naming a folder without the files is passed over.
    monkeypatch.setenv(REAL_DATA_ENV, str(tmp_path / "empty"))
    assert real_data_dir() == CHECKOUT


def test_a_given_folder_without_the_files_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no real data folder"):
        real_data_dir(tmp_path)
    assert real_data_dir(CHECKOUT) == CHECKOUT
