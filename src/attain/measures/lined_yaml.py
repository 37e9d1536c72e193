"""YAML with the line of every mapping key and list item, parsed by libyaml (PyYAML's C
composer): the whole catalogue loads in ~0.08 s, where ruamel.yaml's round-trip parse of
its 75 files alone took ~0.34 s (benchmarks/bench_catalogue.py, BENCHMARKS.md session 9).

Values are built by PyYAML's safe constructor, except that only `true`/`false` are
booleans, as in YAML 1.2 (ruamel's reading): `yes`, `no`, `on` and `off` stay text.
A key given twice in one mapping is an error, as it was under ruamel.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["LinedList", "LinedMap", "DuplicateKeyError", "load"]


class LinedMap(dict[Any, Any]):
    """A mapping that knows its first line and each key's line (1-based)."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[Any, int] = {}


class LinedList(list[Any]):
    """A list that knows its first line and each item's line (1-based)."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []


class DuplicateKeyError(yaml.MarkedYAMLError):
    """The same key twice in one mapping."""


_BOOL_TAG = "tag:yaml.org,2002:bool"
_BOOLS = {"true": True, "false": False}


def load(text: str) -> Any:
    """The document in `text` as LinedMap / LinedList / scalars (None when empty)."""
    node = yaml.compose(text, Loader=yaml.CSafeLoader)
    return None if node is None else _value(node, yaml.constructor.SafeConstructor())


def _value(node: yaml.Node, constructor: yaml.constructor.SafeConstructor) -> Any:
    if isinstance(node, yaml.MappingNode):
        mapping = LinedMap(node.start_mark.line + 1)
        for key_node, value_node in node.value:
            key = _value(key_node, constructor)
            if key in mapping.key_lines:
                raise DuplicateKeyError("while constructing a mapping", node.start_mark,
                                        f"found duplicate key {key!r}", key_node.start_mark)
            mapping.key_lines[key] = key_node.start_mark.line + 1
            mapping[key] = _value(value_node, constructor)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        items = LinedList(node.start_mark.line + 1)
        for item in node.value:
            items.item_lines.append(item.start_mark.line + 1)
            items.append(_value(item, constructor))
        return items
    if node.tag == _BOOL_TAG and isinstance(node.value, str):
        return _BOOLS.get(node.value.lower(), node.value)
    return constructor.construct_object(node, deep=True)
