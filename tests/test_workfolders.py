"""A build works in a temporary folder of its own; one that a killed build left behind is removed by
the next build, and no folder of a build that still runs is touched."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from support.projects import demo_copy

from cultuurgraaf.workfolders import OWNER, sweep_abandoned


def cultuurgraaf(*args: str) -> list[str]:
    return [sys.executable, "-c", "from cultuurgraaf.cli import main; main()", *args]


def a_finished_process() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_folder_left_by_a_build_killed_with_sigkill_goes_with_the_next_build(tmp_path):
    project = demo_copy(tmp_path / "project")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "TMPDIR": str(temporary)}
    process = subprocess.Popen(cultuurgraaf("build", str(project)), env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(temporary.glob("cultuurgraaf-build-*/*.nq")):
        assert process.poll() is None, "the build ended before it wrote to its work folder"
        assert time.monotonic() < deadline, "the build did not start mapping within 60 s"
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    [left] = temporary.glob("cultuurgraaf-build-*")
    assert (left / OWNER).read_text() == str(process.pid)

    built = subprocess.run(cultuurgraaf("build", str(project)), env=env, capture_output=True, text=True)

    assert built.returncode == 0, built.stderr
    assert "store: generation 1" in built.stdout + built.stderr
    assert not left.exists()
    assert list(temporary.glob("cultuurgraaf-build-*")) == []


def test_only_folders_whose_owner_is_gone_are_removed(tmp_path):
    abandoned = tmp_path / "cultuurgraaf-build-abandoned"
    running = tmp_path / "cultuurgraaf-build-running"
    unowned = tmp_path / "cultuurgraaf-build-unowned"
    other_kind = tmp_path / "cultuurgraaf-map-abandoned"
    for folder in (abandoned, running, unowned, other_kind):
        folder.mkdir()
        (folder / "objecten.nq").write_text("", encoding="utf-8")
    (abandoned / OWNER).write_text(str(a_finished_process()))
    (other_kind / OWNER).write_text(str(a_finished_process()))
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (running / OWNER).write_text(str(sleeper.pid))
        assert sweep_abandoned("build", parent=tmp_path) == [abandoned]
    finally:
        sleeper.kill()
        sleeper.wait()
    assert sorted(p.name for p in Path(tmp_path).iterdir()) == [
        "cultuurgraaf-build-running", "cultuurgraaf-build-unowned", "cultuurgraaf-map-abandoned"]
