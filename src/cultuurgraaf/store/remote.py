"""The project on an existing SPARQL server (Virtuoso, Fuseki, QLever, GraphDB, ...).

``store = "sparql+http://127.0.0.1:8890/sparql"`` in the project file, plus a ``[store]`` table
(update and Graph Store endpoints, credentials), gives the same interface as the embedded store.

What lives on the server:

- each source's graph under its own IRI, so other clients of the server see the usual names;
- ``{base}/graph/_manifest``: the manifest (as one JSON literal), and a note of every staging
  graph a build is writing, which also keeps a second writer out.

How a build replaces a source: its new triples go into a fresh staging graph (Graph Store
Protocol POSTs of a few MB, a blank node with all its triples in one request; or, on Virtuoso with
``bulk_loader = "virtuoso"``, one file read by the server's own bulk loader), the staging
graph's size is checked, and then one ``MOVE <staging> TO <graph>`` per graph switches it. On
Virtuoso one MOVE is one transaction: readers see the old graph until it commits and the new one
after (with a mixed view for about 0.2 s at the commit, which nothing on that server avoids). A
build that replaces several sources switches them one after the other, and writes the manifest
last: if it dies during the switch, some sources are new, the manifest still names the old
inputs, and the next build redoes them. A build that fails before the switch changes nothing
readers see; its staging graphs are dropped then, or by the next build.

Queries inside a transaction see the generation being written: the IRIs of replaced graphs are
rewritten to their staging graphs, and back in the answers.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Collection
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

import pyoxigraph as ox

from ..errors import RDFSyntaxError, StoreError
from ..vocab import CG
from .formats import check_rdf_input, is_quads, open_rdf, rdf_format
from .held_back import keep_from_previous
from .manifest import GraphInfo, Manifest, now
from .parsing import read_rdf
from .reports import point_to_current
from .results import QueryResult
from .sparql_http import Dataset, SparqlClient
from .virtuoso_bulk import NO_GRAPH, VirtuosoBulkLoader
from .statistics import graph_statistics

MANIFEST = CG.manifest
STAGING = CG.staging
STAGING_PREFIX = "urn:cultuurgraaf:staging:"
EMPTY_GRAPH = STAGING_PREFIX + "nothing"
STALE_AFTER_S = 6 * 3600
_FROM = re.compile(r"\bFROM\s+(?:NAMED\s+)?<", re.IGNORECASE)
SCHEMES = {"sparql+http": "http", "sparql+https": "https", "http": "http", "https": "https"}


def endpoint_url(location: str) -> str:
    """The HTTP address of a ``sparql+http(s)://`` store location.

    >>> endpoint_url("sparql+http://127.0.0.1:8890/sparql")
    'http://127.0.0.1:8890/sparql'
    """
    scheme, _, rest = location.partition("://")
    if scheme.lower() not in SCHEMES:
        raise StoreError(f"unknown store location '{location}': a folder, or sparql+http(s)://host/path")
    return f"{SCHEMES[scheme.lower()]}://{rest}"


class RemoteStore:
    """A project's graphs on a SPARQL server; derived files (search index, reports) in ``path``."""

    location_kind = "remote"
    #: SPARQL beyond 1.1 that queries may use here: none, whatever the server
    sparql_extensions = frozenset()

    def __init__(self, location: str, *, base_iri: str, path: Path, config) -> None:
        self.location = location
        self.base_iri = base_iri.rstrip("/")
        self.path = Path(path)
        self.config = config
        self.client = SparqlClient(endpoint_url(location), update_url=config.update_url,
                                   graph_store_url=config.graph_store_url, user=config.user,
                                   password=config.password, auth=config.auth, timeout_s=config.timeout_s,
                                   row_limit=config.row_limit, page_size=config.page_size)
        self.manifest_graph = f"{self.base_iri}/graph/_manifest"
        self.meta_graph = f"{self.base_iri}/graph/meta"
        self._cache: tuple[float, Manifest, list[dict]] | None = None
        self.bulk = None
        if config.bulk_loader == "virtuoso":
            self.bulk = VirtuosoBulkLoader(config.isql, config.isql_user, config.isql_password,
                                           Path(config.bulk_folder), timeout_s=max(config.timeout_s, 3600.0))

    def __repr__(self) -> str:
        return f"RemoteStore({self.location!r})"

    # reading ------------------------------------------------------------------------------
    def _state(self, *, fresh: bool = False) -> tuple[Manifest, list[dict]]:
        """The manifest and the staging notes, read at most once a second."""
        cached = self._cache
        if cached is not None and not fresh and time.monotonic() - cached[0] < 1.0:
            return cached[1], cached[2]
        rows = self.client.query(
            f"SELECT ?p ?o WHERE {{ GRAPH <{self.manifest_graph}> {{ <{self.manifest_graph}> ?p ?o }} }}",
            Dataset((), (self.manifest_graph,))).rows()
        manifest, notes = Manifest(), []
        for row in rows:
            if str(row["p"]) == MANIFEST:
                manifest = Manifest.from_json(json.loads(str(row["o"])))
            elif str(row["p"]) == STAGING:
                notes.append(json.loads(str(row["o"])))
        self._cache = (time.monotonic(), manifest, notes)
        return manifest, notes

    def current_generation(self) -> int:
        return self._state()[0].generation

    def manifest(self, generation: int | None = None) -> Manifest:
        """The manifest on the server. The server keeps one generation: asked for an older one (a
        build switched in between), this gives the current one, which is what queries now see."""
        return self._state()[0]

    def generation_file(self, generation: int, suffix: str) -> Path:
        self.path.mkdir(parents=True, exist_ok=True)
        return self.path / f"gen-{generation:06d}{suffix}"

    def project_graphs(self) -> list[str]:
        manifest = self.manifest()
        return sorted(set(manifest.project_graphs()) | set(manifest.other_graphs))

    def query(self, text: str, *, default_graph: list[str] | None = None, named_graphs: list[str] | None = None,
              base_iri: str | None = None, union_default_graph: bool = True) -> QueryResult:
        """Run a query over the project's graphs only (never the server's other graphs).

        Without a dataset the default graph is the union of the project's graphs;
        ``union_default_graph=False`` leaves the dataset to the query's FROM (or an empty default graph).
        """
        dataset = _dataset(text, default_graph, named_graphs, union_default_graph, self.project_graphs())
        return self.client.query(_with_base(text, base_iri), dataset)

    def count(self, graph: str | None = None) -> int:
        graphs = [graph] if graph else self.project_graphs()
        total = 0
        for name in graphs:
            row = next(self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}").rows())
            total += int(row["n"])
        return total

    def graphs(self) -> list[str]:
        return self.project_graphs()

    def dump(self, output: IO[bytes], *, format: str = "nquads", graph: str | None = None) -> None:
        """Write the project's graphs (or one) to a binary file object, read in pages."""
        fmt = rdf_format(format)
        if graph is None and not is_quads(fmt):
            raise StoreError(f"a dump of all graphs needs a format with graphs (nquads, trig), not '{format}'; "
                             "or dump one graph")
        for name in [graph] if graph else self.project_graphs():
            quads = (ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name)) if is_quads(fmt) else t
                     for t in self.graph_triples(name))
            output.write(ox.serialize(quads, format=fmt))

    def graph_triples(self, graph: str, *, rename=None) -> Iterator[ox.Triple]:
        """Every triple of a graph, in pages that stay under the server's row limit."""
        text = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        dataset = Dataset((), (graph,))
        for page in self.client.select_pages(text, dataset, ["s", "p", "o"], rename):
            for solution in ox.parse_query_results(json.dumps(page), ox.QueryResultsFormat.JSON):
                yield ox.Triple(solution["s"], solution["p"], solution["o"])

    def close(self) -> None:
        self._cache = None

    # writing ------------------------------------------------------------------------------
    @contextmanager
    def transaction(self, *, rewrites: Collection[str] | None = None,
                    incoming_bytes: int = 0) -> Iterator["RemoteTransaction"]:
        """Stage a new generation on the server; switch to it when the block ends without error.
        (``rewrites`` and ``incoming_bytes`` are for the embedded store's choice of how to start a generation: a server's
        graphs are replaced in place, and the kept ones are never copied.)"""
        manifest, notes = self._state(fresh=True)
        self._clear_stale(notes)
        tx = RemoteTransaction(self, manifest)
        try:
            yield tx
            keep_from_previous(tx)
            tx.finish()
        except BaseException:
            tx.abandon()
            raise
        finally:
            self._cache = None
        point_to_current(self, tx.generation)

    def _clear_stale(self, notes: list[dict]) -> None:
        live = [n for n in notes if time.time() - n.get("since", 0) < STALE_AFTER_S]
        if live:
            raise StoreError(f"another build or load is writing to {self.location} (since "
                             f"{time.strftime('%H:%M:%S', time.localtime(live[0]['since']))}); try again when it is "
                             f"done", hint=f"a build that died leaves this note for {STALE_AFTER_S // 3600} hours")
        for note in notes:
            self.client.update(f"DROP SILENT GRAPH <{note['graph']}>")
            self._unnote(note)

    def _note(self, note: dict) -> None:
        literal = ox.Literal(json.dumps(note, sort_keys=True))
        self.client.update(f"INSERT DATA {{ GRAPH <{self.manifest_graph}> {{ <{self.manifest_graph}> <{STAGING}> "
                           f"{literal} }} }}")

    def _unnote(self, note: dict) -> None:
        literal = ox.Literal(json.dumps(note, sort_keys=True))
        self.client.update(f"DELETE DATA {{ GRAPH <{self.manifest_graph}> {{ <{self.manifest_graph}> <{STAGING}> "
                           f"{literal} }} }}")

    def _write_manifest(self, manifest: Manifest) -> None:
        """Replace the manifest, and every staging note, in one update operation (one transaction)."""
        literal = ox.Literal(json.dumps(manifest.to_json(), sort_keys=True))
        g = self.manifest_graph
        self.client.update(f"DELETE {{ GRAPH <{g}> {{ ?s ?p ?o }} }} INSERT {{ GRAPH <{g}> {{ <{g}> <{MANIFEST}> "
                           f"{literal} }} }} WHERE {{ OPTIONAL {{ GRAPH <{g}> {{ ?s ?p ?o }} }} }}")


