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
from dataclasses import dataclass, replace
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
    #: its SERVICE clauses could not be told from its tokens: :func:`check_services` must read it whole
    #: (in a worker, where it counts against the query's limits) before it runs
    needs_full_check: bool = False

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
    """Check a query against the endpoint's rules: not empty, not an update, SERVICE only to allowed endpoints.

    :func:`screen_query`, and the full parse where the screen could not decide.
    """
    checked = screen_query(text, allowlist=allowlist, base_iri=base_iri)
    if checked.needs_full_check:
        check_services(checked.text, allowlist=allowlist, base_iri=base_iri)
    return replace(checked, needs_full_check=False)


def screen_query(text: str | None, *, allowlist: tuple[str, ...] = (), base_iri: str | None = None) -> CheckedQuery:
    """:func:`check_query` from the query's tokens only, in time linear in its length: what a web
    server can afford for every request. A SERVICE it cannot judge from the tokens is left to
    :func:`check_services` (``needs_full_check``)."""
    if text is not None and len(text) <= 10_000:
        return _screen_remembered(text, tuple(allowlist), base_iri)  # the same queries come again and again
    return _screen(text, allowlist=allowlist, base_iri=base_iri)


@lru_cache(maxsize=512)
def _screen_remembered(text: str, allowlist: tuple[str, ...], base_iri: str | None) -> CheckedQuery:
    return _screen(text, allowlist=allowlist, base_iri=base_iri)


def _screen(text: str | None, *, allowlist: tuple[str, ...], base_iri: str | None) -> CheckedQuery:
    if text is None or not text.strip():
        raise QueryError("the query is empty: send the SPARQL text as 'query'")
    form = query_form(text)
    check_nesting(text)
    if form == "UPDATE":
        raise QueryRefused("this is an update, not a query: send it as 'update' (form field) or as "
                           "application/sparql-update, with the endpoint's update token")
    names_dataset = bool(re.search("from", text, re.IGNORECASE)) and any(
        t.kind == "word" and t.text.upper() == "FROM" for t in tokens(text))
    decided = _screen_calls(text, ("SERVICE",), allowlist=allowlist, base_iri=base_iri)
    return CheckedQuery(text=text, form=form, names_dataset=names_dataset, needs_full_check=not decided)


def check_services(text: str, *, allowlist: tuple[str, ...], base_iri: str | None, update: bool = False) -> None:
    """Find every SERVICE (and LOAD in updates) with a real SPARQL parser, and refuse those not on
    the allow-list. Slow (rdflib's parser takes time that grows with the square of the number of
    patterns), so the endpoint calls it only in its workers, for what :func:`screen_query` left open."""
    _check_endpoints(_remote_endpoints(text, update=update, base_iri=base_iri), allowlist)


def _screen_calls(text: str, keywords: tuple[str, ...], *, allowlist: tuple[str, ...], base_iri: str | None) -> bool:
    """Refuse every SERVICE (or LOAD) the tokens show to an endpoint not on the allow-list; whether
    the tokens decided it all (False: :func:`check_services` must read the text whole)."""
    unescaped = unescape_codepoints(text)
    if not any(re.search(k, unescaped, re.IGNORECASE) for k in keywords):
        return True
    calls = remote_calls(unescaped, keywords, base_iri=base_iri)
    if calls is None:
        return False
    _check_endpoints([(operation, endpoint) for operation, endpoint, _ in calls], allowlist)
    # an allowed endpoint that was resolved against a base here: the store's own resolution decides
    return all(written_absolute for _, _, written_absolute in calls)


#: Tokens after which ``<`` may be the operator "less than" rather than the start of an IRI.
_OPERAND_ENDS = {"var", "number", "string", "langtag", "iri", "pname", "word"}
_ABSOLUTE = re.compile(r"<[A-Za-z][A-Za-z0-9+.\-]*:")


