"""Database sources: a table or a query of a SQLite file, described with D2RQ as RML-IO does."""

from __future__ import annotations

import sqlite3
import textwrap
from pathlib import Path

import pytest

from cultuurgraaf.errors import CultuurgraafError, MappingError
from cultuurgraaf.mapping import execute, load_mapping

XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    with sqlite3.connect(tmp_path / "collectie.db") as db:
        db.execute("CREATE TABLE objecten (id INTEGER, titel TEXT, hoogte REAL, foto BLOB, jaar INTEGER)")
        db.executemany("INSERT INTO objecten VALUES (?, ?, ?, ?, ?)", [
            (1, "Zilveren theepot", 21.5, b"\x89PNG", 1890),
            (2, "Portret", None, None, None),
        ])
    db.close()
    return tmp_path


def mapping(folder: Path, *, dsn: str = "jdbc:sqlite:collectie.db", formulation: str = "rml:SQL2008Table",
            iterator: str = "objecten", column: str = "titel") -> Path:
    path = folder / "mapping.rml.ttl"
    path.write_text(textwrap.dedent(f"""\
        @prefix rml: <http://w3id.org/rml/> .
        @prefix d2rq: <http://www.wiwiss.fu-berlin.de/suhl/bizer/D2RQ/0.1#> .
        @prefix dct: <http://purl.org/dc/terms/> .

        <#Collectie> a rml:Source, d2rq:Database ; d2rq:jdbcDSN "{dsn}" .

        <#Object> a rml:TriplesMap ;
          rml:logicalSource [ rml:source <#Collectie> ; rml:referenceFormulation {formulation} ;
                              rml:iterator "{iterator}" ] ;
          rml:subjectMap [ rml:template "https://data.example.org/id/object/{{id}}" ] ;
          rml:predicateObjectMap [ rml:predicate dct:title ; rml:objectMap [ rml:reference "{column}" ] ] ,
            [ rml:predicate dct:extent ; rml:objectMap [ rml:reference "hoogte" ] ] ,
            [ rml:predicate dct:created ; rml:objectMap [ rml:reference "jaar" ] ] ,
            [ rml:predicate dct:hasFormat ; rml:objectMap [ rml:reference "foto" ] ] .
        """), encoding="utf-8")
    return path


O1, O2 = "<https://data.example.org/id/object/1>", "<https://data.example.org/id/object/2>"


def test_a_table_is_read_with_the_natural_datatypes_of_its_columns(folder):
    quads = sorted(execute(load_mapping(mapping(folder))).quads())
    assert quads == sorted([
        f'{O1} <{DCT}title> "Zilveren theepot" .\n',
        f'{O1} <{DCT}extent> "21.5"^^<{XSD}double> .\n',
        f'{O1} <{DCT}created> "1890"^^<{XSD}integer> .\n',
        f'{O1} <{DCT}hasFormat> "89504E47"^^<{XSD}hexBinary> .\n',
        f'{O2} <{DCT}title> "Portret" .\n',
    ])


def test_a_query_gives_the_rows_it_selects(folder):
    path = mapping(folder, formulation="rml:SQL2008Query",
                   iterator="SELECT id, upper(titel) AS titel, hoogte, foto, jaar FROM objecten WHERE jaar < 1900")
    assert f'{O1} <{DCT}title> "ZILVEREN THEEPOT" .\n' in list(execute(load_mapping(path)).quads())
    assert not any(line.startswith(O2) for line in execute(load_mapping(path)).quads())


def test_a_column_that_is_not_there_is_named_with_the_columns(folder):
    with pytest.raises(MappingError, match=r"the column 'title' is not in 'objecten' \(columns: id, titel, hoogte"):
        list(execute(load_mapping(mapping(folder, column="title"))).quads())


def test_a_table_that_is_not_there_lists_the_tables(folder):
    with pytest.raises(CultuurgraafError) as caught:
        list(execute(load_mapping(mapping(folder, iterator="objects"))).quads())
    assert "no such table: objects" in caught.value.message and caught.value.hint == "the tables are: objecten"


def test_the_database_is_only_read(folder):
    path = mapping(folder, formulation="rml:SQL2008Query", iterator="DELETE FROM objecten RETURNING *")
    with pytest.raises(CultuurgraafError, match="readonly database"):
        list(execute(load_mapping(path)).quads())
    with sqlite3.connect(folder / "collectie.db") as db:
        assert db.execute("SELECT count(*) FROM objecten").fetchone() == (2,)


def test_a_database_server_is_refused_with_what_is_read_instead(folder):
    with pytest.raises(MappingError, match="is not a SQLite file") as caught:
        load_mapping(mapping(folder, dsn="jdbc:mysql://localhost/collectie"))
    assert "export the table as CSV" in caught.value.hint


def test_yarrrml_reads_a_sqlite_table_and_compiles_it_to_d2rq(folder):
    from cultuurgraaf.mapping.rml_writer import write_rml

    path = folder / "mapping.yml"
    path.write_text(textwrap.dedent("""\
        prefixes:
          dct: http://purl.org/dc/terms/
        sources:
          collectie: {access: "jdbc:sqlite:collectie.db", table: objecten}
        mappings:
          Object:
            sources: collectie
            s: https://data.example.org/id/object/$(id)
            po:
              - [dct:created, $(jaar)]
        """), encoding="utf-8")
    quads = list(execute(load_mapping(path)).quads())
    assert quads == [f'{O1} <{DCT}created> "1890"^^<{XSD}integer> .\n']
    compiled = folder / "compiled.rml.ttl"
    compiled.write_text(write_rml(load_mapping(path)), encoding="utf-8")
    assert 'd2rq:jdbcDSN "jdbc:sqlite:collectie.db"' in compiled.read_text(encoding="utf-8")
    assert list(execute(load_mapping(compiled)).quads()) == quads
