"""The suite on two workers (pytest-xdist, ``-n 2`` in pyproject's addopts): which tests may run
beside which.

- Each test file runs whole on one worker, in its own order, so that its module fixtures are made
  once and its tests see one another's effects as they do in one process.
- The files whose tests use the ``virtuoso`` fixture share the one Virtuoso that ``.ci/run``
  starts (they build the demo into it and write graphs there): they make one unit of work, run one
  after another on one worker. So do the files that read the samples project
  (``support.samples.built_samples``), which is then built once, not on each worker.
- A test marked ``alone`` measures time or load (how long a page takes while a big query is
  checked, whether a fifth client gets a worker while four hold slow ones): it runs while the other
  worker waits between two of its tests, as it would in one process. Every other test holds a shared
  lock while it runs; an ``alone`` test takes the lock whole, holding a gate meanwhile so that it is
  not starved by the other worker's next test.
"""

from __future__ import annotations

import fcntl
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

#: the test files that use the ``virtuoso`` fixture (conftest checks at collection that no other does)
ONE_VIRTUOSO = frozenset({"test_end_to_end.py", "test_quarantine.py", "test_remote.py", "test_remote_bulk.py"})
#: the test files that read the samples project
SAMPLES = frozenset({"test_linking.py", "test_linking_docs.py", "test_linking_pages.py", "test_reconcile.py",
                     "test_resolver.py", "test_samples_mappings.py"})
UNITS = {"the one Virtuoso": ONE_VIRTUOSO, "the samples project": SAMPLES}


def unit_of_work(nodeid: str) -> str:
    """The unit a test is scheduled in: its file, or the unit of the files that share what it uses.

    >>> unit_of_work("tests/test_pages.py::test_a_page[nl]")
    'tests/test_pages.py'
    >>> unit_of_work("tests/test_remote.py::test_a_build")
    'the one Virtuoso'
    """
    path = nodeid.split("::", 1)[0]
    return next((unit for unit, files in UNITS.items() if Path(path).name in files), path)


def file_scheduling(config, log):
    """xdist's scheduler by scope, with :func:`unit_of_work` as the scope (xdist is imported here, so
    that conftest can be read without it)."""
    from xdist.scheduler import LoadScopeScheduling

    class FileScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return unit_of_work(nodeid)

    return FileScheduling(config, log)


@contextmanager
def taking_turns(folder: Path, *, alone: bool) -> Iterator[None]:
    """Run a test beside the other workers' tests (a shared lock) or alone (the lock whole), with
    lock files in ``folder``, which every worker of the run shares."""
    with open(folder / "turns.gate", "a+b") as gate, open(folder / "turns.lock", "a+b") as lock:
        fcntl.flock(gate, fcntl.LOCK_EX)
        fcntl.flock(lock, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
        if not alone:
            fcntl.flock(gate, fcntl.LOCK_UN)
        yield  # closing the files lets both locks go
