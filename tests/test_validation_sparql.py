"""SHACL-SPARQL constraints (sh:sparql): the fast validator runs them for all focus nodes at once
and reports what pySHACL reports running them once per focus node with $this pre-bound.

Each case is a shape with one SPARQL constraint over the same small data; where the rewriting
cannot honour pre-binding the fast path hands the shapes to pySHACL and says so.
"""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import Graph

from cultuurgraaf.store.scratch import ScratchStore
from cultuurgraaf.validation import validate_store
from cultuurgraaf.validation.shapes import Shapes

DATA = b"""@prefix ex: <http://ex.org/> .
ex:a a ex:C ; ex:p 1 ; ex:q 5 ; ex:label "a" .
ex:b a ex:C ; ex:p 7 ; ex:q 5 .
ex:c a ex:C .
ex:d a ex:C ; ex:p 2, 9 ; ex:q 3 .
"""

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://ex.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
ex: a owl:Ontology ; sh:declare [ sh:prefix "ex" ; sh:namespace "http://ex.org/"^^xsd:anyURI ] .
"""

#: name -> (the shape's body, how many results pySHACL gives)
RUN_FAST = {
    "node shape, $this only": (
        'sh:targetClass ex:C ; sh:sparql [ sh:prefixes ex: ; '
        'sh:select "SELECT $this WHERE { $this ex:p ?p ; ex:q ?q FILTER(?p > ?q) }" ]', 2),
    "node shape with ?value and ?path": (
        'sh:targetClass ex:C ; sh:sparql [ sh:prefixes ex: ; sh:select "SELECT $this ?value ?path WHERE { '
        '$this ex:p ?value ; ex:q ?q FILTER(?value > ?q) BIND(ex:p AS ?path) }" ]', 2),
    "$this only inside FILTER NOT EXISTS": (
        'sh:targetClass ex:C ; sh:sparql [ sh:prefixes ex: ; '
        'sh:select "SELECT $this WHERE { FILTER NOT EXISTS { $this ex:label ?l } }" ]', 3),
    "OPTIONAL, $this not projected": (
        'sh:targetClass ex:C ; sh:sparql [ sh:prefixes ex: ; sh:select "SELECT ?value WHERE { $this a ex:C '
        'OPTIONAL { $this ex:p ?value } FILTER(!BOUND(?value) || ?value > 5) }" ]', 2),
    "UNION": (
        'sh:targetClass ex:C ; sh:sparql [ sh:prefixes ex: ; sh:select "SELECT $this ?value WHERE { '
        '{ $this ex:p ?value FILTER(?value > 8) } UNION { $this ex:q ?value FILTER(?value < 4) } }" ]', 2),
    "SELECT *": (
        'sh:targetClass ex:C ; sh:sparql [ sh:prefixes ex: ; '
        'sh:select "SELECT * WHERE { $this ex:p ?value FILTER(?value > 5) }" ]', 2),
    "braces and $this in a comment and a string": (
        'sh:targetClass ex:C ; sh:sparql [ sh:prefixes ex: ; sh:select """# a { comment $this\n'
        'SELECT $this ?value WHERE { $this ex:p ?value FILTER(STR(?value) != \\"{$this}\\") FILTER(?value > 5) }""" ]', 2),
    "sh:targetNode": (
        'sh:targetNode ex:a, ex:b ; sh:sparql [ sh:prefixes ex: ; '
        'sh:select "SELECT $this ?value WHERE { $this ex:q ?value }" ]', 2),
    "sh:targetSubjectsOf": (
        'sh:targetSubjectsOf ex:p ; sh:sparql [ sh:prefixes ex: ; sh:select "SELECT $this ?value WHERE { '
        '$this ex:p ?value FILTER NOT EXISTS { $this ex:label ?l } }" ]', 3),
    "property shape with $PATH": (
        'sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:sparql [ sh:prefixes ex: ; sh:select '
        '"SELECT $this ?value WHERE { $this $PATH ?value . $this ex:q ?q FILTER(?value > ?q) }" ] ]', 2),
    "property shape without ?value": (
        'sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:sparql [ sh:prefixes ex: ; sh:select '
        '"SELECT $this WHERE { $this $PATH ?value . $this ex:q ?q FILTER(?value > ?q) }" ] ]', 2),
    "a prefix rdflib binds in every graph, not declared": (
        'sh:targetClass ex:C ; sh:sparql [ sh:prefixes ex: ; sh:select "SELECT $this ?value WHERE { '
        '$this ex:p ?value FILTER(DATATYPE(?value) = xsd:integer && ?value > 5) }" ]', 2),
    "deactivated": (
        'sh:targetClass ex:C ; sh:sparql [ sh:deactivated true ; sh:prefixes ex: ; '
        'sh:select "SELECT $this WHERE { $this ex:p ?v }" ]', 0),
}

