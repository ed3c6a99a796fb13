"""Minting and reading the project's IRIs, after the Flemish URI standard.

Things are ``{base}/id/{kind}/{ref}``; the documents about them ``{base}/doc/{kind}/{ref}``;
a source's named graph ``{base}/graph/{source}``.

>>> iris = IriScheme("https://data.cultuurgraaf.be/")
>>> iris.thing("erfgoedobject", "2019.0042")
'https://data.cultuurgraaf.be/id/erfgoedobject/2019.0042'
>>> iris.document_for("https://data.cultuurgraaf.be/id/persoon/PER0001")
'https://data.cultuurgraaf.be/doc/persoon/PER0001'
>>> iris.parse_thing("https://data.cultuurgraaf.be/id/organisatie/ORG0001")
('organisatie', 'ORG0001')
>>> iris.parse_thing("http://www.wikidata.org/entity/Q1809071") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from .errors import ConfigError

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
_NAMES = {" ": "a space", "\t": "a tab", "\n": "a line break", "\r": "a line break"}


def iri_problem(text: str) -> str | None:
    """What keeps a text from being an absolute IRI, or None when it is one.

    >>> iri_problem("https://data.cultuurgraaf.be/graph/thesaurus") is None
    True
    >>> iri_problem("https://example.org/a b")
    'it holds a space (character 22)'
    >>> iri_problem("https://example.org/a>b")
    "it holds '>' (character 22)"
    >>> iri_problem("thesaurus")
    'it has no scheme (such as https:)'
    """
    if not _SCHEME.match(text):
        return "it has no scheme (such as https:)"
    bad = _NOT_IN_IRI.search(text)
    if bad is None:
        return None
    char = bad.group(0)
    name = _NAMES.get(char) or (f"'{char}'" if char.isprintable() else f"the control character U+{ord(char):04X}")
    return f"it holds {name} (character {bad.start() + 1})"
#: the schemes of IRIs from the data that pages make links of; any other (``javascript:``,
#: ``data:``, ``file:`` ...) is shown as text
LINK_SCHEMES = ("http", "https", "mailto")
#: the schemes of IRIs from the data that pages show as images
IMAGE_SCHEMES = ("http", "https")


def linkable(iri: str, schemes: tuple[str, ...] = LINK_SCHEMES) -> bool:
    """Whether an IRI from the data may become a link (or, with :data:`IMAGE_SCHEMES`, an image).

    >>> linkable("https://www.wikidata.org/entity/Q1809071"), linkable("mailto:info@museum.be")
    (True, True)
    >>> linkable("javascript:alert(1)"), linkable("JavaScript:alert(1)"), linkable("data:text/html,x")
    (False, False, False)
    >>> linkable("mailto:info@museum.be", IMAGE_SCHEMES)
    False
    """
    scheme, colon, _ = iri.partition(":")
    return bool(colon) and scheme.lower() in schemes


@dataclass(frozen=True)
class IriScheme:
    base: str

    def __post_init__(self) -> None:
        base = self.base.rstrip("/")
        if not base.startswith(("http://", "https://")):
            raise ConfigError(f"base_iri must be an http(s) IRI, not {self.base!r}")
        object.__setattr__(self, "base", base)

    def thing(self, kind: str, ref: str) -> str:
        return f"{self.base}/id/{kind}/{quote(ref, safe='.-_~!$&()*+,;=:@%')}"

    def document(self, kind: str, ref: str) -> str:
        return f"{self.base}/doc/{kind}/{quote(ref, safe='.-_~!$&()*+,;=:@%')}"

    def graph(self, source: str) -> str:
        return f"{self.base}/graph/{source}"

    @property
    def meta_graph(self) -> str:
        """The graph that describes the others: provenance, catalogue, statistics."""
        return f"{self.base}/graph/meta"

    def parse_thing(self, iri: str) -> tuple[str, str] | None:
        """(kind, ref) of one of our thing IRIs, or None for anything else."""
        prefix = f"{self.base}/id/"
        if not iri.startswith(prefix):
            return None
        kind, _, ref = iri[len(prefix):].partition("/")
        if not kind or not ref:
            return None
        return kind, ref

    def document_for(self, iri: str) -> str | None:
        parsed = self.parse_thing(iri)
        return None if parsed is None else f"{self.base}/doc/{parsed[0]}/{parsed[1]}"

    def document_path(self, iri: str) -> str | None:
        """The path of the page about one of our things, on whatever host serves it.

        >>> IriScheme("https://data.cultuurgraaf.be").document_path("https://data.cultuurgraaf.be/id/persoon/P1")
        '/doc/persoon/P1'
        """
        parsed = self.parse_thing(iri)
        return None if parsed is None else f"/doc/{parsed[0]}/{parsed[1]}"

    def href(self, iri: str) -> str | None:
        """Where a link to an IRI goes on a page: the page about one of our things, the IRI itself
        when it is a web address (or an e-mail address), else nowhere (None: it is shown as text).

        >>> iris = IriScheme("https://data.cultuurgraaf.be")
        >>> iris.href("https://data.cultuurgraaf.be/id/persoon/P1"), iris.href("http://vocab.getty.edu/aat/300033618")
        ('/doc/persoon/P1', 'http://vocab.getty.edu/aat/300033618')
        >>> iris.href("javascript:alert(document.cookie)") is None
        True
        """
        return self.document_path(iri) or (iri if linkable(iri) else None)

    def thing_for_path(self, kind: str, ref: str) -> str:
        """The thing IRI for a ``/doc/{kind}/{ref}`` path whose ref arrives already encoded."""
        return f"{self.base}/id/{kind}/{ref}"

    @staticmethod
    def report_path(generation: int, name: str) -> str:
        """The path of one of a build's validation reports, on whatever host serves it.

        >>> IriScheme.report_path(3, "objecten.html")
        '/rapporten/3/objecten.html'
        """
        return f"/rapporten/{generation}/{name}"
