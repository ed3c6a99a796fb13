"""A full disk while a build writes its generation or its search index: a clear error, the store as it was.

The disk is a small tmpfs mounted for the test; where mounting is not allowed (it needs root, or
CAP_SYS_ADMIN in a container), the tests skip and say so.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from cultuurgraaf.cli import main
from cultuurgraaf.errors import StoreError
from cultuurgraaf.search.index import build_index
from cultuurgraaf.store import open_project_store
from support.projects import demo_copy


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB tmpfs mounted at a fresh folder."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command: the full-disk tests mount a small tmpfs")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True, text=True)
    if mounted.returncode:
        pytest.skip(f"cannot mount a small tmpfs here ({mounted.stderr.strip()}): the full-disk tests need root")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder) -> None:
    with open(folder / "filler", "wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass


def test_a_build_onto_a_full_disk_says_so_and_switches_to_nothing(tmp_path, small_disk):
    folder = demo_copy(tmp_path / "project", sources=["organisaties", "personen"])
    toml = folder / "cultuurgraaf.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('store = "store"', f'store = "{small_disk}/store"'),
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(folder), "-q"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 3, result.output
    assert re.match(r"error: cannot (load|write) ", result.output) and str(small_disk / "store") in result.output
    assert "No space left on device" in result.output or "disk is full" in result.output
    assert not (small_disk / "store" / "CURRENT").exists()


def test_the_search_index_on_a_full_disk_is_a_store_error(demo_project, small_disk):
    fill(small_disk)
    path = small_disk / "gen-000001.search.sqlite"
    with pytest.raises(StoreError, match=r"cannot write the search index .*gen-000001\.search\.sqlite: database or disk is full"):
        build_index(open_project_store(demo_project), path, iris=demo_project.iris,
                    graphs=[s.graph for s in demo_project.sources])
    assert os.listdir(small_disk) == ["filler"], "no half-written index is left behind"


def test_the_search_index_is_on_disk_before_it_is_renamed_into_place(demo_project, tmp_path, monkeypatch):
    """A power cut after the switch must not leave the new generation a half-written index: the file's
    bytes are synced before the rename that makes it the index, and the folder's entry after it."""
    synced, events = os.fsync, []
    renamed = os.replace

    def fsync(descriptor):
        events.append(("synced", os.path.realpath(f"/proc/self/fd/{descriptor}")))
        synced(descriptor)

    def replace(source, target):
        events.append(("renamed", os.path.realpath(source), os.path.realpath(target)))
        renamed(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    path = tmp_path / "gen-000001.search.sqlite"
    build_index(open_project_store(demo_project), path, iris=demo_project.iris,
                graphs=[s.graph for s in demo_project.sources])
    rename = next(e for e in events if e[0] == "renamed" and e[2] == os.path.realpath(path))
    assert events.index(("synced", rename[1])) < events.index(rename), events
    assert events.index(("synced", os.path.realpath(tmp_path))) > events.index(rename), events
