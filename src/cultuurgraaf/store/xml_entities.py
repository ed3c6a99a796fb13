"""Entity declarations in RDF/XML, bounded before a parser expands them.

XML lets a document declare entities (``<!ENTITY owl "http://www.w3.org/2002/07/owl#">``) and
use them (``&owl;Class``), and ontologies written by tools do. Oxigraph's RDF/XML parser expands
every declaration when it reads it and every reference where it stands, with no limit, so a
kilobyte of nested declarations (the "billion laughs") becomes gigabytes; rdflib's, through
expat, takes minutes to give up. So before either parser sees a document that declares entities,
this module reads the declarations and counts the references, and refuses the document when

- the entities would add more text than :data:`EXPANSION_BUDGET` plus the document's own size;
- a declaration is external (``SYSTEM`` or ``PUBLIC``): nothing is read from files or the network;
- entities refer to themselves, or a declaration cannot be read.

A document that declares no entity costs one search for ``<!ENTITY``. The count errs on the
safe side: a declaration or a reference inside a comment counts too.

>>> ontology = b'<!DOCTYPE rdf:RDF [<!ENTITY owl "http://www.w3.org/2002/07/owl#">]><rdf:RDF>&owl;</rdf:RDF>'
>>> check_entities(lambda: [ontology], where="ontology.rdf")
>>> laughs = b'<!ENTITY a "' + b"lol" * 100 + b'"><!ENTITY b "' + b"&a;" * 100 + b'"><!ENTITY c "' + b"&b;" * 1000 + b'">'
>>> check_entities(lambda: [b"<!DOCTYPE r [" + laughs + b"]><r>&c;</r>"], where="laughs.rdf")
Traceback (most recent call last):
...
cultuurgraaf.errors.InputTooLarge: laughs.rdf: its XML entities would expand to 60,030,300 characters, more than ...
>>> check_entities(lambda: [b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'], where="x.rdf")
Traceback (most recent call last):
...
cultuurgraaf.errors.RDFSyntaxError: x.rdf: the entity 'x' is declared external (SYSTEM "file:///etc/passwd"); ...
"""

from __future__ import annotations

import re
from collections import Counter
from typing import IO, Callable, ContextManager, Iterable, Iterator

from ..errors import InputTooLarge, Location, RDFSyntaxError

#: text the entities of a document may add, beyond the document's own size
EXPANSION_BUDGET = 10_000_000
#: the longest entity declaration read (a longer one is refused)
LONGEST_DECLARATION = 1_000_000
_CHUNK = 1 << 20
_DECLARATION_START = b"<!ENTITY"
_DECLARATION = re.compile(
    rb"""<!ENTITY\s+(%\s+)?([^\s"'<>%&;]+)\s+(?:"([^"]*)"|'([^']*)'|(SYSTEM|PUBLIC)\b([^>]*))""")
_REFERENCE = re.compile(rb"""[&%]([^\s"'<>%&;#]{1,255});""")
#: how far back from a chunk's end a reference may start that is not yet whole
_REFERENCE_TAIL = 257


def check_entities(chunks: Callable[[], Iterable[bytes]], *, where: str | None) -> None:
    """Refuse a document whose entities could exhaust the machine or read outside it.

    ``chunks`` gives the document's bytes from the start each time it is called (it is called a
    second time only when the document declares entities).
    """
    if not _declares_entities(chunks()):
        return
    declarations: dict[str, list[bytes]] = {}
    references: Counter = Counter()
    size = 0
    for region in _regions(chunks(), where):
        size += len(region)
        references.update(_references(region))
        found = 0
        for match in _DECLARATION.finditer(region):
            value = _declared(match, where)
            declarations.setdefault(match.group(2).decode("utf-8", "replace"), []).append(value)
            references.subtract(_references(value))  # counted where the entity is expanded
            found += 1
        if region.count(_DECLARATION_START) > found:
            raise RDFSyntaxError("an entity declaration (<!ENTITY ...>) cannot be read",
                                 location=Location(where), hint='declare entities as <!ENTITY name "text">')
    lengths = _expanded_lengths(declarations, where)
    total = sum(lengths.values()) + sum(count * lengths[name] for name, count in references.items() if name in lengths)
    if total > EXPANSION_BUDGET + size:
        raise InputTooLarge(
            f"its XML entities would expand to {total:,} characters, more than the document's own "
            f"{size:,} plus {EXPANSION_BUDGET:,} that cultuurgraaf allows (an entity expansion attack, "
            "or entities used where the text itself belongs)", location=Location(where),
            hint="write the text into the document instead of declaring it as an entity")


