"""The dataset, catalogue and statistics pages: every term by its label, statistics as tables with
counts and bars, licence and downloads first (catalogue/overview.py, templates/dataset.html).
The browser's view of the same pages is in test_browser.py."""

from __future__ import annotations

import re

from rdflib import RDFS, Graph, Literal, URIRef

from cultuurgraaf.catalogue import licence_label
from cultuurgraaf.labels import Labels
from cultuurgraaf.vocab import RDF


def test_every_term_the_meta_graph_uses_has_a_dutch_and_an_english_label(client, demo_project):
    meta = Graph().parse(data=client.get("/dump/meta.nt").text, format="nt")
    labels = Labels(demo_project.ontologies)
    base = demo_project.base_iri
    terms = {str(p) for p in meta.predicates()}
    terms |= {str(o) for s, p, o in meta if isinstance(o, URIRef) and not str(o).startswith(base)
              and not licence_label(str(o))}
    unlabelled = [term for term in sorted(terms) if not {"nl", "en"} <= labels.languages_of(term)]
    assert unlabelled == [], "terms of the meta graph with no Dutch and English label in ontologies/"
    assert RDF.type in terms


def test_the_catalogue_s_own_labels_are_dutch_english_and_french_one_each(demo_project):
    catalogue = Graph().parse(demo_project.ontologies[0] / "catalogue.ttl")
    terms = set(catalogue.subjects(RDFS.label))
    assert len(terms) > 60
    for term in terms:
        languages = sorted(label.language for label in catalogue.objects(term, RDFS.label))
        assert languages == ["en", "fr", "nl"], term


def _html(client, path: str) -> str:
    response = client.get(path, headers={"Accept": "text/html", "Accept-Language": "nl"})
    assert response.status_code == 200
    return response.text


def _visible_text(page: str) -> str:
    main = page.split("<main", 1)[1]
    unseen = re.sub(r"<(code|script)[^>]*>.*?</\1>", "", main, flags=re.S)  # data blocks are not shown
    return re.sub(r"<[^>]+>", " ", unseen)


def test_a_source_s_page_has_licence_and_downloads_first_then_tables_of_counts(client):
    page = _html(client, "/doc/dataset/objecten")
    use = page.index('id="gebruiken"')
    assert use < page.index('id="klassen"') < page.index('id="eigenschappen"')
    assert 'href="/dump/objecten.nt"' in page[use:page.index('id="klassen"')]
    assert ">CC0 1.0</a>" in page[use:page.index('id="klassen"')]
    classes = page[page.index('id="klassen-tabel"'):page.index("</table>", page.index('id="klassen-tabel"'))]
    # the label, the short name, the count and a bar; a class of a kind links to its list from this source
    assert re.search(r'<a href="/lijst/erfgoedobject\?bron=https%3A%2F%2Fdata.cultuurgraaf.be%2Fgraph%2Fobjecten">'
                     r'erfgoedobject</a>\s*<code class="term">crm:E22_Human-Made_Object</code></th>\s*'
                     r'<td class="num">150</td>\s*<td class="bar-cell"><span class="bar" aria-hidden="true">'
                     r'<span class="fill w100">', classes)
    assert not re.findall(r"https?://", _visible_text(page))


def test_the_catalogue_lists_its_datasets_with_size_licence_and_download(client):
    page = _html(client, "/doc/catalogus/cultuurgraaf")
    for name in ("objecten", "personen", "organisaties", "activiteiten"):
        assert f'<a href="/doc/dataset/{name}">' in page and f'<a href="/dump/{name}.nt">N-Triples</a>' in page
    assert '<a href="/dump.nq">N-Quads</a>' in page
    # a source's change feed is listed with its stream, and with no count it does not have
    stream = page[page.index('<a href="/ldes/objecten">Wijzigingen van'):]
    assert re.match(r'<a href="/ldes/objecten">[^<]+</a></th>\s*<td class="num" data-label="Triples">–</td>', stream)
    assert 'href="None"' not in page
    assert not re.findall(r"https?://", _visible_text(page))


def test_the_whole_graph_s_page_lists_its_sources_and_their_links_to_each_other(client):
    page = _html(client, "/doc/dataset/objecten")
    links = page[page.index('id="verbanden-tabel"'):]
    assert "beheerder → Organisaties en locaties (register, XML)" in links
    whole = _html(client, "/doc/dataset/cultuurgraaf")
    assert 'id="datasets"' in whole and '<a href="/doc/dataset/personen">' in whole


def test_a_dataset_page_s_rdf_is_the_catalogue_s_statements(client):
    turtle = client.get("/doc/dataset/objecten.ttl").text
    graph = Graph().parse(data=turtle, format="turtle")
    assert (URIRef("https://data.cultuurgraaf.be/id/dataset/objecten"), URIRef("http://rdfs.org/ns/void#triples"),
            None) in graph
    assert any(isinstance(o, Literal) for o in graph.objects())
