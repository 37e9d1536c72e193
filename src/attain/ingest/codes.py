"""Area codes: LA numbers by name (as DfE files spell them), regions, reorganisations.

Read from definitions/mappings/{las,regions,la_reorganisations}.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

import attain

ENGLAND = "E92000001"


def mappings_dir() -> Path:
    return Path(attain.__file__).parent / "definitions" / "mappings"


def load_yaml(path: Path) -> Any:
    return YAML(typ="safe").load(Path(path).read_text(encoding="utf-8"))


def _key(name: str) -> str:
    return " ".join(name.lower().replace("&", "and").replace(",", " ").split())


@dataclass(frozen=True)
class LocalAuthority:
    code: str
    name: str
    region: str
    first_year: int | None
    last_year: int | None

    def existed_in(self, year: int | None) -> bool:
        if year is None:
            return self.last_year is None
        return (self.first_year or 0) <= year <= (self.last_year or 9999)


@dataclass(frozen=True)
class Reorganisation:
    old: str
    name: str
    last_year: int
    new: tuple[str, ...]


class AreaCodes:
    def __init__(self, folder: Path | None = None) -> None:
        folder = folder or mappings_dir()
        las = load_yaml(folder / "las.yaml")["las"]
        self.las = [LocalAuthority(str(r["code"]), r["name"], r.get("region", ""),
                                   r.get("from"), r.get("until")) for r in las]
        self._by_name: dict[str, list[LocalAuthority]] = {}
        for row, la in zip(las, self.las, strict=True):
            for name in [la.name, *row.get("aliases", [])]:
                self._by_name.setdefault(_key(name), []).append(la)
        regions = load_yaml(folder / "regions.yaml")
        self._regions: dict[str, str] = {}
        self.lait_numbers: dict[str, str] = {regions["national"]["lait_number"]: ENGLAND}
        for r in regions["regions"]:
            for name in [r["name"], *r.get("aliases", [])]:
                self._regions[_key(name)] = r["code"]
            self.lait_numbers[r["lait_number"]] = r["code"]
        reorgs = load_yaml(folder / "la_reorganisations.yaml")["reorganisations"]
        self.reorganisations = {
            str(r["old"]): Reorganisation(str(r["old"]), r["name"], int(r["last_year"]),
                                          tuple(str(n) for n in r["new"]))
            for r in reorgs
        }

    def la_code(self, name: str, year: int | None = None) -> str | None:
        candidates = self._by_name.get(_key(name), [])
        for la in candidates:
            if la.existed_in(year):
                return la.code
        return candidates[0].code if len(candidates) == 1 else None

    def region_code(self, name: str) -> str | None:
        return self._regions.get(_key(name))

    def region_of_la(self, code: str) -> str | None:
        la = next((la for la in self.las if la.code == code), None)
        return self.region_code(la.region) if la else None

    def current_la(self, code: str) -> tuple[str | None, Reorganisation | None]:
        """The LA code to use today for `code`: itself, its one successor, or None
        (with the reorganisation) when it was split between several."""
        reorg = self.reorganisations.get(code)
        if reorg is None:
            return code, None
        return (reorg.new[0] if len(reorg.new) == 1 else None), reorg


@cache
def area_codes() -> AreaCodes:
    return AreaCodes()
