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
                    prior_sd: float = 6.0, with_prior: bool = True) -> Frame:
    """Pupils with a KS2-like prior and census context; the outcome follows `coefficients`
    on the model's own terms (intercept, prior, prior^2, prior^3 of the standardised prior,
    then context names). `summer_born`, `school_disadvantaged` and `school_fsm` are drawn
    too. Without a prior (`with_prior=False`, as in Reception) the prior is NaN."""
    prior = np.round(rng.normal(prior_mean, prior_sd, pupils), 1)
    if not with_prior:
        prior = np.full(pupils, np.nan)
    context = {name: (rng.random(pupils) < rate).astype(np.float64)
               for name, rate in CONTEXT_RATES.items()}
    context["summer_born"] = rng.integers(0, 12, pupils) / 11.0
    urn = rng.integers(0, schools, pupils) + 100_000
    year = rng.choice(np.array(years), pupils)
    context["school_disadvantaged"] = _school_mean(urn * 10_000 + year, context["disadvantaged"])
    context["school_fsm"] = _school_mean(urn * 10_000 + year, context["fsm"])
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
    eta = np.full(len(frame), float(coefficients.get("intercept", 0.0)))
    if not np.isnan(frame.prior).all():
        scaling = prior_scaling(frame.prior)
        z = (frame.prior - scaling.centre) / scaling.scale
        eta += coefficients.get("prior", 0.0) * z
        for degree in range(2, PRIOR_DEGREE + 1):
            eta += coefficients.get(f"prior^{degree}", 0.0) * z**degree
    for name, values in frame.context.items():
        eta += coefficients.get(name, 0.0) * values
    return eta


def ks4_tables(frame: Frame) -> tuple[pa.Table, pa.Table]:
    """The frame as warehouse `ks4` (att8 outcome, ks2_emss prior) and `pupils` tables."""
    ks4 = pa.table({**_keys(frame), "att8": frame.outcome, "ks2_emss": frame.prior})
    return ks4, census_table(frame, nc_year=11)


# The 2022+ early learning goals (CL has 2, literacy 3), all counted by the GLD.
ELGS_2022 = ("elg_cl1", "elg_cl2", "elg_psed1", "elg_psed2", "elg_psed3", "elg_pd1", "elg_pd2",
             "elg_lit1", "elg_lit2", "elg_lit3", "elg_mat1", "elg_mat2")


def eyfs_tables(frame: Frame) -> tuple[pa.Table, pa.Table]:
    """The frame as warehouse `eyfs` (2022+ profile: every ELG expected when the outcome is
    1, else maths ELG 1 emerging) and Reception `pupils` tables."""
    reached = frame.outcome > 0
    elgs = {name: np.full(len(frame), 2) for name in ELGS_2022}
    elgs["elg_mat1"] = np.where(reached, 2, 1)
    return pa.table({**_keys(frame), **elgs}), census_table(frame, nc_year=0)


def _keys(frame: Frame) -> dict[str, np.ndarray]:
    return {"year": frame.year, "pupil_id": frame.pupil_id, "urn": frame.urn,
            "la_code": frame.la_code}


def census_table(frame: Frame, nc_year: int) -> pa.Table:
    """The frame's context as a warehouse `pupils` (census) table."""
    c = frame.context
    sen = np.where(c["sen_ehcp"] > 0, "E", np.where(c["sen_support"] > 0, "K", "N"))
    summer = np.rint(c["summer_born"] * 11).astype(int)
    return pa.table({**_keys(frame), "nc_year": np.full(len(frame), nc_year),
                     "gender": np.where(c["female"] > 0, "F", "M"),
                     "month_of_birth": (summer + 8) % 12 + 1,
                     "fsm": c["fsm"] > 0, "disadvantaged": c["disadvantaged"] > 0,
                     "sen": sen, "lac": c["lac"] > 0, "eal": c["eal"] > 0})
