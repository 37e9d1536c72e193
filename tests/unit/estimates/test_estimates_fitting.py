"""Coefficient recovery and held-out calibration on synthetic pupils whose generating
coefficients are set here (the truth is known, so the tolerance is the test)."""

from __future__ import annotations

import numpy as np
import pytest

from attain.errors import UserError
from attain.estimates.fitting import fit_frame
from attain.estimates.scoring import aggregate, score_frame
from attain.estimates.specs import EstimateType, get_spec
from attain.estimates.synthetic import synthetic_frame

# Attainment 8-like: mean about 46, 12 points per SD of prior, a gentle curve, context gaps.
A8_TRUTH = {"intercept": 46.0, "prior": 12.0, "prior^2": -1.5, "prior^3": 0.4,
            "disadvantaged": -4.0, "fsm": -1.0, "sen_support": -5.0, "sen_ehcp": -8.0,
            "eal": 3.0, "female": 2.0, "lac": -3.0, "summer_born": -0.8,
            "school_disadvantaged": -2.0}
# KS2 RWM expected-like (logit scale).
RWM_TRUTH = {"intercept": 0.8, "prior": 1.6, "prior^2": -0.2, "prior^3": 0.05,
             "disadvantaged": -0.5, "fsm": -0.2, "sen_support": -0.9, "sen_ehcp": -1.5,
             "eal": 0.3, "female": 0.2, "lac": -0.4, "summer_born": -0.3,
             "school_disadvantaged": -0.5}


def _a8(seed: int, pupils: int, years: tuple[int, ...] = (2022, 2023)):
    return synthetic_frame(np.random.default_rng(seed), pupils=pupils, years=years,
                           coefficients=A8_TRUTH, kind=get_spec("ks4_att8").kind, noise_sd=10.0,
                           schools=300)


def _rwm(seed: int, pupils: int, years: tuple[int, ...] = (2022, 2023)):
    return synthetic_frame(np.random.default_rng(seed), pupils=pupils, years=years,
                           coefficients=RWM_TRUTH, kind=get_spec("ks2_rwm_expected").kind,
                           schools=300)


def _within(model, truth: dict[str, float], tolerance_se: float = 4.0) -> None:
    for c in model.coefficients:
        assert abs(c.value - truth[c.name]) < tolerance_se * c.std_error + 1e-9, c


def test_linear_model_recovers_the_generating_coefficients() -> None:
    model = fit_frame(get_spec("ks4_att8"), EstimateType.WITH_CONTEXT, _a8(1, 60_000))
    _within(model, A8_TRUTH)
    assert model.residual_sd == pytest.approx(10.0, abs=0.2)
    # The standard errors are small enough for the check above to mean something.
    assert max(c.std_error for c in model.coefficients) < 1.0


def test_logistic_model_recovers_the_generating_coefficients() -> None:
    model = fit_frame(get_spec("ks2_rwm_expected"), EstimateType.WITH_CONTEXT, _rwm(2, 80_000))
    _within(model, RWM_TRUTH)
    assert model.residual_sd == 0.0


def test_prior_only_model_has_no_context_terms() -> None:
    model = fit_frame(get_spec("ks4_att8"), EstimateType.PRIOR_ONLY, _a8(3, 5_000))
    assert [c.name for c in model.coefficients] == ["intercept", "prior", "prior^2", "prior^3"]


@pytest.mark.parametrize("make", [_a8, _rwm])
def test_held_out_year_is_calibrated_by_decile(make) -> None:
    train, holdout = make(4, 40_000, (2022,)), make(5, 20_000, (2023,))
    spec = get_spec("ks4_att8" if make is _a8 else "ks2_rwm_expected")
    model = fit_frame(spec, EstimateType.WITH_CONTEXT, train, holdout)
    validation = model.validation
    assert validation is not None and validation.year == 2023
    assert len(validation.deciles) == 10
    scale = 46.0 if make is _a8 else 1.0
    for decile in validation.deciles:
        assert abs(decile.mean_estimate - decile.mean_actual) < 0.03 * scale, decile
    # Deciles are ordered by estimate, so the calibration spans the range.
    assert validation.deciles[0].mean_actual < validation.deciles[-1].mean_actual


def test_too_little_data_names_what_is_missing() -> None:
    with pytest.raises(UserError) as error:
        fit_frame(get_spec("ks4_att8"), EstimateType.WITH_CONTEXT, _a8(6, 100))
    assert "ks4" in error.value.message and "ks2_emss" in error.value.message


def test_school_confidence_range_is_the_outcome_spread_over_root_n() -> None:
    model = fit_frame(get_spec("ks4_att8"), EstimateType.PRIOR_ONLY, _a8(7, 20_000))
    scored = score_frame(model, _a8(8, 3_000, (2024,)))
    school = aggregate(model, scored, "school")[0]
    # 95% range half-width = 1.96 * residual sd / sqrt(n) for a linear model.
    half = 1.959963984540054 * model.residual_sd / np.sqrt(school.pupils)
    assert school.ci_high - school.estimate == pytest.approx(half)
    assert school.ci_low < school.estimate < school.ci_high


def test_percentile_estimates_rise_with_the_percentile() -> None:
    frame = synthetic_frame(np.random.default_rng(9), pupils=30_000, years=(2022,),
                            coefficients=A8_TRUTH, kind=get_spec("ks4_att8").kind,
                            noise_sd=10.0, schools=200, school_sd=3.0)
    model = fit_frame(get_spec("ks4_att8"), EstimateType.PRIOR_ONLY, frame)
    # School effects were drawn with SD 3 points, so the 80th percentile school is about
    # 0.84 SD (2.5 points) above average (the mean residuals also carry sampling noise).
    assert model.school_percentiles[79] == pytest.approx(0.8416 * 3.0, abs=0.8)
    average = score_frame(model, frame).estimate.mean()
    top20 = score_frame(model, frame, percentile=80).estimate.mean()
    assert top20 - average == pytest.approx(model.school_percentiles[79])
