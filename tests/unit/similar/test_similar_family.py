"""Families of similar schools: standardised Euclidean distance, worked by hand."""

from __future__ import annotations

import math
from pathlib import Path

import pyarrow as pa
import pytest

from attain.errors import UserError
from attain.services import similar
from attain.similar.family import Unit, families, family_average, family_of, standardise
from attain.store.warehouse import Warehouse

# Two variables. a: 0, 2, 0, 2 -> mean 1, population SD 1 -> z -1, 1, -1, 1.
# b: 0, 0, 3, 4 -> mean 1.75, variance (1.75² + 1.75² + 1.25² + 2.25²) / 4 = 3.1875,
# SD 1.785357 -> z -0.980196, -0.980196, 0.700140, 1.260252.
UNITS = [Unit("S1", "primary", {"a": 0, "b": 0}), Unit("S2", "primary", {"a": 2, "b": 0}),
         Unit("S3", "primary", {"a": 0, "b": 3}), Unit("S4", "primary", {"a": 2, "b": 4})]


def test_standardised_values_match_the_hand_working() -> None:
    z = standardise(UNITS, ("a", "b"))
    assert z[:, 0].tolist() == [-1.0, 1.0, -1.0, 1.0]
    assert z[:, 1] == pytest.approx([-0.980196, -0.980196, 0.700140, 1.260252], abs=1e-6)


def test_family_is_nearest_first_by_standardised_distance() -> None:
    family = families(UNITS, ("a", "b"), size=2)["S1"]
    # S3: |0.700140 + 0.980196| = 1.680336; S2: 2;
    # S4: sqrt(4 + 2.240448²) = sqrt(9.019607) = 3.003266.
    assert [m.code for m in family] == ["S3", "S2"]
    assert [m.distance for m in family] == pytest.approx([1.680336, 2.0], abs=1e-6)
    everyone = families(UNITS, ("a", "b"), size=20)["S1"]
    assert everyone[-1].code == "S4" and everyone[-1].distance == pytest.approx(3.003266,
                                                                                 abs=1e-6)
    assert family_of(UNITS, "S1", ("a", "b"), 2) == family


def test_units_of_other_phases_and_self_are_never_in_the_family() -> None:
    units = [*UNITS, Unit("X1", "secondary", {"a": 0, "b": 0})]
    family = families(units, ("a", "b"), size=20)
    assert "X1" not in [m.code for m in family["S1"]]
    assert "S1" not in [m.code for m in family["S1"]]
    assert family["X1"] == []


def test_units_of_measurement_do_not_change_the_family() -> None:
    rescaled = [Unit(u.code, u.pool, {"a": 1000 * u.values["a"], "b": u.values["b"]})
                for u in UNITS]
    assert families(rescaled, ("a", "b"), 3) == families(UNITS, ("a", "b"), 3)


def test_family_average_skips_members_without_a_value() -> None:
    family = families(UNITS, ("a", "b"), size=3)["S1"]
    assert family_average(family, {"S2": 40.0, "S3": 50.0, "S4": None}) == 45.0


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    urns = [100001, 100002, 100003, 100004]
    schools = pa.table({"urn": urns, "la_code": ["882"] * 4, "name": list("ABCD"),
                        "phase": ["secondary"] * 4, "country": ["E"] * 4})
    # School k has k+1 pupils; FSM share 0%, 50%, 33%, 25%... built pupil by pupil.
    rows = [(u, f"{u}-{i}", i == 1) for k, u in enumerate(urns) for i in range(k + 2)]
    pupils = pa.table({"year": [2024] * len(rows), "pupil_id": [r[1] for r in rows],
                       "urn": [r[0] for r in rows], "la_code": ["882"] * len(rows),
                       "fsm": [r[2] for r in rows]})
    with Warehouse(tmp_path / "warehouse").transaction() as tx:
        tx.write("schools", schools)
        tx.write("pupils", pupils)
    return tmp_path


def test_school_family_from_the_warehouse(folder: Path) -> None:
    family = similar.school_family(folder, 100001, 2024, size=2, variables=("pupils",))
    # Roll sizes 2, 3, 4, 5: nearest to 2 are 3 then 4.
    assert [m.code for m in family.members] == ["100002", "100003"]
    assert family.context["100001"].values["pct_fsm"] == pytest.approx(50.0)
    assert not math.isnan(family.members[0].distance)


def test_unknown_school_or_variable_is_a_user_error(folder: Path) -> None:
    with pytest.raises(UserError, match="no pupils"):
        similar.school_family(folder, 999999, 2024)
    with pytest.raises(UserError, match="unknown context variable"):
        similar.school_family(folder, 100001, 2024, variables=("shoe_size",))


def test_la_statistical_neighbours_are_computed_the_same_way(tmp_path: Path) -> None:
    # LAs with 2, 3, 6 and 10 pupils (all FSM): by size, 882's nearest is 883, then 884.
    sizes = {"882": 2, "883": 3, "884": 6, "885": 10}
    rows = [(la, f"{la}-{i}") for la, n in sizes.items() for i in range(n)]
    Warehouse(tmp_path / "warehouse").write("pupils", pa.table({
        "year": [2024] * len(rows), "pupil_id": [r[1] for r in rows],
        "urn": [1] * len(rows), "la_code": [r[0] for r in rows], "fsm": [True] * len(rows)}))
    family = similar.la_neighbours(tmp_path, "882", 2024, size=2, variables=("pupils",))
    assert [m.code for m in family.members] == ["883", "884"]
