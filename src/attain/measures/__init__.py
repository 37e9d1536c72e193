"""Measures: YAML definitions -> typed specs -> validation -> SQL per dialect."""

from __future__ import annotations

from attain.measures.catalogue import DEFINITIONS, load_catalogue
from attain.measures.compiler import (
    DIALECTS,
    RESULT_COLUMNS,
    CompiledQuery,
    Strategy,
    compile_catalogue,
)
from attain.measures.spec import (
    Catalogue,
    Country,
    GroupSpec,
    Issue,
    Kind,
    MeasureSpec,
    Severity,
    YearRange,
)

__all__ = [
    "DEFINITIONS", "DIALECTS", "RESULT_COLUMNS", "Catalogue", "CompiledQuery", "Country",
    "GroupSpec", "Issue", "Kind", "MeasureSpec", "Severity", "Strategy", "YearRange",
    "compile_catalogue", "load_catalogue",
]
