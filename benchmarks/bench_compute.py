"""Benchmark `attain compute` at full-England scale (not a test; results in BENCHMARKS.md).

One year (2019) of synthetic KS2 and KS4 data, about 600,000 pupils each, in ~16,000
primary and ~3,500 secondary schools of 150 LAs; every KS2 and KS4 measure of that year ×
every pupil group × school/LA/national, written to Parquet. Side by side, from one run,
each variant in its own process (so its peak memory is its own):

  attain_<strategy>   the compiled queries in DuckDB into results_base, COPY to Parquet
  compute_<strategy>  the whole `attain compute` (plus suppression, comparisons, cube)
  baseline_sql        hand-written plain SQL: a scored-pupil table, then one GROUPING SETS
                      query per pupil group, as an analyst would write it
  pandas              vectorised pandas: boolean masks and groupby, no row loops

The baseline's numbers are checked against attain's (numerator, denominator, value).

    python benchmarks/bench_compute.py [--pupils 600000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

YEAR = 2019
LEVELS = ("school", "la", "national")


def synthesise(folder: Path, pupils: int, seed: int = 2019) -> None:
    from attain.store.warehouse import Warehouse

    rng = np.random.default_rng(seed)
    las = [str(300 + i) for i in range(150)]
    primaries, secondaries = 16_000, 3_500
    urns = np.arange(100_000, 100_000 + primaries + secondaries)
    school_la = rng.choice(las, len(urns))
    wh = Warehouse(folder / "warehouse")
    with wh.transaction() as tx:
        tx.write("schools", pa.table({"urn": urns, "la_code": school_la,
                                      "name": [f"S{u}" for u in urns],
                                      "country": ["E"] * len(urns)}))
        tx.write("las", pa.table({"la_code": las, "la_name": las, "country": ["E"] * len(las)}))
        ks2_keys = _keys(rng, "A", pupils, urns[:primaries], school_la[:primaries])
        ks4_keys = _keys(rng, "B", pupils, urns[primaries:], school_la[primaries:])
        tx.write("pupils", pa.concat_tables([_census(rng, ks2_keys, 6),
                                             _census(rng, ks4_keys, 11)]))
        tx.write("ks2", _ks2(rng, ks2_keys))
        tx.write("ks4", _ks4(rng, ks4_keys))


def _keys(rng: np.random.Generator, prefix: str, n: int, urns: np.ndarray,
          las: np.ndarray) -> dict[str, object]:
    pick = rng.integers(0, len(urns), n)
    return {"year": np.full(n, YEAR, dtype=np.int32),
            "pupil_id": [f"{prefix}{i:07x}" for i in range(n)],
            "urn": urns[pick], "la_code": las[pick], "ability": rng.normal(0, 1, n)}


def _census(rng: np.random.Generator, keys: dict[str, object], nc_year: int) -> pa.Table:
    n = len(keys["ability"])  # type: ignore[arg-type]
    fsm = rng.random(n) < 0.17
    return pa.table({
        **{k: keys[k] for k in ("year", "pupil_id", "urn", "la_code")},
        "nc_year": np.full(n, nc_year, dtype=np.int32),
        "gender": rng.choice(["M", "F"], n), "fsm": fsm,
        "disadvantaged": fsm | (rng.random(n) < 0.12),
        "sen": rng.choice(["N", "K", "E"], n, p=[0.84, 0.13, 0.03]),
        "lac": rng.random(n) < 0.005, "eal": rng.random(n) < 0.17,
        "ethnicity": rng.choice(["WHIT", "MIXD", "ASIA", "BLAC", "CHIN", "AOEG", "UNCL"], n,
                                p=[0.7, 0.06, 0.11, 0.06, 0.01, 0.02, 0.04])})


def _score(rng: np.random.Generator, ability: np.ndarray, centre: float, spread: float,
           low: float, high: float, missing: float = 0.0) -> pa.Array:
    values = np.clip(np.round(centre + spread * ability + rng.normal(0, spread / 2, len(ability))),
                     low, high)
    return pa.array(values, mask=rng.random(len(ability)) < missing)


def _band(prior: np.ndarray, low: float, high: float) -> list[str]:
    return np.where(prior < low, "low", np.where(prior < high, "middle", "high")).tolist()


def _ks2(rng: np.random.Generator, keys: dict[str, object]) -> pa.Table:
    ability: np.ndarray = keys["ability"]  # type: ignore[assignment]
    ks1 = np.clip(np.round(15 + 4 * ability + rng.normal(0, 2, len(ability)), 1), 3, 27)
    writ = np.select([ability > 1.0, ability > -0.6, ability > -1.5], ["GDS", "EXS", "WTS"], "PKF")
    return pa.table({
        **{k: keys[k] for k in ("year", "pupil_id", "urn", "la_code")},
        "read_scaled": _score(rng, ability, 104, 6, 80, 120, 0.03),
        "maths_scaled": _score(rng, ability, 104, 6, 80, 120, 0.03),
        "writ_ta": writ, "writ_points": np.select(
            [writ == "GDS", writ == "EXS", writ == "WTS"], [113.0, 103.0, 91.0], 73.0),
        "ks1_aps": pa.array(ks1, mask=rng.random(len(ability)) < 0.05),
        "prior_band": _band(ks1, 12, 18)})


def _ks4(rng: np.random.Generator, keys: dict[str, object]) -> pa.Table:
    ability: np.ndarray = keys["ability"]  # type: ignore[assignment]
    fine = np.clip(np.round(4.5 + 0.8 * ability + rng.normal(0, 0.3, len(ability)), 2), 1.5, 6.0)
    # The four elements (English and maths up to 18 points, EBacc and open up to 27) and
    # Attainment 8 their sum.
    elements = {name: np.clip(centre * (1 + 0.33 * ability) + rng.normal(0, centre / 6,
                                                                          len(ability)), 0, top)
                for name, centre, top in (("att8_eng", 10.0, 18), ("att8_mat", 9.0, 18),
                                          ("att8_ebac", 13.0, 27), ("att8_open", 14.0, 27))}
    return pa.table({
        **{k: keys[k] for k in ("year", "pupil_id", "urn", "la_code")},
        "att8": sum(elements.values()), **elements,
        "eng_best": _score(rng, ability, 4.5, 1.8, 0, 9),
        "mat_best": _score(rng, ability, 4.5, 1.8, 0, 9),
        "ebacc_entered": rng.random(len(ability)) < 0.4,
        "ebacc_aps": np.clip(4 + 1.5 * ability, 0, 9),
        "ks2_aps_fine": fine, "in_p8": rng.random(len(ability)) < 0.97,
        "prior_band": _band(fine, 4.0, 5.0)})


def measures() -> tuple[list[str], object]:
    from attain.measures import load_catalogue

    catalogue = load_catalogue()
    ids = [m.id for m in catalogue.measures if m.dataset in ("ks2", "ks4")
           and m.years.contains(YEAR) and "E" in m.country.codes]
    return ids, catalogue


# --- the hand-written baseline: what an analyst would write for these measures --------
KS2_PG = ("CASE WHEN ks1_aps < 2.5 THEN 1 WHEN ks1_aps < 3 THEN 2 WHEN ks1_aps < 5 THEN 3 "
          "WHEN ks1_aps < 22 THEN FLOOR(ks1_aps) - 1 WHEN ks1_aps >= 22 THEN 21 END")
P8_PG = ("CASE WHEN ks2_aps_fine < 2 THEN 15 WHEN ks2_aps_fine < 2.5 THEN 20 "
         "WHEN ks2_aps_fine < 2.8 THEN 25 WHEN ks2_aps_fine >= 5.8 THEN 58 "
         "ELSE FLOOR(ROUND(ks2_aps_fine * 10, 6)) END")
P8_Z = -2.8948556948
CENSUS = "p.gender, p.fsm, p.disadvantaged, p.sen, p.lac, p.eal, p.ethnicity"
_SCORED_SQL = {
    "ks2": """
        CREATE OR REPLACE TABLE ks2_scored AS
        WITH j AS (SELECT d.*, {census}, {ks2_pg} AS pg FROM ks2 d
                   LEFT JOIN pupils p ON p.year = d.year AND p.pupil_id = d.pupil_id
                   JOIN schools s ON s.urn = d.urn WHERE s.country = 'E' AND d.year = {year}),
        est AS (SELECT pg, avg(read_scaled) AS er, avg(maths_scaled) AS em,
                       avg(writ_points) AS ew FROM j WHERE pg IS NOT NULL GROUP BY pg)
        SELECT j.*, read_scaled - er AS s_read, maths_scaled - em AS s_maths,
               writ_points - ew AS s_writ FROM j LEFT JOIN est USING (pg)""",
    "ks4": """
        CREATE OR REPLACE TABLE ks4_scored AS
        WITH j AS (SELECT d.*, {census}, {p8_pg} AS pg FROM ks4 d
                   LEFT JOIN pupils p ON p.year = d.year AND p.pupil_id = d.pupil_id
                   JOIN schools s ON s.urn = d.urn WHERE s.country = 'E' AND d.year = {year}),
        est AS (SELECT pg, avg(att8) AS e, stddev_samp(att8) AS sd, avg(att8_eng) AS e_eng,
                       avg(att8_mat) AS e_mat, avg(att8_ebac) AS e_ebac,
                       avg(att8_open) AS e_open FROM j
                WHERE pg IS NOT NULL AND in_p8 AND att8 IS NOT NULL GROUP BY pg)
        SELECT j.*, CASE WHEN sd > 0 AND (att8 - e) / sd < {z} THEN sd * {z}
                         ELSE att8 - e END / 10 AS s_p8,
               (att8_eng - e_eng) / 2 AS s_p8_eng, (att8_mat - e_mat) / 2 AS s_p8_mat,
               (att8_ebac - e_ebac) / 3 AS s_p8_ebac, (att8_open - e_open) / 3 AS s_p8_open
        FROM j LEFT JOIN est USING (pg)""",
}


def scored_sql(year: int) -> dict[str, str]:
    """Per dataset, the statement that scores one year's pupils (progress estimates are
    per year): the hand-written baseline's first step."""
    return {dataset: sql.format(census=CENSUS, ks2_pg=KS2_PG, p8_pg=P8_PG, year=year, z=P8_Z)
            for dataset, sql in _SCORED_SQL.items()}


