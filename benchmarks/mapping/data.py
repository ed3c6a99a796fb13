"""The benchmark's input: heritage objects and their creators as CSV, and one RML mapping for both engines.

The mapping uses the legacy RML vocabulary with ``rml:source "file.csv"``, the form morph-kgc
2.10 reads; cultuurgraaf reads it too (it rewrites the legacy terms on load). Objects get a class
and five predicate-object maps (a language-tagged title, an identifier, a typed date, a material
IRI, and the creator through a join); creators get a class and a name: 6 triples an object and
2 a creator.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

MAPPING = """\
@prefix rr: <http://www.w3.org/ns/r2rml#> .
@prefix rml: <http://semweb.mmlab.be/ns/rml#> .
@prefix ql: <http://semweb.mmlab.be/ns/ql#> .
@prefix crm: <http://www.cidoc-crm.org/cidoc-crm/> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<#Object> a rr:TriplesMap ;
    rml:logicalSource [ rml:source "objects.csv" ; rml:referenceFormulation ql:CSV ] ;
    rr:subjectMap [ rr:template "https://data.cultuurgraaf.be/id/erfgoedobject/{id}" ;
                    rr:class crm:E22_Human-Made_Object ] ;
    rr:predicateObjectMap [ rr:predicate crm:P102_has_title ;
                            rr:objectMap [ rml:reference "title" ; rr:language "nl" ] ] ;
    rr:predicateObjectMap [ rr:predicate dct:identifier ; rr:objectMap [ rml:reference "number" ] ] ;
    rr:predicateObjectMap [ rr:predicate dct:created ;
                            rr:objectMap [ rml:reference "date" ; rr:datatype xsd:date ] ] ;
    rr:predicateObjectMap [ rr:predicate crm:P45_consists_of ;
                            rr:objectMap [ rr:template "http://vocab.getty.edu/aat/{material}" ] ] ;
    rr:predicateObjectMap [ rr:predicate crm:P14_carried_out_by ;
                            rr:objectMap [ rr:parentTriplesMap <#Creator> ;
                                           rr:joinCondition [ rr:child "creator" ; rr:parent "id" ] ] ] .

<#Creator> a rr:TriplesMap ;
    rml:logicalSource [ rml:source "creators.csv" ; rml:referenceFormulation ql:CSV ] ;
    rr:subjectMap [ rr:template "https://data.cultuurgraaf.be/id/persoon/{id}" ; rr:class foaf:Person ] ;
    rr:predicateObjectMap [ rr:predicate foaf:name ; rr:objectMap [ rml:reference "name" ] ] .
"""

TITLES = ["Theepot", "Zilveren vaas", "Koffiekan", "Affiche", "Stoel", "Lamp", "Broche", "Schaal",
          "Kandelaar", "Tafel", "Portret", "Landschap", "Ets", "Beeldje", "Juwelenkistje"]
ADJECTIVES = ["", "kleine ", "grote ", "art-nouveau ", "gegraveerde ", "émaillé ", "\"Iris\" "]
MATERIALS = ["300011029", "300011914", "300010900", "300014469", "300011845", "300012255"]
FIRST = ["Philippe", "Henry", "Anna", "Marthe", "Jules", "Emile", "Hélène", "Frans", "Rik", "Jeanne"]
LAST = ["Wolfers", "van de Velde", "Boch", "Horta", "Peeters", "Claes", "De Smet", "Janssens", "Maes"]


def write_inputs(folder: Path, *, rows: int, creators: int, seed: int = 7) -> dict[str, int]:
    """Write objects.csv, creators.csv and mapping.ttl; returns the triples the graph must hold."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    with open(folder / "creators.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name"])
        for i in range(creators):
            writer.writerow([f"PER{i:07d}", f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"])
    with open(folder / "objects.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "number", "title", "date", "material", "creator"])
        for i in range(rows):
            year = rng.randint(1850, 1990)
            writer.writerow([
                f"OBJ{i:08d}", f"{year}.{i % 10000:04d}",
                f"{rng.choice(ADJECTIVES)}{rng.choice(TITLES)} {i}".capitalize(),
                f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                rng.choice(MATERIALS), f"PER{rng.randrange(creators):07d}",
            ])
    (folder / "mapping.ttl").write_text(MAPPING, encoding="utf-8")
    return {"triples": rows * 6 + creators * 2}
