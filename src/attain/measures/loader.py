"""Read measure and group YAML with line numbers (attain.measures.lined_yaml) and build
specs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from attain.measures import lined_yaml
from attain.measures.spec import (
    Country,
    GroupSpec,
    Issue,
    Kind,
    MeasureSpec,
    Origin,
    Param,
    Severity,
    YearRange,
)

_YAML = YAML(typ="rt")


@dataclass(frozen=True)
class Document:
    """One YAML mapping (a measure file, or one entry of groups.yaml) and its lines."""

    file: str
    path: Path
    data: Mapping[str, Any]
    line: int

    def line_of(self, key: str) -> int:
        lines = getattr(self.data, "key_lines", {})
        return int(lines.get(key, self.line))

    def origin(self) -> Origin:
        return Origin(self.file, self.line, tuple((str(k), self.line_of(str(k)))
                                                  for k in self.data))


def display_name(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def read_yaml(path: Path, file: str) -> tuple[Any, Issue | None]:
    """The parsed YAML (ruamel's round trip, with `lc`), or an issue with the line of the
    syntax error."""
    return _read(path, file, _YAML.load)


def read_lined_yaml(path: Path, file: str) -> tuple[Any, Issue | None]:
    """The parsed YAML as attain.measures.lined_yaml values, or an issue with the line of
    the syntax error."""
    return _read(path, file, lined_yaml.load)


def _read(path: Path, file: str, load: Callable[[str], Any]) -> tuple[Any, Issue | None]:
    try:
        text = path.read_text(encoding="utf-8")
        return load(text), None
    except (MarkedYAMLError, yaml.MarkedYAMLError) as err:
        # At the end of the file the useful line is where the unclosed thing started.
        at_end = "end of stream" in str(err.problem or "")
        mark = (err.context_mark if at_end else None) or err.problem_mark or err.context_mark
        line = mark.line + 1 if mark is not None else None
        return None, Issue(Severity.ERROR, file, line, "yaml-syntax",
                           f"invalid YAML: {err.problem or err.context}",
                           "check indentation, colons and quotes around expressions")
    except (YAMLError, yaml.YAMLError, UnicodeDecodeError) as err:
        return None, Issue(Severity.ERROR, file, None, "yaml-syntax", f"invalid YAML: {err}",
                           "save the file as UTF-8 YAML")


def _mapping_line(data: Any) -> int:
    return int(getattr(data, "line", 1))


def read_measure_documents(root: Path) -> tuple[list[Document], list[Issue]]:
    docs: list[Document] = []
    issues: list[Issue] = []
    for path in sorted((root / "measures").rglob("*.yaml")):
        file = display_name(path, root)
        data, issue = read_lined_yaml(path, file)
        if issue is not None:
            issues.append(issue)
        elif not isinstance(data, Mapping):
            issues.append(Issue(Severity.ERROR, file, 1, "yaml-structure", "a measure file must "
                                "be a mapping of keys (id: ..., title: ...)",
                                "see docs/measure-format.md"))
        else:
            docs.append(Document(file, path, data, _mapping_line(data)))
    return docs, issues


def read_group_documents(root: Path) -> tuple[list[Document], list[Issue]]:
    path = root / "groups.yaml"
    file = display_name(path, root)
    if not path.exists():
        return [], [Issue(Severity.ERROR, file, None, "groups-missing", "groups.yaml not found",
                          "create it with at least the group 'all'")]
    data, issue = read_lined_yaml(path, file)
    if issue is not None:
        return [], [issue]
    entries = data.get("groups") if isinstance(data, Mapping) else None
    if not isinstance(entries, list):
        return [], [Issue(Severity.ERROR, file, 1, "yaml-structure", "groups.yaml must have a "
                          "list under 'groups:'", "see docs/measure-format.md")]
    docs, issues = [], []
    for index, entry in enumerate(entries):
        lines = getattr(entries, "item_lines", ())
        line = int(lines[index]) if index < len(lines) else 1
        if isinstance(entry, Mapping):
            docs.append(Document(file, path, entry, line))
        else:
            issues.append(Issue(Severity.ERROR, file, line, "yaml-structure", "each group must "
                                "be a mapping (id, title, filter)", "see docs/measure-format.md"))
    return docs, issues


def parse_years(value: Any) -> YearRange:
    """Years from `{from, to, except}`; raises ValueError/TypeError when malformed."""
    if isinstance(value, int) and not isinstance(value, bool):
        return YearRange(value, value)
    if not isinstance(value, Mapping) or "from" not in value:
        raise ValueError("years must be a mapping with 'from' (and optionally 'to', 'except')")
    start, end = value["from"], value.get("to")
    excluded = value.get("except") or []
    for year in [start, end, *excluded]:
        if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
            raise TypeError(f"year {year!r} is not a whole number")
    if end is not None and end < start:
        raise ValueError(f"years 'to' ({end}) is before 'from' ({start})")
    return YearRange(int(start), None if end is None else int(end),
                     tuple(sorted(int(y) for y in excluded)))


def parse_params(value: Any) -> tuple[Param, ...]:
    if not value:
        return ()
    if not isinstance(value, Mapping):
        raise ValueError("params must be a mapping of name: {default: ..., <year>: ...}")
    params = []
    for name, spec in value.items():
        if not isinstance(spec, Mapping) or "default" not in spec:
            raise ValueError(f"parameter {name!r} needs a default, e.g. {{default: 32}}")
        by_year = tuple(sorted((int(k), v) for k, v in spec.items() if k != "default"))
        params.append(Param(str(name), spec["default"], by_year))
    return tuple(params)


def _text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    return None if value is None else str(value)


def _number(data: Mapping[str, Any], key: str, default: float | None = None) -> float | None:
    value = data.get(key)
    return default if value is None else float(value)


def measure_from_document(doc: Document, others: Mapping[str, Mapping[str, Any]]
                          ) -> MeasureSpec:
    """Build a spec from a document that passed the structural rules. `others`: every such
    document's data by measure id, for what a document takes from another (a gap's
    dataset, a progress measure's prior_group_of)."""
    d = doc.data
    kind = Kind(d["kind"])
    of, groups_of = others.get(str(d.get("of")), {}), others.get(str(d.get("prior_group_of")), {})
    dataset = _text(d, "dataset") or _text(of, "dataset") or ""
    return MeasureSpec(
        id=str(d["id"]), title=str(d["title"]), dataset=dataset, kind=kind,
        years=parse_years(d["years"]), origin=doc.origin(),
        key_stage=str(d.get("key_stage") or ""), era=str(d.get("era") or ""),
        country=Country(str(d.get("country") or "both")), cohort=_text(d, "cohort"),
        higher_is_better=bool(d.get("higher_is_better", True)), unit=str(d.get("unit") or ""),
        decimals=int(d.get("decimals", 1)), params=parse_params(d.get("params")),
        source=str(d.get("source") or ""), notes=str(d.get("notes") or ""),
        numerator=_text(d, "numerator"), denominator=_text(d, "denominator"),
        value=_text(d, "value"), per=_number(d, "per"), prior=_text(d, "prior"),
        outcome=_text(d, "outcome"), steps=_number(d, "steps"),
        prior_group=_text(d, "prior_group") or _text(groups_of, "prior_group"),
        prior_group_of=_text(d, "prior_group_of"), estimate_cohort=_text(d, "estimate_cohort"),
        divisor=_number(d, "divisor", 1.0) or 1.0, outlier_z=_number(d, "outlier_z"),
        outlier_years=(parse_years(d["outlier_years"]) if d.get("outlier_years") is not None
                       else None),
        sd=str(d.get("sd") or "national"), of=_text(d, "of"), group_a=_text(d, "group_a"),
        group_b=_text(d, "group_b"), percentile=_number(d, "percentile", 20.0) or 20.0,
    )


def group_from_document(doc: Document) -> GroupSpec:
    d = doc.data
    datasets = d.get("datasets")
    return GroupSpec(
        id=str(d["id"]), title=str(d.get("title") or d["id"]), filter=str(d["filter"]),
        origin=doc.origin(), partition=_text(d, "partition"),
        datasets=None if datasets is None else tuple(str(x) for x in datasets),
    )
