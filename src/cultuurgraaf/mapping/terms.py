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
"""

from __future__ import annotations

import re

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\]*$")
_LANGUAGE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_UNSAFE = re.compile(r"[^A-Za-z0-9\-._~\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF\U00010000-\U000EFFFD]")
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def is_absolute_iri(text: str) -> bool:
    return bool(_ABSOLUTE.match(text))


def is_language_tag(text: str) -> bool:
    return bool(_LANGUAGE.match(text))


def iri_safe(value: str) -> str:
    """Percent-encode what may not stand in an IRI segment (the R2RML 'IRI-safe' form)."""
    return _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8")), value)


def iri(text: str) -> str:
    return f"<{text}>"


def literal(text: str, *, language: str | None = None, datatype: str | None = None) -> str:
    body = '"' + text.translate(_ESCAPES) + '"'
    if language:
        return f"{body}@{language.lower()}"
    if datatype and datatype != XSD_STRING:
        return f"{body}^^<{datatype}>"
    return body


_BLANK_SAFE = re.compile(r"[^A-Za-z0-9_\-]")


def blank(label: str) -> str:
    """A blank node label made safe for N-Triples (characters outside [A-Za-z0-9_-] hex-encoded)."""
    safe = _BLANK_SAFE.sub(lambda m: "_" + m.group(0).encode("utf-8").hex(), label)
    return f"_:b{safe}"
