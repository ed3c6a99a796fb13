"""Values longer than Oxigraph's parsers read (16 MB a term) are read, in N-Quads and N-Triples.

A legitimate long description (a CSV field of 17 MB, a 50 MB literal) once broke the build with
"Reached the buffer maximal size"; store/parsing.py reads such lines itself.
"""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from cultuurgraaf.cli import main
from cultuurgraaf.errors import RDFSyntaxError
from cultuurgraaf.store.parsing import BLOCK, read_line_rdf
from support.projects import demo_copy

LONG = 17 << 20


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def count_query(folder, query: str) -> str:
    result = cli("query", str(folder), query, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["results"]["bindings"][0]["n"]["value"]


def test_a_csv_field_of_17_mb_is_built_and_kept_whole(tmp_path):
    folder = demo_copy(tmp_path / "project", sources=["personen"])
    data = folder / "data" / "personen.csv"
    rows = list(csv.reader(data.read_text(encoding="utf-8").splitlines()))
    name = 'Henry "' + "v" * LONG + '"'
    rows[1][1] = name
    with open(data, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    result = cli("build", str(folder), "-q")
    assert result.exit_code == 0, result.output[-2000:]
    length = count_query(folder, "SELECT (MAX(STRLEN(?name)) AS ?n) WHERE { ?p <http://xmlns.com/foaf/0.1/name> ?name }")
    assert int(length) == len(name), "the name, with its quotes, is stored whole"


def test_a_50_mb_literal_in_n_triples_is_loaded(tmp_path):
    folder = demo_copy(tmp_path / "project", sources=["personen"])
    assert cli("build", str(folder), "-q").exit_code == 0
    file = tmp_path / "long.nt"
    file.write_text('<https://ex.org/a> <https://ex.org/p> "' + "y" * (50 << 20) + '"@nl .\n'
                    "_:b <https://ex.org/q> _:c .\n_:c <https://ex.org/r> \"kort\" .\n", encoding="utf-8")
    result = cli("load", str(file), "--graph", "https://ex.org/long", "--project", str(folder))
    assert result.exit_code == 0, result.output
    graph = "GRAPH <https://ex.org/long>"
    assert count_query(folder, f"SELECT (STRLEN(?o) AS ?n) WHERE {{ {graph} {{ ?s <https://ex.org/p> ?o }} }}") \
        == str(50 << 20)
    assert count_query(folder, f"SELECT (COUNT(*) AS ?n) WHERE {{ {graph} {{ ?b <https://ex.org/q> ?c . "
                               f"?c <https://ex.org/r> ?k }} }}") == "1", "blank nodes keep their identity"


def test_blocks_of_lines_give_what_oxigraphs_parser_gives(demo_project):
    """Over more than one block: the same quads, blank node labels kept."""
    from cultuurgraaf.store import open_project_store

    out = io.BytesIO()
    open_project_store(demo_project).dump(out, format="nquads")
    data = out.getvalue() * (2 * BLOCK // len(out.getvalue()) + 1)
    assert len(data) > 2 * BLOCK
    mine = list(read_line_rdf(io.BytesIO(data), ox.RdfFormat.N_QUADS))
    assert mine == list(ox.parse(data, format=ox.RdfFormat.N_QUADS))


def test_escapes_in_a_long_literal_are_read():
    text = "é\t\"quoted\" \\ \u00e9\U0001F600 " + "z" * LONG
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\U0001F600", "\\U0001F600")
    line = f'<https://ex.org/a> <https://ex.org/p> "{escaped}\\u00E9"^^<https://ex.org/type> <https://ex.org/g> .\n'
    (quad,) = read_line_rdf(io.BytesIO(line.encode("utf-8")), ox.RdfFormat.N_QUADS)
    assert quad.object.value == text + "é"
    assert quad.object.datatype == ox.NamedNode("https://ex.org/type")
    assert quad.graph_name == ox.NamedNode("https://ex.org/g")


def test_a_syntax_error_in_a_later_block_names_its_line_in_the_file():
    good = b"<https://ex.org/a> <https://ex.org/p> \"x\" .\n"
    lines = BLOCK // len(good) + 10
    data = good * lines + b"<https://ex.org/a> <https://ex.org/p> oops .\n"
    with pytest.raises(RDFSyntaxError) as caught:
        list(read_line_rdf(io.BytesIO(data), ox.RdfFormat.N_TRIPLES, where="big.nt"))
    assert caught.value.location.line == lines + 1
    assert str(caught.value).startswith(f"big.nt, line {lines + 1}: the RDF does not parse: column 39")
