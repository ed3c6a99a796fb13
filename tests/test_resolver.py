"""The resolver: /id?wikidata=…, ?kbo=…, ?uitdatabank=…, ?kunstenpunt=… answer 303 to the canonical entity.

Against the samples (the links the tests in test_linking.py check), and against a tiny project
written here, whose two sources share KBO numbers in ways the samples do not: written
differently, and on things of different kinds (which makes an identifier ambiguous).
"""

from __future__ import annotations

import pytest

from cultuurgraaf.config import load_project
from cultuurgraaf.pipeline import build
from support.apps import make_app_client
from support.http import assert_error_shape
from support.samples import DMG_LIDO, FLAGEY_ORGANISATION, FLAGEY_VENUE

BASE = "https://data.cultuurgraaf.be"


def path_of(iri: str) -> str:
    return iri[len(BASE):]


@pytest.mark.parametrize("query, target", [
    ("wikidata=Q1809071", DMG_LIDO),
    ("wikidata=http://www.wikidata.org/entity/Q1809071", DMG_LIDO),
    ("uitdatabank=51a33b20-ab69-4fc9-86f2-a19e4c961129", FLAGEY_ORGANISATION),   # the organiser, linked
    ("uitdatabank=671E5372-6C0C-4C2E-821B-AF9573EC90A5", FLAGEY_VENUE),          # the venue, linked
    ("kunstenpunt=133932", FLAGEY_VENUE),
    ("kunstenpunt=360756", BASE + "/id/organisatie/kunstenpunt-360756"),          # Rosas, linked to nothing
    ("stadgent=mensgemaaktobject/dmg/530029181", BASE + "/id/erfgoedobject/coghent-530029181"),
])
def test_an_identifier_answers_303_to_the_canonical_entity(samples_client, query, target):
    response = samples_client.get(f"/id?{query}")
    assert response.status_code == 303, response.text
    assert response.headers["location"] == path_of(target)
    assert response.headers["link"] == f'<{target}>; rel="canonical"'


