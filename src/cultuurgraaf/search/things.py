"""What the search index reads of each thing from the store, and which things a change touches.

A thing's row holds its kind, labels per language, its other names (alternative ones,
``skos:altLabel``, shown when a search found the thing by one, and hidden ones, ``skos:hiddenLabel``,
searched but never shown), a short description for result lists, its facets (type, source,
organisation, period, maker, collection, place), and the texts search reads: names, identifiers, the
names of what it links to, and descriptions (as text: HTML tags are stripped).

>>> plain_text("<p>Zilveren <b>theepot</b></p><script>alert('x')</script>")
"Zilveren theepot alert('x')"
>>> decade("1897~/1900~"), decade("ca. 1890"), decade("2016-09-11T20:15:00+02:00"), decade("0001-01-01")
('1890', '1890', '2010', None)
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Protocol

from ..entities.layout import DESCRIPTION_PREDICATES, IMAGE_PREDICATES, INLINE_KINDS, LABEL_PREDICATES
from ..entities.when import START_PATH, utc
from ..iris import IMAGE_SCHEMES, IriScheme, linkable
from ..labels import pick
from ..store import QueryResult
from ..vocab import ADMS, CP, CRM, DCAT, DCT, FOAF, M8G, ORG, PROV, SKOS

CHUNK = 500  # things per VALUES block when reading some things only

#: One thing the store says of a thing: (its IRI, which part of it, a text, a language or a facet's value,
#: a number: a label's rank, whether another name is hidden). A whole index streams them through SQLite,
#: sorted by IRI, so as to hold one thing at a time: a graph of 10M triples has millions of them.
Part = tuple[str, int, str | None, str | None, int | None]
LABEL, OTHER_NAME, NOTATION, DESCRIPTION, FACET, IMAGE, START, RELATED_NAME, TITLE = range(9)


class Reader(Protocol):
    def query(self, text: str, *, default_graph: list[str] | None = None) -> QueryResult: ...


@dataclass(frozen=True)
class Facet:
    """A way to narrow a list: a name (the URL parameter), labels, and the patterns giving ?s ?v (the
    branches of a UNION)."""

    name: str
    texts: dict[str, str]
    patterns: tuple[str, ...]
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


#: A thing's types, and who keeps it or carried it out.
TYPED = f"?s <{CRM.P2_has_type}>|<{DCT.type}>|<{ORG.classification}> ?v"
KEPT_OR_DONE_BY = f"?s <{CRM.P50_has_current_keeper}>|<{CRM.P14_carried_out_by}> ?v"
#: When a thing was made, as its production says (a date written as text), and who made it, by name.
PRODUCED_IN = f"?s <{CRM.P108i_was_produced_by}>/<{CRM['P4_has_time-span']}> ?v FILTER(isLiteral(?v))"
MAKER_NAMED = f"?s <{CRM.P108i_was_produced_by}>/<{CRM.P14_carried_out_by}>/<{FOAF.name}> ?l"

FACETS: tuple[Facet, ...] = (
    Facet("type", {"nl": "Type", "en": "Type", "fr": "Type"},
          (TYPED,)),
    Facet("bron", {"nl": "Bron", "en": "Source", "fr": "Source"}, ()),
    Facet("organisatie", {"nl": "Organisatie", "en": "Organisation", "fr": "Organisation"},
          (KEPT_OR_DONE_BY, f"?v <{ORG.hasSite}> ?s"),
          value_kind="organisatie"),
    Facet("periode", {"nl": "Periode", "en": "Period", "fr": "Période"},
          (PRODUCED_IN,
           f"?s <{CRM['P4_has_time-span']}>/<{M8G.startTime}> ?v"),
          transform=decade, chronological=True),
    Facet("vervaardiger", {"nl": "Vervaardiger", "en": "Maker", "fr": "Auteur"},
          (f"?s <{CRM.P108i_was_produced_by}>/<{CRM.P14_carried_out_by}> ?v",)),
    Facet("collectie", {"nl": "Collectie", "en": "Collection", "fr": "Collection"},
          (f"?s <{CRM.P46i_forms_part_of}> ?v",)),
    Facet("locatie", {"nl": "Locatie", "en": "Place", "fr": "Lieu"}, (f"?s <{PROV.atLocation}> ?v",)),
)
FACET_NAMES = tuple(f.name for f in FACETS)

#: Other names of a thing, searched as names: alternative ones (shown when they matched) and hidden ones.
OTHER_NAME_PREDICATES = (SKOS.altLabel, SKOS.hiddenLabel)

#: The names of linked things that are also searched (an object is found by its material or maker).
RELATED = (f"?s <{CRM.P2_has_type}>|<{CRM.P45_consists_of}>|<{DCT.type}>|<{ORG.classification}>|<{CP.thema}>"
           f"|<{CRM.P46i_forms_part_of}> ?c . ?c <{SKOS.prefLabel}> ?l", MAKER_NAMED)

#: Patterns above as the whole graph is read: joined from the end with fewer triples in most graphs (a
#: maker's name, a production's time-span), since the engine joins in the order written. Reading every
#: object's production first took 13 s at 3M triples for no row, where makers had no names (measured;
#: the rows are the same). Some things' patterns start from those things (a VALUES block), as above.
#: And the facets' alternatives of predicates (``a|b``) as a VALUES block: the engine holds every pair an
#: alternative path gives, to give each once (750 MB for the organisation facet at 10M triples, measured);
#: a facet keeps each pair once anyway.
WHOLE_GRAPH_FORMS = {
    TYPED: f"VALUES ?by {{ <{CRM.P2_has_type}> <{DCT.type}> <{ORG.classification}> }} ?s ?by ?v",
    KEPT_OR_DONE_BY: f"VALUES ?by {{ <{CRM.P50_has_current_keeper}> <{CRM.P14_carried_out_by}> }} ?s ?by ?v",
    MAKER_NAMED: f"?m <{FOAF.name}> ?l . ?p <{CRM.P14_carried_out_by}> ?m . ?s <{CRM.P108i_was_produced_by}> ?p",
    PRODUCED_IN: f"?p <{CRM['P4_has_time-span']}> ?v . ?s <{CRM.P108i_was_produced_by}> ?p FILTER(isLiteral(?v))",
}

#: Links through which a thing's row reads what another node says (the names of its concepts and makers,
#: its period, its identifier's notation): when that node changes, so does the row of the thing.
DEPENDS_THROUGH = (CRM.P2_has_type, CRM.P45_consists_of, DCT.type, ORG.classification, CP.thema,
                   CRM.P46i_forms_part_of, CRM.P108i_was_produced_by, CRM.P14_carried_out_by,
                   CRM["P4_has_time-span"], ADMS.identifier)


def plain_text(markup: str) -> str:
    """Text of a description that may hold HTML: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", markup)).split())


