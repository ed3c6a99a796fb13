"""A source that yields no records, or far fewer than in its last build, keeps its graph.

An export with only its header, a JSON document that is not the array the iterator expects, an
XML export whose root element was renamed: each reads without an error and yields nothing, and
would silently empty the source's graph. A build compares what each triples map read with its
count in the last build (kept in the store's manifest) and refuses to replace the graph when:

- the source yielded no records at all, or
- a triples map that read at least :data:`MIN_COMPARED` records last time reads fewer than
  :data:`SHRINK_LIMIT` of them now (less than half).

``may_shrink = true`` in the source's ``[[sources]]`` entry lets it shrink or be empty.

>>> from collections import Counter
>>> last = {"persoon": 60}
>>> print(shrinkage(Counter({"persoon": 12}), last, {"persoon": None}))
the source yielded far fewer records than in its last build: triples map 'persoon': 12 records, against 60 (less than half)
>>> shrinkage(Counter({"persoon": 45}), last, {"persoon": None}) is None
True
>>> print(shrinkage(Counter(), {"organisatie": 60, "kbo": 60}, {"organisatie": "/organisaties/organisatie",
...                                                           "kbo": "/organisaties/organisatie"}))
the source yielded no records, against 60 in its last build (nothing matched the iterator /organisaties/organisatie)
"""

from __future__ import annotations

from typing import Mapping

#: A triples map that reads fewer than this share of its records in the last build has shrunk.
SHRINK_LIMIT = 0.5
#: Triples maps that read fewer records than this last time are not compared (3 -> 1 is no signal).
MIN_COMPARED = 10


def shrinkage(records: Mapping[str, int], last: Mapping[str, int] | None,
              iterators: Mapping[str, str | None]) -> str | None:
    """What is wrong with the records a source yielded, or None when nothing is.

    ``records`` and ``last`` count the records each triples map read now and in the last build
    (None when there was none); ``iterators`` gives each triples map of the mapping its iterator.
    """
    if not sum(records.values()):
        found = list(dict.fromkeys(i for i in iterators.values() if i))
        where = (f"nothing matched the iterator{'s' if len(found) > 1 else ''} " + ", ".join(found[:3])
                 + (f" and {len(found) - 3} more" if len(found) > 3 else "")) if found else "the file holds no records"
        before = f", against {max(last.values())} in its last build" if last else ""
        return f"the source yielded no records{before} ({where})"
    shrunk = [f"triples map '{name}': {records.get(name, 0)} records, against {count}"
              for name, count in (last or {}).items()
              if name in iterators and count >= MIN_COMPARED and records.get(name, 0) < count * SHRINK_LIMIT]
    if shrunk:
        return ("the source yielded far fewer records than in its last build: " + "; ".join(shrunk)
                + " (less than half)")
    return None
