"""YAML read with line numbers kept, so errors can say where in a mapping file they are.

>>> data = load_yaml("a:\\n  b: [1, two]\\n")
>>> data["a"].line, data["a"]["b"][1], data["a"]["b"][1].line
(2, 'two', 2)
"""

from __future__ import annotations

import yaml


class LDict(dict):
    line: int = 0


class LList(list):
    line: int = 0


class LStr(str):
    line: int = 0


def _convert(node: yaml.Node):
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out = LDict()
        for key_node, value_node in node.value:
            out[str(key_node.value)] = _convert(value_node)
    elif isinstance(node, yaml.SequenceNode):
        out = LList(_convert(item) for item in node.value)
    else:
        if node.tag == "tag:yaml.org,2002:null":
            return None
        out = LStr(node.value)
    out.line = line
    return out


def load_yaml(text: str):
    """Parse one YAML document into LDict / LList / LStr values that know their line."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    return None if node is None else _convert(node)


def line_of(value) -> int | None:
    return getattr(value, "line", None)
