"""The embedded Oxigraph store: one named graph per source, replaced atomically.

The store folder holds numbered *generations*, each a complete Oxigraph database, and a small
``CURRENT`` file naming the one in use. A build or load writes a new generation (copying the
graphs it does not replace from the current one), flushes it, and only then points ``CURRENT``
at it with an atomic rename. A reader therefore sees the old graph or the new one, never a mix;
a build that fails or is killed leaves ``CURRENT`` and the generation it names untouched; and a
server can keep answering from the current generation while another process builds the next.

This module is the only importer of pyoxigraph.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .errors import QueryError, RDFSyntaxError, StoreError

RDF_FORMATS = {
    "nquads": ox.RdfFormat.N_QUADS, "nq": ox.RdfFormat.N_QUADS,
    "ntriples": ox.RdfFormat.N_TRIPLES, "nt": ox.RdfFormat.N_TRIPLES,
    "turtle": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "rdfxml": ox.RdfFormat.RDF_XML, "rdf": ox.RdfFormat.RDF_XML, "owl": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
    "n3": ox.RdfFormat.N3,
}
RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
}


def rdf_format(name_or_path: str) -> ox.RdfFormat:
    """The RDF format for a name (``turtle``) or a file name (``data.ttl``, ``dump.nq.gz``)."""
    key = name_or_path.lower()
    if key not in RDF_FORMATS:
        parts = Path(key).name.split(".")
        key = parts[-2] if parts[-1] in ("gz",) and len(parts) > 2 else parts[-1]
    try:
        return RDF_FORMATS[key]
    except KeyError:
        raise StoreError(f"unknown RDF format '{name_or_path}' (known: {', '.join(sorted(RDF_FORMATS))})") from None


@dataclass
class GraphInfo:
    """What the manifest says of one source's graph."""

    iri: str
    triples: int = 0
    checksum: str = ""
    loaded_at: str = ""
    extra: dict = field(default_factory=dict)


@dataclass
class Manifest:
    generation: int = 0
    graphs: dict[str, GraphInfo] = field(default_factory=dict)
    built_at: str = ""

    def to_json(self) -> dict:
        return {"generation": self.generation, "built_at": self.built_at,
                "graphs": {name: vars(info) for name, info in self.graphs.items()}}

    @classmethod
    def from_json(cls, data: dict) -> "Manifest":
        return cls(generation=int(data.get("generation", 0)), built_at=data.get("built_at", ""),
                   graphs={name: GraphInfo(**info) for name, info in data.get("graphs", {}).items()})


