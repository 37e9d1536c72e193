"""The EYFS good level of development model: context only (no prior attainment exists at
the start of Reception). Same checks as the other models: synthetic pupils whose generating
coefficients are set here are recovered, a held-out year is calibrated by decile, and the
warehouse path (DuckDB extraction from `eyfs` and the census) gives the same model."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from attain.errors import UserError
from attain.estimates.fitting import fit_frame
from attain.estimates.specs import EstimateType, ModelKind, get_spec
from attain.estimates.synthetic import eyfs_tables, synthetic_frame
from attain.measures import load_catalogue
from attain.services import estimates
from attain.store.warehouse import Warehouse

# Logit scale. Chosen to look like the published EYFSP gaps (August-born children about a
# logit unit behind September-born, girls ahead, large SEN gaps); what matters here is only
# that the truth is known.
GLD_TRUTH = {"intercept": 1.2, "summer_born": -1.0, "female": 0.6, "fsm": -0.6, "eal": -0.3,
             "sen_support": -1.6, "sen_ehcp": -3.0, "school_fsm": -1.0}
SPEC = get_spec("eyfs_gld")


def _gld(seed: int, pupils: int, years: tuple[int, ...]):
    return synthetic_frame(np.random.default_rng(seed), pupils=pupils, years=years,
                           coefficients=GLD_TRUTH, kind=ModelKind.LOGISTIC, schools=300,
                           with_prior=False)


def test_the_model_has_no_prior_terms_and_the_start_of_reception_context() -> None:
    assert SPEC.kind is ModelKind.LOGISTIC and not SPEC.has_prior
    model = fit_frame(SPEC, EstimateType.WITH_CONTEXT, _gld(1, 5_000, (2022,)))
    assert [c.name for c in model.coefficients] == ["intercept", "summer_born", "female",
                                                    "fsm", "eal", "sen_support", "sen_ehcp",
                                                    "school_fsm"]


def test_eyfs_model_recovers_the_generating_coefficients() -> None:
    model = fit_frame(SPEC, EstimateType.WITH_CONTEXT, _gld(2, 80_000, (2022, 2023)))
    for c in model.coefficients:
        assert abs(c.value - GLD_TRUTH[c.name]) < 4.0 * c.std_error, c
    # Small enough errors for the pupil-level terms that the check above means something.
    assert max(c.std_error for c in model.coefficients if c.name != "school_fsm") < 0.1


def test_eyfs_held_out_year_is_calibrated_by_decile() -> None:
    model = fit_frame(SPEC, EstimateType.WITH_CONTEXT, _gld(3, 40_000, (2022,)),
                      _gld(4, 20_000, (2023,)))
    validation = model.validation
    assert validation is not None and validation.year == 2023 and len(validation.deciles) == 10
    for decile in validation.deciles:
        assert abs(decile.mean_estimate - decile.mean_actual) < 0.03, decile
    assert validation.deciles[0].mean_actual < validation.deciles[-1].mean_actual


def test_there_is_no_prior_only_eyfs_estimate(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no prior attainment"):
        fit_frame(SPEC, EstimateType.PRIOR_ONLY, _gld(5, 5_000, (2022,)))
    with pytest.raises(UserError, match="no prior attainment"):
        estimates.fit(tmp_path, "eyfs_gld", EstimateType.PRIOR_ONLY, [2022, 2023])


def test_too_little_eyfs_data_names_the_outcome_and_the_census() -> None:
    with pytest.raises(UserError) as error:
        fit_frame(SPEC, EstimateType.WITH_CONTEXT, _gld(6, 100, (2022,)))
    assert "eyfs" in error.value.message and "census" in error.value.message


def test_the_outcome_is_the_eyfs_gld_measure_numerator() -> None:
    numerator = load_catalogue().measure("eyfs_gld").numerator
    assert re.sub(r"\s+", " ", SPEC.outcome) == f"coalesce({numerator}, false)"


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    eyfs, pupils = eyfs_tables(_gld(7, 30_000, (2022, 2023, 2024)))
    with Warehouse(tmp_path / "warehouse").transaction() as tx:
        tx.write("eyfs", eyfs)
        tx.write("pupils", pupils)
    return tmp_path


def test_fit_and_score_through_the_warehouse(folder: Path) -> None:
    model = estimates.fit(folder, "eyfs_gld", EstimateType.WITH_CONTEXT, [2022, 2023, 2024])
    assert model.training_years == (2022, 2023) and model.validation is not None
    coefficients = {c.name: c for c in model.coefficients}
    # Month of birth, gender and SEN read back from the census through the join.
    for name in ("summer_born", "female", "sen_ehcp"):
        c = coefficients[name]
        assert abs(c.value - GLD_TRUTH[name]) < 4.0 * c.std_error, c
    scored = estimates.score(folder, "eyfs_gld", EstimateType.WITH_CONTEXT, 2024)
    la = scored.las[0]
    # Every 2024 pupil is scored (no prior needed) and the LA estimate is a percentage
    # close to the actual GLD rate of a year the model was not fitted on.
    assert la.pupils == la.actual_pupils == int((scored.pupils.frame.year == 2024).sum())
    assert la.actual is not None and la.estimate == pytest.approx(la.actual, abs=2.0)
    assert la.ci_low < la.estimate < la.ci_high


def test_fit_without_the_census_says_so(tmp_path: Path) -> None:
    eyfs, _ = eyfs_tables(_gld(8, 2_000, (2022, 2023)))
    with Warehouse(tmp_path / "warehouse").transaction() as tx:
        tx.write("eyfs", eyfs)
    with pytest.raises(UserError, match="census"):
        estimates.fit(tmp_path, "eyfs_gld", EstimateType.WITH_CONTEXT, [2022, 2023])
