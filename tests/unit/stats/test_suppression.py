"""Primary and complementary suppression on hand-made tables."""

from __future__ import annotations

import pytest

from attain.errors import UserError
from attain.stats.suppression import (
    Cell,
    Partition,
    PublishedCell,
    Reason,
    SuppressionRule,
    publish,
    suppress,
)

GENDER = Partition("all", ("boys", "girls"))


def test_boys_2_girls_25_all_27_hides_girls_too() -> None:
    # boys: 2 pupils < 6 -> small denominator; all = boys + girls, so publishing girls
    # (25) and all (27) would reveal boys by subtraction: girls is hidden as well.
    cells = [Cell("boys", 1, 2), Cell("girls", 15, 25), Cell("all", 16, 27)]
    assert suppress(cells, [GENDER]) == {
        "boys": Reason.SMALL_DENOMINATOR,
        "girls": Reason.COMPLEMENTARY,
    }


def test_without_complementary_the_rule_only_hides_primary_cells() -> None:
    cells = [Cell("boys", 1, 2), Cell("girls", 15, 25), Cell("all", 16, 27)]
    rule = SuppressionRule(complementary=False)
    assert suppress(cells, [GENDER], rule) == {"boys": Reason.SMALL_DENOMINATOR}


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (0, 5, Reason.SMALL_DENOMINATOR),
        (3, 5, Reason.SMALL_DENOMINATOR),
        (2, 6, Reason.SMALL_COUNT),  # numerator 2 < 3
        (4, 6, Reason.SMALL_COUNT),  # complement 6 - 4 = 2 < 3
        (3, 6, None),
        (0, 40, Reason.SMALL_COUNT),  # "none of 40 pupils" is a disclosure too
        (38, 40, Reason.SMALL_COUNT),
        (37, 40, None),
    ],
)
def test_primary_rule(numerator: float, denominator: float, expected: Reason | None) -> None:
    assert SuppressionRule().primary_reason(numerator, denominator) is expected


def test_count_rule_can_be_turned_off_and_does_not_apply_to_means() -> None:
    assert SuppressionRule(min_count=0).primary_reason(1, 40) is None
    # a mean: numerator is a sum of points, not a count of pupils
    assert SuppressionRule().primary_reason(2.5, 40, is_count=False) is None
    cells = [Cell("a8", 2.5, 40, is_count=False), Cell("none", None, 40)]
    assert suppress(cells) == {}


def test_rule_from_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    assert SuppressionRule.from_settings() == SuppressionRule(6, 3)
    monkeypatch.setenv("ATTAIN_SUPPRESSION_MIN_DENOMINATOR", "11")
    monkeypatch.setenv("ATTAIN_SUPPRESSION_MIN_COUNT", "0")
    assert SuppressionRule.from_settings() == SuppressionRule(11, 0)
    monkeypatch.setenv("ATTAIN_SUPPRESSION_MIN_COUNT", "three")
    with pytest.raises(UserError, match="ATTAIN_SUPPRESSION_MIN_COUNT"):
        SuppressionRule.from_settings()


def test_negative_thresholds_are_rejected() -> None:
    with pytest.raises(ValueError):
        SuppressionRule(min_denominator=-1)


def _school_la_table() -> tuple[list[Cell], list[Partition]]:
    """Two schools, boys/girls/all at school and LA level.

    school A: boys 4 (2 at standard), girls 20 (12), all 24 (14)
    school B: boys 30 (20), girls 28 (18), all 58 (38)
    LA:       boys 34 (22), girls 48 (30), all 82 (52)
    """
    cells = [
        Cell(("A", "boys"), 2, 4), Cell(("A", "girls"), 12, 20), Cell(("A", "all"), 14, 24),
        Cell(("B", "boys"), 20, 30), Cell(("B", "girls"), 18, 28), Cell(("B", "all"), 38, 58),
        Cell(("LA", "boys"), 22, 34), Cell(("LA", "girls"), 30, 48), Cell(("LA", "all"), 52, 82),
    ]
    partitions = [
        Partition((s, "all"), ((s, "boys"), (s, "girls"))) for s in ("A", "B", "LA")
    ] + [Partition(("LA", g), (("A", g), ("B", g))) for g in ("boys", "girls", "all")]
    return cells, partitions


