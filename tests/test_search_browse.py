"""Search as a reader uses it: other names (in other scripts, other spellings) found, matches marked,
facets over every kind of a search, and every list and search page's JSON and CSV twins."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest

from support.demo_facts import persons


def _maker(column: str) -> dict:
    return next(p for p in persons() if p[column])


@pytest.mark.parametrize("column", ["naam_ru", "naam_ja"])
def test_a_maker_is_found_by_a_name_in_another_script_and_shown_with_it(client, column):
    maker = _maker(column)
    word = maker[column].replace("・", " ").split()[-1]  # the family name, as a reader would type it
    found = client.get("/zoeken.json", params={"q": word}).json()
    assert [item["label"] for item in found["items"]] == [maker["volledige_naam"]]
    language = column[-2:]
    assert found["items"][0]["also_known_as"] == [[language, maker[column]]]
    page = client.get("/zoeken", params={"q": word}).text
    assert f'<span lang="{language}">' in page and f"<mark>{word}</mark>" in page


def test_another_spelling_finds_the_maker_but_no_page_shows_it(client):
    maker = next(p for p in persons() if p["schrijfwijzen"])
    spelling = maker["schrijfwijzen"].split(";")[0]
    found = client.get("/zoeken.json", params={"q": spelling, "soort": "persoon"}).json()
    assert [item["label"] for item in found["items"]] == [maker["volledige_naam"]]
    assert found["items"][0]["also_known_as"] == []
    hits = client.get("/zoeken", params={"q": spelling}).text.split('<ol class="hits"', 1)[1].split("</ol>", 1)[0]
    assert "Velde</mark>" in hits and spelling not in hits
    page = client.get(found["items"][0]["href"]).text
    assert spelling not in page
    assert spelling in client.get(found["items"][0]["href"] + ".ttl").text


def test_the_words_that_matched_are_marked_and_stay_escaped(client):
    page = client.get("/zoeken", params={"q": "design museum"}).text
    assert "<mark>Design</mark> <mark>Museum</mark>" in page
    script = client.get("/zoeken", params={"q": "alert"}).text
    assert "<script>" not in script.split("<main", 1)[1]


def test_a_search_over_every_kind_counts_facet_values_and_narrows_by_them(client):
    found = client.get("/zoeken.json", params={"q": "gent"}).json()
    facets = {facet["name"]: facet for facet in found["facets"]}
    assert {"type", "bron", "organisatie"} <= set(facets)
    source = max(facets["bron"]["values"], key=lambda v: v["count"])
    narrowed = client.get("/zoeken.json", params={"q": "gent", "bron": source["value"]}).json()
    assert narrowed["total"] == source["count"] < found["total"]


def test_every_list_and_search_page_links_its_json_and_csv_twins(client):
    for path, params in (("/lijst/persoon", {}), ("/zoeken", {"q": "gent"}),
                         ("/lijst/erfgoedobject", {"organisatie": "https://data.cultuurgraaf.be/id/organisatie/ORG0001"})):
        page = client.get(path, params=params).text
        links = page.split('<ul class="formats-links"', 1)[1].split("</ul>", 1)[0]
        twins = {kind: html.unescape(re.search(f'href="([^"]+)" type="{media}"', links).group(1))
                 for kind, media in (("json", "application/json"), ("csv", "text/csv"))}
        as_json = client.get(twins["json"])
        assert as_json.headers["content-type"].startswith("application/json")
        as_csv = client.get(twins["csv"])
        assert as_csv.headers["content-type"] == "text/csv; charset=utf-8"
        rows = list(csv.DictReader(io.StringIO(as_csv.text)))
        assert len(rows) == as_json.json()["total"] == int(as_csv.headers["x-total-count"])
        assert {"iri", "pagina", "soort", "naam"} <= set(rows[0])


def test_the_index_of_lists_links_its_json_and_csv_twins_with_the_same_counts(client):
    page = client.get("/lijst").text
    links = page.split('<ul class="formats-links"', 1)[1].split("</ul>", 1)[0]
    assert '<a href="/lijst.json" type="application/json">' in links and '<a href="/lijst.csv" type="text/csv">' in links
    kinds = client.get("/lijst.json").json()["kinds"]
    rows = list(csv.DictReader(io.StringIO(client.get("/lijst.csv").text)))
    assert {row["soort"]: int(row["aantal"]) for row in rows} == kinds and kinds["erfgoedobject"] == 150
    assert all(row["lijst"].endswith(f"/lijst/{row['soort']}") for row in rows)
    assert client.get("/lijst.xml").status_code == 404


def test_a_list_as_csv_holds_every_page_and_json_one(client):
    rows = list(csv.DictReader(io.StringIO(client.get("/lijst/erfgoedobject.csv").text)))
    one_page = client.get("/lijst/erfgoedobject.json").json()
    assert len(rows) == one_page["total"] == 150 and len(one_page["items"]) == 20
    assert rows[0]["pagina"].startswith("http://") and rows[0]["pagina"].endswith(one_page["items"][0]["href"])
    assert client.get("/lijst/erfgoedobject", headers={"Accept": "text/csv"}).text.splitlines()[0].startswith("iri,")


def test_search_results_come_only_as_json_and_csv(client):
    assert client.get("/zoeken.xml", params={"q": "gent"}).status_code == 404
