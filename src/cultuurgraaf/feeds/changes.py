"""The change log: what each build changed in each source, kept across builds for the feeds.

Every build compares, source by source, the description of each subject of the source's graphs
(``store/descriptions.py``: the triples about it with its blank nodes, written canonically) with
the one the log last recorded, by hash. A subject whose description is new or different becomes a
*version* (its whole description); one that is gone, or that validation held back this time, a
*tombstone*. These are the members of the source's event stream (``ldes.py``) and the records of
the OAI-PMH provider (``oai.py``).

The log is one SQLite file beside the store's generations, ``changes.sqlite``, that builds only add
to (and the retention policy prunes). Each row carries the generation that wrote it, and readers
see only the rows of the current generation and before: a build writes its rows before it switches
the store to its generation, so they appear together with it, and a build that fails after writing
them leaves rows that nobody sees and that the next build, which writes the same generation number,
removes first. What a build compares against is the log's own last record of each subject, not the
previous generation (which the store removes after two builds); so only the hashes of a source's
subjects are in memory while it is compared, and only the changed descriptions are written.

"""

from __future__ import annotations

import sqlite3
import time
import zlib
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..config import FeedsConfig
from ..errors import StoreError
from ..iris import IriScheme
from ..store.descriptions import SubjectCounts, describe_subjects
from ..store.held_back import read_held_back

LOG_FILE = "changes.sqlite"
#: why a tombstone was written
REMOVED, HELD_BACK = 1, 2

SCHEMA = """
CREATE TABLE IF NOT EXISTS member (
    seq INTEGER PRIMARY KEY,       -- the order of the log
    source TEXT NOT NULL,
    generation INTEGER NOT NULL,   -- the store generation that wrote it
    at TEXT NOT NULL,              -- when that build made it (xsd:dateTime, UTC)
    entity TEXT NOT NULL,
    kind TEXT,                     -- the kind of {base}/id/{kind}/{ref}; NULL for other IRIs
    types TEXT NOT NULL,           -- its rdf:types, separated by spaces
    hash TEXT NOT NULL,            -- of its description; '' for a tombstone
    deleted INTEGER NOT NULL,      -- 0: a version; 1: removed from the source; 2: held back by validation
    body BLOB                      -- the description, canonical N-Triples, compressed
);
CREATE INDEX IF NOT EXISTS member_source ON member (source, entity, seq);
CREATE INDEX IF NOT EXISTS member_entity ON member (entity, seq);
CREATE INDEX IF NOT EXISTS member_at ON member (at);
CREATE TABLE IF NOT EXISTS page (
    source TEXT NOT NULL, number INTEGER NOT NULL, generation INTEGER NOT NULL, at TEXT NOT NULL,
    first INTEGER NOT NULL, last INTEGER NOT NULL, PRIMARY KEY (source, number)
);
CREATE TABLE IF NOT EXISTS build (
    source TEXT NOT NULL, generation INTEGER NOT NULL, at TEXT NOT NULL, versions INTEGER NOT NULL,
    tombstones INTEGER NOT NULL, unchanged INTEGER NOT NULL, shared_blank_nodes INTEGER NOT NULL,
    unreached_blank_nodes INTEGER NOT NULL, PRIMARY KEY (source, generation)
);
"""

@dataclass
class SourceChanges:
    """What one build changed in one source's stream."""

    source: str
    #: when the build made them (the members' prov:generatedAtTime)
    at: str = ""
    versions: int = 0
    tombstones: int = 0
    unchanged: int = 0
    counts: SubjectCounts = field(default_factory=SubjectCounts)


    def lines(self, *, verbose: bool = False) -> list[str]:
        """What a build says about the source's stream: its changes with ``verbose``, and always
        what could not be split into members (docs/ldes.md).

        >>> SourceChanges("objecten", versions=2, counts=SubjectCounts(shared_blank_nodes=1)).lines()
        ["changes of 'objecten': 1 blank node is shared by several subjects: each member holds a copy, so a replay has it more than once"]
        """
        found = []
        if verbose:
            found.append(f"changes of '{self.source}': {_count(self.versions, 'new version')}, "
                         f"{_count(self.tombstones, 'tombstone')}, {self.unchanged} unchanged")
        shared, unreached = self.counts.shared_blank_nodes, self.counts.unreached_blank_nodes
        if shared:
            found.append(f"changes of '{self.source}': {shared} blank node{' is' if shared == 1 else 's are'} shared by "
                         "several subjects: each member holds a copy, so a replay has it more than once")
        if unreached:
            found.append(f"changes of '{self.source}': {unreached} blank node{'' if unreached == 1 else 's'} no IRI "
                         "points at, left out of the stream")
        return found


