"""The column maps name real catalogue measures and pupil groups, and parse."""

from __future__ import annotations

from pathlib import Path

import attain
from attain.ingest.codes import AreaCodes, load_yaml, mappings_dir
from attain.ingest.table_mapping import load_mappings

DEFINITIONS = Path(attain.__file__).parent / "definitions"


def _used() -> set[tuple[str, str, str]]:
    used = {(m.path, x.measure, x.group) for m in load_mappings() for x in m.measures}
    lait = load_yaml(mappings_dir() / "lait.yaml")["indicators"]
    return used | {("lait.yaml", v["measure"], v.get("group", "all")) for v in lait.values()}


def test_measures_are_in_the_catalogue_or_context() -> None:
    catalogue = {p.stem for p in (DEFINITIONS / "measures").rglob("*.yaml")}
    unknown = {(f, m) for f, m, _ in _used() if m not in catalogue and not m.startswith("ctx_")}
    assert unknown == set()


def test_groups_are_pupil_groups() -> None:
    groups = {g["id"] for g in load_yaml(DEFINITIONS / "groups.yaml")["groups"]}
    assert {(f, g) for f, _, g in _used() if g not in groups} == set()


def test_maps_of_one_kind_do_not_overlap_in_years_for_the_same_header() -> None:
    maps = load_mappings()
    for a in maps:
        for b in maps:
            if a is not b and a.kind == b.kind and set(a.header) == set(b.header):
                assert a.last_year < b.first_year or b.last_year < a.first_year, (a.path, b.path)


def test_every_current_la_has_a_region() -> None:
    codes = AreaCodes()
    missing = [la.code for la in codes.las if codes.region_of_la(la.code) is None]
    assert missing == []
