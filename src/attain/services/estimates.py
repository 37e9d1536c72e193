"""Use cases for modelled estimates: fit a model on national data of previous years, and
score a year's pupils into school and LA estimates (docs/estimates.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from attain.errors import UserError
from attain.estimates import artefact
from attain.estimates.artefact import FittedModel
from attain.estimates.features import Frame, extract
from attain.estimates.fitting import check_estimate_type, fit_frame
from attain.estimates.scoring import Aggregate, PupilEstimates, aggregate, score_frame
from attain.estimates.specs import EstimateType, get_spec
from attain.store.warehouse import Warehouse


def warehouse(folder: Path) -> Warehouse:
    return Warehouse(Path(folder) / "warehouse")


def fit(folder: Path, model_id: str, estimate_type: EstimateType, years: list[int],
        holdout: int | None = None) -> FittedModel:
    """Fit on `years` and validate on `holdout` (default: the last of `years` when there are
    two or more, which is then left out of the training data)."""
    spec = get_spec(model_id)
    check_estimate_type(spec, estimate_type)
    years = sorted(set(years))
    if holdout is None and len(years) >= 2:
        holdout = years.pop()
    elif holdout is not None:
        years = [y for y in years if y != holdout]  # never validate on training data
    if not years:
        raise UserError("no training years are left besides the held-out year",
                        fix="pass earlier --years than --holdout.")
    store = warehouse(folder)
    if not store.exists(spec.dataset):
        raise UserError(f"the warehouse has no {spec.dataset} data to fit {model_id}",
                        fix=f"import {spec.dataset} results (pupil level) first.")
    context = spec.context(estimate_type)
    if context and not store.exists("pupils"):
        raise UserError(f"the warehouse has no census (pupils) for the context of {model_id}",
                        fix="import the January census for the training years first.")
    with store.connect() as con:
        train = extract(con, spec, context, years)
        test = extract(con, spec, context, [holdout]) if holdout is not None else None
    if test is not None and not len(test):
        needs = spec.outcome if spec.prior is None else f"{spec.outcome} and {spec.prior}"
        raise UserError(f"the held-out year {holdout} has no {spec.dataset} pupils with "
                        f"{needs}",
                        fix="choose another --holdout year.")
    model = fit_frame(spec, estimate_type, train, test,
                      version=artefact.next_version(folder, model_id, estimate_type))
    artefact.save(folder, model)
    return model


@dataclass(frozen=True)
class Scored:
    model: FittedModel
    year: int
    pupils: PupilEstimates
    schools: list[Aggregate]
    las: list[Aggregate]


def score(folder: Path, model_id: str, estimate_type: EstimateType, year: int, *,
          urn: int | None = None, la_code: str | None = None,
          percentile: int | None = None) -> Scored:
    """Estimates for one year's cohort (all schools, one school, or one LA)."""
    model = artefact.load(folder, model_id, estimate_type)
    with warehouse(folder).connect() as con:
        frame = extract(con, model.spec, model.context, [year], require_outcome=False,
                        urn=urn, la_code=la_code)
    return score_loaded(model, frame, year, percentile)


def score_loaded(model: FittedModel, frame: Frame, year: int,
                 percentile: int | None = None) -> Scored:
    scored = score_frame(model, frame, percentile)
    return Scored(model, year, scored, aggregate(model, scored, "school"),
                  aggregate(model, scored, "la"))
