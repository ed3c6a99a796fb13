"""The temporary folders a build works in, and the removal of those a killed build left behind.

A build maps and checks its sources in a folder of its own in the system's temporary folder (or
``TMPDIR``): N-Quads, lineage and, for large builds, an on-disk scratch store, gigabytes for a
large build. The folder goes when the build ends, failed or not; a build killed with SIGKILL
cannot remove it. So each folder names the process that owns it, and every build first removes
the folders whose owner is gone.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as parent:
...     with work_folder("build", parent=parent) as folder:
...         print(folder.name.startswith("cultuurgraaf-build-"), (folder / OWNER).read_text() == str(os.getpid()))
True True
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

#: the file in a work folder that holds the owner's process id
OWNER = "owner.pid"


@contextmanager
def work_folder(kind: str, *, parent: str | Path | None = None) -> Iterator[Path]:
    """A new folder ``cultuurgraaf-KIND-*`` for this process, after removing the abandoned ones."""
    parent = Path(parent or tempfile.gettempdir())
    sweep_abandoned(kind, parent=parent)
    folder = Path(tempfile.mkdtemp(prefix=f"cultuurgraaf-{kind}-", dir=parent))
    try:
        (folder / OWNER).write_text(str(os.getpid()), encoding="ascii")
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def sweep_abandoned(kind: str, *, parent: str | Path | None = None) -> list[Path]:
    """Remove the ``cultuurgraaf-KIND-*`` folders whose owning process no longer runs; those removed.

    A folder without an owner file (written by an older version, or by a build killed before it
    wrote one) is left alone: nothing says it is abandoned.
    """
    removed = []
    for folder in Path(parent or tempfile.gettempdir()).glob(f"cultuurgraaf-{kind}-*"):
        try:
            owner = int((folder / OWNER).read_text(encoding="ascii"))
        except (OSError, ValueError):
            continue
        if owner != os.getpid() and not _running(owner):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
