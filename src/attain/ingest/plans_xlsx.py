"""The XLSX plan template: one sheet per level, drop-down lists in the coded cells.

Rows are tied together by position keys: a priority's key is "1", its objectives' "1.1",
"1.2", their actions' "1.1.1"... Child sheets name their parent's key. Lists (key issues,
lead partners, notes) hold one item per line in a cell. Reading builds the same plan tree
as the YAML format, so every problem is reported with its sheet, row and column and the
whole import fails if there is any.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from attain.domain import plans as m
from attain.domain.results import Level
from attain.errors import Location
from attain.ingest.plans_tree import PlanImportError, Problem, TreePath, plan_tree
from attain.ingest.plans_yaml import read_tree

PLAN_FIELDS = ("id", "title", "organisation", "period", "owner", "status", "version",
               "version_date", "cadence", "description", "monitoring", "source", "notes")
LISTS = {"notes", "key_issues", "lead_partners"}
CHOICES = {
    "status": None,  # depends on the sheet: see _choices
    "cadence": [c.value for c in m.Cadence],
    "actor": [a.value for a in m.ActorType],
    "rag": [r.value for r in m.Rag],
    "level": [v.value for v in Level],
    "comparator_level": [v.value for v in Level],
    "comparator_rule": [r.value for r in m.ComparatorRule],
    "comparator_family": ["yes", "no"],
    "per_year": ["yes", "no"],
}


YES_NO = {"per_year", "comparator_family"}
COMPARATOR_KEYS = ("rule", "label", "level", "area", "by", "family")


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[str, ...]


SHEETS = (
    Sheet("Plan roles", ("role", "name")),
    Sheet("Priorities", ("key", "ref", "title", "aim", "description", "key_issues",
                         "success_criteria")),
    Sheet("Priority roles", ("priority", "role", "name")),
    Sheet("Objectives", ("key", "priority", "ref", "text")),
    Sheet("Measures", ("priority", "objective", "text", "measure", "level", "area", "group",
                       "baseline_year", "baseline_value", "target_year", "target_value",
                       "comparator_rule", "comparator_label", "comparator_level",
                       "comparator_area", "comparator_by", "comparator_family")),
    Sheet("Actions", ("key", "objective", "ref", "text", "actor", "lead_partners",
                      "responsible", "resources", "source_plan", "start", "target",
                      "date_note", "status", "hold_reason")),
    Sheet("Costs", ("action", "amount", "funding_source", "per_year")),
    Sheet("Milestones", ("action", "text", "due")),
    Sheet("Progress", ("objective", "action", "on", "text", "author", "rag")),
    Sheet("Reviews", ("key", "held_on", "reviewer", "notes", "next_review")),
    Sheet("Review items", ("review", "priority", "objective", "progress", "next_steps",
                           "rag")),
)


# ---- writing -------------------------------------------------------------------------

def save(plan: m.Plan, path: Path) -> None:
    tree = plan_tree(plan)
    rows = _rows(tree)
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "Plan"
    first.append(["field", "value"])
    for field in PLAN_FIELDS:
        value = tree.get(field)
        first.append([field, _cell(field, value)])
    _validate(first, "status", [s.value for s in m.PlanStatus], column=2,
              rows=[PLAN_FIELDS.index("status") + 2])
    _validate(first, "cadence", CHOICES["cadence"] or [], column=2,
              rows=[PLAN_FIELDS.index("cadence") + 2])
    for sheet in SHEETS:
        page = book.create_sheet(sheet.name)
        page.append(list(sheet.columns))
        for row in rows[sheet.name]:
            page.append([_cell(c, row.get(c)) for c in sheet.columns])
        for index, column in enumerate(sheet.columns, 1):
            choices = _choices(sheet.name, column)
            if choices:
                _validate(page, column, choices, column=index)
    book.save(path)


def _choices(sheet: str, column: str) -> list[str] | None:
    if column == "status":
        return [s.value for s in m.ActionStatus] if sheet == "Actions" else None
    return CHOICES.get(column)


def _validate(page: Worksheet, name: str, choices: list[str], column: int,
              rows: list[int] | None = None) -> None:
    rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"',
                          allow_blank=True, showErrorMessage=True,
                          errorTitle=f"Unknown {name}", error=f"Choose one of the {name} list.")
    letter = get_column_letter(column)
    if rows:
        for row in rows:
            rule.add(f"{letter}{row}")
    else:
        rule.add(f"{letter}2:{letter}5000")
    page.add_data_validation(rule)


def _cell(column: str, value: Any) -> Any:
    if value is None:
        return None
    if column in LISTS and isinstance(value, list):
        return "\n".join(value)
    if column in YES_NO:
        return "yes" if value else None
    return value


def _rows(tree: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {s.name: [] for s in SHEETS}
    rows["Plan roles"] = list(tree.get("roles", []))
    for pi, priority in enumerate(tree.get("priorities", []), 1):
        pkey = str(pi)
        rows["Priorities"].append({"key": pkey, **priority})
        rows["Priority roles"] += [{"priority": pkey, **r} for r in priority.get("roles", [])]
        rows["Measures"] += [_measure_row(pkey, "", x) for x in priority.get("measures", [])]
        for oi, objective in enumerate(priority.get("objectives", []), 1):
            okey = f"{pkey}.{oi}"
            rows["Objectives"].append({"key": okey, "priority": pkey, **objective})
            rows["Measures"] += [_measure_row(pkey, okey, x)
                                 for x in objective.get("measures", [])]
            rows["Progress"] += [{"objective": okey, **e} for e in objective.get("progress", [])]
            for ai, action in enumerate(objective.get("actions", []), 1):
                akey = f"{okey}.{ai}"
                rows["Actions"].append({"key": akey, "objective": okey, **action})
                rows["Costs"] += [{"action": akey, **c} for c in action.get("costs", [])]
                rows["Milestones"] += [{"action": akey, **s} for s in action.get("milestones", [])]
                rows["Progress"] += [{"objective": okey, "action": akey, **e}
                                     for e in action.get("progress", [])]
    for ri, review in enumerate(tree.get("reviews", []), 1):
        rows["Reviews"].append({"key": str(ri), **review})
        rows["Review items"] += [{"review": str(ri), **i} for i in review.get("objectives", [])]
    return rows


def _measure_row(pkey: str, okey: str, measure: dict[str, Any]) -> dict[str, Any]:
    row = {"priority": pkey, "objective": okey, **measure}
    for part in ("baseline", "target"):
        point = row.pop(part, None) or {}
        row[f"{part}_year"], row[f"{part}_value"] = point.get("year"), point.get("value")
    comparator = row.pop("comparator", None) or {}
    for key in COMPARATOR_KEYS:
        row[f"comparator_{key}"] = comparator.get(key)
    return row


# ---- reading -------------------------------------------------------------------------

def load(path: Path, known_measures: Collection[str] | None = None) -> m.Plan:
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # noqa: BLE001 - any unreadable file is the user's to fix
        where = Location(path.name)
        raise PlanImportError(path.name, [Problem(where, f"not a readable .xlsx file ({err})")]
                              ) from None
    reader = _Assembler(path.name)
    tree = reader.assemble(book)
    book.close()
    if reader.problems:
        raise PlanImportError(path.name, reader.problems)
    return read_tree(tree, reader.locate, known_measures, path.name)


class _Assembler:
    """Turns the sheets into a plan tree, remembering where each tree node came from."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.places: dict[TreePath, tuple[str, int, dict[str, str]]] = {}
        self.problems: list[Problem] = []

    def locate(self, path: TreePath) -> Location:
        for size in range(len(path), -1, -1):
            place = self.places.get(path[:size])
            if place is not None:
                sheet, row, headers = place
                field = next((p for p in reversed(path[size:]) if isinstance(p, str)), None)
                column = _column_name(field, path[size:], headers)
                return Location(f"{self.file} sheet '{sheet}'", row, column)
        return Location(self.file)

    def fail(self, sheet: str, row: int, column: str, what: str) -> None:
        self.problems.append(Problem(Location(f"{self.file} sheet '{sheet}'", row, column), what))

    def assemble(self, book: Any) -> dict[str, Any]:
        tree = self._plan_sheet(book)
        sheets = {s.name: self._table(book, s) for s in SHEETS}
        _attach(self, tree, sheets)
        return tree

    def _plan_sheet(self, book: Any) -> dict[str, Any]:
        if "Plan" not in book.sheetnames:
            self.fail("Plan", 1, "", "the 'Plan' sheet is missing")
            return {}
        tree: dict[str, Any] = {}
        headers = {f: "value" for f in PLAN_FIELDS}
        for number, row in enumerate(book["Plan"].iter_rows(min_row=2, values_only=True), 2):
            if not row or row[0] is None:
                continue
            field, value = str(row[0]).strip(), _value(row[1] if len(row) > 1 else None)
            if value is None:
                continue
            tree[field] = value.split("\n") if field in LISTS else value
            self.places[(field,)] = ("Plan", number, headers)
        self.places[()] = ("Plan", 1, headers)
        return tree

    def _table(self, book: Any, sheet: Sheet) -> list[tuple[int, dict[str, Any]]]:
        if sheet.name not in book.sheetnames:
            return []
        rows = book[sheet.name].iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        for name in header:
            if name and name not in sheet.columns:
                self.fail(sheet.name, 1, name, f"unknown column '{name}'")
        found = []
        for number, row in enumerate(rows, 2):
            values = {h: _value(v) for h, v in zip(header, row, strict=False) if h}
            values = {k: v for k, v in values.items() if v is not None}
            if values:
                found.append((number, values))
        return found


