"""Pupil-level templates: one per pupil dataset, generated from attain.domain.datasets.

A template's columns are the dataset's columns, each with a human header (the file may use
it or the column name), its type, whether it is required (the dataset's non-nullable
columns) and the values it accepts (definitions/mappings/pupil_templates.yaml).
Files carry pseudonymous pupil ids only: a column that looks like a UPN, ULN, name or date
of birth is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from attain.domain.datasets import DATASETS, PUPIL_RESULT_DATASETS, Column, ColumnType
from attain.ingest.codes import load_yaml, mappings_dir

KIND_PREFIX = "pupils-"
# The census dataset is called `pupils`; its template kind reads better as pupils-census.
_KIND_NAMES = {"pupils": "census"}
TEMPLATE_DATASETS = ("pupils", *PUPIL_RESULT_DATASETS)

_WORDS = {
    "urn": "URN", "la": "LA", "nc": "NC", "fsm": "FSM", "sen": "SEN", "lac": "LAC",
    "eal": "EAL", "ks1": "KS1", "ks2": "KS2", "aps": "APS", "ta": "TA", "gps": "GPS",
    "elg": "ELG", "psed": "PSED", "cll": "CLL", "psrn": "PSRN", "kuw": "KUW", "pd": "PD",
    "cd": "CD", "lct": "LCT", "lsl": "LSL", "nlc": "NLC", "ssm": "SSM", "da": "DA",
    "sd": "SD", "ed": "ED", "psd": "PSD", "lce": "LCE", "lcw": "LCW", "mdt": "MDT",
    "att8": "Attainment 8", "p8": "Progress 8", "ebac": "EBacc", "ebacc": "EBacc",
    "emss": "EMSS", "l3": "L3", "id": "ID", "num": "number", "writ": "writing",
    "read": "reading", "mat": "maths", "eng": "English", "sci": "science", "a": "A",
    "c": "C", "g": "G", "n": "number", "cl1": "CL1", "cl2": "CL2", "cl3": "CL3",
    "lit1": "Lit1", "lit2": "Lit2", "lit3": "Lit3", "mat1": "Mat1", "mat2": "Mat2",
    "uw1": "UW1", "uw2": "UW2", "uw3": "UW3", "ead1": "EAD1", "ead2": "EAD2",
    "psed1": "PSED1", "psed2": "PSED2", "psed3": "PSED3", "pd1": "PD1", "pd2": "PD2",
    "r": "R", "w": "W", "c9": "C9",
}

_HEADERS = {
    "n_a_c": "Number of GCSEs A*-C (9-4)", "n_a_g": "Number of GCSEs A*-G (9-1)",
    "n_a_a": "Number of GCSEs A*-A (9-7)", "year": "Year (academic year end)",
}

# Headers that name personal data (normalised: lower case, letters and digits only).
_PERSONAL = re.compile(
    r"^(upn|uniquepupilnumber|formerupn|uln|uniquelearnernumber|name|pupilname|"
    r"studentname|childname|fullname|forename|forenames|firstname|givenname|surname|"
    r"lastname|familyname|legalsurname|legalforename|preferredsurname|preferredforename|"
    r"middlename|middlenames|dob|dateofbirth|birthdate|postcode|address|homeaddress)$")
# A UPN is a check letter, 11 digits and a digit or letter (temporary UPNs): 13 characters.
UPN = r"^[A-Za-z]\d{11}[0-9A-Za-z]$"


@dataclass(frozen=True)
class Rule:
    """What a cell may hold beyond its type."""

    values: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None

    def describe(self) -> str:
        if self.values:
            return ", ".join(self.values)
        if self.pattern == r"\d{3}":
            return "three digits, e.g. 882"
        if self.minimum is not None and self.maximum is not None:
            return f"{_num(self.minimum)} to {_num(self.maximum)}"
        if self.minimum is not None:
            return f"{_num(self.minimum)} or more"
        return ""


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass(frozen=True)
class TemplateColumn:
    name: str
    header: str
    type: ColumnType
    required: bool
    description: str
    rule: Rule

    def allowed(self) -> str:
        if self.name == "pupil_id":
            return "your own pseudonymous id, stable across years (never a UPN or a name)"
        described = self.rule.describe()
        if self.type is ColumnType.BOOL:
            return "Y or N (also yes/no, true/false, 1/0)"
        if described:
            return described
        return {ColumnType.INT: "a whole number", ColumnType.FLOAT: "a number"}.get(
            self.type, "any text")


@dataclass(frozen=True)
class Template:
    dataset: str
    kind: str
    description: str
    columns: tuple[TemplateColumn, ...]

    @property
    def required(self) -> tuple[TemplateColumn, ...]:
        return tuple(c for c in self.columns if c.required)

    def column_for(self, header: str) -> TemplateColumn | None:
        key = normalise(header)
        return next((c for c in self.columns
                     if key in (normalise(c.name), normalise(c.header))), None)


def normalise(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def looks_personal(header: str) -> bool:
    return bool(_PERSONAL.match(normalise(header)))


def human_header(name: str) -> str:
    if name in _HEADERS:
        return _HEADERS[name]
    words = [_WORDS.get(w, w) for w in name.split("_")]
    text = " ".join(words)
    return text[0].upper() + text[1:]


def kind_of(dataset: str) -> str:
    return KIND_PREFIX + _KIND_NAMES.get(dataset, dataset)


def _rule(raw: dict[str, Any] | None) -> Rule:
    raw = raw or {}
    values = tuple(str(v) for v in raw.get("values", []))
    low, high = raw.get("min"), raw.get("max")
    return Rule(values, None if low is None else float(low),
                None if high is None else float(high),
                None if raw.get("pattern") is None else str(raw["pattern"]))


def _column(dataset: str, column: Column, rules: dict[str, Any]) -> TemplateColumn:
    rule = (rules.get("datasets") or {}).get(dataset, {}).get(column.name)
    if rule is None:
        rule = (rules.get("common") or {}).get(column.name)
    return TemplateColumn(column.name, human_header(column.name), column.type,
                          not column.nullable, column.description, _rule(rule))


@cache
def templates() -> tuple[Template, ...]:
    rules = load_yaml(mappings_dir() / "pupil_templates.yaml")
    out = []
    for name in TEMPLATE_DATASETS:
        ds = DATASETS[name]
        out.append(Template(name, kind_of(name), ds.description,
                            tuple(_column(name, c, rules) for c in ds.columns)))
    return tuple(out)


def template_for_kind(kind: str) -> Template | None:
    return next((t for t in templates() if t.kind == kind), None)