SCORED = scored_sql(YEAR)
# measure -> (dataset, proportion condition or None, value column or None)
BASELINE = {
    "ks2_rwm_expected": ("ks2", "read_scaled >= 100 AND maths_scaled >= 100 "
                                "AND writ_ta IN ('EXS', 'GDS')", None),
    "ks2_rwm_higher": ("ks2", "read_scaled >= 110 AND maths_scaled >= 110 AND writ_ta = 'GDS'",
                       None),
    "ks2_read_expected": ("ks2", "read_scaled >= 100", None),
    "ks2_maths_expected": ("ks2", "maths_scaled >= 100", None),
    "ks2_writ_expected": ("ks2", "writ_ta IN ('EXS', 'GDS')", None),
    "ks2_read_scaled_avg": ("ks2", None, "read_scaled"),
    "ks2_maths_scaled_avg": ("ks2", None, "maths_scaled"),
    "ks2_read_progress": ("ks2", None, "s_read"),
    "ks2_maths_progress": ("ks2", None, "s_maths"),
    "ks2_writ_progress": ("ks2", None, "s_writ"),
    "ks4_att8": ("ks4", None, "att8"),
    "ks4_ebacc_aps": ("ks4", None, "ebacc_aps"),
    "ks4_ebacc_entry": ("ks4", "ebacc_entered", None),
    "ks4_em_94": ("ks4", "eng_best >= 4 AND mat_best >= 4", None),
    "ks4_em_95": ("ks4", "eng_best >= 5 AND mat_best >= 5", None),
    "ks4_p8": ("ks4", None, "s_p8"),
    **{f"ks4_p8_{e}": ("ks4", None, f"s_p8_{e}") for e in ("eng", "mat", "ebac", "open")},
}


