"""The validation reports of each store generation, so that what points at a report stays true.

A build that validates writes its reports in its own work folder: ``build.html``, ``build.json``
and ``build.csv`` for the whole build, and per source ``<source>.html``, ``<source>.json``,
``<source>.csv`` and ``<source>.quarantine.nq`` (the quads it held back). When the build writes a generation, the
reports become part of it, in ``gen-N.reports/`` beside ``gen-N/``, and go when the generation
goes. A generation keeps, from the one before it, the reports of every source it did not map
again (hard links: nothing is copied), and a generation that maps nothing (a load, an update)
keeps the build's report too. So a held-back entity's entry (``gen-N.held-back.json``) points at
the report of the build that held it back for as long as the generation is there.

``reports`` beside them is a symbolic link to the current generation's folder, switched with
the generation. A build that writes no generation (``--strict`` found violations, or writing
failed) leaves its reports in ``failed-build/``, and the current generation's as they were; the
next build that writes a generation removes that folder.

>>> report_address("gen-000003.reports/objecten.html")
(3, 'objecten.html')
>>> report_address("../../etc/passwd") is None
True
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Iterable

from ..errors import NotFound

REPORTS_SUFFIX = ".reports"
#: The link to the current generation's reports, beside the generations.
CURRENT = "reports"
#: The reports of the last build that wrote no generation.
FAILED_BUILD = "failed-build"
#: What of a generation's reports is served: the reports in HTML, JSON and CSV (not the held-back quads).
SERVED = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*\.(?:html|json|csv)")
_ADDRESS = re.compile(r"gen-(\d{6})\.reports/(" + SERVED.pattern + ")")
#: The files of one report, by what follows its name (a source's, or ``build``).
_KINDS = (".quarantine.nq", ".html", ".json", ".csv")


def reports_folder(store, generation: int) -> Path:
    """The folder of a generation's reports."""
    return store.generation_file(generation, REPORTS_SUFFIX)


def report_address(report: str) -> tuple[int, str] | None:
    """The generation and file name of a report, from its path relative to the store folder."""
    found = _ADDRESS.fullmatch(report)
    return (int(found.group(1)), found.group(2)) if found else None


def publish_reports(tx, folder: Path | None, *, rewritten: Iterable[str] = ()) -> Path:
    """Make reports part of the generation ``tx`` writes: the build's own (``folder``, moved), and
    the previous generation's of every source the new one keeps and did not map again (not in
    ``rewritten``); its build report too when this generation maps nothing."""
    target = reports_folder(tx.store, tx.generation)
    if target.exists():  # what a killed attempt at this generation left
        shutil.rmtree(target)
    if folder is not None and folder.is_dir():
        shutil.move(str(folder), str(target))
    target.mkdir(parents=True, exist_ok=True)
    rewritten = set(rewritten)
    kept = {name for name in tx.manifest.graphs if name not in rewritten}
    if folder is None and not rewritten:
        kept.add("build")
    previous = _previous(tx)
    for file in sorted(previous.iterdir()) if previous is not None else ():
        if _owner(file.name) in kept and file.is_file() and not (target / file.name).exists():
            try:
                os.link(file, target / file.name)
            except OSError:  # a file system without hard links
                shutil.copy2(file, target / file.name)
    return target


def _previous(tx) -> Path | None:
    """The previous generation's reports; the one folder of every build, in a store from before
    reports had generations."""
    folder = reports_folder(tx.store, tx.previous) if tx.previous else None
    if folder is not None and folder.is_dir():
        return folder
    legacy = tx.store.path / CURRENT
    return legacy if legacy.is_dir() and not legacy.is_symlink() else None


def _owner(file_name: str) -> str | None:
    return next((file_name[:-len(kind)] for kind in _KINDS if file_name.endswith(kind)), None)


def point_to_current(store, generation: int) -> None:
    """Switch ``reports`` to a generation's folder (in one rename)."""
    link = store.path / CURRENT
    staged = store.path / f".{CURRENT}-{os.getpid()}"
    staged.unlink(missing_ok=True)
    os.symlink(reports_folder(store, generation).name, staged)
    if link.is_dir() and not link.is_symlink():  # the one folder of a store from before generations had reports
        shutil.rmtree(link)
    os.replace(staged, link)


def keep_failed(store, folder: Path) -> Path:
    """Keep the reports of a build that wrote no generation, in place of the last such build's."""
    target = store.path / FAILED_BUILD
    shutil.rmtree(target, ignore_errors=True)
    if folder.is_dir():
        shutil.move(str(folder), str(target))
    return target


def forget_failed(store) -> None:
    """Remove the reports of the last build that failed: a build since has written a generation."""
    shutil.rmtree(store.path / FAILED_BUILD, ignore_errors=True)


def current_reports(store) -> tuple[int, list[str]]:
    """The current generation and the names of its HTML reports (``build`` and the sources'), for
    the pages to link to; no names when it was not validated."""
    generation = store.current_generation()
    folder = reports_folder(store, generation) if generation else None
    if folder is None or not folder.is_dir():
        return generation, []
    return generation, sorted(f.name[:-len(".html")] for f in folder.iterdir()
                              if f.suffix == ".html" and SERVED.fullmatch(f.name))


def served_report(store, generation: int, name: str) -> Path:
    """A report (HTML or JSON) of a generation the store keeps, to serve; NotFound for any other file."""
    current = store.current_generation()
    folder = reports_folder(store, generation)
    if not 0 < generation <= current or not folder.is_dir():
        raise NotFound(f"the reports of build {generation} are not kept", hint=(
            f"the store keeps those of the current build ({current}) and of the one before it" if current
            else "the store has no builds yet"))
    path = folder / name
    if not SERVED.fullmatch(name) or not path.is_file() or path.is_symlink():
        names = sorted(f.name for f in folder.iterdir() if SERVED.fullmatch(f.name))
        raise NotFound(f"build {generation} has no report {name!r}",
                       hint=f"its reports: {', '.join(names)}" if names else "it was not validated")
    return path