def sort_key(text: str) -> str:
    """Case- and accent-free form of a name, for alphabetical lists.

    >>> sort_key("Émile") < sort_key("Eva") < sort_key("zilver")
    True
    """
    if text.isascii():  # most names; the same result, several times faster
        return text.lower().strip()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def subjects_of(reader: Reader, graphs: list[str]) -> list[str]:
    """The things ``graphs`` say something about (and the sites of organisations they describe)."""
    if not graphs:
        return []
    values = " ".join(f"<{g}>" for g in graphs)
    found = reader.query(f"SELECT DISTINCT ?s WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ {{ ?s ?p ?o }} "
                         f"UNION {{ ?o <{ORG.hasSite}> ?s }} }} FILTER(isIRI(?s)) }}").solution_tuples()
    return sorted(s[1] for (s,) in found)



def sites_of(reader: Reader, iris: list[str]) -> list[str]:
    """The sites (``org:hasSite``) of some organisations: their rows read which organisation has them."""
    found: set[str] = set()
    for chunk in _chunks([iri for iri in iris if _plain_iri(iri)]):
        found.update(s[1] for (s,) in reader.query(
            f"SELECT DISTINCT ?s WHERE {{ VALUES ?o {{ {chunk} }} ?o <{ORG.hasSite}> ?s FILTER(isIRI(?s)) }}",
            default_graph=None).solution_tuples())
    return sorted(found)


