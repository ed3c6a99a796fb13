"""Updating a copy of an older search index in place: the rows of the things a change touched are
taken out and written anew, and every other row keeps its number.

Numbers (see :mod:`.index`): a thing whose kind and name are as they were keeps its number; another
gets numbers between those of its new neighbours, spread evenly when several go between the same two.
When two neighbours are numbered one apart (after many additions in one place), the things around
them are numbered again, in a window twice as wide each time until it leaves room: so numbering
again costs in proportion to what was added there, never the whole index.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict

BLOCK = 2 ** 48      # ids of one kind: its block's number times BLOCK, plus its position
BLOCK_STEP = 16      # blocks of a new index are this far apart: a new kind fits between two others
GAP = 2 ** 20        # positions in a new index are this far apart: things added later fit between
WINDOW = 8           # things numbered again on each side, first, where there is no room
ROOM = 2 ** 10       # and so far apart at least, after that
CHUNK = 500          # ids or IRIs per statement


def read_blocks(db: sqlite3.Connection) -> dict[str | None, int]:
    row = db.execute("SELECT value FROM meta WHERE key = 'blocks'").fetchone()
    return {kind or None: n for kind, n in json.loads(row[0]).items()}


def write_blocks(db: sqlite3.Connection, blocks: dict[str | None, int]) -> None:
    db.execute("INSERT OR REPLACE INTO meta VALUES ('blocks', ?)",
               (json.dumps({kind or "": n for kind, n in blocks.items()}, sort_keys=True),))


def apply_changes(db: sqlite3.Connection, rows: list[tuple], facets: list[tuple[str, str, str]],
                  touched: set[str]) -> int | None:
    """Replace the rows of the ``touched`` things by ``rows`` (those of them the graph still has, as
    :func:`~cultuurgraaf.search.things.thing_rows` makes them) and their ``facets``; the number of
    things added less those removed. None when a new kind has no room left between the others."""
    new = {row[0]: row for row in rows}
    old = _old_rows(db, sorted(touched))
    kept = {iri for iri, (_, kind, key) in old.items() if iri in new and (new[iri][1], new[iri][3]) == (kind, key)}
    counts: Counter = Counter()
    kinds: Counter = Counter()
    _take_out(db, [row[0] for row in old.values()], counts)
    gone = [(row[0], row[1]) for iri, row in old.items() if iri not in kept]
    for _, kind in gone:
        kinds[kind] -= 1
    db.executemany("DELETE FROM entity WHERE id = ?", ((id_,) for id_, _ in gone))
    added = [row for iri, row in new.items() if iri not in kept]
    for row in added:
        kinds[row[1]] += 1
    blocks = read_blocks(db)
    if not _number(db, added, blocks):
        return None
    write_blocks(db, blocks)
    db.executemany("UPDATE entity SET labels = ?, excerpt = ?, others = ?, image = ?, start = ? WHERE iri = ?",
                   ((r[2], r[4], r[5], r[6], r[7], r[0]) for r in rows if r[0] in kept))
    ids = _ids(db, sorted(new))
    docs = sorted((ids[r[0]], r[8], r[9], r[10], r[11]) for r in rows if r[9] is not None)
    db.executemany("INSERT INTO doc VALUES (?, ?, ?, ?, ?)", docs)
    db.executemany("INSERT INTO text(rowid, labels, ids, related, descriptions) VALUES (?, ?, ?, ?, ?)", docs)
    distinct = set(facets)
    db.executemany("INSERT INTO facet VALUES (?, ?, ?)", sorted((ids[iri], name, value) for iri, name, value in distinct))
    for iri, name, value in distinct:
        counts[(new[iri][1], name, value)] += 1
    _count_facets(db, counts)
    _count_kinds(db, kinds, blocks)
    return len(added) - len(gone)


def _old_rows(db: sqlite3.Connection, iris: list[str]) -> dict[str, tuple[int, str | None, str]]:
    """The rows the index has of some things: IRI -> (id, kind, sort key)."""
    found = {}
    for chunk in _chunks(iris):
        for id_, iri, kind, key in db.execute(
                f"SELECT id, iri, kind, sort_key FROM entity WHERE iri IN ({_marks(chunk)})", chunk):
            found[iri] = (id_, kind, key)
    return found


def _ids(db: sqlite3.Connection, iris: list[str]) -> dict[str, int]:
    return {iri: id_ for chunk in _chunks(iris)
            for id_, iri in db.execute(f"SELECT id, iri FROM entity WHERE iri IN ({_marks(chunk)})", chunk)}


def _take_out(db: sqlite3.Connection, ids: list[int], counts: Counter) -> None:
    """Take the searched texts and the facet values of some rows out (counting the values down)."""
    for chunk in _chunks(sorted(ids)):
        marks = _marks(chunk)
        docs = db.execute(f"SELECT id, labels, ids, related, descriptions FROM doc WHERE id IN ({marks})", chunk).fetchall()
        db.executemany("INSERT INTO text(text, rowid, labels, ids, related, descriptions) "
                       "VALUES ('delete', ?, ?, ?, ?, ?)", docs)
        db.execute(f"DELETE FROM doc WHERE id IN ({marks})", chunk)
        for kind, name, value in db.execute("SELECT e.kind, f.name, f.value FROM facet f JOIN entity e ON e.id = f.entity "
                                            f"WHERE f.entity IN ({marks})", chunk):
            counts[(kind, name, value)] -= 1
        db.execute(f"DELETE FROM facet WHERE entity IN ({marks})", chunk)


def _number(db: sqlite3.Connection, added: list[tuple], blocks: dict[str | None, int]) -> bool:
    """Give every added row a number in its kind's block, and write it; False if a new kind has no room."""
    by_kind: dict[str | None, list[tuple]] = defaultdict(list)
    for row in added:
        by_kind[row[1]].append(row)
    for kind, items in by_kind.items():
        if kind not in blocks:
            block = _new_block(blocks, kind)
            if block is None:
                return False
            blocks[kind] = block
        start = blocks[kind] * BLOCK
        items.sort(key=lambda row: (row[3], row[0]))
        groups: list[tuple[int | None, list[tuple]]] = []  # the rows that go between the same two neighbours
        for row in items:
            before = _before(db, kind, row)
            if groups and groups[-1][0] == before:
                groups[-1][1].append(row)
            else:
                groups.append((before, [row]))
        for _, group in groups:
            _place(db, kind, group, start, start + BLOCK)
    return True


