"""Scoring pupils with a fitted model, and school/LA aggregates with confidence ranges."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from attain.errors import UserError
from attain.estimates.artefact import FittedModel
from attain.estimates.features import Frame, Scaling, design_matrix
from attain.estimates.specs import ModelKind

Z95 = 1.959963984540054


def linear_predictor(model: FittedModel, frame: Frame, shift: float = 0.0) -> np.ndarray:
    x = design_matrix(frame, Scaling(model.prior_centre, model.prior_scale), model.context,
                      model.spec.has_prior)
    beta = np.array([c.value for c in model.coefficients])
    eta: np.ndarray = x @ beta + shift
    return eta


def response(model: FittedModel, eta: np.ndarray) -> np.ndarray:
    if model.spec.kind is ModelKind.LOGISTIC:
        result: np.ndarray = 1.0 / (1.0 + np.exp(-eta))
        return result
    return eta


def percentile_shift(model: FittedModel, percentile: int | None) -> float:
    """The shift that makes estimates those of a school at `percentile` of school performance
    (e.g. 80: as well as the top 20% of schools did); 0 for the average school."""
    if percentile is None:
        return 0.0
    if not 1 <= percentile <= 99:
        raise UserError(f"percentile {percentile} is out of range", fix="use 1 to 99.")
    if not model.school_percentiles:
        raise UserError(f"model {model.name} has no school percentiles",
                        fix="fit it again on years with schools of 10 or more pupils.")
    return model.school_percentiles[percentile - 1]


def scale_factor(model: FittedModel) -> float:
    """Estimates of threshold models are reported as percentages, like the measures."""
    return 100.0 if model.spec.kind is ModelKind.LOGISTIC else 1.0


@dataclass(frozen=True)
class PupilEstimates:
    frame: Frame
    estimate: np.ndarray  # on the outcome's scale: points, or probability 0-1
    variance: np.ndarray  # of the pupil's outcome around the estimate


def score_frame(model: FittedModel, frame: Frame, percentile: int | None = None
                ) -> PupilEstimates:
    estimate = response(model, linear_predictor(model, frame, percentile_shift(model, percentile)))
    if model.spec.kind is ModelKind.LOGISTIC:
        variance = estimate * (1 - estimate)
    else:
        variance = np.full(len(estimate), model.residual_sd**2)
    return PupilEstimates(frame, estimate, variance)


@dataclass(frozen=True)
class Aggregate:
    """A school's or LA's estimate: the mean of its pupils' estimates, with the 95% range in
    which its actual result would fall if its pupils did as well as the model expects."""

    level: str
    area_code: str
    pupils: int
    estimate: float
    ci_low: float
    ci_high: float
    actual: float | None  # mean actual over pupils with a known outcome
    actual_pupils: int

    @property
    def difference(self) -> float | None:
        return None if self.actual is None else self.actual - self.estimate


def aggregate(model: FittedModel, scored: PupilEstimates, level: str) -> list[Aggregate]:
    keys = scored.frame.urn.astype(str) if level == "school" else scored.frame.la_code.astype(str)
    factor = scale_factor(model)
    rows = []
    for key in sorted(set(keys.tolist())):
        mask = keys == key
        n = int(mask.sum())
        estimate = float(scored.estimate[mask].mean())
        half = Z95 * float(np.sqrt(scored.variance[mask].sum())) / n
        outcome = scored.frame.outcome[mask]
        known = outcome[~np.isnan(outcome)]
        actual = float(known.mean()) * factor if len(known) else None
        rows.append(Aggregate(level, key, n, estimate * factor, (estimate - half) * factor,
                              (estimate + half) * factor, actual, len(known)))
    return rows
