"""Building the search and browse index: one SQLite file per store generation, written beside it.

The index holds a row for every thing of the graph that has a name or a type (what
:mod:`.things` reads of it), its facet values with precomputed counts, and an FTS5 table over
names, identifiers, the names of what it links to, and descriptions. FTS5's ``unicode61
remove_diacritics 2`` tokenizer makes search insensitive to case and accents (``cafe`` finds ``Café``).

Things are numbered by kind, then name: each kind is one range of ids (search counts and narrows by
kind with a rowid range, which FTS5 answers without visiting the hits) in alphabetical order. The
numbers leave room: each kind has a block of ``BLOCK`` ids (blocks ``BLOCK_STEP`` apart), and within
it a new index numbers things ``GAP`` apart. So a thing added later gets a number between its
neighbours' and no other thing is renumbered (:mod:`.update`).

It is written into a temporary file that is synced to disk and renamed into place, so a reader sees
a complete index or none, after a crash or a power cut too (the generation that names it is switched
to after it). When the index of an older generation is there, with what changed since
(:class:`Changes`), the new one is a copy of it with the rows of the things the changes touched
replaced: only those are read from the store, and only their rows written. Unless they are many:
reading things a chunk at a time costs more per thing than reading the whole graph, so past a share
of the things (:func:`update_limit`) the index is built whole. Either way it holds the same rows in
the same order.

>>> update_limit(200_000)
40000
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Iterator

from ..errors import StoreError
from ..iris import IriScheme
from ..store.embedded import sync_path
from .things import FACET, Reader, fold, read_parts, read_things, thing_rows, touched
from .update import BLOCK, BLOCK_STEP, GAP, apply_changes, write_blocks

INDEX_SUFFIX = ".search.sqlite"
CHANGES_SUFFIX = ".search-changes.json"
SCHEMA_VERSION = "6"
#: An update costs this many times more per thing it reads again than a whole build per thing. Measured
#: on 1M triples (200,002 things, load average 12): the whole build 99 s, 0.5 ms a thing; updates of
#: 4,003 and 20,003 things 10.5 and 52 s, 2.6 ms a thing (reading some things takes a VALUES join per
#: pattern, reading all a scan). See benchmarks/load/README.md, "The search index".
UPDATE_COST = 5
NO_OLDER_INDEX = "no index of an earlier generation"

SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE entity (id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, kind TEXT, labels TEXT NOT NULL,
                     sort_key TEXT NOT NULL, excerpt TEXT, others TEXT, image TEXT, start TEXT);
CREATE TABLE doc (id INTEGER PRIMARY KEY, labels TEXT, ids TEXT, related TEXT, descriptions TEXT);
CREATE TABLE facet (entity INTEGER NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL);
CREATE TABLE facet_count (kind TEXT, name TEXT NOT NULL, value TEXT NOT NULL, n INTEGER NOT NULL);
CREATE TABLE kind_count (kind TEXT PRIMARY KEY, n INTEGER NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL);
CREATE VIRTUAL TABLE text USING fts5(labels, ids, related, descriptions, content='doc', content_rowid='id',
                                     tokenize='unicode61 remove_diacritics 2', prefix='3');
CREATE TEMP TABLE part (iri TEXT NOT NULL, part INTEGER NOT NULL, text TEXT, other TEXT, number INTEGER);
CREATE TEMP VIEW thing_facet AS SELECT iri, text AS name, other AS value FROM part WHERE part = {FACET};
CREATE TEMP TABLE thing (iri TEXT PRIMARY KEY, kind TEXT, labels TEXT NOT NULL, sort_key TEXT NOT NULL, excerpt TEXT,
                         others TEXT, image TEXT, start TEXT, t_labels TEXT, t_ids TEXT, t_related TEXT,
                         t_descriptions TEXT);
CREATE TEMP TABLE block (kind TEXT, n INTEGER NOT NULL);
"""
DERIVE = f"""
INSERT INTO entity (id, iri, kind, labels, sort_key, excerpt, others, image, start)
    SELECT b.n * {BLOCK} + {GAP} * row_number() OVER (PARTITION BY t.kind ORDER BY t.sort_key, t.iri), t.iri, t.kind,
           t.labels, t.sort_key, t.excerpt, t.others, t.image, t.start
    FROM thing t JOIN block b ON b.kind IS t.kind ORDER BY 1;
INSERT INTO doc SELECT e.id, t.t_labels, t.t_ids, t.t_related, t.t_descriptions
    FROM thing t JOIN entity e ON e.iri = t.iri WHERE t.t_ids IS NOT NULL ORDER BY e.id;
INSERT INTO facet SELECT DISTINCT e.id, f.name, f.value FROM thing_facet f JOIN entity e ON e.iri = f.iri ORDER BY 1, 2, 3;
INSERT INTO text(text) VALUES ('rebuild');
CREATE INDEX entity_kind ON entity (kind);
CREATE INDEX entity_order ON entity (kind, sort_key, iri);
CREATE INDEX entity_start ON entity (kind, start) WHERE start IS NOT NULL;
CREATE INDEX facet_value ON facet (name, value, entity);
CREATE INDEX facet_entity ON facet (entity, name);
CREATE INDEX facet_count_kind ON facet_count (kind, name, n);
CREATE INDEX facet_count_value ON facet_count (kind, name, value);
INSERT INTO facet_count SELECT e.kind, f.name, f.value, COUNT(*) FROM facet f JOIN entity e ON e.id = f.entity
    GROUP BY e.kind, f.name, f.value;
INSERT INTO kind_count SELECT kind, COUNT(*), MIN(id), MAX(id) FROM entity WHERE kind IS NOT NULL GROUP BY kind;
INSERT INTO text(text) VALUES ('optimize');
ANALYZE;
"""


