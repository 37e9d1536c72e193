"""The fitted model as a versioned JSON artefact under <data folder>/models/."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from attain.errors import UserError
from attain.estimates.specs import EstimateType, ModelSpec, spec_from_dict

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Coefficient:
    name: str
    value: float
    std_error: float


@dataclass(frozen=True)
class DecileCalibration:
    decile: int
    pupils: int
    mean_estimate: float
    mean_actual: float


@dataclass(frozen=True)
class Validation:
    year: int
    pupils: int
    mean_estimate: float
    mean_actual: float
    rmse: float  # for logistic models: the Brier score's square root
    deciles: tuple[DecileCalibration, ...]


@dataclass(frozen=True)
class FittedModel:
    spec: ModelSpec
    estimate_type: EstimateType
    version: int
    created_at: str
    attain_version: str
    training_years: tuple[int, ...]
    prior_centre: float
    prior_scale: float
    coefficients: tuple[Coefficient, ...]
    fit: dict[str, float]
    # Residual standard deviation (linear models; 0 for logistic), for confidence ranges.
    residual_sd: float
    # School performance percentiles 1..99 (shift on the linear predictor's scale).
    school_percentiles: tuple[float, ...] = ()
    validation: Validation | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def name(self) -> str:
        return model_name(self.spec.id, self.estimate_type)

    @property
    def context(self) -> tuple[str, ...]:
        return self.spec.context(self.estimate_type)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["spec"] = self.spec.as_dict()
        data["estimate_type"] = self.estimate_type.value
        return {"format_version": FORMAT_VERSION, **data}


def model_name(model_id: str, estimate_type: EstimateType) -> str:
    return f"{model_id}.{estimate_type.value}"


def model_path(folder: Path, model_id: str, estimate_type: EstimateType) -> Path:
    return Path(folder) / "models" / f"{model_name(model_id, estimate_type)}.json"


def from_json(data: dict[str, Any]) -> FittedModel:
    validation = data.get("validation")
    return FittedModel(
        spec=spec_from_dict(data["spec"]),
        estimate_type=EstimateType(data["estimate_type"]),
        version=int(data["version"]),
        created_at=str(data["created_at"]),
        attain_version=str(data["attain_version"]),
        training_years=tuple(int(y) for y in data["training_years"]),
        prior_centre=float(data["prior_centre"]),
        prior_scale=float(data["prior_scale"]),
        coefficients=tuple(Coefficient(**c) for c in data["coefficients"]),
        fit={k: float(v) for k, v in data["fit"].items()},
        residual_sd=float(data["residual_sd"]),
        school_percentiles=tuple(float(v) for v in data.get("school_percentiles", ())),
        validation=None if validation is None else Validation(
            **{**validation,
               "deciles": tuple(DecileCalibration(**d) for d in validation["deciles"])}),
        notes=tuple(data.get("notes", ())),
    )


def save(folder: Path, model: FittedModel) -> Path:
    path = model_path(folder, model.spec.id, model.estimate_type)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(".json.tmp")
    temp.write_text(json.dumps(model.to_json(), indent=2), encoding="utf-8")
    os.replace(temp, path)
    return path


def load(folder: Path, model_id: str, estimate_type: EstimateType) -> FittedModel:
    path = model_path(folder, model_id, estimate_type)
    if not path.exists():
        raise UserError(f"no fitted model {model_name(model_id, estimate_type)} in {path.parent}",
                        fix=f"run `attain estimates fit --model {model_id}` first.")
    return from_json(json.loads(path.read_text(encoding="utf-8")))


def next_version(folder: Path, model_id: str, estimate_type: EstimateType) -> int:
    path = model_path(folder, model_id, estimate_type)
    if not path.exists():
        return 1
    return int(json.loads(path.read_text(encoding="utf-8")).get("version", 0)) + 1
