"""Synthetic pupils whose outcomes follow a model with known coefficients: for the
coefficient-recovery tests and the fitting benchmark. Never used on real data."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from attain.estimates.features import Frame, prior_scaling
from attain.estimates.specs import PRIOR_DEGREE, ModelKind

CONTEXT_RATES = {"disadvantaged": 0.25, "fsm": 0.15, "sen_support": 0.12, "sen_ehcp": 0.03,
                 "eal": 0.17, "female": 0.5, "lac": 0.01}


def synthetic_frame(rng: np.random.Generator, *, pupils: int, years: tuple[int, ...],
                    coefficients: dict[str, float], kind: ModelKind, noise_sd: float = 0.0,
                    schools: int = 100, school_sd: float = 0.0, prior_mean: float = 105.0,
                    prior_sd: float = 6.0) -> Frame:
    """Pupils with a KS2-like prior and census context; the outcome follows `coefficients`
    on the model's own terms (intercept, prior, prior^2, prior^3 of the standardised prior,
    then context names). `summer_born` and `school_disadvantaged` are drawn too."""
    prior = np.round(rng.normal(prior_mean, prior_sd, pupils), 1)
    context = {name: (rng.random(pupils) < rate).astype(np.float64)
               for name, rate in CONTEXT_RATES.items()}
    context["summer_born"] = rng.integers(0, 12, pupils) / 11.0
    urn = rng.integers(0, schools, pupils) + 100_000
    year = rng.choice(np.array(years), pupils)
    context["school_disadvantaged"] = _school_mean(urn * 10_000 + year, context["disadvantaged"])
    frame = Frame(year, np.array([f"P{i:08d}" for i in range(pupils)], dtype=object), urn,
                  np.array(["882"] * pupils, dtype=object), np.zeros(pupils), prior, context)
    eta = _linear(frame, coefficients)
    eta += rng.normal(0, school_sd, schools)[urn - 100_000]
    if kind is ModelKind.LOGISTIC:
        outcome = (rng.random(pupils) < 1 / (1 + np.exp(-eta))).astype(np.float64)
    else:
        outcome = eta + rng.normal(0, noise_sd, pupils)
    return Frame(year, frame.pupil_id, urn, frame.la_code, outcome, prior, context)


def _school_mean(keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    _, index, counts = np.unique(keys, return_inverse=True, return_counts=True)
    means: np.ndarray = (np.bincount(index, values) / counts)[index]
    return means


def _linear(frame: Frame, coefficients: dict[str, float]) -> np.ndarray:
    scaling = prior_scaling(frame.prior)
    z = (frame.prior - scaling.centre) / scaling.scale
    eta = np.full(len(z), float(coefficients.get("intercept", 0.0)))
    eta += coefficients.get("prior", 0.0) * z
    for degree in range(2, PRIOR_DEGREE + 1):
        eta += coefficients.get(f"prior^{degree}", 0.0) * z**degree
    for name, values in frame.context.items():
        eta += coefficients.get(name, 0.0) * values
    return eta


def ks4_tables(frame: Frame) -> tuple[pa.Table, pa.Table]:
    """The frame as warehouse `ks4` (att8 outcome, ks2_emss prior) and `pupils` tables."""
    keys = {"year": frame.year, "pupil_id": frame.pupil_id, "urn": frame.urn,
            "la_code": frame.la_code}
    ks4 = pa.table({**keys, "att8": frame.outcome, "ks2_emss": frame.prior})
    c = frame.context
    sen = np.where(c["sen_ehcp"] > 0, "E", np.where(c["sen_support"] > 0, "K", "N"))
    summer = np.rint(c["summer_born"] * 11).astype(int)
    pupils = pa.table({**keys, "nc_year": np.full(len(frame), 11),
                       "gender": np.where(c["female"] > 0, "F", "M"),
                       "month_of_birth": (summer + 8) % 12 + 1,
                       "fsm": c["fsm"] > 0, "disadvantaged": c["disadvantaged"] > 0,
                       "sen": sen, "lac": c["lac"] > 0, "eal": c["eal"] > 0})
    return ks4, pupils
