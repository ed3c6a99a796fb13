"""What a harvest keeps between builds: the source's harvest folder (``.cultuurgraaf/harvest/<source>``).

::

    state.json                    where the harvest stopped, and which page file holds each record
    pages/000001-<page>.ndjson    the members of one page of an event stream, a JSON-LD document a line
    pages/000002-<page>.xml       one answer of an OAI-PMH endpoint, as it came
    lock                          held while a harvest writes

Each record (an entity of a stream, a record of an endpoint) is in one page file: the one with
its latest version. ``state.json`` lists, per file, the record each item of it is (``[key,
version]``: a line of members, a record element of an answer), and per record the version that
counts; an item whose version no longer counts (a later version came, or the record was deleted)
is dead, and so is one of no version (a record that could not be used). A harvest writes the
pages it fetched as new files; a file of an earlier harvest that now holds dead items is
written again without them under a new name (``000001-<page>.r2.ndjson``), and a file with only
dead items goes. Then ``state.json`` is replaced in one step, and only after
that are the files it no longer names removed. So a harvest that fails, or is killed, leaves the
one before it whole, and the files ``state.json`` names always hold the accumulated harvest minus
what was deleted: the source's graph is mapped from them.

>>> page_name(7, "https://ex.be/stream/objecten?generatedAtTime=2021-06-30T21:46:31.490Z", ".ndjson")
'000007-objecten-generatedAtTime=2021-06-30T21-46-31.490Z.ndjson'
>>> revised("000007-objecten-2021-06-30T01-27-20.175Z.ndjson"), revised("000007-objecten.r2.ndjson")
('000007-objecten-2021-06-30T01-27-20.175Z.r2.ndjson', '000007-objecten.r3.ndjson')
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit

from ...errors import HarvestError, Location

STATE = "state.json"
#: the form of state.json; a harvest folder of another form is harvested again from the start
FORM = 1
#: rewrite(a page file's content, which of its items to keep): its content with the living items only
Rewrite = Callable[[bytes, list[bool]], bytes]


def page_name(number: int, url: str, suffix: str) -> str:
    """A page file's name: its number in the harvest and what the URL says of the page."""
    parts = urlsplit(url)
    tail = parts.path.rstrip("/").rsplit("/", 1)[-1] + ("?" + parts.query if parts.query else "")
    slug = re.sub(r"-+", "-", re.sub(r"[^A-Za-z0-9._=]+", "-", tail)).strip("-.")[:60].rstrip("-.")
    return f"{number:06d}-{slug or 'page'}{suffix}"


def revised(name: str) -> str:
    """The name of a page file written again without its dead items."""
    match = re.fullmatch(r"(.*?)(?:\.r(\d+))?(\.[a-z]+)", name)
    stem, revision, suffix = match.groups()
    return f"{stem}.r{int(revision or 1) + 1}{suffix}"


class HarvestFolder:
    """The harvest folder of one source, and the state a harvest continues from."""

    def __init__(self, folder: Path, *, identity: dict):
        self.folder = Path(folder)
        self.pages = self.folder / "pages"
        #: the settings a harvest is of (protocol, URL, format, set): other settings start it over
        self.identity = identity
        self._numbers: set[int] | None = None

    def where(self) -> Location:
        return Location(str(self.folder))

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Held while a harvest reads and writes the folder; a second one at the same time is refused."""
        try:
            self.pages.mkdir(parents=True, exist_ok=True)
            handle = open(self.folder / "lock", "w")
        except OSError as exc:
            raise HarvestError(f"cannot write the harvest folder: {exc.strerror or exc}", location=self.where(),
                               hint="give [sources.harvest] a folder that can be written") from exc
        with handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise HarvestError("another build is harvesting this source now", location=self.where(),
                                   hint="wait for it to end") from None
            yield

    def read(self) -> dict | None:
        """The state of the last harvest, or None when there is none (or of another form)."""
        try:
            state = json.loads((self.folder / STATE).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise HarvestError(f"the harvest's {STATE} cannot be read ({exc})", location=self.where(),
                               hint="harvest again from the start: cultuurgraaf build --reharvest") from exc
        return state if isinstance(state, dict) and state.get("form") == FORM else None

    def fresh(self) -> dict:
        """The state of a harvest from the start; its ``epoch`` names the run of harvests that follows."""
        return {"form": FORM, "identity": self.identity, "epoch": uuid.uuid4().hex, "files": {}, "records": {},
                "harvests": []}

    def files(self, state: dict) -> list[Path]:
        """The page files the state names, in the order they were harvested."""
        return [self.pages / name for name in sorted(state["files"])]

    def add(self, state: dict, *, url: str, suffix: str, content: bytes, items: list[list], **extra) -> str:
        """Write a fetched page as a new file and name it in the state; its name."""
        if self._numbers is None:  # the files of an earlier harvest are there until this one is committed
            self._numbers = {int(path.name[:6]) for path in self.pages.iterdir() if path.name[:6].isdigit()}
        number = 1 + max(self._numbers | {int(name[:6]) for name in state["files"]}, default=0)
        self._numbers.add(number)
        name = page_name(number, url, suffix)
        self._write(self.pages / name, content)
        state["files"][name] = {"url": url, "items": items, **extra}
        return name

    def commit(self, state: dict, *, before: dict | None, rewrite: Rewrite) -> None:
        """Drop the dead items of every page file, then make ``state`` the harvest's, in one step."""
        kept_before = set(before["files"]) if before else set()
        records = state["records"]
        for name in sorted(state["files"]):
            info = state["files"].pop(name)
            keep = [version is not None and records.get(key, {}).get("version") == version
                    for key, version in info["items"]]
            if not any(keep):
                continue
            target = name
            if not all(keep):
                target = revised(name) if name in kept_before else name
                self._write(self.pages / target, rewrite((self.pages / name).read_bytes(), keep))
                info["items"] = [item for item, kept in zip(info["items"], keep) if kept]
            state["files"][target] = info
        self._write(self.folder / STATE, json.dumps(state, ensure_ascii=False, indent=1).encode("utf-8"))
        for path in self.pages.iterdir():
            if path.name not in state["files"]:
                path.unlink()

    def _write(self, path: Path, content: bytes) -> None:
        """Write a file whole or not at all, on disk before it is named."""
        partial = path.with_name(path.name + ".part")
        try:
            with open(partial, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(partial, path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise HarvestError(f"cannot write {path.name} in the harvest folder: {exc.strerror or exc}",
                               location=self.where()) from exc
