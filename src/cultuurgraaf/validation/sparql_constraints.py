"""SHACL-SPARQL constraints (``sh:sparql`` with ``sh:select``) as queries for the fast validator.

SHACL runs such a query once per focus node, with ``$this`` pre-bound to it. The fast validator
runs it once for all focus nodes: the pattern that binds ``?this`` to the shape's focus nodes is
put first in every group of the query that mentions ``$this``, so that every group, filter and
``EXISTS`` sees ``$this`` bound as pre-binding would, and the answers are the union of the answers
for each focus node. ``$PATH`` becomes the shape's path, ``sh:prefixes`` the query's prefixes.

What that rewriting cannot do the way SHACL (and pySHACL) says raises :class:`Unsupported`, so
the caller hands the shapes to pySHACL: a query with ``MINUS``, ``VALUES``, ``SERVICE``,
``GRAPH``, ``FROM``, a sub-``SELECT``, aggregates, ``LIMIT``/``OFFSET``, ``$currentShape``,
``$shapesGraph`` or ``?failure``, ``AS ?this``, or that projects none of ``$this``, ``?value`` and
``?path`` (pySHACL reports nothing for its answers); a constraint inside a nested shape.
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ..vocab import OWL, RDF, SH

#: The prefixes a SHACL-SPARQL query has in pySHACL without declaring them: those rdflib binds in
#: every graph (the data graph's), so a query that relies on them runs the same here.
DEFAULT_PREFIXES = {prefix: str(namespace) for prefix, namespace in Graph().namespaces()}
SELECT, PREFIXES, DECLARE, PREFIX, NAMESPACE = (URIRef(SH[t]) for t in ("select", "prefixes", "declare", "prefix",
                                                                          "namespace"))

TOKENS = re.compile(r'''
    (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<comment>\#[^\n]*)
  | (?P<open>\{) | (?P<close>\})
  | (?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
  | (?P<pname>(?:[A-Za-z][\w-]*(?:\.[\w-]+)*)?:(?:[\w%-]+(?:\.[\w%-]+)*)?)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<star>\*)
''', re.X)

REFUSED_WORDS = {"MINUS", "VALUES", "SERVICE", "GRAPH", "FROM", "GROUP", "HAVING", "LIMIT", "OFFSET", "COUNT",
                 "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"}
REFUSED_VARIABLES = {"currentShape", "shapesGraph", "failure"}


class SparqlConstraintError(Exception):
    """A SHACL-SPARQL query the fast validator cannot run as SHACL says; ``feature`` names why."""

    def __init__(self, feature: str):
        super().__init__(feature)
        self.feature = feature


def prefixes(graph: Graph, constraint: Node) -> dict[str, str]:
    """The prefixes a constraint's ``sh:prefixes`` declare (``sh:declare [sh:prefix; sh:namespace]``).

    As pySHACL reads them: an ontology's own declarations, or for any other node its declarations
    with those of every ontology in the shapes graph.
    """
    found = dict(DEFAULT_PREFIXES)
    ontologies = set(graph.subjects(URIRef(RDF.type), URIRef(OWL.Ontology)))
    for holder in graph.objects(constraint, PREFIXES):
        declarations = set(graph.objects(holder, DECLARE))
        if not (declarations and holder in ontologies):
            declarations |= {d for ontology in ontologies for d in graph.objects(ontology, DECLARE)}
        for declaration in declarations:
            prefix, namespace = graph.value(declaration, PREFIX), graph.value(declaration, NAMESPACE)
            if isinstance(prefix, Literal) and namespace is not None:
                found[str(prefix)] = str(namespace)
    return found


def constraint_query(graph: Graph, constraint: Node, *, focus: str, path: str | None) -> str:
    """The query that finds, for all focus nodes at once, what ``constraint``'s ``sh:select`` finds
    for each; ``focus`` is a group that binds ``?this``, ``path`` the shape's SPARQL path.

    >>> from rdflib import BNode
    >>> g, node = Graph(), BNode()
    >>> _ = g.add((node, SELECT, Literal("SELECT $this ?value WHERE { $this rdfs:label ?value }")))
    >>> print(constraint_query(g, node, focus="{ ?this a <http://ex.org/C> }", path=None).splitlines()[-1])
    SELECT DISTINCT ?this ?value WHERE {{ ?this a <http://ex.org/C> }  ?this rdfs:label ?value }
    """
    select = graph.value(constraint, SELECT)
    if not isinstance(select, Literal):
        raise SparqlConstraintError("a sh:sparql constraint without one sh:select text")
    text = str(select)
    if "$PATH" in text or "?PATH" in text:
        if path is None:
            raise SparqlConstraintError("$PATH in a constraint of a shape without sh:path")
        text = re.sub(r"[$?]PATH\b", lambda _: path, text)
    tokens = list(TOKENS.finditer(text))
    refuse(tokens)
    text = prebind(text, tokens, focus)
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes(graph, constraint).items())
    return prologue + text


def refuse(tokens: list[re.Match]) -> None:
    """Raise for anything in the query that pre-binding by rewriting cannot honour."""
    selects = 0
    for i, token in enumerate(tokens):
        kind, value = token.lastgroup, token.group()
        if kind == "word":
            word = value.upper()
            selects += word == "SELECT"
            if word in REFUSED_WORDS:
                raise SparqlConstraintError(f"{word} in a SPARQL constraint")
            if word == "AS" and i + 1 < len(tokens) and tokens[i + 1].group()[1:] == "this":
                raise SparqlConstraintError("AS $this in a SPARQL constraint")
        elif kind == "var" and value[1:] in REFUSED_VARIABLES:
            raise SparqlConstraintError(f"${value[1:]} in a SPARQL constraint")
    if selects != 1:
        raise SparqlConstraintError("a SPARQL constraint that is not one SELECT query")


def prebind(text: str, tokens: list[re.Match], focus: str) -> str:
    """The query as SELECT DISTINCT with ``?this`` projected, ``focus`` first in every group that
    mentions ``$this`` (written ``?this``).

    When the query does not project ``$this``, pySHACL reports only the answers that bind
    ``?value`` or ``?path``; the query is then wrapped to keep only those.
    """
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement)
    stack: list[int] = []
    mentions: list[bool] = []
    select_at = None
    for i, token in enumerate(tokens):
        kind = token.lastgroup
        if kind == "word" and token.group().upper() == "SELECT":
            select_at = i
        elif kind == "open":
            stack.append(token.end())
            mentions.append(False)
        elif kind == "close" and stack:
            end, mentioned = stack.pop(), mentions.pop()
            if mentioned:
                edits.append((end, end, f"{focus} "))
                if mentions:
                    mentions[-1] = True
        elif kind == "var" and token.group()[1:] == "this":
            edits.append((token.start(), token.end(), "?this"))
            if mentions:
                mentions[-1] = True
    if not any(replacement == f"{focus} " for _, _, replacement in edits):
        raise SparqlConstraintError("a SPARQL constraint whose WHERE clause does not mention $this")
    at, piece, projects_this = projection(tokens, select_at)
    edits.append((at, at, piece))
    for start, end, replacement in sorted(edits, key=lambda e: e[0], reverse=True):
        text = text[:start] + replacement + text[end:]
    if projects_this:
        return text
    begin = tokens[select_at].start()
    return f"{text[:begin]}SELECT * WHERE {{ {{ {text[begin:]} }} FILTER(BOUND(?value) || BOUND(?path)) }}"


def projection(tokens: list[re.Match], select_at: int) -> tuple[int, str, bool]:
    """Where to write ``DISTINCT`` (and ``?this``, when the query does not project it) after SELECT,
    what to write, and whether the query projects ``$this`` itself."""
    after = tokens[select_at].end()
    following = tokens[select_at + 1] if select_at + 1 < len(tokens) else None
    modifier = following is not None and following.group().upper() in ("DISTINCT", "REDUCED")
    if modifier and following.group().upper() == "REDUCED":
        raise SparqlConstraintError("SELECT REDUCED in a SPARQL constraint")
    projected = []
    for token in tokens[select_at + 1 + modifier:]:
        if token.lastgroup == "open" or token.group().upper() == "WHERE":
            break
        projected.append(token)
    star = bool(projected) and projected[0].lastgroup == "star"
    names = {t.group()[1:] for t in projected if t.lastgroup == "var"}
    if not (star or names & {"this", "value", "path"}):
        raise SparqlConstraintError("a SPARQL constraint that projects none of $this, ?value and ?path")
    this = star or "this" in names
    piece = ("" if modifier else " DISTINCT") + ("" if this else " ?this")
    return (following.end() if modifier else after), piece, this
