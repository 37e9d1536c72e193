"""`attain estimates fit|show`, `attain targets import|challenge` end to end."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from typer.testing import CliRunner

from attain.cli.app import app
from attain.estimates.specs import ModelKind
from attain.estimates.synthetic import ks4_tables, synthetic_frame
from attain.store.warehouse import Warehouse

runner = CliRunner(env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("data")
    frame = synthetic_frame(np.random.default_rng(5), pupils=6_000, years=(2023, 2024),
                            coefficients={"intercept": 46.0, "prior": 12.0},
                            kind=ModelKind.LINEAR, noise_sd=8.0, schools=5)
    ks4, pupils = ks4_tables(frame)
    urns = sorted(set(frame.urn.tolist()))
    with Warehouse(root / "warehouse").transaction() as tx:
        tx.write("ks4", ks4)
        tx.write("pupils", pupils)
        tx.write("schools", pa.table({"urn": urns, "la_code": ["882"] * len(urns),
                                      "name": [f"S{u}" for u in urns],
                                      "country": ["E"] * len(urns)}))
    return root


def test_fit_show_import_and_challenge(folder: Path) -> None:
    d = ["--data-dir", str(folder)]
    fitted = runner.invoke(app, ["estimates", "fit", "--outcome", "ks4_att8", "--years",
                                 "2023", "--prior-only", *d])
    assert fitted.exit_code == 0, fitted.output
    assert "ks4_att8.prior_only version 1" in fitted.output
    shown = runner.invoke(app, ["estimates", "show", "--la", "882", "--year", "2024",
                                "--prior-only", *d])
    assert shown.exit_code == 0 and "882" in shown.output, shown.output
    (folder / "t.csv").write_text("urn,measure_id,year,target\n100000,ks4_att8,2024,1\n"
                                  "100001,ks4_att8,2024,89\n")
    imported = runner.invoke(app, ["targets", "import", str(folder / "t.csv"), *d])
    assert imported.exit_code == 0, imported.output
    listed = runner.invoke(app, ["targets", "challenge", "--year", "2024", *d])
    assert listed.exit_code == 0, listed.output
    # A target of 1 point is far below any estimate; 89 is above every one.
    assert "100000" in listed.output and "100001" not in listed.output.split("LA target")[0]


def test_bad_targets_file_exits_with_row_errors(folder: Path) -> None:
    (folder / "bad.csv").write_text("urn,measure_id,year,target\n1,ks4_att8,2024,101\n")
    result = runner.invoke(app, ["targets", "import", str(folder / "bad.csv"),
                                 "--data-dir", str(folder)])
    assert result.exit_code != 0
    assert "row 2 column urn" in result.output and "nothing imported" in result.output
