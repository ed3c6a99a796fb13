"""A large build is validated in a process of its own.

What validation allocates (the scratch store's caches, the lineage read back for every result, the
Python objects of every answer its queries give) is mostly freed by the time the check ends, but the
C allocator keeps much of it for the process that freed it: in a 10M-quad build the build process
still held 1.06 GB after validation, of which its report is a fifth, and went on to load the new
generation on top of that (2.5 GB at the load's peak). Validated in a process of its own
(``processes.py``), that memory goes back to the system whole when the process ends; the build gets the
check back (its report, what was held back) as the process pickles it, the report packed
(``packed.py``): the build opens it after loading the new generation, not before.

The line is where the data is checked on disk (``quarantine.IN_MEMORY_QUADS``): below it, starting a
process and reading the shapes again costs more than it gives back.
"""

from __future__ import annotations

from pathlib import Path

from ..processes import run_apart
from ..store import open_project_store
from .quarantine import IN_MEMORY_QUADS, BuildCheck, MappedSource, check_build
from .shapes import Shapes

#: A build that checks more quads than this (mapped and kept) is validated in a process of its own.
APART_FROM = IN_MEMORY_QUADS


def check_project_build(project, shapes: Shapes, sources: list[MappedSource], report_dir: Path,
                        options: dict) -> BuildCheck:
    """:func:`~.quarantine.check_build` on the project's store, opened in the process that runs it."""
    return check_build(shapes, sources, report_dir, store=open_project_store(project), **options)


def check_build_apart(project, store, shapes: Shapes, sources: list[MappedSource], report_dir: Path, *,
                      work: Path, quads: int, **options) -> BuildCheck:
    """:func:`~.quarantine.check_build` of a build of the project with ``quads`` quads to check (``work``
    is its work folder; ``options`` go to check_build): in a process of its own above :data:`APART_FROM`,
    else here, on ``store`` (the project's, opened)."""
    options = dict(options, work=work, quads=quads)
    if quads <= APART_FROM:
        return check_build(shapes, sources, report_dir, store=store, **options)
    return run_apart(check_project_build, project, shapes, sources, report_dir, options,
                     orders=work / "validation.orders", doing="validating the build")
