"""Harvesting a Linked Data Event Stream: following its pages, keeping the latest version of each entity.

A harvest starts at the source's URL (a view of the stream, one of its pages, or the stream
itself, whose ``tree:view`` is then followed) and follows every relation, asking each page once
(the specification's unordered replication). Relations are followed on the stream's host (and the
host its URL redirects to) only: a page on another host is counted, not asked for. What it keeps for the next one, in ``state.json``:

- per page: whether it is immutable, its ETag, until when it is fresh (``Cache-Control: max-age``)
  and the pages its relations lead to;
- per entity: the member that is its latest version (its IRI and time), or that it was deleted.

A later harvest asks the source's URL again, and every page known that may have changed since (the
specification's frontier): an immutable page is never asked again; a page still fresh is not
asked, but its known relations are followed; a page with an ETag is asked with ``If-None-Match``,
and ``304 Not Modified`` is the page as it was. A member already kept, or older than the version
kept, is passed over; a newer version takes the older one's place; a member that says its entity
was deleted (``ldes:versionDeletePath`` ``ldes:versionDeleteObject`` on the stream) takes the
entity out. ``410 Gone`` is a page without members or relations, as the specification says.

Versions are told by the stream's ``ldes:versionOfPath`` and ``ldes:timestampPath``; a stream
that names none is read as the oslo-ldes format reads members (``dcterms:isVersionOf``,
``prov:generatedAtTime``), and the harvest says so.
"""

from __future__ import annotations

import json
import re
from collections import deque
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable
from urllib.parse import urlsplit

from ...vocab import DCT, PROV
from ..versions import moment
from .folder import HarvestFolder
from .http import Answer, Client
from .pages import ACCEPT, Member, Page, read_page
from .report import HarvestReport

if TYPE_CHECKING:
    from ...config import HarvestConfig

#: how versions are told when the stream does not say (as the oslo-ldes format reads its members)
DEFAULT_PATHS = {"of": DCT.isVersionOf, "at": PROV.generatedAtTime}


def harvest_stream(config: "HarvestConfig", folder: HarvestFolder, state: dict, *, client: Client,
                   advance: Callable[[int], None], work: Path, report: HarvestReport) -> None:
    """Bring ``state`` (and the folder's new page files) up to date with the stream."""
    pages = state.setdefault("pages", {})
    declared = state.setdefault("paths", {})
    queue = deque([config.url, *(url for url, info in pages.items() if not info["immutable"])])
    seen: set[str] = set()
    hosts = {urlsplit(config.url).netloc}

    def follow(links: list[str]) -> None:
        """Queue the pages relations lead to, on the stream's own host (or where its URL led)."""
        for link in links:
            if urlsplit(link).netloc in hosts:
                queue.append(link)
            else:
                report.notes.add(f"relations to pages on {urlsplit(link).netloc}, another host than the stream's, "
                                 "not followed", link)

    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        known = pages.get(url)
        if known is not None and (known["immutable"] or _fresh(known)):
            report.passed += 1
            follow([] if known["immutable"] else known["links"])
            continue
        label = f"page {report.asked + 1} of the harvest"
        headers = {"Accept": ACCEPT, **({"If-None-Match": known["etag"]} if known and known.get("etag") else {})}
        answer = client.get(url, page=label, headers=headers, expect=frozenset({200, 304, 410}))
        report.asked += 1
        advance(1)
        if answer.url != url:  # a redirect (a stream's URL to its latest page): remembered with its ETag
            seen.add(answer.url)
            if url == config.url:
                hosts.add(urlsplit(answer.url).netloc)
            pages[url] = {"immutable": False, "etag": answer.header("etag") or (known or {}).get("etag"),
                          "fresh_until": None, "links": [answer.url]}
        if answer.status == 304:
            report.unchanged += 1
            follow(pages.get(answer.url, {}).get("links", []))
            continue
        page = Page(answer.url) if answer.status == 410 else read_page(
            answer, asked=url, page=label, paths={**DEFAULT_PATHS, **declared}, work=work)
        declared.update(page.paths)
        report.notes.merge(page.notes)
        before = set(pages.get(answer.url, {}).get("members", []))
        _keep([m for m in page.members if m.iri not in before], answer, folder, state, report)
        pages[answer.url] = {"immutable": page.immutable, "etag": answer.header("etag") or None,
                             "fresh_until": _fresh_until(answer), "links": page.links,
                             # what a page that may change held: not news when it is asked again
                             "members": [] if page.immutable else [m.iri for m in page.members]}
        follow(page.links)
        if not page.members and not page.links:
            follow(page.views)
    if "of" not in declared:
        report.notes.add("the stream names no ldes:versionOfPath: versions are told by dcterms:isVersionOf and "
                         "prov:generatedAtTime, as the oslo-ldes format reads them")


def _keep(members: list[Member], answer: Answer, folder: HarvestFolder, state: dict, report: HarvestReport) -> None:
    """Take the members that are news into the state, and write them as a new page file."""
    records = state["records"]
    lines, items = [], []
    for member in members:
        known = records.get(member.entity)
        if known is not None and (known["member"] == member.iri or _older(member, known)):
            report.passed_members += known["member"] != member.iri
            continue
        if member.deleted:
            report.deleted += known is not None and known["version"] is not None
            records[member.entity] = {"member": member.iri, "at": member.at, "version": None}
            continue
        report.new += 1
        records[member.entity] = {"member": member.iri, "at": member.at, "version": member.iri}
        lines.append(json.dumps(member.document, ensure_ascii=False) + "\n")
        items.append([member.entity, member.iri])
    if lines:
        folder.add(state, url=answer.url, suffix=".ndjson", content="".join(lines).encode("utf-8"), items=items,
                   fetched=_now().isoformat(timespec="seconds"))


def _older(member: Member, known: dict) -> bool:
    return member.at is not None and known["at"] is not None and moment(member.at) < moment(known["at"])


def rewrite_lines(content: bytes, keep: list[bool]) -> bytes:
    """A page file of members (a JSON-LD document a line) with the kept lines only.

    >>> rewrite_lines(b'{"a": 1}\\n{"b": 2}\\n', [False, True])
    b'{"b": 2}\\n'
    """
    return b"".join(line for line, kept in zip(content.splitlines(keepends=True), keep) if kept)


def _fresh(known: dict) -> bool:
    until = known.get("fresh_until")
    return until is not None and _now() < datetime.fromisoformat(until)


def _fresh_until(answer: Answer) -> str | None:
    """Until when a page may be taken as it is (``Cache-Control: max-age``), unless it says no-cache."""
    control = answer.header("cache-control").lower()
    age = re.search(r"max-age=(\d+)", control)
    if age is None or "no-cache" in control or "no-store" in control:
        return None
    return (_now() + timedelta(seconds=int(age.group(1)))).isoformat(timespec="seconds")


def _now() -> datetime:
    return datetime.now(timezone.utc)
