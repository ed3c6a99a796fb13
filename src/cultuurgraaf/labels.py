"""Human names for terms, read from the project's ontology files, in the best language available.

The reader's languages come first (from the browser's Accept-Language), then Dutch, English and
French, then a text without a language, then any.

>>> pick({"en": "Teapot", "nl": "Theepot"}, ("fr", "nl"))
'Theepot'
>>> pick({"de": "Teekanne"}, ("nl", "en"))
'Teekanne'
>>> best_language({"en": "Teapot", "fr": "Théière"}, ("de",))
'en'
>>> languages_from("en-GB,en;q=0.9,fr;q=0.8,*;q=0.1")
('en', 'fr', 'nl')
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef

from .vocab import CG, PREFIXES, RDFS, SKOS

DEFAULT_LANGUAGES = ("nl", "en", "fr")


def best_language(texts: dict[str, str], languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> str | None:
    """The key of ``texts`` to show: a preferred language, then nl/en/fr, then no language, then any."""
    for language in (*languages, *DEFAULT_LANGUAGES, ""):
        if language in texts:
            return language
    return next(iter(texts), None)


def pick(texts: dict[str, str], languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> str | None:
    """The text in the first preferred language there is, then nl/en/fr, then one without a language, then any."""
    key = best_language(texts, languages)
    return None if key is None else texts[key]


def languages_from(header: str | None) -> tuple[str, ...]:
    """The reader's languages from an Accept-Language header, best first, followed by nl, en, fr.

    Regional variants count as their language (``nl-BE`` is ``nl``); ``q=0`` means "not this one",
    but the fallbacks still follow so that something is always shown.

    >>> languages_from(None)
    ('nl', 'en', 'fr')
    >>> languages_from("fr-BE;q=0.4, en;q=0.7")
    ('en', 'fr', 'nl')
    """
    ranked = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip().lower().split("-")[0]
        if not tag or tag == "*" or not tag.isalpha():
            continue
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, position, tag))
    ordered = [tag for _, _, tag in sorted(ranked)]
    return tuple(dict.fromkeys(ordered + list(DEFAULT_LANGUAGES)))


def curie(iri: str) -> str:
    """A short name for an IRI in a known namespace.

    >>> curie("http://www.cidoc-crm.org/cidoc-crm/P2_has_type")
    'crm:P2_has_type'
    """
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


class Labels:
    """Labels of vocabulary terms (classes, properties) and of the kinds of things, by language."""

    def __init__(self, paths: list[Path] | tuple[Path, ...] = ()):
        self._labels: dict[str, dict[str, str]] = {}
        self._kind_classes: dict[str, str] = {}
        graph = Graph()
        for path in paths:
            files = sorted(Path(path).rglob("*.ttl")) if Path(path).is_dir() else [Path(path)]
            for file in files:
                graph.parse(file, format="turtle")
        for predicate in (SKOS.prefLabel, RDFS.label):
            for subject, label in graph.subject_objects(URIRef(predicate)):
                if isinstance(label, Literal):
                    self._labels.setdefault(str(subject), {}).setdefault(label.language or "", str(label))
        for kind, klass in graph.subject_objects(URIRef(CG.klasse)):
            if str(kind).startswith(CG.iri):
                self._kind_classes[str(kind)[len(CG.iri):]] = str(klass)

    def label(self, iri: str, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> str:
        """The term's label, or its local name with spaces for underscores when the ontology has none."""
        defined = self.defined(iri, languages)
        if defined is not None:
            return defined or curie(iri)
        local = curie(iri)
        return local.split(":", 1)[-1].replace("_", " ") if local != iri else iri

    def defined(self, iri: str, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> str | None:
        """The ontology's label of a term; None when the ontology files do not name it."""
        texts = self._labels.get(iri)
        return pick(texts, languages) if texts else None

    def languages_of(self, iri: str) -> set[str]:
        """The languages the ontology labels a term in (none for a term it does not know)."""
        return set(self._labels.get(iri, ()))

    def language(self, iri: str, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> str | None:
        """The language of the term's label that :meth:`label` shows (None when it has none or no label)."""
        return best_language(self._labels.get(iri) or {}, languages) or None

    def kind_label(self, kind: str, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> str:
        """The name of a kind of thing (``erfgoedobject`` -> 'heritage object' in English)."""
        texts = self._labels.get(CG.iri + kind)
        return (pick(texts, languages) if texts else None) or kind

    @property
    def kind_classes(self) -> dict[str, str]:
        """The kinds of the IRI scheme and the class their things carry, from the ontology."""
        return dict(self._kind_classes)
