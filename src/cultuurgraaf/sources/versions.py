"""Keeping only the latest version of each object in a stream of versions (an LDES, say).

A Linked Data Event Stream publishes one member per *version* of an object: each member names
the object it is a version of (``dcterms:isVersionOf``) and when it was made
(``prov:generatedAtTime``). A graph of the collection wants each object once, as it is now. A
source declares this with ``versions: {of: <reference>, at: <reference>}``; the reader then
yields, per value of ``of``, only the record with the greatest ``at``. Records without ``of``
are all kept; of two records with the same ``at``, the later one in the file wins.

>>> records = [{"of": "a", "at": "2021-06-30T21:46:31.490Z", "titel": "oud"},
...            {"of": "b", "at": "2021-06-01T00:00:00Z", "titel": "b"},
...            {"of": "a", "at": "2021-07-02T08:00:00.5Z", "titel": "nieuw"},
...            {"titel": "zonder versie"}]
>>> latest = LatestVersions(of=lambda r: [r["of"]] if "of" in r else [], at=lambda r: [r.get("at", "")])
>>> keep = latest.select(records)
>>> [records[i]["titel"] for i in sorted(keep)]
['b', 'nieuw', 'zonder versie']
>>> latest.dropped
1
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Iterable

Values = Callable[[Any], list]


@dataclass(frozen=True)
class VersionsOption:
    """The ``versions`` option of a source: the references to the object id and the version time."""

    of: str
    at: str


def moment(text: str) -> tuple:
    """A sort key for a version time: ISO 8601 date-times by their instant, anything else as text.

    >>> moment("2021-06-30T21:46:31.490Z") < moment("2021-06-30T23:46:31+02:00")
    False
    >>> moment("2021-06-30T21:46:31.490Z") < moment("2021-07-01")
    True
    """
    text = str(text).strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return (1, text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return (0, parsed.timestamp())


@dataclass
class LatestVersions:
    """Chooses, in one pass over the records, which ones are the latest version of their object."""

    of: Values
    at: Values
    dropped: int = 0
    objects: int = 0

    def select(self, records: Iterable[Any]) -> set[int]:
        """The positions (from 0, in file order) of the records to keep."""
        keep: set[int] = set()
        best: dict[str, tuple[tuple, int]] = {}
        total = 0
        for position, record in enumerate(records):
            total += 1
            keys = self.of(record)
            if not keys:
                keep.add(position)
                continue
            key = str(keys[0])
            times = self.at(record)
            when = moment(times[0]) if times else (-1, "")
            current = best.get(key)
            if current is None or when >= current[0]:
                best[key] = (when, position)
        keep.update(position for _, position in best.values())
        self.objects = len(best)
        self.dropped = total - len(keep)
        return keep
