"""A value kept as its pickle, compressed, until it is read.

A large build's report comes back from the process that checked it (``apart.py``) before the build
loads the new generation, and is read again only after that: to count the results of each source,
for the summary and for whoever called the build. As Python objects, a report of 76,099 results took
59 MB of the build process's memory (about 810 bytes a result); as its pickle, 12.8 MB; compressed
(gzip, level 1: the pickle of a report repeats its IRIs, rules and messages), 1.2 MB. So it is kept
packed while the generation loads, and opened where it is first read.
"""

from __future__ import annotations

import gzip
import io
import pickle
from typing import Any

#: the fastest level: 10 times smaller on a report's pickle, in 0.2 s for 12.8 MB (level 6: 12
#: times, in three times as long)
LEVEL = 1


class Packed:
    """``value`` as the compressed bytes of its pickle; :meth:`open` makes it again.

    The pickle goes through the compressor as it is written, and back as it is read: neither side
    holds the whole pickle at once (12.8 MB for 76,099 results)."""

    __slots__ = ("data",)

    def __init__(self, value: Any):
        buffer = io.BytesIO()
        with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=LEVEL, mtime=0) as packing:
            pickle.dump(value, packing, protocol=pickle.HIGHEST_PROTOCOL)
        self.data = buffer.getvalue()

    def open(self) -> Any:
        with gzip.GzipFile(fileobj=io.BytesIO(self.data), mode="rb") as packed:
            return pickle.load(packed)

    def __getstate__(self) -> bytes:
        return self.data

    def __setstate__(self, data: bytes) -> None:
        self.data = data
