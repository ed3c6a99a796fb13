"""Harvested sources: an event stream (LDES) or an OAI-PMH endpoint, brought up to date before a build maps it.

A source with a ``[sources.harvest]`` table names no inputs: a build first harvests it into its
harvest folder, then maps the page files the harvest keeps with the source's format (or mapping),
each file one input. So lineage and validation reports point at a harvested page (its file, whose
URL ``state.json`` names) and at the record in it; and the source's graph is made again from
everything harvested so far, minus what was deleted. A harvest that fails stops the build as an
unreadable input does: the store and the harvest kept before stay as they were.

- ``ldes.py`` follows an event stream's pages (``pages.py`` reads one page);
- ``oai.py`` asks an OAI-PMH endpoint for its records;
- ``folder.py`` keeps the harvest and where it stopped, ``http.py`` makes the requests, and
  ``report.py`` says what a harvest did.
"""

from __future__ import annotations

import copy
import time
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ...errors import HarvestError
from ...workfolders import work_folder
from .folder import HarvestFolder
from .http import Client
from .ldes import harvest_stream, rewrite_lines
from .oai import harvest_endpoint, rewrite_records
from .report import HarvestReport

if TYPE_CHECKING:
    from ...config import HarvestConfig

__all__ = ["Harvest", "HarvestReport", "harvest"]

#: how many harvests state.json remembers (when, what was asked, what was news, what could not be used)
REMEMBERED = 20


@dataclass
class Harvest:
    """The page files a source's harvest keeps (its inputs), and what the harvest did.

    ``epoch`` names the harvest from the start this one goes on from: a graph built from a harvest
    of another epoch was built before the harvest started over.
    """

    files: list[Path]
    report: HarvestReport
    epoch: str


def harvest(config: "HarvestConfig", *, full: bool = False, fetch: bool = True, limit_mb: float = float("inf"),
            advance: Callable[[int], None] = lambda n: None, sleep: Callable[[float], None] = time.sleep) -> Harvest:
    """Harvest what changed since the last harvest (everything, the first time or ``full``); with
    ``fetch`` false, ask nothing and give what the last harvest kept. ``advance(1)`` per page asked;
    a page longer than ``limit_mb`` megabytes is refused."""
    identity = {"protocol": config.protocol, "url": config.url, "metadata_prefix": config.metadata_prefix,
                "set": config.set}
    folder = HarvestFolder(config.folder, identity=identity)
    report = HarvestReport(config.protocol, config.url)
    with folder.locked():
        before = folder.read()
        if not fetch:
            if before is None:
                raise HarvestError("the source has not been harvested yet", location=folder.where(),
                                   hint="build without --no-harvest once")
            report.offline, report.records = True, _live(before)
            return Harvest(folder.files(before), report, before["epoch"])
        if before is not None and before["identity"] != identity:
            report.restart = "the source's [sources.harvest] settings changed"
        elif before is not None and full:
            report.restart = "--reharvest"
        state = folder.fresh() if before is None or report.restart else copy.deepcopy(before)
        client = Client(timeout_s=config.timeout_s, retries=config.retries, limit_mb=limit_mb, sleep=sleep)
        with closing(client), work_folder("harvest") as work:
            if config.ldes:
                harvest_stream(config, folder, state, client=client, advance=advance, work=work, report=report)
            else:
                harvest_endpoint(config, folder, state, client=client, advance=advance, report=report)
        state["harvests"] = [*state["harvests"], {
            "at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "requests": client.requests,
            "new": report.new, "deleted": report.deleted, "notes": report.notes.as_data()}][-REMEMBERED:]
        folder.commit(state, before=before, rewrite=rewrite_lines if config.ldes else rewrite_records)
        report.records = _live(state)
        return Harvest(folder.files(state), report, state["epoch"])


def _live(state: dict) -> int:
    return sum(1 for record in state["records"].values() if record.get("version") is not None)
