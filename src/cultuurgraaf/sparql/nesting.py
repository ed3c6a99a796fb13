"""How deep a query nests, checked before it runs: the query engine recurses, and a query too deep
for its stack ends the process that runs it.

Oxigraph parses, plans and evaluates a query recursively, so every level of nesting (a group in a
group, a call in a call) and every pattern chained to the one before it (each UNION, OPTIONAL,
MINUS, BIND, FILTER, GRAPH or SERVICE) takes a piece of the stack of the process that runs it;
past about 8 MB the process dies with SIGSEGV. Measured with pyoxigraph 0.5 on an 8 MB stack: it
dies at 2,265 nested groups, 4,740 nested parentheses, 940 nested ``COALESCE(`` calls, 6,596
UNIONs in a row, 2,700 MINUS and 3,500 BIND. The limits below keep a query well under that,
nesting and chaining together, and far above what people write:

- at most :data:`MAX_DEPTH` levels of ``{``, ``(`` and ``[`` together;
- at most :data:`MAX_CHAINED` of the keywords that chain a pattern to the one before it.

Strings, IRIs and comments are left out of the count. A query past either limit is refused
with the place where it went past it.

>>> check_nesting("SELECT * WHERE { { ?s ?p ?o } UNION { ?o ?p ?s } }")
>>> check_nesting("ASK " + "{" * 300 + "}" * 300)
Traceback (most recent call last):
...
cultuurgraaf.errors.QueryTooComplex: the query nests deeper than 250 levels of {, ( and [ (line 1, column 255); this endpoint runs queries up to 250 levels deep
"""

from __future__ import annotations

import re
from itertools import accumulate

from ..errors import QueryTooComplex

#: Levels of ``{``, ``(`` and ``[`` a query may nest.
MAX_DEPTH = 250
#: UNION, OPTIONAL, MINUS, BIND, FILTER, GRAPH and SERVICE a query may have.
MAX_CHAINED = 1000

#: What is not counted: strings (long and short), IRIs, comments (in this order, as SPARQL reads them).
_UNCOUNTED = re.compile(r"""'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''|\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\""""
                        r"""|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*"|<[^<>"{}|^`\\\x00-\x20]*>|\#[^\r\n]*""",
                        re.DOTALL)
_BRACKET = re.compile(r"[{}()\[\]]")
_NOT_BRACKET = re.compile(r"[^{}()\[\]]+")
_STEP = {"{": 1, "(": 1, "[": 1, "}": -1, ")": -1, "]": -1}
_CHAINING = re.compile(r"(?<![\w?$:])(?:UNION|OPTIONAL|MINUS|BIND|FILTER|GRAPH|SERVICE)(?![\w:])", re.IGNORECASE)


def check_nesting(text: str) -> None:
    """Refuse a query or update that nests or chains more than the query engine's stack allows."""
    if sum(text.count(c) for c in "{([") <= MAX_DEPTH and len(text) < MAX_CHAINED * 5:
        return  # cannot be past either limit: no need to look closer
    counted = _UNCOUNTED.sub(_blank, text)
    if max(accumulate(map(_STEP.__getitem__, _NOT_BRACKET.sub("", counted))), default=0) > MAX_DEPTH:
        depth = 0
        for match in _BRACKET.finditer(counted):
            depth += _STEP[match.group()]
            if depth > MAX_DEPTH:
                position = match.start()
                raise QueryTooComplex(f"the query nests deeper than {MAX_DEPTH} levels of {{, ( and [ "
                                      f"({_place(text, position)}); this endpoint runs queries up to {MAX_DEPTH} "
                                      "levels deep")
    chained = _CHAINING.findall(counted)
    if len(chained) > MAX_CHAINED:
        raise QueryTooComplex(f"the query has {len(chained)} UNION, OPTIONAL, MINUS, BIND, FILTER, GRAPH and SERVICE "
                              f"together; this endpoint runs queries with up to {MAX_CHAINED}",
                              hint="split it into several queries, or use VALUES for a long list of alternatives")


def _blank(match: re.Match) -> str:
    """A stretch left out of the count, as spaces (and its line breaks), so places stay where they were."""
    return re.sub(r"[^\n]", " ", match.group())


def _place(text: str, position: int) -> str:
    line = text.count("\n", 0, position) + 1
    return f"line {line}, column {position - (text.rfind(chr(10), 0, position) + 1) + 1}"
