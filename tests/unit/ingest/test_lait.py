"""LAIT's year labels and area numbers."""

from __future__ import annotations

import pytest

from attain.ingest.lait import area_of, lait_year


@pytest.mark.parametrize(("text", "expected"), [
    ("2019", (2019, "final")), ("2018 (Rev)", (2018, "revised")),
    ("2025 (prov)", (2025, "provisional")), ("2020 (Final)", (2020, "final")),
    ("2015/16", (2016, "final")), ("2016-17 (OT)", (2017, "final")),
    ("2014-16", (2016, "final")), ("", (None, "final")),
])
def test_lait_year(text: str, expected: tuple) -> None:
    assert lait_year(text) == expected


def test_area_numbers() -> None:
    # LAIT la_code_list.xlsx: 970 England, 980 North East, 987 London (Inner), 882 an LA.
    assert area_of("970.0") == ("national", "E92000001")
    assert area_of("980") == ("region", "E12000001")
    assert area_of("987") == ("region", "E13000001")
    assert area_of("882.0") == ("la", "882")
    assert area_of(None) == (None, None)