def touched(reader: Reader, sources: list[str], meta: str | None, *, graphs: list[str], old_subjects: list[str],
            limit: int) -> set[str] | None:
    """The things whose rows may differ from an older index's after ``graphs`` changed: those the changed
    graphs describe (``old_subjects`` before, and now), the things that link to them through
    DEPENDS_THROUGH (two steps: object, production, maker), and the graphs themselves (the sources'
    names come from the meta graph, written anew each time). None as soon as they are more than
    ``limit``: then reading them one chunk at a time costs more than reading everything."""
    changed = set(graphs)
    found_so_far = set(old_subjects) | changed
    found_so_far.update(subjects_of(reader, [g for g in sources if g in changed]))
    if meta is not None:
        found_so_far.update(g[1] for (g,) in reader.query(
            f"SELECT ?g WHERE {{ GRAPH <{meta}> {{ ?d a <{DCAT.Dataset}> ; <{DCT.identifier}> ?g }} }}").solution_tuples())
    if len(found_so_far) > limit:
        return None
    if not sources:
        return found_so_far
    links = "|".join(f"<{p}>" for p in DEPENDS_THROUGH)
    frontier = set(found_so_far)
    for _ in range(2):
        found: set[str] = set()
        ordered = sorted(frontier)
        for start in range(0, len(ordered), CHUNK):
            values = " ".join(f"<{iri}>" for iri in ordered[start:start + CHUNK] if _plain_iri(iri))
            if not values:
                continue
            for (s,) in reader.query(f"SELECT DISTINCT ?s WHERE {{ VALUES ?x {{ {values} }} ?s {links} ?x "
                                     "FILTER(isIRI(?s)) }", default_graph=sources).solution_tuples():
                found.add(s[1])
            if len(found_so_far | found) > limit:
                return None
        frontier = found - found_so_far
        found_so_far |= found
    return found_so_far


class _Thing:
    """What the store says of one thing, as far as the index reads it. Each part is made when first
    needed: most things have few of them, and a large graph has millions of things."""

    __slots__ = ("labels", "others", "notations", "related", "descriptions", "facets", "image", "start")

    def __init__(self) -> None:
        self.image: str | None = None   # its picture (of several, the first in IRI order)
        self.start: str | None = None   # when it starts, in UTC (of several, the earliest)
        self.labels: dict[str, tuple[int, str]] | None = None
        self.others: set[tuple[str, str, bool]] | None = None
        self.notations: list[str] | None = None
        self.related: list[str] | None = None
        self.descriptions: dict[str, list[str]] | None = None
        self.facets: set[tuple[str, str]] | None = None

    def label(self, text: str, language: str, rank: int) -> None:
        if self.labels is None:
            self.labels = {}
        _keep_label(self.labels, text, language, rank)

    def other_name(self, text: str, language: str, hidden: bool) -> None:
        if self.others is None:
            self.others = set()
        self.others.add((language, text, hidden))

    def notation(self, text: str) -> None:
        if self.notations is None:
            self.notations = []
        self.notations.append(text)

    def relate(self, text: str) -> None:
        if self.related is None:
            self.related = []
        self.related.append(text)

    def describe(self, text: str, language: str) -> None:
        if self.descriptions is None:
            self.descriptions = {}
        self.descriptions.setdefault(language, []).append(text)

    def facet(self, name: str, value: str) -> None:
        if self.facets is None:
            self.facets = set()
        self.facets.add((name, value))


