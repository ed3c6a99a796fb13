"""Queries whose cost is bounded by the rows they return, which need no time limit.

The endpoint runs queries in worker processes so that one that runs past the time limit can be
stopped (pyoxigraph cannot cancel a query). Handing a query to a worker and its answer back costs
two wake-ups of another process, about as much as a lookup by IRI itself. Some queries can never
run long: one triple pattern and nothing that needs to see more solutions than it returns. Oxigraph
answers such a pattern from one of its indexes, a step per solution; with the endpoint's row limit
it takes at most ``max_rows + 1`` steps. Those can be answered in the server process. So that
one such query holds up the server's other requests only briefly, the server writes at most
``ROWS_HERE`` rows itself; a longer answer is left to a worker.

:func:`is_bounded` recognises that shape strictly, from the query's tokens, and says no to
anything else; the store still parses the query (a malformed one gets the store's message). The
shape (words case-insensitive, IRIs absolute, prefixed names declared with PREFIX)::

    PREFIX p: <iri> ...
    SELECT (* | ?var ...) [WHERE] { S P O [.] } [LIMIT n]
    ASK [WHERE] { S P O [.] } [LIMIT n]
    CONSTRUCT WHERE { S P O [.] } [LIMIT n]
    CONSTRUCT { S P O [.] } [WHERE] { S P O [.] } [LIMIT n]     (the same pattern twice)

where S is an IRI, a prefixed name or a variable; P the same or ``a``; O the same or a string
literal (with a language tag or a datatype); and no variable appears twice (``?x ?p ?x`` would
have to look at every triple to find the few it returns). Left out on purpose: DISTINCT, REDUCED,
FILTER, OPTIONAL, UNION, MINUS, BIND, VALUES, subqueries, property paths, SERVICE, GRAPH, GROUP BY,
ORDER BY, aggregates, OFFSET, FROM, BASE, blank nodes, and any backslash (SPARQL reads ``\\u``
escapes before its grammar). DESCRIBE is left out too: a resource that has no triples of its own
gives nothing, so a DESCRIBE over a pattern can read much more than it returns.

>>> is_bounded("PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/> SELECT ?o WHERE { ?o a crm:E22_Human-Made_Object } LIMIT 5")
True
>>> is_bounded("SELECT DISTINCT ?p WHERE { ?s ?p ?o }")
False
"""

from __future__ import annotations

import re
from functools import lru_cache

from .tokens import Token, tokens

#: The most rows (or triples) of a bounded query's answer that the server process writes itself:
#: 6 to 19 ms of its time for 1,000 rows here, by format (medians; SPARQL JSON and CSV the slowest).
ROWS_HERE = 1000
_ABSOLUTE_IRI = re.compile(r"<[A-Za-z][A-Za-z0-9+.\-]*:")
_DIGITS = re.compile(r"[0-9]+")


class _NotBounded(Exception):
    pass


def is_bounded(text: str) -> bool:
    """Whether a query has the one-triple-pattern shape above, which cannot run long under a row limit."""
    if len(text) > 10_000:
        return False
    return _is_bounded(text)


@lru_cache(maxsize=512)
def _is_bounded(text: str) -> bool:
    if "\\" in text:
        return False
    try:
        return _Reader(list(tokens(text))).query()
    except _NotBounded:
        return False


class _Reader:
    """Reads the accepted shape token by token; anything else raises :class:`_NotBounded`."""

    def __init__(self, found: list[Token]):
        self.tokens = found
        self.position = 0
        self.prefixes: set[str] = set()

    # one token -------------------------------------------------------------------------
    def peek(self) -> Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise _NotBounded()
        self.position += 1
        return token

    def word(self, *words: str) -> str | None:
        """The next token, if it is one of ``words`` (case-insensitive): taken and returned."""
        token = self.peek()
        if token is not None and token.kind == "word" and token.text.upper() in words:
            self.position += 1
            return token.text.upper()
        return None

    def punct(self, text: str) -> bool:
        token = self.peek()
        if token is not None and token.kind == "punct" and token.text == text:
            self.position += 1
            return True
        return False

    def expect_punct(self, text: str) -> None:
        if not self.punct(text):
            raise _NotBounded()

    # the shape -------------------------------------------------------------------------
    def query(self) -> bool:
        while self.word("PREFIX"):
            name, iri = self.take(), self.take()
            if name.kind != "pname" or not name.text.endswith(":") or not self._iri(iri):
                raise _NotBounded()
            self.prefixes.add(name.text)
        form = self.word("SELECT", "ASK", "CONSTRUCT")
        if form == "SELECT":
            self._projection()
            self.word("WHERE")
            self._pattern()
        elif form == "ASK":
            self.word("WHERE")
            self._pattern()
        elif form == "CONSTRUCT":
            if self.word("WHERE"):
                self._pattern()
            else:
                template = self._pattern()
                self.word("WHERE")
                if self._pattern() != template:
                    raise _NotBounded()
        else:
            raise _NotBounded()
        if self.word("LIMIT") and not _DIGITS.fullmatch(self.take().text):
            raise _NotBounded()
        return self.peek() is None

    def _projection(self) -> None:
        if self.punct("*"):
            return
        count = 0
        while (token := self.peek()) is not None and token.kind == "var":
            self.position += 1
            count += 1
        if not count:
            raise _NotBounded()

    def _pattern(self) -> tuple[str, ...]:
        """``{ S P O [.] }``: the texts of its three terms."""
        self.expect_punct("{")
        subject, predicate, obj = self.take(), self.take(), self._object()
        if not (self._node(subject) and (self._node(predicate) or (predicate.kind, predicate.text) == ("word", "a"))):
            raise _NotBounded()
        self.punct(".")
        self.expect_punct("}")
        names = [t.text[1:] for t in (subject, predicate, obj[0]) if t.kind == "var"]
        if len(names) != len(set(names)):
            raise _NotBounded()
        return (subject.text, predicate.text, *(t.text for t in obj))

    def _object(self) -> tuple[Token, ...]:
        token = self.take()
        if self._node(token):
            return (token,)
        if token.kind != "string":
            raise _NotBounded()
        following = self.peek()
        if following is not None and following.kind == "langtag":
            return (token, self.take())
        if self.punct("^^"):
            datatype = self.take()
            if datatype.kind == "var" or not self._node(datatype):
                raise _NotBounded()
            return (token, Token("punct", "^^", datatype.start), datatype)
        return (token,)

    def _node(self, token: Token) -> bool:
        """An absolute IRI, a prefixed name with a declared prefix, or a variable."""
        if token.kind == "var":
            return True
        if token.kind == "pname":
            return token.text[:token.text.index(":") + 1] in self.prefixes
        return self._iri(token)

    @staticmethod
    def _iri(token: Token) -> bool:
        return token.kind == "iri" and bool(_ABSOLUTE_IRI.match(token.text))
