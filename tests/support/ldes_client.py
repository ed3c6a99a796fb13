"""The LDES client of the npm registry (``ldes-client``, the reference client of the LDES
specification's maintainers), installed from the lock file in tests/clients/ldes and run with the
machine's Node.js, the way a consumer of the streams would run it.

It is installed by the first test that needs it (``npm ci``, from the npm registry: the only time
the tests reach past 127.0.0.1), not by .ci/run, so that ``pytest`` on a developer's machine runs
the same test CI does. Without Node.js and npm the tests that need it skip and say so.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from .paths import ROOT

FOLDER = ROOT / "tests" / "clients" / "ldes"
#: how long ``npm ci`` may take before the install counts as hung
INSTALL_S = 300


def ldes_client() -> list[str]:
    """The command that runs the client (``node .../cli.js``), installing it first when needed."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("Node.js and npm are needed to run the LDES client (apt-get install nodejs npm)")
    cli = FOLDER / "node_modules" / "ldes-client" / "dist" / "bin" / "cli.js"
    stamp = FOLDER / "node_modules" / ".lock-sha256"
    wanted = hashlib.sha256((FOLDER / "package-lock.json").read_bytes()).hexdigest()
    if not cli.is_file() or not stamp.is_file() or stamp.read_text() != wanted:
        done = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=FOLDER,
                              capture_output=True, text=True, timeout=INSTALL_S)
        assert done.returncode == 0, f"npm ci in {FOLDER} failed:\n{done.stdout}\n{done.stderr}"
        stamp.write_text(wanted)
    return [node, str(cli)]


def replicate(url: str, *args: str, timeout: float = 300) -> list[str]:
    """The members the client emits for the stream at ``url``, each as the triples it prints
    (the client prints a blank line after each member; its terms are Turtle's: 11.8, true)."""
    done = subprocess.run([*ldes_client(), url, *args], capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"ldes-client failed ({done.returncode}):\n{done.stderr[-3000:]}"
    assert "rror" not in done.stderr, f"ldes-client reported errors:\n{done.stderr[-3000:]}"
    return [chunk for chunk in done.stdout.split("\n\n") if chunk.strip()]
