"""Linking rules as the project file declares them under ``[[links]]``.

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

import re
from dataclasses import dataclass

from ..errors import ConfigError, Location
from .keys import BUILTIN_KEYS, KeySpec, key_from_table

OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
SKOS = "http://www.w3.org/2004/02/skos/core#"

#: The relations a rule may produce, strongest first.
RELATIONS = {
    "owl:sameAs": OWL_SAME_AS,
    "skos:exactMatch": SKOS + "exactMatch",
    "skos:closeMatch": SKOS + "closeMatch",
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

        >>> rule = LinkRule("wikidata", (BUILTIN_KEYS["wikidata"],), OWL_SAME_AS, "zelfde Wikidata-item")
        >>> rule.describe()
        'wikidata: owl:sameAs when wikidata is equal'
        """
        parts = [f"{k.name} is equal" for k in self.exact_keys] + [f"{k.name} begins the other's"
                                                                   for k in self.prefix_keys]
        kinds = f" (only {', '.join(self.kinds)})" if self.kinds else ""
        return f"{self.name}: {self.relation_curie} when {' and '.join(parts)}{kinds}"


def keys_from_tables(tables, *, where: Location) -> dict[str, KeySpec]:
    """The built-in keys with the project file's ``[keys.<name>]`` added or redefined."""
    keys = dict(BUILTIN_KEYS)
    if tables is None:
        return keys
    if not isinstance(tables, dict):
        raise ConfigError("[keys] must hold tables, one per key ([keys.website] ...)", location=where)
    for name, table in tables.items():
        if not re.fullmatch(r"[a-z][a-z0-9_-]*", str(name)):
            raise ConfigError(f"key name '{name}' may hold only lower-case letters, digits, '-' and '_'", location=where)
        keys[str(name)] = key_from_table(str(name), table, where=where)
    return keys


def rules_from_tables(entries, keys: dict[str, KeySpec], *, where: Location) -> tuple[LinkRule, ...]:
    """The ``[[links]]`` entries of a project file as rules, checked."""
    if entries is None:
        return ()
    if not isinstance(entries, list):
        raise ConfigError("[[links]] entries must be tables ([[links]] rule = ... keys = [...])", location=where)
    rules = [_rule(entry, keys, where=where) for entry in entries]
    names = [r.name for r in rules]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ConfigError(f"link rule names must be unique; repeated: {', '.join(repeated)}", location=where)
    return tuple(rules)


def _rule(entry, keys: dict[str, KeySpec], *, where: Location) -> LinkRule:
    if not isinstance(entry, dict):
        raise ConfigError("each [[links]] entry must be a table", location=where)
    name = entry.get("rule")
    if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9_-]*", name):
        raise ConfigError("[[links]] needs 'rule', a name of lower-case letters, digits, '-' and '_'",
                          location=where)
    unknown = set(entry) - {"rule", "title", "keys", "relation", "kinds", "prefix"}
    if unknown:
        raise ConfigError(f"[[links]] '{name}' has unknown settings: {', '.join(sorted(unknown))} "
                          "(known: rule, title, keys, relation, kinds, prefix)", location=where)
    key_names = entry.get("keys")
    if isinstance(key_names, str):
        key_names = [key_names]
    if not isinstance(key_names, list) or not key_names or not all(isinstance(k, str) for k in key_names):
        raise ConfigError(f"[[links]] '{name}' needs 'keys', a list of key names "
                          f"(known: {', '.join(sorted(keys))})", location=where)
    missing = [k for k in key_names if k not in keys]
    if missing:
        raise ConfigError(f"[[links]] '{name}': unknown key {', '.join(missing)} (known: {', '.join(sorted(keys))}; "
                          "declare others under [keys.<name>])", location=where)
    relation = str(entry.get("relation", "owl:sameAs"))
    if relation not in RELATIONS:
        raise ConfigError(f"[[links]] '{name}': relation '{relation}' is not one of {', '.join(RELATIONS)}",
                          location=where)
    prefix = tuple(_names(entry.get("prefix", []), f"[[links]] '{name}'.prefix", where))
    if any(p not in key_names for p in prefix):
        raise ConfigError(f"[[links]] '{name}': prefix names keys that are not in its keys", location=where)
    if len(prefix) == len(key_names):
        raise ConfigError(f"[[links]] '{name}': at least one key must be matched as equal, not by prefix",
                          location=where)
    return LinkRule(name=name, keys=tuple(keys[k] for k in key_names), relation=RELATIONS[relation],
                    title=str(entry.get("title", name)),
                    kinds=tuple(_names(entry.get("kinds", []), f"[[links]] '{name}'.kinds", where)),
                    prefix=prefix)


def _names(value, what: str, where: Location) -> list[str]:
    from ..config import _str_list      # config imports this module: read lists the way it does, late

    return _str_list(value, what, where)
