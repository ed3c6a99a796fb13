"""Content negotiation as data: one table per kind of answer, and a pure chooser.

>>> choose("text/turtle;q=0.9, application/ld+json", GRAPH_TYPES)
'application/ld+json'
>>> choose("*/*", SOLUTION_TYPES)
'application/sparql-results+json'
>>> choose("text/*;q=0.5, application/sparql-results+xml;q=0.4", SOLUTION_TYPES)
'text/csv'
>>> choose("image/png", SOLUTION_TYPES) is None
True
"""

from __future__ import annotations

from functools import lru_cache

#: SELECT and ASK answers: media type -> store result format. The first entry is the default.
SOLUTION_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
#: CONSTRUCT and DESCRIBE answers, and entity documents: media type -> RDF format.
GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/n-quads": "nquads",
    "application/trig": "trig",
    "text/plain": "ntriples",
    "application/json": "jsonld",
}
#: Entity documents also come as HTML, which is the default for them.
PAGE_TYPES: dict[str, str] = {"text/html": "html", "application/xhtml+xml": "html", **{
    k: v for k, v in GRAPH_TYPES.items() if v in ("turtle", "ntriples", "jsonld", "rdfxml")}}
#: File extensions that choose a format without negotiation.
EXTENSIONS: dict[str, str] = {".ttl": "text/turtle", ".jsonld": "application/ld+json", ".nt": "application/n-triples",
                              ".rdf": "application/rdf+xml", ".html": "text/html"}


def parse_accept(header: str | None) -> list[tuple[str, float, int]]:
    """(media range, q, position) for each entry of an Accept header."""
    entries = []
    for position, part in enumerate((header or "*/*").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        entries.append((media, q, position))
    return entries


def _specificity(media_range: str, offered: str) -> int | None:
    if media_range == offered:
        return 3
    major, _, minor = media_range.partition("/")
    if minor == "*" and major == offered.split("/")[0]:
        return 2
    if media_range == "*/*" or media_range == "*":
        return 1
    return None


@lru_cache(maxsize=256)
def _entries(accept: str | None) -> tuple[tuple[str, float, int], ...]:
    return tuple(parse_accept(accept))  # clients send the same few headers again and again


def choose(accept: str | None, table: dict[str, str]) -> str | None:
    """The offered media type the client likes best; ties go to the table's order. None: 406."""
    entries = _entries(accept)
    best: tuple[float, int, int] | None = None
    chosen = None
    for order, offered in enumerate(table):
        quality, spec = 0.0, 0
        for media, q, _ in entries:
            s = _specificity(media, offered)
            if s is not None and s > spec:
                quality, spec = q, s
        if spec == 0 or quality <= 0:
            continue
        key = (quality, spec, -order)
        if best is None or key > best:
            best, chosen = key, offered
    return chosen


def supported(table: dict[str, str]) -> str:
    return ", ".join(table)
