"""Runs every fixture case in tests/measures/cases/*.yaml through `attain compute`.

A case is a tiny warehouse and the cube rows expected, worked by hand (format in
docs/measure-format.md, "Fixture cases"). Suppression is off unless the case sets
`suppression:` (true for the default rule, or {min_denominator, min_count}).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from ruamel.yaml import YAML

from attain.measures import load_catalogue
from attain.services.compute import compute, results_warehouse
from attain.stats.suppression import SuppressionRule
from attain.store.warehouse import Warehouse

CASES = Path(__file__).parent / "cases"
TOLERANCE = 1e-6
NUMBERS = ("numerator", "denominator", "value", "ci_low", "ci_high")
Key = tuple[str, int, str, str, str]


def case_files() -> list[Path]:
    return sorted(CASES.glob("*.yaml"))


def load_case(path: Path) -> dict[str, Any]:
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and data.get("expect"), f"{path.name}: no `expect` rows"
    return data


def build_warehouse(folder: Path, case: dict[str, Any]) -> None:
    """The case's `data`, plus schools/las defaults: one school per URN seen (country E
    unless the case says), one LA per LA code seen, with the case's overrides."""
    data: dict[str, list[dict[str, Any]]] = case.get("data") or {}
    rows = [r for table in data.values() for r in table]
    school_la = {int(r["urn"]): str(r["la_code"]) for r in rows if "urn" in r and "la_code" in r}
    country = case.get("country", "E")
    schools = case.get("schools") or [{"urn": u, "la_code": la} for u, la in school_la.items()]
    schools = [{"name": f"School {s['urn']}", "country": country, **s} for s in schools]
    las = case.get("las") or [{"la_code": la} for la in sorted({s["la_code"] for s in schools})]
    las = [{"la_name": f"LA {la['la_code']}", "country": country, **la} for la in las]
    warehouse = Warehouse(folder / "warehouse")
    with warehouse.transaction() as tx:
        tx.write("schools", pa.Table.from_pylist(schools))
        tx.write("las", pa.Table.from_pylist(las))
        if case.get("areas"):
            tx.write("areas", pa.Table.from_pylist(case["areas"]))
        for name, table in data.items():
            tx.write(name, pa.Table.from_pylist(table))


def suppression_of(case: dict[str, Any]) -> SuppressionRule | None:
    setting = case.get("suppression")
    if not setting:
        return None
    return SuppressionRule() if setting is True else SuppressionRule(**setting)


def run_case(folder: Path, case: dict[str, Any]) -> dict[Key, dict[str, Any]]:
    build_warehouse(folder, case)
    compute(folder, measure_ids=case["measures"], suppression=suppression_of(case))
    table = results_warehouse(folder).read("results")
    return {(r["measure_id"], r["year"], r["level"], r["area_code"], r["group_id"]): r
            for r in table.to_pylist()}


def mismatches(expected: dict[str, Any], got: dict[str, Any] | None) -> list[str]:
    if expected.get("absent"):
        return [] if got is None else [f"expected no row, got value {got['value']}"]
    if got is None:
        return ["no such row in the cube"]
    problems = []
    tolerance = float(expected.get("tolerance", TOLERANCE))
    for name in NUMBERS + ("suppressed",):
        if name not in expected:
            continue
        want, have = expected[name], got[name]
        if name == "suppressed" or want is None or have is None:
            if want != have:
                problems.append(f"{name}: expected {want}, got {have}")
        elif not math.isclose(float(want), float(have), rel_tol=0.0, abs_tol=tolerance):
            problems.append(f"{name}: expected {want}, got {have}")
    return problems


def key_of(row: dict[str, Any]) -> Key:
    return (row["measure"], int(row["year"]), row["level"], str(row["area"]),
            row.get("group", "all"))


@pytest.mark.parametrize("path", case_files(), ids=lambda p: p.stem)
def test_case(path: Path, tmp_path: Path) -> None:
    case = load_case(path)
    cube = run_case(tmp_path, case)
    failures = []
    for expected in case["expect"]:
        key = key_of(expected)
        failures += [f"{'/'.join(map(str, key))}: {p}" for p in mismatches(expected, cube.get(key))]
    assert not failures, f"{path.name}:\n  " + "\n  ".join(failures)


def test_there_are_cases() -> None:
    assert case_files(), f"no fixture cases in {CASES}"


def test_every_catalogue_measure_has_a_case() -> None:
    covered = {row["measure"] for path in case_files() for row in load_case(path)["expect"]
               if not row.get("absent")}
    missing = sorted({m.id for m in load_catalogue().measures} - covered)
    assert not missing, f"measures with no expected row in any case: {', '.join(missing)}"
