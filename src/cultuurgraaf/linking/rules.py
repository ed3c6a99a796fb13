"""Linking rules as the project file declares them under ``[[links]]`` (read by :mod:`cultuurgraaf.config`).

A rule says which keys two entities of different sources must share to be linked, with which
relation, and among which kinds of things:

.. code-block:: toml

    [[links]]
    rule = "naam-en-website"
    title = "zelfde naam en website"
    keys = ["naam", "website"]
    relation = "skos:exactMatch"
    kinds = ["organisatie"]

``prefix`` lists keys that match when one value begins the other (a name "Flagey" and
"Flageygebouw"); a rule needs at least one key that must be equal.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..vocab import OWL, SKOS
from .keys import BUILTIN_KEYS, KeySpec

#: The relations a rule may produce, strongest first.
RELATIONS = {
    "owl:sameAs": OWL.sameAs,
    "skos:exactMatch": SKOS.exactMatch,
    "skos:closeMatch": SKOS.closeMatch,
}

#: Prefix matches must share at least this many characters, so that "De" never matches "De Singel".
MIN_PREFIX = 4


@dataclass(frozen=True)
class LinkRule:
    name: str
    keys: tuple[KeySpec, ...]
    relation: str
    title: str
    kinds: tuple[str, ...] = ()
    prefix: tuple[str, ...] = ()

    @property
    def relation_curie(self) -> str:
        return next(c for c, iri in RELATIONS.items() if iri == self.relation)

    @property
    def exact_keys(self) -> tuple[KeySpec, ...]:
        return tuple(k for k in self.keys if k.name not in self.prefix)

    @property
    def prefix_keys(self) -> tuple[KeySpec, ...]:
        return tuple(k for k in self.keys if k.name in self.prefix)

    def describe(self) -> str:
        """One line about the rule, for reports.

        >>> rule = LinkRule("wikidata", (BUILTIN_KEYS["wikidata"],), OWL.sameAs, "zelfde Wikidata-item")
        >>> rule.describe()
        'wikidata: owl:sameAs when wikidata is equal'
        """
        parts = [f"{k.name} is equal" for k in self.exact_keys] + [f"{k.name} begins the other's"
                                                                   for k in self.prefix_keys]
        kinds = f" (only {', '.join(self.kinds)})" if self.kinds else ""
        return f"{self.name}: {self.relation_curie} when {' and '.join(parts)}{kinds}"