def baseline_group_sql(dataset: str, group_id: str, condition: str) -> str:
    chosen = [(m, p, v) for m, (d, p, v) in BASELINE.items() if d == dataset]
    sums = ", ".join(
        f"SUM(CASE WHEN {p} THEN 1 ELSE 0 END) AS n{i}, COUNT(*) AS d{i}" if p else
        f"SUM({v}) AS n{i}, COUNT({v}) AS d{i}" for i, (_, p, v) in enumerate(chosen))
    arms = " UNION ALL ".join(
        f"SELECT '{m}', year, level, area_code, '{group_id}', n{i}, d{i}, "
        f"{'100.0 * ' if p else ''}n{i} / d{i} FROM agg WHERE d{i} > 0"
        for i, (m, p, _) in enumerate(chosen))
    return f"""
        INSERT INTO baseline
        WITH agg AS (
            SELECT year,
                   CASE WHEN GROUPING(urn) = 0 THEN 'school' WHEN GROUPING(la_code) = 0
                        THEN 'la' ELSE 'national' END AS level,
                   CASE WHEN GROUPING(urn) = 0 THEN CAST(urn AS VARCHAR)
                        WHEN GROUPING(la_code) = 0 THEN la_code ELSE 'E92000001' END AS area_code,
                   {sums}
            FROM {dataset}_scored WHERE {condition}
            GROUP BY GROUPING SETS ((year, urn), (year, la_code), (year)))
        {arms}"""