def remote_calls(text: str, keywords: tuple[str, ...] = ("SERVICE",), *,
                 base_iri: str | None = None) -> list[tuple[str, str | None, bool]] | None:
    """Every SERVICE (or other keyword of ``keywords``) in a query's tokens, as (keyword, endpoint IRI
    or None for a variable, whether the IRI was written absolute); None when the tokens cannot tell
    for certain, and only a full parse can.

    The tokens are certain unless the text holds one of these: a word or a prefix that contains a
    keyword without being it (``SERVICESILENT``, ``SERVICE:x``), an endpoint that is not an IRI, a
    declared prefixed name or a variable, or, inside parentheses after an operand, an IRI that
    could be ``<`` (less than) followed by code: one that holds a keyword, ``)``, ``'`` or ``#``.

    >>> remote_calls("PREFIX e: <http://h/> SELECT * { SERVICE SILENT e:q { ?s ?p ?o } SERVICE ?x {} }")
    [('SERVICE', 'http://h/q', True), ('SERVICE', None, True)]
    >>> remote_calls("SELECT * { ?s <http://schema.org/serviceType> ?o } # SERVICE <x>")
    []
    >>> remote_calls("SELECT * { FILTER(?a<?b)SERVICE:x#>\\n {} }") is None
    True
    """
    found: list[tuple[str, str | None, bool]] = []
    prefixes: dict[str, tuple[str, bool]] = {}
    base = base_iri or ""
    depth = 0
    previous: Token | None = None
    pending: str | None = None  # a keyword waiting for its endpoint
    declaring: list[Token] = []  # a PREFIX or BASE declaration being read
    for token in tokens(text):
        upper = token.text.upper()
        if declaring:
            declaring.append(token)
            if declaring[0].text.upper() == "BASE" and token.kind == "iri":
                base, declaring = urljoin(base, token.text[1:-1]), []
            elif len(declaring) == 3:
                _, name, iri = declaring
                if name.kind == "pname" and iri.kind == "iri" and "\\" not in iri.text:
                    prefixes[name.text] = (urljoin(base, iri.text[1:-1]), bool(_ABSOLUTE.match(iri.text)))
                declaring = []
            elif len(declaring) > 3 or token.kind not in ("pname", "iri"):
                return None
        elif pending is not None:
            if token.kind == "word" and upper == "SILENT" and previous is not None and previous.text.upper() == pending:
                previous = token
                continue
            endpoint = _endpoint(token, prefixes, base)
            if endpoint is None:
                return None
            found.append((pending, *endpoint))
            pending = None
        elif token.kind == "word" and upper in keywords:
            pending = upper
        elif token.kind == "word" and upper in ("PREFIX", "BASE"):
            declaring = [token]
        elif token.kind == "word" and any(k in upper for k in keywords):
            return None
        elif token.kind == "pname" and any(k in upper.partition(":")[0] for k in keywords):
            return None
        elif token.kind == "iri" and depth > 0 and previous is not None and (
                previous.kind in _OPERAND_ENDS or previous.text in (")", "]")) and (
                any(c in token.text for c in ")'#") or any(k in upper for k in keywords)):
            return None
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth = max(0, depth - 1)
        previous = token
    return None if pending is not None or declaring else found


def _endpoint(token: Token, prefixes: dict[str, tuple[str, bool]], base: str) -> tuple[str | None, bool] | None:
    """An endpoint token as (IRI or None for a variable, written absolute), or None when it is not plain."""
    if token.kind == "var":
        return None, True
    if "\\" in token.text:
        return None
    if token.kind == "iri":
        return urljoin(base, token.text[1:-1]), bool(_ABSOLUTE.match(token.text))
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        if prefix + ":" in prefixes:
            iri, absolute = prefixes[prefix + ":"]
            return iri + local, absolute
    return None


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
    ``using-graph-uri`` / ``using-named-graph-uri`` (:func:`with_using`).

    >>> prepare_update("INSERT { ?s a <http://x> } WHERE { ?s ?p ?o }", using_graphs=("http://g",))
    'INSERT { ?s a <http://x> } USING <http://g> WHERE { ?s ?p ?o }'
    """
    if not screen_update(text, allowlist=allowlist, base_iri=base_iri):
        check_services(text, allowlist=allowlist, base_iri=base_iri, update=True)
    return with_using(text, using_graphs=using_graphs, using_named_graphs=using_named_graphs)


def screen_update(text: str | None, *, allowlist: tuple[str, ...] = (), base_iri: str | None = None) -> bool:
    """Refuse an empty update, and SERVICE and LOAD to endpoints not on the allow-list as far as the
    update's tokens tell; whether they told it all (False: :func:`check_services` must read it whole)."""
    if text is None or not text.strip():
        raise QueryError("the update is empty: send the SPARQL Update text as 'update'")
    check_nesting(text)
    return _screen_calls(text, ("SERVICE", "LOAD"), allowlist=allowlist, base_iri=base_iri)


def with_using(text: str, *, using_graphs: tuple[str, ...] = (), using_named_graphs: tuple[str, ...] = ()) -> str:
    """An update with the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` as USING clauses
    on every operation with a WHERE."""
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
