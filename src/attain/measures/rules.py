"""Validation rules, one class per rule. Each returns Issues with file, line and a hint.

Document rules look at one raw YAML mapping (so they work before a spec can be built);
catalogue rules look at the built specs together.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from attain.domain.datasets import PUPIL_RESULT_DATASETS
from attain.measures.loader import Document, parse_params, parse_years
from attain.measures.spec import Country, GroupSpec, Issue, Kind, MeasureSpec, Severity

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
COMMON_REQUIRED = ("id", "title", "kind", "years", "source")
COMMON_OPTIONAL = ("dataset", "key_stage", "era", "country", "cohort", "higher_is_better",
                   "unit", "decimals", "params", "notes")
KIND_REQUIRED: dict[Kind, tuple[str, ...]] = {
    Kind.PROPORTION: ("dataset", "numerator"),
    Kind.MEAN: ("dataset", "value"),
    Kind.RATE: ("dataset", "numerator", "denominator", "per"),
    Kind.TRANSITION: ("dataset", "prior", "outcome", "steps"),
    # a|b: one of them (OnePriorGroup refuses both)
    Kind.PROGRESS: ("dataset", "outcome", "prior_group|prior_group_of"),
    Kind.GAP: ("of", "group_a", "group_b"),
    Kind.PERCENTILE_GAP: ("dataset", "value"),
}
KIND_OPTIONAL: dict[Kind, tuple[str, ...]] = {
    Kind.PROGRESS: ("estimate_cohort", "divisor", "outlier_z", "outlier_years", "sd"),
    Kind.PERCENTILE_GAP: ("percentile",),
}
GROUP_KEYS = ("id", "title", "filter", "partition", "datasets")
# Years each dataset exists; a measure's years must lie within them.
DATASET_ERAS: dict[str, tuple[int, int | None]] = {
    "eyfs": (2008, None), "phonics": (2012, None), "fp": (2012, 2019),
}
NO_ASSESSMENT_YEARS = (2020, 2021)
NO_ASSESSMENT_DATASETS = ("eyfs", "phonics", "ks1", "ks2")
NUMERIC_KEYS = ("per", "steps", "divisor", "outlier_z", "percentile", "decimals")


def _error(file: str, line: int | None, rule: str, message: str, hint: str = "") -> Issue:
    return Issue(Severity.ERROR, file, line, rule, message, hint)


def _near(word: str, options: Iterable[str]) -> str:
    near = difflib.get_close_matches(word, list(options), n=3)
    return ("did you mean " + ", ".join(near) + "?") if near else ""


def _kind(doc: Document) -> Kind | None:
    try:
        return Kind(str(doc.data.get("kind")))
    except ValueError:
        return None


class DocumentRule(Protocol):
    @property
    def name(self) -> str: ...

    def check(self, doc: Document) -> Iterable[Issue]: ...


@dataclass(frozen=True)
class RequiredKeys:
    name: str = "required-key"

    def check(self, doc: Document) -> Iterable[Issue]:
        kind = _kind(doc)
        needed = COMMON_REQUIRED + (KIND_REQUIRED[kind] if kind else ())
        for required in needed:
            keys = required.split("|")
            if all(doc.data.get(key) in (None, "") for key in keys):
                yield _error(doc.file, doc.line, self.name,
                             f"missing required key {' or '.join(map(repr, keys))}",
                             "see docs/measure-format.md for the keys of each kind")


@dataclass(frozen=True)
class UnknownKeys:
    name: str = "unknown-key"

    def check(self, doc: Document) -> Iterable[Issue]:
        kind = _kind(doc)
        if kind is None:
            return
        allowed = (COMMON_REQUIRED + COMMON_OPTIONAL
                   + tuple(k for required in KIND_REQUIRED[kind] for k in required.split("|"))
                   + KIND_OPTIONAL.get(kind, ()))
        for key in doc.data:
            if str(key) not in allowed:
                yield _error(doc.file, doc.line_of(str(key)), self.name,
                             f"unknown key {key!r} for a {kind} measure",
                             _near(str(key), allowed) or "allowed: " + ", ".join(allowed))


@dataclass(frozen=True)
class OnePriorGroup:
    """A progress measure names its prior-attainment groups once: its own expression
    (prior_group) or another progress measure's (prior_group_of), not both."""

    name: str = "prior-group"

    def check(self, doc: Document) -> Iterable[Issue]:
        if _kind(doc) is Kind.PROGRESS and all(doc.data.get(k) not in (None, "")
                                               for k in ("prior_group", "prior_group_of")):
            yield _error(doc.file, doc.line_of("prior_group_of"), self.name,
                         "both prior_group and prior_group_of given",
                         "keep one: the expression, or the measure whose groups to use")


@dataclass(frozen=True)
class IdFormat:
    name: str = "id-format"

    def check(self, doc: Document) -> Iterable[Issue]:
        value = doc.data.get("id")
        if value is not None and not ID_PATTERN.match(str(value)):
            yield _error(doc.file, doc.line_of("id"), self.name, f"id {value!r} is not "
                         "snake_case", "use lower-case letters, digits and _, starting "
                         "with a letter")


