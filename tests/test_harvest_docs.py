"""docs/add-a-source.md, "Harvesting", followed to the letter: its project files, written where it
says, harvested from the test servers it starts, give the output it shows.

The page's servers are those of tests/support/harvest_servers.py on ports 8765 and 8766; here they
run on free ports, and their addresses are written back as the page has them before comparing.
"""

from __future__ import annotations

import re
import subprocess

from click.testing import CliRunner

from cultuurgraaf.cli import main
from support.harvest_servers import OaiServer, StreamServer, ghent_members, lido_records
from support.paths import ROOT, shared_or_skip

DOC = ROOT / "docs" / "add-a-source.md"
PAGE_STREAM, PAGE_REPOSITORY = "http://127.0.0.1:8765", "http://127.0.0.1:8766"


def section() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("## Harvesting: event streams")
    return text[start:text.index("\n## ", start)]


def test_the_harvesting_section_replays(tmp_path, monkeypatch):
    samples = shared_or_skip("samples")
    text = section()
    files = re.findall(r"File `((?:mijn-stroom|mijn-archief)/[^`]+)`:\n+```\w*\n(.*?)```", text, re.S)
    sessions = re.findall(r"^\$ ((?:cultuurgraaf|ls) [^\n]+)\n(.*?)(?=^\$ |^```)", text, re.S | re.M)
    assert len(files) == 2 and [command for command, _ in sessions] == [
        "cultuurgraaf build mijn-stroom", "cultuurgraaf build mijn-stroom", "cultuurgraaf build mijn-archief",
        "cultuurgraaf build mijn-archief", "ls mijn-stroom/.cultuurgraaf/harvest/dmg mijn-stroom/.cultuurgraaf/harvest/dmg/pages"]
    (tmp_path / "shapes").symlink_to(ROOT / "shapes")
    monkeypatch.chdir(tmp_path)
    with StreamServer(ghent_members(samples / "coghent-ldes" / "dmg_objects.ndjson")) as stream, \
            OaiServer(lido_records(samples / "lido-various")) as repository:
        ours = {PAGE_STREAM: stream.url, PAGE_REPOSITORY: repository.url}
        for path, content in files:
            (tmp_path / path).parent.mkdir(exist_ok=True)
            for page, address in ours.items():
                content = content.replace(page, address)
            (tmp_path / path).write_text(content, encoding="utf-8")
        for command, shown in sessions:
            if command.startswith("ls "):
                got = subprocess.run(command.split(), capture_output=True, text=True, check=True).stdout
            else:
                got = CliRunner().invoke(main, command.split()[1:], catch_exceptions=False).output
            for page, address in ours.items():
                got = got.replace(address, page)
            assert got.rstrip("\n").splitlines() == shown.rstrip("\n").splitlines(), command
