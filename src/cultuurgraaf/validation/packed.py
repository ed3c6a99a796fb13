"""A value kept as its pickle, compressed, until it is read.

A large build's report comes back from the process that checked it (``apart.py``) before the build
loads the new generation, and is read again only after that: to count the results of each source,
for the summary and for whoever called the build. As Python objects, a report of 76,099 results took
59 MB of the build process's memory (about 800 bytes a result); as its pickle, 13.5 MB; compressed
(zlib, level 1: the pickle of a report repeats its IRIs, rules and messages), 1.3 MB. So it is kept
packed while the generation loads, and opened where it is first read.
"""

from __future__ import annotations

import pickle
import zlib
from typing import Any

#: zlib's fastest level: 10 times smaller on a report's pickle, in 0.2 s for 13.5 MB (level 6: 12
#: times, in three times as long)
LEVEL = 1


class Packed:
    """``value`` as the compressed bytes of its pickle; :meth:`open` makes it again."""

    __slots__ = ("data",)

    def __init__(self, value: Any):
        self.data = zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), LEVEL)

    def open(self) -> Any:
        return pickle.loads(zlib.decompress(self.data))

    def __getstate__(self) -> bytes:
        return self.data

    def __setstate__(self, data: bytes) -> None:
        self.data = data
