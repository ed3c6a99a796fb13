"""Link keys: what an entity is matched on, how it is read from the graph, and how it is normalised.

A key reads values from an entity along a SPARQL property path, optionally only from its
``adms:identifier`` nodes of one issuing agency (KBO, ISIL, UiTdatabank) or only from IRIs in
one namespace (Wikidata, VIAF), and normalises them so that the ways sources write the same
value compare equal:

>>> normalise("website", "http://www.Flagey.be/")
'flagey.be'
>>> normalise("kbo", "0207.451.227"), normalise("kbo", "BE 207 451 227")
('0207451227', '0207451227')
>>> normalise("naam", "Théâtre  Marni vzw"), normalise("postcode", "1017 sg")
('theatre marni', '1017SG')
>>> normalise("qid", "https://www.wikidata.org/wiki/Q1809071")
'Q1809071'
>>> normalise("kbo", "12")       # not a KBO number: no key value
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

Normaliser = Callable[[str], "str | None"]
NORMALISERS: dict[str, Normaliser] = {}


def normaliser(name: str):
    def register(fn: Normaliser) -> Normaliser:
        NORMALISERS[name] = fn
        return fn
    return register


def normalise(name: str, value: str) -> str | None:
    """The normal form of a value under a named normaliser (None: the value is no key)."""
    try:
        fn = NORMALISERS[name]
    except KeyError:
        raise ConfigError(f"unknown normaliser '{name}' (known: {', '.join(sorted(NORMALISERS))})") from None
    result = fn(value)
    return result or None


@normaliser("text")
def _text(value: str) -> str:
    """Trimmed, case-folded, white space folded."""
    return " ".join(unicodedata.normalize("NFKC", value).split()).casefold()


@normaliser("id")
def _id(value: str) -> str:
    """An identifier as written, trimmed (case matters)."""
    return value.strip()


_LEGAL_FORMS = re.compile(r"\b(vzw|v z w|asbl|a s b l|nv|bv|bvba|cvba|vof|ivzw|ngo|stichting)\b")


@normaliser("naam")
def _name(value: str) -> str:
    """A name for matching: accents, case, punctuation and Belgian legal forms (vzw, asbl) dropped."""
    text = unicodedata.normalize("NFKD", value)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().replace("&", " en ")
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(_LEGAL_FORMS.sub(" ", text).split())


@normaliser("website")
def _website(value: str) -> str | None:
    """A web address without scheme, ``www.``, default port or trailing slash, its host in lower case."""
    text = value.strip()
    if not text:
        return None
    if "://" not in text:
        text = "http://" + text
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    if not host:
        return None
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return host + path + query


@normaliser("postcode")
def _postcode(value: str) -> str | None:
    """A postcode without spaces, upper case, without a Belgian country prefix (B-1050 -> 1050)."""
    text = re.sub(r"\s+", "", value).upper()
    text = re.sub(r"^(BE?-)(?=\d{4}$)", "", text)
    return text if text and text not in ("NONE", "NA", "0") else None


@normaliser("kbo")
def _kbo(value: str) -> str | None:
    """A KBO (Belgian enterprise) number as its ten digits."""
    digits = re.sub(r"\D", "", value)
    if len(digits) == 9:
        digits = "0" + digits
    return digits if len(digits) == 10 else None


@normaliser("isil")
def _isil(value: str) -> str | None:
    text = value.strip().upper()
    return text if re.fullmatch(r"[A-Z]{1,4}-[\w/:-]+", text) else None


@normaliser("qid")
def _qid(value: str) -> str | None:
    match = re.search(r"\b(Q[1-9]\d*)\b", value.strip(), re.IGNORECASE)
    return match.group(1).upper() if match else None


@dataclass(frozen=True)
class KeySpec:
    """How to read one key from an entity.

    ``path`` is a SPARQL property path from the entity (prefixes as in the project's queries).
    With ``agency`` the path leads to ``adms:Identifier`` nodes and the key is the notation of
    those whose ``adms:schemaAgency`` is that agency. With ``namespaces`` only IRIs in one of them
    count and the key is what follows the namespace. ``identifier`` marks keys that name one
    thing (the resolver answers them); names, websites and postcodes do not.
    """

    name: str
    path: str
    normalise: str = "text"
    agency: str | None = None
    namespaces: tuple[str, ...] = ()
    identifier: bool = False
    title: str | None = None

    def value(self, raw: str) -> str | None:
        """The key value of one raw value read along the path.

        >>> BUILTIN_KEYS["wikidata"].value("http://www.wikidata.org/entity/Q1809071")
        'Q1809071'
        >>> BUILTIN_KEYS["wikidata"].value("http://viaf.org/viaf/1") is None
        True
        """
        if self.namespaces:
            for namespace in self.namespaces:
                if raw.startswith(namespace):
                    raw = raw[len(namespace):]
                    break
            else:
                return None
        return normalise(self.normalise, raw)


def _iri_key(name: str, namespaces: tuple[str, ...], normal: str, title: str) -> KeySpec:
    return KeySpec(name=name, path="owl:sameAs", normalise=normal, namespaces=namespaces, identifier=True,
                   title=title)


def _agency_key(name: str, agency: str, normal: str, title: str) -> KeySpec:
    return KeySpec(name=name, path="adms:identifier", normalise=normal, agency=agency, identifier=True, title=title)


#: The keys every project knows; a project file may add keys or redefine these under [keys.<name>].
BUILTIN_KEYS: dict[str, KeySpec] = {key.name: key for key in (
    _iri_key("wikidata", ("http://www.wikidata.org/entity/", "https://www.wikidata.org/entity/",
                          "https://www.wikidata.org/wiki/", "http://www.wikidata.org/wiki/"), "qid",
             "Wikidata-item"),
    _iri_key("viaf", ("http://viaf.org/viaf/", "https://viaf.org/viaf/"), "id", "VIAF-id"),
    _iri_key("rkd", ("https://rkd.nl/explore/artists/", "http://rkd.nl/explore/artists/",
                     "https://rkd.nl/artists/"), "id", "RKD-id"),
    _iri_key("ulan", ("http://vocab.getty.edu/ulan/", "http://vocab.getty.edu/page/ulan/"), "id", "ULAN-id"),
    _iri_key("stadgent", ("https://stad.gent/id/",), "id", "IRI van Stad Gent (Adlib)"),
    _agency_key("kbo", "KBO", "kbo", "KBO-nummer"),
    _agency_key("isil", "ISIL", "isil", "ISIL-code"),
    _agency_key("uitdatabank", "UiTdatabank", "text", "UiTdatabank-id"),
    _agency_key("kunstenpunt", "Kunstenpunt", "id", "Kunstenpunt-id"),
    KeySpec("website", "foaf:homepage", normalise="website", title="website"),
    KeySpec("postcode", "locn:address/locn:postCode", normalise="postcode", title="postcode"),
    KeySpec("naam", "skos:prefLabel|rdfs:label|foaf:name", normalise="naam", title="naam"),
)}
