"""Hand-made cube rows and loaded built-in frameworks for the risk tests."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa

from attain.domain.risk import Fact, Framework
from attain.measures import load_catalogue
from attain.risk.facts import MeasureLabel, measure_facts
from attain.risk.loader import load_frameworks
from attain.services.compute import results_warehouse
from attain.store.warehouse import Warehouse

LABELS = {
    "ks4_5ac_em": MeasureLabel("KS4 5+A*-C EM", "percent", 1),
    "ks4_3lp_eng": MeasureLabel("KS4 expected progress English", "percent", 1),
    "ks4_3lp_maths": MeasureLabel("KS4 expected progress maths", "percent", 1),
    "ks4_p8": MeasureLabel("KS4 Progress 8", "score", 2),
    "ks2_rwm_expected": MeasureLabel("KS2 RWM expected", "percent", 1),
    "ks2_read_progress": MeasureLabel("KS2 reading progress", "score", 1),
    "ks2_writ_progress": MeasureLabel("KS2 writing progress", "score", 1),
    "ks2_maths_progress": MeasureLabel("KS2 maths progress", "score", 1),
    "ks2_l4_eng_maths": MeasureLabel("KS2 L4+ English and maths", "percent", 1),
    "ks2_l4_rwm": MeasureLabel("KS2 L4+ RWM", "percent", 1),
    "ks2_2lp_eng": MeasureLabel("KS2 expected progress English", "percent", 1),
    "ks2_2lp_read": MeasureLabel("KS2 expected progress reading", "percent", 1),
    "ks2_2lp_writ": MeasureLabel("KS2 expected progress writing", "percent", 1),
    "ks2_2lp_maths": MeasureLabel("KS2 expected progress maths", "percent", 1),
}


def row(measure: str, year: int, value: float | None, *, suppressed: str | None = None,
        group: str = "all", **more: Any) -> dict[str, Any]:
    return {"measure_id": measure, "year": year, "group_id": group, "value": value,
            "suppressed": suppressed, **more}


def facts(*rows: dict[str, Any]) -> dict[str, Fact]:
    return measure_facts(rows, LABELS)


@cache
def builtin() -> dict[str, Framework]:
    ids = {m.id for m in load_catalogue().measures}
    frameworks, issues = load_frameworks(measures=ids)
    assert issues == []
    return frameworks


def data_folder(root: Path) -> Path:
    """LA 882: secondaries 300 (KS4 2012 36.2%, progress below national) and 301 (40.0%),
    and 302 opening on 7 January 2013."""
    Warehouse(root / "warehouse").write("schools", pa.table({
        "urn": [300, 301, 302], "la_code": ["882"] * 3, "name": ["A High", "B High", "C High"],
        "phase": ["secondary"] * 3, "open_date": [None, None, date(2013, 1, 7)],
        "country": ["E"] * 3}))
    cube = [("ks4_5ac_em", "300", 36.2, 59.4), ("ks4_3lp_eng", "300", 60.0, 68.0),
            ("ks4_3lp_maths", "300", 55.0, 68.0), ("ks4_5ac_em", "301", 40.0, 59.4),
            ("ks4_3lp_eng", "301", 60.0, 68.0), ("ks4_3lp_maths", "301", 55.0, 68.0)]
    keys = {"year": [2012] * len(cube), "level": ["school"] * len(cube),
            "area_code": [c[1] for c in cube], "group_id": ["all"] * len(cube),
            "measure_id": [c[0] for c in cube]}
    results_warehouse(root).write("results", pa.table({**keys, "value": [c[2] for c in cube]}))
    results_warehouse(root).write("comparisons", pa.table({
        **keys, "national_value": [c[3] for c in cube]}))
    return root