@dataclass(frozen=True)
class Member:
    """A row of the log: a version of an entity (``body`` its description) or a tombstone."""

    seq: int
    source: str
    generation: int
    at: str
    entity: str
    kind: str | None
    types: tuple[str, ...]
    deleted: int
    body: bytes | None

    @property
    def description(self) -> str:
        """The canonical N-Triples of a version ('' for a tombstone)."""
        return zlib.decompress(self.body).decode("utf-8") if self.body else ""


@dataclass(frozen=True)
class Page:
    source: str
    number: int
    at: str
    first: int
    last: int


class ChangeLog:
    """The change log of one store folder; every read sees only the generations up to ``generation``."""

    def __init__(self, folder: Path):
        self.path = Path(folder) / LOG_FILE

    def exists(self) -> bool:
        return self.path.is_file()

    @contextmanager
    def _connection(self, *, write: bool = False) -> Iterator[sqlite3.Connection]:
        try:
            if write:
                connection = sqlite3.connect(self.path, isolation_level=None)
            else:
                connection = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the change log {self.path}: {exc}") from exc
        with closing(connection):
            connection.row_factory = sqlite3.Row
            if write:
                connection.execute("PRAGMA journal_mode=WAL")
                connection.executescript(SCHEMA)
            yield connection

    # writing --------------------------------------------------------------------------------
    def record(self, db, *, generation: int, sources: dict[str, list[str]], removed: list[str],
               held_back: set[str], iris: IriScheme, settings: FeedsConfig) -> list[SourceChanges]:
        """Add what generation ``generation`` changed: ``sources`` (name -> its graphs in ``db``, the
        generation being written) compared with the log, and every entity of the ``removed`` sources
        tombstoned. Entities in ``held_back`` are left out (tombstoned where they were published)."""
        results = []
        with self._connection(write=True) as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                for table in ("member", "page", "build"):  # what a failed build of this number left
                    connection.execute(f"DELETE FROM {table} WHERE generation >= ?", (generation,))
                last = connection.execute("SELECT MAX(at) FROM member").fetchone()[0]
                at = max(_now(), last or "")
                for name in sorted(sources):
                    described = describe_subjects(db, sources[name], counts := SubjectCounts())
                    results.append(self._compare(connection, name, described, counts, generation=generation, at=at,
                                                 held_back=held_back, iris=iris, settings=settings))
                for name in sorted(removed):
                    results.append(self._compare(connection, name, iter(()), SubjectCounts(), generation=generation,
                                                 at=at, held_back=held_back, iris=iris, settings=settings))
                if settings.keep_versions is not None:
                    self._prune(connection, generation, settings)
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        return results

    def _compare(self, connection: sqlite3.Connection, source: str, described, counts: SubjectCounts, *,
                 generation: int, at: str, held_back: set[str], iris: IriScheme,
                 settings: FeedsConfig) -> SourceChanges:
        result = SourceChanges(source, at=at, counts=counts)
        # the last record of each entity: its hash, or '' where that was a tombstone
        previous = {row[0]: (row[1], row[2]) for row in connection.execute(
            "SELECT entity, hash, types, MAX(seq) FROM member WHERE source = ? AND generation < ? GROUP BY entity",
            (source, generation))}
        # one writer at a time, and no AUTOINCREMENT: the rows of this source get the next numbers in a row
        first = connection.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM member").fetchone()[0]
        rows: list[tuple] = []

        def flush() -> None:
            connection.executemany("INSERT INTO member (source, generation, at, entity, kind, types, hash, deleted, "
                                   "body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            rows.clear()

        for item in described:
            if item.subject in held_back:
                continue
            before = previous.pop(item.subject, None)
            if before is not None and before[0] == item.hash:
                result.unchanged += 1
                continue
            rows.append((source, generation, at, item.subject, _kind(iris, item.subject), " ".join(item.types),
                         item.hash, 0, zlib.compress(item.lines.encode("utf-8"), 6)))
            result.versions += 1
            if len(rows) >= 1000:
                flush()
        for entity, (hash_, types) in sorted(previous.items()):
            if hash_:
                why = HELD_BACK if entity in held_back else REMOVED
                rows.append((source, generation, at, entity, _kind(iris, entity), types, "", why, None))
                result.tombstones += 1
        flush()
        last = connection.execute("SELECT COALESCE(MAX(seq), 0) FROM member").fetchone()[0]
        number = connection.execute("SELECT COALESCE(MAX(number), 0) FROM page WHERE source = ?", (source,)).fetchone()[0]
        for start in range(first, last + 1, settings.page_size):
            number += 1
            connection.execute("INSERT INTO page VALUES (?, ?, ?, ?, ?, ?)",
                               (source, number, generation, at, start, min(start + settings.page_size - 1, last)))
        connection.execute("INSERT INTO build VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           (source, generation, at, result.versions, result.tombstones, result.unchanged,
                            counts.shared_blank_nodes, counts.unreached_blank_nodes))
        return result

    def _prune(self, connection: sqlite3.Connection, generation: int, settings: FeedsConfig) -> None:
        """Remove the versions the retention policy lets go: beyond the latest ``keep_versions`` of
        each entity (counted among the generations before this one, so that a build that fails
        cannot have pruned what it replaced), and older than ``keep_versions_for``. Tombstones that
        are an entity's latest record are always kept: the OAI-PMH provider's deletions are persistent."""
        seconds = settings.retention_seconds
        cutoff = "9999" if seconds is None else time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - seconds))
        connection.execute(
            "DELETE FROM member WHERE seq IN (SELECT seq FROM (SELECT seq, at, ROW_NUMBER() OVER "
            "(PARTITION BY source, entity ORDER BY seq DESC) AS newer FROM member WHERE generation < ?) "
            "WHERE newer > ? AND at < ?)", (generation, settings.keep_versions, cutoff))

    # reading --------------------------------------------------------------------------------
    def entities(self, generation: int, sources: list[str]) -> dict[str, list[str]]:
        """The entities of which generation ``generation`` wrote a version or a tombstone, per source:
        what that build changed in them."""
        found: dict[str, list[str]] = {source: [] for source in sources}
        if not sources or not self.exists():
            return found
        with self._connection() as connection:
            for source, entity in connection.execute(
                    f"SELECT DISTINCT source, entity FROM member WHERE generation = ? AND source IN "
                    f"({', '.join('?' * len(sources))}) ORDER BY 1, 2", (generation, *sources)):
                found[source].append(entity)
        return found

    def sources(self, generation: int) -> list[str]:
        """The sources with a stream (a build has recorded them)."""
        if not self.exists():
            return []
        with self._connection() as connection:
            return [row[0] for row in connection.execute(
                "SELECT DISTINCT source FROM build WHERE generation <= ? ORDER BY source", (generation,))]

    def pages(self, source: str, generation: int) -> list[Page]:
        if not self.exists():
            return []
        with self._connection() as connection:
            return [Page(row["source"], row["number"], row["at"], row["first"], row["last"]) for row in connection.execute(
                "SELECT * FROM page WHERE source = ? AND generation <= ? ORDER BY number", (source, generation))]

    def members(self, first: int, last: int, generation: int) -> list[Member]:
        """The members with their ``seq`` from ``first`` to ``last`` (those the retention policy kept)."""
        with self._connection() as connection:
            return [member_of(row) for row in connection.execute(
                "SELECT * FROM member WHERE seq BETWEEN ? AND ? AND generation <= ? ORDER BY seq",
                (first, last, generation))]

    def latest(self, *, generation: int, after: int = 0, since: str = "", until: str = "9999",
               kind: str | None = None, source: str | None = None, types: tuple[str, ...] = (),
               entity: str | None = None, limit: int = 100) -> list[Member]:
        """The latest record of each entity of ours (``{base}/id/...``), in the order of the log from
        ``after`` on, made between ``since`` and ``until``: of one ``kind``, of entities that
        ``source`` describes or described, with one of ``types`` (any when empty), or of one ``entity``.
        Without their descriptions (the OAI-PMH provider reads the store)."""
        if not self.exists():
            return []
        conditions = ["m.seq > :after", "m.generation <= :generation", "m.kind IS NOT NULL", "m.at >= :since",
                      "m.at <= :until",
                      "NOT EXISTS (SELECT 1 FROM member n WHERE n.entity = m.entity AND n.seq > m.seq "
                      "AND n.generation <= :generation)"]
        if kind is not None:
            conditions.append("m.kind = :kind")
        if entity is not None:
            conditions.append("m.entity = :entity")
        if source is not None:
            conditions.append("EXISTS (SELECT 1 FROM member s WHERE s.entity = m.entity AND s.source = :source "
                              "AND s.generation <= :generation)")
        if types:
            conditions.append("(" + " OR ".join(f"(' ' || m.types || ' ') LIKE :type{n}" for n in range(len(types)))
                              + ")")
        parameters = {"after": after, "generation": generation, "since": since, "until": until, "kind": kind,
                      "source": source, "entity": entity, "limit": limit,
                      **{f"type{n}": f"% {t} %" for n, t in enumerate(types)}}
        with self._connection() as connection:
            return [member_of(row) for row in connection.execute(
                "SELECT seq, source, generation, at, entity, kind, types, deleted, NULL AS body FROM member m "
                f"WHERE {' AND '.join(conditions)} ORDER BY m.seq LIMIT :limit", parameters)]

    def per_source(self, entity: str, generation: int) -> list[Member]:
        """The latest record of an entity in each source that describes or described it."""
        if not self.exists():
            return []
        with self._connection() as connection:
            return [member_of(row) for row in connection.execute(
                "SELECT seq, source, generation, at, entity, kind, types, deleted, NULL AS body, MAX(seq) "
                "FROM member WHERE entity = ? AND generation <= ? GROUP BY source ORDER BY source",
                (entity, generation))]

    def earliest(self, generation: int) -> str | None:
        """When the first member the log keeps was made."""
        if not self.exists():
            return None
        with self._connection() as connection:
            return connection.execute("SELECT MIN(at) FROM member WHERE generation <= ?", (generation,)).fetchone()[0]

    def kinds(self, generation: int) -> list[str]:
        if not self.exists():
            return []
        with self._connection() as connection:
            return [row[0] for row in connection.execute(
                "SELECT DISTINCT kind FROM member WHERE kind IS NOT NULL AND generation <= ? ORDER BY kind",
                (generation,))]


