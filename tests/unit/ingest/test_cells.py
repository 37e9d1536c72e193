"""Cell text -> number, symbol or problem."""

from __future__ import annotations

import pyarrow as pa

from attain.ingest.cells import parse_numeric


def test_published_cell_forms() -> None:
    cells = ["59%", " 0.11 ", "-1.09", "4.7980000000000002E-2", "1,234", "SUPP", "c", "-", "",
             None, "abc", "12%%"]
    parsed = parse_numeric(pa.array(cells))
    assert parsed.value.to_pylist() == [59.0, 0.11, -1.09, 0.04798, 1234.0, None, None, None,
                                        None, None, None, None]
    assert parsed.symbol.to_pylist() == [None] * 5 + ["SUPP", "c", "-"] + [None] * 4
    # LAIT's "-" (not available) is reported with the GSS reason x.
    assert parsed.reason.to_pylist()[5:8] == ["SUPP", "c", "x"]
    assert parsed.bad.to_pylist() == [False] * 10 + [True, True]
    assert parsed.percent.to_pylist()[:2] == [True, False]


def test_binary_noise_reads_as_the_published_figure() -> None:
    # LAIT SOURCE.md: "71.099999999999994" is the figure 71.1.
    assert parse_numeric(pa.array(["71.099999999999994"])).value.to_pylist() == [71.1]
