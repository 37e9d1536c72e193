"""attain.measures.lined_yaml: the lines it records and the values it builds, worked by
hand from the texts below."""

import pytest

from attain.measures import lined_yaml

TEXT = """\
# a comment on line 1
id: ks2_demo
years: {from: 2016, to: 2019}
flags:
  - yes
  - true
  - 1.5
nested:
  key: on
"""


def test_every_key_and_item_has_its_line() -> None:
    data = lined_yaml.load(TEXT)
    assert data.line == 2
    assert data.key_lines == {"id": 2, "years": 3, "flags": 4, "nested": 8}
    assert data["flags"].item_lines == [5, 6, 7]
    assert data["nested"].key_lines == {"key": 9}


def test_only_true_and_false_are_booleans_as_in_yaml_1_2() -> None:
    data = lined_yaml.load(TEXT)
    assert data["flags"] == ["yes", True, 1.5]
    assert data["nested"]["key"] == "on"
    assert data["years"] == {"from": 2016, "to": 2019}


def test_a_key_given_twice_is_an_error_at_the_second() -> None:
    with pytest.raises(lined_yaml.DuplicateKeyError) as raised:
        lined_yaml.load("id: a\ntitle: b\nid: c\n")
    assert raised.value.problem_mark.line + 1 == 3


def test_an_empty_document_is_none() -> None:
    assert lined_yaml.load("# nothing\n") is None
