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

from ..errors import QueryError, QueryRefused, ServiceRefused
from ..store import EmbeddedStore, QueryResult, iri_problem
from .nesting import check_nesting
from .remote_calls import check_services, screen_calls
from .tokens import tokens

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


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
    decided = screen_calls(text, ("SERVICE",), allowlist=allowlist, base_iri=base_iri)
    return CheckedQuery(text=text, form=form, names_dataset=names_dataset, needs_full_check=not decided)


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
    return screen_calls(text, ("SERVICE", "LOAD"), allowlist=allowlist, base_iri=base_iri)


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
