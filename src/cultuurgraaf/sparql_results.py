r"""Writing SELECT results ourselves, so that a result can be cut at the row limit and say so.

The store writes whole results; a public endpoint must stop at its row limit without lying about
it. These writers take the first rows of a result and write SPARQL 1.1 Query Results JSON, XML,
CSV or TSV as the store would. A cut JSON result carries one extra top-level member::

    "truncated": {"max_rows": 10000, "message": "..."}

(JSON clients ignore members they do not know; people and scripts can look for it). Every cut
result, in any format, is also marked by the HTTP header ``Cultuurgraaf-Truncated``.

Terms come as plain tuples (see :meth:`cultuurgraaf.store.QueryResult.solution_tuples`):

>>> rows = [(("uri", "http://x"), ("literal", "a,b", "nl", RDF_LANG_STRING)), (None, ("literal", "1", None, XSD + "integer"))]
>>> write_solutions(["s", "o"], rows, "csv").decode().split("\r\n")
['s,o', 'http://x,"a,b"', ',1', '']
>>> write_solutions(["s", "o"], rows, "tsv").decode().split("\n")
['?s\t?o', '<http://x>\t"a,b"@nl', '\t1', '']
"""

from __future__ import annotations

import json
import re
from typing import Iterable
from xml.sax.saxutils import escape, quoteattr

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
FORMATS = ("json", "xml", "csv", "tsv")

_BARE = {XSD + "integer": re.compile(r"[+-]?\d+\Z"),
         XSD + "decimal": re.compile(r"[+-]?\d*\.\d+\Z"),
         XSD + "double": re.compile(r"[+-]?(?:\d+\.\d*|\.?\d+)[eE][+-]?\d+\Z"),
         XSD + "boolean": re.compile(r"(?:true|false)\Z")}


def truncation_message(max_rows: int) -> str:
    return (f"the result was cut at {max_rows} rows, the most this endpoint returns at once; "
            "use ORDER BY with LIMIT and OFFSET to fetch the rest in pages")


def write_solutions(variables: list[str], rows: Iterable[tuple], format: str, *, truncated_at: int | None = None) -> bytes:
    """Write solutions in one of :data:`FORMATS`; ``truncated_at`` marks a JSON result as cut."""
    if format == "json":
        return _json(variables, rows, truncated_at)
    if format == "xml":
        return _xml(variables, rows)
    if format == "csv":
        return _csv(variables, rows)
    if format == "tsv":
        return _tsv(variables, rows)
    raise ValueError(f"unknown result format {format!r} (known: {', '.join(FORMATS)})")


def _json_term(term: tuple) -> dict:
    kind = term[0]
    if kind == "uri":
        return {"type": "uri", "value": term[1]}
    if kind == "literal":
        out = {"type": "literal", "value": term[1]}
        if term[2]:
            out["xml:lang"] = term[2]
        elif term[3] != XSD_STRING:
            out["datatype"] = term[3]
        return out
    if kind == "bnode":
        return {"type": "bnode", "value": term[1]}
    return {"type": "triple", "value": {"subject": _json_term(term[1]), "predicate": _json_term(term[2]),
                                        "object": _json_term(term[3])}}


def _json(variables: list[str], rows: Iterable[tuple], truncated_at: int | None) -> bytes:
    bindings = [{name: _json_term(term) for name, term in zip(variables, row) if term is not None} for row in rows]
    document: dict = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    if truncated_at is not None:
        document["truncated"] = {"max_rows": truncated_at, "message": truncation_message(truncated_at)}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


_XML_TEXT = {'"': "&quot;", "\r": "&#13;"}  # a bare CR would be read back as LF


def _text(value: str) -> str:
    return escape(value, _XML_TEXT)


def _xml_term(term: tuple) -> str:
    kind = term[0]
    if kind == "uri":
        return f"<uri>{_text(term[1])}</uri>"
    if kind == "literal":
        if term[2]:
            return f"<literal xml:lang={quoteattr(term[2])}>{_text(term[1])}</literal>"
        if term[3] != XSD_STRING:
            return f"<literal datatype={quoteattr(term[3])}>{_text(term[1])}</literal>"
        return f"<literal>{_text(term[1])}</literal>"
    if kind == "bnode":
        return f"<bnode>{_text(term[1])}</bnode>"
    return (f"<triple><subject>{_xml_term(term[1])}</subject><predicate>{_xml_term(term[2])}</predicate>"
            f"<object>{_xml_term(term[3])}</object></triple>")


def _xml(variables: list[str], rows: Iterable[tuple]) -> bytes:
    parts = ['<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
    parts += [f"<variable name={quoteattr(v)}/>" for v in variables]
    parts.append("</head><results>")
    for row in rows:
        parts.append("<result>")
        parts += [f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
                  for name, term in zip(variables, row) if term is not None]
        parts.append("</result>")
    parts.append("</results></sparql>")
    return "".join(parts).encode("utf-8")


def _csv_value(term: tuple | None) -> str:
    if term is None:
        return ""
    kind = term[0]
    if kind == "bnode":
        value = "_:" + term[1]
    elif kind == "triple":
        value = _tsv_value(term)
    else:
        value = term[1]
    if any(c in value for c in '",\r\n'):
        value = '"' + value.replace('"', '""') + '"'
    return value


def _csv(variables: list[str], rows: Iterable[tuple]) -> bytes:
    lines = [",".join(variables)]
    lines += [",".join(_csv_value(term) for term in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _tsv_string(value: str) -> str:
    return '"' + (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                  .replace("\r", "\\r").replace("\t", "\\t")) + '"'


def _tsv_value(term: tuple | None) -> str:
    if term is None:
        return ""
    kind = term[0]
    if kind == "uri":
        return f"<{term[1]}>"
    if kind == "bnode":
        return "_:" + term[1]
    if kind == "literal":
        if term[2]:
            return f"{_tsv_string(term[1])}@{term[2]}"
        if term[3] == XSD_STRING:
            return _tsv_string(term[1])
        bare = _BARE.get(term[3])
        if bare is not None and bare.match(term[1]):
            return term[1]
        return f"{_tsv_string(term[1])}^^<{term[3]}>"
    return f"<< {_tsv_value(term[1])} {_tsv_value(term[2])} {_tsv_value(term[3])} >>"


def _tsv(variables: list[str], rows: Iterable[tuple]) -> bytes:
    lines = ["\t".join("?" + v for v in variables)]
    lines += ["\t".join(_tsv_value(term) for term in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")
