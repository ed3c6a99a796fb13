"""Shared fixtures: the projects several test modules use, built once, and their app clients and
servers, each a variant of the one factory in support/apps.py. What tests share besides fixtures
is in support/. The hooks that let the suite run on two workers are here too (support/parallel.py
says which tests may run beside which)."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from cultuurgraaf.config import RemoteStoreConfig, load_project
from cultuurgraaf.pipeline import build
from cultuurgraaf.store import open_project_store
from cultuurgraaf.web.app import create_app
from support import feeds
from support.apps import make_app_client, scratch_project
from support.browser import chromium
from support.http import free_port, serving
from support.parallel import ONE_VIRTUOSO, file_scheduling, taking_turns
from support.paths import DEMO, ROOT, shared_or_skip
from support.samples import built_samples


@dataclass
class BadInputTally:
    """What the bad-input catalogue (tests/test_bad_input.py) found, printed at the end of the run."""

    cases: int = 0
    clear: int = 0
    tracebacks: int = 0
    lost: int = 0

    def record(self, *, clear: bool, traceback: bool, lost: bool) -> None:
        self.cases += 1
        self.clear += clear
        self.tracebacks += traceback
        self.lost += lost

    def line(self) -> str:
        return (f"bad-input catalogue: {self.cases} cases / {self.clear} clear errors / {self.tracebacks} tracebacks / "
                f"{self.lost} state lost")


BAD_INPUT_TALLY = pytest.StashKey[BadInputTally]()
#: lines a test leaves for the end of the run (the conformance suites' pass counts)
SUMMARY_LINES = pytest.StashKey[list[str]]()


@pytest.fixture(scope="session")
def bad_input_tally(request) -> BadInputTally:
    return request.config.stash.setdefault(BAD_INPUT_TALLY, BadInputTally())


@pytest.fixture(scope="session")
def summary_lines(request) -> list[str]:
    """Lines printed at the end of the run, after the tests (from whichever worker ran the test)."""
    return request.config.stash.setdefault(SUMMARY_LINES, [])


def pytest_sessionfinish(session) -> None:
    """A worker hands its tally and lines to the run that prints the summary (pytest_testnodedown)."""
    config = session.config
    if hasattr(config, "workeroutput"):
        tally = config.stash.get(BAD_INPUT_TALLY, BadInputTally())
        config.workeroutput["bad_input_tally"] = dataclasses.asdict(tally)
        config.workeroutput["summary_lines"] = config.stash.get(SUMMARY_LINES, [])


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    """The run that prints the summary adds up what each worker handed over (none if it crashed)."""
    handed = getattr(node, "workeroutput", {})
    tally = node.config.stash.setdefault(BAD_INPUT_TALLY, BadInputTally())
    for name, count in handed.get("bad_input_tally", {}).items():
        setattr(tally, name, getattr(tally, name) + count)
    node.config.stash.setdefault(SUMMARY_LINES, []).extend(handed.get("summary_lines", []))


def pytest_terminal_summary(terminalreporter, config) -> None:
    for line in config.stash.get(SUMMARY_LINES, []):
        terminalreporter.write_line(line)
    tally = config.stash.get(BAD_INPUT_TALLY, None)
    if tally is not None and tally.cases:
        terminalreporter.write_line(tally.line())


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    return file_scheduling(config, log)


def pytest_collection_modifyitems(items) -> None:
    strays = sorted({item.path.name for item in items
                     if "virtuoso" in getattr(item, "fixturenames", ()) and item.path.name not in ONE_VIRTUOSO})
    if strays:
        raise pytest.UsageError(f"tests that use the virtuoso fixture are in {', '.join(strays)}: add the file to "
                                "ONE_VIRTUOSO in tests/support/parallel.py, so that it runs on the worker that has it")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """On a worker, each test with its fixtures' setup and teardown takes its turn (support.parallel)."""
    if not hasattr(item.config, "workerinput"):
        return (yield)
    with taking_turns(Path(item.config.option.basetemp).parent, alone=item.get_closest_marker("alone") is not None):
        return (yield)


@pytest.fixture(scope="session")
def demo_project(tmp_path_factory):
    """The demo project, built into a store of its own for this test run."""
    store = tmp_path_factory.mktemp("demo-store")
    project = load_project(DEMO, store=str(store))
    result = build(project)
    assert not result.failed, [str(o.error) for o in result.failed]
    return project


@pytest.fixture(scope="session")
def demo_app(demo_project):
    return create_app(demo_project)


@pytest.fixture(scope="session")
def client(demo_app):
    """A client of the demo app (redirects followed)."""
    with make_app_client(demo_app) as test_client:
        yield test_client