def run_baseline(folder: Path, out: Path) -> int:
    import duckdb

    from attain.store.warehouse import Warehouse

    _, catalogue = measures()
    con = duckdb.connect()
    Warehouse(folder / "warehouse").register_views(con, [YEAR])
    con.execute("CREATE TABLE baseline (measure_id VARCHAR, year INTEGER, level VARCHAR, "
                "area_code VARCHAR, group_id VARCHAR, numerator DOUBLE, denominator DOUBLE, "
                "value DOUBLE)")
    for dataset, sql in SCORED.items():
        con.execute(sql)
        for group in catalogue.groups:  # type: ignore[attr-defined]
            con.execute(baseline_group_sql(dataset, group.id, group.filter))
    con.execute(f"COPY baseline TO '{out}' (FORMAT parquet)")
    return int(con.execute("SELECT count(*) FROM baseline").fetchall()[0][0])


# --- pandas: the same numbers with boolean masks and groupby ----------------------------
def _equals(column: str, code: str, frame: Any) -> Any:
    return frame[column] == code


PANDAS_GROUPS = {
    "all": lambda d: np.ones(len(d), bool), "boys": lambda d: d.gender == "M",
    "girls": lambda d: d.gender == "F", "fsm": lambda d: d.fsm == True,  # noqa: E712
    "non_fsm": lambda d: d.fsm == False,  # noqa: E712
    "disadvantaged": lambda d: d.disadvantaged == True,  # noqa: E712
    "non_disadvantaged": lambda d: d.disadvantaged == False,  # noqa: E712
    "sen_none": lambda d: d.sen == "N", "sen_support": lambda d: d.sen.isin(["A", "P", "K"]),
    "sen_ehcp": lambda d: d.sen.isin(["S", "E"]),
    "sen_any": lambda d: d.sen.isin(["A", "P", "K", "S", "E"]),
    "lac": lambda d: d.lac == True, "eal": lambda d: d.eal == True,  # noqa: E712
    "non_eal": lambda d: d.eal == False,  # noqa: E712
    **{f"eth_{name}": partial(_equals, "ethnicity", code) for name, code in (
        ("white", "WHIT"), ("mixed", "MIXD"), ("asian", "ASIA"), ("black", "BLAC"),
        ("chinese", "CHIN"), ("other", "AOEG"), ("unclassified", "UNCL"))},
    **{f"prior_{b}": partial(_equals, "prior_band", b) for b in ("low", "middle", "high")},
}


