"""SQL literals for values written into generated queries (measure parameters, ids and
years in `IN (...)` lists). Here, not in attain.measures, so that the services which only
quote a list do not import the measures package (sqlglot and the catalogue) at start-up."""

from __future__ import annotations

from collections.abc import Iterable


def literal_sql(value: float | int | str | bool) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(value)


def literal_list_sql(values: Iterable[str]) -> str:
    """`values` as SQL literals for `IN (...)`; NULL for none (IN (NULL) matches no row)."""
    return ", ".join(literal_sql(v) for v in values) or "NULL"


def ints_sql(values: Iterable[int]) -> str:
    """Whole numbers (years) for `IN (...)`; NULL for none."""
    return ", ".join(str(int(v)) for v in values) or "NULL"
