"""YARRRML references (``$(...)``) reach the XPath and JSONPath engines whole, calls nested in calls
included; what cannot be read as a reference is an error naming the file, line and rule, never a
constant that every record would share.

The real LIDO exports in ../shared/samples (lido-various, designmuseumgent-lido) are mapped with
references that nest functions, and every value is compared with what lxml gives for the same
XPath on the same record.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from lxml import etree
from rdflib import Graph, Literal, URIRef

from cultuurgraaf.errors import MappingError
from cultuurgraaf.mapping import execute, load_mapping
from cultuurgraaf.mapping.rml_reader import read_rml
from cultuurgraaf.mapping.rml_writer import write_rml
from cultuurgraaf.mapping.terms import iri_safe

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT.parent / "shared" / "samples"
EX = "http://example.com/"

OBJECTS_XML = """\
<objects>
  <object code="A1"><title>
      Zilveren   theepot </title><maker ref="P1"/></object>
  <object code="B(2)"><title>Kandelaar</title><maker ref="P2"/></object>
</objects>
"""
MAKERS_XML = '<makers><maker id="P1"><name> Wolfers </name></maker><maker id="P2"><name>Van de Velde</name></maker></makers>'
EVENTS_JSON = '{"events": [{"id": "e1", "names": ["ab", "abcd", "xyz(1)"]}, {"id": "e2", "names": ["q"]}]}'
PEOPLE_CSV = "id,naam (voluit),maker's land,a)b\n1,Ann Peeters,BE,x\n"


def mapping(tmp_path: Path, body: str) -> Path:
    (tmp_path / "objects.xml").write_text(OBJECTS_XML, encoding="utf-8")
    (tmp_path / "makers.xml").write_text(MAKERS_XML, encoding="utf-8")
    (tmp_path / "events.json").write_text(EVENTS_JSON, encoding="utf-8")
    (tmp_path / "people.csv").write_text(PEOPLE_CSV, encoding="utf-8")
    path = tmp_path / "mapping.yml"
    path.write_text("prefixes:\n  ex: http://example.com/\nsources:\n"
                    "  objects: [objects.xml~xpath, /objects/object]\n"
                    "  makers: [makers.xml~xpath, /makers/maker]\n"
                    "  events: [events.json~jsonpath, '$.events[*]']\n"
                    "  people: [people.csv~csv]\n" + textwrap.dedent(body), encoding="utf-8")
    return path


def graph_of(path: Path) -> Graph:
    """What a mapping makes (in the default graph, so N-Triples)."""
    return Graph().parse(data="".join(execute(load_mapping(path)).quads()), format="nt")


def triples(path: Path) -> set[tuple[str, str, str]]:
    return {(str(s), str(p), str(o)) for s, p, o in graph_of(path)}


def one_map(name: str, source: str, subject: str, *po: str) -> str:
    """The mappings of a YARRRML file with one triples map, its po entries as written."""
    return (f"mappings:\n  {name}:\n    sources: {source}\n    s: {subject}\n    po:\n"
            + "".join(f"      - {entry}\n" for entry in po))


NESTED = ("object", "objects", "ex:object/$(translate(normalize-space(string(@code)), '()', '__'))",
          "[ex:title, $(normalize-space(string(title)))]")


def test_an_xpath_reference_that_nests_calls_is_evaluated_per_record(tmp_path):
    path = mapping(tmp_path, one_map(*NESTED, """[ex:label, "$(concat(@code, ': ', normalize-space(string(title))))"]""",
                                     """[ex:code, "$(concat(@code, ')'))"]"""))
    assert triples(path) == {
        (EX + "object/A1", EX + "title", "Zilveren theepot"),
        (EX + "object/B_2_", EX + "title", "Kandelaar"),
        (EX + "object/A1", EX + "label", "A1: Zilveren theepot"),
        (EX + "object/B_2_", EX + "label", "B(2): Kandelaar"),
        (EX + "object/A1", EX + "code", "A1)"),
        (EX + "object/B_2_", EX + "code", "B(2))"),
    }


def test_nested_calls_in_blank_nodes_function_parameters_and_joins(tmp_path):
    path = mapping(tmp_path, """\
        mappings:
          object:
            sources: objects
            s: ex:object/$(@code)
            po:
              - [ex:note, "_:note-$(normalize-space(string(@code)))~blank"]
              - p: ex:upper
                o:
                  function: grel:toUpperCase
                  parameters: [[grel:valueParameter, "$(normalize-space(string(title)))"]]
              - p: ex:maker
                o:
                  mapping: maker
                  condition:
                    function: equal
                    parameters: [[str1, "$(normalize-space(string(maker/@ref)))"], [str2, "$(normalize-space(string(@id)))"]]
          maker:
            sources: makers
            s: ex:maker/$(normalize-space(string(name)))
        """)
    found = triples(path)
    assert (EX + "object/A1", EX + "upper", "ZILVEREN THEEPOT") in found
    assert (EX + "object/A1", EX + "maker", EX + "maker/Wolfers") in found
    assert (EX + "object/B%282%29", EX + "maker", EX + "maker/Van%20de%20Velde") in found
    notes = {o for s, p, o in found if p == EX + "note"}
    assert len(notes) == 2  # one blank node per code, not one shared by every record


def test_a_jsonpath_filter_with_nested_parentheses_and_a_quoted_one(tmp_path):
    path = mapping(tmp_path, one_map("event", "events", "ex:event/$(id)", """[ex:long, "$(names[?(length(@) > 3)])"]""",
                                     """[ex:paren, "$(names[?(search(@, '[(]'))])"]"""))
    assert triples(path) == {(EX + "event/e1", EX + "long", "abcd"), (EX + "event/e1", EX + "long", "xyz(1)"),
                             (EX + "event/e1", EX + "paren", "xyz(1)")}


def test_csv_columns_with_parentheses_quotes_and_escapes(tmp_path):
    path = mapping(tmp_path, one_map("person", "people", "ex:person/$(id)", "[ex:name, $(naam (voluit))]",
                                     "[ex:country, $(maker's land)]", "[ex:odd, $(a\\)b)]",
                                     '[ex:text, "\\\\$(id) is $(id)"]'))
    assert triples(path) == {(EX + "person/1", EX + "name", "Ann Peeters"), (EX + "person/1", EX + "country", "BE"),
                             (EX + "person/1", EX + "odd", "x"), (EX + "person/1", EX + "text", "$(id) is 1")}


BROKEN = {
    "unclosed": ('$(normalize-space(string(title))', "the reference '$(normalize-space(string(title))' is not closed"),
    "empty": ("ex:object/$()", "an empty reference '$()'"),
    "unclosed quote": ("$(concat(@code, ')))", "opens a string that is not closed"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_what_cannot_be_read_as_a_reference_is_an_error_with_file_line_and_rule(tmp_path, case):
    value, message = BROKEN[case]
    path = mapping(tmp_path, one_map("object", "objects", "ex:object/$(@code)", f'[ex:title, "{value}"]'))
    with pytest.raises(MappingError) as caught:
        load_mapping(path)
    error = caught.value
    assert (error.location.path, error.location.line, error.location.rule) == (str(path), 13, "object: ex:title")
    assert message in error.message


def test_a_nested_reference_compiles_to_rml_and_reads_back_the_same(tmp_path):
    path = mapping(tmp_path, one_map(*NESTED))
    rml = tmp_path / "mapping.rml.ttl"
    rml.write_text(write_rml(load_mapping(path), folder=tmp_path), encoding="utf-8")
    assert "rml:reference \"normalize-space(string(title))\"" in rml.read_text(encoding="utf-8")
    assert sorted(execute(read_rml(rml)).quads()) == sorted(execute(load_mapping(path)).quads())


# --------------------------------------------------------------------------- the real LIDO samples

LIDO = {"lido": "http://www.lido-schema.org"}
LIDO_FILES = sorted((SAMPLES / "lido-various").glob("*.xml")) + [SAMPLES / "designmuseumgent-lido" / "wolfers_lido.xml"]
#: (predicate, XPath from a lido:lido record): ids padded with white space, the first title,
#: how many events, and the first word of the first object type
LIDO_VALUES = [
    ("title", "normalize-space(string(lido:descriptiveMetadata/lido:objectIdentificationWrap/lido:titleWrap"
              "/lido:titleSet[1]/lido:appellationValue[1]))"),
    ("events", "string(count(lido:descriptiveMetadata/lido:eventWrap/lido:eventSet))"),
    ("type", "substring-before(concat(normalize-space(string(lido:descriptiveMetadata/lido:objectClassificationWrap"
             "/lido:objectWorkTypeWrap/lido:objectWorkType[1]/lido:term[1])), ' '), ' ')"),
]
LIDO_ID = "normalize-space(string(lido:lidoRecID))"


def map_lido(tmp_path: Path, sample: Path) -> set:
    """The triples a mapping with the references of LIDO_VALUES makes from one LIDO file."""
    path = tmp_path / "lido.yml"
    path.write_text(textwrap.dedent(f"""\
        prefixes:
          ex: http://example.com/
        sources:
          records:
            access: {sample}
            referenceFormulation: xpath
            iterator: "//lido:lido"
            namespaces: {{lido: "http://www.lido-schema.org"}}
        mappings:
          record:
            sources: records
            s: "ex:record/$({LIDO_ID})"
            po:
        """) + "".join(f'      - [ex:{name}, "$({xpath})"]\n' for name, xpath in LIDO_VALUES), encoding="utf-8")
    return set(graph_of(path))


needs_lido = pytest.mark.skipif(not (SAMPLES / "lido-various").is_dir(),
                                reason="../shared/samples/lido-various is not here")


@needs_lido
@pytest.mark.parametrize("sample", LIDO_FILES, ids=[p.name for p in LIDO_FILES])
def test_lido_references_with_nested_functions_give_what_xpath_gives(tmp_path, sample):
    records = etree.parse(str(sample)).xpath("//lido:lido", namespaces=LIDO)
    expected = set()
    for record in records:
        subject = URIRef(EX + "record/" + iri_safe(record.xpath(LIDO_ID, namespaces=LIDO)))
        for name, xpath in LIDO_VALUES:
            value = record.xpath(xpath, namespaces=LIDO)
            if value:
                expected.add((subject, URIRef(EX + name), Literal(value)))
    found = map_lido(tmp_path, sample)
    assert found == expected
    assert len({s for s, _p, _o in found}) == len(records)


@needs_lido
def test_a_known_lido_record_gets_its_trimmed_title_and_its_events(tmp_path):
    found = map_lido(tmp_path, SAMPLES / "lido-various" / "LIDO-Example_FMobj00154983-LaPrimavera.xml")
    record = URIRef(EX + "record/DE-Mb112%2Flido-obj00154983")
    assert (record, URIRef(EX + "title"), Literal("La Primavera / Spring")) in found
    assert {o for s, p, o in found if p == URIRef(EX + "events")} == {Literal("8")}
