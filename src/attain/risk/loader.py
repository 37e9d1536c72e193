"""Read framework YAML into attain.domain.risk values; every problem is an issue at file:line.

A file with any error gives no framework, so nothing is evaluated with a broken rule set.
The format is documented in docs/risk.md.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from attain.domain.risk import (
    KEYS_BY_SOURCE,
    MEASURE_FIELDS,
    AllOf,
    AnyOf,
    Category,
    Condition,
    Framework,
    InputRef,
    Matrix,
    MatrixCell,
    NotOf,
    Op,
    Operand,
    Scalar,
    Source,
    Test,
)
from attain.measures.catalogue import DEFINITIONS
from attain.measures.loader import read_yaml
from attain.measures.spec import Issue, Severity

FRAMEWORKS = DEFINITIONS / "frameworks"
TOP_KEYS = {"id", "title", "source", "years", "country", "phases", "categories", "matrix", "notes"}
CATEGORY_KEYS = {"id", "label", "when", "otherwise", "visits", "support"}
TEST_KEYS = {"measure", "input", "field", "group", "year", "reason"} | {o.value for o in Op}
# Inputs on a grade scale, and the grades that exist on it.
GRADE_RANGES: dict[str, tuple[int, int]] = {
    **{f"self_evaluation:{k}": (1, 4) for k in KEYS_BY_SOURCE[Source.SELF_EVALUATION]},
    "ofsted:overall": (1, 4), "ofsted:worst_judgement": (1, 5),
    "wales:standards_group": (1, 4),
}
VISITS = ("SV1", "SV2", "SV3")


def _line(node: Any, key: object | None = None) -> int | None:
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        if key is not None:
            return int(lc.key(key)[0]) + 1
        return int(lc.line) + 1
    except (KeyError, TypeError, AttributeError, IndexError):
        return int(lc.line) + 1 if lc.line is not None else None


@dataclass
class _Reader:
    file: str
    measures: Collection[str] | None
    issues: list[Issue] = field(default_factory=list)

    def error(self, line: int | None, rule: str, message: str, hint: str = "") -> None:
        self.issues.append(Issue(Severity.ERROR, self.file, line, rule, message, hint))

    def unknown_keys(self, node: Any, allowed: set[str], what: str) -> None:
        for key in node:
            if str(key) not in allowed:
                self.error(_line(node, key), "unknown-key", f"unknown key '{key}' in {what}",
                           f"use one of: {', '.join(sorted(allowed))}")

    # --- conditions -------------------------------------------------------------------
    def condition(self, node: Any, line: int | None) -> Condition | None:
        if not isinstance(node, dict):
            self.error(line, "condition", "a condition must be a mapping",
                       "use a test (measure:/input: with an operator) or all:/any:/not:")
            return None
        combinators = [k for k in ("all", "any", "not") if k in node]
        if combinators:
            return self.combinator(node, combinators)
        return self.test(node)

    def combinator(self, node: Any, keys: list[str]) -> Condition | None:
        if len(keys) != 1 or len(node) != 1:
            self.error(_line(node), "condition", "all:, any: and not: stand alone in a mapping")
            return None
        key = keys[0]
        body = node[key]
        if key == "not":
            inner = self.condition(body, _line(node, key))
            return NotOf(inner) if inner is not None else None
        if not isinstance(body, list) or not body:
            self.error(_line(node, key), "condition", f"{key}: needs a non-empty list")
            return None
        items = [self.condition(item, _line(body) or _line(node, key)) for item in body]
        if any(i is None for i in items):
            return None
        kept = tuple(i for i in items if i is not None)
        return AllOf(kept) if key == "all" else AnyOf(kept)

    def test(self, node: Any) -> Test | None:
        before = len(self.issues)
        self.unknown_keys(node, TEST_KEYS, "a test")
        ref = self.input_ref(node)
        ops = [o for o in Op if o.value in node]
        if len(ops) != 1:
            self.error(_line(node), "operator", "a test needs exactly one operator",
                       f"one of: {', '.join(o.value for o in Op)}")
        if ref is None or len(ops) != 1 or len(self.issues) > before:
            return None
        op = ops[0]
        operand = self.operand(node[op.value], op, _line(node, op.value), ref)
        reason = node.get("reason")
        if operand is None or len(self.issues) > before:
            return None
        return Test(ref, op, operand, str(reason) if reason else None, _line(node) or 0)

    def input_ref(self, node: Any) -> InputRef | None:
        line = _line(node)
        if ("measure" in node) == ("input" in node):
            self.error(line, "input", "a test names exactly one of measure: or input:")
            return None
        offset = node.get("year", 0)
        if not isinstance(offset, int) or offset > 0:
            self.error(_line(node, "year"), "year", f"year: {offset} must be 0 or negative",
                       "year: -1 means the year before the one categorised")
            return None
        if "measure" in node:
            return self.measure_ref(node, int(offset))
        source_text, _, key = str(node["input"]).partition(".")
        try:
            source = Source(source_text)
        except ValueError:
            source = Source.MEASURE
        keys = KEYS_BY_SOURCE.get(source, ())
        if key not in keys:
            known = sorted(f"{s.value}.{k}" for s, ks in KEYS_BY_SOURCE.items() for k in ks)
            self.error(_line(node, "input"), "unknown-input",
                       f"unknown input '{node['input']}'", f"use one of: {', '.join(known)}")
            return None
        return InputRef(source, key, year_offset=int(offset))

    def measure_ref(self, node: Any, offset: int) -> InputRef | None:
        measure = str(node["measure"])
        if self.measures is not None and measure not in self.measures:
            self.error(_line(node, "measure"), "unknown-measure",
                       f"unknown measure '{measure}'", "see `attain measures list`")
            return None
        fld = str(node.get("field", "value"))
        if fld not in MEASURE_FIELDS:
            self.error(_line(node, "field"), "field", f"unknown measure field '{fld}'",
                       f"use one of: {', '.join(MEASURE_FIELDS)}")
            return None
        return InputRef(Source.MEASURE, measure, fld, str(node.get("group", "all")), offset)

    def operand(self, raw: Any, op: Op, line: int | None, ref: InputRef) -> Operand | None:
        if isinstance(raw, dict):
            if set(raw) == {"field"} and str(raw["field"]) in MEASURE_FIELDS \
                    and ref.source is Source.MEASURE:
                return Operand(field=str(raw["field"]))
            if set(raw) == {"by_year"} and isinstance(raw["by_year"], dict):
                pairs = tuple((int(y), self.scalar(v, line, ref)) for y, v in
                              raw["by_year"].items())
                return Operand(by_year=pairs)
            self.error(line, "operand", "a compared value is a number, text, a list, "
                       "{by_year: {YEAR: VALUE}} or {field: FIELD} (measures only)")
            return None
        if isinstance(raw, list):
            if op not in (Op.IN, Op.NOT_IN):
                self.error(line, "operand", f"{op.value} takes one value, not a list",
                           "use in: or not_in: for a list")
                return None
            return Operand(constant=tuple(self.scalar(v, line, ref) for v in raw))
        if op in (Op.IN, Op.NOT_IN):
            self.error(line, "operand", f"{op.value} takes a list")
            return None
        return Operand(constant=self.scalar(raw, line, ref))

    def scalar(self, raw: Any, line: int | None, ref: InputRef) -> Scalar:
        value: Scalar = raw if isinstance(raw, bool | int | float) else str(raw)
        limits = GRADE_RANGES.get(f"{ref.source.value}:{ref.key}")
        if limits is not None and not (isinstance(value, int | float)
                                       and limits[0] <= value <= limits[1]):
            self.error(line, "impossible-grade",
                       f"{value} is not a grade for {ref.source.value}.{ref.key}",
                       f"grades run from {limits[0]} to {limits[1]}")
        return value

    # --- categories, matrix, framework -------------------------------------------------
    def categories(self, node: Any) -> tuple[Category, ...]:
        if not isinstance(node, list) or not node:
            self.error(_line(node), "categories", "categories: needs a non-empty list")
            return ()
        found = [c for item in node if (c := self.category(item)) is not None]
        self.check_categories(node, found)
        return tuple(found)

    def category(self, node: Any) -> Category | None:
        if not isinstance(node, dict) or "id" not in node or "label" not in node:
            self.error(_line(node), "category", "a category needs id: and label:")
            return None
        self.unknown_keys(node, CATEGORY_KEYS, f"category '{node['id']}'")
        visits = tuple(str(v) for v in node.get("visits", ()))
        for visit in visits:
            if visit not in VISITS:
                self.error(_line(node, "visits"), "visits", f"unknown visit '{visit}'",
                           f"use {', '.join(VISITS)}")
        when = None
        if "when" in node:
            when = self.condition(node["when"], _line(node, "when"))
            if when is None:
                return None
        return Category(str(node["id"]), str(node["label"]), when, visits,
                        str(node.get("support", "")))

    def check_categories(self, node: list[Any], found: list[Category]) -> None:
        seen: set[str] = set()
        for item, cat in zip(node, found, strict=False):
            if cat.id in seen:
                self.error(_line(item), "overlapping", f"category '{cat.id}' is listed twice")
            seen.add(cat.id)

    def check_rules_complete(self, node: Any, cats: tuple[Category, ...]) -> None:
        if not cats or len(cats) != len(node):
            return
        for item, cat in zip(node, cats, strict=True):
            if cat.when is None and not item.get("otherwise"):
                self.error(_line(item), "incomplete",
                           f"category '{cat.id}' has no when:; say otherwise: true")
        if cats[-1].when is not None:
            self.error(_line(node[-1]), "incomplete",
                       "the last category must be otherwise: true, so every school gets one")
        for item, cat in zip(node[:-1], cats[:-1], strict=False):
            if cat.when is None:
                self.error(_line(item), "overlapping", f"otherwise category '{cat.id}' "
                           "must be last: the categories after it could never apply")

    def matrix(self, node: Any, cats: tuple[Category, ...]) -> Matrix | None:
        before = len(self.issues)
        self.unknown_keys(node, {"rows", "columns", "cells", "unconfirmed"}, "matrix")
        axes = [self.axis(node.get(k), _line(node, k) or _line(node)) for k in
                ("rows", "columns")]
        cells_node = node.get("cells")
        if not isinstance(cells_node, dict):
            self.error(_line(node), "matrix", "matrix: needs cells: {ROW: {COLUMN: CATEGORY}}")
            return None
        if axes[0] is None or axes[1] is None or len(self.issues) > before:
            return None
        (rows, row_values), (cols, col_values) = axes[0], axes[1]
        unconfirmed = {str(c) for c in node.get("unconfirmed", ())}
        ids = {c.id for c in cats}
        cells: list[MatrixCell] = []
        for r in row_values:
            row = cells_node.get(r, cells_node.get(int(r)) if r.isdigit() else None)
            for c in col_values:
                category = row.get(c) if isinstance(row, dict) else None
                if category is None:
                    self.error(_line(row) if isinstance(row, dict) else _line(cells_node),
                               "incomplete", f"matrix cell {r}{c} is missing",
                               "give a category for every row and column")
                elif str(category) not in ids:
                    self.error(_line(row), "unknown-category",
                               f"matrix cell {r}{c}: unknown category '{category}'")
                else:
                    cells.append(MatrixCell(r, c, str(category), f"{r}{c}" not in unconfirmed))
        extra = {str(k) for k in cells_node} - set(row_values)
        if extra:
            self.error(_line(cells_node), "matrix", f"rows not in rows.values: {sorted(extra)}")
        if len(self.issues) > before:
            return None
        return Matrix(rows, cols, row_values, col_values, tuple(cells))

    def axis(self, node: Any, line: int | None) -> tuple[InputRef, tuple[str, ...]] | None:
        if not isinstance(node, dict) or "input" not in node or \
                not isinstance(node.get("values"), list):
            self.error(line, "matrix", "rows: and columns: need input: and values: [..]")
            return None
        ref = self.input_ref({"input": node["input"]})
        values = tuple(str(v) for v in node["values"])
        if len(set(values)) != len(values):
            self.error(line, "overlapping", "matrix values are listed twice")
        return (ref, values) if ref is not None else None

    def framework(self, data: Any) -> Framework | None:
        if not isinstance(data, dict):
            self.error(1, "framework", "a framework file is a mapping")
            return None
        self.unknown_keys(data, TOP_KEYS, "a framework")
        for key in ("id", "title", "source", "categories"):
            if key not in data:
                self.error(_line(data), "missing", f"missing {key}:")
        if self.issues:
            return None
        cats = self.categories(data["categories"])
        matrix = None
        if "matrix" in data:
            matrix = self.matrix(data["matrix"], cats)
        else:
            self.check_rules_complete(data["categories"], cats)
        years = data.get("years") or {}
        if self.issues:
            return None
        first, last = years.get("from"), years.get("to")
        country = data.get("country")
        if country not in (None, "E", "W"):
            self.error(_line(data, "country"), "country", f"country {country} is not E or W")
            return None
        return Framework(str(data["id"]), str(data["title"]), " ".join(str(data["source"])
                         .split()), int(first) if first is not None else None,
                         int(last) if last is not None else None, cats, matrix, self.file,
                         country, tuple(str(p) for p in data.get("phases") or ()))


def load_file(path: Path, measures: Collection[str] | None = None,
              name: str | None = None) -> tuple[Framework | None, list[Issue]]:
    """A framework, or None and every issue found (file:line)."""
    file = name or path.name
    data, issue = read_yaml(path, file)
    if issue is not None:
        return None, [issue]
    reader = _Reader(file, measures)
    framework = reader.framework(data)
    return (framework if not reader.issues else None), reader.issues


def load_frameworks(folders: tuple[Path, ...] = (FRAMEWORKS,),
                    measures: Collection[str] | None = None,
                    ) -> tuple[dict[str, Framework], list[Issue]]:
    """Every framework in the folders (built-in first, then an LA's own), and issues."""
    found: dict[str, Framework] = {}
    issues: list[Issue] = []
    for folder in folders:
        for path in sorted(folder.glob("*.yaml")):
            framework, problems = load_file(path, measures, str(path.name))
            issues += problems
            if framework is None:
                continue
            if framework.id in found:
                issues.append(Issue(Severity.ERROR, path.name, 1, "duplicate-framework",
                                    f"framework id '{framework.id}' is also in "
                                    f"{found[framework.id].file}"))
                continue
            found[framework.id] = framework
    return found, issues
