"""Reading SPARQL before it runs: its form, its dataset, and the rules a public endpoint keeps.

A query is looked at here before the store sees it: which form it has (it decides the answer's
media types), whether it names its own dataset (FROM), and whether it would make the server
send requests elsewhere (SERVICE, and LOAD in updates), which is refused unless the endpoint is
on the configured allow-list. Updates are only accepted through :func:`prepare_update`.

>>> query_form("PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ?p ?o }")
'SELECT'
>>> query_form("# a comment\\nask { ?s ?p ?o }")
'ASK'
>>> query_form("INSERT DATA { <http://a> <http://b> <http://c> }")
'UPDATE'
>>> check_query("SELECT * { SERVICE <http://127.0.0.1:9999/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
cultuurgraaf.errors.ServiceRefused: SERVICE <http://127.0.0.1:9999/sparql> is not allowed: this endpoint only sends queries to the endpoints on its allow-list (none are configured)
"""

from __future__ import annotations

import re
import reprlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator
from urllib.parse import urljoin

from ..errors import QueryError, QueryRefused, ServiceRefused
from ..store import EmbeddedStore, QueryResult, iri_problem
from .nesting import check_nesting

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


# Tokens ------------------------------------------------------------------------------------

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


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT, DESCRIBE, or UPDATE for any update operation; '' if unknown."""
    expect_prologue = 0
    for token in tokens(text):
        word = token.text.upper() if token.kind == "word" else ""
        if expect_prologue:
            expect_prologue -= 1
            continue
        if word == "BASE":
            expect_prologue = 1
        elif word == "PREFIX":
            expect_prologue = 2
        elif word in QUERY_FORMS:
            return word
        elif word in UPDATE_WORDS:
            return "UPDATE"
        else:
            return ""
    return ""


# Queries -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Dataset:
    """The graphs a query sees (SPARQL Protocol ``default-graph-uri`` / ``named-graph-uri``).

    Without either, a query sees the union of all graphs as its default graph, unless it names
    its own dataset with FROM / FROM NAMED. With either, the request's dataset is the whole
    dataset: a default graph made of the ``default-graph-uri`` graphs (empty if none are given)
    and the ``named-graph-uri`` graphs as named graphs.
    """

    default_graph: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    @property
    def given(self) -> bool:
        return bool(self.default_graph or self.named_graphs)


def graph_iris(parameter: str, values: tuple[str, ...]) -> tuple[str, ...]:
    """The graph IRIs a request gives in ``parameter``, each checked: the store takes absolute IRIs only.

    >>> graph_iris("named-graph-uri", ("https://data.cultuurgraaf.be/graph/objecten",))
    ('https://data.cultuurgraaf.be/graph/objecten',)
    >>> graph_iris("default-graph-uri", ("http://example.org/a b",))
    Traceback (most recent call last):
    ...
    cultuurgraaf.errors.QueryError: default-graph-uri 'http://example.org/a b' is not an absolute IRI: Invalid IRI code point ' '
    """
    for value in values:
        problem = iri_problem(value)
        if problem is not None:
            raise QueryError(f"{parameter} {_QUOTED.repr(value)} is not an absolute IRI: {problem}")
    return values


#: A value quoted in a message, cut short when it is long.
_QUOTED = reprlib.Repr()
_QUOTED.maxstring = 120


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed the endpoint's rules, with what running it needs to know."""

    text: str
    form: str
    names_dataset: bool  # the query has FROM or FROM NAMED

    @property
    def gives_graph(self) -> bool:
        """Whether the answer is a graph (CONSTRUCT, DESCRIBE) rather than solutions or a boolean."""
        return self.form in ("CONSTRUCT", "DESCRIBE")

    def store_arguments(self, dataset: Dataset) -> dict:
        """Keyword arguments for :meth:`EmbeddedStore.query` that give this query its dataset."""
        if dataset.given:
            return {"default_graph": list(dataset.default_graph), "named_graphs": list(dataset.named_graphs)}
        return {"union_default_graph": not self.names_dataset}


def check_query(text: str | None, *, allowlist: tuple[str, ...] = (), base_iri: str | None = None) -> CheckedQuery:
    """Check a query against the endpoint's rules: not empty, not an update, SERVICE only to allowed endpoints."""
    if text is not None and len(text) <= 10_000:
        return _check_remembered(text, tuple(allowlist), base_iri)  # the same queries come again and again
    return _check(text, allowlist=allowlist, base_iri=base_iri)


@lru_cache(maxsize=512)
def _check_remembered(text: str, allowlist: tuple[str, ...], base_iri: str | None) -> CheckedQuery:
    return _check(text, allowlist=allowlist, base_iri=base_iri)


def _check(text: str | None, *, allowlist: tuple[str, ...], base_iri: str | None) -> CheckedQuery:
    if text is None or not text.strip():
        raise QueryError("the query is empty: send the SPARQL text as 'query'")
    form = query_form(text)
    check_nesting(text)
    if form == "UPDATE":
        raise QueryRefused("this is an update, not a query: send it as 'update' (form field) or as "
                           "application/sparql-update, with the endpoint's update token")
    if re.search("service", unescape_codepoints(text), re.IGNORECASE):
        _check_endpoints(_remote_endpoints(text, update=False, base_iri=base_iri), allowlist)
    names_dataset = bool(re.search("from", text, re.IGNORECASE)) and any(
        t.kind == "word" and t.text.upper() == "FROM" for t in tokens(text))
    return CheckedQuery(text=text, form=form, names_dataset=names_dataset)


