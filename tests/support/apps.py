"""The one factory of test clients for the app, and the projects of its shared variants.

``make_app_client(project)`` is an in-process client of the app for a project (or for an app
already made), with the app's lifespan running: the query workers start with it and stop after.
``conftest.py`` turns the variants several test modules share into one-line fixtures: ``client``
over the built demo, ``samples_client`` over the samples, ``scratch_server`` (a writable endpoint on
127.0.0.1 over :func:`scratch_project`); a module with a project of its own calls the factory in a
fixture of its own.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from fastapi import FastAPI
from fastapi.testclient import TestClient

from cultuurgraaf.config import Project, load_project
from cultuurgraaf.web.app import create_app

SCRATCH_TOKEN = "scratch-update-token"


@contextmanager
def make_app_client(project_or_app: Project | FastAPI, *, follow_redirects: bool = True) -> Iterator[TestClient]:
    """A client of the app for a project (or of an app made already); with ``follow_redirects``
    off, a 303 is the answer the test sees."""
    app = project_or_app if isinstance(project_or_app, FastAPI) else create_app(project_or_app)
    with TestClient(app, follow_redirects=follow_redirects) as client:
        yield client


def scratch_project(folder: Path) -> Project:
    """A writable project with a store of its own and no sources: the update token SCRATCH_TOKEN, a
    1 s query limit, 50 rows, one query at a time and one waiting, and four queries per client (so
    that tests from one address meet the other limits first)."""
    (folder / "cultuurgraaf.toml").write_text(
        '[project]\nname = "Scratch"\nbase_iri = "https://data.cultuurgraaf.be"\nstore = "store"\n\n'
        f'[server]\nupdate_token = "{SCRATCH_TOKEN}"\nquery_timeout_s = 1.0\nmax_rows = 50\n'
        "max_concurrent_queries = 1\nmax_queued_queries = 1\nmax_queries_per_client = 4\n", encoding="utf-8")
    return load_project(folder)