class RemoteTransaction:
    """A generation being staged on the server (see the module's description)."""

    def __init__(self, store: RemoteStore, previous: Manifest):
        self.store = store
        self.client = store.client
        self.previous = previous.generation
        self.generation = previous.generation + 1
        self.old_manifest = previous
        self.manifest = Manifest(graphs=dict(previous.graphs), linksets=list(previous.linksets))
        self._old_others = set(previous.other_graphs)
        self.token = secrets.token_hex(6)
        self._staged: dict[str, str] = {}      # graph IRI -> its staging graph
        self._notes: list[dict] = []
        self._dropped: set[str] = set()

    def previous_info(self, name: str) -> GraphInfo | None:
        return self.old_manifest.graphs.get(name)

    # the view of the generation being written ------------------------------------------------
    def _graphs(self) -> list[str]:
        graphs = {g for info in self.manifest.graphs.values() for g in info.all_graphs}
        graphs |= set(self._staged)
        return sorted(graphs - self._dropped)

    def _visible(self, graph: str) -> str:
        if graph in self._dropped and graph not in self._staged:
            return EMPTY_GRAPH
        return self._staged.get(graph, graph)

    def query(self, text: str, *, default_graph: list[str] | None = None, named_graphs: list[str] | None = None,
              base_iri: str | None = None, union_default_graph: bool = True) -> QueryResult:
        """Read the generation being written: replaced graphs are read from their staging graphs."""
        back = {staging: graph for graph, staging in self._staged.items()}
        for graph, staging in self._staged.items():
            text = text.replace(f"<{graph}>", f"<{staging}>")
        given = _dataset(text, default_graph, named_graphs, union_default_graph, self._graphs())
        dataset = Dataset(tuple(self._visible(g) for g in given.default_graph),
                          tuple(self._visible(g) for g in given.named_graphs))
        return self.client.query(_with_base(text, base_iri), dataset, rename=lambda iri: back.get(iri, iri))

    # writing ----------------------------------------------------------------------------------
    def _staging(self, graph: str) -> str:
        if graph not in self._staged:
            staging = f"{STAGING_PREFIX}{self.token}:{len(self._staged)}"
            note = {"graph": staging, "since": time.time()}
            self.store._note(note)
            self._notes.append(note)
            self.client.update(f"DROP SILENT GRAPH <{staging}>")
            self._staged[graph] = staging
        return self._staged[graph]

    def load(self, name: str, *, graph: str, path: Path | None = None, data: bytes | None = None,
             format: str = "nquads", info: GraphInfo | None = None, base_iri: str | None = None,
             lenient: bool = False) -> GraphInfo:
        """Stage a source's graph(s) from an RDF file or bytes; its entry in the manifest.

        ``lenient`` skips checking IRIs and language tags again, as for the embedded store.
        """
        fmt = rdf_format(format)
        where = str(path) if path is not None else "the data"
        if path is not None and base_iri is None:
            base_iri = Path(path).resolve().as_uri()
        owners = {g: n for n, i in self.manifest.graphs.items() if n != name for g in i.all_graphs}
        owners.update({g: "the meta graph" for g in self.manifest.other_graphs})
        check_rdf_input(fmt, path=path, data=data)

        def quads():
            if path is None:
                return ox.parse(data or b"", format=fmt, base_iri=base_iri, lenient=lenient)
            return _parse_file(Path(path), fmt, base_iri, lenient)

        sent: dict[str, int] = {}
        try:
            if self.store.bulk is not None:
                self._bulk_send(quads, graph, sent, owners, named=is_quads(fmt))
            else:
                self._send(quads(), graph, sent, owners, last_seen=_last_seen(quads()))
        except SyntaxError as exc:
            raise RDFSyntaxError(f"cannot parse {where} as {fmt.name}: {exc}") from exc
        graphs = sorted(set(sent) | {graph})
        self._staging(graph)
        for g in graphs:
            row = next(self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}").rows())
            held, expected = int(row["n"]), sent.get(g, 0)
            if held > expected or (expected and not held):
                raise StoreError(f"the SPARQL server holds {held} triples of the {expected} sent for <{g}>; "
                                 "the graph was not switched")
        info = info or GraphInfo(iri=graph)
        for old in (self.old_manifest.graphs.get(name).all_graphs if name in self.old_manifest.graphs else []):
            if old not in graphs:
                self._dropped.add(old)
        info.iri, info.graphs = graph, graphs
        self.manifest.graphs[name] = info
        stats = graph_statistics(self, graphs)
        info.stats, info.triples = stats.to_json(), stats.triples
        info.loaded_at = now()
        info.extra["generation"] = self.generation
        return info

    def _send(self, quads, graph: str, sent: dict[str, int], owners: dict[str, str], *,
              last_seen: dict[str, int]) -> None:
        """Post the quads to staging graphs in chunks; a blank node's triples never straddle two chunks.

        ``last_seen`` (from a first pass) gives the position of each blank node's last quad: a chunk
        is cut only where no blank node in it occurs again later.
        """
        chunks: dict[str, list[ox.Triple]] = {}
        horizon: dict[str, int] = {}
        size = self.store.config.chunk_triples
        for position, quad in enumerate(quads):
            target = _target(quad, graph, owners)
            chunk = chunks.setdefault(target, [])
            chunk.append(ox.Triple(quad.subject, quad.predicate, quad.object))
            for term in (quad.subject, quad.object):
                if isinstance(term, ox.BlankNode):
                    horizon[target] = max(horizon.get(target, 0), last_seen.get(term.value, position))
            if len(chunk) >= size and horizon.get(target, 0) <= position:
                self._post(target, chunk, sent)
                chunks[target] = []
        for target, chunk in chunks.items():
            self._post(target, chunk, sent)

    def _bulk_send(self, quads, graph: str, sent: dict[str, int], owners: dict[str, str], *, named: bool) -> None:
        """Write the triples to an N-Triples file for the staging graph and, when the syntax can name
        graphs (``named``), the quads naming others to an N-Quads file of their staging graphs; have
        the server's bulk loader read them (store/virtuoso_bulk.py). ``quads`` is called once per
        file; the files go afterwards, loaded or not."""
        bulk = self.store.bulk
        stem = bulk.folder / f"cultuurgraaf-{self.token}-{len(self._staged)}"
        _not_owned(graph, owners)
        files = [(stem.with_suffix(".nt"), self._staging(graph))]

        def triples():
            for quad in quads():
                if isinstance(quad.graph_name, ox.DefaultGraph):
                    sent[graph] = sent.get(graph, 0) + 1
                    yield quad

        def renamed():
            for quad in quads():
                if not isinstance(quad.graph_name, ox.DefaultGraph):
                    target = _target(quad, graph, owners)
                    sent[target] = sent.get(target, 0) + 1
                    yield ox.Quad(quad.subject, quad.predicate, quad.object, ox.NamedNode(self._staging(target)))

        try:
            with open(files[0][0], "wb") as out:
                ox.serialize(triples(), out, format=ox.RdfFormat.N_TRIPLES)
            if named:
                files.append((stem.with_suffix(".nq"), NO_GRAPH))
                with open(files[1][0], "wb") as out:
                    ox.serialize(renamed(), out, format=ox.RdfFormat.N_QUADS)
            bulk.load(files)
        except OSError as exc:
            raise StoreError(f"cannot write {stem} for the bulk loader: {exc.strerror or exc}",
                             hint="[store] bulk_folder must be a folder this machine can write") from exc
        finally:
            for path, _ in files:
                path.unlink(missing_ok=True)

    def _post(self, graph: str, triples: list[ox.Triple], sent: dict[str, int]) -> None:
        staging = self._staging(graph)
        sent[graph] = sent.get(graph, 0) + len(set(triples))
        if not triples:
            return
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        if self.client.graph_store_url:
            self.client.post_graph(staging, body)
        else:
            self.client.update(f"INSERT {{ GRAPH <{staging}> {{ {body.decode('utf-8')} }} }} WHERE {{}}")

    def write_graph(self, iri: str, nquads: bytes) -> None:
        """Stage a graph that is not a source (the meta graph), replacing it."""
        if iri in self._staged:
            self.client.update(f"DROP SILENT GRAPH <{self._staged[iri]}>")
        self._staging(iri)
        quads = lambda: ox.parse(nquads, format=ox.RdfFormat.N_QUADS)  # noqa: E731
        self._send(quads(), iri, {}, {}, last_seen=_last_seen(quads()))
        if iri not in self.manifest.other_graphs:
            self.manifest.other_graphs.append(iri)

    def drop(self, name: str) -> None:
        info = self.manifest.graphs.pop(name, None)
        if info is not None:
            self._dropped.update(info.all_graphs)

    def keep_others(self) -> None:
        """Graphs that are not replaced stay where they are on the server: nothing to copy."""

    def finish(self) -> None:
        """Switch: one MOVE per staged graph, then drops, then the manifest (which clears the notes)."""
        for graph, staging in self._staged.items():
            self.client.update(f"MOVE SILENT <{staging}> TO <{graph}>")
        for graph in sorted((self._dropped | self._old_others) - set(self._staged)):
            self.client.update(f"DROP SILENT GRAPH <{graph}>")
        self.manifest.generation = self.generation
        self.manifest.built_at = now()
        self.store._write_manifest(self.manifest)

    def abandon(self) -> None:
        for staging in self._staged.values():
            try:
                self.client.update(f"DROP SILENT GRAPH <{staging}>")
            except StoreError:
                return
        for note in self._notes:
            self.store._unnote(note)