def read_parts(reader: Reader, iris: IriScheme, *, sources: list[str], meta: str | None,
               only: set[str] | None) -> Iterator[Part]:
    """What the graphs say of every thing the index has a row for, one :data:`Part` at a time; with
    ``only``, of just those things (read in chunks of ``VALUES``). A thing's parts come in no order:
    :func:`fold` makes the thing of them."""
    chunks = [None] if only is None else _chunks(sorted(iri for iri in only if _plain_iri(iri)))

    def rows(select: str, branches: tuple[str, ...], condition: str):
        """Solutions as tuples of plain values (IRI or text; a literal's language is its third field).

        Some things' only: the VALUES block goes into each branch of a UNION. Outside, the engine
        evaluated the union over the whole graph for every chunk (10 s instead of 0.15 s for 327 things
        of the demo, measured: the degenerate case of updates that touched many things).
        """
        if not sources:
            return
        for chunk in chunks:
            values = "" if chunk is None else f"VALUES ?s {{ {chunk} }} "
            if chunk is None:
                branches = tuple(WHOLE_GRAPH_FORMS.get(branch, branch) for branch in branches)
            body = (f"{values}{branches[0]}" if len(branches) == 1
                    else " UNION ".join(f"{{ {values}{branch} }}" for branch in branches))
            yield from reader.query(f"{select} WHERE {{ {body} FILTER({condition}) }}",
                                    default_graph=sources).solution_tuples()

    in_sources = set(sources)
    for s, g in rows("SELECT ?s ?g", ("GRAPH ?g { ?s a ?c }",), "isIRI(?s)"):
        if g[1] in in_sources:
            yield s[1], FACET, "bron", g[1], None

    def one_of(predicates) -> str:
        """?p one of ``predicates``: a VALUES block to read them all, a filter to read some things' only
        (two VALUES blocks make the engine try every pair)."""
        listed = " ".join(f"<{p}>" for p in predicates)
        return f"VALUES ?p {{ {listed} }}" if only is None else f"FILTER(?p IN ({listed.replace('> <', '>, <')}))"

    for s, p, label in rows("SELECT ?s ?p ?l", (f"{one_of(LABEL_PREDICATES)} ?s ?p ?l",), "isIRI(?s) && isLiteral(?l)"):
        yield s[1], LABEL, label[1], label[2] or "", LABEL_PREDICATES.index(p[1])
    for s, p, name in rows("SELECT ?s ?p ?l", (f"{one_of(OTHER_NAME_PREDICATES)} ?s ?p ?l",),
                           "isIRI(?s) && isLiteral(?l)"):
        yield s[1], OTHER_NAME, name[1], name[2] or "", int(p[1] == SKOS.hiddenLabel)
    for s, n in rows("SELECT ?s ?n", (f"?s <{ADMS.identifier}>/<{SKOS.notation}> ?n",), "isIRI(?s)"):
        yield s[1], NOTATION, n[1], None, None
    for s, d in rows("SELECT ?s ?d", (f"{one_of(DESCRIPTION_PREDICATES)} ?s ?p ?d",), "isIRI(?s) && isLiteral(?d)"):
        yield s[1], DESCRIPTION, plain_text(d[1]), d[2] or "", None
    for facet in FACETS:
        if not facet.patterns:
            continue
        # values of one kind are narrowed in the query: half the rows of the organisation facet are makers
        kind_filter = f' && STRSTARTS(STR(?v), "{iris.base}/id/{facet.value_kind}/")' if facet.value_kind else ""
        # not DISTINCT: the engine would hold every pair it gave (the index keeps each pair once anyway)
        for s, v in rows("SELECT ?s ?v", facet.patterns, f"isIRI(?s){kind_filter}"):
            value = v[1]
            if facet.value_kind and (iris.parse_thing(value) or ("", ""))[0] != facet.value_kind:
                continue
            if facet.transform is not None:
                value = facet.transform(value)
                if value is None:
                    continue
            yield s[1], FACET, facet.name, value, None
    for s, picture in rows("SELECT ?s ?i", (f"{one_of(IMAGE_PREDICATES)} ?s ?p ?i",), "isIRI(?s) && isIRI(?i)"):
        yield s[1], IMAGE, picture[1] if linkable(picture[1], IMAGE_SCHEMES) else None, None, None
    for s, when in rows("SELECT ?s ?t", (f"?s {START_PATH} ?t",), "isIRI(?s)"):
        moment = utc(when[1])
        if moment is not None:
            yield s[1], START, moment, None, None
    for s, label in rows("SELECT ?s ?l", RELATED, "isIRI(?s)"):
        yield s[1], RELATED_NAME, label[1], None, None
    if meta is not None:
        for g, title in reader.query(f"SELECT ?g ?t WHERE {{ GRAPH <{meta}> {{ ?d a <{DCAT.Dataset}> ; "
                                     f"<{DCT.identifier}> ?g ; <{DCT.title}> ?t }} }}").solution_tuples():
            if only is None or g[1] in only:
                yield g[1], TITLE, title[1], title[2] or "", None


