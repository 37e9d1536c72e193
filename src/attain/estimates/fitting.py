"""Fitting a model specification to a frame of pupils with statsmodels GLMs."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from attain import __version__
from attain.errors import UserError
from attain.estimates.artefact import (
    Coefficient,
    DecileCalibration,
    FittedModel,
    Validation,
)
from attain.estimates.features import (
    NO_PRIOR,
    Frame,
    design_matrix,
    feature_names,
    prior_scaling,
)
from attain.estimates.scoring import linear_predictor, response
from attain.estimates.specs import EstimateType, ModelKind, ModelSpec

# Fewer training pupils than this per coefficient is too little data for a stable model.
MIN_PUPILS_PER_COEFFICIENT = 30
# Schools need this many pupils in a year to count in the school-performance percentiles.
MIN_SCHOOL_COHORT = 10


def fit_frame(spec: ModelSpec, estimate_type: EstimateType, train: Frame,
              holdout: Frame | None = None, *, version: int = 1) -> FittedModel:
    check_estimate_type(spec, estimate_type)
    context = spec.context(estimate_type)
    names = feature_names(context, spec.has_prior)
    _check_enough(spec, train, len(names))
    scaling = prior_scaling(train.prior) if spec.has_prior else NO_PRIOR
    x = design_matrix(train, scaling, context, spec.has_prior)
    # statsmodels takes seconds to import: load it only when a model is fitted.
    import statsmodels.api as sm

    family = sm.families.Gaussian() if spec.kind is ModelKind.LINEAR else sm.families.Binomial()
    result = sm.GLM(train.outcome, x, family=family).fit()
    params, errors = np.asarray(result.params), np.asarray(result.bse)
    residual_sd = float(np.sqrt(result.scale)) if spec.kind is ModelKind.LINEAR else 0.0
    model = FittedModel(
        spec=spec, estimate_type=estimate_type, version=version,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        attain_version=__version__,
        training_years=tuple(sorted({int(y) for y in train.year})),
        prior_centre=scaling.centre, prior_scale=scaling.scale,
        coefficients=tuple(Coefficient(n, float(v), float(e))
                           for n, v, e in zip(names, params, errors, strict=True)),
        fit={"pupils": float(len(train)), "deviance": float(result.deviance),
             "null_deviance": float(result.null_deviance),
             "pseudo_r2": 1.0 - float(result.deviance) / float(result.null_deviance),
             "aic": float(result.aic)},
        residual_sd=residual_sd,
    )
    percentiles = school_percentiles(model, train)
    validation = validate(model, holdout) if holdout is not None and len(holdout) else None
    return _replace(model, percentiles, validation)


def _replace(model: FittedModel, percentiles: tuple[float, ...],
             validation: Validation | None) -> FittedModel:
    from dataclasses import replace
    return replace(model, school_percentiles=percentiles, validation=validation)


def check_estimate_type(spec: ModelSpec, estimate_type: EstimateType) -> None:
    if not spec.has_prior and estimate_type is EstimateType.PRIOR_ONLY:
        raise UserError(f"model {spec.id} has no prior attainment, so no prior-only estimate",
                        fix="fit and use it with context (without --prior-only).")


def _check_enough(spec: ModelSpec, train: Frame, n_coefficients: int) -> None:
    needed = MIN_PUPILS_PER_COEFFICIENT * n_coefficients
    if len(train) >= needed:
        return
    if spec.has_prior:
        what = f"both the outcome ({spec.outcome}) and the prior attainment ({spec.prior})"
        fix = f"import {spec.dataset} results with {spec.prior} for more (national) years, "
    else:
        what = (f"the outcome ({spec.outcome}); context comes from the census (pupils) of "
                "the same year")
        fix = f"import {spec.dataset} results and the census for more (national) years, "
    raise UserError(f"too little data to fit {spec.id}: {len(train)} pupil(s) in dataset "
                    f"{spec.dataset} with {what}; at least {needed} are needed",
                    fix=fix + "or choose --years where they are present.")
    if spec.kind is ModelKind.LOGISTIC and len(np.unique(train.outcome)) < 2:
        raise UserError(f"every training pupil has the same outcome for {spec.id}",
                        fix="check the outcome columns of the training years.")


def validate(model: FittedModel, holdout: Frame) -> Validation:
    estimate = response(model, linear_predictor(model, holdout))
    actual = holdout.outcome
    order = np.argsort(estimate, kind="stable")
    deciles = []
    for index, chunk in enumerate(np.array_split(order, 10), start=1):
        if len(chunk):
            deciles.append(DecileCalibration(index, len(chunk), float(estimate[chunk].mean()),
                                             float(actual[chunk].mean())))
    return Validation(
        year=int(np.max(holdout.year)), pupils=len(holdout),
        mean_estimate=float(estimate.mean()), mean_actual=float(actual.mean()),
        rmse=float(np.sqrt(np.mean((estimate - actual) ** 2))), deciles=tuple(deciles))


def school_percentiles(model: FittedModel, train: Frame) -> tuple[float, ...]:
    """Percentiles 1..99 of schools' performance beyond the model, as a shift of the linear
    predictor: the mean residual (linear), or the one-step logit shift
    (actual - expected) / mean(p(1-p)) that brings the school's expected rate to its actual."""
    eta = linear_predictor(model, train)
    expected = response(model, eta)
    keys = train.urn * 10_000 + train.year
    _, index, counts = np.unique(keys, return_inverse=True, return_counts=True)
    residual = np.bincount(index, train.outcome - expected) / counts
    if model.spec.kind is ModelKind.LOGISTIC:
        slope = np.bincount(index, expected * (1 - expected)) / counts
        residual = residual / np.maximum(slope, 1e-6)
    residual = residual[counts >= MIN_SCHOOL_COHORT]
    if not len(residual):
        return ()
    return tuple(float(v) for v in np.percentile(residual, np.arange(1, 100)))
