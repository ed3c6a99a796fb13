"""The search index of each store generation: where it lives, what changed since the one before, and
when it is written.

A build writes the index of the generation it makes before that generation becomes current
(:func:`index_generation`). ``cultuurgraaf load`` does not wait for it: it notes what changed
(``gen-N.search-changes.json``, :class:`~cultuurgraaf.search.index.Changes`) and the server, or the
next build, writes it later. Either way the index is an update of an older one where there is one
(:func:`reusable`), so only the things the changes touched are read from the store.
"""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path

from ..iris import IriScheme
from .index import CHANGES_SUFFIX, INDEX_SUFFIX, SCHEMA_VERSION, Changes, IndexOutcome, Reuse, build_index
from .things import sites_of, subjects_of
from ..store import EmbeddedStore, Manifest, Transaction


def index_path(store: EmbeddedStore, generation: int) -> Path:
    return store.generation_file(generation, INDEX_SUFFIX)


def changes_path(store: EmbeddedStore, generation: int) -> Path:
    """Where a generation written without its index says what changed since the one before."""
    return store.generation_file(generation, CHANGES_SUFFIX)


def index_ready(path: Path) -> bool:
    """Whether ``path`` is a complete index of the schema this version reads."""
    if not path.exists():
        return False
    with closing(sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)) as db:
        return _schema(db) == SCHEMA_VERSION


def changed_graphs(old: Manifest, new: Manifest) -> list[str]:
    """The graphs ``new`` loaded anew, added or dropped since ``old`` (by the entries that own them).

    >>> from cultuurgraaf.store import GraphInfo
    >>> kept, thesaurus = GraphInfo("https://ex.org/g/a", loaded_at="1"), GraphInfo("https://ex.org/g/t", loaded_at="1")
    >>> changed_graphs(Manifest(graphs={"a": kept, "t": thesaurus}),
    ...                Manifest(graphs={"a": kept, "b": GraphInfo("https://ex.org/g/b", loaded_at="2")}))
    ['https://ex.org/g/b', 'https://ex.org/g/t']
    """
    def loaded(manifest: Manifest) -> dict[str, tuple]:
        return {graph: (name, info.loaded_at, info.extra.get("generation"), info.checksum)
                for name, info in manifest.graphs.items() for graph in info.all_graphs}

    before, after = loaded(old), loaded(new)
    return sorted(g for g in before.keys() | after.keys() if before.get(g) != after.get(g))


def changes_before(tx: Transaction, names: list[str]) -> Changes:
    """The graphs entries ``names`` had in the generation a transaction replaces, and the things they
    described there. Read from the current generation, so it may run while the transaction loads."""
    graphs = sorted({g for name in names if (info := tx.previous_info(name)) for g in info.all_graphs})
    return Changes(tx.previous, graphs, subjects_of(tx.store, graphs) if tx.previous else [])


