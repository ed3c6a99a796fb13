"""Human names for terms, read from the project's ontology files, in the best language available.

>>> pick({"en": "Teapot", "nl": "Theepot"}, ("fr", "nl"))
'Theepot'
>>> pick({"de": "Teekanne"}, ("nl", "en"))
'Teekanne'
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import RDFS, SKOS

from .vocab import PREFIXES

DEFAULT_LANGUAGES = ("nl", "en", "fr")


def pick(texts: dict[str, str], languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> str | None:
    """The text in the first preferred language there is, then one without a language, then any."""
    for language in languages:
        if language in texts:
            return texts[language]
    for language in DEFAULT_LANGUAGES:
        if language in texts:
            return texts[language]
    if "" in texts:
        return texts[""]
    return next(iter(texts.values()), None)


def curie(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


class Labels:
    """Labels and comments of vocabulary terms (classes, properties) by language."""

    def __init__(self, paths: list[Path] | tuple[Path, ...] = ()):
        self._labels: dict[str, dict[str, str]] = {}
        graph = Graph()
        for path in paths:
            files = sorted(Path(path).rglob("*.ttl")) if Path(path).is_dir() else [Path(path)]
            for file in files:
                graph.parse(file, format="turtle")
        for predicate in (SKOS.prefLabel, RDFS.label):
            for subject, label in graph.subject_objects(predicate):
                if isinstance(label, Literal):
                    self._labels.setdefault(str(subject), {}).setdefault(label.language or "", str(label))

    def label(self, iri: str, languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> str:
        texts = self._labels.get(iri)
        if texts:
            return pick(texts, languages) or curie(iri)
        local = curie(iri)
        return local.split(":", 1)[-1].replace("_", " ") if local != iri else iri
