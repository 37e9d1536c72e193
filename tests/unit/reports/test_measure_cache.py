"""The on-disk cache of the catalogue fields reports need: same answers, refreshed when a
definition file changes, skipped when it cannot be written."""

from __future__ import annotations

import os
from pathlib import Path

from attain.measures import load_catalogue
from attain.measures.catalogue import DEFINITIONS
from attain.measures.spec import Catalogue
from attain.reports.measure_cache import from_catalogue, report_measures


class CountingLoader:
    def __init__(self, root: Path) -> None:
        self.root, self.calls = root, 0

    def __call__(self) -> Catalogue:
        self.calls += 1
        return load_catalogue(self.root)


def test_cached_fields_equal_the_catalogue_and_are_read_once(tmp_path: Path) -> None:
    load = CountingLoader(DEFINITIONS)
    first = report_measures(DEFINITIONS, load, tmp_path / "cache")
    second = report_measures(DEFINITIONS, load, tmp_path / "cache")
    assert first == second == from_catalogue(load_catalogue())
    assert load.calls == 1
    lac = next(m for m in first if m.id == "ni99_lac_ks2_l4_eng")
    assert (lac.key_stage, lac.about_group) == ("ks2", True)  # cohort: lac


def test_an_edited_definition_file_is_read_again(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "definitions"
    shutil.copytree(DEFINITIONS, root)
    load = CountingLoader(root)
    report_measures(root, load, tmp_path / "cache")
    edited = next(root.rglob("ks2_rwm_expected.yaml"))
    edited.write_text(edited.read_text("utf-8").replace(
        "title: \"", "title: \"Edited – ", 1), "utf-8")
    stat = edited.stat()
    os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    found = {m.id: m for m in report_measures(root, load, tmp_path / "cache")}
    assert load.calls == 2
    assert found["ks2_rwm_expected"].title.startswith("Edited – ")


def test_an_unwritable_cache_folder_is_skipped(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", "utf-8")
    load = CountingLoader(DEFINITIONS)
    assert report_measures(DEFINITIONS, load, blocked / "cache") == \
        from_catalogue(load_catalogue())