@dataclass
class Changes:
    """What changed since an older generation whose index can be reused: the graphs replaced, added or
    dropped, and the things those graphs described in the older generation (read before it goes); and
    the things changed in graphs not listed, where the build knew them one by one (``subjects``)."""

    previous: int
    graphs: list[str]
    old_subjects: list[str]
    subjects: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"previous": self.previous, "graphs": self.graphs, "old_subjects": self.old_subjects,
                "subjects": self.subjects}

    @classmethod
    def from_json(cls, data: dict) -> "Changes":
        return cls(int(data["previous"]), list(data["graphs"]), list(data["old_subjects"]),
                   list(data.get("subjects", [])))


@dataclass
class Reuse:
    """An older index and what changed since its generation."""

    index: Path
    changes: Changes


@dataclass(frozen=True)
class IndexOutcome:
    """How an index was written: updated from an older generation's (the things read again), or whole."""

    path: Path
    things: int
    read_again: int | None = None
    previous: int | None = None
    why_whole: str = ""

    @property
    def chosen(self) -> bool:
        """Whether there was an older index to update, so a choice between updating and a whole build."""
        return self.why_whole != NO_OLDER_INDEX

    def line(self) -> str:
        """What the build says of it.

        >>> IndexOutcome(Path("i"), 200_202, read_again=202, previous=1).line()
        "search index: updated from generation 1's: 202 of 200,202 things read and written again"
        >>> IndexOutcome(Path("i"), 5, why_whole="no index of an earlier generation").line()
        'search index: built whole, 5 things (no index of an earlier generation)'
        """
        if self.read_again is not None:
            return (f"search index: updated from generation {self.previous}'s: {self.read_again:,} of "
                    f"{self.things:,} things read and written again")
        return f"search index: built whole, {self.things:,} things ({self.why_whole})"


def update_limit(things: int) -> int:
    """The most things an update of an index of ``things`` reads again; beyond, a whole build costs less."""
    return things // UPDATE_COST


def build_index(reader: Reader, path: Path, *, iris: IriScheme, graphs: list[str],
                reuse: Reuse | None = None) -> IndexOutcome:
    """Write the index of the graphs ``graphs`` (read through ``reader``) to ``path``, atomically.

    With ``reuse``, the older index is copied and the rows of the things the changes touched are
    replaced (unless they are too many: see :func:`update_limit`); the result holds the same rows,
    in the same order, as an index built whole.
    """
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    tmp.unlink(missing_ok=True)
    meta = iris.meta_graph if iris.meta_graph in graphs else None
    sources = [g for g in graphs if g != iris.meta_graph]
    try:
        outcome = _updated(reader, tmp, iris=iris, sources=sources, meta=meta, reuse=reuse) if reuse else None
        if not isinstance(outcome, IndexOutcome):
            outcome = _whole(reader, tmp, iris=iris, sources=sources, meta=meta,
                             why=outcome or NO_OLDER_INDEX)
        sync_path(tmp)
        os.replace(tmp, path)
        sync_path(path.parent)
    except (OSError, sqlite3.OperationalError) as exc:  # a full disk, most likely
        tmp.unlink(missing_ok=True)
        raise StoreError(f"cannot write the search index {path}: {exc}",
                         hint="make room on the disk (or point [project] store elsewhere) and build again") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return IndexOutcome(path, outcome.things, outcome.read_again, outcome.previous, outcome.why_whole)


