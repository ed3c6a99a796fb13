"""A load killed with SIGKILL halfway leaves the store as it was, and the next build completes.

Real processes, a real store on disk: ``cultuurgraaf load`` runs as a subprocess on a generated
N-Quads file large enough to take seconds, and is killed with SIGKILL once it has started
writing the next store generation.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cultuurgraaf.config import load_project
from cultuurgraaf.pipeline import build
from cultuurgraaf.store import open_store
from support.projects import demo_copy

BIG = "https://data.cultuurgraaf.be/graph/groot"
SMALL = "https://data.cultuurgraaf.be/graph/klein"
BIG_QUADS = 300_000

pytestmark = pytest.mark.slow  # about 20 s: two loads of 300k quads, each killed halfway, and their redo


def write_nquads(path: Path, graph: str, n: int, *, label: str) -> Path:
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            out.write(f'<https://data.cultuurgraaf.be/id/ding/{i}> <https://data.cultuurgraaf.be/ns/test#waarde> '
                      f'"{label} {i}"@nl <{graph}> .\n')
    return path


def cultuurgraaf(*args: str) -> list[str]:
    return [sys.executable, "-c", "from cultuurgraaf.cli import main; main()", *args]


def kill_once_writing(command: list[str], generation_dir: Path, *, after_s: float) -> subprocess.Popen:
    """Start a command, wait until it writes ``generation_dir``, let it work ``after_s`` more, SIGKILL it."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not (generation_dir.is_dir() and any(generation_dir.iterdir())):
        assert process.poll() is None, f"the load ended before writing {generation_dir}: {process.communicate()}"
        assert time.monotonic() < deadline, "the load did not start writing within 60 s"
        time.sleep(0.01)
    time.sleep(after_s)
    assert process.poll() is None, "the load finished before it could be killed: make the file larger"
    os.kill(process.pid, signal.SIGKILL)
    process.communicate()
    assert process.returncode == -signal.SIGKILL
    return process


def state(project) -> dict:
    store = open_store(project.store_path)
    counts = {str(r["g"]): int(r["n"]) for r in store.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g").rows()}
    return {"generation": store.current_generation(), "counts": counts,
            "manifest": store.manifest().to_json()}


@pytest.fixture
def project(tmp_path):
    """The persons of the demo, built; plus a small graph loaded from a file."""
    folder = demo_copy(tmp_path / "project", sources=["personen"])
    project = load_project(folder)
    assert not build(project).failed
    small = write_nquads(tmp_path / "small.nq", SMALL, 3, label="klein")
    done = subprocess.run(cultuurgraaf("load", str(small), "--graph", SMALL, "--project", str(folder)),
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return project


def test_a_load_killed_while_it_bulk_loads_leaves_the_previous_state_and_the_next_build_completes(project, tmp_path):
    before = state(project)
    big = write_nquads(tmp_path / "big.nq", BIG, BIG_QUADS, label="groot")
    store_path = project.store_path
    next_dir = store_path / f"gen-{before['generation'] + 1:06d}"

    kill_once_writing(cultuurgraaf("load", str(big), "--graph", BIG, "--project", str(project.root)),
                      next_dir, after_s=0.3)

    assert json.loads((store_path / "CURRENT").read_text())["generation"] == before["generation"]
    assert state(project) == before, "the killed load changed what readers see"

    result = build(project, force=True)
    assert not result.failed
    after = state(project)
    assert after["generation"] == before["generation"] + 1
    assert {g: n for g, n in after["counts"].items() if g != project.iris.meta_graph} == \
        {g: n for g, n in before["counts"].items() if g != project.iris.meta_graph}
    assert BIG not in after["counts"]
    assert not (store_path / f"gen-{before['generation'] + 2:06d}").exists()


def test_a_load_killed_while_it_writes_a_generation_linked_to_the_previous_leaves_the_previous_state(project, tmp_path):
    big = write_nquads(tmp_path / "big.nq", BIG, BIG_QUADS, label="groot")
    done = subprocess.run(cultuurgraaf("load", str(big), "--graph", BIG, "--project", str(project.root)),
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    before = state(project)
    assert before["counts"][BIG] == BIG_QUADS

    # Replacing the small graph keeps the big one far larger than the change: the new generation starts
    # as a checkpoint of this one (hard links), the old small graph is taken out and the new one staged.
    small = write_nquads(tmp_path / "small-2.nq", SMALL, BIG_QUADS // 5, label="nieuw")
    next_dir = project.store_path / f"gen-{before['generation'] + 1:06d}"
    kill_once_writing(cultuurgraaf("load", str(small), "--graph", SMALL, "--project", str(project.root)),
                      next_dir, after_s=0.3)
    assert state(project) == before

    done = subprocess.run(cultuurgraaf("load", str(small), "--graph", SMALL, "--project", str(project.root)),
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    after = state(project)
    assert after["counts"][SMALL] == BIG_QUADS // 5 and after["counts"][BIG] == BIG_QUADS
    assert not list(project.store_path.glob("*.staging")), "the staging database of the killed load was left"