def _remote_endpoints(text: str, *, update: bool, base_iri: str | None) -> list[tuple[str, str | None]]:
    """(operation, endpoint IRI or None for a variable) for every SERVICE, and for LOAD in updates.

    rdflib's parser applies the ``\\u`` escapes first, as the SPARQL grammar says.

    A real SPARQL parser finds them, not a pattern: ``FILTER(?a<?b)SERVICE:x#>`` holds a SERVICE
    that a longest-match tokenizer reads as an IRI, while the store's parser does not.
    """
    from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        if update:
            tree = translateUpdate(parseUpdate(text), base=base_iri).algebra
        else:
            tree = translateQuery(parseQuery(text), base=base_iri).algebra
    except Exception as exc:  # pyparsing and rdflib raise many kinds; all mean "could not read it"
        raise QueryError(f"the text names SERVICE or LOAD, which this endpoint checks before running anything, "
                         f"and it could not be read: {exc}") from exc
    found: list[tuple[str, str | None]] = []
    seen: set[int] = set()

    def walk(node) -> None:
        if id(node) in seen:
            return
        seen.add(id(node))
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                found.append(("SERVICE", _absolute(node.get("term"), base_iri)))
            elif node.name == "Load":
                found.append(("LOAD", _absolute(node.get("iri"), base_iri)))
            for value in node.values():
                walk(value)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple, set)):
            for value in node:
                walk(value)

    walk(tree)
    return found


def _absolute(term, base_iri: str | None) -> str | None:
    from rdflib import URIRef

    if not isinstance(term, URIRef):
        return None
    return urljoin(base_iri, str(term)) if base_iri else str(term)


def _check_endpoints(found: list[tuple[str, str | None]], allowlist: tuple[str, ...]) -> None:
    allowed = ", ".join(allowlist) if allowlist else "none are configured"
    for operation, endpoint in found:
        if endpoint is None:
            raise ServiceRefused(f"{operation} with a variable endpoint is not allowed: this endpoint only sends "
                                 f"queries to the endpoints on its allow-list ({allowed})")
        if endpoint not in allowlist:
            raise ServiceRefused(f"{operation} <{endpoint}> is not allowed: this endpoint only sends queries to the "
                                 f"endpoints on its allow-list ({allowed})")


# Updates -----------------------------------------------------------------------------------

def prepare_update(text: str | None, *, allowlist: tuple[str, ...] = (), base_iri: str | None = None,
                   using_graphs: tuple[str, ...] = (), using_named_graphs: tuple[str, ...] = ()) -> str:
    """Check an update (SERVICE and LOAD only to allowed endpoints) and apply the protocol's
    ``using-graph-uri`` / ``using-named-graph-uri`` as USING clauses on every operation with a WHERE.

    >>> prepare_update("INSERT { ?s a <http://x> } WHERE { ?s ?p ?o }", using_graphs=("http://g",))
    'INSERT { ?s a <http://x> } USING <http://g> WHERE { ?s ?p ?o }'
    """
    if text is None or not text.strip():
        raise QueryError("the update is empty: send the SPARQL Update text as 'update'")
    check_nesting(text)
    if re.search("service|load", unescape_codepoints(text), re.IGNORECASE):
        _check_endpoints(_remote_endpoints(text, update=True, base_iri=base_iri), allowlist)
    if not (using_graphs or using_named_graphs):
        return text
    clause = " ".join([f"USING <{g}>" for g in using_graphs] + [f"USING NAMED <{g}>" for g in using_named_graphs])
    depth = 0
    previous = ""
    inserts: list[int] = []
    for token in tokens(text):
        word = token.text.upper() if token.kind == "word" else ""
        if token.text == "{":
            depth += 1
        elif token.text == "}":
            depth -= 1
        elif depth == 0 and word in ("USING", "WITH"):
            raise QueryError(f"the update has its own {word} clause and the request gives "
                             "using-graph-uri / using-named-graph-uri: give the dataset in one place only")
        elif depth == 0 and word == "WHERE":
            if previous == "DELETE":
                raise QueryError("using-graph-uri / using-named-graph-uri cannot apply to DELETE WHERE { ... }; "
                                 "write it as DELETE { ... } WHERE { ... }")
            inserts.append(token.start)
        previous = word
    for position in reversed(inserts):
        text = text[:position] + clause + " " + text[position:]
    return text


# Running in this process (the command line; the web endpoint uses sparql.service) -----------

def run_query(store: EmbeddedStore, text: str, *, dataset: Dataset = Dataset(),
              allowlist: tuple[str, ...] = ()) -> QueryResult:
    """Run a read-only query here, without a time limit; an update is refused."""
    checked = check_query(text, allowlist=allowlist)
    return store.query(checked.text, **checked.store_arguments(dataset))
