"""Suppressed LA counts by reason, on a fixture worked by hand.

LA 882 with school A (URN 1, 30 on roll) and school B (URN 2, 12 on roll); rules
`attendance` (weight 3) and `mobility` (weight 1). Flagged pupils:
  A: 5 attendance only, 4 mobility only, 1 both (main reason attendance, the heavier)
  B: 2 attendance only, 3 mobility only
Counts (any / main attendance, main mobility / with attendance, with mobility):
  A (30): 10 / 6, 4 / 6, 5      B (12): 5 / 2, 3 / 2, 3      LA (42): 15 / 8, 7 / 8, 8
Rule: denominator below 6, or count or complement below 3 (docs/suppression.md default).
Primary: B main attendance (2) and B with attendance (2), small counts.
Complementary, by the equations:
  B any = B main att + B main mob           -> B main mobility hidden
  LA with att = A with att + B with att     -> A with attendance hidden
  LA main att = A main att + B main att     -> A main attendance hidden
  LA main mob = A main mob + B main mob     -> A main mobility hidden (B's now hidden)
Every other count is published (each equation then has 0 or 2+ hidden cells).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attain.stats.suppression import SuppressionRule
from attain.vulnerable.counts import Counting, CountRow, raw_counts, suppressed_counts
from attain.vulnerable.rules import Assessment, Reason, Rule

RULES = (Rule("attendance", "Low attendance", "attendance_below", 3.0, {"threshold": 90}),
         Rule("mobility", "Changed school", "mobility", 1.0))
ATT = Reason("attendance", "Low attendance", "attendance 85%", 3.0)
MOB = Reason("mobility", "Changed school", "changed school", 1.0)
RULE = SuppressionRule(min_denominator=6, min_count=3)


def _pupils(urn: int, reasons: tuple[Reason, ...], n: int, tag: str) -> list[Assessment]:
    return [Assessment(f"{tag}{i}", urn, reasons) for i in range(n)]


FLAGGED = (_pupils(1, (ATT,), 5, "a") + _pupils(1, (MOB,), 4, "m") + _pupils(1, (ATT, MOB), 1, "b")
           + _pupils(2, (ATT,), 2, "c") + _pupils(2, (MOB,), 3, "d"))
ON_ROLL = {1: 30, 2: 12}


def _table(rows: list[CountRow]) -> dict[tuple[str, str, str], int | None]:
    return {(r.area_code, str(r.counting), r.reason): r.pupils for r in rows}


def test_raw_counts_match_the_hand_count() -> None:
    cells, partitions = raw_counts(RULES, FLAGGED, ON_ROLL, "882")
    got = {(k[1], k[2], k[3]): (c.numerator, c.denominator)
           for c in cells for k in [c.key]}  # type: ignore[misc]
    assert got[("882", "any", "any")] == (15, 42)
    assert got[("1", "main", "attendance")] == (6, 30)
    assert got[("1", "with", "mobility")] == (5, 30)
    assert got[("2", "main", "mobility")] == (3, 12)
    assert got[("882", "with", "mobility")] == (8, 42)
    # 3 areas x (any + 2 main + 2 with) cells; 3 across-reason and 5 across-school equations.
    assert len(cells) == 15 and len(partitions) == 8


def test_suppression_hides_small_counts_and_their_complements() -> None:
    rows = suppressed_counts(RULES, FLAGGED, ON_ROLL, "882", RULE)
    reasons = {(r.area_code, str(r.counting), r.reason): r.suppressed for r in rows
               if r.suppressed}
    assert reasons == {
        ("2", "main", "attendance"): "small_count", ("2", "with", "attendance"): "small_count",
        ("2", "main", "mobility"): "complementary", ("1", "with", "attendance"): "complementary",
        ("1", "main", "attendance"): "complementary", ("1", "main", "mobility"): "complementary",
    }
    shown = _table(rows)
    assert shown[("882", "any", "any")] == 15 and shown[("882", "main", "mobility")] == 7
    assert shown[("1", "any", "any")] == 10 and shown[("2", "with", "mobility")] == 3
    hidden = next(r for r in rows if r.area_code == "2" and r.reason == "attendance")
    assert hidden.pupils is None and hidden.on_roll is None


def test_a_school_below_the_minimum_roll_is_hidden_whole() -> None:
    # B with 5 on roll: every B count has a denominator below 6.
    rows = suppressed_counts(RULES, FLAGGED[:10] + FLAGGED[12:], {1: 30, 2: 5}, "882", RULE)
    b = [r for r in rows if r.area_code == "2"]
    assert {r.suppressed for r in b} == {"small_denominator"}
    # LA any = A any + B any: with B hidden, A's total (or the LA's) must go too.
    assert _table(rows)[("1", "any", "any")] is None


def test_main_reason_is_the_heaviest_then_the_first_rule() -> None:
    from attain.vulnerable.counts import main_reason
    assert main_reason(Assessment("p", 1, (MOB, ATT))).rule_id == "attendance"
    twin = Reason("mobility", "Changed school", "x", 3.0)
    assert main_reason(Assessment("p", 1, (ATT, twin))).rule_id == "attendance"


def test_the_rule_comes_from_the_settings_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATTAIN_SUPPRESSION_MIN_COUNT", "0")
    monkeypatch.setenv("ATTAIN_SUPPRESSION_MIN_DENOMINATOR", "0")
    rows = suppressed_counts(RULES, FLAGGED, ON_ROLL, "882")
    assert all(r.suppressed is None for r in rows)
    assert _table(rows)[("2", "main", "attendance")] == 2
    assert {r.counting for r in rows} == set(Counting)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 4), st.booleans(), st.booleans()), max_size=60),
       st.lists(st.integers(0, 15), min_size=4, max_size=4))
def test_no_equation_is_left_with_one_hidden_count(pupils: list[tuple[int, bool, bool]],
                                                    extra_roll: list[int]) -> None:
    """Whatever the pupils, no published equation (a total and its parts) has exactly one
    hidden count, which subtraction would reveal."""
    flagged = [Assessment(f"p{i}", urn, tuple(r for r, on in ((ATT, att), (MOB, mob)) if on))
               for i, (urn, att, mob) in enumerate(pupils) if att or mob]
    on_roll = {urn: sum(1 for u, _, _ in pupils if u == urn) + extra_roll[urn - 1]
               for urn in (1, 2, 3, 4)}
    rows = suppressed_counts(RULES, flagged, on_roll, "882", RULE)
    hidden = {(r.level, r.area_code, str(r.counting), r.reason): r.suppressed is not None
              for r in rows}
    _, partitions = raw_counts(RULES, flagged, on_roll, "882")
    for partition in partitions:
        cells = [partition.total_key, *partition.part_keys]
        assert sum(hidden[key] for key in cells) != 1, partition  # type: ignore[index]
    for r in rows:  # and the primary rule holds for every published count
        if r.suppressed is None:
            assert r.on_roll is not None and r.pupils is not None and r.on_roll >= 6
            assert r.pupils >= 3 and r.on_roll - r.pupils >= 3
