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

    @property
    def path(self) -> Path:
        """The kind's mapping file, inside the installed package."""
        return Path(str(files(__package__) / f"{self.name}.yml"))

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


#: The kinds, by the name a project file gives as ``format``; each is ``<name>.yml`` beside this module.
KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("lido", "LIDO 1.0 and 1.1 XML (lidoWrap or single lido records): objects, their makers, events and keeper"),
    Kind("marc21", "MARC 21 catalogue records, binary ISO 2709 (.mrc, .dat; MARC-8 or UTF-8) or MARCXML (collection, "
                   "OAI-PMH answer, one record): works, authors with their authority links, subjects, publications"),
    Kind("oai-dc", "Dublin Core from OAI-PMH (oai_dc:dc alone, in ListRecords/GetRecord answers, or several in one XML "
                   "file): what each record describes, with its fifteen elements"),
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


def kinds() -> list[Kind]:
    """Every kind, by name."""
    return [KINDS[name] for name in sorted(KINDS)]
