"""Feature extraction in DuckDB: priors from an earlier dataset, context from the census."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from attain.estimates.features import extract
from attain.estimates.specs import get_spec
from attain.store.warehouse import Warehouse


def _keys(year: int, pupils: list[str]) -> dict[str, list[object]]:
    return {"year": [year] * len(pupils), "pupil_id": pupils, "urn": [100001] * len(pupils),
            "la_code": ["882"] * len(pupils)}


def test_prior_is_the_latest_earlier_record_of_the_prior_dataset(tmp_path: Path) -> None:
    eyfs = pa.concat_tables([
        # A: every ELG 1 in 2017 (17 points), every ELG 2 in 2018 (34 points, the latest).
        pa.table({**_keys(2017, ["A"]), **{c: [1] for c in ELGS_2013}}),
        pa.table({**_keys(2018, ["A", "B"]), **{c: [2, 3] for c in ELGS_2013}}),
        # C's only profile is in the same year as the check: not a prior.
        pa.table({**_keys(2019, ["C"]), **{c: [2] for c in ELGS_2013}}),
    ], promote_options="default")
    phonics = pa.table({**_keys(2019, ["A", "B", "C"]), "nc_year": [1, 1, 1],
                        "mark": [35, 20, 33], "outcome": ["WA", "WT", "WA"]})
    pupils = pa.table({**_keys(2019, ["A", "B", "C"]), "fsm": [True, False, False]})
    store = Warehouse(tmp_path / "warehouse")
    with store.transaction() as tx:
        tx.write("eyfs", eyfs)
        tx.write("phonics", phonics)
        tx.write("pupils", pupils)
    with store.connect() as con:
        frame = extract(con, get_spec("phonics_y1_expected"), ("fsm",), [2019])
    assert sorted(frame.pupil_id.tolist()) == ["A", "B"]
    by_pupil = dict(zip(frame.pupil_id.tolist(), frame.prior.tolist(), strict=True))
    assert by_pupil == {"A": 34.0, "B": 51.0}  # 17 ELGs x 2 and x 3
    outcome = dict(zip(frame.pupil_id.tolist(), frame.outcome.tolist(), strict=True))
    assert outcome == {"A": 1.0, "B": 0.0}  # mark 35 >= 32; 20 < 32
    fsm = dict(zip(frame.pupil_id.tolist(), frame.context["fsm"].tolist(), strict=True))
    assert fsm == pytest.approx({"A": 1.0, "B": 0.0})


ELGS_2013 = ("elg_cl1", "elg_cl2", "elg_cl3", "elg_psed1", "elg_psed2", "elg_psed3", "elg_pd1",
             "elg_pd2", "elg_lit1", "elg_lit2", "elg_mat1", "elg_mat2", "elg_uw1", "elg_uw2",
             "elg_uw3", "elg_ead1", "elg_ead2")
