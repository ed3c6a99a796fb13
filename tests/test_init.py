"""cultuurgraaf init: a proposed mapping for any export, that runs as written.

Three planted exports (tests/data/init; tests/data/README.md says what each holds) check the
proposals on a headerless CSV, nested JSON and namespaced XML against guesses written from
reading the files; the real extracts of ../shared/samples are each proposed and built together
into one store, which must end in exit 0 or 1, never 3.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from cultuurgraaf.cli import main
from cultuurgraaf.config import load_project
from cultuurgraaf.mapping import execute, load_mapping
from cultuurgraaf.proposal import profile_export, propose
from cultuurgraaf.store import open_project_store
from conftest import shared_or_skip

DATA = Path(__file__).parent / "data" / "init"
FESTIVAL = DATA / "stadsfestival-programma.csv"
COLLECTION = DATA / "collectie-export.json"
PERSONS = DATA / "personen-register.xml"
BASE = "https://data.cultuurgraaf.be/id/"


def init(*args: str):
    result = CliRunner().invoke(main, ["init", *map(str, args)])
    return result


def build(project: Path):
    return CliRunner().invoke(main, ["build", str(project), "--quiet"])


def values(project: Path, query: str) -> set[str]:
    store = open_project_store(load_project(project))
    prefixes = ("PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/> PREFIX m8g: <http://data.europa.eu/m8g/> "
                "PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX owl: <http://www.w3.org/2002/07/owl#> "
                "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX dct: <http://purl.org/dc/terms/> "
                "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> ")
    return {str(row["v"]) for row in store.query(prefixes + query).rows()}


def proposal(path: Path, tmp_path: Path, kind: str | None = None):
    return propose(profile_export(path), name=path.stem, mapping_folder=tmp_path, kind=kind)


# -- a headerless CSV --------------------------------------------------------------------------------------

def test_a_headerless_semicolon_csv_in_windows_1252_is_read_as_such(tmp_path):
    found = proposal(FESTIVAL, tmp_path)
    export = found.profile.export
    assert (export.format, export.delimiter, export.header) == ("csv", ";", False)
    assert export.encoding.replace("-", "").lower() in ("cp1252", "windows1252")
    assert "no header: the first row holds data" in export.header_note
    text = found.text
    assert 'delimiter: ";"' in text and "header: false" in text and f"encoding: \"{export.encoding}\"" in text
    assert "columns are named by position from 1: $(1), $(2)" in text


def test_the_headerless_festival_is_guessed_an_activity_from_its_times_and_file_name(tmp_path):
    found = proposal(FESTIVAL, tmp_path)
    assert found.kind.kind == "activiteit" and not found.kind.chosen
    evidence = " ".join(found.kind.lines())
    assert "programma" in evidence and "column 4 holds times of day" in evidence


def test_the_festival_proposal_says_what_it_saw_and_lists_what_it_leaves(tmp_path):
    found = proposal(FESTIVAL, tmp_path)
    text = found.text
    assert 's: "id/activiteit/stadsfestival-programma-$(1)"' in text
    assert "column 1: text in 6 of 6 values; unique in all 6 rows" in text
    assert "column 3: DD/MM/YYYY dates in 6 of 6 values" in text
    assert ("with the time of day from column 4 (column 4: times of day (20:15) in 6 of 6 values; cg:dayTime reads 6 "
            "of 6 distinct times)") in text
    assert "[dct:title, \"$(2)\", nl~lang]" in text and "language nl is a guess" in text
    unmapped = found.mapping.unmapped
    assert [line.split(":")[0] for line in unmapped] == ["column 5", "column 6", "column 7"]
    assert unmapped[0] == "column 5: text 6, such as 'Handelsbeurs'"
    assert "decimal numbers 3" in unmapped[1] and "web addresses" in unmapped[2]


def test_the_festival_builds_with_its_accents_and_its_brussels_times(tmp_path):
    result = init(FESTIVAL, "--project", tmp_path)
    assert result.exit_code == 0, result.output
    assert build(tmp_path).exit_code == 0
    assert values(tmp_path, f"SELECT ?v WHERE {{ <{BASE}activiteit/stadsfestival-programma-GF24-002> dct:title ?v }}") \
        == {"Pop-up café: Brel à la carte"}
    assert values(tmp_path, f"SELECT ?v WHERE {{ <{BASE}activiteit/stadsfestival-programma-GF24-001> "
                            "crm:P4_has_time-span/m8g:startTime ?v }") == {"2024-07-17T20:30:00+02:00"}


def test_an_end_time_after_midnight_is_on_the_next_day_on_brussels_clock(tmp_path):
    night = tmp_path / "nachtprogramma.csv"
    night.write_text("id;titel;datum;van;tot\nN1;Nachtconcert;26/10/2024;22:00;01:30\n"
                     "N2;Winterconcert;07/12/2024;20u;23u\n", encoding="utf-8")
    found = proposal(night, tmp_path)
    assert "an end time not later than the start time (column 'van') is on the next day" in found.text
    assert init(night, "--project", tmp_path / "p").exit_code == 0
    assert build(tmp_path / "p").exit_code == 0
    period = "crm:P4_has_time-span/m8g:{}Time"
    assert values(tmp_path / "p", f"SELECT ?v WHERE {{ <{BASE}activiteit/nachtprogramma-N1> {period.format('end')} ?v }}") \
        == {"2024-10-27T01:30:00+02:00"}      # the next day, before the clocks go back at 03:00
    assert values(tmp_path / "p", f"SELECT ?v WHERE {{ <{BASE}activiteit/nachtprogramma-N2> {period.format('start')} ?v }}") \
        == {"2024-12-07T20:00:00+01:00"}


def test_the_event_database_s_times_in_milliseconds_make_its_end_time_with_its_start(tmp_path):
    found = proposal(shared_or_skip("samples", "uitdatabank-flagey", "flagey_events.json"), tmp_path)
    text = found.text
    assert "function: cg:uitTime" in text
    assert '[cg:start, "$($.calendar.timestamps.timestamp[*].timestart)"]' in text
    assert "m8g:endTime: $.calendar.timestamps.timestamp[*].date + $.calendar.timestamps.timestamp[*].timeend" \
        in found.guesses


# -- nested JSON -------------------------------------------------------------------------------------------

def test_nested_json_records_are_found_inside_the_export_wrapper(tmp_path):
    found = proposal(COLLECTION, tmp_path)
    assert found.profile.export.iterator == "$.export.objecten[*]"
    assert found.profile.records == 3
    assert found.kind.kind == "erfgoedobject"
    guesses = "\n".join(found.guesses)
    assert "identifier: $.inventarisnummer (its name says id and its 3 values are unique)" in guesses
    assert "crm:P102_has_title: $.titel.nl (language nl from its name)" in guesses
    assert "crm:P102_has_title: $.titel.en (language en from its name)" in guesses
    assert "crm:P14_carried_out_by: the maker from $.vervaardigers[*].naam and $.vervaardigers[*].wikidata" in guesses
    assert 'nested: {"maker": "$.vervaardigers[*]"}' in found.text
    assert found.mapping.unmapped == []


def test_the_nested_json_builds_makers_materials_dates_and_keeper(tmp_path):
    assert init(COLLECTION, "--project", tmp_path).exit_code == 0
    assert build(tmp_path).exit_code == 0
    teapot = f"<{BASE}erfgoedobject/collectie-export-1987.0012>"
    assert values(tmp_path, f"SELECT ?v WHERE {{ {teapot} crm:P102_has_title ?v }}") == {"Zilveren theepot",
                                                                                       "Silver teapot"}
    assert values(tmp_path, f"SELECT ?v WHERE {{ {teapot} crm:P108i_was_produced_by/crm:P4_has_time-span ?v }}") \
        == {"1890~"}
    assert values(tmp_path, f"SELECT ?v WHERE {{ {teapot} crm:P45_consists_of/skos:prefLabel ?v }}") \
        == {"zilver", "ebbenhout"}
    assert values(tmp_path, f"SELECT ?v WHERE {{ {teapot} crm:P50_has_current_keeper/skos:prefLabel ?v }}") \
        == {"Stedelijk Museum Voorbeeld"}
    candlestick = f"<{BASE}erfgoedobject/collectie-export-1990.0003>"
    makers = values(tmp_path, f"SELECT ?v WHERE {{ {candlestick} crm:P108i_was_produced_by/crm:P14_carried_out_by ?m . "
                              "?m rdfs:label ?v }")
    assert makers == {"Henry van de Velde", "Atelier Voorbeeld"}     # the one without a Wikidata id is kept
    assert values(tmp_path, "SELECT ?v WHERE { ?m rdfs:label 'Henry van de Velde'@nl ; owl:sameAs ?v }") == {
        "http://www.wikidata.org/entity/Q312603"}
    poster = f"<{BASE}erfgoedobject/collectie-export-2001.0150>"
    assert values(tmp_path, f"SELECT ?v WHERE {{ {poster} crm:P108i_was_produced_by/crm:P4_has_time-span ?v }}") \
        == {"1913-04-17"}


# -- namespaced XML ----------------------------------------------------------------------------------------

def test_xml_in_a_default_namespace_gets_a_prefix_and_its_records(tmp_path):
    found = proposal(PERSONS, tmp_path)
    export = found.profile.export
    assert export.namespaces == (("ns1", "https://register.example.org/personen"),)
    assert export.iterator == "/ns1:register/ns1:persoon"
    assert found.kind.kind == "persoon"
    guesses = "\n".join(found.guesses)
    assert "identifier: @id (its name says id and its 3 values are unique)" in guesses
    assert "foaf:name: ns1:naam" in guesses and "foaf:givenName: ns1:voornaam" in guesses
    assert "owl:sameAs: ns1:viaf (viaf)" in guesses and "owl:sameAs: ns1:wikidata (wikidata)" in guesses
    assert found.mapping.unmapped == ["ns1:geboortejaar: years 3, such as '1863'"]


def test_the_xml_persons_build_with_their_authority_links(tmp_path):
    assert init(PERSONS, "--project", tmp_path).exit_code == 0
    assert build(tmp_path).exit_code == 0
    links = values(tmp_path, "SELECT ?v WHERE { ?p owl:sameAs ?v }")
    assert links == {"http://viaf.org/viaf/95216565", "http://viaf.org/viaf/52484536",
                     "http://www.wikidata.org/entity/Q312603", "http://www.wikidata.org/entity/Q2614839"}
    assert values(tmp_path, f"SELECT ?v WHERE {{ <{BASE}persoon/personen-register-P-0003> foaf:name ?v }}") \
        == {"Anna Boch"}


# -- the command -------------------------------------------------------------------------------------------

def test_init_writes_the_mapping_and_a_project_and_says_what_to_run_next(tmp_path):
    result = init(PERSONS, "--project", tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "mappings" / "personen-register.yml").is_file()
    project = tomllib.loads((tmp_path / "cultuurgraaf.toml").read_text(encoding="utf-8"))
    assert project["project"]["base_iri"] == "https://data.cultuurgraaf.be"
    assert Path(tmp_path / project["project"]["shapes"][0]).resolve() == Path(__file__).parents[1].joinpath("shapes")
    assert project["sources"] == [{"name": "personen-register", "title": "personen-register.xml (persoon)",
                                   "inputs": str(Path("..") / Path(__import__("os").path.relpath(PERSONS, tmp_path.parent))),
                                   "mapping": "mappings/personen-register.yml"}]
    assert "checked by mapping it once: 28 quads from 3 records of persoon" in result.output
    assert "cultuurgraaf build" in result.output and "cultuurgraaf map" in result.output


def test_init_adds_to_a_project_and_never_overwrites_without_force(tmp_path):
    assert init(PERSONS, "--project", tmp_path).exit_code == 0
    assert init(COLLECTION, "--project", tmp_path, "--kind", "erfgoedobject").exit_code == 0
    again = init(PERSONS, "--project", tmp_path)
    assert again.exit_code == 3
    assert "already has a source named 'personen-register'" in again.output and "--force" in again.output
    forced = init(PERSONS, "--project", tmp_path, "--force")
    assert forced.exit_code == 0, forced.output
    project = tomllib.loads((tmp_path / "cultuurgraaf.toml").read_text(encoding="utf-8"))
    assert [s["name"] for s in project["sources"]] == ["personen-register", "collectie-export"]
    other = init(FESTIVAL, "--project", tmp_path, "--name", "personen-register")
    assert other.exit_code == 3 and "choose another name with --name" in other.output


def test_a_kind_chosen_with_the_option_is_said_to_be_chosen(tmp_path):
    result = init(FESTIVAL, "--project", tmp_path, "--kind", "erfgoedobject", "--name", "als-objecten")
    assert result.exit_code == 0, result.output
    assert "kind: erfgoedobject (chosen with --kind)" in result.output
    assert build(tmp_path).exit_code in (0, 1)


def test_an_export_with_rows_of_the_wrong_width_is_refused_with_its_line(tmp_path):
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("id,naam\n1,Ann\n2,Bob,extra\n", encoding="utf-8")
    result = init(ragged, "--project", tmp_path / "p")
    assert result.exit_code == 3
    assert "ragged.csv, line 3: the row has 3 fields where the header has 2" in result.output
    assert not (tmp_path / "p" / "cultuurgraaf.toml").exists()


# -- the real extracts -------------------------------------------------------------------------------------

#: the extracts of ../shared/samples as its README lists them (the LIDO folder holds 16 files)
LISTED = ["kunstenpunt/organisaties.csv", "kunstenpunt/premierelocaties.csv", "uitdatabank-flagey/flagey_events.json",
          "coghent-ldes/dmg_objects.ndjson", "designmuseumgent-lido/wolfers_lido.xml", "marc21/batch.xml",
          "marc21/utf8.xml", "marc21/marc.dat", "marc21/test.dat"]


@pytest.fixture(scope="module")
def samples_project(tmp_path_factory):
    """Every extract in ../shared/samples (every file but its README) proposed into one project, one
    source each, then built once."""
    folder = shared_or_skip("samples", "README.md").parent
    samples = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.name != "README.md")
    project = tmp_path_factory.mktemp("init-samples")
    outputs = {sample: init(folder / sample, "--project", project, "--name", f"s{number:02d}")
               for number, sample in enumerate(samples, start=1)}
    return project, outputs, build(project)


@pytest.mark.slow
def test_every_sample_extract_gets_a_proposal(samples_project):
    _, outputs, _ = samples_project
    assert set(LISTED) <= set(outputs) and sum(s.startswith("lido-various/") for s in outputs) == 16
    failed = {sample: r.output for sample, r in outputs.items() if r.exit_code != 0}
    assert not failed


@pytest.mark.slow
def test_the_functions_the_proposals_call_are_the_ones_the_docs_name(samples_project, tmp_path):
    project, _, _ = samples_project
    for export in (FESTIVAL, COLLECTION, PERSONS):
        assert init(export, "--project", project).exit_code == 0
    called = {name for mapping in (project / "mappings").glob("*.yml")
              for name in re.findall(r"function: (cg:\w+)", mapping.read_text(encoding="utf-8"))}
    docs = (Path(__file__).parents[1] / "docs" / "add-a-source.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(cg:\w+)`", docs[docs.index("The proposals call these functions"):]))
    assert called <= named, called - named


@pytest.mark.slow
def test_the_proposals_of_every_sample_build_into_one_store(samples_project):
    project, outputs, built = samples_project
    assert built.exit_code in (0, 1), built.output
    assert built.output.count(": built,") == len(outputs), built.output


def test_the_long_venue_file_is_pivoted_with_cg_when(tmp_path):
    sample = shared_or_skip("samples", "kunstenpunt", "premierelocaties.csv")
    found = proposal(sample, tmp_path)
    assert found.kind.kind == "locatie"
    assert found.profile.long == ("premierelocatie_id", "relatie", "value")
    assert '[cg:equals, "naam"]' in found.text and "a long file: each column 'premierelocatie_id'" in found.text
    assert "'None' in 1,354 values" in found.text


def test_records_whose_events_fill_many_fields_are_still_guessed_objects(tmp_path):
    """Thirty fields under a LIDO record's events all say 'event': a word is heard once, not thirty times."""
    found = proposal(shared_or_skip("samples", "designmuseumgent-lido", "wolfers_lido.xml"), tmp_path)
    assert found.kind.kind == "erfgoedobject", found.kind.lines()
    assert found.kind.scores["activiteit"] <= 2


