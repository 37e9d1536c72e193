"""Turn a school's cube rows, inspections, self-evaluation and characteristics into facts.

Pure: the service reads the cube and the app database and hands plain rows in here. A
suppressed cube value becomes a missing fact with the suppression reason, so a rule on it
says "insufficient data" rather than treating it as zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from attain.domain.ofsted import InspectionHistory
from attain.domain.risk import (
    CHARACTERISTIC_KEYS,
    MEASURE_FIELDS,
    SELF_EVALUATION_KEYS,
    Fact,
    InputRef,
    Source,
)

FIELD_WORDS = {"value": "", "ci_low": "lower confidence limit", "ci_high":
               "upper confidence limit", "denominator": "cohort", "numerator": "pupils",
               "diff_national": "difference from national", "la_value": "LA figure",
               "national_value": "national figure", "family_value": "family average",
               "diff_family": "difference from family average"}
# Fields in the unit of the measure (percent, score); the others are counts or words.
SAME_UNIT = {"value", "ci_low", "ci_high", "diff_national", "la_value", "national_value",
             "trend3_change", "trend5_change", "family_value", "diff_family"}
# Comparators made of other schools' published figures: known even where the school's own
# row is suppressed (the difference from them is not).
NOT_HIDDEN = {"national_value", "family_value"}
SELF_EVALUATION_LABELS = {
    "overall_effectiveness": "Self-evaluation: overall effectiveness",
    "achievement": "Self-evaluation: achievement of pupils",
    "teaching": "Self-evaluation: quality of teaching",
    "behaviour_safety": "Self-evaluation: behaviour and safety",
    "leadership": "Self-evaluation: leadership and management",
}


@dataclass(frozen=True)
class MeasureLabel:
    title: str
    unit: str = ""
    decimals: int = 1


def _key(source: Source, key: str) -> str:
    return InputRef(source, key).fact_key(0)


def measure_facts(rows: Iterable[Mapping[str, Any]],
                  labels: Mapping[str, MeasureLabel]) -> dict[str, Fact]:
    """Facts for every field of the school's cube rows (results joined with comparisons)."""
    facts: dict[str, Fact] = {}
    for row in rows:
        measure = str(row["measure_id"])
        label = labels.get(measure, MeasureLabel(measure))
        suppressed = row.get("suppressed")
        for fld in MEASURE_FIELDS:
            ref = InputRef(Source.MEASURE, measure, fld, str(row["group_id"]))
            words = FIELD_WORDS.get(fld, fld.replace("_", " "))
            text = f"{label.title} {words}".strip()
            unit, decimals = (label.unit, label.decimals) if fld in SAME_UNIT else ("", 0)
            value = row.get(fld)
            if suppressed and fld not in NOT_HIDDEN:
                facts[ref.fact_key(int(row["year"]))] = Fact(
                    None, text, unit, decimals, f"suppressed ({suppressed})")
                continue
            facts[ref.fact_key(int(row["year"]))] = Fact(
                value, text, unit, decimals, None if value is not None else "no value")
    return facts


def ofsted_facts(history: InspectionHistory, on: date) -> dict[str, Fact]:
    latest = history.latest(on)
    if latest is None:
        why = f"no Ofsted inspection on record for URN {', '.join(map(str, history.urns))}"
        return {_key(Source.OFSTED, k): Fact(None, f"Ofsted {k.replace('_', ' ')}", missing=why)
                for k in ("overall", "category", "worst_judgement", "urgent_improvement_areas",
                          "safeguarding_met", "framework", "good_or_better")}
    when = f"Ofsted ({latest.inspected.isoformat()}, URN {latest.urn})"
    no_overall = f"no overall grade in the {latest.framework.value} framework"
    category = latest.category.value if latest.category is not None else "none"
    values: dict[str, tuple[Any, str]] = {
        "overall": (latest.overall and int(latest.overall), "overall effectiveness"),
        "category": (category, "category"),
        "worst_judgement": (latest.worst_judgement(), "lowest judgement"),
        "urgent_improvement_areas": (len(latest.urgent_improvement_areas()),
                                     "areas for urgent improvement"),
        "safeguarding_met": (latest.safeguarding_met, "safeguarding met"),
        "framework": (latest.framework.value, "framework"),
        "good_or_better": (latest.good_or_better(), "good or better"),
    }
    return {_key(Source.OFSTED, k): Fact(v, f"{when} {words}", decimals=0,
                                         missing=None if v is not None else no_overall)
            for k, (v, words) in values.items()}


def self_evaluation_facts(grades: Mapping[str, int] | None) -> dict[str, Fact]:
    grades = grades or {}
    return {_key(Source.SELF_EVALUATION, k): Fact(
        grades.get(k), SELF_EVALUATION_LABELS[k], decimals=0,
        missing=None if k in grades else "no self-evaluation grade recorded")
        for k in SELF_EVALUATION_KEYS}


def characteristic_facts(flags: Mapping[str, bool] | None,
                         sources: Mapping[str, str] | None = None) -> dict[str, Fact]:
    """Recorded characteristics (one not ticked is absent); None: nothing recorded.
    `sources` names where a characteristic was recorded when a school visit recorded it
    ("the SV1 visit on 5 November 2012"); the labels, and so the reasons, say so."""
    named = [k for k in CHARACTERISTIC_KEYS if k != "count"]
    if flags is None:
        return {_key(Source.CHARACTERISTIC, k): Fact(
            None, f"Risk characteristic {k.replace('_', ' ')}",
            missing="no risk characteristics recorded") for k in CHARACTERISTIC_KEYS}
    sources = sources or {}

    def recorded_at(keys: list[str]) -> str:
        where = sorted({sources[k] for k in keys if k in sources})
        return f"recorded at {' and '.join(where)}" if where else ""

    def labelled(text: str, details: list[str]) -> str:
        shown = "; ".join(d for d in details if d)
        return f"{text} ({shown})" if shown else text

    facts = {_key(Source.CHARACTERISTIC, k): Fact(
        bool(flags.get(k, False)),
        labelled(k.replace("_", " ").capitalize(), [recorded_at([k])])) for k in named}
    present = [k for k in named if flags.get(k)]
    # the visit that recorded the ones present (or, with none present, that ticked none)
    label = labelled("Risk characteristics", [", ".join(k.replace("_", " ") for k in present),
                                              recorded_at(present or named)])
    facts[_key(Source.CHARACTERISTIC, "count")] = Fact(len(present), label, decimals=0)
    return facts


def wales_facts(standards_group: int | None, capacity: str | None) -> dict[str, Fact]:
    return {
        _key(Source.WALES, "standards_group"): Fact(
            standards_group, "Standards group", decimals=0,
            missing=None if standards_group is not None else "no standards group recorded"),
        _key(Source.WALES, "improvement_capacity"): Fact(
            capacity, "Improvement capacity",
            missing=None if capacity is not None else "no improvement capacity recorded"),
    }


def concern_facts(open_kinds: Iterable[str], escalated: int = 0) -> dict[str, Fact]:
    kinds = list(open_kinds)
    return {
        _key(Source.CONCERNS, "open"): Fact(len(kinds), "Open concerns", decimals=0),
        _key(Source.CONCERNS, "open_safeguarding"): Fact(
            kinds.count("safeguarding"), "Open safeguarding concerns", decimals=0),
        _key(Source.CONCERNS, "escalated"): Fact(escalated, "Escalated concerns", decimals=0),
    }
