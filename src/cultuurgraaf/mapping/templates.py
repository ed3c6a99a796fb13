"""RML string templates: ``http://example.com/{id}/{$.name}``, with ``\\`` escaping ``{``, ``}`` and ``\\``.

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
