"""Local authorities, regions and statistical neighbours (real codes, package data)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pyarrow as pa

from attain.domain.results import neighbours_area_code
from attain.errors import UserError

ENGLAND = "E"
WALES = "W"
NATIONAL_CODES = {ENGLAND: "E92000001", WALES: "W92000004"}
COUNTRY_NAMES = {ENGLAND: "England", WALES: "Wales"}


@dataclass(frozen=True)
class LocalAuthority:
    code: str
    name: str
    region_code: str
    region_name: str
    country: str


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("attain.demo").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def all_las() -> tuple[LocalAuthority, ...]:
    return tuple(
        LocalAuthority(r["la_code"], r["la_name"], r["region_code"], r["region_name"],
                       r["country"])
        for r in _read_csv("las.csv")
    )


@cache
def statistical_neighbours() -> dict[str, tuple[str, ...]]:
    return {r["la_code"]: tuple(r[f"sn{i}"] for i in range(1, 11))
            for r in _read_csv("statistical_neighbours.csv")}


def find_la(code: str) -> LocalAuthority:
    found = next((la for la in all_las() if la.code == str(code).strip()), None)
    if found is None:
        raise UserError(
            f"unknown LA code {code!r}",
            fix="Use a 3-digit LA number such as 882 (Southend-on-Sea) or 681 (Cardiff); "
            "`attain demo --list-las` lists them all.",
        )
    return found


def country_las(country: str) -> tuple[LocalAuthority, ...]:
    return tuple(la for la in all_las() if la.country == country)


def las_table(las: tuple[LocalAuthority, ...]) -> pa.Table:
    return pa.table({
        "la_code": [la.code for la in las],
        "new_la_code": pa.nulls(len(las), pa.string()),
        "la_name": [la.name for la in las],
        "region_code": [la.region_code or None for la in las],
        "region_name": [la.region_name or None for la in las],
        "country": [la.country for la in las],
    })


def areas_table(las: tuple[LocalAuthority, ...], home: LocalAuthority) -> pa.Table:
    """Regions (level region) and the home LA's statistical neighbours (group_of_las)."""
    rows = [(la.region_code, la.region_name, "region", la.code)
            for la in las if la.region_code]
    known = {la.code for la in las}
    neighbours = statistical_neighbours().get(home.code, ())
    rows += [(neighbours_area_code(home.code), f"{home.name} statistical neighbours",
              "group_of_las", code) for code in neighbours if code in known]
    rows.sort(key=lambda r: (r[2], r[0], r[3]))
    return pa.table({
        "area_code": [r[0] for r in rows],
        "area_name": [r[1] for r in rows],
        "level": [r[2] for r in rows],
        "la_code": [r[3] for r in rows],
    })
