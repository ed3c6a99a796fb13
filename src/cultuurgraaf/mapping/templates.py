"""RML string templates (``http://example.com/{id}/{$.name}``, with ``\\`` escaping ``{``, ``}`` and
``\\``), and YARRRML values, where references are written ``$(...)`` (:func:`split_references`).

>>> parse_template("http://x.org/{Country Code}/{$['\\\\{Name\\\\}']}")
[(False, 'http://x.org/'), (True, 'Country Code'), (False, '/'), (True, "$['{Name}']")]
>>> parse_template("\\\\{\\\\{ {ISO} \\\\}\\\\}")
[(False, '{{ '), (True, 'ISO'), (False, ' }}')]
>>> parse_template("http://x.org/{{Name}}")
Traceback (most recent call last):
...
cultuurgraaf.mapping.templates.TemplateError: a '{' inside the reference at character 15 of 'http://x.org/{{Name}}' (escape it as \\{)
>>> escape_text("a{b}")
'a\\\\{b\\\\}'
"""

from __future__ import annotations

from functools import lru_cache


class TemplateError(ValueError):
    """A template that cannot be read; the message says where in the template."""


@lru_cache(maxsize=1024)
def _parse(template: str) -> tuple[tuple[bool, str], ...]:
    parts: list[tuple[bool, str]] = []
    text: list[str] = []
    in_ref = False
    i = 0
    while i < len(template):
        char = template[i]
        if char == "\\":
            if i + 1 >= len(template):
                raise TemplateError(f"a lone '\\' at the end of '{template}' (write \\\\ for a backslash)")
            text.append(template[i + 1])
            i += 2
            continue
        if char == "{":
            if in_ref:
                raise TemplateError(f"a '{{' inside the reference at character {i + 1} of '{template}' "
                                    "(escape it as \\{)")
            if text:
                parts.append((False, "".join(text)))
            text, in_ref = [], True
        elif char == "}":
            if not in_ref:
                raise TemplateError(f"a '}}' with no '{{' before it at character {i + 1} of '{template}' "
                                    "(escape it as \\})")
            if not text:
                raise TemplateError(f"an empty reference '{{}}' at character {i} of '{template}'")
            parts.append((True, "".join(text)))
            text, in_ref = [], False
        else:
            text.append(char)
        i += 1
    if in_ref:
        raise TemplateError(f"the reference '{{{''.join(text)}' in '{template}' is not closed with '}}'")
    if text:
        parts.append((False, "".join(text)))
    return tuple(parts)


def parse_template(template: str) -> list[tuple[bool, str]]:
    """The template's parts in order: (True, reference) or (False, literal text)."""
    return list(_parse(template))


def escape_text(text: str) -> str:
    """Text made safe to stand in a template as it is."""
    return text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}")


def join_template(parts: list[tuple[bool, str]]) -> str:
    """The template text for parts, escaping braces and backslashes."""
    return "".join("{" + escape_text(t) + "}" if is_ref else escape_text(t) for is_ref, t in parts)


def split_references(text: str, *, quotes: bool = True) -> list[tuple[bool, str]]:
    """The parts of a YARRRML value in order: (True, reference) for each ``$(...)``, (False, text).

    A reference ends at the ``)`` that closes its ``$(``: the parentheses of calls inside it nest
    (``$(normalize-space(string(titel)))``). With ``quotes`` (XPath and JSONPath references), a
    parenthesis inside a quoted string does not count; without (CSV columns, SQL and SPARQL names),
    a quote is a character like any other. ``\\(`` and ``\\)`` in a reference are parentheses that do
    not count either, and ``\\$(`` outside one is the text ``$(``. What cannot be read so is an error,
    never text.

    >>> split_references("id/$(normalize-space(string(@id)))")
    [(False, 'id/'), (True, 'normalize-space(string(@id))')]
    >>> split_references("$(concat(@code, ')'))-$(@id)")
    [(True, "concat(@code, ')')"), (False, '-'), (True, '@id')]
    >>> split_references("$(maker's naam) \\\\$(x)", quotes=False)
    [(True, "maker's naam"), (False, ' $(x)')]
    >>> split_references("$(titel")
    Traceback (most recent call last):
    ...
    cultuurgraaf.mapping.templates.TemplateError: the reference '$(titel' is not closed: a '(' needs its ')'
    """
    parts: list[tuple[bool, str]] = []
    text_part: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if text.startswith("\\$(", i):
            text_part.append("$(")
            i += 3
        elif text.startswith("$(", i):
            if text_part:
                parts.append((False, "".join(text_part)))
                text_part = []
            reference, i = _reference(text, i, quotes)
            parts.append((True, reference))
        else:
            text_part.append(text[i])
            i += 1
    if text_part:
        parts.append((False, "".join(text_part)))
    return parts


def _reference(text: str, start: int, quotes: bool) -> tuple[str, int]:
    """The reference whose ``$(`` is at ``start``, and the position after its ``)``."""
    out: list[str] = []
    depth, i = 1, start + 2
    while i < len(text):
        char = text[i]
        if char == "\\" and text[i + 1:i + 2] in ("(", ")"):
            out.append(text[i + 1])
            i += 2
            continue
        if quotes and char in "'\"":
            end = _string_end(text, i)
            if end < 0:
                raise TemplateError(f"the quote at character {i + 1} of '{text}' opens a string that is not "
                                    "closed, so the reference it is in has no end")
            out.append(text[i:end])
            i = end
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            if not out:
                raise TemplateError(f"an empty reference '$()' at character {start + 1} of '{text}'")
            return "".join(out), i + 1
        out.append(char)
        i += 1
    raise TemplateError(f"the reference '{text[start:]}' is not closed: a '(' needs its ')'")


def _string_end(text: str, start: int) -> int:
    """The position after the quote that closes the string opening at ``start`` (a backslash escapes
    the next character, as in JSONPath), or -1."""
    quote, i = text[start], start + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text[i] == quote:
            return i + 1
        else:
            i += 1
    return -1
