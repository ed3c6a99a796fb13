"""Holding back what a build does not load: entities, each with its parts, and dropped values.

An entity is an IRI, held back with its parts: the blank nodes it holds (an identifier, a
dimension) and, further down its links, the things that only its own records made (an object's
production, minted from the object's row). A violation about a blank node holds back the entity
that holds it. Nothing else goes: an entity that points at a held-back one keeps its own data and
the link, which the report lists as a dangling link; so does every other entity the same records
made (the performances whose rows also made their hall). A value that ``on_conflict = "first"``
drops is one triple.

What is held back moves, line by line, from the source's mapped N-Quads file to
``<reports>/<source>.quarantine.nq``, and out of the scratch store the build checks on.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Callable, Iterable

from rdflib import BNode, URIRef
from rdflib.term import Node

from ..store.scratch import ScratchStore
from .findings import Conflict, HeldBack
from .origins import nt

#: how far a blank node is walked up to the entity that holds it
MAX_WALK = 5


class Holding:
    """What a build keeps out of the store so far, over the mapped files of its sources (``sources``:
    objects with a ``name`` and the ``path`` of their N-Quads) and the scratch store."""

    def __init__(self, sources: list, scratch: ScratchStore, report_dir: Path, *,
                 held_before: dict[str, tuple[str, ...]] | None = None):
        self.sources = {source.name: source for source in sources}
        self.scratch = scratch
        self.report_dir = report_dir
        #: (IRI, source) -> the ids of the report entries that say why it was held back, and the
        #: entity it was held back with, when it is a part of one
        self.held: dict[tuple[Node, str], tuple[list[str], Node | None]] = {}
        #: every entity asked to be held back (some have nothing in this build's files to move), and
        #: those held back
        self.tried: set[Node] = set()
        self.held_nodes: set[Node] = set()
        #: entities an earlier build held back, of sources this one keeps (IRI -> entry ids)
        self.before: dict[Node, list[str]] = {URIRef(iri): list(e) for iri, e in (held_before or {}).items()}
        self.held_nodes |= set(self.before)
        #: values dropped by on_conflict = "first", per source
        self.dropped: Counter = Counter()
        for name in self.sources:
            self.quarantine_file(name).unlink(missing_ok=True)

    def quarantine_file(self, name: str) -> Path:
        return self.report_dir / f"{name}.quarantine.nq"

    @property
    def entities(self) -> dict[Node, list[str]]:
        """Each entity held back, by this build or (of the sources it keeps) an earlier one, with the
        ids of the report entries that say why."""
        out: dict[Node, list[str]] = {node: list(entries) for node, entries in self.before.items()}
        for (node, _name), (entries, _entity) in self.held.items():
            out.setdefault(node, [])
            out[node] += [e for e in entries if e not in out[node]]
        return out

    def held_back(self) -> list[HeldBack]:
        """What this build held back, each entity followed by its parts."""
        held = [HeldBack(nt(node) or "", name, tuple(entries), nt(entity) if entity is not None else None)
                for (node, name), (entries, entity) in self.held.items()]
        return sorted(held, key=lambda h: (h.part_of or h.entity, h.part_of is not None, h.entity, h.source))

    def owner(self, node: Node) -> Node:
        """The entity a node belongs to: an IRI is its own; a blank node belongs to the IRI that
        refers to it (walked up), or, held by none, to itself."""
        current = node
        for _ in range(MAX_WALK):
            if not isinstance(current, BNode):
                return current
            parents = self.scratch.referrers(current)
            if not parents:
                break
            current = parents[0][0]
        return node if isinstance(current, BNode) else current

    def below(self, entities: Iterable[Node]) -> set[Node]:
        """The nodes the entities' links lead to, up to ``MAX_WALK`` steps: where their parts may be
        (whose lineage :meth:`hold_back` then needs)."""
        found: set[Node] = set()
        level = set(entities)
        for _ in range(MAX_WALK):
            level = {value for node in level for value in self.scratch.objects(node)
                     if isinstance(value, (URIRef, BNode)) and value not in found} - self.held_nodes
            found |= level
        return found

    def hold_back(self, culprits: dict[Node, list[str]], made_by: Callable[[Node], set[tuple[str, str, str]]]) -> None:
        """Move out the quads of these entities (each with the ids of the report entries that say
        why) and of their parts; ``made_by`` gives the records (source, file, record) that made a
        node, of the entities and the nodes :meth:`below` them at least."""
        nodes: dict[str, tuple[Node, Node]] = {}  # N-Triples -> (node, the entity it goes with)
        names: set[str] = set()
        for entity in culprits:
            self.tried.add(entity)
            for node in self._with_parts(entity, made_by):
                nodes.setdefault(nt(node) or "", (node, entity))
                names |= {source for source, _file, _record in made_by(node)}
        for name, moved in self._move(names, set(nodes), ()).items():
            for subject in moved:
                node, entity = nodes[subject]
                if isinstance(node, BNode) and node != entity:
                    continue  # a blank node goes with its entity unnamed
                self.held_nodes.add(node)
                entries, _entity = self.held.setdefault((node, name), ([], None if node == entity else entity))
                entries += [e for e in culprits[entity] if e not in entries]

    def drop(self, conflicts: Iterable[Conflict]) -> None:
        """Move out the values ``on_conflict = "first"`` dropped (each a triple of the conflict's subject)."""
        prefixes: list[str] = []
        names: set[str] = set()
        for conflict in conflicts:
            for value in conflict.values:
                if value.dropped:
                    prefixes.append(f"{nt(conflict.focus)} <{conflict.path}> {value.written} ")
                    for name in {o.source for o in value.origins if o.source in self.sources}:
                        self.dropped[name] += 1
                        names.add(name)
        if prefixes:
            self._move(names, set(), tuple(prefixes))

    def _with_parts(self, entity: Node, made_by: Callable[[Node], set]) -> set[Node]:
        """The entity and its parts: the blank nodes below it that nothing outside it refers to, and
        the things below it that only records that made the entity made."""
        records = made_by(entity)
        held = {entity}
        todo = [(entity, 0)]
        while todo:
            node, depth = todo.pop()
            for value in self.scratch.objects(node):
                if value in held or value in self.held_nodes or depth >= MAX_WALK:
                    continue
                if isinstance(value, BNode):
                    part = all(subject in held for subject, _p in self.scratch.referrers(value))
                else:
                    part = isinstance(value, URIRef) and bool(records) and bool(made := made_by(value)) \
                        and made <= records
                if part:
                    held.add(value)
                    todo.append((value, depth + 1))
        return held

    def _move(self, names: set[str], subjects: set[str], prefixes: tuple[str, ...]) -> dict[str, set[str]]:
        """Move the lines about ``subjects`` or starting with one of ``prefixes`` out of the files of
        the sources ``names``; per source, the subjects of the lines moved."""
        found: dict[str, set[str]] = {}
        for name in sorted(names):
            path = self.sources[name].path
            moved = path.with_name(f"{name}.moved.nq")
            found[name] = split_file(path, moved, subjects=subjects, prefixes=prefixes)
            if found[name]:
                with open(moved, "rb") as lines, open(self.quarantine_file(name), "ab") as out:
                    shutil.copyfileobj(lines, out, 1 << 20)
                self.scratch.remove(path=moved, format="nquads")
            moved.unlink()
        return found


def split_file(path: Path, moved: Path, *, subjects: set[str], prefixes: tuple[str, ...] = ()) -> set[str]:
    """Move from the N-Quads file ``path`` to the file ``moved`` the lines whose subject is one of
    ``subjects`` (N-Triples terms) or that start with one of ``prefixes``; the subjects of the lines moved."""
    kept = path.with_name(path.name + ".kept")
    found: set[str] = set()
    with open(path, encoding="utf-8") as source, open(kept, "w", encoding="utf-8") as keep, \
            open(moved, "w", encoding="utf-8") as out:
        for line in source:
            subject = line[:line.find(" ")]
            if subject in subjects or (prefixes and line.startswith(prefixes)):
                out.write(line)
                found.add(subject)
            else:
                keep.write(line)
    kept.replace(path)
    return found