def member_of(row: sqlite3.Row) -> Member:
    """A row of the ``member`` table as a :class:`Member`."""
    return Member(row["seq"], row["source"], row["generation"], row["at"], row["entity"], row["kind"],
                  tuple(row["types"].split()), row["deleted"], row["body"])


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _kind(iris: IriScheme, iri: str) -> str | None:
    parsed = iris.parse_thing(iri)
    return parsed[0] if parsed else None


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def record_generation(tx, project, *, built: list[str], removed: list[str]) -> list[SourceChanges]:
    """Add to the log what the generation a build is writing changed: the sources it ``built``, the
    ``removed`` ones, and any source the log has not seen yet (a store built before it had one).
    Needs the kept graphs in the generation (``tx.keep_others()``) and its held-back list. A store
    on a SPARQL server has no log: the feeds are the embedded store's."""
    if getattr(tx, "db", None) is None:
        return []
    log = ChangeLog(tx.store.path)
    known = set(log.sources(tx.generation - 1))
    names = [name for name in tx.manifest.graphs
             if not name.startswith("load:") and (name in built or name not in known)]
    held = set(read_held_back(tx.store, tx.generation))
    return log.record(tx.db, generation=tx.generation,
                      sources={name: tx.manifest.graphs[name].all_graphs for name in names},
                      removed=[name for name in removed if name in known], held_back=held, iris=project.iris,
                      settings=project.feeds)