@pytest.fixture(autouse=True)
def _each_test_starts_without_cookies(request):
    """The demo client is shared by the whole run: a cookie one test gets (the page language, from
    ?lang=) must not choose the language of the next test's pages."""
    yield
    if "client" in request.fixturenames:
        request.getfixturevalue("client").cookies.clear()


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (support.browser), launched once for the browser tests of a module; each test
    opens its own context (a fresh profile: cookies, storage) in it. Not once for the whole run:
    Playwright's synchronous API keeps an event loop running in the main thread while it is open,
    and the tests of later modules that run a loop of their own (asyncio.run) would fail."""
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="session")
def live_server(demo_app):
    """The demo app behind a real HTTP server on 127.0.0.1; yields its base URL."""
    with serving(demo_app) as url:
        yield url


@pytest.fixture(scope="module")
def samples_client():
    """A client of the samples project's app (../shared/samples), which answers redirects itself."""
    shared_or_skip("samples", "README.md")
    with make_app_client(built_samples().project, follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def scratch_server(tmp_path_factory):
    """A writable endpoint on 127.0.0.1 over a store of its own (no sources; see
    support.apps.scratch_project). Tests put the data they need into it first (the protocol suite
    clears it). Yields (base URL, project)."""
    project = scratch_project(tmp_path_factory.mktemp("scratch-project"))
    with serving(create_app(project)) as url:
        yield url, project


@dataclass(frozen=True)
class Virtuoso:
    """A running Virtuoso: its endpoints and the account that may update."""

    sparql_url: str
    update_url: str
    gsp_url: str
    user: str
    password: str
    max_query_time_s: int = 60
    max_rows: int = 10_000
    #: the SQL address, the dba password and the folder the server's bulk loader reads
    isql: str = ""
    dba_password: str = ""
    bulk_folder: str = ""

    def store_settings(self) -> str:
        """The lines of a project file that put its store on this server."""
        return (f'[store]\nupdate_url = "{self.update_url}"\ngraph_store_url = "{self.gsp_url}"\n'
                f'user = "{self.user}"\npassword = "{self.password}"\nauth = "digest"\n'
                f'row_limit = {self.max_rows}\npage_size = {self.max_rows // 2}\n')


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """Virtuoso on 127.0.0.1: the server .ci/run started (VIRTUOSO_SPARQL_URL and friends), or one this
    session starts with .ci/virtuoso.sh (free ports, a fresh database, a 5 s query limit and 1,000 rows
    per answer, so that tests meet the limits quickly) where Debian's virtuoso-opensource is installed. Without either, the tests that need it skip and say why; with CULTUURGRAAF_VIRTUOSO=1
    (as .ci/run sets) they fail instead."""
    required = os.environ.get("CULTUURGRAAF_VIRTUOSO") == "1"
    if os.environ.get("VIRTUOSO_SPARQL_URL"):
        yield Virtuoso(os.environ["VIRTUOSO_SPARQL_URL"], os.environ["VIRTUOSO_UPDATE_URL"],
                       os.environ["VIRTUOSO_GSP_URL"], os.environ["VIRTUOSO_USER"], os.environ["VIRTUOSO_PASSWORD"],
                       int(os.environ.get("VIRTUOSO_MAX_QUERY_TIME", 60)), int(os.environ.get("VIRTUOSO_MAX_ROWS", 10_000)),
                       os.environ.get("VIRTUOSO_ISQL", ""), os.environ.get("VIRTUOSO_DBA_PASSWORD", ""),
                       os.environ.get("VIRTUOSO_BULK_FOLDER", ""))
        return
    if shutil.which("virtuoso-t") is None:
        message = ("no Virtuoso: set VIRTUOSO_SPARQL_URL (see .ci/virtuoso.sh) or install Debian's "
                   "virtuoso-opensource to run the remote-store tests")
        if required:
            pytest.fail(message)
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("virtuoso")
    env = {**os.environ, "VIRTUOSO_SQL_PORT": str(free_port()), "VIRTUOSO_HTTP_PORT": str(free_port()),
           "VIRTUOSO_MAX_QUERY_TIME": "5", "VIRTUOSO_MAX_ROWS": "1000"}
    script = str(ROOT / ".ci" / "virtuoso.sh")
    started = subprocess.run(["bash", script, "start", str(folder)], env=env, capture_output=True, text=True,
                             timeout=300)
    if started.returncode != 0:
        message = f"Virtuoso did not start: {started.stderr[-2000:]}"
        if required:
            pytest.fail(message)
        pytest.skip(message)
    exports = dict(line.removeprefix("export ").split("=", 1) for line in started.stdout.splitlines()
                   if line.startswith("export "))
    try:
        yield Virtuoso(exports["VIRTUOSO_SPARQL_URL"], exports["VIRTUOSO_UPDATE_URL"], exports["VIRTUOSO_GSP_URL"],
                       exports["VIRTUOSO_USER"], exports["VIRTUOSO_PASSWORD"], 5, 1000, exports["VIRTUOSO_ISQL"],
                       exports["VIRTUOSO_DBA_PASSWORD"], exports["VIRTUOSO_BULK_FOLDER"])
    finally:
        subprocess.run(["bash", script, "stop", str(folder)], env=env, capture_output=True, timeout=300)


@pytest.fixture(scope="session")
def remote_demo_project(virtuoso, tmp_path_factory):
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


@pytest.fixture(scope="session")
def rebuilt_demo(tmp_path_factory):
    """A demo project built twice, one object renamed and one removed in between (support.feeds)."""
    return feeds.rebuilt_demo(tmp_path_factory.mktemp("rebuilt-demo"))
