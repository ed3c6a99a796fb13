"""A SPARQL text as tokens: what the endpoint's checks read, in time linear in the text's length.

The tokens follow SPARQL's grammar for its terminals (IRIs, strings, names, numbers, ...), each
matched at its place, longest first; white space and comments are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

_NAME = r"[\w\u00B7\u0300-\u036F\u203F-\u2040]"
_LOCAL_ESC = r"\\[_~.\-!$&'()*+,;=/?#@%]"
_TOKEN = re.compile(rf"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''|\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<var>[?$]{_NAME}+)
  | (?P<bnode>_:(?:{_NAME}|[.\-])+)
  | (?P<pname>(?:[^\W\d_](?:{_NAME}|[.\-])*)?:(?:(?:{_NAME}|[:\-]|%[0-9A-Fa-f]{{2}}|{_LOCAL_ESC})
                                               (?:{_NAME}|[.:\-]|%[0-9A-Fa-f]{{2}}|{_LOCAL_ESC})*)?)
  | (?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
  | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|.)
""", re.VERBOSE | re.DOTALL)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass(frozen=True)
class Token:
    kind: str  # iri, string, var, bnode, pname, langtag, number, word, punct
    text: str
    start: int


def unescape_codepoints(text: str) -> str:
    r"""Apply the ``\u``/``\U`` escapes, which SPARQL reads before its grammar.

    >>> unescape_codepoints(r"\u0053ERVICE")
    'SERVICE'
    """
    def replace(match: re.Match) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match.group(0)

    return _CODEPOINT.sub(replace, text)


def tokens(text: str) -> Iterator[Token]:
    """The tokens of a query or update, without white space and comments.

    >>> [t.text for t in tokens("SELECT ?s # SERVICE <x>\\nWHERE { ?s a 'SERVICE' }")]
    ['SELECT', '?s', 'WHERE', '{', '?s', 'a', "'SERVICE'", '}']
    """
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        kind = match.lastgroup
        value = match.group()
        if kind in ("pname", "bnode") and value.endswith("."):
            value = value.rstrip(".") or value  # a name does not end with '.': that dot ends a triple
        position = match.start() + len(value)
        if kind not in ("ws", "comment"):
            yield Token(kind, value, match.start())
