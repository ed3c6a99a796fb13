"""YAML read with line numbers kept, so errors can say where in a mapping file they are.

>>> data = load_yaml("a:\\n  b: [1, two]\\n")
>>> data["a"].line, data["a"]["b"][1], data["a"]["b"][1].line
(2, 'two', 2)

Aliases (``*name``) repeat the node their anchor (``&name``) marks, so a few lines that alias
aliases can stand for billions of values. A file is refused when it would hold more than
:data:`MAX_VALUES` values with its aliases expanded, or when an alias refers to the node it
stands in, before any of it is built:

>>> load_yaml("a: &a [x, x, x, x, x, x, x, x]\\n" + "".join(
...     f"{n}: &{n} [{', '.join([f'*{p}'] * 8)}]\\n" for p, n in zip("abcdef", "bcdefg")), where="bomb.yml")
Traceback (most recent call last):
...
cultuurgraaf.errors.InputTooLarge: bomb.yml, line 6: the YAML would hold more than 100,000 values with its aliases (*name) expanded ...
"""

from __future__ import annotations

import yaml

from ..errors import InputTooLarge, Location, MappingError

#: the most values (mappings, lists, scalars) a YAML file may hold with its aliases expanded
MAX_VALUES = 100_000


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


def load_yaml(text: str, *, where: str | None = None):
    """Parse one YAML document into LDict / LList / LStr values that know their line.

    ``where`` (the file) is named in the errors of a file too large or too deep to read.
    """
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is None:
            return None
        _count_values(node, {}, set(), where)
        return _convert(node)
    except RecursionError:
        raise InputTooLarge("the YAML is nested too deeply (lists and mappings inside one another) for "
                            "cultuurgraaf to read", location=Location(where)) from None


def _count_values(node: yaml.Node, counted: dict[int, int], open_nodes: set[int], where: str | None) -> int:
    """How many values ``node`` holds with aliases expanded; each node is counted once."""
    key = id(node)
    if key in counted:
        return counted[key]
    if key in open_nodes:
        raise MappingError("an alias (*name) stands inside the very node its anchor (&name) marks",
                           location=Location(where, line=node.start_mark.line + 1))
    open_nodes.add(key)
    if isinstance(node, yaml.MappingNode):
        children = [child for pair in node.value for child in pair]
    else:
        children = node.value if isinstance(node, yaml.SequenceNode) else []
    total = 1 + sum(_count_values(child, counted, open_nodes, where) for child in children)
    open_nodes.discard(key)
    if total > MAX_VALUES:
        raise InputTooLarge(f"the YAML would hold more than {MAX_VALUES:,} values with its aliases (*name) "
                            "expanded (an alias bomb, or a mapping far larger than any real one)",
                            location=Location(where, line=node.start_mark.line + 1),
                            hint="write the repeated part once, without aliases of aliases")
    counted[key] = total
    return total


def line_of(value) -> int | None:
    return getattr(value, "line", None)