def test_the_redirect_leads_to_the_page(samples_client):
    response = samples_client.get("/id?wikidata=Q1809071", follow_redirects=True,
                                  headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert "Design Museum Gent" in response.text


def test_an_identifier_nobody_has_is_404_saying_so(samples_client):
    body = assert_error_shape(samples_client.get("/id?wikidata=Q42"), 404, "not-found")
    assert body["message"] == "no entity in this graph has wikidata Q42"


@pytest.mark.parametrize("query, words", [
    ("", "name an identifier to resolve"),
    ("naam=Flagey", "'naam' is not an identifier this graph resolves (known: isil, kbo, kunstenpunt, rkd, stadgent"),
    ("kbo=12", "'12' is not a KBO-nummer"),
])
def test_a_query_that_names_no_identifier_is_400_listing_the_known_ones(samples_client, query, words):
    body = assert_error_shape(samples_client.get(f"/id?{query}"), 400, "bad-request")
    assert words in body["message"]


# --- a tiny project: KBO numbers written two ways, and one on an organisation and a venue --------------

MAPPING = """\
base: https://data.cultuurgraaf.be/
sources:
  rows: [{name}.csv~csv]
mappings:
  thing:
    sources: rows
    s: id/$(kind)/{name}-$(id)
    po:
      - [a, $(class)~iri]
      - [skos:prefLabel, $(naam), nl~lang]
      - [adms:identifier, _:kbo-{name}-$(id)~blank]
      - [foaf:homepage, $(website)~iri]
      - [locn:address, _:adres-{name}-$(id)~blank]
  kbo:
    sources: rows
    s: _:kbo-{name}-$(id)
    po:
      - [a, adms:Identifier]
      - [skos:notation, $(kbo)]
      - [adms:schemaAgency, KBO]
  adres:
    sources: rows
    s: _:adres-{name}-$(id)
    po:
      - [locn:postCode, $(postcode)]
"""
ORG, PLACE = "http://www.w3.org/ns/org#Organization", "http://www.w3.org/ns/prov#Location"
ROWS = {
    "a": [("1", "organisatie", ORG, "Museum Een", "0207.451.227", "https://www.een.be/", "9000"),
          ("2", "organisatie", ORG, "Huis Twee", "0999.999.999", "", ""),
          ("3", "organisatie", ORG, "Zaal Drie", "", "http://drie.be", "2000")],
    "b": [("7", "organisatie", ORG, "Een", "207451227", "", ""),
          ("8", "locatie", PLACE, "Twee, de zaal", "0999999999", "", ""),
          ("9", "organisatie", ORG, "Drie", "", "https://drie.be/", "2000"),
          ("10", "organisatie", ORG, "Drie bis", "", "http://www.drie.be", "2000")],
}
RULES = """
[[links]]
rule = "kbo"
keys = ["kbo"]

[[links]]
rule = "website-en-postcode"
keys = ["website", "postcode"]
relation = "skos:exactMatch"
"""


def tiny_project(folder, rules: str = RULES):
    for name, rows in ROWS.items():
        lines = ["id,kind,class,naam,kbo,website,postcode"] + [",".join(f'"{v}"' for v in row) for row in rows]
        (folder / f"{name}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (folder / f"{name}.yml").write_text(MAPPING.format(name=name), encoding="utf-8")
    sources = "".join(f'[[sources]]\nname = "{n}"\ninputs = "{n}.csv"\nmapping = "{n}.yml"\n\n' for n in ROWS)
    (folder / "cultuurgraaf.toml").write_text(
        f'[project]\nname = "Klein"\nbase_iri = "{BASE}"\nstore = "store"\n\n{sources}{rules}', encoding="utf-8")
    return load_project(folder)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    project = tiny_project(tmp_path_factory.mktemp("klein"))
    result = build(project)
    assert not result.failed, [str(o.error) for o in result.failed]
    with make_app_client(project, follow_redirects=False) as client:
        yield project, result, client


def test_kbo_numbers_written_differently_are_one_number(tiny):
    _, result, client = tiny
    assert [(l.left.iri, l.right.iri) for l in result.links.links if l.rule.name == "kbo"] == [
        (BASE + "/id/organisatie/a-1", BASE + "/id/organisatie/b-7")]
    for written in ("0207451227", "0207.451.227", "BE 0207 451 227", "207451227"):
        response = client.get("/id", params={"kbo": written})
        assert (response.status_code, response.headers["location"]) == (303, "/id/organisatie/a-1"), written
    response = client.get("/id?kbo=207451227&kunstenpunt=1")
    assert_error_shape(response, 404, "not-found")


def test_an_identifier_on_two_unlinked_things_is_300_with_the_choices(tiny):
    _, _, client = tiny
    response = client.get("/id?kbo=0999999999")
    assert response.status_code == 300
    assert response.json() == {"query": {"kbo": "0999999999"}, "choices": [
        {"iri": BASE + "/id/locatie/b-8", "href": "/id/locatie/b-8", "entities": [BASE + "/id/locatie/b-8"]},
        {"iri": BASE + "/id/organisatie/a-2", "href": "/id/organisatie/a-2",
         "entities": [BASE + "/id/organisatie/a-2"]}]}
    page = client.get("/id?kbo=0999999999", headers={"Accept": "text/html"})
    assert page.status_code == 300 and "text/html" in page.headers["content-type"]
    assert '<a href="/id/organisatie/a-2">Huis Twee</a>' in page.text
    assert '<a href="/id/locatie/b-8">Twee, de zaal</a>' in page.text


def test_a_weak_rule_that_matches_two_records_of_one_source_links_neither(tiny):
    _, result, _ = tiny
    report = next(r for r in result.links.rules if r.rule.name == "website-en-postcode")
    assert (report.links, report.ambiguous) == (0, 2)     # drie.be 2000: b-9 and b-10 both match a-3


def test_changed_rules_relink_an_unchanged_store(tmp_path):
    project = tiny_project(tmp_path)
    first = build(project)
    assert [r.links for r in first.links.rules] == [1, 0]
    again = build(project)
    assert again.generation == first.generation and again.links is None        # nothing changed
    fewer = tiny_project(tmp_path, rules=RULES.split("[[links]]\nrule = \"website")[0])
    relinked = build(fewer)
    assert relinked.generation == first.generation + 1
    assert [r.rule.name for r in relinked.links.rules] == ["kbo"]
