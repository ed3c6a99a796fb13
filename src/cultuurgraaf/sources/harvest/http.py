"""The requests of a harvest: GET with a time limit, redirects followed, busy servers waited for.

A server that is busy says so: OAI-PMH repositories answer ``503`` with a ``Retry-After`` header
while they prepare a large answer, and an event stream's server may answer ``429`` or ``504``.
Those answers (408, 425, 429, 500, 502, 503, 504, as the LDES specification lists them), and a
connection that fails or times out, are tried again: after the wait the server asks for (seconds
or an HTTP date, :data:`MOST_WAIT_S` at most), else after 1, 2, 4 ... seconds. Any other answer
outside what the caller expects stops the harvest with an error that names the URL and the page.

>>> retry_after("120", attempt=0), retry_after(None, attempt=3), retry_after("soon", attempt=0)
(120.0, 8.0, 1.0)
>>> retry_after("Wed, 21 Oct 2015 07:28:00 GMT", attempt=0)  # a moment in the past: no wait
0.0
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Callable

import httpx

from ... import __version__
from ...errors import HarvestError, InputTooLarge, Location

#: the answers that mean "busy, try again" (the LDES specification's list)
RETRY = frozenset({408, 425, 429, 500, 502, 503, 504})
#: the longest wait between two tries, whatever a server asks for
MOST_WAIT_S = 300.0


@dataclass(frozen=True)
class Answer:
    """A server's answer: the URL it came from (after redirects), its status, headers and body."""

    url: str
    status: int
    headers: httpx.Headers
    content: bytes

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


def retry_after(value: str | None, *, attempt: int) -> float:
    """Seconds to wait before try ``attempt + 2``: what ``Retry-After`` asks, else 2 ** attempt."""
    fallback = float(min(2 ** attempt, 60))
    if not value:
        return fallback
    value = value.strip()
    if value.isdigit():
        return min(float(value), MOST_WAIT_S)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return fallback
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return min(max((moment - datetime.now(timezone.utc)).total_seconds(), 0.0), MOST_WAIT_S)


class Client:
    """GET requests for one harvest, each tried ``1 + retries`` times at most; an answer longer than
    ``limit_mb`` megabytes is refused as it comes, before it is all in memory."""

    def __init__(self, *, timeout_s: float, retries: int, limit_mb: float = float("inf"),
                 sleep: Callable[[float], None] = time.sleep):
        self.retries = retries
        self.requests = 0
        self.limit = limit_mb * 1_000_000
        self._sleep = sleep
        self._http = httpx.Client(timeout=httpx.Timeout(timeout_s, connect=min(timeout_s, 15.0)),
                                  follow_redirects=True,
                                  headers={"User-Agent": f"cultuurgraaf/{__version__} (harvest)"})

    def close(self) -> None:
        self._http.close()

    def get(self, url: str, *, page: str, params: dict | None = None, headers: dict | None = None,
            expect: frozenset[int] = frozenset({200})) -> Answer:
        """The answer to a GET of ``url``; ``page`` says which page of the harvest it is (for errors)."""
        # the parameters are added to those the URL has (a base URL may have some of its own)
        asked = str(httpx.URL(url).copy_merge_params(params)) if params else url
        where = Location(asked, record=page)
        attempt = -1
        while True:
            attempt += 1
            last = attempt == self.retries
            self.requests += 1
            try:
                response, content = self._read(asked, headers, where)
            except httpx.TransportError as exc:
                if last:
                    raise HarvestError(f"the request failed after {attempt + 1} tries: {_reason(exc)}", location=where,
                                       hint="check the URL and the network; the harvest kept before is used "
                                            "until one succeeds") from None
                self._sleep(retry_after(None, attempt=attempt))
                continue
            if response.status_code in RETRY and not last:
                self._sleep(retry_after(response.headers.get("retry-after"), attempt=attempt))
                continue
            if response.status_code not in expect:
                tries = f" (after {attempt + 1} tries)" if attempt else ""
                raise HarvestError(f"the server answered {response.status_code} {response.reason_phrase}{tries}",
                                   location=Location(str(response.url), record=page))
            return Answer(str(response.url), response.status_code, response.headers, content)

    def _read(self, url: str, headers: dict | None, where: Location) -> tuple[httpx.Response, bytes]:
        with self._http.stream("GET", url, headers=headers) as response:
            content = bytearray()
            for chunk in response.iter_bytes():
                content += chunk
                if len(content) > self.limit:
                    raise InputTooLarge(f"the answer is longer than {self.limit / 1_000_000:,g} MB, the most "
                                        "cultuurgraaf reads of one file", location=where,
                                        hint="if it is the page you meant, raise max_input_mb in [project]")
        return response, bytes(content)


def _reason(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "no answer within the time limit (timeout_s)"
    return str(exc) or type(exc).__name__
