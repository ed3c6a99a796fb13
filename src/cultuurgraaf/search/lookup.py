"""Full-text search and browse lists over the index of the current store generation.

``search("zilveren theepot")`` ranks things by BM25 over their names (weighted most), identifiers,
the names of what they link to, and descriptions; ``browse("erfgoedobject")`` lists one kind
alphabetically. Both page, and both narrow by facets (``{"organisatie": iri, "periode": "1890"}``)
and count the values of every facet over the result.

The index of a generation is written by the build that writes it, before the switch;
``cultuurgraaf load`` only notes what changed, and the server writes the index in the background,
answering from the previous one meanwhile (see :mod:`cultuurgraaf.search.generations`). A store with
no index at all gets one on first use.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

from ..entities.when import now_utc
from ..errors import StoreError
from ..iris import IriScheme
from ..labels import DEFAULT_LANGUAGES, best_language, pick
from .generations import index_path, index_ready, read_changes, reusable
from .index import build_index
from .results import FacetCounts, FacetValue, Hit, Results, marked, match_expression, page_within
from .things import FACETS
from ..store import EmbeddedStore

PER_PAGE = 20
#: What a list or search result shows of each thing.
HIT_COLUMNS = "e.iri, e.kind, e.labels, e.excerpt, e.others, e.image, e.start"
FACET_VALUES = 40
BM25_WEIGHTS = (10.0, 6.0, 2.0, 1.0)  # labels, identifiers, related names, descriptions
RANK_ALL = 5_000     # rank every hit by BM25 up to this many (a few ms); beyond, see SearchIndex.search
FACET_HITS = 20_000  # count facet values over a search's hits up to this many
PREFIX_BELOW = 10    # fewer whole-word hits than this: read the last word as the start of a word



class SearchIndex:
    """Search and browse over the index of whichever generation of the store is current."""

    def __init__(self, store: EmbeddedStore, iris: IriScheme, *, rank_all: int = RANK_ALL,
                 facet_hits: int = FACET_HITS):
        self.store = store
        self.iris = iris
        self.rank_all = rank_all
        self.facet_hits = facet_hits
        self._local = threading.local()
        self._build_lock = threading.Lock()     # one index written at a time
        self._building_lock = threading.Lock()  # guards _building
        self._building: set[int] = set()

    # the connection -----------------------------------------------------------------------
    def _db(self) -> sqlite3.Connection | None:
        """The index of the current generation.

        A build writes it before the generation becomes current. A generation made otherwise (a
        SPARQL update, a store from before the index existed) gets its index written in the
        background; until it is there, the newest older index answers, and without one the first
        request writes it.
        """
        generation = self.store.current_generation()
        if generation == 0:
            return None
        cached = getattr(self._local, "db", None)
        if cached is not None and cached[0] == generation and (cached[2] or not self._ready(generation)):
            return cached[1]
        if self._ready(generation):
            db, current = self._open(index_path(self.store, generation)), True
        else:
            older = self._older_index(generation)
            if older is None:
                self._build(generation)
                db, current = self._open(index_path(self.store, generation)), True
            else:
                self._build_in_background(generation)
                db, current = self._open(older), False
        self._local.db = (generation, db, current)
        return db

    def _ready(self, generation: int) -> bool:
        return index_ready(index_path(self.store, generation))

    def _older_index(self, generation: int) -> Path | None:
        for older in range(generation - 1, 0, -1):
            if self._ready(older):
                return index_path(self.store, older)
        return None

    def _open(self, path: Path) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)

    def _build(self, generation: int) -> None:
        with self._build_lock:
            if self._ready(generation) or self.store.current_generation() != generation:
                return
            path = index_path(self.store, generation)
            graphs = self.store.manifest(generation).project_graphs()
            reuse = reusable(self.store, read_changes(self.store, generation))
            try:
                try:
                    build_index(self.store, path, iris=self.iris, graphs=[*graphs, self.iris.meta_graph], reuse=reuse)
                except sqlite3.Error:
                    if reuse is None:
                        raise
                    # the older index went (a build swept it) or is damaged: build this one whole
                    build_index(self.store, path, iris=self.iris, graphs=[*graphs, self.iris.meta_graph])
            except (OSError, sqlite3.Error) as exc:
                raise StoreError(f"cannot write the search index beside the store at {path}: {exc}") from exc

    def _build_in_background(self, generation: int) -> None:
        # not the build lock: a request must not wait for a build that is running to learn it runs
        with self._building_lock:
            if generation in self._building:
                return
            self._building.add(generation)
        threading.Thread(target=self._build, args=(generation,), name=f"index-{generation}", daemon=True).start()

    # what there is ------------------------------------------------------------------------
    def kinds(self) -> dict[str, int]:
        """How many things of each kind the graph holds."""
        db = self._db()
        if db is None:
            return {}
        return dict(db.execute("SELECT kind, n FROM kind_count ORDER BY kind"))

    def things(self, iris: list[str], *, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> dict[str, Hit]:
        """The index's rows of some things (those it has), by IRI: name, kind, short description."""
        db = self._db()
        if db is None:
            return {}
        found = {}
        for start in range(0, len(iris), 500):
            chunk = iris[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            for row in db.execute(f"SELECT {HIT_COLUMNS} FROM entity e WHERE e.iri IN ({marks})", chunk):
                found[row[0]] = self._hit(*row, languages)
        return found

    def up_to_date(self) -> bool:
        """Whether lists and search answer from the current generation's index (not, while that one is
        written, from an older one)."""
        generation = self.store.current_generation()
        return generation == 0 or self._ready(generation)

    def latest_start(self, now: str) -> str | None:
        """The latest time (UTC) at or before ``now`` at which a thing started: until then, what lists by
        date show as to come or past has not changed since the index was written."""
        db = self._db()
        if db is None:
            return None
        kinds = [kind for (kind,) in db.execute("SELECT kind FROM kind_count")]
        return max((start for kind in kinds for (start,) in db.execute(
            "SELECT MAX(start) FROM entity WHERE kind = ? AND start IS NOT NULL AND start <= ?", [kind, now])
            if start is not None), default=None)

    # lists and search ---------------------------------------------------------------------
    def browse(self, kind: str, *, filters: dict[str, str] | None = None, page: int = 1, per_page: int = PER_PAGE,
               languages: tuple[str, ...] = DEFAULT_LANGUAGES, now: str | None = None) -> Results:
        """Things of one kind, narrowed by facet values: in alphabetical order, or, for a kind whose things
        start at a time (activities), by date: those still to come (at ``now``, UTC ISO 8601; the present by
        default) soonest first, then those past, latest first, then those without a date."""
        db = self._db()
        page = max(1, page)
        if db is None:
            return Results(0, page_within(page, 0, per_page), per_page, [])
        filters = _known(filters)
        where, params = _where(kind, filters)
        total = db.execute(f"SELECT COUNT(*) FROM entity e WHERE {where}", params).fetchone()[0]
        page_within(page, total, per_page)
        by_date = db.execute("SELECT 1 FROM entity WHERE kind = ? AND start IS NOT NULL LIMIT 1", [kind]).fetchone()
        order, order_params = "e.id", []
        if by_date:
            now = now or now_utc()
            order = ("CASE WHEN e.start IS NULL THEN 2 WHEN e.start >= ? THEN 0 ELSE 1 END, "
                     "CASE WHEN e.start >= ? THEN e.start END, e.start DESC, e.id")
            order_params = [now, now]
        rows = db.execute(f"SELECT {HIT_COLUMNS} FROM entity e WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
                          [*params, *order_params, per_page, (page - 1) * per_page])
        hits = [self._hit(*row, languages) for row in rows]
        if by_date:
            for hit in hits:
                hit.upcoming = None if hit.start is None else hit.start >= now
        facets = self._facets(db, kind, filters, f"SELECT e.id FROM entity e WHERE {where}", params, languages)
        return Results(total, page, per_page, hits, facets, by_date=bool(by_date))

    def search(self, text: str, *, kind: str | None = None, filters: dict[str, str] | None = None, page: int = 1,
               per_page: int = PER_PAGE, languages: tuple[str, ...] = DEFAULT_LANGUAGES,
               any_word: bool = False) -> Results:
        """Things whose names, identifiers, links or descriptions hold every word typed (with
        ``any_word``, one of them), best first.

        Up to ``rank_all`` hits are ranked by BM25 (names weigh most). Beyond that, ranking every hit
        would cost more than a page may take, so the hits come in two tiers: those whose names or
        identifiers hold the words (ranked by BM25 while there are at most ``rank_all`` of them), then
        the others (words only in linked names or descriptions), alphabetically per kind. BM25 with
        these weights puts name matches first anyway; within the second tier its differences are
        those of description lengths. Facet values are counted over at most ``facet_hits`` hits.
        """
        db = self._db()
        page = max(1, page)
        expression = match_expression(text, prefix=False, any_word=any_word)
        if db is None or expression is None:
            return Results(0, page_within(page, 0, per_page), per_page, [])
        filters = _known(filters)
        ranges = {k: (first, last) for k, first, last in db.execute("SELECT kind, first, last FROM kind_count")}
        everything = (1, max((last for _, last in ranges.values()), default=0))
        if _count(db, expression, *everything) < PREFIX_BELOW:
            # too few whole-word hits: the last word may still be being typed ("theep" -> theepot)
            expression = match_expression(text, prefix=True, any_word=any_word)
        if kind is not None and kind not in ranges:
            return Results(0, page_within(page, 0, per_page), per_page, [])
        span = ranges[kind] if kind else everything
        offset = (page - 1) * per_page
        try:
            kinds = {k: n for k, (first, last) in ranges.items()
                     if (n := _count(db, expression, first, last))}
            if filters:
                return self._search_filtered(db, expression, kind, span, filters, kinds, page, per_page, languages,
                                             typed=text)
            total = kinds.get(kind, 0) if kind else sum(kinds.values())
            page_within(page, total, per_page)
            if total <= self.rank_all:
                ids = _ranked(db, expression, span, per_page, offset)
            else:
                named = f"{{labels ids}} : ({expression})"
                in_names = _count(db, named, *span)
                ids = []
                if offset < in_names:
                    ids = (_ranked(db, named, span, per_page, offset) if in_names <= self.rank_all
                           else _in_order(db, named, span, per_page, offset))
                if len(ids) < per_page:
                    ids += _in_order(db, f"({expression}) NOT {named}", span, per_page - len(ids),
                                     max(0, offset - in_names))
            facets = []
            if total <= self.facet_hits:
                ids_sql = "SELECT rowid FROM text WHERE text MATCH ? AND rowid BETWEEN ? AND ?"
                facets = self._facets(db, kind, {}, ids_sql, [expression, *span], languages, precomputed=False)
        except sqlite3.OperationalError as exc:  # an expression FTS5 cannot run; words are quoted, so rare
            raise StoreError(f"the search for {text!r} failed: {exc}") from exc
        return Results(total, page, per_page, self._hits(db, ids, languages, typed=text), facets, kinds,
                       facets_skipped=total > self.facet_hits)

    def _search_filtered(self, db, expression: str, kind: str | None, span, filters, kinds, page: int, per_page: int,
                         languages, typed: str) -> Results:
        """Search narrowed by facets: the hits (of one kind, or all) that also carry every facet value, by BM25."""
        where, params = _where(kind, filters)
        hits = ("SELECT rowid AS id, bm25(text, {}) AS score FROM text WHERE text MATCH ? AND rowid BETWEEN ? AND ?"
                .format(", ".join(str(w) for w in BM25_WEIGHTS)))
        base = f"WITH hits AS ({hits}) SELECT {{}} FROM hits h JOIN entity e ON e.id = h.id WHERE {where}"
        args = [expression, *span, *params]
        total = db.execute(base.format("COUNT(*)"), args).fetchone()[0]
        page_within(page, total, per_page)
        ids = [row[0] for row in db.execute(base.format("e.id") + " ORDER BY h.score, e.id LIMIT ? OFFSET ?",
                                            [*args, per_page, (page - 1) * per_page])]
        facets = self._facets(db, kind, filters, base.format("e.id"), args, languages, precomputed=False)
        return Results(total, page, per_page, self._hits(db, ids, languages, typed=typed), facets, kinds)

    def _hits(self, db, ids: list[int], languages, *, typed: str) -> list[Hit]:
        if not ids:
            return []
        marks = ", ".join("?" * len(ids))
        rows = {row[0]: row[1:] for row in db.execute(
            f"SELECT e.id, {HIT_COLUMNS} FROM entity e WHERE e.id IN ({marks})", ids)}
        return [self._hit(*rows[i], languages, typed=typed) for i in ids if i in rows]

    # helpers ------------------------------------------------------------------------------
    def _hit(self, iri: str, kind: str | None, labels: str, excerpt: str | None, others: str | None,
             image: str | None, start: str | None, languages, *, typed: str = "") -> Hit:
        names = json.loads(labels)
        language = best_language(names, languages)
        parsed = self.iris.parse_thing(iri)
        label = names[language] if language is not None else (f"{kind} {parsed[1]}" if parsed else iri)
        texts = json.loads(excerpt) if excerpt else {}
        excerpt_language = best_language(texts, languages)
        hit = Hit(iri, kind, label, language or None, self.iris.href(iri),
                  texts.get(excerpt_language) if excerpt_language is not None else None, excerpt_language or None,
                  image, start)
        if typed:
            hit.label_marked = marked(hit.label, typed)
            hit.excerpt_marked = marked(hit.excerpt, typed) if hit.excerpt else []
            named = [(lang, name, marked(name, typed)) for lang, name in (json.loads(others) if others else [])]
            matching = [(lang, name, pieces) for lang, name, pieces in named if any(hit for _, hit in pieces)]
            hit.also_known_as = [[lang, name] for lang, name, _ in matching]
            hit.also_marked = [pieces for _, _, pieces in matching]
        return hit

    def _facets(self, db, kind: str, filters: dict[str, str], ids_sql: str, params: list, languages,
                precomputed: bool = True) -> list[FacetCounts]:
        if precomputed and not filters:
            rows = db.execute("SELECT name, value, n FROM facet_count WHERE kind = ?", [kind]).fetchall()
        else:
            rows = db.execute(f"SELECT f.name, f.value, COUNT(*) FROM facet f WHERE f.entity IN ({ids_sql}) "
                              "GROUP BY f.name, f.value", params).fetchall()
        by_name: dict[str, list[tuple[str, int]]] = {}
        for name, value, count in rows:
            by_name.setdefault(name, []).append((value, count))
        wanted = {value for values in by_name.values() for value, _ in values}
        wanted.update(filters.values())
        names = self._labels(db, wanted, languages)
        out = []
        for facet in FACETS:
            values = by_name.get(facet.name, [])
            if filters.get(facet.name) and all(v != filters[facet.name] for v, _ in values):
                values.append((filters[facet.name], 0))
            if not values:
                continue
            if facet.chronological:
                values.sort(key=lambda vc: int(vc[0]) if vc[0].lstrip("-").isdigit() else 0)
                shown = values
            else:
                values.sort(key=lambda vc: (-vc[1], names.get(vc[0], vc[0]).casefold()))
                shown = values[:FACET_VALUES]
                selected = filters.get(facet.name)
                if selected and all(v != selected for v, _ in shown):
                    shown.append(next(vc for vc in values if vc[0] == selected))
            out.append(FacetCounts(facet.name, pick(facet.texts, languages) or facet.name, [
                FacetValue(v, _period(v) if facet.chronological else names.get(v, v), n, filters.get(facet.name) == v)
                for v, n in shown], more=len(values) - len(shown)))
        return out

    def _labels(self, db, iris: set[str], languages) -> dict[str, str]:
        out: dict[str, str] = {}
        wanted = list(iris)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ", ".join("?" * len(chunk))
            for iri, labels in db.execute(f"SELECT iri, labels FROM entity WHERE iri IN ({marks})", chunk):
                label = pick(json.loads(labels), languages)
                if label:
                    out[iri] = label
        return out


def _count(db, expression: str, first: int, last: int) -> int:
    """How many things in an id range match: FTS5 counts doclists without ranking or fetching rows."""
    return db.execute("SELECT COUNT(*) FROM text WHERE text MATCH ? AND rowid BETWEEN ? AND ?",
                      [expression, first, last]).fetchone()[0]


def _ranked(db, expression: str, span, limit: int, offset: int) -> list[int]:
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    return [row[0] for row in db.execute(
        f"SELECT rowid FROM text WHERE text MATCH ? AND rowid BETWEEN ? AND ? ORDER BY bm25(text, {weights}), rowid "
        "LIMIT ? OFFSET ?", [expression, *span, limit, offset])]


def _in_order(db, expression: str, span, limit: int, offset: int) -> list[int]:
    """Hits in id order (kind, then name): FTS5 hands them out in that order, so only a page is read."""
    return [row[0] for row in db.execute(
        "SELECT rowid FROM text WHERE text MATCH ? AND rowid BETWEEN ? AND ? ORDER BY rowid LIMIT ? OFFSET ?",
        [expression, *span, limit, offset])]


def _known(filters: dict[str, str] | None) -> dict[str, str]:
    names = {f.name for f in FACETS}
    return {k: v for k, v in (filters or {}).items() if k in names and v}


def _where(kind: str | None, filters: dict[str, str]) -> tuple[str, list]:
    clauses, params = (["e.kind = ?"], [kind]) if kind else (["1"], [])
    for name, value in sorted(filters.items()):
        clauses.append("e.id IN (SELECT entity FROM facet WHERE name = ? AND value = ?)")
        params += [name, value]
    return " AND ".join(clauses), params


def _period(decade: str) -> str:
    """'1890' -> '1890–1899'."""
    return f"{decade}–{int(decade) + 9}" if decade.lstrip("-").isdigit() else decade
