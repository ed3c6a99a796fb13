"""Building the search and browse index: one SQLite file per store generation, written beside it.

The index holds every thing of the graph that has a name or a type (its kind, labels per language,
a short description for result lists), its facets (type, source, organisation, period, maker,
collection, place) with precomputed counts, and an FTS5 table over names, identifiers, the names
of what it links to, and descriptions. FTS5's ``unicode61 remove_diacritics 2`` tokenizer makes
search insensitive to case and accents (``cafe`` finds ``Café``).

It is built from a store generation (before that generation becomes current, when a build calls
:func:`build_index` inside its transaction) into a temporary file that is renamed into place, so a
reader sees a complete index or none. Descriptions are indexed as text: HTML tags are stripped.

>>> plain_text("<p>Zilveren <b>theepot</b></p><script>alert('x')</script>")
"Zilveren theepot alert('x')"
>>> decade("1897~/1900~"), decade("ca. 1890"), decade("2016-09-11T20:15:00+02:00"), decade("0001-01-01")
('1890', '1890', '2010', None)
"""

from __future__ import annotations

import html
import json
import os
import re
import sqlite3
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

from .entity_layout import DESCRIPTION_PREDICATES, INLINE_KINDS, LABEL_PREDICATES
from .iris import IriScheme
from .labels import pick
from .store import QueryResult
from .vocab import ADMS, CP, CRM, DCT, FOAF, M8G, ORG, PROV, SKOS

INDEX_SUFFIX = ".search.sqlite"
SCHEMA_VERSION = "2"
DCAT_DATASET = "http://www.w3.org/ns/dcat#Dataset"


class Reader(Protocol):
    def query(self, text: str, *, default_graph: list[str] | None = None) -> QueryResult: ...


@dataclass(frozen=True)
class Facet:
    """A way to narrow a list: a name (the URL parameter), labels, and the pattern giving ?s ?v."""

    name: str
    texts: dict[str, str]
    pattern: str
    value_kind: str | None = None            # only values that are things of this kind
    transform: Callable[[str], str | None] | None = None
    chronological: bool = False