def pandas_frames(folder: Path, years: list[int] | None = None) -> dict[str, object]:
    """The scored KS2 and KS4 frames (of `years`, default every year in the warehouse)."""
    from attain.store.warehouse import Warehouse

    wh = Warehouse(folder / "warehouse")
    census = wh.read("pupils", years).to_pandas()[
        ["year", "pupil_id", "gender", "fsm", "disadvantaged", "sen", "lac", "eal", "ethnicity"]]
    frames = {}
    for dataset in ("ks2", "ks4"):
        d = wh.read(dataset, years).to_pandas().merge(census, on=["year", "pupil_id"],
                                                                 how="left")
        if dataset == "ks2":
            a = d.ks1_aps
            d["pg"] = np.select([a < 2.5, a < 3, a < 5, a < 22, a >= 22],
                                [1, 2, 3, np.floor(a) - 1, 21], np.nan)
            for col, out in (("read_scaled", "s_read"), ("maths_scaled", "s_maths"),
                             ("writ_points", "s_writ")):
                d[out] = d[col] - d.groupby("pg")[col].transform("mean")
        else:
            f = d.ks2_aps_fine
            d["pg"] = np.select([f < 2, f < 2.5, f < 2.8, f >= 5.8], [15, 20, 25, 58],
                                np.floor(np.round(f * 10, 6)))
            est = d[d.in_p8 & d.att8.notna()].groupby("pg").att8.agg(["mean", "std"])
            e, sd = d.pg.map(est["mean"]), d.pg.map(est["std"])
            raw = d.att8 - e
            d["s_p8"] = np.where((sd > 0) & (raw / sd < P8_Z), sd * P8_Z, raw) / 10
            for element, divisor in (("eng", 2), ("mat", 2), ("ebac", 3), ("open", 3)):
                col = f"att8_{element}"
                mean = d[d.in_p8 & d.att8.notna()].groupby("pg")[col].mean()
                d[f"s_p8_{element}"] = (d[col] - d.pg.map(mean)) / divisor
        for m, (ds, p, v) in BASELINE.items():
            if ds == dataset and p:
                d[m] = d.eval(p.replace("IN (", "in (").replace(" AND ", " and ")
                              .replace("writ_ta = ", "writ_ta == ")).astype(float)
            elif ds == dataset:
                d[m] = d[v]
        d["national"] = "E92000001"
        d["urn"] = d.urn.astype(str)
        frames[dataset] = d
    return frames  # type: ignore[return-value]


def run_pandas(folder: Path, out: Path) -> int:
    import pandas as pd

    result = pd.concat(pandas_parts(pandas_frames(folder)), ignore_index=True)
    result.to_parquet(out)
    return len(result)


def run_pandas_years(folder: Path, out: Path, years: list[int]) -> int:
    """`run_pandas` one year at a time (the progress estimates are per year), with a year
    column: memory is one year's frames, as an analyst would loop."""
    import pandas as pd

    parts = []
    for year in years:
        for part in pandas_parts(pandas_frames(folder, [year])):
            part.insert(1, "year", year)
            parts.append(part)
    result = pd.concat(parts, ignore_index=True)
    result.to_parquet(out)
    return len(result)


def pandas_parts(frames: dict[str, Any]) -> list[Any]:
    """One frame per measure x group x level: numerator, denominator, value per area."""
    import pandas as pd

    parts = []
    for dataset, d in frames.items():
        cols = [m for m, (ds, _, _) in BASELINE.items() if ds == dataset]
        for group_id, mask in PANDAS_GROUPS.items():
            sub = d[mask(d)]  # type: ignore[index]
            for level, key in (("school", "urn"), ("la", "la_code"), ("national", "national")):
                agg = sub.groupby(key)[cols].agg(["sum", "count"])
                for m in cols:
                    n, c = agg[(m, "sum")].values, agg[(m, "count")].values
                    scale = 100.0 if BASELINE[m][1] else 1.0
                    parts.append(pd.DataFrame({
                        "measure_id": m, "level": level, "area_code": agg.index.astype(str),
                        "group_id": group_id, "numerator": n, "denominator": c,
                        "value": scale * n / np.maximum(c, 1)})[c > 0])
    return parts


