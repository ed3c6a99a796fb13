"""The demo end to end with its store on Virtuoso: the very tests of test_end_to_end.py, run again.

The fixtures below shadow the shared ones: the demo is built into a SPARQL server instead of a
folder, and the app, the in-process client and the live server are made over that project. Every
test function of test_end_to_end.py is imported, so each runs twice: once per kind of store.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from cultuurgraaf.config import RemoteStoreConfig, load_project
from cultuurgraaf.pipeline import build
from cultuurgraaf.store import open_project_store
from conftest import DEMO, serving
from test_end_to_end import *  # noqa: F401,F403  (the tests themselves)

pytestmark = pytest.mark.virtuoso


@pytest.fixture(scope="module")
def demo_project(virtuoso, tmp_path_factory):
    """The demo project, built into Virtuoso (its search index and reports in a temporary folder)."""
    project = load_project(DEMO, store="sparql+" + virtuoso.sparql_url)
    settings = RemoteStoreConfig(update_url=virtuoso.update_url, graph_store_url=virtuoso.gsp_url,
                                 user=virtuoso.user, password=virtuoso.password, auth="digest",
                                 row_limit=virtuoso.max_rows, page_size=virtuoso.max_rows // 2,
                                 cache=str(tmp_path_factory.mktemp("remote-cache")))
    project = replace(project, remote=settings)
    result = build(project, force=True)
    assert not result.failed, [str(o.error) for o in result.failed]
    assert open_project_store(project).location_kind == "remote"
    return project


@pytest.fixture(scope="module")
def demo_app(demo_project):
    from cultuurgraaf.web.app import create_app

    return create_app(demo_project)


@pytest.fixture(scope="module")
def client(demo_app):
    from fastapi.testclient import TestClient

    with TestClient(demo_app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def live_server(demo_app):
    with serving(demo_app) as url:
        yield url
