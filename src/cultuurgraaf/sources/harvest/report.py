"""What a harvest did, for the build's summary: what it asked, what was news, what it kept.

>>> report = HarvestReport("ldes", "https://ex.be/objecten", asked=3, passed=7, new=50, deleted=1, records=97)
>>> report.lines()
['harvested https://ex.be/objecten: 3 pages asked, 7 known pages not asked again; 50 new members, 1 entity deleted; 97 entities kept']
>>> HarvestReport("oai-pmh", "https://ex.be/oai", since="2024-05-01", asked=1, records=35).lines()
['harvested https://ex.be/oai from 2024-05-01: 1 page asked; nothing new; 35 records kept']

What a harvest could not use, or had to guess, is a note: counted, and shown with the URL or
identifier of each (the first :data:`SHOWN` in the summary; all of them in ``state.json``):

>>> notes = Notes()
>>> for n in range(7):
...     notes.add("records without metadata, not kept", f"oai:ex:{n}")
>>> notes.add("the repository keeps deleted records not")
>>> for line in notes.lines():
...     print(line)
  records without metadata, not kept: 7 (oai:ex:0, oai:ex:1, oai:ex:2, oai:ex:3, oai:ex:4 and 2 more)
  the repository keeps deleted records not: 1
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

#: how many of a note's places the build's summary shows (state.json keeps them all)
SHOWN = 5


class Notes(Counter):
    """How many times each note was made, and where: the URL of a page, the IRI of a member, the
    identifier of a record (none for a note about the whole source)."""

    def __init__(self) -> None:
        super().__init__()
        self.places: dict[str, list[str]] = {}

    def add(self, note: str, place: str | None = None, *, count: int = 1) -> None:
        self[note] += count
        if place is not None:
            self.places.setdefault(note, []).append(place)

    def merge(self, other: "Notes") -> None:
        for note, count in other.items():
            self[note] += count
            self.places.setdefault(note, []).extend(other.places.get(note, []))
            if not self.places[note]:
                del self.places[note]

    def as_data(self) -> dict[str, dict]:
        """The notes for state.json: per note, its count and every place."""
        return {note: {"count": count, "places": self.places.get(note, [])} for note, count in sorted(self.items())}

    def lines(self) -> list[str]:
        out = []
        for note, count in sorted(self.items()):
            places = list(dict.fromkeys(self.places.get(note, [])))
            shown = ", ".join(places[:SHOWN]) + (f" and {len(places) - SHOWN} more" if len(places) > SHOWN else "")
            out.append(f"  {note}: {count}" + (f" ({shown})" if shown else ""))
        return out


@dataclass
class HarvestReport:
    protocol: str
    url: str
    #: why this harvest started from the beginning (None when it went on from the last one)
    restart: str | None = None
    #: the from= of an OAI-PMH harvest that asked only for what changed
    since: str | None = None
    #: pages asked, answered 304 Not Modified, and known pages not asked (immutable, or still fresh)
    asked: int = 0
    unchanged: int = 0
    passed: int = 0
    #: records (members) new or newer, records deleted, members passed over (older than the version kept)
    new: int = 0
    deleted: int = 0
    passed_members: int = 0
    #: the records the harvest holds now
    records: int = 0
    #: no harvest: the build reads what the last one kept (``--no-harvest``)
    offline: bool = False
    notes: Notes = field(default_factory=Notes)

    def lines(self) -> list[str]:
        kept = (_count(self.records, "entity", "entities") if self.protocol == "ldes"
                else _count(self.records, "record")) + " kept"
        if self.offline:
            return [f"not harvested (--no-harvest): {kept} from the last harvest of {self.url}"]
        asked = [_count(self.asked, "page") + " asked"]
        if self.unchanged:
            asked.append(f"{self.unchanged} unchanged (304 Not Modified)")
        if self.passed:
            asked.append(_count(self.passed, "known page") + " not asked again")
        if self.protocol == "ldes":
            news = [_count(self.new, "new member"), _count(self.deleted, "entity", "entities") + " deleted",
                    _count(self.passed_members, "older version") + " passed over"]
        else:
            news = [_count(self.new, "new or changed record"), f"{self.deleted} deleted"]
        news = [part for part in news if not part.startswith("0 ")]
        since = f" from {self.since}" if self.since else ""
        lines = [f"harvested {self.url}{since}: {', '.join(asked)}; {', '.join(news) or 'nothing new'}; {kept}"]
        if self.restart:
            lines.append(f"  harvested from the start: {self.restart}")
        lines += self.notes.lines()
        return lines


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