# --- attain -------------------------------------------------------------------------------
def run_attain(folder: Path, out: Path, strategy: str) -> int:
    from attain.engines.duckdb import DuckDBEngine
    from attain.measures import compile_catalogue
    from attain.store.warehouse import Warehouse

    ids, catalogue = measures()
    engine = DuckDBEngine(Warehouse(folder / "warehouse"), years=[YEAR])
    rows = engine.run(compile_catalogue(catalogue, measure_ids=ids, years=[YEAR],  # type: ignore[arg-type]
                                        strategy=strategy))
    engine.con.execute(f"COPY results_base TO '{out}' (FORMAT parquet)")
    return rows


def run_compute(folder: Path, strategy: str) -> int:
    from attain.services.compute import compute

    ids, _ = measures()
    shutil.rmtree(folder / "results", ignore_errors=True)
    return compute(folder, years=[YEAR], measure_ids=ids, strategy=strategy).rows


def run_variant(name: str, folder: Path) -> dict[str, float]:
    """In a child process: time one variant (excluding imports and catalogue loading)."""
    measures()  # warm: parse the catalogue once before timing
    out = folder / f"{name}.parquet"
    started = time.perf_counter()
    if name == "baseline_sql":
        rows = run_baseline(folder, out)
    elif name == "pandas":
        rows = run_pandas(folder, out)
    elif name.startswith("attain_"):
        rows = run_attain(folder, out, name.removeprefix("attain_"))
    else:
        rows = run_compute(folder, name.removeprefix("compute_"))
    return {"seconds": time.perf_counter() - started, "rows": rows}


