"""Writing a mapping's output (N-Quads lines, in chunks) in the syntax a user asked for.

N-Quads streams straight through; the other syntaxes need the whole graph, so they go through
rdflib and are for outputs that fit in memory.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path
from typing import Iterable

FORMATS = ("nquads", "trig", "turtle", "ntriples")


def write_quads(chunks: Iterable[list[str]] | Iterable[str], output: Path | None, *, fmt: str,
                prefixes: dict[str, str]) -> None:
    """Write lists of N-Quads lines (or single lines) to ``output`` (standard output when None)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt} (known: {', '.join(FORMATS)})")
    handle = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        if fmt == "nquads":
            for chunk in chunks:
                handle.write(chunk if isinstance(chunk, str) else "".join(chunk))
            return
        from rdflib import Dataset, Graph

        text = "".join(chunk if isinstance(chunk, str) else "".join(chunk) for chunk in chunks)
        dataset = Dataset()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            dataset.parse(data=text, format="nquads")
            for prefix, namespace in prefixes.items():
                dataset.bind(prefix, namespace)
            if fmt == "trig":
                handle.write(dataset.serialize(format="trig"))
                return
            merged = Graph()
            for prefix, namespace in prefixes.items():
                merged.bind(prefix, namespace)
            for s, p, o, _g in dataset.quads((None, None, None, None)):
                merged.add((s, p, o))
        handle.write(merged.serialize(format="turtle" if fmt == "turtle" else "nt"))
    finally:
        if output:
            handle.close()
