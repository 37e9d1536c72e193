"""Model specifications as data (specs.yaml): what is predicted, from what, and how."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from typing import Any

from ruamel.yaml import YAML

from attain.errors import UserError


class ModelKind(StrEnum):
    LINEAR = "linear"  # Gaussian GLM, identity link: point scores
    LOGISTIC = "logistic"  # Binomial GLM, logit link: thresholds


class EstimateType(StrEnum):
    PRIOR_ONLY = "prior_only"
    WITH_CONTEXT = "with_context"


# Pupil context available to the "with context" models. Each is a SQL expression over the
# census row `p` (same year, same pupil) or a school-level window; nulls count as 0.
CONTEXT_FEATURES: dict[str, str] = {
    "disadvantaged": "CAST(coalesce(p.disadvantaged, false) AS DOUBLE)",
    "fsm": "CAST(coalesce(p.fsm, false) AS DOUBLE)",
    "sen_support": "CAST(coalesce(p.sen IN ('K', 'A', 'P'), false) AS DOUBLE)",
    "sen_ehcp": "CAST(coalesce(p.sen IN ('E', 'S'), false) AS DOUBLE)",
    "eal": "CAST(coalesce(p.eal, false) AS DOUBLE)",
    "female": "CAST(coalesce(p.gender = 'F', false) AS DOUBLE)",
    "lac": "CAST(coalesce(p.lac, false) AS DOUBLE)",
    # 0 for September-born (oldest in the year group) to 1 for August-born (youngest).
    "summer_born": "coalesce(((p.month_of_birth + 3) % 12) / 11.0, 0.5)",
    "school_disadvantaged": "avg(CAST(coalesce(p.disadvantaged, false) AS DOUBLE)) "
                            "OVER (PARTITION BY o.year, o.urn)",
    # The share of FSM pupils in the pupil's school cohort (school context in Reception,
    # where FSM is what the EYFS profile statistics report).
    "school_fsm": "avg(CAST(coalesce(p.fsm, false) AS DOUBLE)) "
                  "OVER (PARTITION BY o.year, o.urn)",
}
# The context of models whose specification names none. Fixed here (not "every feature"):
# fitted artefacts rebuild their design matrix from it.
DEFAULT_CONTEXT = ("disadvantaged", "fsm", "sen_support", "sen_ehcp", "eal", "female", "lac",
                   "summer_born", "school_disadvantaged")
PRIOR_DEGREE = 3


@dataclass(frozen=True)
class ModelSpec:
    id: str
    measure_id: str
    title: str
    dataset: str
    kind: ModelKind
    outcome: str
    # None: no prior attainment exists (EYFS, at the start of Reception); context only.
    prior: str | None
    cohort: str = "true"
    # Where the prior comes from when it is not a column of `dataset`: the pupil's latest
    # record in this dataset from an earlier year.
    prior_dataset: str | None = None
    # The context of the "with context" estimate; None means DEFAULT_CONTEXT.
    context_features: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        unknown = [n for n in self.context_features or () if n not in CONTEXT_FEATURES]
        if unknown:
            raise UserError(f"model {self.id} names unknown context {', '.join(unknown)}",
                            fix=f"use some of: {', '.join(CONTEXT_FEATURES)}.")

    @property
    def has_prior(self) -> bool:
        return self.prior is not None

    def context(self, estimate_type: EstimateType) -> tuple[str, ...]:
        if estimate_type is not EstimateType.WITH_CONTEXT:
            return ()
        return DEFAULT_CONTEXT if self.context_features is None else self.context_features

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id, "measure_id": self.measure_id, "title": self.title,
            "dataset": self.dataset, "kind": self.kind.value, "outcome": self.outcome,
            "prior": self.prior, "cohort": self.cohort, "prior_dataset": self.prior_dataset}
        if self.context_features is not None:
            data["context"] = list(self.context_features)
        return data


def spec_from_dict(data: dict[str, Any]) -> ModelSpec:
    prior, context = data.get("prior"), data.get("context")
    return ModelSpec(
        id=str(data["id"]), measure_id=str(data["measure_id"]), title=str(data["title"]),
        dataset=str(data["dataset"]), kind=ModelKind(data["kind"]),
        outcome=str(data["outcome"]), prior=None if prior is None else str(prior),
        cohort=str(data.get("cohort") or "true"),
        prior_dataset=data.get("prior_dataset"),
        context_features=None if context is None else tuple(str(c) for c in context),
    )


def load_specs() -> dict[str, ModelSpec]:
    text = resources.files("attain.estimates").joinpath("specs.yaml").read_text("utf-8")
    return {s.id: s for s in (spec_from_dict(d) for d in YAML(typ="safe").load(text))}


def get_spec(model_id: str) -> ModelSpec:
    specs = load_specs()
    if model_id not in specs:
        raise UserError(f"unknown model {model_id!r}",
                        fix=f"use one of: {', '.join(sorted(specs))}.")
    return specs[model_id]