def child(name: str, folder: Path) -> dict[str, float]:
    process = subprocess.Popen([sys.executable, __file__, "--variant", name,
                                "--folder", str(folder)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"{name} failed")
    return {**json.loads(output.strip().splitlines()[-1]), "peak_mib": usage.ru_maxrss / 1024,
            "cpu": usage.ru_utime + usage.ru_stime}


def check(folder: Path) -> str:
    """Do the baseline, pandas and attain agree? Largest differences over matching rows."""
    import duckdb

    con = duckdb.connect()
    lines = []
    for other in ("attain_per_group", "pandas"):
        row = con.execute(f"""
            SELECT count(*), count(a.measure_id),
                   max(abs(a.numerator - b.numerator)), max(abs(a.denominator - b.denominator)),
                   max(abs(a.value - b.value))
            FROM '{folder}/baseline_sql.parquet' b LEFT JOIN '{folder}/{other}.parquet' a
              ON a.measure_id = b.measure_id AND a.level = b.level
             AND a.area_code = b.area_code AND a.group_id = b.group_id""").fetchall()[0]
        lines.append(f"baseline rows {row[0]:,}, found in {other} {row[1]:,}; max |diff| "
                     f"numerator {row[2]:.2e}, denominator {row[3]:.2e}, value {row[4]:.2e}")
    return "\n".join(lines)


VARIANTS = ("baseline_sql", "attain_per_group", "attain_unnest", "attain_rollup", "pandas",
            "compute_per_group", "compute_unnest", "compute_rollup")


# `attain compute` reports its stages through `progress`; these labels end each stage.
# Since session 6 the results rows are written on a thread while the comparisons run, so
# "comparisons" includes that write and "write" is the comparisons' own.
STAGE_ENDS = (("engine", "done", 0.8), ("suppression", "merging previous results", None),
              ("merge", "comparisons", None), ("comparisons", "writing results", None),
              ("write", "done", 1.0))


def only_la_copy(source: Path, target: Path, la_code: str) -> str:
    """Copy `source`'s warehouse into `target`, keeping of every per-pupil dataset only the
    rows of `la_code`'s schools (the registries stay whole); return a line of counts."""
    import duckdb

    from attain.domain.datasets import DATASETS

    shutil.copytree(source / "warehouse", target / "warehouse")
    con = duckdb.connect()
    schools = (target / "warehouse" / "schools").as_posix()
    kept = total = 0
    for name in (d.name for d in DATASETS.values() if d.per_pupil):
        for path in sorted((target / "warehouse" / name).glob("*/*.parquet")):
            total += con.execute(f"SELECT count(*) FROM '{path}'").fetchall()[0][0]
            con.execute(f"""COPY (SELECT * FROM '{path}' WHERE urn IN (
                SELECT urn FROM read_parquet('{schools}/*.parquet') WHERE la_code = ?))
                TO '{path}.kept' (FORMAT parquet)""", [la_code])
            os.replace(f"{path}.kept", path)
            kept += con.execute(f"SELECT count(*) FROM '{path}'").fetchall()[0][0]
    return f"kept {kept:,} of {total:,} pupil rows (LA {la_code}'s schools)"


def demo_stages(folder: Path, strategy: str = "rollup",
                school_las: tuple[str, ...] | None = None, pupils: str = "national") -> None:
    """Time each stage of `attain compute` on an existing data folder (e.g. the default
    demo: `attain demo --data-dir D --no-results`), wall and CPU (this process, so
    DuckDB's threads included), and the peak memory."""
    import resource

    from attain.services.compute import compute

    marks: list[tuple[str, float, float, float]] = []

    def progress(label: str, fraction: float) -> None:
        marks.append((label, fraction, time.perf_counter(), time.process_time()))

    start_wall, start_cpu = time.perf_counter(), time.process_time()
    wall, cpu = start_wall, start_cpu
    summary = compute(folder, progress=progress, strategy=strategy, school_las=school_las,
                      pupils=pupils)
    end_wall, end_cpu = time.perf_counter(), time.process_time()
    for stage, label, fraction in STAGE_ENDS:
        _, _, w, c = next(m for m in marks if m[0] == label
                          and (fraction is None or abs(m[1] - fraction) < 1e-9))
        print(f"{stage:<12} {w - wall:7.2f} s wall {c - cpu:7.2f} s CPU")
        wall, cpu = w, c
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'total':<12} {end_wall - start_wall:7.2f} s wall {end_cpu - start_cpu:7.2f} s CPU"
          f"  peak {peak:.0f} MiB")
    print("\n".join(summary.lines()[:-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=600_000)
    parser.add_argument("--keep", type=Path, help="folder to keep the data in")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--strategy", default="rollup", help="with --demo: the compiler "
                        "strategy (rollup, unnest, per_group)")
    parser.add_argument("--home-la", help="with --demo: compare only these LAs' school rows "
                        "(`attain compute --home-la`; the demo itself passes its LA)")
    parser.add_argument("--demo", type=Path, help="time the stages of `attain compute` on "
                        "this existing data folder instead")
    parser.add_argument("--only-la", help="with --demo: first copy the folder's warehouse "
                        "keeping only the pupil rows of this LA's schools (as an LA holds "
                        "its own data), and time the compute of the copy")
    parser.add_argument("--own-pupils", action="store_true", help="with --demo: `attain "
                        "compute --pupils own` (an LA's own pupils: no national or progress "
                        "rows from them)")
    args = parser.parse_args()
    if args.demo:
        folder = args.demo
        if args.only_la:
            folder = Path(tempfile.mkdtemp(prefix="bench_only_la_"))
            print(only_la_copy(args.demo, folder, args.only_la))
        demo_stages(folder, args.strategy,
                    tuple(args.home_la.split(",")) if args.home_la else None,
                    "own" if args.own_pupils else "national")
        if args.only_la:
            shutil.rmtree(folder)
        return
    if args.variant:
        print(json.dumps(run_variant(args.variant, args.folder)))
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_compute_"))
    if not (folder / "warehouse").exists():
        started = time.perf_counter()
        synthesise(folder, args.pupils)
        print(f"synthesised {args.pupils:,} KS2 + {args.pupils:,} KS4 pupils in "
              f"{time.perf_counter() - started:.1f} s", flush=True)
    results = {}
    for name in args.variants.split(","):
        results[name] = child(name, folder)
        r = results[name]
        print(f"{name:<18} {r['seconds']:7.2f} s wall {r['cpu']:7.2f} s CPU (whole process)"
              f"  {r['rows']:>10,.0f} rows  peak {r['peak_mib']:7.0f} MiB", flush=True)
    base = results.get("baseline_sql", {}).get("seconds")
    if base:
        for name, r in results.items():
            print(f"{name:<18} {r['seconds'] / base:5.2f}× baseline (wall)")
    if "baseline_sql" in results and "pandas" in results and "attain_per_group" in results:
        print(check(folder))
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