def to_rdflib(term) -> Node | None:
    """A pyoxigraph term as the rdflib term the rest of the code works with."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"unexpected term {term!r}")


def _to_ox(term: Node):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    raise TypeError(f"unexpected term {term!r}")


class QueryResult:
    """The answer to a query: solutions, a boolean or a graph; serialisable and iterable."""

    def __init__(self, raw, kind: str):
        self._raw = raw
        self.kind = kind

    @property
    def variables(self) -> list[str]:
        return [v.value for v in self._raw.variables] if self.kind == "solutions" else []

    @property
    def boolean(self) -> bool:
        if self.kind != "boolean":
            raise QueryError("not an ASK query")
        return bool(self._raw)

    def rows(self) -> Iterator[dict[str, Node]]:
        """Solutions as dicts of rdflib terms (unbound variables left out)."""
        variables = self._raw.variables
        for solution in self._raw:
            row = {}
            for var in variables:
                value = solution[var]
                if value is not None:
                    row[var.value] = to_rdflib(value)
            yield row

    def triples(self) -> Iterator[tuple[Node, Node, Node]]:
        for triple in self._raw:
            yield to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)

    def serialize(self, format: str) -> bytes:
        """Write the result as SPARQL JSON/XML/CSV/TSV (solutions, boolean) or an RDF syntax (graphs)."""
        if self.kind == "graph":
            return self._raw.serialize(format=rdf_format(format))
        return self._raw.serialize(format=RESULT_FORMATS[format])


def _kind(raw) -> str:
    if isinstance(raw, ox.QuerySolutions):
        return "solutions"
    if isinstance(raw, ox.QueryBoolean):
        return "boolean"
    return "graph"


class EmbeddedStore:
    """An on-disk store folder of generations; open for reading, write through :meth:`transaction`."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._db: ox.Store | None = None
        self._db_generation: int | None = None

    # reading ------------------------------------------------------------------------------
    def current_generation(self) -> int:
        try:
            return int(json.loads((self.path / "CURRENT").read_text())["generation"])
        except FileNotFoundError:
            return 0
        except (ValueError, KeyError) as exc:
            raise StoreError(f"the store's CURRENT file is damaged: {exc}") from exc

    def manifest(self, generation: int | None = None) -> Manifest:
        generation = self.current_generation() if generation is None else generation
        if generation == 0:
            return Manifest()
        try:
            return Manifest.from_json(json.loads(self._manifest_path(generation).read_text()))
        except FileNotFoundError as exc:
            raise StoreError(f"the store has no manifest for generation {generation}") from exc

    def _gen_dir(self, generation: int) -> Path:
        return self.path / f"gen-{generation:06d}"

    def _manifest_path(self, generation: int) -> Path:
        return self.path / f"gen-{generation:06d}.json"

    def db(self) -> ox.Store:
        """The current generation, opened read-only; reopened when a build has switched it."""
        generation = self.current_generation()
        if self._db is None or generation != self._db_generation:
            if generation == 0:
                self._db = ox.Store()
            else:
                try:
                    self._db = ox.Store.read_only(str(self._gen_dir(generation)))
                except OSError as exc:
                    raise StoreError(f"cannot open the store at {self.path}: {exc}") from exc
            self._db_generation = generation
        return self._db

    def query(self, text: str, *, default_graph: list[str] | None = None, named_graphs: list[str] | None = None,
              base_iri: str | None = None) -> QueryResult:
        """Run a SPARQL query; without a dataset the default graph is the union of all graphs."""
        kwargs: dict = {}
        if default_graph is not None:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graph]
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        try:
            raw = self.db().query(text, base_iri=base_iri, **kwargs)
        except SyntaxError as exc:
            raise QueryError(f"the query is not valid SPARQL: {exc}") from exc
        except OSError as exc:
            raise QueryError(f"the query failed: {exc}") from exc
        return QueryResult(raw, _kind(raw))

    def count(self, graph: str | None = None) -> int:
        db = self.db()
        if graph is None:
            return len(db)
        return sum(1 for _ in db.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self.db().named_graphs())

    def dump(self, output, *, format: str = "nquads", graph: str | None = None) -> None:
        """Write the whole store (or one graph) to a binary file object."""
        fmt = rdf_format(format)
        db = self.db()
        if graph is not None:
            db.dump(output, format=fmt, from_graph=ox.NamedNode(graph))
        elif fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            db.dump(output, format=fmt)
        else:
            raise StoreError(f"a dump of all graphs needs a format with graphs (nquads, trig), not '{format}'")

    def close(self) -> None:
        self._db = None
        self._db_generation = None

    # writing ------------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator["Transaction"]:
        """Write a new generation; it becomes current only when the block ends without error."""
        self.path.mkdir(parents=True, exist_ok=True)
        lock = open(self.path / "LOCK", "w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            lock.close()
            raise StoreError(f"another build or load is writing to {self.path}; try again when it is done") from exc
        try:
            previous = self.current_generation()
            self._sweep(keep={previous, previous - 1})
            generation = previous + 1
            target = self._gen_dir(generation)
            if target.exists():
                shutil.rmtree(target)
            tx = Transaction(self, previous, generation, ox.Store(str(target)))
            try:
                yield tx
                tx.finish()
            except BaseException:
                tx.abandon()
                raise
            self._switch(generation, tx.manifest)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
            lock.close()

    def _switch(self, generation: int, manifest: Manifest) -> None:
        manifest.generation = generation
        manifest.built_at = _now()
        _write_atomic(self._manifest_path(generation), json.dumps(manifest.to_json(), indent=2))
        _write_atomic(self.path / "CURRENT", json.dumps({"generation": generation}))

    def _sweep(self, keep: set[int]) -> None:
        """Remove generations left by failed builds and those older than the previous one."""
        for entry in self.path.glob("gen-*"):
            try:
                number = int(entry.name[4:10])
            except ValueError:
                continue
            if number not in keep:
                if entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)


