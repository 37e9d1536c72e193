"""Targets saved at the same moment (two web workers, or threads) are all kept: the read,
merge and replace of targets.parquet happen under one file lock."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from attain.services import targets
from attain.targets.records import Target

EDITORS, SAVES = 4, 10


def _editor(folder: Path, editor: int, barrier: threading.Barrier) -> None:
    barrier.wait()
    for save in range(SAVES):
        targets.save_targets(folder, [Target(100000 + editor, "ks2_rwm_expected",
                                             2020 + save, float(50 + editor))])


def test_concurrent_saves_lose_no_target(tmp_path: Path) -> None:
    barrier = threading.Barrier(EDITORS)
    with ThreadPoolExecutor(max_workers=EDITORS) as pool:
        for done in [pool.submit(_editor, tmp_path, e, barrier) for e in range(EDITORS)]:
            done.result()
    saved = {(t.urn, t.year): t.value for t in targets.load_targets(tmp_path)}
    # every editor's ten years, each with that editor's value
    assert saved == {(100000 + e, 2020 + s): float(50 + e)
                     for e in range(EDITORS) for s in range(SAVES)}


def test_a_later_save_replaces_the_same_school_measure_and_year(tmp_path: Path) -> None:
    targets.save_targets(tmp_path, [Target(100001, "ks2_rwm_expected", 2024, 60.0)])
    targets.save_targets(tmp_path, [Target(100001, "ks2_rwm_expected", 2024, 65.0),
                                    Target(100002, "ks2_rwm_expected", 2024, 70.0)])
    assert sorted((t.urn, t.value) for t in targets.load_targets(tmp_path)) == [
        (100001, 65.0), (100002, 70.0)]
