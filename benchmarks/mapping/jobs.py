"""One benchmark job, run in a fresh process so its time and memory are its own.

    python jobs.py cultuurgraaf-oxigraph DIR/mapping.ttl [--store memory|disk] [--strict]
                                                              (the project's virtualenv)
    python jobs.py oxigraph-load DIR/cultuurgraaf.nt          (the project's virtualenv)
    python jobs.py morph-oxigraph DIR/morph.ini               (morph-kgc's virtualenv)

Each prints one line of JSON: the number of quads the Oxigraph store holds.

cultuurgraaf's job maps straight into a store: the engine runs in a thread of its own and writes
its N-Quads into a named pipe, which Oxigraph reads by path. Oxigraph then reads with its own
native reads, without the interpreter (a Python file-like object costs a call under the GIL for
every read), and parses and indexes one chunk while the engine makes the next, so the two cores
both work. An in-memory store is filled with ``Store.load``, which on this data costs a quarter
less CPU than ``Store.bulk_load`` (the bulk loader is made for stores on disk, which it fills on
two threads). ``lenient=True`` skips Oxigraph's second check of every IRI and language tag: the
engine has checked them when it made them (``--strict`` keeps Oxigraph's checks).
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Iterator


def write_to_pipe(path: Path, chunks: Iterator[list[str]], failures: list[BaseException]) -> None:
    """Write the engine's chunks into the named pipe ``path``; an error is kept for the reading side."""
    try:
        with open(path, "wb", buffering=0) as pipe:
            try:
                fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)
            except OSError:
                pass  # a smaller pipe only means more, smaller reads
            write = pipe.write
            for chunk in chunks:
                write("".join(chunk).encode("utf-8"))
    except BaseException as exc:  # noqa: BLE001 - handed to the reading side
        failures.append(exc)


def cultuurgraaf_oxigraph(mapping: str, *, store_kind: str = "memory", lenient: bool = True) -> int:
    from pyoxigraph import RdfFormat, Store

    from cultuurgraaf.mapping import execute, load_mapping

    run = execute(load_mapping(mapping))
    with tempfile.TemporaryDirectory(prefix="cg-oxigraph-") as work:
        store = Store() if store_kind == "memory" else Store(os.path.join(work, "store"))
        pipe = Path(work) / "mapped.nq"
        os.mkfifo(pipe)
        failures: list[BaseException] = []
        writer = threading.Thread(target=write_to_pipe, args=(pipe, run.chunks(), failures), daemon=True)
        writer.start()
        fill = store.load if store_kind == "memory" else store.bulk_load
        fill(path=str(pipe), format=RdfFormat.N_QUADS, lenient=lenient)
        writer.join()
        if failures:
            raise failures[0]
        count = len(store)
        del store
    return count


def oxigraph_load(path: str) -> int:
    """Oxigraph alone: an N-Triples file already made, loaded into an in-memory store as the job
    above loads it (the floor of any run that ends in such a store)."""
    from pyoxigraph import RdfFormat, Store

    store = Store()
    store.load(path=path, format=RdfFormat.N_TRIPLES, lenient=True)
    return len(store)


def morph_oxigraph(config: str) -> int:
    import morph_kgc

    return len(morph_kgc.materialize_oxigraph(config))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("job", choices=["cultuurgraaf-oxigraph", "oxigraph-load", "morph-oxigraph"])
    parser.add_argument("argument", help="the mapping (cultuurgraaf), an N-Triples file (oxigraph-load) or the "
                                         "configuration (morph-kgc)")
    parser.add_argument("--store", choices=["memory", "disk"], default="memory",
                        help="cultuurgraaf: an in-memory store (as morph-kgc's) or one on disk in a temporary folder")
    parser.add_argument("--strict", action="store_true", help="cultuurgraaf: let Oxigraph check every term again")
    args = parser.parse_args()
    if args.job == "cultuurgraaf-oxigraph":
        count = cultuurgraaf_oxigraph(args.argument, store_kind=args.store, lenient=not args.strict)
    elif args.job == "oxigraph-load":
        count = oxigraph_load(args.argument)
    else:
        count = morph_oxigraph(args.argument)
    print(json.dumps({"quads": count}))
