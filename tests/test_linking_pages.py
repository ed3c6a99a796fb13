"""An entity page shows the records other sources keep of the same thing, their facts, and why they are linked."""

from __future__ import annotations

import html

from support.samples import BASE, DMG_LDES, DMG_LIDO, FLAGEY_PLACE, FLAGEY_VENUE


def page(client, iri: str) -> str:
    response = client.get(iri[len(BASE):].replace("/id/", "/doc/", 1), headers={"Accept": "text/html"})
    assert response.status_code == 200, response.text
    return html.unescape(response.text)


def section(text: str) -> str:
    start = text.index('<section aria-labelledby="gekoppeld"')
    return text[start:text.index("</section>\n  </section>", start)]


def test_the_event_databases_venue_shows_the_performing_arts_venue_and_why(samples_client):
    linked = section(page(samples_client, FLAGEY_PLACE))
    assert "Ook beschreven in andere bronnen" in linked
    assert 'komt overeen met <a href="/doc/locatie/kunstenpunt-133932">Flageygebouw</a>' in linked
    assert "in Kunstenpunt: premièrelocaties (CSV, één rij per eigenschap)" in linked
    assert "staat voor de groep" in linked
    assert ("gekoppeld volgens regel 'naam-en-postcode' omdat postcode 1050 (kunstenpunt-locaties) = 1050 "
            "(uitdatabank) en naam 'Flageygebouw' (kunstenpunt-locaties) begint met 'Flagey' (uitdatabank)") in linked
    assert "Elsene" in linked and "België" in linked                 # the other record's facts


def test_the_venue_of_the_register_shows_the_event_databases_record(samples_client):
    linked = section(page(samples_client, FLAGEY_VENUE))
    assert '<a href="/doc/locatie/uit-671e5372-6c0c-4c2e-821b-af9573ec90a5">Flagey</a>' in linked
    assert "Heilig-Kruisplein" in linked and "staat voor de groep" not in linked


def test_the_stream_keeper_without_a_name_gets_the_lido_records_name_and_reason(samples_client):
    linked = section(page(samples_client, DMG_LDES))
    assert 'is hetzelfde als <a href="/doc/organisatie/lido-design-museum-gent">Design Museum Gent</a>' in linked
    assert "gekoppeld volgens regel 'wikidata' omdat wikidata" in linked


def test_a_page_without_links_has_no_such_section(samples_client):
    assert "Ook beschreven in andere bronnen" not in page(samples_client, BASE + "/id/organisatie/kunstenpunt-360756")


def test_the_rdf_twin_carries_the_link(samples_client):
    response = samples_client.get(DMG_LIDO[len(BASE):].replace("/id/", "/doc/", 1) + ".nt")
    assert f"<{DMG_LIDO}> <http://www.w3.org/2002/07/owl#sameAs> <{DMG_LDES}> ." in response.text
