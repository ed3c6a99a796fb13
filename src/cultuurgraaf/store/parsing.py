"""Reading RDF with Oxigraph's parsers: N-Quads and N-Triples in blocks of lines, so that a value
of any length can be read.

Oxigraph's parsers hold one term in a buffer of at most 16 MB and fail on a longer one ("Reached
the buffer maximal size"): a legitimate long description (a CSV field of 17 MB, a 50 MB
literal) would break a build. In the line-based syntaxes every line is a statement, so a file
is cut into blocks of whole lines; each block goes to Oxigraph's parser, except a line too long
for it, whose literal is read here and the rest of the line by Oxigraph (with the literal left
empty). Blank node labels are kept as written, as Oxigraph's own parser keeps them.

>>> import io
>>> text = '<http://ex.org/a> <http://ex.org/p> "' + "x" * (17 << 20) + '\\\\n"@nl .\\n_:b <http://ex.org/q> _:c .\\n'
>>> quads = list(read_line_rdf(io.BytesIO(text.encode()), ox.RdfFormat.N_QUADS))
>>> len(quads[0].object.value), quads[0].object.value[-1] == "\\n", quads[0].object.language, quads[1].subject
(17825793, True, 'nl', <BlankNode value=b>)

Any other syntax with a term above the limit is refused, with the advice to write it in one of
these two (:func:`read_rdf`).
"""

from __future__ import annotations

import re
from typing import IO, Iterator

import pyoxigraph as ox

from ..errors import Location, RDFSyntaxError

#: Oxigraph's parsers read terms of at most this many bytes.
TERM_LIMIT = 16 << 20
#: Lines are read in blocks of about this many bytes; a line longer than LONG_LINE is read by itself.
BLOCK = 4 << 20
LONG_LINE = TERM_LIMIT - (1 << 16)

LINE_FORMATS = (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES)

_HEAD = re.compile(rb'\s*(?:<[^>]*>|_:\S+)\s+<[^>]*>\s+"')
_BODY = re.compile(rb'[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_ESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))', re.DOTALL)
_POSITION = re.compile(r"^Parser error at line \d+ between columns (\d+) and \d+: ")
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def too_long(exc: BaseException) -> bool:
    """Whether an error of Oxigraph's parser means that a term is longer than it reads."""
    return isinstance(exc, MemoryError) and "buffer maximal size" in str(exc)


def too_long_error(where: str | None) -> RDFSyntaxError:
    return RDFSyntaxError(f"a term (a literal, an IRI) is longer than the {TERM_LIMIT >> 20} MB Oxigraph's parser "
                          "reads in this syntax", location=Location(where),
                          hint="write the file as N-Triples or N-Quads, which are read with values of any length")


def read_rdf(handle: IO[bytes], format: ox.RdfFormat, *, base_iri: str | None = None, lenient: bool = False,
             where: str | None = None) -> Iterator[ox.Quad]:
    """The quads of an RDF stream in any syntax Oxigraph reads; errors name ``where`` and the line."""
    if format in LINE_FORMATS:
        yield from read_line_rdf(handle, format, base_iri=base_iri, lenient=lenient, where=where)
        return
    try:
        yield from ox.parse(handle, format=format, base_iri=base_iri, lenient=lenient)
    except SyntaxError as exc:
        raise _syntax_error(exc, where, 0) from None
    except MemoryError as exc:
        if too_long(exc):
            raise too_long_error(where) from None
        raise


def read_line_rdf(handle: IO[bytes], format: ox.RdfFormat, *, base_iri: str | None = None, lenient: bool = False,
                  where: str | None = None) -> Iterator[ox.Quad]:
    """The quads of an N-Quads or N-Triples stream; syntax errors name ``where`` and the line."""
    lines_before = 0
    while True:
        block = handle.read(BLOCK)
        if not block:
            return
        if not block.endswith(b"\n"):
            block += handle.readline()
        if len(block) <= LONG_LINE:
            yield from _parse(block, format, base_iri, lenient, where, lines_before)
        else:
            yield from _lines(block, format, base_iri, lenient, where, lines_before)
        lines_before += block.count(b"\n")


def _lines(block: bytes, format: ox.RdfFormat, base_iri, lenient, where, lines_before: int) -> Iterator[ox.Quad]:
    """A block that holds a line too long for Oxigraph: the lines around it in runs, it by itself."""
    start = run = 0
    line = lines_before
    while start < len(block):
        end = block.find(b"\n", start)
        end = len(block) if end < 0 else end + 1
        if end - start > LONG_LINE:
            yield from _parse(block[run:start], format, base_iri, lenient, where, lines_before)
            yield _long_line(block[start:end], format, base_iri, lenient, where, line + 1)
            lines_before, run = line + 1, end
        start, line = end, line + 1
    yield from _parse(block[run:], format, base_iri, lenient, where, lines_before)


def _long_line(line: bytes, format: ox.RdfFormat, base_iri, lenient, where, number: int) -> ox.Quad:
    """One statement whose object is a literal too long for Oxigraph: the literal read here, the
    rest by Oxigraph with an empty literal in its place."""
    head = _HEAD.match(line)
    body = _BODY.match(line, head.end()) if head else None
    if body is None:
        raise RDFSyntaxError(f"a line of {len(line):,} bytes whose long part is not a literal's text",
                             location=Location(where, line=number),
                             hint=f"Oxigraph reads IRIs and blank node labels of at most {TERM_LIMIT >> 20} MB")
    rest = line[:head.end()] + line[body.end() - 1:]
    (quad,) = _parse(rest, format, base_iri, lenient, where, number - 1)
    try:
        text = _ESCAPE.sub(_unescape, line[head.end():body.end() - 1].decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise RDFSyntaxError(f"the line is not UTF-8 text ({exc.reason} at byte {exc.start})",
                             location=Location(where, line=number)) from None
    empty = quad.object
    literal = ox.Literal(text, language=empty.language) if empty.language else ox.Literal(text, datatype=empty.datatype)
    return ox.Quad(quad.subject, quad.predicate, literal, quad.graph_name)


def _unescape(match: re.Match) -> str:
    short, long, char = match.groups()
    if char is not None:
        return _ECHAR.get(char, "\\" + char)
    return chr(int(short or long, 16))


def _parse(data: bytes, format: ox.RdfFormat, base_iri, lenient, where, lines_before: int) -> Iterator[ox.Quad]:
    if not data:
        return
    try:
        yield from ox.parse(data, format=format, base_iri=base_iri, lenient=lenient)
    except SyntaxError as exc:
        raise _syntax_error(exc, where, lines_before) from None


def _syntax_error(exc: SyntaxError, where: str | None, lines_before: int) -> RDFSyntaxError:
    line = lines_before + exc.lineno if exc.lineno else None
    # Oxigraph's message counts lines from the start of what it was given: the location says the line
    message = _POSITION.sub(lambda m: f"column {m.group(1)}: ", str(exc.msg if hasattr(exc, "msg") else exc))
    return RDFSyntaxError(f"the RDF does not parse: {message}", location=Location(where, line=line))
