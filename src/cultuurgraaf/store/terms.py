"""Terms between the two RDF libraries: pyoxigraph's in the store, rdflib's in the rest of the code."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ..vocab import XSD

_XSD_STRING = XSD.string  # compared with every literal: looked up once

def to_rdflib(term) -> Node | None:
    """A pyoxigraph term as the rdflib term the rest of the code works with.

    >>> to_rdflib(ox.Literal("theepot", language="nl"))
    rdflib.term.Literal('theepot', lang='nl')
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"unexpected term {term!r}")


def iri_problem(text: str) -> str | None:
    """Why the store would refuse ``text`` as an IRI (it takes absolute IRIs, RFC 3987), or None.

    >>> iri_problem("https://data.cultuurgraaf.be/graph/objecten") is None
    True
    >>> iri_problem("http://example.org/a b")
    "Invalid IRI code point ' '"
    """
    try:
        ox.NamedNode(text)
    except ValueError as exc:
        return str(exc)
    return None


def to_oxigraph(term: Node):
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    raise TypeError(f"unexpected term {term!r}")
