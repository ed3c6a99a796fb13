"""ETag and Last-Modified on pages, RDF documents and dumps, and 304 Not Modified for a client that
already has the answer.

Everything these answers say comes from one store generation, so the validators are derived from it
and from the request, before any work: the generation and when it was built, when this server
started (a new version of the pages), the path and query, and what the client negotiates with
(``Accept``, the language from ``?lang=``, the cookie and ``Accept-Language``). A client that sends
back the ETag it got (``If-None-Match``), or the time (``If-Modified-Since``), while none of these
changed, gets ``304`` without the page being made again. The validators go on ``200`` answers
only, with ``Cache-Control: no-cache``: a cache may keep the answer, and asks again each time.

Two things change answers within one generation, and both count. Lists by date (and an
organisation's activities) move an activity from "to come" to "past" when it starts: the last such
start counts as a change (``Last-Modified`` is the latest of the build, the server's start and that
moment). And while the search index of a new generation is still being written, lists and search
answer from the previous one: such answers get no validators, so that none is kept as current.

The SPARQL endpoint (``/sparql``), the static files and pictures (which have validators of their own), the
change feeds (``/ldes/`` and ``/oai``, which say how long each document may be kept), the API description
and the ``/id/`` redirects are left alone.

>>> matches('W/"abc", "def"', 'W/"def"'), matches('*', 'W/"x"'), matches('"abc"', 'W/"abd"')
(True, True, False)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable
from email.utils import formatdate, parsedate_to_datetime

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..entities.when import now_utc
from ..search import SearchIndex
from .words import LANGUAGE_COOKIE, LANGUAGE_PARAMETER

#: Paths that answer for themselves (or are not documents of the graph).
LEFT_ALONE = ("/sparql", "/static/", "/beelden/", "/ldes/", "/oai", "/api/", "/id/")


def matches(if_none_match: str, etag: str) -> bool:
    """Whether an If-None-Match header names ``etag`` (weak comparison, as RFC 9110 asks for GET)."""
    if if_none_match.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in if_none_match.split(","))


def _unchanged_since(if_modified_since: str, modified: float) -> bool:
    try:
        since = parsedate_to_datetime(if_modified_since).timestamp()
    except (TypeError, ValueError, IndexError):
        return False  # a date that cannot be read counts as absent
    return int(modified) <= since


def _language_cookie(headers: Headers) -> str:
    for part in headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == LANGUAGE_COOKIE:
            return value
    return ""


class ConditionalRequests:
    """ASGI middleware: validators on the answers of one store generation, and 304 where they match."""

    def __init__(self, app: ASGIApp, *, store, search: SearchIndex, clock: Callable[[], str] = now_utc):
        self.app = app
        self.store = store
        self.search = search
        self.clock = clock  # the present, in UTC as entities.when writes it
        self.started = time.time()
        self._built: tuple[int, float] = (-1, 0.0)

    def _modified(self, generation: int) -> float:
        """When the generation was built (or this server started, if later): read once per generation."""
        if self._built[0] != generation:
            built = 0.0
            if generation:
                try:
                    built = dt.datetime.fromisoformat(self.store.manifest(generation).built_at).timestamp()
                except ValueError:  # a store from before manifests said when: the start of this server counts
                    built = 0.0
            self._built = (generation, built)
        return max(self._built[1], self.started)

    def _changed_by_the_clock(self) -> float | None:
        """When the last thing started (as a time stamp); None while the index answers from an older generation."""
        if not self.search.up_to_date():
            return None
        latest = self.search.latest_start(self.clock())
        return dt.datetime.fromisoformat(latest.replace("Z", "+00:00")).timestamp() if latest else 0.0

    def _etag(self, scope: Scope, headers: Headers, generation: int, modified: float) -> str:
        key = [str(generation), str(int(modified)), scope["path"], scope.get("query_string", b"").decode("latin-1"),
               headers.get("accept", ""), headers.get("accept-language", ""), _language_cookie(headers)]
        return 'W/"g{}-{}"'.format(generation, hashlib.blake2b("\n".join(key).encode(), digest_size=9).hexdigest())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or \
                scope["path"].startswith(LEFT_ALONE) or scope["path"] == "/id":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if f"{LANGUAGE_PARAMETER}=".encode() in scope.get("query_string", b""):
            await self.app(scope, receive, send)  # the answer sets the language cookie: always whole
            return
        generation = self.store.current_generation()
        started = await run_in_threadpool(self._changed_by_the_clock)  # may open (or first write) the index
        if started is None:
            await self.app(scope, receive, send)  # lists from an older index: no validators to keep
            return
        modified = max(self._modified(generation), started)
        etag = self._etag(scope, headers, generation, modified)
        last_modified = formatdate(modified, usegmt=True)
        validators = [(b"etag", etag.encode()), (b"last-modified", last_modified.encode()),
                      (b"cache-control", b"no-cache")]
        if_none_match = headers.get("if-none-match")
        fresh = matches(if_none_match, etag) if if_none_match is not None else \
            bool(headers.get("if-modified-since")) and _unchanged_since(headers["if-modified-since"], modified)
        if fresh:
            vary = ", ".join(("Accept", "Accept-Language", "Cookie"))
            await send({"type": "http.response.start", "status": 304,
                        "headers": [*validators, (b"vary", vary.encode())]})
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_validators(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                message = {**message, "headers": [*message.get("headers", ()), *validators]}
            await send(message)

        await self.app(scope, receive, send_with_validators)
