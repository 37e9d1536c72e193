"""generate(): determinism, atomic writes, refusal of bad input, the summary."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

import pytest

import attain.demo.service as service
from attain.demo import DemoSummary, generate
from attain.domain.datasets import DATASETS
from attain.errors import UserError

SMALL = {"scale": 0.002, "years": range(2018, 2020)}


def _digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    generate(tmp_path / "a", seed=5, **SMALL)  # type: ignore[arg-type]
    generate(tmp_path / "b", seed=5, **SMALL)  # type: ignore[arg-type]
    generate(tmp_path / "c", seed=6, **SMALL)  # type: ignore[arg-type]
    a, b, c = (_digests(tmp_path / x) for x in "abc")
    assert len(a) > 20
    assert a == b
    assert a.keys() == c.keys() and a != c


def test_summary_describes_what_was_written(england: DemoSummary) -> None:
    assert (england.la_code, england.la_name, england.country) == ("882", "Southend-on-Sea",
                                                                   "E")
    assert 55 <= england.schools <= 65
    # Every dataset but Wales's foundation phase and the published progress estimates
    # (imported, not generated: the demo's nation gives its own).
    assert set(england.rows) == set(DATASETS) - {"fp", "progress_estimates"}
    assert min(england.pupils_per_year.values()) > 20_000
    text = "\n".join(england.lines())
    assert "Southend-on-Sea (882)" in text and "2008-2025" in text
    assert str(england.folder) in text


def test_welsh_authority_gets_a_wales_only_comparator(wales: DemoSummary) -> None:
    assert (wales.la_name, wales.country) == ("Cardiff", "W")
    assert "fp" in wales.rows and "phonics" not in wales.rows


def test_failure_mid_generation_leaves_nothing(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def explode(*args: object) -> object:
        calls.append(args)
        raise RuntimeError("disk full")

    monkeypatch.setattr(service.characteristics, "census", explode)
    target = tmp_path / "data"
    with pytest.raises(RuntimeError):
        generate(target, **SMALL)  # type: ignore[arg-type]
    assert calls
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_failure_after_some_years_keeps_an_empty_folder_empty(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = service.year_tables

    def fail_in_2019(roll, world, year, rng):  # type: ignore[no-untyped-def]
        if year == 2019:
            raise KeyboardInterrupt
        yield from real(roll, world, year, rng)

    monkeypatch.setattr(service, "year_tables", fail_in_2019)
    target = tmp_path / "data"
    target.mkdir()
    with pytest.raises(KeyboardInterrupt):
        generate(target, **SMALL)  # type: ignore[arg-type]
    assert target.is_dir() and list(target.iterdir()) == []
    assert [p.name for p in tmp_path.iterdir()] == ["data"]


def test_non_empty_folder_is_refused_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me")
    with pytest.raises(UserError, match="not empty") as err:
        generate(tmp_path, **SMALL)  # type: ignore[arg-type]
    assert "--data-dir" in err.value.message
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    assert (tmp_path / "notes.txt").read_text() == "keep me"


@pytest.mark.parametrize("scale", [0, -0.1, 1.5, float("nan")])
def test_bad_scale_is_refused_before_writing(tmp_path: Path, scale: float) -> None:
    with pytest.raises(UserError, match="scale"):
        generate(tmp_path / "data", scale=scale)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("code", ["999", "88", "england", ""])
def test_unknown_la_is_refused_with_how_to_list(tmp_path: Path, code: str) -> None:
    with pytest.raises(UserError, match="unknown LA code") as err:
        generate(tmp_path / "data", la_code=code)
    assert "--list-las" in err.value.message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("years", [range(2007, 2010), range(2024, 2027), range(2019, 2019),
                                   range(2008, 2026, 2)])
def test_years_outside_2008_2025_are_refused(tmp_path: Path, years: range) -> None:
    with pytest.raises(UserError, match="years"):
        generate(tmp_path / "data", years=years)
    assert list(tmp_path.iterdir()) == []


def test_unwritable_location_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(UserError, match="cannot write"):
        generate(blocker / "data", **SMALL)  # type: ignore[arg-type]
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        probe = locked / "probe"
        try:
            probe.mkdir()  # root ignores permissions; then only the first case applies
            probe.rmdir()
        except PermissionError:
            with pytest.raises(UserError, match="cannot write"):
                generate(locked / "data", **SMALL)  # type: ignore[arg-type]
    finally:
        locked.chmod(stat.S_IRWXU)
