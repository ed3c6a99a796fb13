"""Executing SPARQL queries for people and programs: form detection, the read-only rule, datasets.

>>> query_form("PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ?p ?o }")
'SELECT'
>>> query_form("# a comment\\nask { ?s ?p ?o }")
'ASK'
>>> query_form("INSERT DATA { <http://a> <http://b> <http://c> }")
'UPDATE'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import QueryError, QueryRefused
from .store import EmbeddedStore, QueryResult

_PROLOGUE = re.compile(r"""\s*(?:\#[^\n]*\n\s*|(?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*""", re.IGNORECASE)
_FORM = re.compile(r"(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
                   re.IGNORECASE)
_UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT, DESCRIBE, or UPDATE for any update operation; '' if unknown."""
    match = _FORM.match(text, _PROLOGUE.match(text).end())
    if match is None:
        return ""
    form = match.group(1).upper()
    return "UPDATE" if form in _UPDATES else form


@dataclass(frozen=True)
class Dataset:
    """The graphs a query sees (SPARQL Protocol ``default-graph-uri`` / ``named-graph-uri``)."""

    default_graph: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


def run_query(store: EmbeddedStore, text: str, *, dataset: Dataset = Dataset()) -> QueryResult:
    """Run a read-only query; an update is refused with a message that says how updates are done."""
    if not text or not text.strip():
        raise QueryError("the query is empty")
    if query_form(text) == "UPDATE":
        raise QueryRefused("this endpoint is read-only: SPARQL Update is not accepted here")
    return store.query(
        text,
        default_graph=list(dataset.default_graph) or None,
        named_graphs=list(dataset.named_graphs) or None,
    )