def test_binary_marc_gets_the_built_in_format_and_no_mapping(tmp_path):
    result = init(shared_or_skip("samples", "marc21", "marc.dat"), "--project", tmp_path, "--kind", "persoon")
    assert result.exit_code == 0, result.output
    assert 'this is binary MARC (ISO 2709): the built-in format "marc21" reads it' in result.output
    assert "--kind does not apply" in result.output and not (tmp_path / "mappings").exists()
    project = tomllib.loads((tmp_path / "cultuurgraaf.toml").read_text(encoding="utf-8"))
    assert project["sources"][0]["format"] == "marc21" and "mapping" not in project["sources"][0]
    assert init(shared_or_skip("samples", "marc21", "marc.dat"), "--project", tmp_path).exit_code == 3
    assert init(shared_or_skip("samples", "marc21", "marc.dat"), "--project", tmp_path, "--force").exit_code == 0


def test_the_records_of_an_oai_pmh_answer_are_found_past_its_date_and_request(tmp_path):
    answer = tmp_path / "oai.xml"
    answer.write_text("""<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
  <responseDate>2024-01-01T00:00:00Z</responseDate><request verb="ListRecords">https://example.org/oai</request>
  <ListRecords>
    <record><header><identifier>oai:x:1</identifier></header><metadata><title>Kaart van Gent</title></metadata></record>
    <record><header><identifier>oai:x:2</identifier></header><metadata><title>De Graslei</title></metadata></record>
    <resumptionToken>abc</resumptionToken>
  </ListRecords>
</OAI-PMH>""", encoding="utf-8")
    found = proposal(answer, tmp_path)
    assert found.profile.export.iterator == "/oai:OAI-PMH/oai:ListRecords/oai:record"
    assert "identifier: oai:header/oai:identifier (its name says id and its 2 values are unique)" in found.guesses


