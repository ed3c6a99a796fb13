"""Writing streams of N-Quads lines in the syntax a user asked for."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterable

from rdflib import Dataset

def write_quads(lines: Iterable[str], output: Path | None, *, fmt: str, prefixes: dict[str, str]) -> None:
    handle = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        if fmt == "nquads":
            handle.writelines(lines)
        elif fmt in ("turtle", "trig", "ntriples"):
            dataset = Dataset()
            dataset.parse(data="".join(lines), format="nquads")
            for prefix, namespace in prefixes.items():
                dataset.bind(prefix, namespace)
            if fmt == "trig":
                handle.write(dataset.serialize(format="trig"))
            else:
                from rdflib import Graph

                merged = Graph()
                for prefix, namespace in prefixes.items():
                    merged.bind(prefix, namespace)
                for s, p, o, _g in dataset.quads((None, None, None, None)):
                    merged.add((s, p, o))
                handle.write(merged.serialize(format="turtle" if fmt == "turtle" else "nt"))
        else:
            raise ValueError(f"unknown output format {fmt}")
    finally:
        if output:
            handle.close()
