"""The schools registry: the home LA's ~60 schools (with real-life events) and the national
comparator's schools, sized by scale."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pyarrow as pa

from attain.demo.geography import LocalAuthority

# National curriculum years each phase teaches (0 = Reception).
PHASE_NC = {"infant": (0, 2), "junior": (3, 6), "primary": (0, 6), "secondary": (7, 11),
            "all-through": (0, 13), "special": (0, 13)}
PUPILS_PER_YEAR_GROUP = {"E": 600_000, "W": 35_000}
HOME_PUPILS_PER_YEAR_GROUP = 2_000
FIRST_YEAR = 2008
LAST_YEAR = 2025

_NAMES = ("Oakfield", "Elmwood", "St Mary's", "Hillside", "Riverside", "Westborough",
          "Chalkwell", "Eastwood", "Leigh", "Thorpe", "Bournes Green", "Darlinghurst",
          "Earls Hall", "Fairways", "Hamstel", "Heycroft", "Kingsdown", "Milton Hall",
          "Porters Grange", "Prittlewell", "Sacred Heart", "St Helen's", "Temple Sutton",
          "Barons Court", "Blenheim", "Friars", "Greenways", "Hinguar", "Edwards Hall",
          "Richmond Avenue", "West Leigh", "Shoebury", "Canewdon", "Priory", "Belfairs",
          "Cecil Jones", "Futures", "Shorefields", "Kingsway", "Lancaster", "Seabrook",
          "Holy Trinity", "Our Lady", "St George's", "Southchurch", "Bishop Vesey",
          "Chase", "Fairview", "Wentworth", "Ashingdon", "Great Wakering", "Rochford",
          "Hadleigh", "Manor", "Westcliff", "Thorpedene")


@dataclass(frozen=True)
class School:
    urn: int
    laestab: int
    la_code: str
    name: str
    phase: str
    type: str
    is_academy: bool
    country: str
    weight: float                 # relative intake size
    sixth_form: bool = False
    open_year: int | None = None  # first academic year open (None: before records)
    close_year: int | None = None  # last academic year open
    predecessor_urn: int | None = None
    successor_urn: int | None = None
    junior_urn: int | None = None  # where an infant school's pupils go in Year 3
    no_ks4_year: int | None = None  # a year with no KS4 entries

    @property
    def nc_range(self) -> tuple[int, int]:
        low, high = PHASE_NC[self.phase]
        if self.phase == "secondary" and self.sixth_form:
            high = 13
        return low, high

    def open_in(self, year: int) -> bool:
        return ((self.open_year is None or self.open_year <= year)
                and (self.close_year is None or year <= self.close_year))


def _type(phase: str, academy: bool, rng: np.random.Generator) -> str:
    if phase == "special":
        return "academy special converter" if academy else "community special"
    if academy:
        return str(rng.choice(["academy converter", "academy sponsor led"], p=[0.7, 0.3]))
    return str(rng.choice(["community", "voluntary aided", "voluntary controlled",
                           "foundation"], p=[0.6, 0.2, 0.1, 0.1]))


class _Numbering:
    """Hands out URNs and establishment numbers in a fixed order."""

    def __init__(self, first_urn: int) -> None:
        self.next_urn = first_urn
        self.estab: dict[tuple[str, str], int] = {}

    def urn(self) -> int:
        self.next_urn += 1
        return self.next_urn

    def laestab(self, la_code: str, phase: str) -> int:
        base = {"secondary": 4000, "all-through": 4500, "special": 7000}.get(phase, 2000)
        n = self.estab.get((la_code, phase), base) + 1
        self.estab[(la_code, phase)] = n
        return int(la_code) * 10000 + n


def _school(num: _Numbering, la: LocalAuthority, phase: str, name: str, weight: float,
            academy: bool, rng: np.random.Generator, **extra: object) -> School:
    return School(urn=num.urn(), laestab=num.laestab(la.code, phase), la_code=la.code,
                  name=name, phase=phase, type=_type(phase, academy, rng), is_academy=academy,
                  country=la.country, weight=weight, **extra)  # type: ignore[arg-type]


def home_schools(la: LocalAuthority, rng: np.random.Generator) -> list[School]:
    """About 60 schools of every phase, with a conversion, an opening, a closure, a tiny
    primary and a secondary with no KS4 entries one year (see _home_events)."""
    num = _Numbering(100_000 + int(la.code) * 100)
    names = iter(_NAMES)
    out: list[School] = []
    for i in range(32):
        academy = i % 5 in (1, 3)
        out.append(_school(num, la, "primary", f"{next(names)} Primary School",
                           float(rng.uniform(0.9, 2.0)), academy, rng))
    for _ in range(5):
        base = next(names)
        junior = _school(num, la, "junior", f"{base} Junior School", 1.0, False, rng)
        infant = _school(num, la, "infant", f"{base} Infant School", 1.6, False, rng,
                         junior_urn=junior.urn)
        out += [infant, junior]
    for i in range(10):
        academy = i % 3 != 0
        out.append(_school(num, la, "secondary", f"{next(names)} High School", 1.0, academy,
                           rng, sixth_form=i < 6))
    out.append(_school(num, la, "all-through", f"{next(names)} Academy", 1.2, True, rng))
    for _ in range(3):
        out.append(_school(num, la, "special", f"{next(names)} School", 1.0, False, rng))
    return _home_events(out, la, num, rng)


def _home_events(out: list[School], la: LocalAuthority, num: _Numbering,
                 rng: np.random.Generator) -> list[School]:
    # A tiny village primary: cohorts of about four, some groups of one or two pupils.
    out[31] = replace(out[31], name="Little Wakering Primary School", weight=0.08)
    # One primary closes (pupils move to neighbours) and a free school opens.
    out[30] = replace(out[30], close_year=2013)
    out.append(replace(_school(num, la, "primary", "Seaview Primary Free School", 1.5, True,
                               rng, open_year=2017), type="free school"))
    # Academy conversion: the old URN closes 31 Aug 2014, the academy opens the next day.
    old = replace(out[0], is_academy=False, type="community", close_year=2014)
    new = replace(_school(num, la, "primary", old.name.replace("School", "Academy"),
                          old.weight, True, rng, open_year=2015, predecessor_urn=old.urn),
                  type="academy converter")
    out[0] = replace(old, successor_urn=new.urn)
    out.append(new)
    # A secondary with no KS4 entries one year.
    sec = next(i for i, s in enumerate(out) if s.phase == "secondary" and not s.sixth_form)
    out[sec] = replace(out[sec], no_ks4_year=2018)
    return [_welsh_maintained(s) for s in out] if la.country == "W" else out


def _welsh_maintained(school: School) -> School:
    """Wales has no academies: the same events happen to maintained schools."""
    if not school.is_academy:
        return school
    kind = "community special" if school.phase == "special" else "community"
    return replace(school, is_academy=False, type=kind)


def national_schools(las: tuple[LocalAuthority, ...], country: str, scale: float,
                     rng: np.random.Generator) -> tuple[list[School], dict[str, float]]:
    """Schools of every other LA of the country; returns them and pupils per year group
    per LA."""
    weights = rng.lognormal(0.0, 0.5, size=len(las))
    per_year = PUPILS_PER_YEAR_GROUP[country] * scale * weights / weights.sum()
    num = _Numbering(200_000 if country == "E" else 400_000)
    out: list[School] = []
    sizes: dict[str, float] = {}
    for la, pupils in zip(las, per_year, strict=True):
        sizes[la.code] = float(pupils)
        n_prim = max(1, round(pupils / 36))
        n_sec = max(1, round(pupils / 180))
        n_spec = round(pupils / 600)
        for k in range(n_prim):
            out.append(_school(num, la, "primary", f"{la.name} Primary {k + 1}",
                               float(rng.uniform(0.5, 2.0)), bool(rng.random() < 0.35), rng))
        for k in range(n_sec):
            out.append(_school(num, la, "secondary", f"{la.name} Secondary {k + 1}",
                               float(rng.uniform(0.6, 1.4)), bool(rng.random() < 0.7), rng,
                               sixth_form=bool(rng.random() < 0.6)))
        for k in range(n_spec):
            out.append(_school(num, la, "special", f"{la.name} Special {k + 1}", 1.0,
                               bool(rng.random() < 0.3), rng))
    if country == "W":
        out = [_welsh_maintained(s) for s in out]
    return out, sizes


def _age_range(s: School) -> tuple[int, int]:
    low, high = s.nc_range
    if s.phase == "special":
        return 2, 19
    return low + 4, high + 5


def schools_table(schools: list[School]) -> pa.Table:
    ages = [_age_range(s) for s in schools]
    return pa.table({
        "urn": [s.urn for s in schools],
        "laestab": [s.laestab for s in schools],
        "la_code": [s.la_code for s in schools],
        "name": [s.name for s in schools],
        "phase": [s.phase for s in schools],
        "type": [s.type for s in schools],
        "is_academy": [s.is_academy for s in schools],
        "low_age": [a[0] for a in ages],
        "high_age": [a[1] for a in ages],
        "open_date": [date(s.open_year - 1, 9, 1) if s.open_year else None for s in schools],
        "close_date": [date(s.close_year, 8, 31) if s.close_year else None for s in schools],
        "predecessor_urn": [s.predecessor_urn for s in schools],
        "country": [s.country for s in schools],
    })
