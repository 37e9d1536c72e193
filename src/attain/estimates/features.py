"""Feature extraction: DuckDB pulls one row per pupil (outcome, prior, context) from the
warehouse into numpy arrays; `design_matrix` turns them into the GLM's columns."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np

from attain.estimates.specs import CONTEXT_FEATURES, PRIOR_DEGREE, ModelSpec


@dataclass(frozen=True)
class Frame:
    """Pupils of a model's cohort: keys, outcome (NaN when not known yet), prior, context."""

    year: np.ndarray
    pupil_id: np.ndarray
    urn: np.ndarray
    la_code: np.ndarray
    outcome: np.ndarray
    prior: np.ndarray
    context: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.outcome)

    def subset(self, mask: np.ndarray) -> Frame:
        return Frame(self.year[mask], self.pupil_id[mask], self.urn[mask], self.la_code[mask],
                     self.outcome[mask], self.prior[mask],
                     {k: v[mask] for k, v in self.context.items()})


def extraction_sql(spec: ModelSpec, context: tuple[str, ...], years: list[int],
                   *, require_outcome: bool, school: bool = False, la: bool = False) -> str:
    year_list = ", ".join(str(int(y)) for y in years)
    census_cols = "any_value(fsm) AS fsm, any_value(disadvantaged) AS disadvantaged, " \
                  "any_value(sen) AS sen, any_value(eal) AS eal, any_value(gender) AS gender, " \
                  "any_value(lac) AS lac, any_value(month_of_birth) AS month_of_birth"
    features = "".join(f", {CONTEXT_FEATURES[name]} AS c_{name}" for name in context)
    where = [f"o.year IN ({year_list})", f"({spec.cohort})"]
    if require_outcome:
        where.append(f"({spec.outcome}) IS NOT NULL")
    prior, prior_cte = _prior(spec)
    # Filters on prior, school and LA come after the window, so school context is the
    # whole cohort's.
    outer = ["prior IS NOT NULL"] if spec.has_prior else ["true"]
    if school:
        outer.append("urn = $urn")
    if la:
        outer.append("la_code = $la")
    return (
        # The census keys are renamed so that `year` or `pupil_id` in a specification's
        # expressions means the outcome dataset's.
        f"WITH p AS (SELECT year AS census_year, pupil_id AS census_pupil_id, {census_cols} "
        f"FROM pupils WHERE year IN ({year_list}) GROUP BY year, pupil_id), {prior_cte}"
        f"x AS (SELECT o.year, o.pupil_id, o.urn, o.la_code, "
        f"CAST(({spec.outcome}) AS DOUBLE) AS outcome, {prior} AS prior"
        f"{features} FROM {spec.dataset} o LEFT JOIN p ON p.census_year = o.year AND "
        f"p.census_pupil_id = o.pupil_id WHERE {' AND '.join(where)}) "
        f"SELECT * FROM x WHERE {' AND '.join(outer)}"
    )


def _prior(spec: ModelSpec) -> tuple[str, str]:
    """The prior's SQL: a column of the outcome dataset, or the pupil's latest earlier
    record in `prior_dataset` (e.g. the EYFS profile before the phonics check)."""
    if spec.prior is None:
        return "CAST(NULL AS DOUBLE)", ""
    if spec.prior_dataset is None:
        return f"CAST(({spec.prior}) AS DOUBLE)", ""
    cte = (f"pr AS (SELECT pupil_id, year, CAST(({spec.prior}) AS DOUBLE) AS value "
           f"FROM {spec.prior_dataset} WHERE ({spec.prior}) IS NOT NULL), ")
    return ("(SELECT arg_max(pr.value, pr.year) FROM pr WHERE pr.pupil_id = o.pupil_id "
            "AND pr.year < o.year)", cte)


def extract(con: duckdb.DuckDBPyConnection, spec: ModelSpec, context: tuple[str, ...],
            years: list[int], *, require_outcome: bool = True, urn: int | None = None,
            la_code: str | None = None) -> Frame:
    sql = extraction_sql(spec, context, years, require_outcome=require_outcome,
                         school=urn is not None, la=la_code is not None)
    params: dict[str, object] = {}
    if urn is not None:
        params["urn"] = int(urn)
    if la_code is not None:
        params["la"] = str(la_code)
    data = con.execute(sql, params).fetchnumpy()
    return Frame(
        year=np.asarray(data["year"], dtype=np.int64),
        pupil_id=np.asarray(data["pupil_id"], dtype=object),
        urn=np.asarray(data["urn"], dtype=np.int64),
        la_code=np.asarray(data["la_code"], dtype=object),
        outcome=_floats(data["outcome"]),
        prior=_floats(data["prior"]),
        context={name: _floats(data[f"c_{name}"]) for name in context},
    )


def _floats(values: object) -> np.ndarray:
    array = np.ma.asarray(values).astype(np.float64)
    return np.ma.filled(array, np.nan)


@dataclass(frozen=True)
class Scaling:
    """Centre and scale of the prior in the training data, kept in the model artefact."""

    centre: float
    scale: float


def prior_scaling(prior: np.ndarray) -> Scaling:
    scale = float(np.std(prior))
    return Scaling(float(np.mean(prior)), scale if scale > 0 else 1.0)


NO_PRIOR = Scaling(0.0, 1.0)


def feature_names(context: tuple[str, ...], with_prior: bool = True) -> list[str]:
    prior_terms = ["prior"] + [f"prior^{d}" for d in range(2, PRIOR_DEGREE + 1)]
    return ["intercept", *(prior_terms if with_prior else []), *context]


def design_matrix(frame: Frame, scaling: Scaling, context: tuple[str, ...],
                  with_prior: bool = True) -> np.ndarray:
    columns = [np.ones(len(frame))]
    if with_prior:
        z = (frame.prior - scaling.centre) / scaling.scale
        columns += [z**d for d in range(1, PRIOR_DEGREE + 1)]
    columns += [frame.context[name] for name in context]
    return np.column_stack(columns)