def file_chunks(open_file: Callable[[], ContextManager[IO[bytes]]]) -> Callable[[], Iterator[bytes]]:
    """What :func:`check_entities` reads, from a function that opens the file."""
    def chunks() -> Iterator[bytes]:
        with open_file() as handle:
            while chunk := handle.read(_CHUNK):
                yield chunk
    return chunks


def _declares_entities(chunks: Iterable[bytes]) -> bool:
    tail = b""
    try:
        for chunk in chunks:
            if _DECLARATION_START in tail + chunk:
                return True
            tail = chunk[-len(_DECLARATION_START):]
        return False
    finally:
        getattr(chunks, "close", lambda: None)()  # the file, when the search stopped early


def _regions(chunks: Iterable[bytes], where: str | None) -> Iterable[bytes]:
    """The document in pieces that split no declaration and no reference."""
    carry = b""
    for chunk in chunks:
        buffer = carry + chunk
        cut = _safe_cut(buffer)
        yield buffer[:cut]
        carry = buffer[cut:]
        if len(carry) > LONGEST_DECLARATION:
            raise InputTooLarge(f"an entity declaration longer than {LONGEST_DECLARATION:,} bytes",
                                location=Location(where))
    if carry:
        yield carry


def _safe_cut(buffer: bytes) -> int:
    cut = max(0, len(buffer) - _REFERENCE_TAIL)
    # the last declaration that starts before the cut: one that straddles it waits for the next piece
    last = buffer.rfind(_DECLARATION_START, 0, cut)
    if last >= 0:
        match = _DECLARATION.match(buffer, last)
        if match is None or match.end() >= cut:
            cut = min(cut, last)
    start = max(buffer.rfind(b"&", 0, cut), buffer.rfind(b"%", 0, cut))
    if start >= 0 and cut - start < _REFERENCE_TAIL and buffer.find(b";", start, cut) < 0:
        cut = start
    return cut


def _declared(match: re.Match, where: str | None) -> bytes:
    """The text of an entity declaration; an external one is refused."""
    if match.group(5) is not None:
        name, target = (match.group(i).strip().decode("utf-8", "replace") for i in (2, 6))
        raise RDFSyntaxError(f"the entity '{name}' is declared external ({match.group(5).decode()} {target}); "
                             "cultuurgraaf reads no file or address that a document names",
                             location=Location(where), hint="write the entity's text into the document")
    return match.group(3) if match.group(3) is not None else match.group(4)


def _references(text: bytes) -> Counter:
    return Counter(name.decode("utf-8", "replace") for name in _REFERENCE.findall(text))


def _expanded_lengths(declarations: dict[str, list[bytes]], where: str | None) -> dict[str, int]:
    """The length of each entity with the entities it uses expanded (the longest, where a name is
    declared twice)."""
    lengths: dict[str, int] = {}

    def length(name: str, seen: tuple[str, ...]) -> int:
        if name in lengths:
            return lengths[name]
        if name in seen:
            raise RDFSyntaxError(f"the entity '{name}' refers to itself (through {' -> '.join(seen)})",
                                 location=Location(where))
        longest = 0
        for value in declarations[name]:
            used = _references(value)
            longest = max(longest, len(value) + sum(count * (length(ref, (*seen, name)) - len(ref) - 2)
                                                    for ref, count in used.items() if ref in declarations))
        lengths[name] = longest
        return longest

    for name in declarations:
        length(name, ())
    return lengths
