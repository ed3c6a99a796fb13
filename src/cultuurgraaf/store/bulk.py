"""Feeding Oxigraph's bulk loader: a batch at a time, and into a named graph.

The bulk loader holds what one call gives it in memory while it sorts it, up to a million quads (about
1 GB); handed a stream a batch at a time, memory does not grow with the data. Measured on 991,160
quads (benchmarks/load/README.md): peak 198 MB against 905 MB, for 11 % more CPU. Each call writes
files of its own that overlap the others, so the store takes 1.5 to 2x the disk and joins are slower:
right for validation's scratch store, which is thrown away after the check; a store generation is
loaded from the whole file (store/transaction.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

import pyoxigraph as ox

#: Quads handed to the bulk loader at a time: about 140 MB while it sorts them.
BATCH_QUADS = 100_000


class Counted:
    """The quads of an iterable, counted as they are read (``count``)."""

    def __init__(self, quads: Iterable[ox.Quad]):
        self._quads = iter(quads)
        self.count = 0

    def __iter__(self) -> Iterator[ox.Quad]:
        return self

    def __next__(self) -> ox.Quad:
        quad = next(self._quads)
        self.count += 1
        return quad


def bulk_extend_in_batches(db: ox.Store, quads: Iterable[ox.Quad], batch: int = BATCH_QUADS) -> int:
    """Add quads through Oxigraph's bulk loader ``batch`` at a time; how many."""
    stream = Counted(quads)
    while True:
        before = stream.count
        db.bulk_extend(islice(stream, batch))
        if stream.count - before < batch:
            return stream.count


def into_graph(quads: Iterable[ox.Quad], graph: ox.NamedNode) -> Iterator[ox.Quad]:
    """The quads, those of the default graph moved into ``graph``."""
    for quad in quads:
        yield ox.Quad(quad.subject, quad.predicate, quad.object, graph) \
            if isinstance(quad.graph_name, ox.DefaultGraph) else quad