def fold(parts: Iterable[Part]) -> _Thing | None:
    """The thing that the parts of one IRI say, whatever their order; None when they make no thing (a
    start or the name of a linked thing only add to a thing the other parts make; a source's title
    makes one, but not one that they add to).

    >>> thing = fold([("x", START, "2020", None, None), ("x", LABEL, "Kan", "nl", 1), ("x", LABEL, "Beker", "nl", 0)])
    >>> thing.labels, thing.start
    ({'nl': (0, 'Beker')}, '2020')
    >>> fold([("x", START, "2020", None, None)]) is None, fold([("g", TITLE, "Bron", "nl", None)]).start
    (True, None)
    """
    thing = _Thing()
    made = titled = False
    for _, part, text, other, number in parts:
        if part == LABEL or part == TITLE:
            thing.label(text, other, number or 0)
        elif part == FACET:
            thing.facet(text, other)
        elif part == DESCRIPTION:
            thing.describe(text, other)
        elif part == OTHER_NAME:
            thing.other_name(text, other, bool(number))
        elif part == NOTATION:
            thing.notation(text)
        elif part == IMAGE:
            if text is not None and (thing.image is None or text < thing.image):
                thing.image = text
        elif part == START:
            if thing.start is None or text < thing.start:
                thing.start = text
        elif part == RELATED_NAME:
            thing.relate(text)
        made = made or part < START
        titled = titled or part == TITLE
    if made:
        return thing
    if titled:
        thing.start = thing.related = None
        return thing
    return None


def read_things(reader: Reader, iris: IriScheme, *, sources: list[str], meta: str | None,
                only: set[str]) -> dict[str, _Thing]:
    """Some things of the graphs (``only``, those of them with a row), by IRI: few enough to hold."""
    parts: dict[str, list[Part]] = defaultdict(list)
    for part in read_parts(reader, iris, sources=sources, meta=meta, only=only):
        parts[part[0]].append(part)
    return {iri: thing for iri, of_it in parts.items() if (thing := fold(of_it)) is not None}


def thing_rows(things: Iterable[tuple[str, _Thing]], iris: IriScheme):
    """One row per thing for the ``thing`` table: what it is called and what search reads about it.

    Texts are put in a fixed order (languages sorted, values sorted), so the row of a thing does not
    depend on the order the store answers in, and an index updated in place equals one built anew.
    """
    encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
    for iri, thing in things:
        parsed = iris.parse_thing(iri)
        kind = parsed[0] if parsed else None
        names = {language: text for language, (_, text) in sorted((thing.labels or {}).items())}
        fallback = f"{kind} {parsed[1]}" if not names and parsed else (pick(names) or iri)
        descriptions = {language: " ".join(text for text in sorted(texts) if text)
                        for language, texts in sorted((thing.descriptions or {}).items())}
        excerpt = {language: _shorten(text) for language, text in descriptions.items()}
        others = sorted(thing.others or ())
        shown = [[language, text] for language, text, hidden in others if not hidden]
        searched = kind is not None and kind not in INLINE_KINDS
        yield (iri, kind, encode(names), sort_key(fallback), encode(excerpt) if excerpt else None,
               encode(shown) if shown else None, thing.image, thing.start,
               " ".join([*names.values(), *(text for _, text, _ in others)]) if searched else None,
               " ".join([*sorted(thing.notations or ()), parsed[1]]) if searched else None,
               " ".join(sorted(thing.related or ())) if searched else None,
               " ".join(descriptions.values()) if searched else None)


def _chunks(iris: list[str]) -> list[str]:
    return [" ".join(f"<{iri}>" for iri in iris[start:start + CHUNK]) for start in range(0, len(iris), CHUNK)]


def _plain_iri(iri: str) -> bool:
    """An IRI that can be written between <> in a query (the store holds only such, but be strict)."""
    return not any(c in iri for c in '<>"{}|^`\\ \n')


def _keep_label(texts: dict[str, tuple[int, str]], text: str, language: str, rank: int) -> None:
    """Keep one label per language: the one of the most preferred label property (and of two, the first
    in alphabetical order, whatever order they came in)."""
    if language not in texts or (rank, text) < texts[language]:
        texts[language] = (rank, text)


def _shorten(text: str, limit: int = 240) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"