@dataclass(frozen=True)
class FileNameIsId:
    name: str = "file-name"

    def check(self, doc: Document) -> Iterable[Issue]:
        value = doc.data.get("id")
        if value is not None and doc.path.stem != str(value):
            yield _error(doc.file, doc.line_of("id"), self.name, f"file name {doc.path.name} "
                         f"does not match id {value!r}", f"rename the file to {value}.yaml")


@dataclass(frozen=True)
class KnownKind:
    name: str = "unknown-kind"

    def check(self, doc: Document) -> Iterable[Issue]:
        value = doc.data.get("kind")
        if value is not None and _kind(doc) is None:
            kinds = [k.value for k in Kind]
            yield _error(doc.file, doc.line_of("kind"), self.name, f"unknown kind {value!r}",
                         _near(str(value), kinds) or "kinds: " + ", ".join(kinds))


@dataclass(frozen=True)
class KnownDataset:
    name: str = "unknown-dataset"

    def check(self, doc: Document) -> Iterable[Issue]:
        value = doc.data.get("dataset")
        if value is not None and str(value) not in PUPIL_RESULT_DATASETS:
            yield _error(doc.file, doc.line_of("dataset"), self.name,
                         f"dataset {value!r} is not a pupil results dataset",
                         _near(str(value), PUPIL_RESULT_DATASETS)
                         or "datasets: " + ", ".join(PUPIL_RESULT_DATASETS))


@dataclass(frozen=True)
class WellFormedYears:
    name: str = "years"

    def check(self, doc: Document) -> Iterable[Issue]:
        for key in ("years", "outlier_years"):
            if doc.data.get(key) is None:
                continue
            try:
                parse_years(doc.data[key])
            except (ValueError, TypeError) as err:
                yield _error(doc.file, doc.line_of(key), self.name, f"{key}: {err}",
                             f"e.g. {key}: {{from: 2016, to: 2019, except: [2020]}}")


@dataclass(frozen=True)
class KeyValueTypes:
    name: str = "key-type"

    def check(self, doc: Document) -> Iterable[Issue]:
        data = doc.data
        for key in NUMERIC_KEYS:
            value = data.get(key)
            if value is not None and (isinstance(value, bool)
                                      or not isinstance(value, (int, float))):
                yield _error(doc.file, doc.line_of(key), self.name, f"{key} must be a number, "
                             f"not {value!r}")
        if data.get("country") is not None and str(data["country"]) not in set(Country):
            yield _error(doc.file, doc.line_of("country"), self.name, f"country "
                         f"{data['country']!r} is not england, wales or both")
        if data.get("sd") is not None and str(data["sd"]) not in ("national", "group"):
            yield _error(doc.file, doc.line_of("sd"), self.name, "sd must be national or group")
        try:
            parse_params(data.get("params"))
        except (ValueError, TypeError) as err:
            yield _error(doc.file, doc.line_of("params"), self.name, str(err),
                         "e.g. params: {threshold: {2012: 32, default: 32}}")


MEASURE_DOCUMENT_RULES: tuple[DocumentRule, ...] = (
    RequiredKeys(), UnknownKeys(), OnePriorGroup(), IdFormat(), FileNameIsId(), KnownKind(),
    KnownDataset(), WellFormedYears(), KeyValueTypes(),
)


@dataclass(frozen=True)
class GroupKeys:
    name: str = "group-key"

    def check(self, doc: Document) -> Iterable[Issue]:
        for key in ("id", "filter"):
            if doc.data.get(key) in (None, ""):
                yield _error(doc.file, doc.line, self.name, f"group is missing {key!r}")
        for key in doc.data:
            if str(key) not in GROUP_KEYS:
                yield _error(doc.file, doc.line_of(str(key)), self.name, f"unknown group key "
                             f"{key!r}", _near(str(key), GROUP_KEYS) or "keys: "
                             + ", ".join(GROUP_KEYS))
        value = doc.data.get("id")
        if value is not None and not ID_PATTERN.match(str(value)):
            yield _error(doc.file, doc.line_of("id"), self.name, f"group id {value!r} is not "
                         "snake_case")
        datasets = doc.data.get("datasets")
        if datasets is not None and not isinstance(datasets, list):
            yield _error(doc.file, doc.line_of("datasets"), self.name, "datasets must be a "
                         "list, e.g. [ks2, ks4]")


GROUP_DOCUMENT_RULES: tuple[DocumentRule, ...] = (GroupKeys(),)


@dataclass(frozen=True)
class CatalogueView:
    measures: tuple[MeasureSpec, ...]
    groups: tuple[GroupSpec, ...]

    def measure_ids(self) -> Mapping[str, MeasureSpec]:
        return {m.id: m for m in self.measures}


class CatalogueRule(Protocol):
    @property
    def name(self) -> str: ...

    def check(self, view: CatalogueView) -> Iterable[Issue]: ...
