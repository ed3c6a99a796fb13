"""Graphs and datasets compared as RDF: by isomorphism (blank nodes matched by structure), with a
diff that says which triples are only in the expected graph and which only in the actual one.

>>> from rdflib import Graph
>>> def turtle(text): return Graph().parse(data="@prefix : <http://x.org/> . " + text, format="turtle")
>>> graph_difference(turtle(":a :p [ :q 1 ] ."), turtle(":a :p [ :q 1 ] .")) is None
True
>>> print(graph_difference(turtle(":a :p 1 ."), turtle(":a :p 2 .")))
  only in expected: (rdflib.term.URIRef('http://x.org/a'), rdflib.term.URIRef('http://x.org/p'), rdflib.term.Literal('1', ...))
  only in actual:   (rdflib.term.URIRef('http://x.org/a'), rdflib.term.URIRef('http://x.org/p'), rdflib.term.Literal('2', ...))
"""

from __future__ import annotations

import re
import warnings

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")
#: How many triples of each side a difference shows.
SHOWN = 5


def graph_difference(expected: Graph, actual: Graph) -> str | None:
    """None when the two graphs are isomorphic; otherwise the triples only in each (the first few)."""
    if isomorphic(expected, actual):
        return None
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = [f"  only in expected: {t}" for t in sorted(only_expected)[:SHOWN]]
    lines += [f"  only in actual:   {t}" for t in sorted(only_actual)[:SHOWN]]
    return "\n".join(lines)


def assert_same_graph(actual: Graph, expected: Graph) -> None:
    """Fail with the difference when ``actual`` is not isomorphic to ``expected``."""
    difference = graph_difference(expected, actual)
    assert difference is None, "the graphs differ:\n" + difference


def assert_same_canonical_graph(actual: Graph, expected: Graph) -> None:
    """As :func:`assert_same_graph`, for graphs whose many alike blank nodes make rdflib's test of
    isomorphism too slow (the JSON-LD of an event stream: three dimensions of an object that say
    only "cm"): both graphs are canonicalised by Oxigraph, which names each blank node after what
    is said of it, and then compared as sets of triples."""
    import pyoxigraph

    def canonical(graph: Graph) -> set[str]:
        dataset = pyoxigraph.Dataset(pyoxigraph.parse(graph.serialize(format="nt").encode("utf-8"),
                                                      format=pyoxigraph.RdfFormat.N_TRIPLES))
        dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.UNSTABLE)
        return {str(quad) for quad in dataset}

    only_expected, only_actual = canonical(expected) - canonical(actual), canonical(actual) - canonical(expected)
    lines = [f"  only in expected: {t}" for t in sorted(only_expected)[:SHOWN]]
    lines += [f"  only in actual:   {t}" for t in sorted(only_actual)[:SHOWN]]
    assert not lines, "the graphs differ:\n" + "\n".join(lines)


def parse_dataset(text: str) -> Dataset:
    """N-Quads as published, made parseable: spaces inside IRIs (rml:UnsafeIRI) encoded the same way
    on both sides of a comparison."""
    dataset = Dataset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # rdflib 7.x warns about its own default_context
        dataset.parse(data=re.sub(r"<([^<>\"]*)>", lambda m: "<" + m.group(1).replace(" ", "%20") + ">", text),
                      format="nquads")
    return dataset


def _graphs(dataset: Dataset) -> dict[str, Graph]:
    """Each named graph ('' for the default one), with simple literals written as xsd:string (RDF 1.1: the same term)."""
    out: dict[str, Graph] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        quads = list(dataset.quads((None, None, None, None)))
    for s, p, o, g in quads:
        if isinstance(o, Literal) and o.datatype is None and not o.language:
            o = Literal(str(o), datatype=XSD_STRING)
        name = "" if g is None or str(g) == "urn:x-rdflib:default" else str(g)
        out.setdefault(name, Graph()).add((s, p, o))
    return out


def nquads_difference(expected_text: str, actual_text: str) -> str | None:
    """None when two N-Quads documents are isomorphic datasets (the same named graphs, each
    isomorphic); otherwise what differs."""
    expected, actual = _graphs(parse_dataset(expected_text)), _graphs(parse_dataset(actual_text))
    if set(expected) != set(actual):
        return f"named graphs differ: expected {sorted(expected)}, made {sorted(actual)}"
    for name in expected:
        difference = graph_difference(expected[name], actual[name])
        if difference is not None:
            return f"graph <{name}>:\n{difference}"
    return None
