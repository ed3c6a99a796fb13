"""The samples project (examples/samples over ../shared/samples) built once per test run.

Built without validation: the shapes take most of a build's time on these 150,000 triples and
are tested elsewhere; these tests are about what the mappings make and what the rules link.
The build is cached for the whole process, so every test module shares one store.
"""

from __future__ import annotations

import atexit
import dataclasses
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from cultuurgraaf.config import load_project
from cultuurgraaf.pipeline import build
from cultuurgraaf.vocab import PREFIXES

from .paths import ROOT

SAMPLES_PROJECT = ROOT / "examples" / "samples"
BASE = "https://data.cultuurgraaf.be"
LINKS_GRAPH = BASE + "/graph/links"

FLAGEY_PLACE = BASE + "/id/locatie/uit-671e5372-6c0c-4c2e-821b-af9573ec90a5"
FLAGEY_ORGANISER = BASE + "/id/organisatie/uit-51a33b20-ab69-4fc9-86f2-a19e4c961129"
FLAGEY_ORGANISATION = BASE + "/id/organisatie/kunstenpunt-370605"
FLAGEY_VENUE = BASE + "/id/locatie/kunstenpunt-133932"
DMG_LIDO = BASE + "/id/organisatie/lido-design-museum-gent"
DMG_LDES = BASE + "/id/organisatie/coghent-Q1809071"


@dataclasses.dataclass(frozen=True)
class BuiltSamples:
    project: object
    result: object

    @property
    def store(self):
        from cultuurgraaf.store import open_store

        return open_store(self.project.store_path)

    def rows(self, query: str) -> list[dict]:
        prefixes = "".join(f"PREFIX {p}: <{i}>\n" for p, i in PREFIXES.items())
        return [{k: str(v) for k, v in row.items()} for row in self.store.query(prefixes + query).rows()]

    def ask(self, query: str) -> bool:
        prefixes = "".join(f"PREFIX {p}: <{i}>\n" for p, i in PREFIXES.items())
        return self.store.query(prefixes + query).boolean


@lru_cache(maxsize=1)
def built_samples() -> BuiltSamples:
    folder = Path(tempfile.mkdtemp(prefix="cultuurgraaf-samples-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    store = folder / "store"
    project = dataclasses.replace(load_project(SAMPLES_PROJECT, store=str(store)), shapes=())
    result = build(project)
    assert not result.failed, [f"{o.name}: {o.error}" for o in result.failed]
    return BuiltSamples(project, result)