def _new_block(blocks: dict[str | None, int], kind: str | None) -> int | None:
    """A block number for a new kind, between those of the kinds before and after it (no kind last)."""
    order = sorted([*blocks, kind], key=lambda k: (k is None, k or ""))
    at = order.index(kind)
    low = blocks[order[at - 1]] if at else 0
    if at + 1 == len(order):
        return low + BLOCK_STEP
    high = blocks[order[at + 1]]
    return (low + high) // 2 if high - low >= 2 else None


def _before(db: sqlite3.Connection, kind: str | None, row: tuple) -> int | None:
    """The id of the row of the same kind just before ``row`` in name order."""
    found = db.execute("SELECT id FROM entity WHERE kind IS ? AND (sort_key, iri) < (?, ?) "
                       "ORDER BY kind DESC, sort_key DESC, iri DESC LIMIT 1", (kind, row[3], row[0])).fetchone()
    return found[0] if found else None


def _place(db: sqlite3.Connection, kind: str | None, group: list[tuple], start: int, end: int) -> None:
    """Number rows that go between the same two neighbours, numbering neighbours again if needed."""
    before = _before(db, kind, group[0])
    low = start if before is None else before
    high = db.execute("SELECT MIN(id) FROM entity WHERE id > ? AND id < ?", (low, end)).fetchone()[0]
    m = len(group)
    step = GAP if high is None else (high - low) // (m + 1)
    if step >= 1:
        ids = [low + step * (i + 1) for i in range(m)]
    else:
        ids = _make_room(db, m, low if before is not None else None, high, start, end)
    db.executemany("INSERT INTO entity (id, iri, kind, labels, sort_key, excerpt, others, image, start) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", ((id_, *row[:8]) for id_, row in zip(ids, group)))


