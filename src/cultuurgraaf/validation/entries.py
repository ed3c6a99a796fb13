"""The stable ids of a report's entries: the same in every format, and from one build to the next
while the problem stays the same (``r-`` a result, ``c-`` a merge conflict, ``d-`` a dangling
link, ``g-`` a check's group of results)."""

from __future__ import annotations

import hashlib


def entry_id(kind: str, *parts: str) -> str:
    """A short stable id of a report entry, from its kind and the parts that identify it.

    >>> entry_id("c", "https://ex.org/id/a", "https://ex.org/p")
    'c-c6c581199cd9'
    """
    return f"{kind}-" + hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]
