"""The built-in LIDO kind on every LIDO sample: 16 files of 15 publishers (LIDO 1.0 and 1.1) and
the Design Museum Gent export, each a source with `format = "lido"` and no mapping of its own.

The expectations below were written from reading the XML of each record, not from what the
kind makes: its object and titles (per language), its types (concept IRIs, or the term of a
concept the record gives no IRI for), its makers (by name, or by IRI where the record names none)
with the authority IRIs the record gives them, its production date as EDTF (None where the record
gives none that reads as a date), and its keeper. ``figures`` prints, per file, records / objects /
with title / with maker / with keeper / validation findings (run with -s to see them).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph
import pytest
from lxml import etree

from cultuurgraaf.config import load_project
from cultuurgraaf.pipeline import build, map_source
from cultuurgraaf.vocab import PREFIXES
from support.paths import ROOT, SHARED, shared_or_skip

pytestmark = pytest.mark.slow

LIDO_NS = {"l": "http://www.lido-schema.org"}
VARIOUS = SHARED / "samples" / "lido-various"
DMG = SHARED / "samples" / "designmuseumgent-lido" / "wolfers_lido.xml"
GND, AAT, ULAN, VIAF = "http://d-nb.info/gnd/", "http://vocab.getty.edu/aat/", "http://vocab.getty.edu/ulan/", "http://viaf.org/viaf/"
KENOM_ACTOR = "http://uri.gbv.de/terminology/kenom_actor/"
MARBURG = "Deutsches Dokumentationszentrum für Kunstgeschichte - Bildarchiv Foto Marburg"
SCHLESWIG = "Schleswig-Holsteinische Landesbibliothek"
NOTGELD = (GND + "4004469-5", "http://nomisma.org/id/paper_money")
#: what no literal may be: empty, a year 0, or the placeholders these exports write
PLACEHOLDERS = {"", "0", "gleicher_Titel", "Fotograf unbekannt", "unbekannt", "unknown", "onbekend", "-", "?"}


@dataclass(frozen=True)
class Record:
    file: str
    record: str
    titles: set = field(default_factory=set)        # (text, language)
    types: tuple = ()                               # concept IRIs, or the label of a local concept
    makers: dict = field(default_factory=dict)      # name (or the maker's IRI) -> authority IRIs among its owl:sameAs
    date: str | None = None
    keeper: str | None = None


def kenom(record, title, makers, date):
    return Record("kenom_oai_chunk20.xml", f"record_DE-68_kenom_{record}", {(title, "de")}, NOTGELD,
                  makers, date, SCHLESWIG)


EXPECTED = [
    Record("LIDO-Example_FMobj00154983-LaPrimavera.xml", "DE-Mb112/lido-obj00154983",
           {("La Primavera / Spring", "en"), ("La Primavera / Der Frühling", "de")}, ("painting", "panel painting"),
           {"Botticelli, Sandro": ()}, "1482", "Galleria degli Uffizi — Pinacoteca (Florence)"),
    # a fountain on a square: the record names no repository, so the record source keeps it (a guess, said)
    Record("LIDO-v1.1-Example_FMobj20344012-Fontana_del_Moro.xml", "DE-Mb112/lido/obj20344012",
           {("Fontana del Moro", "de"), ("Fontana del Moro", "it"), ("Mohrenbrunnen", "de"),
            ("Fountain of the Moor (Rome, Italy)", "en")}, (AAT + "300006179", "Architektur"), {}, None, MARBURG),
    Record("LIDO-v1.1-Example_FMobj20344012-Fontana_del_Moro.xml", "DE-Mb112/lido/obj20344012,T,001",
           {("Fontana del Moro — Brunnenbecken mit vier Tritonen und Masken", "de")}, (AAT + "300045614", AAT + "300400898"),
           {"Porta, Giacomo della": (ULAN + "500025366", GND + "118977326")}, "1575/1576", MARBURG),
    Record("LIDO-v1.1-Example_FMobj20344012-Fontana_del_Moro.xml", "DE-Mb112/lido/obj20344012,T,002",
           {("Fontana del Moro — Äthiopier im Kampf gegen einen Delphin", "de"),
            ("Fontana del Moro — Etiope in lotta con un delfino", "it")}, (AAT + "300400898",),
           {"Bernini, Gian Lorenzo": (ULAN + "500032022", GND + "118509926"),
            "Mari, Giovanni Antonio": (ULAN + "500076627", GND + "121195600")}, "1654", MARBURG),
    Record("ddb-Bildarchiv_Foto_Marburg.xml", "DE-Mb112/lido/obj/20270079",
           {("Kunsthistorisches Museum und Naturhistorisches Museum", "de")},
           (AAT + "300005768", GND + "4040795-0", AAT + "300263552", GND + "4002851-3"),
           {"Semper, Gottfried": (ULAN + "500031906", GND + "118613154"),
            "Hasenauer, Carl von (Freiherr)": (ULAN + "500020365", GND + "116511729", GND + "118546597")},
           "1872/1881", "Bildarchiv Foto Marburg"),
    Record("ddb-Deutsche_Fotothek.xml", "DE-2396_33124388_df_hauptkatalog_0355520",
           {("Verden, Museum : Verden (Aller). Museum, Raumaufnahme", "de")}, ("Museum", GND + "4002851-3"),
           {"Cölln, Fritz": ()}, "1922/1923", "SLUB / Deutsche Fotothek"),
    # the only actor is "Fotograf unbekannt": a placeholder, not a maker
    Record("ddb-Ethnologisches_Museum.xml", "DE-MUS-019118/794675",
           {("Königliches Museum für Völkerkunde, Vestibül", "de")}, (AAT + "300138191", "Fotografie"), {}, "1906",
           "Ethnologisches Museum, Staatliche Museen zu Berlin"),
    # the title "gleicher_Titel" is a placeholder; the alternative title is the title
    Record("ddb-KENOM_Landesbib_Schwerin.xml", "DE-33__213833",
           {("10 Pfennig, 1922 Boltenhagen. Badeverwaltung", "de")}, NOTGELD,
           {"Schütz, Georg": (KENOM_ACTOR + "a2371367-cbdb-4df9-9059-f17b275e3f87",)}, "1922-01-01/1922-12-31",
           "Landesbibliothek Mecklenburg-Vorpommern Günther Uecker"),
    Record("ddb-Kulturerbe_Niedersachsen_Herzberg.xml", "DE-MUS-283918/30922",
           {("Sterbetaler 1695 (Memorialmünze für Christian Ludwig)", "de")}, (GND + "4040629-5",), {}, "1695",
           "Museum Schloss Herzberg"),
    Record("ddb-LWL-Museum.xml", "DE-MUS-100818/lido/obj/33419853", {("Bildnis des Camille Falconet", "de")},
           ("http://partage.vocnet.org/part00042", AAT + "300041273"), {"Moitte, Pierre Etienne": (GND + "124363075",)},
           "1762/1780", "LWL-Museum für Kunst und Kultur (Westfälisches Landesmuseum) — Porträtarchiv Diepenbroick (Münster)"),
    Record("ddb-Museum_Vor-Frühgeschichte.xml", "DE-MUS-019212/2560377",
           {("Archäologisches Bestandsverzeichnis aus der Reihe \"Haupt-Katalog der Vorgeschichtlichen Abteilung des "
             "Königlichen Museums für Völkerkunde zu Berlin\" (Band B V 1, 2)", "de")}, (AAT + "300026685",), {},
           "1895/1935", "Museum für Vor- und Frühgeschichte, Staatliche Museen zu Berlin"),
    Record("ddb-SMB_Skulpturensammlung.xml", "DE-MUS-815614/872000", {("Kniender Engel", "de")}, ("Figur",),
           {"Giambattista di Alberto Bregno": ("http://vocab.getty.edu/page/ulan/500042460",)}, None,
           "Skulpturensammlung und Museum für Byzantinische Kunst, Staatliche Museen zu Berlin"),
    # xml:lang "deu"; the only date is the display date "211-244 n. Chr.", which cg:edtf does not read yet
    Record("ddb-Uni_Köln.xml", "DE-MUS-14932/VAR_0008", {("Sardeis / Lydien, 211-244 n. Chr.", "de")},
           (GND + "4126078-8",), {}, None, "Institut für Altertumskunde, Universität zu Köln"),
    Record("ddb-digiCult.xml", "DE-MUS-292615/lido/20104", {("Eiserner Ritter", "de")},
           ("http://obg.vocnet.org/bh000092", GND + "4046277-8"), {}, "1915/1916", "Historisches Museum Saar"),
    # museum-digital's own event types: "Aufgenommen" (a photograph taken) and "Hergestellt" are productions
    Record("ddb-museum-digital_Müllrose.xml", "DE-MUS-824915/43734",
           {("Fotografie der Fuhrunternehmer Krüger und Sohn", "de")}, (GND + "4045895-7", AAT + "300054225"),
           {"Raschke, Ursula": ("https://d-nb.info/gnd/1232842486",)}, "1971/1981", "Heimatmuseum Müllrose im Haus des Gastes"),
    Record("ddb-museum-digital_Terra_Sigillata_Museum.xml", "DE-MUS-276311/93855",
           {("Rekonstruierter Knochenspatel zur Herstellung von Ratterdekor", "de")}, ("Knochenwerkzeug",),
           {"Winter, Adam": ("https://d-nb.info/gnd/119370174", "https://viaf.org/viaf/820272",
                             "https://www.wikidata.org/wiki/Q27131798")}, "1953", "Terra Sigillata Museum"),
    Record("minimaldatensatz.xml", "DE-MUS-059918/dc00018494", {("Kabinettschrank, Inv. Nr.: 1977.20", "de")},
           (AAT + "300379868",), {"Fiammingo, Giacomo": ("https://d-nb.info/gnd/1229708928",),
                                  "Curtis, Giovanni Battista de": ("https://d-nb.info/gnd/161108342",),
                                  "Picicaro, Januarius": (VIAF + "89840489",)}, "1596/1605",
           "Museum für Kunst und Gewerbe Hamburg"),
    kenom("123644", "50 Pfennig, 7.1921 Büsum", {"Druckerei W. Clausen <Büsum>": (), "Büsum": ()}, "1921-07-01/1921-07-31"),
    kenom("124387", "100.000 Mark, 1923 Sparkasse Büchen-Bahnhof", {"Büchen": ()}, "1923-01-01/1923-12-31"),
    kenom("123924", "Mark, 1921? Burg (Dithmarschen)", {"Nielsen, J.": (), "Burg (Dithmarschen)": ()}, "1921-01-01/1921-12-31"),
    kenom("124664", "1 Million Mark, 08.1923 Schleswig-Holsteinische Bank, Zahlstelle Brunsbüttelkoog",
          {"Brunsbüttelkoog": ()}, "1923-08-01/1923-08-31"),
    kenom("125185", "1.000 Mark, 1923 Lägerdorf", {"Lägerdorf": (), "Paul Bußmann, Buchdruckerei, Lägerdorf": ()},
          "1923-01-01/1923-12-31"),
    kenom("124622", "1 Million Mark, 8.1923 Beamtenbank für Brunsbüttelkoog und Umgegend e. G. m. b. H.",
          {"Brunsbüttelkoog": ()}, "1923-08-01/1923-08-31"),
    kenom("125812", "Krone (AV), 1927 S.O.S. Kassen", {"Hadersleben": ()}, "1927-01-01/1927-12-31"),
    kenom("126169", "50 Pfennig, 15.3.1921 Blankenese", {"Blankenese": ()}, "1921-03-15"),
    kenom("126349", "5 Millionen Mark, 09.08.1923 Neumünster",
          {"H. Simonsen": ("https://d-nb.info/gnd/128324627", VIAF + "5981548"), "Neumünster": ()}, "1923-08-09"),
    kenom("126533", "10 Milliarden Mark, 10.1923 Neustadt in Holstein",
          {"Neustadt in Holstein": (), "H. Ehlers (Neustadt, Holstein)": ("https://d-nb.info/gnd/107297584X",)},
          "1923-10-01/1923-10-31"),
    kenom("126745", "75 Pfennig, 1921 Ellerhoop", {"W. D. [Signatur]": (), "Ellerhoop": ()}, "1921-01-01/1921-12-31"),
    kenom("126809", "2 Millionen Mark, 15.08.1923 Kreis Herzogtum Lauenburg", {"Ratzeburg": ()}, "1923-08-15"),
    kenom("127218", "2 Millionen Mark, 23.8.1923 Kreisausschuss des Kreises Eiderstedt",
          {"Tönning": (), "H. Lühr & Dircks (Garding)": ("https://d-nb.info/gnd/1072990210",)}, "1923-08-23"),
    kenom("126747", "5 Millionen Mark, 18.08.1923 Preetz (Kreis Plön)", {"Preetz (Kreis Plön)": ()}, "1923-08-18"),
    kenom("127271", "50 Pfennig, 1.9.1921 Groß Nordende", {"Rehlwerk": (), "Groß Nordende": ()}, "1921-09-01"),
    kenom("127375", "100.000 Mark, 13.8.1923 Wandsbek", {"Wandsbek": (), "Fr. Puvogel, Wandsbeck.": ()}, "1923-08-13"),
    kenom("152952", "50 Pfennig, 1.4.1921 Deutscher Guttempler-Orden", {"Hamburg": ()}, "1921-04-01"),
    kenom("158150", "Goldpfennig, 1923 Flensburger Goldmarkgesellschaft m. b. H.", {"Flensburg": ()},
          "1923-01-01/1923-12-31"),
    kenom("127975", "5 Millionen Mark, 11.8.1923 Hamburg. Finanzdeputation; Hauptstaatskasse Hamburg",
          {"Hamburg": (), "Broschek & Co. (Hamburg)": ("https://d-nb.info/gnd/5257787-9",)}, "1923-08-11"),
    kenom("152840", "50 Milliarden Mark, 25.10.1923 Altona",
          {"Buchdruckerei H. Becker <Altona-Ottensen>": (), "Altona": ()}, "1923-10-25"),
    # Design Museum Gent: no titles, types and makers by local Adlib ids only (no terms, no names), the
    # keeper in misspelt elements (ObjectIdentificationWrap, LegalBodyName, appelationValue)
    Record("wolfers_lido.xml", "530000092", set(), ("id/concept/lido-objectWorkType-530007905",),
           {"id/actor/lido-530000705": (), "id/actor/lido-530001633": ()}, "1925", "Design Museum Gent"),
    Record("wolfers_lido.xml", "530000113", set(),
           ("id/concept/lido-objectWorkType-530006169", "id/concept/lido-objectWorkType-530006163"),
           {"id/actor/lido-530000705": (), "id/actor/lido-530001633": ()}, "1897/1900", "Design Museum Gent"),
]

SOURCES = sorted(VARIOUS.glob("*.xml")) + [DMG]


def source_name(path: Path) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", path.stem)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    shared_or_skip("samples", "lido-various")
    shared_or_skip("samples", "designmuseumgent-lido", "wolfers_lido.xml")
    folder = tmp_path_factory.mktemp("lido-kind")
    entries = "".join(f'\n[[sources]]\nname = "{source_name(p)}"\ninputs = "{p}"\nformat = "lido"\n' for p in SOURCES)
    (folder / "cultuurgraaf.toml").write_text(
        f'[project]\nbase_iri = "https://data.cultuurgraaf.be"\nstore = "store"\nshapes = ["{ROOT / "shapes"}"]\n'
        + entries, encoding="utf-8")
    yield load_project(folder)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def mapped(project, tmp_path_factory):
    """Everything the kind makes of every sample, before validation: one graph per source."""
    store = pyoxigraph.Store()
    folder = tmp_path_factory.mktemp("lido-mapped")
    for source in project.sources:
        out = folder / f"{source.name}.nq"
        map_source(project, source, out)
        store.bulk_load(path=str(out), format=pyoxigraph.RdfFormat.N_QUADS)
    return store


@pytest.fixture(scope="module")
def built(project):
    return build(project)


def rows(store, query: str) -> list[dict]:
    prefixes = "".join(f"PREFIX {p}: <{i}>\n" for p, i in PREFIXES.items())
    result = store.query(prefixes + query, use_default_graph_as_union=True)
    return [{v.value: row[v] for v in result.variables if row[v] is not None} for row in result]


def the_object(store, record: str) -> str:
    found = rows(store, f'SELECT DISTINCT ?o WHERE {{ ?o a crm:E22_Human-Made_Object ; adms:identifier ?i . '
                        f'?i skos:notation "{record}" }}')
    assert len(found) == 1, f"{record}: {len(found)} objects"
    return found[0]["o"].value


def test_every_record_of_every_file_is_an_object(mapped):
    for path in SOURCES:
        records = etree.parse(str(path)).xpath("//l:lido/l:lidoRecID[1]", namespaces=LIDO_NS)
        for record in records:
            the_object(mapped, " ".join(record.text.split()))
        graph = f"https://data.cultuurgraaf.be/graph/{source_name(path)}"
        objects = rows(mapped, f"SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?o a crm:E22_Human-Made_Object }} }}")
        assert int(objects[0]["n"].value) == len(records), path.name


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda e: f"{e.file[:24]}:{e.record}")
def test_each_record_has_its_title_type_makers_date_and_keeper(mapped, expected):
    obj = the_object(mapped, expected.record)
    titles = {(r["t"].value, r["t"].language) for r in rows(mapped, f"SELECT ?t WHERE {{ <{obj}> crm:P102_has_title ?t }}")}
    assert expected.titles <= titles, titles
    if not expected.titles:
        assert titles == set()
    types = rows(mapped, f"SELECT ?type ?label WHERE {{ <{obj}> crm:P2_has_type ?type . OPTIONAL {{ ?type skos:prefLabel ?label }} }}")
    found = {r["type"].value for r in types} | {r["label"].value for r in types if "label" in r}
    assert {t if t.startswith("http") or "/" not in t else "https://data.cultuurgraaf.be/" + t
            for t in expected.types} <= found, found
    makers = rows(mapped, f"SELECT ?m ?name ?same WHERE {{ <{obj}> crm:P108i_was_produced_by/crm:P14_carried_out_by ?m . "
                          f"OPTIONAL {{ ?m foaf:name|skos:prefLabel|rdfs:label ?name }} OPTIONAL {{ ?m owl:sameAs ?same }} }}")
    by_maker: dict[str, set] = {}
    for r in makers:
        key = r["name"].value if "name" in r else r["m"].value.removeprefix("https://data.cultuurgraaf.be/")
        by_maker.setdefault(key, set()).update({r["same"].value} if "same" in r else set())
    assert set(by_maker) == set(expected.makers), by_maker
    for name, authorities in expected.makers.items():
        assert set(authorities) <= by_maker[name], (name, by_maker[name])
    dates = {r["d"].value for r in rows(mapped, f"SELECT ?d WHERE {{ <{obj}> crm:P108i_was_produced_by/crm:P4_has_time-span ?d }}")}
    assert dates == ({expected.date} if expected.date else set())
    keepers = rows(mapped, f"SELECT ?k ?name WHERE {{ <{obj}> crm:P50_has_current_keeper ?k . ?k a org:Organization ; skos:prefLabel ?name }}")
    assert {r["name"].value for r in keepers} == {expected.keeper}


def test_every_design_museum_gent_record_has_its_keeper_makers_and_no_title(mapped):
    """The export's 160 records, read here with lxml: every one names Design Museum Gent in its
    misspelt repository and production actors by their Adlib ids, and none has a title."""
    tree = etree.parse(str(DMG))
    for record in tree.xpath("//l:lido", namespaces=LIDO_NS):
        number = " ".join(record.xpath("string(l:lidoRecID)", namespaces=LIDO_NS).split())
        obj = the_object(mapped, number)
        actors = {" ".join(a.split()) for a in record.xpath(
            ".//l:event[l:eventType/l:term='production']//l:actor/l:actorID/text()", namespaces=LIDO_NS) if a.strip()}
        makers = {r["m"].value.rsplit("lido-", 1)[1] for r in rows(
            mapped, f"SELECT ?m WHERE {{ <{obj}> crm:P108i_was_produced_by/crm:P14_carried_out_by ?m }}")}
        assert makers == actors, number
        keeper = rows(mapped, f"SELECT ?name WHERE {{ <{obj}> crm:P50_has_current_keeper/skos:prefLabel ?name }}")
        assert [r["name"].value for r in keeper] == ["Design Museum Gent"], number
        assert not rows(mapped, f"SELECT ?t WHERE {{ <{obj}> crm:P102_has_title ?t }}"), number


def test_no_literal_is_empty_zero_or_placeholder_text(mapped):
    bad = [r for r in rows(mapped, "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }")
           if " ".join(r["o"].value.split()) in PLACEHOLDERS or r["o"].value != r["o"].value.strip()]
    assert bad == []


def test_the_build_validates_every_lido_file_and_loads_the_untitled_museum_records(built, mapped):
    assert not built.failed, [str(o.error) for o in built.failed]
    table = figures(built, mapped)
    print("\n" + "\n".join(f"{name:<48} " + " / ".join(str(v) for v in row.values()) for name, row in table.items()))
    various = {name: row for name, row in table.items() if name != "wolfers_lido"}
    assert all(row["violations"] == 0 for row in various.values()), various
    # the OSLO profile allows an object without a title: under the default profile it is a warning
    assert table["wolfers_lido"]["violations"] == 0 and table["wolfers_lido"]["warnings"] >= 160
    assert not built.report.held_back


def figures(built, mapped) -> dict[str, dict]:
    """Per source: records, objects, objects with a title, a maker, a keeper; validation findings."""
    out = {}
    for path in SOURCES:
        graph = f"<https://data.cultuurgraaf.be/graph/{source_name(path)}>"
        count = lambda pattern: int(rows(mapped, f"SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ GRAPH {graph} {{ "
                                                  f"?o a crm:E22_Human-Made_Object . {pattern} }} }}")[0]["n"].value)
        out[source_name(path)] = {
            "records": len(etree.parse(str(path)).xpath("//l:lido", namespaces=LIDO_NS)),
            "objects": count(""), "with title": count("?o crm:P102_has_title ?t ."),
            "with maker": count("?o crm:P108i_was_produced_by/crm:P14_carried_out_by ?m ."),
            "with keeper": count("?o crm:P50_has_current_keeper ?k ."),
            "violations": 0, "warnings": 0, "notes": 0, "violation shapes": set()}
    kinds = {"Violation": "violations", "Warning": "warnings", "Info": "notes"}
    for result in built.report.results:
        severity = kinds[str(result.severity).rsplit("#", 1)[-1]]
        for source in {o.source for o in result.origins if o.source}:
            out[source][severity] += 1
            if severity == "violations":
                out[source]["violation shapes"].add(str(result.shape).rsplit("#", 1)[-1])
    return out


def test_the_guide_s_lido_section_gives_the_output_it_shows(tmp_path, monkeypatch):
    """docs/add-a-source.md, "Standard formats": its project files, written where it says, and its
    commands give the lines it shows (less the folder the checkout lies in)."""
    from click.testing import CliRunner

    from cultuurgraaf.cli import main

    doc = (ROOT / "docs" / "add-a-source.md").read_text(encoding="utf-8")
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / "shapes").symlink_to(ROOT / "shapes")
    (tmp_path / "shared").symlink_to(SHARED)
    monkeypatch.chdir(checkout)
    for path, content in re.findall(r"File `((?:mijn-museum|dmg-lido)/[^`]+)`:\n+```\w*\n(.*?)```", doc, re.S):
        (checkout / path).parent.mkdir(exist_ok=True)
        (checkout / path).write_text(content, encoding="utf-8")
    for command in ("cultuurgraaf mapping kinds", "cultuurgraaf build mijn-museum", "cultuurgraaf build dmg-lido"):
        shown = re.search(r"\$ " + re.escape(command) + r"\n(.*?)```", doc, re.S).group(1).splitlines()
        got = CliRunner().invoke(main, command.split()[1:], catch_exceptions=False).output.splitlines()
        assert [re.sub(r"/\S*?/(mijn-museum|dmg-lido)/", r"\1/", line) for line in got] == \
               [re.sub(r"/\S*?/(mijn-museum|dmg-lido)/", r"\1/", line) for line in shown], command
    query = re.search(r"\$ cultuurgraaf query mijn-museum '(.*?)'\n(.*?)```", doc, re.S)
    got = CliRunner().invoke(main, ["query", "mijn-museum", query.group(1)], catch_exceptions=False).output
    assert got.splitlines() == query.group(2).splitlines()