def index_generation(tx: Transaction, iris: IriScheme, *, defer: bool = False, before: Changes | None = None,
                     compared: dict[str, list[str]] | None = None) -> IndexOutcome | None:
    """Index the generation a transaction is writing, so it becomes current with it; or, with ``defer``,
    note what changed (``gen-N.search-changes.json``) for whoever indexes it later (a server in the
    background, the next build). Either way only the rows of the things the changes touched are read
    and written again when an index of the previous generation is there (see :func:`build_index`);
    how it went, written now.

    ``before`` is :func:`changes_before` for the entries the transaction loaded, read alongside.
    ``compared``: for the sources a build compared subject by subject with the change log, the things it
    found changed (added, changed, removed: see :mod:`cultuurgraaf.feeds.changes`). Only those are
    touched in these sources' graphs, not every thing the graphs describe.
    """
    tx.keep_others()
    graphs = sorted({*tx.manifest.project_graphs(), iris.meta_graph})
    changed = changed_graphs(tx.old_manifest, tx.manifest)
    subjects: set[str] = set()
    if compared and tx.previous:
        exact = [name for name in compared if _log_follows(tx, name)]
        by_log = {g for name in exact for manifest in (tx.old_manifest, tx.manifest)
                  if (info := manifest.graphs.get(name)) for g in info.all_graphs}
        changed = [g for g in changed if g not in by_log]
        subjects = {iri for name in exact for iri in compared[name]}
        # a site's row reads which organisation has it: the sites of changed things, before and after
        subjects |= set(sites_of(tx, sorted(subjects))) | set(sites_of(tx.store, sorted(subjects)))
    old_graphs = set(tx.old_manifest.project_graphs())
    known = set(before.graphs) if before is not None else set()
    missing = [g for g in changed if g in old_graphs and g not in known]
    old_subjects = set(before.old_subjects) if before is not None else set()
    changes = Changes(tx.previous, changed, [], sorted(subjects))
    # written now, an index is updated only if an older one is there now; noted for later, it may be
    # (a server may be writing the previous generation's): then what the changed graphs held is needed
    reuse = None if defer else reusable(tx.store, changes)
    if missing and tx.previous and (defer or reuse is not None):
        old_subjects.update(subjects_of(tx.store, missing))
    changes.old_subjects = sorted(old_subjects)
    if defer:
        _write_json(changes_path(tx.store, tx.generation), changes.to_json())
        return None
    # asked again when there is an older index: an older one's changes join these as they are now
    return build_index(tx, index_path(tx.store, tx.generation), iris=iris, graphs=graphs,
                       reuse=reusable(tx.store, changes) if reuse is not None else None)


def whole_index(tx: Transaction, iris: IriScheme) -> tuple[Path, IriScheme, list[str]] | None:
    """The arguments of :func:`build_whole` for the index of the generation a transaction writes when
    there is no older index to update, so that it is built whole (as :func:`index_generation` would
    build it) and can be written in another process while the build goes on: a file of its own, to be
    moved into place by :func:`place_index`. None when there is one (an update waits for what the
    change log found changed), and for a store on a SPARQL server (no database here to checkpoint)."""
    if getattr(tx, "db", None) is None or (tx.previous and reusable(tx.store, Changes(tx.previous, [], [])) is not None):
        return None
    return (tx.store.generation_file(tx.generation, f"{INDEX_SUFFIX}.beside-{os.getpid()}"), iris,
            sorted({*tx.manifest.project_graphs(), iris.meta_graph}))


def build_whole(reader, path: Path, iris: IriScheme, graphs: list[str]) -> IndexOutcome:
    """The index of ``graphs`` built whole into ``path`` (see :func:`whole_index`)."""
    return build_index(reader, path, iris=iris, graphs=graphs)


def place_index(tx: Transaction, outcome: IndexOutcome) -> IndexOutcome:
    """Move an index :func:`build_whole` wrote where the generation a transaction writes has its own."""
    path = index_path(tx.store, tx.generation)
    os.replace(outcome.path, path)
    return replace(outcome, path=path)


def _log_follows(tx: Transaction, name: str) -> bool:
    """Whether the change log's last record of a source is what the previous generation holds: not when
    a SPARQL update or a Graph Store write changed its graphs since its last build (which clears its
    checksum, see :func:`cultuurgraaf.sparql.jobs.record_changes`)."""
    info = tx.old_manifest.graphs.get(name)
    return info is None or bool(info.checksum)


def reusable(store: EmbeddedStore, changes: Changes | None) -> Reuse | None:
    """The newest older index these changes can be applied to: the previous generation's, or (when that
    one was never indexed) an older one's, with the changes noted in between added."""
    while changes is not None and changes.previous:
        path = index_path(store, changes.previous)
        if index_ready(path):
            return Reuse(path, changes)
        older = read_changes(store, changes.previous)
        if older is None:
            return None
        changes = Changes(older.previous, sorted({*older.graphs, *changes.graphs}),
                          sorted({*older.old_subjects, *changes.old_subjects}), sorted({*older.subjects, *changes.subjects}))
    return None


def read_changes(store: EmbeddedStore, generation: int) -> Changes | None:
    try:
        return Changes.from_json(json.loads(changes_path(store, generation).read_text(encoding="utf-8")))
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return None


def _write_json(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, path)


def _schema(db: sqlite3.Connection) -> str | None:
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None
