"""What the shapes take as focus nodes, and whether a file held any of it.

SHACL checks only the nodes its shapes target: data of classes no shape targets passes without a
look. So a file is *checked* when it holds a node of a class the shapes target (``sh:targetClass``,
or a shape that is itself a class; a subclass counts, as SHACL says), a triple with a property they
target (``sh:targetSubjectsOf``, ``sh:targetObjectsOf``), or a node they name (``sh:targetNode``).
What a file holds is noted while it loads (:class:`~cultuurgraaf.store.scratch.Survey`).

>>> from rdflib import Graph
>>> shapes = Shapes(Graph().parse(format="turtle", data='''
...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://ex.org/> .
...     ex:S a sh:NodeShape ; sh:targetClass ex:Object ; sh:property [ sh:path ex:title ; sh:minCount 1 ] .
...     ex:T a sh:NodeShape ; sh:targetSubjectsOf ex:keeper .'''))
>>> targets = Targets.of(shapes)
>>> targets.describe()
'things of class ex:Object, subjects of ex:keeper'
>>> targets.reached(Survey(classes={"http://ex.org/Concept"}), ScratchStore())
False
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from ..store.scratch import ScratchStore, Survey
from .shapes import Shapes
from .shapes_to_sparql import Compiler

#: how many classes a message names before it says how many more there are
NAMED = 10


@dataclass(frozen=True)
class Targets:
    """The IRIs of the classes, properties and nodes the shapes target."""

    classes: frozenset[str]
    subjects_of: frozenset[str]
    objects_of: frozenset[str]
    nodes: frozenset[str]
    shapes: Shapes

    @classmethod
    def of(cls, shapes: Shapes) -> "Targets":
        graph = shapes.graph
        roots = Compiler(graph).roots()
        classes = {c for r in roots for c in graph.objects(r, SH.targetClass)}
        classes |= {r for r in roots if (r, RDF.type, RDFS.Class) in graph or (r, RDF.type, URIRef(
            "http://www.w3.org/2002/07/owl#Class")) in graph}

        def iris(predicate) -> frozenset[str]:
            return frozenset(str(o) for r in roots for o in graph.objects(r, predicate) if isinstance(o, URIRef))

        return cls(classes=frozenset(str(c) for c in classes if isinstance(c, URIRef)),
                   subjects_of=iris(SH.targetSubjectsOf), objects_of=iris(SH.targetObjectsOf),
                   nodes=frozenset(str(n) for r in roots for n in graph.objects(r, SH.targetNode)
                                   if isinstance(n, (URIRef, Literal))),
                   shapes=shapes)

    def reached(self, survey: Survey, store: ScratchStore) -> bool:
        """Whether the file ``survey`` noted holds a node the shapes check (``store`` holds everything
        loaded, for the subclasses it declares)."""
        if survey.found_nodes or survey.predicates & (self.subjects_of | self.objects_of):
            return True
        if survey.classes & self.classes:
            return True
        if not survey.classes or not self.classes:
            return False
        values = " ".join(f"<{c}>" for c in sorted(survey.classes))
        targets = " ".join(f"<{c}>" for c in sorted(self.classes))
        return store.query(f"ASK {{ VALUES ?c {{ {values} }} VALUES ?t {{ {targets} }} "
                           f"?c <{RDFS.subClassOf}>+ ?t }}").boolean

    def describe(self) -> str:
        """What the shapes target, in a few words for a message."""
        name = self.shapes.graph.namespace_manager.normalizeUri
        parts = []
        if self.classes:
            classes = sorted(name(URIRef(c)) for c in self.classes)
            more = f" and {len(classes) - NAMED} more" if len(classes) > NAMED else ""
            parts.append("things of class " + ", ".join(classes[:NAMED]) + more)
        parts += [f"subjects of {name(URIRef(p))}" for p in sorted(self.subjects_of)]
        parts += [f"objects of {name(URIRef(p))}" for p in sorted(self.objects_of)]
        if self.nodes:
            parts.append(f"{len(self.nodes)} nodes named by sh:targetNode")
        return ", ".join(parts) or "nothing: no shape has a target"
