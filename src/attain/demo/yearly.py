"""One academic year of data: the census and every result dataset due that year."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pyarrow as pa

from attain.demo import absence, early_years, key_stage_1, key_stage_2, key_stage_3, key_stage_4
from attain.demo.characteristics import ETHNICITIES
from attain.demo.columns import coded, ints, key_columns
from attain.demo.roll import Roll
from attain.demo.world import World

Maker = Callable[[Roll, World, int, np.random.Generator], pa.Table]
NO_TESTS = (2020, 2021)


def _england(year: int) -> list[tuple[str, Maker]]:
    tested = year not in NO_TESTS
    plan: list[tuple[str, Maker, bool]] = [
        ("eyfs", early_years.eyfs, tested),
        ("phonics", early_years.phonics, tested and year >= 2012),
        ("ks1", key_stage_1.ks1, tested and year <= 2023),
        ("ks2", key_stage_2.ks2, tested),
        ("ks3", key_stage_3.ks3, year <= 2013),
        ("ks4", key_stage_4.ks4, tested),
        ("ks5", key_stage_4.ks5, tested),
    ]
    return [(name, make) for name, make, due in plan if due]


def _wales(year: int) -> list[tuple[str, Maker]]:
    tested = year not in NO_TESTS
    plan: list[tuple[str, Maker, bool]] = [
        ("fp", key_stage_1.fp, 2012 <= year <= 2019),
        ("ks2", key_stage_2.ks2, tested),
        ("ks3", key_stage_3.ks3, tested),
        ("ks4", key_stage_4.ks4, tested),
        ("ks5", key_stage_4.ks5, tested),
    ]
    return [(name, make) for name, make, due in plan if due]


def datasets_due(country: str, year: int) -> list[tuple[str, Maker]]:
    results = _england(year) if country == "E" else _wales(year)
    return results + [("attendance", absence.attendance), ("exclusions", absence.exclusions)]


SEN_BEFORE_2015 = ("N", "A", "P", "S")
SEN_FROM_2015 = ("N", "K", "E")


def census_table(roll: Roll, world: World, year: int) -> pa.Table:
    if year < 2015:
        sen = np.where(roll.sen == 2, 3, np.where(roll.sen == 1, 1 + roll.sen_action_plus, 0))
        sen_col = coded(sen, SEN_BEFORE_2015)
    else:
        sen_col = coded(roll.sen, SEN_FROM_2015)
    cols = key_columns(roll, world, year)
    cols.update({
        "nc_year": ints(roll.nc),
        "gender": coded(roll.male.astype(np.int8), ("F", "M")),
        "month_of_birth": ints(roll.mob),
        "fsm": pa.array(roll.fsm),
        "disadvantaged": pa.array(roll.disadvantaged),
        "sen": sen_col,
        "lac": pa.array(roll.lac),
        "eal": pa.array(roll.eal),
        "ethnicity": coded(roll.eth, ETHNICITIES),
    })
    return pa.table(cols)


def year_tables(roll: Roll, world: World, year: int,
                rng: np.random.Generator) -> Iterator[tuple[str, pa.Table]]:
    yield "pupils", census_table(roll, world, year)
    for name, make in datasets_due(world.country, year):
        yield name, make(roll, world, year, rng)