def decade(text: str) -> str | None:
    """The decade of the first year in a date (EDTF, ISO or as sources write it); None if unknown.

    The year 0001 is what collection systems write for "unknown", so it counts as no date.
    """
    match = re.search(r"(?<!\d)(\d{4})(?!\d)", text)
    if not match or match.group(1) == "0001":
        return None
    return str(int(match.group(1)) // 10 * 10)


FACETS: tuple[Facet, ...] = (
    Facet("type", {"nl": "Type", "en": "Type", "fr": "Type"},
          f"?s <{CRM.P2_has_type}>|<{DCT.type}>|<{ORG.classification}> ?v"),
    Facet("bron", {"nl": "Bron", "en": "Source", "fr": "Source"}, ""),
    Facet("organisatie", {"nl": "Organisatie", "en": "Organisation", "fr": "Organisation"},
          f"{{ ?s <{CRM.P50_has_current_keeper}>|<{CRM.P14_carried_out_by}> ?v }} UNION {{ ?v <{ORG.hasSite}> ?s }}",
          value_kind="organisatie"),
    Facet("periode", {"nl": "Periode", "en": "Period", "fr": "Période"},
          f"{{ ?s <{CRM.P108i_was_produced_by}>/<{CRM['P4_has_time-span']}> ?v FILTER(isLiteral(?v)) }} "
          f"UNION {{ ?s <{CRM['P4_has_time-span']}>/<{M8G.startTime}> ?v }}",
          transform=decade, chronological=True),
    Facet("vervaardiger", {"nl": "Vervaardiger", "en": "Maker", "fr": "Auteur"},
          f"?s <{CRM.P108i_was_produced_by}>/<{CRM.P14_carried_out_by}> ?v"),
    Facet("collectie", {"nl": "Collectie", "en": "Collection", "fr": "Collection"},
          f"?s <{CRM.P46i_forms_part_of}> ?v"),
    Facet("locatie", {"nl": "Locatie", "en": "Place", "fr": "Lieu"}, f"?s <{PROV.atLocation}> ?v"),
)
FACET_NAMES = tuple(f.name for f in FACETS)

#: The names of linked things that are also searched (an object is found by its material or maker).
RELATED = (f"{{ ?s <{CRM.P2_has_type}>|<{CRM.P45_consists_of}>|<{DCT.type}>|<{ORG.classification}>|<{CP.thema}>"
           f"|<{CRM.P46i_forms_part_of}> ?c . ?c <{SKOS.prefLabel}> ?l }} UNION "
           f"{{ ?s <{CRM.P108i_was_produced_by}>/<{CRM.P14_carried_out_by}>/<{FOAF.name}> ?l }}")

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE entity (id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, kind TEXT, labels TEXT NOT NULL,
                     sort_key TEXT NOT NULL, excerpt TEXT);
CREATE TABLE facet (entity INTEGER NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL);
CREATE TABLE facet_count (kind TEXT, name TEXT NOT NULL, value TEXT NOT NULL, n INTEGER NOT NULL);
CREATE TABLE kind_count (kind TEXT PRIMARY KEY, n INTEGER NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL);
CREATE VIRTUAL TABLE text USING fts5(labels, ids, related, descriptions, content='',
                                     tokenize='unicode61 remove_diacritics 2', prefix='3');
"""
INDEXES = """
CREATE INDEX entity_kind ON entity (kind);
CREATE INDEX facet_value ON facet (name, value, entity);
CREATE INDEX facet_entity ON facet (entity, name);
CREATE INDEX facet_count_kind ON facet_count (kind, name, n);
"""


def plain_text(markup: str) -> str:
    """Text of a description that may hold HTML: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", markup)).split())


def sort_key(text: str) -> str:
    """Case- and accent-free form of a name, for alphabetical lists.

    >>> sort_key("Émile") < sort_key("Eva") < sort_key("zilver")
    True
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def build_index(reader: Reader, path: Path, *, iris: IriScheme, graphs: list[str]) -> Path:
    """Write the index of the graphs ``graphs`` (read through ``reader``) to ``path``, atomically."""
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        connection = sqlite3.connect(tmp)
        try:
            _fill(connection, reader, iris=iris, graphs=graphs)
            connection.commit()
        finally:
            connection.close()
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _fill(db: sqlite3.Connection, reader: Reader, *, iris: IriScheme, graphs: list[str]) -> None:
    db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
    db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
    meta = iris.meta_graph
    sources = [g for g in graphs if g != meta]

    def rows(query: str):
        """Solutions as tuples of plain values (IRI or text; a literal's language is its third field)."""
        if not sources:
            return iter(())
        return reader.query(query, default_graph=sources).solution_tuples()

    ids: dict[str, int] = {}

    def entity_id(iri: str) -> int:
        number = ids.get(iri)
        if number is None:
            number = ids[iri] = len(ids) + 1
        return number

    labels: dict[int, dict[str, tuple[int, str]]] = defaultdict(dict)
    notations: dict[int, list[str]] = defaultdict(list)
    related: dict[int, list[str]] = defaultdict(list)
    descriptions: dict[int, dict[str, str]] = defaultdict(dict)
    facets: set[tuple[int, str, str]] = set()

    for s, g in rows("SELECT DISTINCT ?s ?g WHERE { GRAPH ?g { ?s a ?c } FILTER(isIRI(?s)) }"):
        if g[1] in sources:
            facets.add((entity_id(s[1]), "bron", g[1]))
    label_values = " ".join(f"<{p}>" for p in LABEL_PREDICATES)
    for s, p, label in rows(f"SELECT ?s ?p ?l WHERE {{ VALUES ?p {{ {label_values} }} ?s ?p ?l "
                            "FILTER(isIRI(?s) && isLiteral(?l)) }"):
        _keep_label(labels[entity_id(s[1])], label[1], label[2] or "", LABEL_PREDICATES.index(p[1]))
    for s, n in rows(f"SELECT ?s ?n WHERE {{ ?s <{ADMS.identifier}>/<{SKOS.notation}> ?n FILTER(isIRI(?s)) }}"):
        notations[entity_id(s[1])].append(n[1])
    description_values = " ".join(f"<{p}>" for p in DESCRIPTION_PREDICATES)
    for s, d in rows(f"SELECT ?s ?d WHERE {{ VALUES ?p {{ {description_values} }} ?s ?p ?d "
                     "FILTER(isIRI(?s) && isLiteral(?d)) }"):
        texts = descriptions[entity_id(s[1])]
        language = d[2] or ""
        texts[language] = (texts.get(language, "") + " " + plain_text(d[1])).strip()
    for s, label in rows(f"SELECT ?s ?l WHERE {{ {RELATED} FILTER(isIRI(?s)) }}"):
        if s[1] in ids:
            related[ids[s[1]]].append(label[1])
    for facet in FACETS:
        if not facet.pattern:
            continue
        for s, v in rows(f"SELECT DISTINCT ?s ?v WHERE {{ {facet.pattern} FILTER(isIRI(?s)) }}"):
            value = v[1]
            if facet.value_kind and (iris.parse_thing(value) or ("", ""))[0] != facet.value_kind:
                continue
            if facet.transform is not None:
                value = facet.transform(value)
                if value is None:
                    continue
            facets.add((entity_id(s[1]), facet.name, value))
    if graphs and meta in graphs:
        for g, title in reader.query(f"SELECT ?g ?t WHERE {{ GRAPH <{meta}> {{ ?d a <{DCAT_DATASET}> ; "
                                     f"<{DCT.identifier}> ?g ; <{DCT.title}> ?t }} }}").solution_tuples():
            _keep_label(labels[entity_id(g[1])], title[1], title[2] or "", 0)

    # Number things by kind, then name: each kind is one range of ids (search counts and narrows by
    # kind with a rowid range, which FTS5 answers without visiting the hits) in alphabetical order.
    records = []
    for iri, number in ids.items():
        parsed = iris.parse_thing(iri)
        kind = parsed[0] if parsed else None
        names = {language: text for language, (_, text) in labels.get(number, {}).items()}
        fallback = f"{kind} {parsed[1]}" if not names and parsed else (pick(names) or iri)
        records.append((kind is None, kind or "", sort_key(fallback), iri, number, names))
    records.sort()
    renumber = {record[4]: position for position, record in enumerate(records, start=1)}

    def entities():
        for position, (_, kind, key, iri, number, names) in enumerate(records, start=1):
            excerpt = {language: _shorten(text) for language, text in descriptions.get(number, {}).items()}
            yield (position, iri, kind or None, json.dumps(names, ensure_ascii=False), key,
                   json.dumps(excerpt, ensure_ascii=False) if excerpt else None)

    db.executemany("INSERT INTO entity VALUES (?, ?, ?, ?, ?, ?)", entities())

    def texts():
        for position, (_, kind, _, iri, number, names) in enumerate(records, start=1):
            if not kind or kind in INLINE_KINDS:
                continue
            yield (position, " ".join(names.values()), " ".join([*notations.get(number, []), iris.parse_thing(iri)[1]]),
                   " ".join(related.get(number, [])), " ".join(descriptions.get(number, {}).values()))

    db.executemany("INSERT INTO text (rowid, labels, ids, related, descriptions) VALUES (?, ?, ?, ?, ?)", texts())
    db.executemany("INSERT INTO facet VALUES (?, ?, ?)", sorted((renumber[n], name, v) for n, name, v in facets))
    db.executescript(INDEXES + """
        INSERT INTO facet_count SELECT e.kind, f.name, f.value, COUNT(*) FROM facet f JOIN entity e ON e.id = f.entity
            GROUP BY e.kind, f.name, f.value;
        INSERT INTO kind_count SELECT kind, COUNT(*), MIN(id), MAX(id) FROM entity WHERE kind IS NOT NULL GROUP BY kind;
        INSERT INTO text(text) VALUES ('optimize');
        ANALYZE;
    """)


def _keep_label(texts: dict[str, tuple[int, str]], text: str, language: str, rank: int) -> None:
    """Keep one label per language: the one of the most preferred label property."""
    if language not in texts or rank < texts[language][0]:
        texts[language] = (rank, text)


def _shorten(text: str, limit: int = 240) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"
