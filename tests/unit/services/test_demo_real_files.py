"""The wheel ships every public file `attain demo --real` reads (pyproject.toml's
force-include list), so an installed attain builds a real LA's folder without a checkout."""

from __future__ import annotations

import tomllib
from pathlib import Path

from attain.ingest.ready_reckoner import SD_FILE
from attain.services.demo_real import GIAS_LAS, planned_files

ROOT = Path(__file__).resolve().parents[3]
# What readers read beside a planned file: LAIT's dictionary and neighbours
# (attain.ingest.lait), the ready reckoner's national SD (attain.ingest.ready_reckoner).
BESIDE = {"bds_long_0.parquet": ("lait_data_dictionary.csv", "sn_may_2025.xlsx"),
          "p8_pupil_coefficients_file.csv": (SD_FILE,)}


def test_every_planned_file_and_its_source_is_in_the_wheel(real_data: Path) -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    # An LA with GIAS and KS2 files (the most files) and one without.
    paths = {path for la in (GIAS_LAS[0], "882") for path, _ in planned_files(real_data, la)}
    paths |= {path.parent / name for path in paths for name in BESIDE.get(path.name, ())}
    assert all(path.is_file() for path in paths)
    wanted = {p.relative_to(ROOT).as_posix() for p in paths}
    # data/real/<folder>/SOURCE.md of each
    wanted |= {"/".join(p.relative_to(ROOT).parts[:3]) + "/SOURCE.md" for p in paths}
    assert wanted - shipped.keys() == set()
    assert all(shipped[key] == "attain/" + key for key in wanted)
