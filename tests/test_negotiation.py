"""Content negotiation is one table per kind of answer and one chooser: each row is an Accept
header and the media type the endpoint must answer with (None: 406 Not Acceptable)."""

from __future__ import annotations

import pytest

from cultuurgraaf.web.negotiation import GRAPH_TYPES, SOLUTION_TYPES, choose, parse_accept

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


@pytest.mark.parametrize("accept, expected", [
    (None, "application/sparql-results+json"),
    ("", "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", "application/json"),
    ("application/xml", "application/xml"),
    ("text/*", "text/csv"),
    ("application/*", "application/sparql-results+json"),
    ("text/csv;q=0.5, text/tab-separated-values", "text/tab-separated-values"),
    ("application/sparql-results+xml;q=0.9, application/sparql-results+json;q=0.8", "application/sparql-results+xml"),
    ("text/*;q=0.5, application/sparql-results+xml;q=0.4", "text/csv"),
    ("*/*;q=0.1, text/tab-separated-values;q=0.2", "text/tab-separated-values"),
    ("application/sparql-results+json;q=0, */*", "application/sparql-results+xml"),
    ("TEXT/CSV", "text/csv"),
    ("text/csv ; q=1 ; charset=utf-8", "text/csv"),
    (BROWSER, "application/xml"),
    ("image/png", None),
    ("text/turtle", None),
    ("application/sparql-results+json;q=0", None),
])
def test_select_and_ask_answers(accept, expected):
    assert choose(accept, SOLUTION_TYPES) == expected


@pytest.mark.parametrize("accept, expected", [
    (None, "text/turtle"),
    ("*/*", "text/turtle"),
    ("text/turtle", "text/turtle"),
    ("application/n-triples", "application/n-triples"),
    ("application/ld+json", "application/ld+json"),
    ("application/rdf+xml", "application/rdf+xml"),
    ("application/n-quads", "application/n-quads"),
    ("application/trig", "application/trig"),
    ("text/plain", "text/plain"),
    ("application/json", "application/json"),
    ("text/turtle;q=0.9, application/ld+json", "application/ld+json"),
    ("application/*;q=0.3, text/turtle;q=0.2", "application/n-triples"),
    ("application/rdf+xml, text/turtle;q=0.5, */*;q=0.1", "application/rdf+xml"),
    ("text/*", "text/turtle"),
    ("text/turtle;q=0, text/*", "text/plain"),
    ("application/sparql-results+json", None),
    ("text/html", None),
])
def test_construct_and_describe_answers(accept, expected):
    assert choose(accept, GRAPH_TYPES) == expected


@pytest.mark.parametrize("accept, expected", [
    ("text/csv;q=0.5, text/*;q=0.8", "text/tab-separated-values"),  # the specific range wins for text/csv
    ("text/*;q=0.8, text/csv;q=0.5", "text/tab-separated-values"),
])
def test_the_most_specific_range_sets_the_quality_of_a_type(accept, expected):
    assert choose(accept, SOLUTION_TYPES) == expected


def test_a_malformed_quality_counts_as_zero():
    assert parse_accept("text/csv;q=high") == [("text/csv", 0.0, 0)]
    assert choose("text/csv;q=high", SOLUTION_TYPES) is None


def test_both_tables_have_a_format_for_every_type():
    assert set(SOLUTION_TYPES.values()) == {"json", "xml", "csv", "tsv"}
    assert set(GRAPH_TYPES.values()) == {"turtle", "ntriples", "jsonld", "rdfxml", "nquads", "trig"}