def _value(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _column_name(field: str | None, rest: TreePath, headers: dict[str, str]) -> str:
    if field is None:
        return ""
    strings = [p for p in rest if isinstance(p, str)]
    if len(strings) >= 2 and strings[0] in ("baseline", "target", "comparator"):
        return headers.get(f"{strings[0]}_{strings[-1]}", f"{strings[0]}_{strings[-1]}")
    return headers.get(field, field)


# ---- tying child rows to their parents -----------------------------------------------

Rows = list[tuple[int, dict[str, Any]]]


class _Linker:
    def __init__(self, asm: _Assembler, tree: dict[str, Any]) -> None:
        self.asm, self.tree = asm, tree
        self.headers = {s.name: {c: c for c in s.columns} for s in SHEETS}
        self.index: dict[str, dict[str, TreePath]] = {
            "priority": {}, "objective": {}, "action": {}, "review": {}}

    def add(self, parent: TreePath, key: str, sheet: str, number: int, item: dict[str, Any]
            ) -> TreePath:
        items = _node(self.tree, parent).setdefault(key, [])
        items.append(item)
        path = (*parent, key, len(items) - 1)
        self.asm.places[path] = (sheet, number, self.headers[sheet])
        return path

    def parent(self, kind: str, sheet: str, number: int, row: dict[str, Any],
               required: bool = True) -> TreePath | None:
        key = row.pop(kind, None)
        if key is None:
            if required:
                self.asm.fail(sheet, number, kind, f"'{kind}' (the key of its parent row) is "
                              "required")
            return None
        found = self.index[kind].get(str(key))
        if found is None:
            self.asm.fail(sheet, number, kind, f"no {kind} with key '{key}'")
        return found

    def register(self, kind: str, key: str, path: TreePath, sheet: str, number: int) -> None:
        if key in self.index[kind]:
            self.asm.fail(sheet, number, "key", f"key '{key}' is used twice")
        self.index[kind][key] = path

    def keyed(self, kind: str, parent: TreePath | None, key_name: str, sheet: str,
              rows: Rows, shape: Any = dict) -> None:
        for number, row in rows:
            key = str(row.pop("key", "") or len(self.index[kind]) + 1)
            if parent is None:
                continue
            self.register(kind, key, self.add(parent, key_name, sheet, number, shape(row)),
                          sheet, number)

    def children(self, kind: str, key_name: str, sheet: str, rows: Rows,
                 fallback: str = "", shape: Any = dict) -> None:
        for number, row in rows:
            own = self.parent(kind, sheet, number, row, required=not fallback)
            other = self.parent(fallback, sheet, number, row) if fallback else None
            if (parent := own or other):
                self.add(parent, key_name, sheet, number, shape(row))


def _attach(asm: _Assembler, tree: dict[str, Any], sheets: dict[str, Rows]) -> None:
    link = _Linker(asm, tree)
    for number, row in sheets["Plan roles"]:
        link.add((), "roles", "Plan roles", number, row)
    link.keyed("priority", (), "priorities", "Priorities", sheets["Priorities"], _lists)
    link.children("priority", "roles", "Priority roles", sheets["Priority roles"])
    for number, row in sheets["Objectives"]:
        key = str(row.pop("key", ""))
        if (parent := link.parent("priority", "Objectives", number, row)):
            path = link.add(parent, "objectives", "Objectives", number, row)
            link.register("objective", key, path, "Objectives", number)
    link.children("objective", "measures", "Measures", sheets["Measures"],
                  fallback="priority", shape=_measure)
    for number, row in sheets["Actions"]:
        key = str(row.pop("key", ""))
        if (parent := link.parent("objective", "Actions", number, row)):
            path = link.add(parent, "actions", "Actions", number, _lists(row))
            link.register("action", key, path, "Actions", number)
    link.children("action", "costs", "Costs", sheets["Costs"], shape=_cost)
    link.children("action", "milestones", "Milestones", sheets["Milestones"])
    link.children("action", "progress", "Progress", sheets["Progress"], fallback="objective")
    link.keyed("review", (), "reviews", "Reviews", sheets["Reviews"])
    link.children("review", "objectives", "Review items", sheets["Review items"])


def _cost(row: dict[str, Any]) -> dict[str, Any]:
    return _yes_no(row, "per_year")


def _yes_no(row: dict[str, Any], column: str) -> dict[str, Any]:
    """A yes/no cell as true/false; anything else is left for the reader to report."""
    if column in row:
        answer = str(row[column]).strip().lower()
        row[column] = {"yes": True, "no": False, "true": True, "false": False}.get(
            answer, row[column])
    return row


def _node(tree: dict[str, Any], path: TreePath) -> dict[str, Any]:
    node: Any = tree
    for step in path:
        node = node[step]
    return node  # type: ignore[no-any-return]


def _lists(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(v).split("\n") if k in LISTS else v) for k, v in row.items()}


def _measure(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in row.items()
           if not k.startswith(("baseline_", "target_", "comparator_"))}
    for part in ("baseline", "target"):
        point = {k: row[f"{part}_{k}"] for k in ("year", "value") if f"{part}_{k}" in row}
        if point:
            out[part] = point
    _yes_no(row, "comparator_family")
    comparator = {k: row[f"comparator_{k}"] for k in COMPARATOR_KEYS
                  if f"comparator_{k}" in row}
    if comparator and comparator != {"family": False}:  # "no" alone states no comparator
        out["comparator"] = comparator
    return out