def test_an_export_in_a_standard_format_is_told_the_built_in_kind_that_reads_it(tmp_path):
    result = init(shared_or_skip("samples", "lido-various", "minimaldatensatz.xml"), "--project", tmp_path)
    assert result.exit_code == 0, result.output
    assert 'note: this is a standard format: `format = "lido"`' in result.output
    assert not proposal(COLLECTION, tmp_path).standard
    assert proposal(shared_or_skip("samples", "coghent-ldes", "dmg_objects.ndjson"), tmp_path).standard == "oslo-ldes"
    assert proposal(shared_or_skip("samples", "marc21", "batch.xml"), tmp_path).standard == "marc21"


def test_a_marc_publisher_number_is_no_year_and_the_publication_date_is(tmp_path):
    """028 $a is a publisher's or music number (1259 for an Atlantic record): a number that looks like
    a year in a field the MARC standard gives no dates must not become the production date, while 260 $c
    (the date of publication) does."""
    records = "".join(f"""
  <marc:record>
    <marc:leader>00925njm  22002777a 4500</marc:leader>
    <marc:controlfield tag="001">{number}</marc:controlfield>
    <marc:datafield tag="028" ind1="0" ind2="0">
      <marc:subfield code="a">{issue}</marc:subfield><marc:subfield code="b">Atlantic</marc:subfield>
    </marc:datafield>
    <marc:datafield tag="040" ind1=" " ind2=" "><marc:subfield code="a">DLC</marc:subfield></marc:datafield>
    <marc:datafield tag="100" ind1="1" ind2=" "><marc:subfield code="a">Charles, Ray</marc:subfield></marc:datafield>
    <marc:datafield tag="245" ind1="0" ind2="4"><marc:subfield code="a">{title}</marc:subfield></marc:datafield>
    <marc:datafield tag="260" ind1=" " ind2=" ">
      <marc:subfield code="b">Atlantic,</marc:subfield><marc:subfield code="c">{year}</marc:subfield>
    </marc:datafield>
  </marc:record>""" for number, issue, title, year in (("5637241", "1259", "The Great Ray Charles", "1957"),
                                                       ("5637242", "1289", "Ray Charles at Newport", "1958")))
    export = tmp_path / "platen.xml"
    export.write_text(f'<marc:collection xmlns:marc="http://www.loc.gov/MARC21/slim">{records}\n</marc:collection>',
                      encoding="utf-8")
    found = proposal(export, tmp_path, kind="erfgoedobject")
    number = found.profile.fields["marc:datafield[@tag='028']/marc:subfield[@code='a']"]
    assert number.main_form() == "integer" and not number.dated
    dates = [guess for guess in found.guesses if guess.startswith("production date")]
    assert dates == ["production date: marc:datafield[@tag='260']/marc:subfield[@code='c'] (year; cg:edtf reads 2 "
                     "of 2)"], dates
    assert "marc:datafield[@tag='028']/marc:subfield[@code='a']: whole numbers 2, such as '1259'" in found.text


