"""ETag and Last-Modified on pages, RDF documents and dumps; 304 for a client that already has the
answer (If-None-Match, If-Modified-Since); new validators when the store changes or the client
negotiates something else."""

from __future__ import annotations

import datetime as dt
from email.utils import formatdate, parsedate_to_datetime

import pytest
from starlette.responses import PlainTextResponse
from starlette.testclient import TestClient

from cultuurgraaf.web.caching import ConditionalRequests

from support.apps import SCRATCH_TOKEN, make_app_client, scratch_project
from support.demo_things import design_museum, page

ANSWERS = {
    "page": ("/doc/organisatie/{museum}", {"Accept": "text/html"}),
    "home": ("/", {"Accept": "text/html"}),
    "list": ("/lijst/erfgoedobject", {"Accept": "text/html"}),
    "search": ("/zoeken?q=theepot", {"Accept": "text/html"}),
    "turtle": ("/doc/organisatie/{museum}.ttl", {}),
    "negotiated rdf": ("/doc/organisatie/{museum}", {"Accept": "application/ld+json"}),
    "dump of a source": ("/dump/objecten.nt", {}),
    "dump of everything": ("/dump.nq", {}),
}


def _path(template: str) -> str:
    return template.format(museum=design_museum()["ref"])


@pytest.mark.parametrize("name", ANSWERS)
def test_an_answer_carries_validators_and_a_second_ask_with_them_gets_304(client, name):
    template, headers = ANSWERS[name]
    client.cookies.clear()
    first = client.get(_path(template), headers=headers)
    assert first.status_code == 200
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert etag.startswith('W/"') and parsedate_to_datetime(modified)
    assert first.headers["cache-control"] == "no-cache"
    again = client.get(_path(template), headers={**headers, "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    since = client.get(_path(template), headers={**headers, "If-Modified-Since": modified})
    assert since.status_code == 304


def test_another_representation_or_language_has_another_etag(client):
    path = page("organisatie", design_museum()["ref"])
    client.cookies.clear()
    html = client.get(path, headers={"Accept": "text/html"}).headers["etag"]
    turtle = client.get(path, headers={"Accept": "text/turtle"})
    assert turtle.headers["etag"] != html
    assert client.get(path, headers={"Accept": "text/turtle", "If-None-Match": html}).status_code == 200
    english = client.get(path, headers={"Accept": "text/html", "Accept-Language": "en"}).headers["etag"]
    client.cookies.set("lang", "fr")
    french = client.get(path, headers={"Accept": "text/html"})
    client.cookies.clear()
    assert len({html, english, french.headers["etag"]}) == 3
    assert '<html lang="fr">' in french.text


def test_an_older_date_or_a_stale_etag_gets_the_whole_answer(client):
    client.cookies.clear()
    assert client.get("/", headers={"If-None-Match": 'W/"g0-stale"'}).status_code == 200
    old = formatdate(0, usegmt=True)
    assert client.get("/", headers={"If-Modified-Since": old}).status_code == 200
    assert client.get("/", headers={"If-Modified-Since": "not a date"}).status_code == 200


def test_choosing_a_language_in_the_url_is_always_answered_whole(client):
    client.cookies.clear()
    etag = client.get("/").headers["etag"]
    answer = client.get("/?lang=en", headers={"If-None-Match": etag})
    client.cookies.clear()
    assert answer.status_code == 200 and "set-cookie" in answer.headers


def test_errors_and_the_endpoint_carry_no_validators(client):
    assert "etag" not in client.get("/doc/erfgoedobject/bestaat-niet").headers
    assert "etag" not in client.get("/sparql", params={"query": "ASK {}"},
                                    headers={"Accept": "application/sparql-results+json"}).headers


def test_a_new_generation_of_the_store_gives_new_validators(tmp_path):
    with make_app_client(scratch_project(tmp_path)) as http:
        first = http.get("/", headers={"Accept": "text/html"})
        updated = http.post("/sparql", data={"update": 'INSERT DATA { GRAPH <https://example.org/g> { '
                                                       '<https://example.org/a> <https://example.org/b> "c" } }'},
                            headers={"Authorization": f"Bearer {SCRATCH_TOKEN}"})
        assert updated.status_code in (200, 204), updated.text
        second = http.get("/", headers={"Accept": "text/html", "If-None-Match": first.headers["etag"]})
        # while the new generation's search index is written, the answer has no validators at all
        assert second.status_code == 200 and second.headers.get("etag") != first.headers["etag"]


def _behind_validators(demo_app, *, clock, search=None) -> TestClient:
    """The validators of the demo's store around an app that answers "ok" to everything."""
    state = demo_app.state.cg
    return TestClient(ConditionalRequests(PlainTextResponse("ok"), store=state.store, search=search or state.search,
                                          clock=clock))


def test_an_activity_that_starts_changes_the_validators(demo_app):
    starts = sorted(h.start for h in demo_app.state.cg.search.browse("activiteit", per_page=200).hits if h.start)
    now = [starts[-3]]
    http = _behind_validators(demo_app, clock=lambda: now[0])
    first = http.get("/lijst/activiteit")
    assert parsedate_to_datetime(first.headers["last-modified"]) == dt.datetime.fromisoformat(starts[-3].replace("Z", "+00:00"))
    assert http.get("/lijst/activiteit", headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    now[0] = starts[-2]  # the next activity has started: what the lists show as to come has changed
    again = http.get("/lijst/activiteit", headers={"If-None-Match": first.headers["etag"],
                                                   "If-Modified-Since": first.headers["last-modified"]})
    assert again.status_code == 200 and again.headers["etag"] != first.headers["etag"]


class _IndexBeingWritten:
    """A search index of a new generation that is still being written (lists answer from the older one)."""

    def up_to_date(self) -> bool:
        return False


def test_answers_from_an_older_search_index_carry_no_validators(demo_app):
    http = _behind_validators(demo_app, clock=lambda: "2026-06-01T00:00:00Z", search=_IndexBeingWritten())
    answer = http.get("/lijst/activiteit", headers={"If-None-Match": "*"})
    assert answer.status_code == 200 and "etag" not in answer.headers and "last-modified" not in answer.headers


@pytest.mark.parametrize("path", ["/oai?verb=Identify", "/ldes/objecten"])
def test_the_change_feeds_keep_their_own_caching(client, path):
    answer = client.get(path)
    assert answer.status_code == 200 and "etag" not in answer.headers
    assert "no-cache" not in answer.headers.get("cache-control", "")
