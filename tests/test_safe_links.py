"""IRIs from the data become links and images only when they are web (or e-mail) addresses.

A `javascript:` homepage, a `data:` image or any other scheme from an extract is shown as text:
before, it became `<a href>` and `<img src>`, and only the Content-Security-Policy header kept the
script from running.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from cultuurgraaf.pipeline import load_file
from support.apps import make_app_client, scratch_project

BASE = "https://data.cultuurgraaf.be"
THING = f"{BASE}/id/organisatie/X1"
DATA = f"""
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix schema: <http://schema.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix dct: <http://purl.org/dc/terms/> .

<{THING}> a org:Organization ;
    skos:prefLabel "Museum X"@nl ;
    foaf:homepage <javascript:alert(1)> , <https://museum-x.example.org/> ;
    schema:image <javascript:alert(2)> , <data:image/svg+xml,%3Csvg%20onload%3Dalert(3)%3E> ,
        <https://images.example.org/x.jpg> ;
    schema:email <mailto:info@museum-x.example.org> ;
    owl:sameAs <JavaScript:alert(5)> , <http://www.wikidata.org/entity/Q1> .
<javascript:alert(4)> dct:subject <{THING}> ; skos:prefLabel "Een verwijzing"@nl .
"""


class Targets(HTMLParser):
    """Every href and src of a page, and its text."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.images: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "href":
                self.links.append(value)
            elif name == "src":
                self.images.append(value)

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Targets:
    folder = tmp_path_factory.mktemp("links")
    project = scratch_project(folder)
    (folder / "data.ttl").write_text(DATA, encoding="utf-8")
    load_file(project, folder / "data.ttl", graph=f"{BASE}/graph/data", index=True)
    with make_app_client(project) as client:
        answer = client.get("/doc/organisatie/X1", headers={"Accept": "text/html"})
    assert answer.status_code == 200, answer.text
    targets = Targets()
    targets.feed(answer.text)
    return targets


def test_a_javascript_homepage_is_text_not_a_link(page):
    assert not [href for href in page.links if href.lower().startswith(("javascript:", "data:"))], page.links
    assert "javascript:alert(1)" in "".join(page.text)
    assert "https://museum-x.example.org/" in page.links


def test_only_web_addresses_become_images(page):
    assert page.images == ["https://images.example.org/x.jpg"]
    assert "javascript:alert(2)" in "".join(page.text)


def test_e_mail_addresses_and_authorities_stay_links(page):
    assert "mailto:info@museum-x.example.org" in page.links
    assert "http://www.wikidata.org/entity/Q1" in page.links
    assert "JavaScript:alert(5)" not in page.links


def test_a_thing_with_a_javascript_iri_that_points_here_is_named_without_a_link(page):
    assert "Een verwijzing" in "".join(page.text)
    assert "javascript:alert(4)" not in page.links
