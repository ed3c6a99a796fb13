"""A broken mapping or a mapping that does not fit its extract is named: file, line, rule, what was
expected, and what exists (columns, functions, sources, prefixes)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from cultuurgraaf.cli import main
from cultuurgraaf.errors import CultuurgraafError, MappingError, SourceError
from cultuurgraaf.mapping import execute, load_mapping

PEOPLE = "id,naam,taal,site\n1,Ann,nl,https://ann.example.be/\n2,Bert,nl_BE,geen website\n"


def mapping_in(tmp_path: Path, text: str, name: str = "mapping.yml") -> Path:
    (tmp_path / "people.csv").write_text(PEOPLE, encoding="utf-8")
    (tmp_path / "data.json").write_text('{"people": [{"id": 1, "names": ["a", "b"]}]}', encoding="utf-8")
    (tmp_path / "data.xml").write_text('<people><person id="1"/></people>', encoding="utf-8")
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def po(block: str) -> str:
    """A po entry written at any indentation, placed under ``po:`` of PERSON."""
    return textwrap.indent(textwrap.dedent(block), "      ")


def run(path: Path) -> list[str]:
    return list(execute(load_mapping(path)).quads())


def failure(path: Path, kind: type[CultuurgraafError] = MappingError) -> CultuurgraafError:
    with pytest.raises(kind) as caught:
        run(path)
    return caught.value


PERSON = textwrap.dedent("""\
    sources:
      people: [people.csv~csv]
    mappings:
      person:
        sources: people
        s: http://example.com/person/$(id)
        po:
    """)


def test_a_column_that_is_not_there_is_named_with_the_columns_that_are(tmp_path):
    path = mapping_in(tmp_path, PERSON + "      - [foaf:name, $(name)]\n")
    error = failure(path)
    assert error.location.path == str(path)
    assert error.location.line == 8
    assert error.location.rule == "person: foaf:name"
    assert "there is no column 'name' (columns: id, naam, taal, site)" in error.message


def test_an_unknown_function_lists_the_known_ones(tmp_path):
    path = mapping_in(tmp_path, PERSON + po("""\
          - p: foaf:name
            o:
              function: cg:titleCase
              parameters:
                - [cg:value, $(naam)]
    """))
    with pytest.raises(MappingError) as caught:
        load_mapping(path)
    error = caught.value
    assert (error.location.line, error.location.rule) == (10, "person: foaf:name")
    assert "unknown function 'cg:titleCase'" in error.message and "cg:edtf" in error.message


def test_a_function_called_with_the_wrong_parameters_shows_how_to_call_it(tmp_path):
    path = mapping_in(tmp_path, PERSON + po("""\
          - p: foaf:name
            o:
              function: cg:split
              parameters:
                - [cg:text, $(naam)]
    """))
    error = failure(path)
    assert "cg:split was called with the wrong parameters" in error.message
    assert error.hint == "cg:split(value, separator=';', prefix='')"
    assert error.location.record == "people.csv line 2"


def test_an_invalid_jsonpath_is_refused_with_the_parsers_message(tmp_path):
    path = mapping_in(tmp_path, """\
        sources:
          data: [data.json~jsonpath, "$.people[*]"]
        mappings:
          person:
            sources: data
            s: http://example.com/person/$(id)
            po:
              - [foaf:name, "$(names[?@.x==)"]
        """)
    error = failure(path)
    assert (error.location.line, error.location.rule) == (8, "person: foaf:name")
    assert "is not a valid JSONPath" in error.message and "RFC 9535" in error.hint


def test_a_reference_to_an_array_says_how_to_take_its_items(tmp_path):
    path = mapping_in(tmp_path, """\
        sources:
          data: [data.json~jsonpath, "$.people[*]"]
        mappings:
          person:
            sources: data
            s: http://example.com/person/$(id)
            po:
              - [foaf:name, "$(names)"]
        """)
    error = failure(path)
    assert "the reference 'names' selects an array" in error.message
    assert error.hint == "take the array's items with 'names[*]'"
    assert error.location.record == "data.json /people/0"


def test_an_invalid_xpath_is_refused(tmp_path):
    path = mapping_in(tmp_path, """\
        sources:
          data: [data.xml~xpath, /people/person]
        mappings:
          person:
            sources: data
            s: http://example.com/person/$(@id)
            po:
              - [foaf:name, "$(naam[@@x])"]
        """)
    error = failure(path)
    assert "'naam[@@x]' is not a valid XPath" in error.message
    assert error.location.rule == "person: foaf:name"


def test_an_invalid_iri_in_the_data_names_the_row(tmp_path):
    path = mapping_in(tmp_path, PERSON + "      - [foaf:homepage, $(site)~iri]\n")
    error = failure(path)
    assert error.message == "'geen website' is not a valid IRI"
    assert error.location.record == "people.csv line 3"
    assert error.location.rule == "person: foaf:homepage"


def test_an_invalid_language_tag_in_the_mapping_is_refused_before_any_row(tmp_path):
    path = mapping_in(tmp_path, PERSON + "      - [foaf:name, $(naam), nl_BE~lang]\n")
    error = failure(path)
    assert error.message == "'nl_BE' is not a valid language tag"
    assert error.location.record is None
    assert error.location.line == 8


def test_an_invalid_language_tag_in_the_data_names_the_row(tmp_path):
    path = mapping_in(tmp_path, PERSON + po("""\
          - p: foaf:name
            o:
              value: $(naam)
              language: $(taal)
    """))
    error = failure(path)
    assert error.message == "'nl_BE' is not a valid language tag"
    assert error.location.record == "people.csv line 3"


def test_broken_yaml_names_the_line(tmp_path):
    path = mapping_in(tmp_path, "sources:\n  people: [people.csv~csv\nmappings: {}\n")
    with pytest.raises(MappingError) as caught:
        load_mapping(path)
    assert caught.value.location.line == 3
    assert caught.value.message.startswith("not valid YAML")


def test_broken_turtle_names_the_line(tmp_path):
    path = mapping_in(tmp_path, '@prefix rml: <http://w3id.org/rml/> .\n<#A> a rml:TriplesMap ;\n'
                                '  rml:subjectMap [ rml:template "x" \n', name="mapping.ttl")
    with pytest.raises(MappingError) as caught:
        load_mapping(path)
    assert caught.value.location.line == 4
    assert caught.value.message.startswith("not valid Turtle")


def test_a_triples_map_without_a_subject_map_is_refused(tmp_path):
    path = mapping_in(tmp_path, """\
        @prefix rml: <http://w3id.org/rml/> .
        @prefix foaf: <http://xmlns.com/foaf/0.1/> .

        <#Person> a rml:TriplesMap ;
            rml:logicalSource [ rml:source [ a rml:RelativePathSource ; rml:path "people.csv" ] ;
                                rml:referenceFormulation rml:CSV ] ;
            rml:predicateObjectMap [ rml:predicate foaf:name ; rml:objectMap [ rml:reference "naam" ] ] .
        """, name="mapping.ttl")
    with pytest.raises(MappingError) as caught:
        load_mapping(path)
    assert caught.value.message == "the triples map 'Person' has 0 subject maps; it needs exactly one"
    assert caught.value.location.line == 4


def test_an_undeclared_source_lists_the_declared_ones(tmp_path):
    path = mapping_in(tmp_path, PERSON.replace("sources: people", "sources: persons") + "      - [foaf:name, $(naam)]\n")
    with pytest.raises(MappingError) as caught:
        load_mapping(path)
    assert "names source 'persons', which is not declared (sources: people)" in caught.value.message


def test_an_unknown_prefix_lists_the_known_ones(tmp_path):
    path = mapping_in(tmp_path, PERSON + "      - [schem:name, $(naam)]\n")
    with pytest.raises(MappingError) as caught:
        load_mapping(path)
    assert "unknown prefix 'schem'" in caught.value.message and "schema" in caught.value.message


def test_a_join_to_a_mapping_that_is_not_there_lists_the_mappings(tmp_path):
    path = mapping_in(tmp_path, PERSON + po("""\
          - p: foaf:knows
            o:
              mapping: friend
              condition:
                function: equal
                parameters: [[str1, $(id)], [str2, $(id)]]
    """))
    with pytest.raises(MappingError) as caught:
        load_mapping(path)
    assert "'friend' is not a mapping of this file (mappings: person)" in caught.value.message


def test_a_csv_row_with_too_many_fields_names_its_line(tmp_path):
    path = mapping_in(tmp_path, PERSON + "      - [foaf:name, $(naam)]\n")
    (tmp_path / "people.csv").write_text(PEOPLE + "3,Cas,nl,x,extra\n", encoding="utf-8")
    error = failure(path, SourceError)
    assert error.message == "the row has 5 fields where the header has 4"
    assert error.location.record == "line 4"
    assert error.location.path.endswith("people.csv")


def test_the_command_line_exits_3_and_says_where(tmp_path):
    path = mapping_in(tmp_path, PERSON + "      - [foaf:name, $(name)]\n")
    result = CliRunner().invoke(main, ["map", str(path)])
    assert result.exit_code == 3
    assert f"{path}, line 8, rule 'person: foaf:name'" in result.output


def test_nested_records_are_for_json_sources_and_name_one_item(tmp_path):
    csv_nested = mapping_in(tmp_path, PERSON.replace("people: [people.csv~csv]", "people: {access: people.csv, "
                                                     "referenceFormulation: csv, nested: {x: '$.y[*]'}}")
                            + "      - [foaf:name, $(naam)]\n")
    assert "nested works for JSON and NDJSON sources, not csv" in failure(csv_nested).message
    two = mapping_in(tmp_path, """\
        sources:
          people: {access: data.json, referenceFormulation: jsonpath, iterator: "$.people[*]",
                   nested: {name: "$.names[*]", other: "$.names[*]"}}
        mappings:
          person:
            sources: people
            s: http://example.com/person/$(id)
            po:
              - [foaf:name, $(name)]
        """)
    error = failure(two)
    assert error.location.line == 3 and "nested is one name: JSONPath" in error.message
