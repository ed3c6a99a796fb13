"""The SPARQL examples of docs/linking.md return the rows the document shows, on the samples."""

from __future__ import annotations

import re

import pytest

from support.paths import shared_or_skip
from support.samples import ROOT, built_samples

DOC = ROOT / "docs" / "linking.md"


def examples() -> list[tuple[str, list[dict[str, str]]]]:
    """Each ```sparql block of the document with the result table shown after it."""
    text = DOC.read_text(encoding="utf-8")
    pairs = re.findall(r"```sparql\n(.*?)```\s*```text\n(.*?)```", text, re.S)
    out = []
    for query, table in pairs:
        lines = [line for line in table.splitlines() if line.strip()]
        header = [cell.strip() for cell in lines[0].split("|")]
        rows = [dict(zip(header, (cell.strip() for cell in line.split("|")))) for line in lines[2:]]
        out.append((query, rows))
    return out


def test_the_document_has_sparql_examples():
    assert len(examples()) == 4


@pytest.mark.parametrize("query, rows", examples(), ids=lambda v: v.splitlines()[-2][:40] if isinstance(v, str) else "")
def test_a_sparql_example_gives_the_rows_shown(query, rows):
    shared_or_skip("samples", "README.md")
    result = built_samples().store.query(query)
    actual = [{var: str(row[var]) if var in row else "" for var in result.variables} for row in result.rows()]
    assert actual == rows
