"""`cultuurgraaf load` switches to the new generation without waiting for the search index: a running
server writes it in the background, from the previous one, and answers from the previous one meanwhile."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx

from support.http import serving
from support.demo_things import BASE

from cultuurgraaf.config import load_project
from cultuurgraaf.search import index_path
from cultuurgraaf.store import open_store

CLI = str(Path(sys.executable).with_name("cultuurgraaf"))


def test_a_running_server_finds_what_a_load_added_and_its_pages_answer_meanwhile(demo_project, tmp_path):
    from cultuurgraaf.web.app import create_app

    copy = tmp_path / "store"
    shutil.copytree(demo_project.store_path, copy, ignore=shutil.ignore_patterns("LOCK"))
    project = load_project(demo_project.root, store=str(copy))
    store = open_store(copy)
    data = tmp_path / "thesaurus.ttl"
    data.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                    f'<{BASE}/id/concept/klokkenspel-x1> a skos:Concept ; skos:prefLabel "Beiaardklepel"@nl ; '
                    'skos:definition "Een testbegrip"@nl .\n', encoding="utf-8")
    with serving(create_app(project)) as url, httpx.Client(base_url=url, timeout=30) as http:
        def get(path: str) -> dict:
            response = http.get(path, headers={"Accept": "application/json"})
            assert response.status_code == 200, (path, response.status_code, response.text[:500])
            return response.json()

        assert get("/zoeken?q=beiaardklepel")["total"] == 0
        objects = get("/lijst/erfgoedobject")["total"]
        loaded = subprocess.run([CLI, "load", str(data), "--graph", f"{BASE}/graph/klokken",
                                 "--project", str(demo_project.root)], capture_output=True, text=True,
                                env={**os.environ, "CULTUURGRAAF_STORE": str(copy)})
        assert loaded.returncode == 0, loaded.stderr
        assert "search index: not yet updated" in loaded.stderr
        generation = store.current_generation()
        assert not index_path(store, generation).exists()  # the command did not write it

        deadline = time.monotonic() + 60
        while True:
            found = get("/zoeken?q=beiaardklepel")
            assert get("/lijst/erfgoedobject")["total"] == objects  # from the previous index, then the new one
            for page in ("/", "/lijst/erfgoedobject", "/zoeken?q=beiaardklepel"):
                assert http.get(page, headers={"Accept": "text/html"}).status_code == 200, page
            if found["total"]:
                break
            assert time.monotonic() < deadline, "the server's search never found the loaded concept"
            time.sleep(0.2)
        assert [item["iri"] for item in found["items"]] == [f"{BASE}/id/concept/klokkenspel-x1"]
        assert index_path(store, generation).is_file()


def test_a_request_answers_from_the_older_index_while_another_thread_writes_the_new_one(demo_project, tmp_path):
    """Regression: a request in a second thread waited for the whole background build to learn it ran."""
    import threading

    from cultuurgraaf.pipeline import load_file
    from cultuurgraaf.search import SearchIndex

    copy = tmp_path / "store"
    shutil.copytree(demo_project.store_path, copy, ignore=shutil.ignore_patterns("LOCK"))
    project = load_project(demo_project.root, store=str(copy))
    data = tmp_path / "one.ttl"
    data.write_text(f'<{BASE}/id/concept/x2> <http://www.w3.org/2004/02/skos/core#prefLabel> "Torenuurwerk"@nl .\n',
                    encoding="utf-8")
    load_file(project, data, graph=f"{BASE}/graph/klokken")
    index = SearchIndex(open_store(copy), project.iris)
    answers: list[dict] = []
    with index._build_lock:  # as if a build of the new generation's index were running
        asking = threading.Thread(target=lambda: answers.append(index.kinds()))
        asking.start()
        asking.join(timeout=30)
        assert not asking.is_alive(), "the request waited for the index being written"
    assert answers[0]["erfgoedobject"] > 0