def _make_room(db: sqlite3.Connection, m: int, before: int | None, after: int, start: int, end: int) -> list[int]:
    """Number again the rows around the place where ``m`` rows go (after ``before``, before ``after``),
    in a window twice as wide each time, until all are at least ROOM apart; the ids for the ``m``."""
    k = WINDOW
    while True:
        left_rows = [] if before is None else [id_ for (id_,) in db.execute(
            "SELECT id FROM entity WHERE id <= ? AND id > ? ORDER BY id DESC LIMIT ?", (before, start, k + 1))]
        right_rows = [id_ for (id_,) in db.execute(
            "SELECT id FROM entity WHERE id >= ? AND id < ? ORDER BY id LIMIT ?", (after, end, k + 1))]
        left = left_rows[k] if len(left_rows) > k else start
        right = right_rows[k] if len(right_rows) > k else None
        moved = [*reversed(left_rows[:k]), *right_rows[:k]]
        count = len(moved) + m
        step = GAP if right is None else (right - left) // (count + 1)
        if step >= ROOM or (step >= 1 and len(left_rows) <= k and len(right_rows) <= k):
            break
        k *= 2
    ids = [left + step * (i + 1) for i in range(count)]
    cut = len(left_rows[:k])
    _renumber(db, dict(zip(moved, ids[:cut] + ids[cut + m:])))
    return ids[cut:cut + m]


def _renumber(db: sqlite3.Connection, moves: dict[int, int]) -> None:
    """Give rows new ids: their entity row, searched texts and facet values (through negative ids, so a
    new id never meets an old one)."""
    docs = []
    for chunk in _chunks(sorted(moves)):
        docs += db.execute(f"SELECT id, labels, ids, related, descriptions FROM doc WHERE id IN ({_marks(chunk)})",
                           chunk).fetchall()
    db.executemany("INSERT INTO text(text, rowid, labels, ids, related, descriptions) VALUES ('delete', ?, ?, ?, ?, ?)",
                   docs)
    db.executemany("DELETE FROM doc WHERE id = ?", ((doc[0],) for doc in docs))
    db.executemany("UPDATE entity SET id = ? WHERE id = ?", ((-new, old) for old, new in moves.items()))
    db.executemany("UPDATE facet SET entity = ? WHERE entity = ?", ((-new, old) for old, new in moves.items()))
    db.execute("UPDATE entity SET id = -id WHERE id < 0")
    db.execute("UPDATE facet SET entity = -entity WHERE entity < 0")
    moved_docs = sorted((moves[doc[0]], *doc[1:]) for doc in docs)
    db.executemany("INSERT INTO doc VALUES (?, ?, ?, ?, ?)", moved_docs)
    db.executemany("INSERT INTO text(rowid, labels, ids, related, descriptions) VALUES (?, ?, ?, ?, ?)", moved_docs)


def _count_facets(db: sqlite3.Connection, counts: Counter) -> None:
    for (kind, name, value), delta in sorted(counts.items(), key=lambda item: (item[0][0] or "", *item[0][1:])):
        if delta and not db.execute("UPDATE facet_count SET n = n + ? WHERE kind IS ? AND name = ? AND value = ?",
                                    (delta, kind, name, value)).rowcount:
            db.execute("INSERT INTO facet_count VALUES (?, ?, ?, ?)", (kind, name, value, delta))
        db.execute("DELETE FROM facet_count WHERE kind IS ? AND name = ? AND value = ? AND n <= 0", (kind, name, value))


def _count_kinds(db: sqlite3.Connection, kinds: Counter, blocks: dict[str | None, int]) -> None:
    """Count the things of the kinds that changed, and where their block starts and ends."""
    for kind, delta in kinds.items():
        if kind is None:
            continue
        start = blocks[kind] * BLOCK
        # one aggregate a statement: SQLite then reads one end of the range, not all of it
        first = db.execute("SELECT MIN(id) FROM entity WHERE id >= ? AND id < ?", (start, start + BLOCK)).fetchone()[0]
        last = db.execute("SELECT MAX(id) FROM entity WHERE id >= ? AND id < ?", (start, start + BLOCK)).fetchone()[0]
        if first is None:
            db.execute("DELETE FROM kind_count WHERE kind = ?", (kind,))
        elif not db.execute("UPDATE kind_count SET n = n + ?, first = ?, last = ? WHERE kind = ?",
                            (delta, first, last, kind)).rowcount:
            db.execute("INSERT INTO kind_count VALUES (?, ?, ?, ?)", (kind, delta, first, last))


def _chunks(items: list) -> list[list]:
    return [items[start:start + CHUNK] for start in range(0, len(items), CHUNK)]


def _marks(chunk: list) -> str:
    return ", ".join("?" * len(chunk))
