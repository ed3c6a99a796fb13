"""Loading into Virtuoso with its own bulk loader, for builds whose sources are too large for many
Graph Store requests.

The remote store writes each source's triples as an N-Triples file for its staging graph (and the
quads that name other graphs, renamed to theirs, as an N-Quads file) into a folder that this
machine writes and the server reads (``[store] bulk_folder``, listed in the
server's ``DirsAllowed``), then asks the server, through Virtuoso's own command-line client
``isql-vt``, to register the file (``ld_dir``), load it (``rdf_loader_run``), say whether it failed
(``DB.DBA.load_list``) and write its pages to disk (``checkpoint``). The files are removed
afterwards, loaded or not. The switch to the loaded graphs is the remote store's usual MOVE.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import StoreError

#: The graph ld_dir is given for N-Quads, which name their own.
NO_GRAPH = "urn:cultuurgraaf:bulk-load"


@dataclass(frozen=True)
class VirtuosoBulkLoader:
    """``isql`` is the server's SQL address (host:port); ``folder`` the bulk folder as both sides see it."""

    isql: str
    user: str
    password: str
    folder: Path
    command: str = "isql-vt"
    timeout_s: float = 3600.0

    def load(self, files: list[tuple[Path, str]]) -> None:
        """Have the server read files of the bulk folder, each ``(path, graph)``: N-Triples go into
        ``graph``, N-Quads into the graphs they name. :class:`StoreError` with the loader's own words
        when it refuses a file or a line of one."""
        names = ", ".join(_text(str(path)) for path, _ in files)
        output = self._run("".join(f"ld_dir({_text(str(path.parent))}, {_text(path.name)}, {_text(graph)}); "
                                   for path, graph in files)
                           + "rdf_loader_run(); "
                           f"SELECT 'failed: ' || ll_file || ': ' || ll_error FROM DB.DBA.load_list "
                           f"WHERE ll_file IN ({names}) AND ll_error IS NOT NULL; "
                           f"DELETE FROM DB.DBA.load_list WHERE ll_file IN ({names}); "
                           "checkpoint;")
        failed = [line.strip().removeprefix("failed: ") for line in output.splitlines()
                  if line.strip().startswith("failed: ")]
        if failed:
            file, _, why = failed[0].partition(": ")
            raise StoreError(f"Virtuoso's bulk loader refused {Path(file).name}: {why}",
                             hint="the graph was not switched; the server's log may say more")

    def _run(self, sql: str) -> str:
        if shutil.which(self.command) is None:
            raise StoreError(f"[store] bulk_loader = \"virtuoso\" needs Virtuoso's client {self.command}, "
                             "which is not installed here",
                             hint="install Debian's virtuoso-opensource (or its -bin package), or leave "
                                  "bulk_loader out to load through the Graph Store Protocol")
        try:
            done = subprocess.run([self.command, self.isql, self.user, self.password, "VERBOSE=OFF", "BANNER=OFF",
                                   "PROMPT=OFF", "ECHO=OFF", "ERRORS=STDOUT", f"exec={sql}"],
                                  capture_output=True, text=True, timeout=self.timeout_s)
        except subprocess.TimeoutExpired:
            raise StoreError(f"Virtuoso's bulk loader did not finish within {self.timeout_s:g} s") from None
        # isql-vt says an SQL error on its output and still exits with 0
        errors = [line for line in (done.stdout + done.stderr).splitlines() if line.startswith("*** Error")]
        if done.returncode != 0 or errors:
            message = errors[0].removeprefix("*** Error ") if errors else (done.stderr or done.stdout).strip()
            raise StoreError(f"Virtuoso at {self.isql} refused the bulk load: {message}",
                             hint=f"the folder {self.folder} must be in the server's DirsAllowed, and "
                                  "[store] isql_user may need to be dba")
        return done.stdout


def _text(value: str) -> str:
    """An SQL string literal."""
    return "'" + value.replace("'", "''") + "'"
