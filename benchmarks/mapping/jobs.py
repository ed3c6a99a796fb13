"""One benchmark job, run in a fresh process so its time and memory are its own.

    python jobs.py cultuurgraaf-oxigraph DIR/mapping.ttl      (the project's virtualenv)
    python jobs.py morph-oxigraph DIR/morph.ini               (morph-kgc's virtualenv)

Each prints one line of JSON: the number of quads the in-memory Oxigraph store holds.
"""

from __future__ import annotations

import io
import json
import queue
import sys
import threading
from typing import Iterator


class ChunkStream(io.RawIOBase):
    """The engine's chunks of N-Quads lines as a binary file, so Oxigraph can read them as they come.

    The engine runs in a thread of its own and hands over encoded chunks through a small queue:
    Oxigraph parses and indexes one chunk while the engine makes the next.
    """

    def __init__(self, chunks: Iterator[list[str]]):
        self._queue: queue.Queue = queue.Queue(maxsize=8)
        self._buffer = b""
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._produce, args=(chunks,), daemon=True)
        self._thread.start()

    def _produce(self, chunks: Iterator[list[str]]) -> None:
        try:
            for chunk in chunks:
                self._queue.put("".join(chunk).encode("utf-8"))
        except BaseException as exc:  # noqa: BLE001 - handed to the reading side
            self._failure = exc
        self._queue.put(None)

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        while not self._buffer:
            chunk = self._queue.get()
            if chunk is None:
                self._queue.put(None)
                if self._failure is not None:
                    raise self._failure
                return 0
            self._buffer = chunk
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size


def cultuurgraaf_oxigraph(mapping: str) -> int:
    from pyoxigraph import RdfFormat, Store

    from cultuurgraaf.mapping import execute, load_mapping

    store = Store()
    run = execute(load_mapping(mapping))
    store.bulk_load(io.BufferedReader(ChunkStream(run.chunks()), buffer_size=1 << 20), RdfFormat.N_QUADS)
    return len(store)


def morph_oxigraph(config: str) -> int:
    import morph_kgc

    return len(morph_kgc.materialize_oxigraph(config))


if __name__ == "__main__":
    job, argument = sys.argv[1], sys.argv[2]
    count = {"cultuurgraaf-oxigraph": cultuurgraaf_oxigraph, "morph-oxigraph": morph_oxigraph}[job](argument)
    print(json.dumps({"quads": count}))
