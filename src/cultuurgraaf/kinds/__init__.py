"""Built-in source kinds: one mapping file per standard export format, kept in the package.

A ``[[sources]]`` entry may say ``format = "lido"`` instead of naming a mapping of its own: the
kind's mapping (``kinds/<name>.yml`` beside this module) then reads whatever files the entry's
``inputs`` name. Each kind is an ordinary mapping file, readable and copyable as a starting
point (``cultuurgraaf mapping show lido > mappings/mine.yml``). Adding a kind is adding its file
and one row to :data:`KINDS`.

>>> kind("lido").name, kind("lido").path.name
('lido', 'lido.yml')
>>> kind("dublin-core")
Traceback (most recent call last):
...
cultuurgraaf.errors.ConfigError: unknown source format 'dublin-core' (known: lido, marc21, oai-dc, oslo-ldes, uitdatabank)

An OAI-PMH endpoint gives its records in the metadata format a harvest asks for by its
``metadataPrefix``; the prefix chooses the kind that maps them:

>>> for_prefix("oai_dc").name, for_prefix("LIDO").name, for_prefix("marcxml").name
('oai-dc', 'lido', 'marc21')
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from ..errors import ConfigError


@dataclass(frozen=True)
class Kind:
    """A standard export format and the mapping that reads any conformant export of it."""

    name: str
    #: one line for ``cultuurgraaf mapping kinds``
    description: str
    #: the OAI-PMH metadataPrefix values whose records the kind maps (the first is the one to ask for)
    prefixes: tuple[str, ...] = ()

    @property
    def path(self) -> Path:
        """The kind's mapping file, inside the installed package."""
        return Path(str(files(__package__) / f"{self.name}.yml"))

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


#: The kinds, by the name a project file gives as ``format``; each is ``<name>.yml`` beside this module.
KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("lido", "LIDO 1.0 and 1.1 XML (lidoWrap or single lido records): objects, their makers, events and keeper",
         prefixes=("lido",)),
    Kind("marc21", "MARC 21 catalogue records, binary ISO 2709 (.mrc, .dat; MARC-8 or UTF-8) or MARCXML (collection, "
                   "OAI-PMH answer, one record): works, authors with their authority links, subjects, publications",
         prefixes=("marc21", "marcxml", "marc")),
    Kind("oai-dc", "Dublin Core from OAI-PMH (oai_dc:dc alone, in ListRecords/GetRecord answers, or several in one XML "
                   "file): what each record describes, with its fifteen elements",
         prefixes=("oai_dc",)),
    Kind("oslo-ldes", "OSLO JSON-LD event stream members (NDJSON, a JSON array, or one document): the latest version "
                      "of each entity, read as the entity, in the members' own terms"),
    Kind("uitdatabank", "UiTdatabank JSON (search API v3 and entry API JSON-LD, search API v2): events with "
                        "each occurrence, places and organisers, on publiq's OSLO model"),
)}


def kind(name: str) -> Kind:
    """The kind called ``name``; an unknown name is a configuration error that lists the known ones."""
    try:
        return KINDS[name]
    except KeyError:
        raise ConfigError(f"unknown source format '{name}' (known: {', '.join(sorted(KINDS))})") from None


def for_prefix(prefix: str) -> Kind:
    """The kind that maps the records an OAI-PMH endpoint gives in the format ``prefix`` (any case)."""
    for candidate in KINDS.values():
        if prefix.lower() in candidate.prefixes:
            return candidate
    known = ", ".join(f"{p} ({k.name})" for k in kinds() for p in k.prefixes)
    raise ConfigError(f"no built-in format maps the OAI-PMH metadataPrefix '{prefix}' (known: {known})",
                      hint="name the source's format, or a mapping of its own, to read those records")


def kinds() -> list[Kind]:
    """Every kind, by name."""
    return [KINDS[name] for name in sorted(KINDS)]
