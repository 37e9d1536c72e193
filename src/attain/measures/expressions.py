"""Expression snippets: parameters, parsing with sqlglot, allow-list, columns and types.

An expression is a SQL snippet (DuckDB dialect) over the columns of a measure's dataset and
the census columns of `pupils`. Dataset columns win over census columns of the same name.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError

from attain.domain.datasets import PUPILS, Column, ColumnType, Dataset
from attain.domain.sql import literal_sql
from attain.measures.spec import Param

KEY_COLUMNS = ("year", "pupil_id", "urn", "la_code")
PARAM_PATTERN = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class ExprType(StrEnum):
    BOOL = "boolean"
    NUMBER = "number"
    STRING = "text"
    DATE = "date"
    NULL = "null"


_COLUMN_TYPES = {
    ColumnType.INT: ExprType.NUMBER,
    ColumnType.FLOAT: ExprType.NUMBER,
    ColumnType.STRING: ExprType.STRING,
    ColumnType.BOOL: ExprType.BOOL,
    ColumnType.DATE: ExprType.DATE,
}

_LOGIC = (exp.And, exp.Or)
_COMPARISONS = (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE)
_ARITHMETIC = (exp.Add, exp.Sub, exp.Mul, exp.Div, exp.Mod)
_NUMERIC_FUNCTIONS = (exp.Abs, exp.Round, exp.Floor, exp.Ceil)
_VARIADIC = (exp.Coalesce, exp.Least, exp.Greatest)

ALLOWED_NODES: tuple[type[exp.Expression], ...] = (
    exp.Column, exp.Identifier, exp.Literal, exp.Boolean, exp.Null, exp.Paren, exp.Not,
    exp.Neg, exp.In, exp.Between, exp.Case, exp.If, exp.Is, exp.Like, exp.Tuple,
    *_LOGIC, *_COMPARISONS, *_ARITHMETIC, *_NUMERIC_FUNCTIONS, *_VARIADIC,
)
ALLOWED_FUNCTIONS = ("COALESCE", "LEAST", "GREATEST", "ABS", "ROUND", "FLOOR", "CEIL")


@dataclass(frozen=True)
class Problem:
    """Something wrong with an expression; `rule` names the check that found it."""

    rule: str
    message: str
    hint: str = ""


@dataclass(frozen=True)
class Scope:
    """The columns an expression over `dataset` may use, and how they are qualified."""

    dataset: Dataset

    def resolve(self, name: str, table: str = "") -> tuple[str, Column] | None:
        own = self.dataset.column(name)
        census = PUPILS.column(name)
        if table == "d":
            return ("d", own) if own else None
        if table == "p":
            return ("p", census) if census else None
        if own is not None:
            return "d", own
        return ("p", census) if census is not None else None

    def names(self) -> list[str]:
        return sorted(set(self.dataset.column_names) | set(PUPILS.column_names))


@dataclass(frozen=True)
class Checked:
    """A parsed expression (None when it could not be parsed) and its problems."""

    node: exp.Expr | None
    problems: tuple[Problem, ...]
    type: ExprType | None = None


def param_sql(param: Param) -> str:
    if not param.by_year:
        return literal_sql(param.default)
    whens = " ".join(f"WHEN {y} THEN {literal_sql(v)}" for y, v in param.by_year)
    return f"(CASE year {whens} ELSE {literal_sql(param.default)} END)"


def substitute_params(text: str, params: Mapping[str, Param]) -> tuple[str, tuple[Problem, ...]]:
    problems: list[Problem] = []

    def replace(match: re.Match[str]) -> str:
        param = params.get(match.group(1))
        if param is None:
            known = ", ".join(sorted(params)) or "none"
            problems.append(Problem("undefined-param", f"parameter {{{match.group(1)}}} is not "
                                    "defined", f"add it under params; defined: {known}"))
            return "NULL"
        return param_sql(param)

    return PARAM_PATTERN.sub(replace, text), tuple(problems)


# The catalogue's checks and the compiler parse the same snippets in one compute. Callers
# read the node and never change it (qualify works on a copy).
@lru_cache(maxsize=4096)
def parse(text: str) -> tuple[exp.Expr | None, tuple[Problem, ...]]:
    try:
        node = sqlglot.parse_one(text, read="duckdb")
    except ParseError as err:
        first = err.errors[0]["description"] if err.errors else str(err)
        return None, (Problem("expression-syntax", f"cannot parse {text!r}: {first}",
                              "write a SQL expression, e.g. \"read_scaled >= 100\""),)
    if node is None:
        return None, (Problem("expression-syntax", "empty expression", "write a SQL expression"),)
    return node, ()


def check_allowed(node: exp.Expr) -> tuple[Problem, ...]:
    problems = []
    for child in node.walk():
        if isinstance(child, ALLOWED_NODES):
            continue
        if isinstance(child, exp.Func):
            name = child.sql_name() if not isinstance(child, exp.Anonymous) else child.name
            problems.append(Problem("expression-not-allowed", f"function {name.upper()} is not "
                                    "allowed", "allowed: " + ", ".join(ALLOWED_FUNCTIONS)))
        else:
            problems.append(Problem("expression-not-allowed", f"{type(child).__name__} is not "
                                    "allowed in an expression", "use columns, literals, "
                                    "operators, CASE, IN, BETWEEN, IS NULL and "
                                    + ", ".join(ALLOWED_FUNCTIONS)))
    return tuple(problems)


def check_expression(text: str, scope: Scope, params: Mapping[str, Param],
                     expected: ExprType | None) -> Checked:
    """Parse, allow-list, resolve columns and type-check one expression snippet."""
    substituted, problems = substitute_params(text, params)
    node, parse_problems = parse(substituted)
    if node is None:
        return Checked(None, problems + parse_problems)
    allowed = check_allowed(node)
    if allowed:
        return Checked(node, problems + allowed)
    typer = _TypeChecker(scope)
    found = typer.infer(node)
    found_problems = list(typer.problems)
    if expected is not None and found not in (expected, ExprType.NULL) and not typer.problems:
        found_problems.append(Problem("expression-type", f"{text!r} is {found}, but a "
                                      f"{expected} expression is needed here",
                                      _expected_hint(expected)))
    return Checked(node, problems + tuple(found_problems), found)


def _expected_hint(expected: ExprType) -> str:
    if expected is ExprType.BOOL:
        return "write a condition, e.g. \"maths_scaled >= 100\""
    return "write a number, e.g. a column such as att8 or an arithmetic expression"


def qualify(node: exp.Expr, scope: Scope, zero_when_absent: bool = False) -> exp.Expr:
    """Qualify every column with its table alias (d dataset, p pupils census).

    When the dataset is `zero_when_absent`, the relation is driven from `pupils`: key
    columns come from p, and a missing dataset row counts as zeros (false for flags).
    """

    def rewrite(child: exp.Expr) -> exp.Expr:
        if not isinstance(child, exp.Column):
            return child
        resolved = scope.resolve(child.name, child.table)
        if resolved is None:
            return child
        table, column = resolved
        if zero_when_absent and table == "d":
            if column.name in KEY_COLUMNS:
                return exp.column(column.name, table="p")
            zero = exp.false() if column.type is ColumnType.BOOL else exp.Literal.number(0)
            return exp.Coalesce(this=exp.column(column.name, table="d"), expressions=[zero])
        return exp.column(column.name, table=table)

    return node.copy().transform(rewrite)


def columns_of(node: exp.Expr) -> set[str]:
    return {c.name for c in node.find_all(exp.Column)}


class _TypeChecker:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.problems: list[Problem] = []

    def infer(self, node: exp.Expr) -> ExprType:  # noqa: C901 - one branch per node kind
        if isinstance(node, exp.Paren):
            return self.infer(node.this)
        if isinstance(node, exp.Column):
            return self._column(node)
        if isinstance(node, exp.Literal):
            return ExprType.STRING if node.is_string else ExprType.NUMBER
        if isinstance(node, exp.Boolean):
            return ExprType.BOOL
        if isinstance(node, exp.Null):
            return ExprType.NULL
        if isinstance(node, (*_LOGIC, exp.Not)):
            for part in (node.this, node.args.get("expression")):
                if part is not None:
                    self._require(part, ExprType.BOOL, node)
            return ExprType.BOOL
        if isinstance(node, _COMPARISONS):
            self._comparable(node, [node.this, node.expression])
            return ExprType.BOOL
        if isinstance(node, (*_ARITHMETIC, exp.Neg, *_NUMERIC_FUNCTIONS)):
            for part in (node.this, node.args.get("expression")):
                if isinstance(part, exp.Expression):
                    self._require(part, ExprType.NUMBER, node)
            return ExprType.NUMBER
        if isinstance(node, exp.In):
            self._comparable(node, [node.this, *node.expressions])
            return ExprType.BOOL
        if isinstance(node, exp.Between):
            self._comparable(node, [node.this, node.args["low"], node.args["high"]])
            return ExprType.BOOL
        if isinstance(node, exp.Is):
            self.infer(node.this)
            return ExprType.BOOL
        if isinstance(node, exp.Like):
            self._require(node.this, ExprType.STRING, node)
            return ExprType.BOOL
        if isinstance(node, _VARIADIC):
            return self._unify(node, [node.this, *node.expressions])
        if isinstance(node, exp.Case):
            return self._case(node)
        return ExprType.NULL

    def _column(self, node: exp.Column) -> ExprType:
        if node.table not in ("", "d", "p"):
            self.problems.append(Problem("unknown-column", f"unknown table {node.table!r} in "
                                         f"{node.sql()}", "use unqualified column names"))
            return ExprType.NULL
        resolved = self.scope.resolve(node.name, node.table)
        if resolved is None:
            near = difflib.get_close_matches(node.name, self.scope.names(), n=3)
            hint = ("did you mean " + ", ".join(near) + "?") if near else (
                f"columns of {self.scope.dataset.name} and pupils: see docs/datasets.md")
            self.problems.append(Problem("unknown-column", f"unknown column {node.name!r} in "
                                         f"dataset {self.scope.dataset.name}", hint))
            return ExprType.NULL
        return _COLUMN_TYPES[resolved[1].type]

    def _require(self, node: exp.Expr, wanted: ExprType, parent: exp.Expr) -> None:
        found = self.infer(node)
        if found not in (wanted, ExprType.NULL):
            self.problems.append(Problem("expression-type", f"{node.sql()} is {found} but "
                                         f"{parent.sql()} needs {wanted}",
                                         "check the column types in docs/datasets.md"))

    def _comparable(self, node: exp.Expr, parts: list[exp.Expr]) -> None:
        types = {self.infer(p) for p in parts} - {ExprType.NULL}
        if len(types) > 1:
            self.problems.append(Problem("expression-type", f"{node.sql()} compares "
                                         + " with ".join(sorted(types)),
                                         "quote text values ('2B') and leave numbers unquoted"))

    def _unify(self, node: exp.Expr, parts: list[exp.Expr]) -> ExprType:
        types = {self.infer(p) for p in parts} - {ExprType.NULL}
        if len(types) > 1:
            self.problems.append(Problem("expression-type", f"{node.sql()} mixes "
                                         + " and ".join(sorted(types)),
                                         "make every branch the same type"))
        return next(iter(types)) if len(types) == 1 else ExprType.NULL

    def _case(self, node: exp.Case) -> ExprType:
        subject = node.this
        for branch in node.args.get("ifs") or []:
            if subject is not None:
                self._comparable(branch, [subject, branch.this])
            else:
                self._require(branch.this, ExprType.BOOL, node)
        results = [b.args["true"] for b in node.args.get("ifs") or []]
        if node.args.get("default") is not None:
            results.append(node.args["default"])
        return self._unify(node, results)