class Transaction:
    """A generation being written. Graphs not replaced are copied from the previous one."""

    def __init__(self, store: EmbeddedStore, previous: int, generation: int, db: ox.Store):
        self.store = store
        self.previous = previous
        self.generation = generation
        self.db = db
        self.manifest = Manifest(graphs=dict(store.manifest(previous).graphs) if previous else {})
        self._replaced: set[str] = set()
        self._extra_graphs: set[str] = set()

    def previous_info(self, name: str) -> GraphInfo | None:
        return self.store.manifest(self.previous).graphs.get(name) if self.previous else None

    def load(self, name: str, *, graph: str, path: Path | None = None, data: bytes | None = None,
             format: str = "nquads", info: GraphInfo | None = None) -> int:
        """Fill the graph of one source from an RDF file or bytes (quads keep their own graph)."""
        fmt = rdf_format(format)
        before = len(self.db)
        try:
            to_graph = None if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG) else ox.NamedNode(graph)
            if path is not None:
                self.db.bulk_load(path=str(path), format=fmt, to_graph=to_graph)
            else:
                self.db.bulk_load(input=data or b"", format=fmt, to_graph=to_graph)
        except SyntaxError as exc:
            raise RDFSyntaxError(f"cannot parse {path or 'the data'} as {format}: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot load {path or 'the data'}: {exc}") from exc
        added = len(self.db) - before
        info = info or GraphInfo(iri=graph)
        info.triples = added
        info.loaded_at = info.loaded_at or _now()
        self.manifest.graphs[name] = info
        self._replaced.add(name)
        return added

    def write_graph(self, iri: str, nquads: bytes) -> None:
        """Add a graph that is not a source (the catalogue and provenance graph)."""
        self.db.bulk_load(input=nquads, format=ox.RdfFormat.N_QUADS)
        self._extra_graphs.add(iri)

    def drop(self, name: str) -> None:
        self.manifest.graphs.pop(name, None)
        self._replaced.add(name)

    def keep_others(self) -> None:
        """Copy, from the previous generation, every source graph this transaction did not replace."""
        if not self.previous:
            return
        old = ox.Store.read_only(str(self.store._gen_dir(self.previous)))
        for name, info in self.store.manifest(self.previous).graphs.items():
            if name in self._replaced:
                continue
            graph = ox.NamedNode(info.iri)
            self.db.bulk_extend(old.quads_for_pattern(None, None, None, graph))
            self._replaced.add(name)

    def finish(self) -> None:
        self.keep_others()
        self.db.flush()
        self.db = None

    def abandon(self) -> None:
        self.db = None
        shutil.rmtree(self.store._gen_dir(self.generation), ignore_errors=True)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def open_store(location: str | Path) -> EmbeddedStore:
    """The store at a folder path (a remote ``sparql+http(s)://`` store comes with the remote backend)."""
    text = str(location)
    if "://" in text:
        raise StoreError(f"remote stores are not supported yet: {text}")
    return EmbeddedStore(Path(text))


def parse_rdf_file(path: Path, *, format: str | None = None) -> list[tuple[Node, Node, Node, Node | None]]:
    """Quads of a small RDF file, checked by Oxigraph's parser (errors name the line)."""
    fmt = rdf_format(format or path.name)
    try:
        with open(path, "rb") as handle:
            return [(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), to_rdflib(q.graph_name))
                    for q in ox.parse(handle, format=fmt, base_iri=path.resolve().as_uri())]
    except SyntaxError as exc:
        raise RDFSyntaxError(f"{path}: {exc}") from exc
