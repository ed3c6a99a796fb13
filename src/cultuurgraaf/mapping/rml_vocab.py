"""The RML vocabulary (http://w3id.org/rml/) and the legacy terms rewritten into it on load.

The W3C KG-Construct vocabulary is one namespace for RML-Core, RML-IO and RML-FNML. Older
mappings use R2RML's ``rr:``, ``http://semweb.mmlab.be/ns/rml#``, ``ql:`` and ``fnml:``; their
terms are renamed to the new ones before a mapping is read, so there is one reader.

>>> modern("http://www.w3.org/ns/r2rml#column")
'http://w3id.org/rml/reference'
>>> modern("http://semweb.mmlab.be/ns/ql#JSONPath")
'http://w3id.org/rml/JSONPath'
"""

from __future__ import annotations

RML = "http://w3id.org/rml/"
RR = "http://www.w3.org/ns/r2rml#"
RML_LEGACY = "http://semweb.mmlab.be/ns/rml#"
QL = "http://semweb.mmlab.be/ns/ql#"
FNML_LEGACY = "http://semweb.mmlab.be/ns/fnml#"
FNO = "https://w3id.org/function/ontology#"
FNO_HTTP = "http://w3id.org/function/ontology#"
CSVW = "http://www.w3.org/ns/csvw#"
D2RQ = "http://www.wiwiss.fu-berlin.de/suhl/bizer/D2RQ/0.1#"
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
#: cultuurgraaf's own terms: a mapping document's default base IRI (YARRRML ``base``), which a
#: project's base IRI replaces; ``rml:baseIRI`` on a triples map is stronger than both.
CG = "https://data.cultuurgraaf.be/ns/cultuurgraaf#"
CG_DEFAULT_BASE = CG + "defaultBaseIRI"
#: cultuurgraaf's source options on a logical source: ``cg:parallelList [ cg:column "x" ;
#: cg:separator ";" ]`` (CSV columns holding lists side by side), ``cg:versions [ cg:versionOf
#: "ref" ; cg:versionAt "ref" ]`` (keep the latest version of each object) and ``cg:nested [ cg:name
#: "date" ; cg:path "$.dates[*]" ]`` (one record per item of each JSON record, with its members).

_RENAMES = {
    "column": "reference",
    "SQL2008": "SQL2008Query",
}


def modern(iri: str) -> str:
    """The KG-Construct IRI for a legacy RML, R2RML or QL term; other IRIs as they are."""
    for legacy in (RR, RML_LEGACY, QL):
        if iri.startswith(legacy):
            local = iri[len(legacy):]
            return RML + _RENAMES.get(local, local)
    return iri


#: the terms only a mapping document uses, in the new and the legacy vocabularies: a file that uses
#: one holds triples maps (``rml:logicalSource``, ``rr:logicalTable``, ``rml:subjectMap``, ...)
TRIPLES_MAP_TERMS = frozenset(
    namespace + local
    for namespace in (RML, RR, RML_LEGACY)
    for local in ("TriplesMap", "logicalSource", "logicalTable", "subjectMap", "predicateObjectMap"))

#: term types, by the IRI a mapping writes
TERM_TYPES = {
    RML + "IRI": "iri",
    RML + "URI": "uri",
    RML + "UnsafeIRI": "unsafe_iri",
    RML + "UnsafeURI": "unsafe_iri",
    RML + "BlankNode": "blank",
    RML + "Literal": "literal",
}

#: reference formulations, by IRI, to reader names
FORMULATIONS = {
    RML + "CSV": "csv",
    RML + "JSONPath": "json",
    RML + "XPath": "xml",
    RML + "XPathReferenceFormulation": "xml",
    "https://data.cultuurgraaf.be/ns/cultuurgraaf#NDJSON": "ndjson",
    # MARC 21 records (ISO 2709 or MARCXML) as MARCXML, referenced with XPath
    "https://data.cultuurgraaf.be/ns/cultuurgraaf#MARC": "marc",
    # JSON-LD documents expanded to RDF statements
    "https://data.cultuurgraaf.be/ns/cultuurgraaf#JSONLD": "jsonld",
    # the answers of a SPARQL SELECT (the iterator): RML-IO names the results formats, the RML-IO
    # registry names rml:SPARQL
    RML + "SPARQL": "sparql",
    FORMATS + "SPARQL_Results_CSV": "sparql-csv",
    FORMATS + "SPARQL_Results_TSV": "sparql-tsv",
    FORMATS + "SPARQL_Results_JSON": "sparql-json",
    FORMATS + "SPARQL_Results_XML": "sparql-xml",
    # a database (d2rq:Database): a table by name, or the rows of a query
    RML + "SQL2008Table": "sql-table",
    RML + "SQL2008Query": "sql-query",
}

COMPRESSIONS = {
    RML + "none": "none",
    RML + "gzip": "gzip",
    RML + "zip": "zip",
    RML + "tarxz": "tar.xz",
    RML + "targz": "tar.gz",
    RML + "tarGzip": "tar.gz",
    RML + "bzip2": "bzip2",
    RML + "xz": "xz",
}

ENCODINGS = {
    RML + "UTF-8": "utf-8",
    RML + "UTF-16": "utf-16",
}
