"""The docs fail when they drift: their console sessions are replayed against the demo, and every
setting of the project file is named in them.

Replayed: every ``console`` block of README.md, docs/sparql.md, docs/checker.md,
docs/reconciliation.md and docs/iiif-and-schema-org.md, command by command, in the order of the page. README.md's session runs in a copy of the checkout's demo layout
(``examples/demo`` with the mappings, shapes, ontologies and queries beside it), where
``cultuurgraaf up examples/demo`` builds the demo and starts the server the later commands talk to.
docs/sparql.md's and docs/checker.md's sessions run in the checkout, against the demo this test run
built: their ``http://127.0.0.1:8000`` is that demo's server, and its ``http://127.0.0.1:8001`` a second server
over a copy of the store, with ``max_rows = 3`` and the update token ``s3cret``, as the page says.

A command's output (standard output and error together) must be what the page shows, where
``...`` stands for text that cannot be stable: within a line or for whole lines (doctest's
ELLIPSIS). The addresses of this test's servers and its folders are written back as the page has
them before comparing; spaces at the ends of lines and blank lines at the end of the output are
not compared (a page does not show them).
"""

from __future__ import annotations

import dataclasses
import doctest
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from cultuurgraaf.config import FeedsConfig, HarvestConfig, Project, RemoteStoreConfig, ServerConfig, SourceConfig
from cultuurgraaf.linking.keys import KeySpec
from cultuurgraaf.linking.rules import LinkRule
from cultuurgraaf.web.app import create_app
from support.http import free_port, serving, stop_group
from support.paths import ROOT, SHARED

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PAGE_SERVER, SECOND_SERVER = "http://127.0.0.1:8000", "http://127.0.0.1:8001"
#: A command that keeps serving: read until it says so, then leave it running for the next commands.
SERVING = re.compile(r"^serving .* on (http://[^/ ]+)/")
#: Commands that read ../shared (replayed only where it is there).
NEEDS_SHARED = ("tests/test_protocol_conformance.py",)
#: How long a command may take before the replay gives up on it (the failure is a hang).
PATIENCE_S = 600


@dataclasses.dataclass
class Command:
    text: str
    expected: str
    line: int


def console_sessions(page: Path) -> list[Command]:
    """The commands of a page's ``console`` blocks with the output the page shows for each."""
    commands: list[Command] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    inside = False
    for number, line in enumerate(lines, 1):
        if line.startswith("```"):
            inside = line == "```console"
            continue
        if not inside:
            continue
        if line.startswith("$ ") and not (commands and _unfinished(commands[-1].text)):
            commands.append(Command(line[2:], "", number))
        elif commands and _unfinished(commands[-1].text):
            commands[-1].text += "\n" + line
        elif commands:
            commands[-1].expected += line + "\n"
    return commands


def _unfinished(command: str) -> bool:
    """Whether a command goes on on the next line: an open quote, or a backslash at the end."""
    if command.endswith("\\"):
        return True
    try:
        shlex.split(command)
    except ValueError:
        return True
    return False


