"""OpenRefine, Debian's package (``apt-get install openrefine``), driven headless over its own HTTP
API as its web page drives it: a project from a CSV file, a reconciliation operation against a
standard service, a column of the matched ids, the rows exported as CSV.

Started on a free port of 127.0.0.1 with a workspace of its own, in a process group of its own,
stopped with the group.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from .http import free_port, stop_group

ROWS = {"facets": [], "mode": "row-based"}
#: how long OpenRefine may take to start, or to reconcile a small sheet (the failure is a hang)
PATIENCE_S = 180


def openrefine_or_skip() -> str:
    found = shutil.which("openrefine")
    if found is None:
        pytest.skip("no OpenRefine: install Debian's openrefine (.ci/run does) to reconcile with a real client")
    return found


class OpenRefine:
    def __init__(self, url: str):
        self.http = httpx.Client(base_url=url, timeout=60)
        self.token = self.http.get("/command/core/get-csrf-token").json()["token"]

    def project(self, sheet: Path) -> str:
        """A new project from a CSV file (every cell as text); its id."""
        options = {"separator": ",", "headerLines": 1, "guessCellValueTypes": False, "storeBlankCellsAsNulls": True,
                   "encoding": "UTF-8"}
        response = self.http.post("/command/core/create-project-from-upload", params={"csrf_token": self.token},
                                  files={"project-file": (sheet.name, sheet.read_bytes(), "text/csv")},
                                  data={"project-name": sheet.stem, "format": "text/line-based/*sv",
                                        "options": json.dumps(options)})
        assert response.status_code == 302, response.text
        return response.headers["location"].split("project=")[1]

    def apply(self, project: str, operation: dict) -> None:
        """Apply one operation, and wait for what it starts in the background to end."""
        response = self.http.post("/command/core/apply-operations", params={"project": project, "csrf_token": self.token},
                                  data={"operations": json.dumps([{"engineConfig": ROWS, **operation}])})
        assert response.json()["code"] in ("ok", "pending"), response.text
        deadline = time.monotonic() + PATIENCE_S
        while self.http.get("/command/core/get-processes", params={"project": project}).json()["processes"]:
            assert time.monotonic() < deadline, "OpenRefine did not finish reconciling"
            time.sleep(0.2)

    def reconcile(self, project: str, column: str, *, service: dict, properties: dict[str, str]) -> None:
        """Reconcile a column against a standard service (``service``: its manifest), other columns
        sent as properties (column -> property id), matching automatically as OpenRefine offers."""
        self.apply(project, {"op": "core/recon", "columnName": column, "description": f"reconcile {column}",
                             "config": {"mode": "standard-service", "service": service["url"],
                                        "identifierSpace": service["identifierSpace"],
                                        "schemaSpace": service["schemaSpace"], "autoMatch": True, "limit": 0,
                                        "columnDetails": [{"column": c, "propertyID": p, "propertyName": p}
                                                          for c, p in properties.items()]}})

    def add_column(self, project: str, base: str, name: str, expression: str) -> None:
        self.apply(project, {"op": "core/column-addition", "baseColumnName": base, "newColumnName": name,
                             "expression": f"grel:{expression}", "onError": "set-to-blank", "columnInsertIndex": 0,
                             "description": f"add {name}"})

    def rows(self, project: str) -> list[dict]:
        response = self.http.post("/command/core/export-rows", params={"csrf_token": self.token},
                                  data={"project": project, "format": "csv", "engine": json.dumps(ROWS)})
        return list(csv.DictReader(io.StringIO(response.text)))


@contextmanager
def running_openrefine(workspace: Path) -> Iterator[OpenRefine]:
    command = openrefine_or_skip()
    port = free_port()
    process = subprocess.Popen([command, "-i", "127.0.0.1", "-p", str(port), "-d", str(workspace),
                                "-x", "refine.headless=true"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + PATIENCE_S
        while True:
            assert process.poll() is None, f"OpenRefine stopped at start (exit {process.returncode})"
            try:
                httpx.get(url + "/command/core/get-version", timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "OpenRefine did not start"
                time.sleep(0.5)
        yield OpenRefine(url)
    finally:
        stop_group(process, patience_s=30)
