"""Writing RDF terms in N-Triples syntax, with the checks the RML spec asks for.

>>> iri("https://data.cultuurgraaf.be/id/persoon/PER0001")
'<https://data.cultuurgraaf.be/id/persoon/PER0001>'
>>> literal('Een "zilveren" theepot\\n', language="nl")
'"Een \\\\"zilveren\\\\" theepot\\\\n"@nl'
>>> literal("21.5", datatype="http://www.w3.org/2001/XMLSchema#decimal")
'"21.5"^^<http://www.w3.org/2001/XMLSchema#decimal>'
>>> iri_safe("FH 0079/13")
'FH%200079%2F13'
>>> is_absolute_iri("id/persoon/1"), is_absolute_iri("http://x.org/a b")
(False, False)
>>> [is_language_tag(t) for t in ("nl", "en-GB", "nl-BE-x-vlaams", "a-english", "english-")]
[True, True, True, False, False]
>>> natural(30), natural(True), natural(2.5), natural("tekst")
('"30"^^<http://www.w3.org/2001/XMLSchema#integer>', '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>', \
'"2.5"^^<http://www.w3.org/2001/XMLSchema#double>', '"tekst"')
"""

from __future__ import annotations

import re

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\]*$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_IRI_TEXT = re.compile(r"^[^\x00-\x20<>\"{}|^`\\]*$")
# BCP 47 (RFC 5646) language tags: language[-script][-region][-variant]*[-extension]*[-privateuse]
_LANGUAGE = re.compile(
    r"^(?:(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})"
    r"(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"
    r"(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?"
    r"|[Xx](?:-[A-Za-z0-9]{1,8})+|[Ii]-[A-Za-z]{2,8})$")
_URI_UNSAFE = re.compile(r"[^A-Za-z0-9\-._~]")
_UNSAFE = re.compile(r"[^A-Za-z0-9\-._~\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF\U00010000-\U000EFFFD]")
_NEEDS_ESCAPE = re.compile(r'["\\\n\r]')
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_BLANK_SAFE = re.compile(r"[^A-Za-z0-9_\-]")


def is_absolute_iri(text: str) -> bool:
    return bool(_ABSOLUTE.match(text))


def has_scheme(text: str) -> bool:
    """Whether text starts with an IRI scheme (``http:``, ``urn:``), so no base is prepended."""
    return bool(_SCHEME.match(text))


def is_iri_text(text: str) -> bool:
    """Whether text has no character an IRI may not hold (space, <, >, ", {, }, |, ^, `, \\)."""
    return bool(_IRI_TEXT.match(text))


def is_language_tag(text: str) -> bool:
    return bool(_LANGUAGE.match(text))


def iri_safe(value: str) -> str:
    """Percent-encode what may not stand in an IRI segment (the R2RML 'IRI-safe' form)."""
    if value.isascii() and value.isalnum():
        return value
    return _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8")), value)


def uri_safe(value: str) -> str:
    """Percent-encode all but the unreserved ASCII characters (for ``rml:URI``).

    >>> uri_safe("Zoë Krüger")
    'Zo%C3%AB%20Kr%C3%BCger'
    """
    if value.isascii() and value.isalnum():
        return value
    return _URI_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8")), value)


def escape(text: str) -> str:
    """The body of an N-Triples string literal."""
    return text.translate(_ESCAPES) if _NEEDS_ESCAPE.search(text) else text


def iri(text: str) -> str:
    return f"<{text}>"


def literal(text: str, *, language: str | None = None, datatype: str | None = None) -> str:
    body = '"' + escape(text) + '"'
    if language:
        return f"{body}@{language}"
    if datatype and datatype != XSD_STRING:
        return f"{body}^^<{datatype}>"
    return body


def natural(value) -> str:
    """The natural RDF term of a source value: JSON numbers and booleans keep their type, a literal
    from a SPARQL answer (a str that carries ``language`` or ``datatype``) keeps its own, and an IRI
    or blank node of an RDF source (a str that says whether it is ``blank``) stays one.

    >>> from cultuurgraaf.sources import SourceNode
    >>> natural(SourceNode("https://ex.be/1", blank=False)), natural(SourceNode("d0-b1", blank=True))
    ('<https://ex.be/1>', '_:bd0-b1')
    """
    if isinstance(value, str):
        if type(value) is str:
            return '"' + escape(value) + '"'
        node = getattr(value, "blank", None)
        if node is not None:
            return blank(value) if node else iri(value)
        return literal(value, language=value.language, datatype=value.datatype)
    if isinstance(value, bool):
        return f'"{"true" if value else "false"}"^^<{XSD}boolean>'
    if isinstance(value, int):
        return f'"{value}"^^<{XSD}integer>'
    if isinstance(value, float):
        return f'"{value!r}"^^<{XSD}double>'
    return '"' + escape(str(value)) + '"'


def blank_label(label: str) -> str:
    """A blank node label made safe for N-Triples (characters outside [A-Za-z0-9_-] hex-encoded)."""
    return _BLANK_SAFE.sub(lambda m: "_" + m.group(0).encode("utf-8").hex(), label)


def blank(label: str) -> str:
    return f"_:b{blank_label(label)}"