def test_a_text_without_a_language_is_offered_its_guessed_languages_as_a_rule_that_runs(tmp_path):
    """Descriptions in Dutch, French and English with no language column: the proposal tags them nl
    (a guess it says) and offers, as a comment, the rule that lets cg:likelyLanguage guess each one's;
    uncommented in place of the rule below it, that rule maps."""
    export = tmp_path / "objecten.csv"
    export.write_text(
        "objectnummer,titel,beschrijving\n"
        "1915.0001,Kandelaar,\"Kandelaar in koper, ontworpen door Henry van de Velde omstreeks 1914\"\n"
        "1980.0002,Kom,Kom in zilver vervaardigd in 1889; het handvat is later vervangen\n"
        "1990.0001,Affiche,\"Affiche pour une exposition d'art nouveau à Bruxelles, imprimée en couleurs\"\n"
        "2001.0003,Poster,\"Poster for the Ghent festival, printed in four colours\"\n"
        "1935.0007,Vaas,Vaas\n", encoding="utf-8")
    found = proposal(export, tmp_path, kind="erfgoedobject")
    lines = found.text.splitlines()
    start = next(i for i, line in enumerate(lines) if "or let cg:likelyLanguage" in line and "$(beschrijving)" in
                 "".join(lines[i:i + 6]))
    assert "tried on 5 distinct values, it gives nl for 2, fr for 1, en for 1, und-Latn for 1" in lines[start]
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].lstrip().startswith("#   "))
    assert lines[end].strip() == '- [crm:P3_has_note, "$(beschrijving)", nl~lang]'
    indent = lines[end][:len(lines[end]) - len(lines[end].lstrip())]
    option = [indent + line.strip()[len("#   "):] if line.strip().startswith("#   -") else
              indent + "  " + line.strip()[len("#     "):] for line in lines[start + 1:end]]
    mapping = tmp_path / "objecten.yml"
    mapping.write_text("\n".join(lines[:start] + option + lines[end + 1:]) + "\n", encoding="utf-8")
    run = execute(load_mapping(mapping))
    notes = {(o.value, o.language) for _, p, o in Graph().parse(data="".join(run.quads()), format="nt")
             if str(p).endswith("P3_has_note")}
    assert {language for _, language in notes} == {"nl", "fr", "en", "und-Latn"}
    assert ("Vaas", "und-Latn") in notes and run.stats.guessed == {"erfgoedobject: crm:P3_has_note (beschrijving)": 4}