def test_fixpoint_across_school_and_la_partitions() -> None:
    # A boys (4 pupils) is primary. Then, by hand:
    # - A: all = boys + girls has one hidden -> hide A girls (20 < 24, the smallest part);
    # - LA boys = A boys + B boys has one hidden -> hide B boys;
    # - LA girls = A girls + B girls now has one hidden -> hide B girls (28);
    # - B: all = boys + girls has two hidden; LA all = A all + B all has none: done.
    cells, partitions = _school_la_table()
    assert suppress(cells, partitions) == {
        ("A", "boys"): Reason.SMALL_DENOMINATOR,
        ("A", "girls"): Reason.COMPLEMENTARY,
        ("B", "boys"): Reason.COMPLEMENTARY,
        ("B", "girls"): Reason.COMPLEMENTARY,
    }


def test_result_does_not_depend_on_input_order() -> None:
    cells, partitions = _school_la_table()
    assert suppress(cells[::-1], partitions[::-1]) == suppress(cells, partitions)


def test_equal_denominators_are_broken_by_key() -> None:
    cells = [Cell("all", 29, 40), Cell("eth_white", 2, 4), Cell("eth_black", 9, 12),
             Cell("eth_asian", 9, 12), Cell("eth_mixed", 9, 12)]
    partition = Partition("all", ("eth_white", "eth_mixed", "eth_black", "eth_asian"))
    assert suppress(cells, [partition]) == {
        "eth_white": Reason.SMALL_DENOMINATOR,
        "eth_asian": Reason.COMPLEMENTARY,  # 12 pupils like black and mixed; first by key
    }


def test_a_missing_part_is_an_empty_group_so_the_total_is_hidden() -> None:
    # a boys' school: no girls row, so all = boys and hiding boys must hide all
    cells = [Cell("boys", 4, 5), Cell("all", 4, 5), Cell("fsm", 1, 1), Cell("non_fsm", 3, 4)]
    partitions = [GENDER, Partition("all", ("fsm", "non_fsm"))]
    assert suppress(cells, partitions) == {
        "boys": Reason.SMALL_DENOMINATOR,
        "all": Reason.SMALL_DENOMINATOR,
        "fsm": Reason.SMALL_DENOMINATOR,
        "non_fsm": Reason.SMALL_DENOMINATOR,
    }
    cells = [Cell("boys", 4, 5), Cell("all", 4, 5)]
    rule = SuppressionRule(min_denominator=5, min_count=0)
    assert suppress(cells, [GENDER], rule) == {}
    cells = [Cell("boys", 3, 4), Cell("all", 30, 40)]  # an inexact partition: still hidden
    assert suppress(cells, [GENDER]) == {"boys": Reason.SMALL_DENOMINATOR,
                                         "all": Reason.COMPLEMENTARY}


def test_cells_hidden_at_source_count_but_get_no_reason() -> None:
    # girls was published as SUPP by DfE: boys must go too, or all - boys reveals girls
    cells = [Cell("boys", 20, 30), Cell("girls", 12, 25), Cell("all", 32, 55)]
    assert suppress(cells, [GENDER], already_suppressed={"girls"}) == {
        "boys": Reason.COMPLEMENTARY
    }


def test_nothing_to_suppress() -> None:
    assert suppress([]) == {}
    assert suppress([Cell("all", 10, 20)], [Partition("all", ("boys", "girls"))]) == {}


def test_bad_input_is_rejected() -> None:
    with pytest.raises(ValueError, match="two cells"):
        suppress([Cell("all", 1, 10), Cell("all", 2, 10)])
    with pytest.raises(ValueError, match="not among the cells"):
        suppress([Cell("boys", 1, 10)], [GENDER])
    with pytest.raises(ValueError, match="repeats"):
        suppress([Cell("all", 5, 10), Cell("boys", 5, 10)], [Partition("all", ("boys", "boys"))])


def test_unorderable_keys_still_give_a_deterministic_answer() -> None:
    # ("p", 1) and ("p", "x") cannot be compared, so ties fall back to their repr:
    # "('p', 'x')" sorts before "('p', 1)" because "'" < "1"
    cells = [Cell(("all", None), 19, 40), Cell(("a", 1), 1, 4), Cell(("p", 1), 9, 18),
             Cell(("p", "x"), 9, 18)]
    partition = Partition(("all", None), (("a", 1), ("p", 1), ("p", "x")))
    first = suppress(cells, [partition])
    assert first == {("a", 1): Reason.SMALL_DENOMINATOR, ("p", "x"): Reason.COMPLEMENTARY}
    assert suppress(cells[::-1], [partition]) == first


def test_publish_blanks_only_hidden_cells() -> None:
    cells = [Cell("boys", 1, 2), Cell("girls", 15, 25), Cell("all", 16, 27)]
    assert publish(cells, suppress(cells, [GENDER])) == [
        PublishedCell("boys", None, None, Reason.SMALL_DENOMINATOR),
        PublishedCell("girls", None, None, Reason.COMPLEMENTARY),
        PublishedCell("all", 16, 27, None),
    ]
