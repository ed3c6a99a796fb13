"""Lists per kind with paging and facets, and full-text search that ignores case and accents,
over the index a build writes beside each store generation."""

from __future__ import annotations

import json
import re
import shutil
from urllib.parse import quote

import pytest

from support import demo_facts
from support.demo_things import BASE, design_museum, object_with_script

from cultuurgraaf.search import SearchIndex, index_path, match_expression, sort_key
from cultuurgraaf.store import open_store


def test_a_build_writes_the_index_of_the_generation_it_makes(demo_project):
    store = open_store(demo_project.store_path)
    assert index_path(store, store.current_generation()).is_file()


def test_the_list_of_objects_pages_through_all_of_them_alphabetically(client):
    first = client.get("/lijst/erfgoedobject", headers={"Accept": "application/json", "Accept-Language": "nl"}).json()
    assert first["total"] == len(demo_facts.objects())
    assert first["pages"] == -(-first["total"] // first["per_page"])
    seen = []
    for number in range(1, first["pages"] + 1):
        body = client.get(f"/lijst/erfgoedobject?pagina={number}", headers={"Accept": "application/json"}).json()
        seen += [item["iri"] for item in body["items"]]
    assert len(seen) == len(set(seen)) == first["total"]
    keys = [sort_key(item["label"]) for item in first["items"]]
    assert keys == sorted(keys)


def test_the_organisation_facet_narrows_the_list_to_what_it_keeps(client):
    museum = design_museum()
    iri = f"{BASE}/id/organisatie/{museum['ref']}"
    body = client.get(f"/lijst/erfgoedobject?organisatie={quote(iri, safe='')}",
                      headers={"Accept": "application/json"}).json()
    assert body["total"] == len(museum["kept"])
    facet = next(f for f in body["facets"] if f["name"] == "organisatie")
    assert [(v["label"], v["count"], v["selected"]) for v in facet["values"]] == \
        [(museum["name"], len(museum["kept"]), True)]
    unfiltered = client.get("/lijst/erfgoedobject", headers={"Accept": "application/json"}).json()
    counts = {v["value"]: v["count"] for f in unfiltered["facets"] if f["name"] == "organisatie" for v in f["values"]}
    assert counts[iri] == len(museum["kept"])


def test_the_type_source_and_period_facets_count_what_the_extracts_hold(client):
    body = client.get("/lijst/erfgoedobject", headers={"Accept": "application/json"}).json()
    facets = {f["name"]: {v["label"]: v["count"] for v in f["values"]} for f in body["facets"]}
    names = [o["objectnaam"] for o in demo_facts.objects() if o["objectnaam_aat"]]
    top = max(set(names), key=names.count)
    assert facets["type"][top] == names.count(top)
    assert facets["bron"] == {"Erfgoedobjecten (collectiebeheer, CSV)": len(demo_facts.objects())}
    assert all(label[:3].isdigit() and "–" in label for label in facets["periode"])
    decade, count = next(iter(facets["periode"].items()))
    narrowed = client.get(f"/lijst/erfgoedobject?periode={decade[:4]}", headers={"Accept": "application/json"}).json()
    assert narrowed["total"] == count


def test_a_list_page_links_facets_and_pages_for_keyboard_and_screen_readers(client):
    html = client.get("/lijst/erfgoedobject").text
    assert '<nav class="pages" aria-label="Paginering">' in html
    assert 'rel="next" href="/lijst/erfgoedobject?pagina=2"' in html
    assert '<aside class="facets" aria-labelledby="filters-kop">' in html
    assert "<summary>Organisatie</summary>" in html


def test_an_unknown_kind_has_no_list(client):
    response = client.get("/lijst/draak", headers={"Accept": "text/html"})
    assert response.status_code == 404 and "erfgoedobject" in response.text


@pytest.mark.parametrize("typed", ["design museum gent", "DESIGN MUSEUM GENT", "Design Muséum Gênt", "musee design gand"])
def test_search_ignores_case_and_accents(client, typed):
    museum = design_museum()
    body = client.get(f"/zoeken?q={quote(typed)}", headers={"Accept": "application/json"}).json()
    assert f"{BASE}/id/organisatie/{museum['ref']}" in [item["iri"] for item in body["items"][:5]], body["items"][:5]


def test_search_ranks_a_title_match_first(client):
    row = next(o for o in demo_facts.objects()
               if o["titel"] and sum(p["titel"] == o["titel"] for p in demo_facts.objects()) == 1
               and len(o["titel"].split()) >= 3)
    body = client.get(f"/zoeken?q={quote(row['titel'])}", headers={"Accept": "application/json"}).json()
    assert body["items"][0]["label"].split() == row["titel"].split()


def test_search_finds_objects_by_number_maker_and_description_words(client):
    row = object_with_script()
    by_number = client.get(f"/zoeken?q={quote(row['objectnummer'])}", headers={"Accept": "application/json"}).json()
    assert by_number["items"][0]["iri"].endswith(quote(row["objectnummer"], safe="-._~"))
    by_words = client.get("/zoeken?q=restauratie+etiket&soort=erfgoedobject",
                          headers={"Accept": "application/json"}).json()
    assert any(item["iri"] == by_number["items"][0]["iri"] for item in by_words["items"])


def test_search_counts_hits_per_kind_and_narrows_by_kind_and_facet(client):
    museum = design_museum()
    everything = client.get("/zoeken?q=gent", headers={"Accept": "application/json"}).json()
    assert everything["total"] == sum(everything["kinds"].values()) > 0
    objects = client.get("/zoeken?q=gent&soort=erfgoedobject", headers={"Accept": "application/json"}).json()
    assert objects["total"] == everything["kinds"]["erfgoedobject"]
    assert {item["kind"] for item in objects["items"]} == {"erfgoedobject"}
    iri = quote(f"{BASE}/id/organisatie/{museum['ref']}", safe="")
    kept = client.get(f"/zoeken?q=gent&soort=erfgoedobject&organisatie={iri}",
                      headers={"Accept": "application/json"}).json()
    assert kept["total"] <= objects["total"]


@pytest.mark.parametrize("typed", ['"', "*", "NEAR(a b)", "a OR", "-x", "^", "(", "text:zilver", "'; DROP TABLE entity;--"])
def test_what_people_type_is_never_read_as_query_syntax(client, typed):
    response = client.get(f"/zoeken?q={quote(typed)}", headers={"Accept": "application/json"})
    assert response.status_code == 200


def test_search_words_are_quoted_for_fts5():
    assert match_expression('zilver" OR "x') == '"zilver" AND "OR" AND "x"'
    assert match_expression("NEAR(a b)") == '"NEAR" AND "a" AND "b"'


def test_the_search_page_shows_the_query_escaped(client):
    html = client.get("/zoeken?q=" + quote("<script>alert(1)</script>")).text
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_store_without_an_index_gets_one_on_first_use(demo_project, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(demo_project.store_path, copy, ignore=shutil.ignore_patterns("LOCK"))
    store = open_store(copy)
    path = index_path(store, store.current_generation())
    path.unlink()
    index = SearchIndex(store, demo_project.iris)
    assert index.kinds()["erfgoedobject"] == len(demo_facts.objects())
    assert path.is_file()


def test_many_hits_come_names_first_then_the_rest_and_every_hit_once(demo_project):
    """Past `rank_all` hits, search ranks the name matches and lists the rest after them; the pages
    still hold every hit exactly once (the demo is small, so the limit is set low here)."""
    store = open_store(demo_project.store_path)
    exact = SearchIndex(store, demo_project.iris)
    tiered = SearchIndex(store, demo_project.iris, rank_all=3, facet_hits=3)
    word = "zilver"
    full = exact.search(word, per_page=500)
    assert full.total > 6
    pages = [tiered.search(word, page=n, per_page=4) for n in range(1, -(-full.total // 4) + 1)]
    seen = [hit.iri for results in pages for hit in results.hits]
    assert pages[0].total == full.total and sorted(seen) == sorted(hit.iri for hit in full.hits)
    names = {iri: json.loads(labels) for iri, labels in tiered._db().execute("SELECT iri, labels FROM entity")}
    named = [any(re.search(rf"\b{word}", sort_key(name)) for name in names[iri].values()) for iri in seen]
    assert True in named and False in named
    assert named == sorted(named, reverse=True), "every name match comes before every other hit"
    narrowed = tiered.search(word, kind="erfgoedobject")
    assert narrowed.facets == [] and narrowed.facets_skipped  # past facet_hits: no counts, and it says so


def test_a_generation_made_without_an_index_is_searched_with_the_last_one_until_its_own_is_written(
        demo_project, tmp_path):
    """A SPARQL update makes a generation without a build: search keeps answering meanwhile."""
    import time

    copy = tmp_path / "store"
    shutil.copytree(demo_project.store_path, copy, ignore=shutil.ignore_patterns("LOCK"))
    store = open_store(copy)
    with store.transaction() as tx:
        tx.keep_others()
    generation = store.current_generation()
    assert not index_path(store, generation).exists()
    index = SearchIndex(store, demo_project.iris)
    assert index.kinds()["erfgoedobject"] == len(demo_facts.objects())  # the previous generation's index
    deadline = time.monotonic() + 60
    while not index_path(store, generation).exists():
        assert time.monotonic() < deadline, "the index of the new generation was not written"
        time.sleep(0.1)
    assert index.search("design museum gent").total > 0