def test_list_cells_of_names_are_counted_and_a_list_column_left_unmapped_gets_its_split(tmp_path):
    """Makers with ';' between them are one record each (CSV lists); makers with only commas between
    them are counted in a comment, as each such cell still makes one maker; a column of list cells
    that no rule uses is listed with the cg:splitNames call that splits it."""
    export = tmp_path / "objecten.csv"
    export.write_text(
        "objectnummer,titel,vervaardiger,trefwoorden\n"
        '1990.0001,Het Lam Gods,"Van Eyck, Hubert, Van Eyck, Jan",altaarstuk; veelluik\n'
        '2001.0003,Affiche Gentse Feesten,"Van den Bossche, Jan; de Coster, Charles",affiche; feest\n'
        '1935.0007,De intrige,"Ensor, James",schilderij; maskers\n'
        '1915.0001,Kandelaar,"van de Velde, Henry",kandelaar\n'
        '1900.0010,Vaas,"Claus, Hugo; Mortier, Erwin",\n', encoding="utf-8")
    text = proposal(export, tmp_path, kind="erfgoedobject").text
    assert 'lists: {"vervaardiger": ";"}' in text
    assert ("# 1 of 5 distinct values of column 'vervaardiger' name several, with only commas between them (such "
            "as 'Van Eyck, Hubert, Van Eyck, Jan', which cg:splitNames reads as 'Van Eyck, Hubert' and 'Van Eyck, "
            "Jan'") in text
    assert ("column 'trefwoorden': text 4, such as 'altaarstuk; veelluik' (4 of 5 rows); 3 values are lists with "
            "';': {function: cg:splitNames, parameters: [[cg:value, \"$(trefwoorden)\"], [cg:separator, \";\"]]} "
            "gives one value each") in text