def _parse_file(path: Path, fmt, base_iri: str | None, lenient: bool = False):
    with open_rdf(path) as handle:
        yield from read_rdf(handle, fmt, base_iri=base_iri, lenient=lenient, where=str(path))


def _target(quad: ox.Quad, graph: str, owners: dict[str, str]) -> str:
    """The graph a quad goes to: its own, or ``graph`` for a triple; never one another source owns."""
    target = graph if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
    _not_owned(target, owners)
    return target


def _not_owned(graph: str, owners: dict[str, str]) -> None:
    if graph in owners:
        raise StoreError(f"this data writes into graph <{graph}>, which belongs to '{owners[graph]}'; "
                         "two sources cannot share a graph")


def _last_seen(quads) -> dict[str, int]:
    """The position of the last quad that names each (labelled) blank node."""
    last: dict[str, int] = {}
    for position, quad in enumerate(quads):
        for term in (quad.subject, quad.object):
            if isinstance(term, ox.BlankNode):
                last[term.value] = position
    return last


def _dataset(text: str, default_graph: list[str] | None, named_graphs: list[str] | None, union: bool,
             graphs: list[str]) -> Dataset:
    if default_graph is None and named_graphs is None and not union:
        if _FROM.search(text):
            return Dataset((), ())
        return Dataset((EMPTY_GRAPH,), tuple(graphs))
    return Dataset(tuple(default_graph if default_graph is not None else graphs),
                   tuple(named_graphs if named_graphs is not None else graphs))


def _with_base(text: str, base_iri: str | None) -> str:
    return f"BASE <{base_iri}>\n{text}" if base_iri else text
