"""A small hand-made results folder for the family-average report tests: one LA, one
school, one measure, its figures worked by hand below.

KS2 reading, writing and maths at the expected standard (ks2_rwm_expected), shown at 1 dp:
  school 100001, all, 2017:   15 / 25 = 60.0 %   no family average (null, never 0)
  school 100001, all, 2018:   16 / 25 = 64.0 %   family of 19 schools: 342 / 500 = 68.4 %
  school 100001, all, 2019:   18 / 30 = 60.0 %   family of 20 schools: 420 / 600 = 70.0 %
  school 100001, FSM, 2019:     2 / 4 = 50.0 %   suppressed (denominator 4 < 6);
                                                 family of 18 schools: 90 / 200 = 45.0 %
  school 100001, non-FSM 2019: 16 / 26 = 61.5 %  family of 20 schools: 290 / 400 = 72.5 %
  LA 882, all: 2017 1200 / 2000 = 60.0 %, 2018 1240 / 2000 = 62.0 %, 2019 1300 / 2000 = 65.0 %
  England, all: 2017 61.0 %, 2018 64.0 %, 2019 65.0 % (of 100000)
  England 2019: FSM 24000 / 50000 = 48.0 %, non-FSM 41000 / 50000 = 82.0 %
So, as shown: school minus family 2018 64.0 - 68.4 = -4.4, 2019 60.0 - 70.0 = -10.0; the
FSM difference is withheld with the school's FSM figure; the family's FSM gap is
45.0 - 72.5 = -27.5.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from attain.services.compute import WAREHOUSE, results_warehouse
from attain.store.warehouse import Warehouse

URN, LA, NAME = 100001, "882", "Alpha Primary School"
MEASURE = "ks2_rwm_expected"
SUPPRESSED_FSM = "50.0"

# (year, level, area, group, numerator, denominator, suppressed,
#  family_value, family_size)
CUBE = (
    (2017, "school", str(URN), "all", 15, 25, None, None, None),
    (2018, "school", str(URN), "all", 16, 25, None, 342 / 500 * 100, 19),
    (2019, "school", str(URN), "all", 18, 30, None, 420 / 600 * 100, 20),
    (2019, "school", str(URN), "fsm", 2, 4, "small_denominator", 90 / 200 * 100, 18),
    (2019, "school", str(URN), "non_fsm", 16, 26, None, 290 / 400 * 100, 20),
    (2017, "la", LA, "all", 1200, 2000, None, None, None),
    (2018, "la", LA, "all", 1240, 2000, None, None, None),
    (2019, "la", LA, "all", 1300, 2000, None, None, None),
    (2017, "national", "E92000001", "all", 61000, 100000, None, None, None),
    (2018, "national", "E92000001", "all", 64000, 100000, None, None, None),
    (2019, "national", "E92000001", "all", 65000, 100000, None, None, None),
    (2019, "national", "E92000001", "fsm", 24000, 50000, None, None, None),
    (2019, "national", "E92000001", "non_fsm", 41000, 50000, None, None, None),
)


def build(folder: Path, *, family_columns: tuple[str, ...] = (
        "family_value", "family_size", "diff_family")) -> Path:
    """The folder with its registry, results and comparisons; `family_columns` chooses
    which family columns the comparisons file has (older files have none)."""
    folder.mkdir(parents=True, exist_ok=True)
    with Warehouse(folder / WAREHOUSE).transaction() as tx:
        tx.write("las", pa.table({
            "la_code": [LA], "new_la_code": ["E06000033"], "la_name": ["Southend-on-Sea"],
            "region_code": ["E12000006"], "region_name": ["East of England"],
            "country": ["E"]}))
        tx.write("schools", pa.table({
            "urn": [URN], "la_code": [LA], "name": [NAME], "phase": ["primary"],
            "country": ["E"]}))
    keys = {"measure_id": [MEASURE] * len(CUBE), "year": [r[0] for r in CUBE],
            "level": [r[1] for r in CUBE], "area_code": [r[2] for r in CUBE],
            "group_id": [r[3] for r in CUBE]}
    values = [100 * r[4] / r[5] for r in CUBE]
    results = pa.table({**keys, "numerator": [float(r[4]) for r in CUBE],
                        "denominator": [float(r[5]) for r in CUBE], "value": values,
                        "suppressed": [r[6] for r in CUBE],
                        "source": ["computed"] * len(CUBE)})
    family = {
        "family_value": pa.array([r[7] for r in CUBE], pa.float64()),
        "family_size": pa.array([r[8] for r in CUBE], pa.int32()),
        # as attain compute writes it: none where the school's own row is suppressed
        "diff_family": pa.array([v - r[7] if r[7] is not None and r[6] is None else None
                                 for v, r in zip(values, CUBE, strict=True)], pa.float64()),
    }
    comparisons = pa.table({**keys, **{k: v for k, v in family.items()
                                       if k in family_columns}})
    warehouse = results_warehouse(folder)
    warehouse.write("results", results)
    warehouse.write("comparisons", comparisons)
    return folder