def _whole(reader: Reader, tmp: Path, *, iris: IriScheme, sources: list[str], meta: str | None,
           why: str) -> IndexOutcome:
    tmp.unlink(missing_ok=True)  # what an update given up on left
    with _writing(tmp) as db:
        db.executescript(SCHEMA)
        # every part of every thing into SQLite, then read back sorted by thing: one thing at a time in memory
        db.executemany("INSERT INTO part VALUES (?, ?, ?, ?, ?)",
                       read_parts(reader, iris, sources=sources, meta=meta, only=None))
        by_thing = groupby(db.execute("SELECT * FROM part ORDER BY iri"), key=itemgetter(0))
        things = ((iri, thing) for iri, parts in by_thing if (thing := fold(parts)) is not None)
        db.executemany("INSERT INTO thing VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", thing_rows(things, iris))
        count = db.execute("SELECT COUNT(*) FROM thing").fetchone()[0]
        kinds = [kind for (kind,) in db.execute("SELECT DISTINCT kind FROM thing")]
        blocks = {kind: BLOCK_STEP * (i + 1) for i, kind in enumerate(sorted(kinds, key=lambda k: (k is None, k or "")))}
        db.executemany("INSERT INTO block VALUES (?, ?)", blocks.items())
        largest = db.execute("SELECT COUNT(*) FROM thing GROUP BY kind ORDER BY 1 DESC LIMIT 1").fetchone()
        if largest and largest[0] >= BLOCK // GAP:
            raise StoreError(f"the search index numbers at most {BLOCK // GAP - 1:,} things of one kind; "
                             f"the graph has {largest[0]:,}")
        db.executescript(DERIVE)
        db.executemany("INSERT INTO meta VALUES (?, ?)", [("schema", SCHEMA_VERSION), ("things", str(count))])
        write_blocks(db, blocks)
    return IndexOutcome(tmp, count, why_whole=why)


def _updated(reader: Reader, tmp: Path, *, iris: IriScheme, sources: list[str], meta: str | None,
             reuse: Reuse) -> IndexOutcome | str:
    """The older index, copied, with the rows of the things the changes touched written anew; or why not."""
    with closing(sqlite3.connect(f"file:{reuse.index}?mode=ro&immutable=1", uri=True)) as old:
        total = int(old.execute("SELECT value FROM meta WHERE key = 'things'").fetchone()[0])
    limit = update_limit(total)
    changes = reuse.changes
    found = touched(reader, sources, meta, graphs=changes.graphs, old_subjects=[*changes.old_subjects, *changes.subjects],
                    limit=limit)
    if found is None:
        return (f"the changes touch more than {limit:,} of the {total:,} things of generation "
                f"{reuse.changes.previous}'s index: past 1 in {UPDATE_COST}, updating costs more")
    things = read_things(reader, iris, sources=sources, meta=meta, only=found)
    # the file is copied by the kernel (never through Python); then only the touched rows change
    shutil.copyfile(reuse.index, tmp)
    with _writing(tmp) as db:
        difference = apply_changes(db, list(thing_rows(things.items(), iris)), [
            (iri, name, value) for iri, thing in things.items() for name, value in thing.facets or ()], found)
        if difference is None:
            return "a new kind of thing, with no room left to number it between the others"
        now = total + difference
        db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                       [("things", str(now)), ("reused", str(reuse.changes.previous))])
    return IndexOutcome(tmp, now, read_again=len(found), previous=reuse.changes.previous)


@contextmanager
def _writing(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection to a file only this process writes, and only renames into place when complete:
    no journal needed."""
    db = sqlite3.connect(path)
    try:
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536;")
        yield db
        db.commit()
    finally:
        db.close()