@dataclasses.dataclass
class Session:
    """Where a page's commands run, and the addresses and folders its output is written back from."""

    folder: Path
    env: dict[str, str]
    addresses: dict[str, str]  # the page's address -> this test's
    background: list[subprocess.Popen] = dataclasses.field(default_factory=list)

    def run(self, command: str) -> str:
        for page, ours in self.addresses.items():
            command = command.replace(page, ours)
        words = shlex.split(command)
        if words[:2] in (["cultuurgraaf", "up"], ["cultuurgraaf", "serve"]):
            return self.written_back(self._start(command))
        done = subprocess.run(["bash", "-c", command], cwd=self.folder, env=self.env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=PATIENCE_S)
        return self.written_back(done.stdout.decode("utf-8", errors="replace"))

    def _start(self, command: str) -> str:
        process = subprocess.Popen(["bash", "-c", f"exec {command}"], cwd=self.folder, env=self.env,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        self.background.append(process)
        output = ""
        deadline = time.monotonic() + PATIENCE_S
        while time.monotonic() < deadline:
            line = process.stdout.readline().decode("utf-8", errors="replace")
            if not line:
                break
            output += line
            found = SERVING.match(line)
            if found:
                self.addresses.setdefault(PAGE_SERVER, found.group(1))
                _wait_for(found.group(1))
                # what it prints from now on is not the page's: read it so that the pipe never fills
                threading.Thread(target=process.stdout.read, daemon=True).start()
                break
        return output

    def written_back(self, output: str) -> str:
        for page, ours in self.addresses.items():
            output = output.replace(ours, page)
        return shown(output.replace(f"{self.folder}/", ""))

    def close(self) -> None:
        for process in self.background:
            stop_group(process, patience_s=30)


def shown(text: str) -> str:
    """Text as a page shows it: lines without the spaces at their ends, each ending in a newline
    (CRLF, as HTTP headers and SPARQL CSV have it, too), and no blank lines at the end."""
    return "".join(line.rstrip() + "\n" for line in text.replace("\r\n", "\n").rstrip().splitlines())


def _wait_for(url: str) -> None:
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(url + "/", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"the server at {url} said it was serving, but does not answer")


def replay(page: Path, session: Session) -> None:
    """Run the page's commands in order; fail listing every command whose output drifted."""
    checker, drifted, left_out = doctest.OutputChecker(), [], []
    for command in console_sessions(page):
        if any(part in command.text for part in NEEDS_SHARED) and not SHARED.is_dir():
            left_out.append(command.text)
            continue
        got = session.run(command.text)
        if not checker.check_output(shown(command.expected), got, doctest.ELLIPSIS):
            drifted.append(f"{page.relative_to(ROOT)}, line {command.line}: $ {command.text}\n"
                           f"--- the page shows\n{command.expected}--- it printed\n{got}")
    assert not drifted, "\n\n".join(drifted)
    if left_out:
        pytest.skip(f"{SHARED} is absent; not replayed: {left_out}")


def environment(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("CULTUURGRAAF_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTEST_ADDOPTS"] = "-p no:cacheprovider"
    return {**env, **extra}


def test_the_readme_session_replays(tmp_path):
    """README.md's tour, from `cultuurgraaf up` on a fresh copy of the demo to `validate`."""
    for folder in ("examples/demo", "mappings", "shapes", "ontologies", "queries"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns(".cultuurgraaf"))
    session = Session(tmp_path, environment(CULTUURGRAAF_PORT=str(free_port())), {})
    try:
        replay(ROOT / "README.md", session)
    finally:
        session.close()


def test_the_sparql_pages_session_replays(demo_project, live_server, tmp_path):
    """docs/sparql.md's requests, against the demo's server and a writable one with three rows at most."""
    store = Path(shutil.copytree(demo_project.store_path, tmp_path / "store"))
    writable = dataclasses.replace(demo_project, store=str(store),
                                   server=dataclasses.replace(demo_project.server, max_rows=3, update_token="s3cret"))
    with serving(create_app(writable)) as second:
        session = Session(ROOT, environment(), {PAGE_SERVER: live_server, SECOND_SERVER: second})
        replay(ROOT / "docs" / "sparql.md", session)


def test_the_checker_pages_session_replays(live_server):
    """docs/checker.md's uploads, against the demo's server."""
    replay(ROOT / "docs" / "checker.md", Session(ROOT, environment(), {PAGE_SERVER: live_server}))


def test_the_reconciliation_pages_session_replays(live_server):
    """docs/reconciliation.md's requests, against the demo's server."""
    replay(ROOT / "docs" / "reconciliation.md", Session(ROOT, environment(), {PAGE_SERVER: live_server}))


def test_the_iiif_and_schema_org_pages_session_replays(live_server):
    """docs/iiif-and-schema-org.md's requests, against the demo's server."""
    replay(ROOT / "docs" / "iiif-and-schema-org.md", Session(ROOT, environment(), {PAGE_SERVER: live_server}))


def settings() -> dict[str, list[str]]:
    """The settings of each table of the project file, read from the classes config.py fills."""
    def names(cls) -> list[str]:
        return [f.name for f in dataclasses.fields(cls)]

    tables = {  # Project's other fields are the tables below, made from [project] base_iri, or its warnings
        "project": ["base_iri"] + [n for n in names(Project)
                                   if n not in ("root", "iris", "sources", "server", "links", "keys", "remote",
                                                "feeds", "warnings")],
        "sources": names(SourceConfig),
        "sources.harvest": names(HarvestConfig),
        "server": names(ServerConfig),
        "store": names(RemoteStoreConfig),
        "feeds": names(FeedsConfig),
        "links": ["rule" if n == "name" else n for n in names(LinkRule)],
        "keys.<name>": [n for n in names(KeySpec) if n != "name"],  # the name is the table's
    }
    tables["environment"] = sorted(set(re.findall(r"CULTUURGRAAF_[A-Z_]+",
                                                  (ROOT / "src" / "cultuurgraaf" / "config.py").read_text())))
    return tables


def test_every_setting_is_named_in_the_docs():
    text = "\n".join(page.read_text(encoding="utf-8") for page in DOCS)
    missing = {table: [n for n in names if not re.search(rf"`{n}`|`{n} =|^\s*{n}\s*=", text, re.M)]
               for table, names in settings().items()}
    assert {table: names for table, names in missing.items() if names} == {}
