"""The golden cases of the shapes: ``tests/cases/shapes/<kind>/<case>.ttl``, and what each expects.

A case is one record (with what it points to) and starts with a comment that says what it shows,
followed by one line

    # expect: <focus node> <source shape> <constraint component> <severity>

for every validation result the shapes must report; a case without such lines must conform
without a single result. ``context.ttl`` (the organisation, venue, maker and concepts that records
point to) is added to every case.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rdflib import SH, URIRef

from .paths import ROOT

SHAPES_DIR = ROOT / "shapes"
CASES_DIR = ROOT / "tests" / "cases" / "shapes"
CONTEXT = CASES_DIR / "context.ttl"
CASES = sorted(CASES_DIR.glob("*/*.ttl"))

ID_BASE = "https://data.cultuurgraaf.be/id/"
CGSH = "https://data.cultuurgraaf.be/shacl/cultuurgraaf#"


def case_id(case: Path) -> str:
    return f"{case.parent.name}/{case.stem}"


def resolve(token: str) -> URIRef:
    """`<erfgoedobject/X>` against the cases' base, `sh:` and `cgsh:` names against their namespaces."""
    if token.startswith("<") and token.endswith(">"):
        return URIRef(ID_BASE + token[1:-1])
    prefix, _, local = token.partition(":")
    namespaces = {"sh": str(SH), "cgsh": CGSH}
    if prefix not in namespaces or not local:
        raise ValueError(f"cannot read {token!r} in an expect line (use <relative-iri>, sh: or cgsh:)")
    return URIRef(namespaces[prefix] + local)


def expected_results(case: Path) -> Counter:
    """The results a case expects, as (focus, source shape, component, severity), counted."""
    expected = Counter()
    for line in case.read_text(encoding="utf-8").splitlines():
        if line.startswith("# expect:"):
            tokens = line.removeprefix("# expect:").split()
            assert len(tokens) == 4, f"{case.name}: an expect line has four parts: {line!r}"
            expected[tuple(resolve(token) for token in tokens)] += 1
    return expected