#: name -> (the shape's body, what the note names)
HANDED_TO_PYSHACL = {
    "aggregates": ('sh:targetClass ex:C ; sh:sparql [ sh:prefixes ex: ; sh:select "SELECT $this (COUNT(?v) AS ?n) '
                   'WHERE { $this ex:p ?v } GROUP BY $this HAVING (COUNT(?v) > 1)" ]', "COUNT"),
    "none of $this ?value ?path": ('sh:targetClass ex:C ; sh:sparql [ sh:prefixes ex: ; sh:select "SELECT ?x WHERE { '
                                   '?x a ex:C . { ?x ex:p ?v FILTER(!sameTerm(?x, $this)) } }" ]', "projects none"),
    "LIMIT": ('sh:targetClass ex:C ; sh:sparql [ sh:prefixes ex: ; sh:select "SELECT $this ?value WHERE { '
              '$this ex:p ?value } LIMIT 1" ]', "LIMIT"),
    "nested": ('sh:targetClass ex:C ; sh:node [ sh:sparql [ sh:prefixes ex: ; '
               'sh:select "SELECT $this WHERE { $this ex:p ?v }" ] ]', "nested shape"),
}


def validate_both(body: str):
    shapes = Shapes(graph=Graph().parse(data=PREFIXES + f"ex:S a sh:NodeShape ; {body} .", format="turtle"))
    store = ScratchStore()
    store.load(data=DATA, format="turtle")
    return validate_store(store, shapes, engine="fast"), validate_store(store, shapes, engine="pyshacl")


@pytest.mark.parametrize("body, count", RUN_FAST.values(), ids=RUN_FAST)
def test_the_fast_path_runs_sparql_constraints_as_pyshacl_does(body, count):
    fast, reference = validate_both(body)
    assert fast.engine == "fast" and fast.notes == []
    found, expected = Counter(r.key() for r in fast.results), Counter(r.key() for r in reference.results)
    assert found == expected, f"only fast: {found - expected}\nonly pySHACL: {expected - found}"
    assert sum(expected.values()) == count


@pytest.mark.parametrize("body, feature", HANDED_TO_PYSHACL.values(), ids=HANDED_TO_PYSHACL)
def test_sparql_constraints_that_rewriting_cannot_honour_go_to_pyshacl(body, feature):
    fast, reference = validate_both(body)
    assert fast.engine == "pyshacl" and len(fast.notes) == 1 and feature in fast.notes[0], fast.notes
    assert Counter(r.key() for r in fast.results) == Counter(r.key() for r in reference.results)


def test_a_sparql_constraint_speaks_with_its_own_message_when_the_shape_has_none():
    fast, reference = validate_both('sh:targetClass ex:C ; sh:sparql [ sh:message "p is too large"@en ; sh:prefixes ex: ; '
                                    'sh:select "SELECT $this WHERE { $this ex:p ?v FILTER(?v > 8) }" ]')
    assert [r.message("en") for r in fast.results] == [r.message("en") for r in reference.results] == ["p is too large"]
