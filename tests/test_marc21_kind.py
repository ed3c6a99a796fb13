"""The MARC 21 kind (src/cultuurgraaf/kinds/marc21.yml) on real catalogue records, and on records
written for these tests where the real ones have nothing to show (authority links).

The real records are pymarc's test files in ../shared/samples/marc21: two files of binary ISO 2709
records (MARC-8, Library of Congress books) and two MARCXML files. They are built as one project
into a temporary store, and each record's work is checked against what the record says, read
from the record by hand: title, authors, subjects, place, publisher, year and numbers.
"""

from __future__ import annotations

from pathlib import Path

import pymarc
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.compare import graph_diff, isomorphic
from rdflib.namespace import FOAF, OWL, RDF, RDFS, SKOS

from cultuurgraaf.errors import SourceError
from cultuurgraaf.mapping import execute, load_mapping
from support.paths import shared_or_skip
from support.projects import KINDS, build_kind

DATA = Path(__file__).parent / "data" / "marc21"
KIND = KINDS / "marc21.yml"
BASE = "https://data.cultuurgraaf.be/"
CRM = Namespace("http://www.cidoc-crm.org/cidoc-crm/")
FRBR = Namespace("https://www.iflastandards.info/fr/frbr/frbroo#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
DCT = Namespace("http://purl.org/dc/terms/")
PERSON = URIRef("http://www.w3.org/ns/person#Person")


def work(ref: str) -> URIRef:
    return URIRef(f"{BASE}id/werk/marc-{ref}")


# ref: (title, persons, other authors, subjects, places, publishers, year, numbers), from the records
EXPECTED = {
    # marc.dat
    "11778504": ("The pragmatic programmer : from journeyman to master", ["Hunt, Andrew", "Thomas, David"], [],
                 ["Computer programming"], ["Reading, Mass"], ["Addison-Wesley"], "2000",
                 [("ISBN", "020161622X"), ("LCCN", "99043581")]),
    "12515882": ("Programming Python", ["Lutz, Mark"], [], ["Python (Computer program language)"],
                 ["Beijing", "Sebastopol, CA"], ["O'Reilly"], "2001", [("ISBN", "0596000855"), ("LCCN", "2001276084")]),
    "13610512": ("Learning Python", ["Ascher, David", "Lutz, Mark"], [], ["Python (Computer program language)"],
                 ["Sebastopol, CA"], ["O'Reilly"], "2004", [("ISBN", "0596002815"), ("LCCN", "2004273129")]),
    "13069942": ("Python cookbook", ["Ascher, David", "Martelli, Alex"], [], ["Python (Computer program language)"],
                 ["Sebastopol, CA"], ["O'Reilly"], "2002", [("ISBN", "0596001673"), ("LCCN", "2003268354")]),
    "13127962": ("Python programming for the absolute beginner", ["Dawson, Michael"], [], [], ["Indianapolis, IN"],
                 ["Premier Press Inc., a division of Course Technology"], "2003",
                 [("ISBN", "1592000738"), ("LCCN", "2003104024")]),
    "12565514": ("Web programming : techniques for integrating Python, Linux, Apache, and MySQL",
                 ["Christopher, Thomas W.", "Shafaee, John P.", "Thiruvathukal, George K."], [],
                 ["Internet programming", "Web sites -- Design"], ["Upper Saddle River, NJ"], ["Prentice Hall"], "2002",
                 [("ISBN", "0130410659"), ("LCCN", "2001055410")]),
    "11877373": ("Python programming on Win32", ["Hammond, Mark", "Robinson, Andy"], [],
                 ["Microsoft Win32", "Python (Computer program language)"], ["Beijing", "Sebastopol, CA"], ["O'Reilly"],
                 "2000", [("ISBN", "1565926218"), ("LCCN", "99085714")]),
    "13432377": ("Python programming : an introduction to computer science", ["Zelle, John M."], [],
                 ["Python (Computer program language)"], ["Wilsonville, OR"], ["Franklin, Beedle"], "2003",
                 [("ISBN", "1887902996"), ("LCCN", "2003064366")]),
    "12227277": ("Python Web programming", ["Beazley, David M.", "Holden, Steve"], [],
                 ["Internet programming", "Python (Computer program language)", "Web sites -- Design"],
                 ["Indianapolis, Ind"], ["New Riders"], "2002", [("ISBN", "0735710902"), ("LCCN", "00110884")]),
    # 008 gives 2000 as Date 1, 260 $c 2001: the kind reads the year from 008
    "12169168": ("Core python programming", ["Chun, Wesley"], [], ["Python (Computer program language)"],
                 ["Upper Saddle River, NJ"], ["Prentice Hall"], "2000", [("ISBN", "0130260363"), ("LCCN", "00047856")]),
    "12132188": ("Python and Tkinter programming", ["Grayson, John E."], [],
                 ["Python (Computer program language)", "Tcl (Computer program language)", "Tk toolkit"],
                 ["Greenwich, CT"], ["Manning"], "2000", [("ISBN", "1884777813"), ("LCCN", "00697831")]),
    # the editor is only in 245 $c: no author
    "13378325": ("Game programming with Python, Lua, and Ruby", [], [], [], ["Indianapolis, IN"],
                 ["Premier Press, a Division of Course Technology"], "2003", [("ISBN", "1592000770"), ("LCCN", "2003114351")]),
    "12565529": ("Python programming patterns", ["Christopher, Thomas W."], [], ["Python (Computer program language)"],
                 ["Upper Saddle River, NJ"], ["Prentice Hall"], "2002", [("ISBN", "0130409561"), ("LCCN", "2001055411")]),
    "12752564": ("Python programming with the Java class libraries : a tutorial for building Web and Enterprise "
                 "applications", ["Hightower, Richard"], [],
                 ["Application software -- Development", "Java (Computer program language)",
                  "Python (Computer program language)"], ["Boston, MA"], ["Addison-Wesley"], "2002",
                 [("ISBN", "0201616165"), ("LCCN", "2002066565")]),
    "12167239": ("Learn to program using Python : a tutorial for hobbyists, self-starters, and all who want to learn "
                 "the art of computer programming", ["Gauld, Alan"], [], ["Python (Computer program language)"],
                 ["Reading, MA"], ["Addison-Wesley"], "2001", [("ISBN", "0201709384"), ("LCCN", "00046921")]),
    "205256": ("Programming with Python", ["Altom, Tim", "Chapman, Mitch"], [], ["Python (Computer program language)"],
               ["Rocklin, CA"], ["Prima Tech"], "2000", [("ISBN", "0761523340"), ("LCCN", "99065006")]),
    "13284395": ("BSD Sockets programming from a multi-language perspective", ["Jones, M. Tim"], [],
                 ["Computer networks -- Design and construction", "Internet programming",
                  "Internetworking (Telecommunication)", "Programming languages (Electronic computers)"],
                 ["Hingham, Mass"], ["Charles River Media"], "2004", [("ISBN", "1584502681"), ("LCCN", "2003016400")]),
    "1598167": ("Design patterns : elements of reusable object-oriented software", ["Gamma, Erich"], [],
                ["Computer software -- Reusability", "Object-oriented programming (Computer science)", "Software patterns"],
                ["Reading, Mass"], ["Addison-Wesley"], "1995", [("ISBN", "0201633612"), ("LCCN", "94034264")]),
    # the second 700 names a related work ($t), not an author
    "12370044": ("Introduction to algorithms", ["Cormen, Thomas H."], [], ["Computer algorithms", "Computer programming"],
                 ["Cambridge, Mass"], ["MIT Press"], "2001", [("ISBN", "0262032937"), ("LCCN", "2001031277")]),
    "3035409": ("ANSI Common Lisp", ["Graham, Paul"], [], ["COMMON LISP (Computer program language)"],
                ["Englewood Cliffs, N.J."], ["Prentice Hall"], "1996", [("ISBN", "0133708756"), ("LCCN", "95045017")]),
    # test.dat: 001 with the organisation code of 003 (IMchF)
    "IMchF-fol05731351": ("ActivePerl with ASP and ADO", ["Martinsson, Tobias"], [],
                          ["Active server pages", "ActiveX", "Perl (Computer program language)"], ["New York"],
                          ["John Wiley & Sons"], "2000", [("ISBN", "0471383147"), ("LCCN", "00020737")]),
    "IMchF-fol05754809": ("Programming the Perl DBI", ["Bunce, Tim", "Descartes, Alligator"], [],
                          ["Database management", "Perl (Computer program language)"], ["Cmabridge, MA"], ["O'Reilly"],
                          "2000", [("ISBN", "1565926994"), ("LCCN", "00022023")]),
    "IMchF-fol05843555": ("Perl : programmer's reference", ["Brown, Martin C."], [], ["Perl (Computer program language)"],
                          ["Berkeley"], ["Osborne/McGraw-Hill"], "1999", [("LCCN", "00501349")]),
    "IMchF-fol05843579": ("Perl : the complete reference", ["Brown, Martin C."], [], ["Perl (Computer program language)"],
                          ["Berkeley"], ["Osborne/McGraw-Hill"], "1999", [("ISBN", "0072120002"), ("LCCN", "00502116")]),
    "IMchF-fol05848297": ("CGI programming with Perl", ["Birznieks, Gunther", "Guelich, Scott", "Gundavaram, Shishir"], [],
                          ["CGI (Computer network protocol)", "Internet programming", "Perl (Computer program language)"],
                          ["Cambridge, Mass"], ["O'Reilly"], "2000", [("ISBN", "1565924193"), ("LCCN", "00041664")]),
    # a meeting as the author (111)
    "IMchF-fol05865950": ("Proceedings of the Perl Conference 4.0 : July 17-20, 2000, Monterey, California", [],
                          ["Perl Conference 4.0 (2000 : Monterey, Calif.)"],
                          ["Perl (Computer program language) -- Congresses"], ["Cambridge, Mass"], ["O'Reilly"], "2000",
                          [("ISBN", "0596000138"), ("LCCN", "00055759")]),
    "IMchF-fol05865956": ("Perl for system administration", ["Blank-Edelman, David N."], [],
                          ["Perl (Computer program language)"], ["Cambridge, Mass"], ["O'Reilly"], "2000",
                          [("ISBN", "1565926099"), ("LCCN", "00055770")]),
    "IMchF-fol05865967": ("Programming Perl", ["Christiansen, Tom", "Orwant, Jon", "Wall, Larry"], [],
                          ["Perl (Computer program language)"], ["Cambridge, Mass"], ["O'Reilly"], "2000",
                          [("ISBN", "0596000278"), ("LCCN", "00055799")]),
    "IMchF-fol05872355": ("Perl programmer's interactive workbook", ["Lowe, Vincent"], [],
                          ["Perl (Computer program language)"], ["Upper Saddle River, NJ"], ["Prentice Hall PTP"], "1999",
                          [("ISBN", "013020868X"), ("LCCN", "00500678")]),
    # first indicator 2, the obsolete "multiple surnames": still a person
    "IMchF-fol05882032": ("Cross-platform Perl", ["Foster-Johnson, Eric"], [],
                          ["Cross-platform software development", "Perl (Computer program language)", "Web servers"],
                          ["Foster City, CA"], ["IDG Books Worldwide"], "2000", [("ISBN", "0764547291"), ("LCCN", "00058174")]),
    # batch.xml (MARCXML)
    "DLC-5637241": ("The Great Ray Charles", ["Charles, Ray"], [], ["Jazz -- 1951-1960", "Piano with jazz ensemble"],
                    ["New York, N.Y."], ["Atlantic"], "1957", [("LCCN", "91758335")]),
    "12149120": ("The White House", [], ["White House Web Team"],
                 ["United States. Executive Office of the President", "United States. Office of the First Lady",
                  "United States. Office of the Vice President", "White House (Washington, D.C.)"],
                 ["Washington, D.C."], ["White House Web Team"], "1994", [("LCCN", "00530046")]),
    # utf8.xml: 008 gives 9999, no year
    "ASP925318/clmu": ("Zen Classics", [], [], [], [], ["Virgin Classics"], None, []),
}


def labels(graph: Graph, nodes, predicate) -> list[str]:
    return sorted(str(graph.value(n, predicate)) for n in nodes)


def described(graph: Graph, ref: str) -> tuple:
    """What the graph says of a record's work, in the order of EXPECTED's rows."""
    subject = URIRef(f"{BASE}id/werk/marc-" + ref.replace("/", "%2F"))
    assert (subject, RDF.type, FRBR.F24) in graph, f"no work {subject}"
    creation, publication = graph.value(subject, CRM.P94i_was_created_by), graph.value(subject, FRBR.R24i)
    authors = list(graph.objects(creation, CRM.P14_carried_out_by)) if creation is not None else []
    year = graph.value(publication, CRM["P4_has_time-span"])
    numbers = sorted((str(graph.value(i, ADMS.schemaAgency)), str(graph.value(i, SKOS.notation)))
                     for i in graph.objects(subject, ADMS.identifier) if graph.value(i, ADMS.schemaAgency) is not None
                     and str(graph.value(i, ADMS.schemaAgency)) in ("ISBN", "LCCN", "ISSN"))
    return (str(graph.value(subject, CRM.P102_has_title)),
            labels(graph, [a for a in authors if (a, RDF.type, PERSON) in graph], FOAF.name),
            labels(graph, [a for a in authors if (a, RDF.type, DCT.Agent) in graph], RDFS.label),
            labels(graph, graph.objects(subject, CRM.P129_is_about), RDFS.label),
            labels(graph, graph.objects(publication, CRM.P7_took_place_at), RDFS.label),
            labels(graph, graph.objects(publication, CRM.P14_carried_out_by), RDFS.label),
            None if year is None else str(year), numbers)


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    """The four sample files built as one source into a store; its graph and the build's result."""
    files = [shared_or_skip("samples", "marc21", name) for name in ("marc.dat", "test.dat", "batch.xml", "utf8.xml")]
    return build_kind(tmp_path_factory.mktemp("marc21"), "marc21", files)


@pytest.mark.parametrize("ref", EXPECTED)
def test_each_catalogue_record_gives_its_work_as_the_record_says(catalogue, ref):
    graph, _ = catalogue
    assert described(graph, ref) == EXPECTED[ref]


def test_every_record_of_the_samples_is_a_work_and_nothing_is_quarantined(catalogue):
    graph, result = catalogue
    assert len(set(graph.subjects(RDF.type, FRBR.F24))) == len(EXPECTED) == 33
    assert result.report is not None and result.report.counts()["Violation"] == 0, result.report.to_text()
    assert not result.check.quarantined


def test_the_binary_records_are_decoded_from_marc8(catalogue):
    """marc.dat's leaders say MARC-8 (position 9 blank); pymarc decodes them to the same text."""
    sample = shared_or_skip("samples", "marc21", "marc.dat")
    with open(sample, "rb") as handle:
        first = next(iter(pymarc.MARCReader(handle, to_unicode=True)))
    assert first.leader[9] == " "
    assert described(catalogue[0], "11778504")[0] == "The pragmatic programmer : from journeyman to master"


# --- authority links, in records written for the tests -----------------------------------------

def mapped(path: Path) -> Graph:
    graph = Graph()
    graph.parse(data="".join(execute(load_mapping(KIND), base_iri=BASE, inputs={"": path}).quads()), format="nt")
    return graph


@pytest.fixture(scope="module")
def authorities():
    return mapped(DATA / "gezag.xml")


def test_authors_keep_the_authority_links_of_their_fields(authorities):
    graph = authorities
    author = URIRef(BASE + "id/persoon/marc-verhulst-mira-1931-2004")
    assert set(graph.objects(author, OWL.sameAs)) == {
        URIRef("https://d-nb.info/gnd/1012345678"), URIRef("https://isni.org/isni/0000000123456789"),
        URIRef("http://www.wikidata.org/entity/Q99999991")}
    assert (str(graph.value(author, FOAF.familyName)), str(graph.value(author, FOAF.givenName))) == ("Verhulst", "Mira")
    illustrator = URIRef(BASE + "id/persoon/marc-de-smet-joris")
    assert set(graph.objects(illustrator, OWL.sameAs)) == {
        URIRef("http://id.loc.gov/authorities/names/no9999999999"), URIRef("http://viaf.org/viaf/999999999")}
    festival = URIRef(BASE + "id/actor/marc-scheldefestival-3e-1999-antwerpen")
    assert graph.value(festival, OWL.sameAs) == URIRef("http://www.wikidata.org/entity/Q99999992")
    assert str(graph.value(festival, RDFS.label)) == "Scheldefestival (3e : 1999 : Antwerpen)"


def test_a_related_work_in_an_added_entry_is_not_an_author(authorities):
    creation = URIRef(BASE + "id/creatie/marc-BE-EX001-c%3Alvd%3A123456")
    assert set(authorities.objects(creation, CRM.P14_carried_out_by)) == {
        URIRef(BASE + "id/persoon/marc-verhulst-mira-1931-2004"), URIRef(BASE + "id/persoon/marc-de-smet-joris"),
        URIRef(BASE + "id/actor/marc-stad-antwerpen-letterenhuis")}


def test_subjects_and_genres_keep_their_authority_and_the_language_of_their_thesaurus(authorities):
    graph = authorities
    record = work("BE-EX001-c%3Alvd%3A123456")
    lcsh = URIRef("http://id.loc.gov/authorities/subjects/sh99999999")
    assert lcsh in set(graph.objects(record, CRM.P129_is_about))
    assert graph.value(lcsh, SKOS.prefLabel).n3() == '"Harbors -- Fiction"@en'
    goo = URIRef(BASE + "id/concept/onderwerp-lillo-antwerpen")
    assert graph.value(goo, SKOS.prefLabel).n3() == '"Lillo (Antwerpen)"@nl'
    assert set(graph.objects(record, CRM.P2_has_type)) == {
        URIRef("http://id.loc.gov/authorities/genreForms/gf9999999999"), URIRef(BASE + "id/concept/genre-romans")}


def test_an_authority_link_that_is_no_known_iri_is_kept_as_an_identifier(authorities):
    graph = authorities
    havens = URIRef(BASE + "id/concept/onderwerp-havens-belgie")
    identifier = graph.value(havens, ADMS.identifier)
    assert (str(graph.value(identifier, SKOS.notation)), str(graph.value(identifier, ADMS.schemaAgency))) == (
        "078577314", "NL-LeOCL")
    assert graph.value(havens, OWL.sameAs) is None


def test_the_isbd_placeholders_for_an_unknown_place_and_publisher_give_none(authorities):
    publication = URIRef(BASE + "id/publicatie/marc-BE-EX001-c%3Alvd%3A654321")
    assert list(authorities.objects(publication, CRM.P7_took_place_at)) == []
    assert list(authorities.objects(publication, CRM.P14_carried_out_by)) == []
    assert list(authorities.objects(publication, CRM["P4_has_time-span"])) == []      # 008/06 n: no dates
    other = URIRef(BASE + "id/publicatie/marc-BE-EX001-c%3Alvd%3A123456")
    assert str(authorities.value(other, CRM["P4_has_time-span"])) == "197X"           # 197u


def test_the_same_records_in_iso_2709_give_the_same_graph(authorities, tmp_path):
    binary = tmp_path / "gezag.mrc"
    with open(binary, "wb") as handle:
        for record in pymarc.parse_xml_to_array(str(DATA / "gezag.xml")):
            handle.write(record.as_marc())
    again = mapped(binary)
    assert isomorphic(again, authorities), graph_diff(again, authorities)


def test_marcxml_without_namespace_and_inside_an_oai_pmh_response(tmp_path):
    plain = mapped(DATA / "zonder-naamruimte.xml")
    assert str(plain.value(work("77"), CRM.P102_has_title)) == "Gedichten uit de polder"
    assert plain.value(URIRef(BASE + "id/persoon/marc-lieve"), OWL.sameAs) == URIRef("http://viaf.org/viaf/999999998")
    harvested = mapped(DATA / "listrecords-marc21.xml")
    assert set(harvested.subjects(RDF.type, FRBR.F24)) == {work("c%3Alvd%3A888")}      # the deleted record has none
    assert str(harvested.value(work("c%3Alvd%3A888"), CRM.P102_has_title)) == "Kaaien en dokken : een wandelgids"


# --- what cannot be read ---------------------------------------------------------------------

def test_a_cut_off_binary_file_is_an_error_that_names_the_record(tmp_path):
    whole = shared_or_skip("samples", "marc21", "test.dat").read_bytes()
    cut = tmp_path / "cut.mrc"
    cut.write_bytes(whole[:1500])                       # record 2 runs from byte 755 to 1402, record 3 is cut
    with pytest.raises(SourceError) as caught:
        list(execute(load_mapping(KIND), base_iri=BASE, inputs={"": cut}).quads())
    assert caught.value.exit_code == 3
    assert "record 3 (byte 1402)" in str(caught.value)


def test_malformed_marcxml_is_an_error_with_its_line(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text((DATA / "zonder-naamruimte.xml").read_text(encoding="utf-8").replace("</record>", ""),
                      encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        list(execute(load_mapping(KIND), base_iri=BASE, inputs={"": broken}).quads())
    assert "malformed XML" in str(caught.value) and "line" in str(caught.value)
