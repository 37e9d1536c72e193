"""Fitting and scoring through the warehouse (DuckDB feature extraction) end to end."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from attain.errors import UserError
from attain.estimates.specs import EstimateType, ModelKind
from attain.estimates.synthetic import ks4_tables, synthetic_frame
from attain.services import estimates
from attain.store.warehouse import Warehouse

TRUTH = {"intercept": 46.0, "prior": 12.0, "disadvantaged": -4.0, "sen_ehcp": -8.0,
         "eal": 3.0, "female": 2.0}


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    frame = synthetic_frame(np.random.default_rng(11), pupils=12_000,
                            years=(2022, 2023, 2024), coefficients=TRUTH,
                            kind=ModelKind.LINEAR, noise_sd=8.0, schools=60)
    ks4, pupils = ks4_tables(frame)
    with Warehouse(tmp_path / "warehouse").transaction() as tx:
        tx.write("ks4", ks4)
        tx.write("pupils", pupils)
    return tmp_path


def test_fit_saves_a_versioned_artefact_with_validation(folder: Path) -> None:
    model = estimates.fit(folder, "ks4_att8", EstimateType.WITH_CONTEXT, [2022, 2023, 2024])
    assert model.training_years == (2022, 2023)
    assert model.validation is not None and model.validation.year == 2024
    saved = json.loads((folder / "models" / "ks4_att8.with_context.json").read_text())
    assert saved["version"] == 1 and saved["format_version"] == 1
    coefficients = {c["name"]: c["value"] for c in saved["coefficients"]}
    # Context read back from the census through the join: the generating gaps come back.
    assert coefficients["sen_ehcp"] == pytest.approx(-8.0, abs=1.5)
    assert coefficients["female"] == pytest.approx(2.0, abs=0.6)
    again = estimates.fit(folder, "ks4_att8", EstimateType.WITH_CONTEXT, [2022, 2023, 2024])
    assert again.version == 2


def test_score_one_school_matches_the_all_schools_run(folder: Path) -> None:
    estimates.fit(folder, "ks4_att8", EstimateType.PRIOR_ONLY, [2022, 2023])
    everyone = estimates.score(folder, "ks4_att8", EstimateType.PRIOR_ONLY, 2024)
    first = everyone.schools[0]
    one = estimates.score(folder, "ks4_att8", EstimateType.PRIOR_ONLY, 2024,
                          urn=int(first.area_code))
    assert one.schools == [first]
    la = everyone.las[0]
    assert la.pupils == sum(s.pupils for s in everyone.schools)
    # The LA estimate is the pupil-weighted mean of its schools' estimates.
    weighted = sum(s.estimate * s.pupils for s in everyone.schools) / la.pupils
    assert la.estimate == pytest.approx(weighted)


def test_fit_without_the_dataset_says_which_data_is_missing(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no ks2 data"):
        estimates.fit(tmp_path, "ks2_rwm_expected", EstimateType.PRIOR_ONLY, [2022])


def test_score_before_fit_says_to_fit(folder: Path) -> None:
    with pytest.raises(UserError, match="estimates fit"):
        estimates.score(folder, "ks4_att8", EstimateType.PRIOR_ONLY, 2024)


def test_an_explicit_holdout_year_is_left_out_of_training(folder: Path) -> None:
    model = estimates.fit(folder, "ks4_att8", EstimateType.PRIOR_ONLY, [2022, 2023, 2024],
                          holdout=2023)
    assert model.training_years == (2022, 2024)
    assert model.validation is not None and model.validation.year == 2023
    with pytest.raises(UserError, match="no training years"):
        estimates.fit(folder, "ks4_att8", EstimateType.PRIOR_ONLY, [2023], holdout=2023)
