"""Put imported published figures into the results cube, with LAIT-style comparisons, so
reports, risk rules and the web app (which read the cube) show them like computed ones.

Each figure becomes a cube row whose `source` is the file it came from. Added to them: the
statistical-neighbour average of each LA (level group_of_las, area `SN<LA>`) and, in
`comparisons`, the national value and difference, the LA value for schools, and the rank
and quartile band (LAs among the LAs of their country, schools among their LA's schools;
attain.services.neighbours). Computed rows already in the cube are kept.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from attain.domain.results import COMPARISONS, RESULTS
from attain.services.compute import results_warehouse
from attain.services.imports import published_store
from attain.services.neighbours import ENGLAND, WALES, country_of, neighbour_average, polarity
from attain.services.status import warehouse_for
from attain.stats.ranking import quartile, ranks
from attain.store.warehouse import arrow_schema

COMPUTED = "computed"
SN_SOURCE = "statistical-neighbour average of imported figures (attain)"
Row = dict[str, Any]


def _published(folder: Path, schools: set[str] | None) -> list[Row]:
    table = published_store(folder).read("published")
    if schools is not None:
        urns = pa.array(sorted(schools), pa.string())
        keep = pc.or_(pc.not_equal(table.column("level"), "school"),
                      pc.is_in(table.column("area_code"), value_set=urns))
        table = table.filter(keep)
    rows: list[Row] = table.select([*RESULTS.column_names[:-1], "source_file"]).to_pylist()
    for row in rows:
        row["source"] = row.pop("source_file")
    return rows


def _neighbour_rows(rows: list[Row], neighbours: dict[str, tuple[str, ...]]) -> list[Row]:
    values: dict[tuple[str, int, str], dict[str, float | None]] = defaultdict(dict)
    for r in rows:
        if r["level"] == "la":
            values[(r["measure_id"], r["year"], r["group_id"])][r["area_code"]] = r["value"]
    out = []
    for (measure, year, group), by_la in values.items():
        for la, members in neighbours.items():
            average, counted = neighbour_average([by_la.get(m) for m in members])
            if counted:
                out.append({"measure_id": measure, "year": year, "level": "group_of_las",
                            "area_code": f"SN{la}", "group_id": group, "numerator": None,
                            "denominator": None, "value": average, "ci_low": None,
                            "ci_high": None, "suppressed": None, "source": SN_SOURCE})
    return out


def _comparisons(rows: list[Row], la_of_school: dict[str, str],
                 higher: dict[str, bool]) -> list[Row]:
    by_key: dict[tuple[str, int, str], list[Row]] = defaultdict(list)
    for r in rows:
        by_key[(r["measure_id"], r["year"], r["group_id"])].append(r)
    out: list[Row] = []
    for (measure, _, _), members in by_key.items():
        out += _compare_key(members, la_of_school, higher.get(measure))
    return out


def _compare_key(members: list[Row], la_of_school: dict[str, str],
                 higher_is_better: bool | None) -> list[Row]:
    area_value = {(r["level"], r["area_code"]): r["value"] for r in members}
    peer_sets: dict[tuple[str, str], dict[str, float | None]] = defaultdict(dict)
    for r in members:
        if r["level"] == "la":
            peer_sets[("la", country_of(r["area_code"]))][r["area_code"]] = r["value"]
        elif r["level"] == "school" and r["area_code"] in la_of_school:
            peer_sets[("school", la_of_school[r["area_code"]])][r["area_code"]] = r["value"]
    ranked = {key: _ranked(peers, higher_is_better) for key, peers in peer_sets.items()}
    out = []
    for r in members:
        if r["level"] not in ("la", "school"):
            continue
        la = r["area_code"] if r["level"] == "la" else la_of_school.get(r["area_code"])
        national = area_value.get(("national", WALES if la and country_of(la) == "W"
                                   else ENGLAND))
        peers = ("la", country_of(r["area_code"])) if r["level"] == "la" else ("school", la or "")
        rank, rank_of, band = ranked.get(peers, {}).get(r["area_code"], (None, None, None))
        out.append({
            "measure_id": r["measure_id"], "year": r["year"], "level": r["level"],
            "area_code": r["area_code"], "group_id": r["group_id"], "national_value": national,
            "diff_national": _diff(r["value"], national),
            "la_value": area_value.get(("la", la)) if r["level"] == "school" else None,
            "rank": rank, "rank_of": rank_of, "quartile": band})
    return out


def _ranked(peers: dict[str, float | None], higher_is_better: bool | None
            ) -> dict[str, tuple[int | None, int, str | None]]:
    present = [v for v in peers.values() if v is not None and not math.isnan(v)]
    if higher_is_better is None or not present:
        return {}
    rank_of = ranks(peers, higher_is_better)
    return {code: (rank_of[code], len(present), str(quartile(value, present, higher_is_better)))
            for code, value in peers.items() if value is not None and not math.isnan(value)}


def _diff(value: float | None, national: float | None) -> float | None:
    return None if value is None or national is None else value - national


def _table(rows: Iterable[Row], columns: tuple[str, ...], schema: pa.Schema) -> pa.Table:
    rows = list(rows)
    return pa.table({c: pa.array([r.get(c) for r in rows], schema.field(c).type)
                     for c in columns}, schema=schema)


def publish_to_results(folder: Path, la_code: str | None = None) -> int:
    """Copy the published figures (with `la_code`, only that LA's schools) into the cube;
    return how many cube rows were written."""
    warehouse = warehouse_for(folder)
    schools = warehouse.read("schools").select(["urn", "la_code"]).to_pylist()
    la_of_school = {str(s["urn"]): s["la_code"] for s in schools}
    wanted = {u for u, la in la_of_school.items() if la == la_code} if la_code else None
    rows = _published(folder, wanted)
    areas = warehouse.read("areas").to_pylist()
    neighbours: dict[str, list[str]] = defaultdict(list)
    for a in areas:
        if a["level"] == "group_of_las" and a["area_code"].startswith("SN"):
            neighbours[a["area_code"][2:]].append(a["la_code"])
    rows += _neighbour_rows(rows, {k: tuple(v) for k, v in neighbours.items()})
    comparisons = _comparisons(rows, la_of_school, polarity(folder))
    target = results_warehouse(folder)
    results_schema, comparisons_schema = arrow_schema(RESULTS), arrow_schema(COMPARISONS)
    new_results = _table(rows, RESULTS.column_names, results_schema)
    new_comparisons = _table(comparisons, COMPARISONS.column_names, comparisons_schema)
    old = target.read("results")
    computed = old.filter(pc.equal(old.column("source"), COMPUTED))
    if len(computed):  # a computed figure wins over a published one with the same key
        new_results = new_results.filter(pc.invert(pc.is_in(
            _key(new_results), value_set=_key(computed))))
        new_comparisons = new_comparisons.filter(pc.is_in(
            _key(new_comparisons), value_set=_key(new_results)))
    kept_comparisons = _comparisons_of(target.read("comparisons"), computed)
    with target.transaction() as tx:
        tx.write("results", pa.concat_tables([computed, new_results]))
        tx.write("comparisons", pa.concat_tables([kept_comparisons, new_comparisons]))
    return len(new_results)


def _key(table: pa.Table) -> pa.Array:
    columns = ("measure_id", "year", "level", "area_code", "group_id")
    return pc.binary_join_element_wise(*(table.column(c).cast(pa.string())
                                         for c in columns), "|")


def _comparisons_of(comparisons: pa.Table, results: pa.Table) -> pa.Table:
    if not len(comparisons) or not len(results):
        return comparisons.slice(0, 0)
    return comparisons.filter(pc.is_in(_key(comparisons), value_set=_key(results)))
